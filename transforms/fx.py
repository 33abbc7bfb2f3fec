"""Money to Chinese yuan. (First cut: CNY passes through; the full ECB-rate converter lands with the amounts work.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Conversion:
    amount_cny: float | None
    rate: float | None  # CNY per unit of the original currency
    fx_date: dt.date | None
    source: str | None
    note: str | None = None  # why amount_cny is null


def to_cny(value: float, currency: str | None, on: dt.date | None) -> Conversion:
    if currency == "CNY":
        return Conversion(value, 1.0, on, "identity")
    if currency is None:
        return Conversion(None, None, None, None, "no currency stated")
    return Conversion(None, None, None, None, f"no rate for {currency}")
