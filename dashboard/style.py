"""Colours, labels and number formats shared by every chart and table."""

from __future__ import annotations

import math

# Okabe & Ito (2008), a palette readable with every common colour-vision deficiency; its 8 colours are given to
# the 8 most distinct event types, and the last two take Paul Tol's wine and a neutral grey for "other".
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
EVENT_TYPE_COLOURS = {
    "mou": "#E69F00",
    "agreement": "#56B4E9",
    "contract": "#009E73",
    "investment": "#0072B2",
    "finance": "#D55E00",
    "visit": "#CC79A7",
    "meeting": "#F0E442",
    "trade_fair": "#000000",
    "partnership": "#882255",
    "other": "#999999",
}
SIDE_COLOURS = {"chinese": "#D55E00", "foreign": "#0072B2", None: "#999999"}
SEQUENTIAL = "Cividis"  # perceptually uniform and colour-blind safe, for heat maps

EVENT_TYPE_LABELS = {
    "mou": "MoU", "agreement": "Agreement", "contract": "Contract", "investment": "Investment",
    "finance": "Finance / loan", "visit": "Visit", "meeting": "Meeting", "trade_fair": "Trade fair",
    "partnership": "Partnership", "other": "Other",
}


def label(value: object) -> str:
    """A code as words: ``metals_mining`` -> ``Metals mining``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "unknown"
    return str(value).replace("_", " ").capitalize()


def type_label(event_type: object) -> str:
    """An event type as words: ``mou`` -> ``MoU``."""
    return EVENT_TYPE_LABELS.get(str(event_type)) or label(event_type)


def yuan(value: float | None, undisclosed: str = "undisclosed") -> str:
    """Yuan with the unit written out: 13_700_000_000 -> '¥ 13.7 bn'."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return undisclosed
    sign = "−" if value < 0 else ""
    value = abs(float(value))
    for size, unit in ((1e12, "trn"), (1e9, "bn"), (1e6, "m")):
        if value >= size:
            scaled = value / size
            digits = 0 if scaled >= 100 else 1
            return f"{sign}¥ {scaled:,.{digits}f} {unit}"
    return f"{sign}¥ {value:,.0f}"


def count(value: int | float | None) -> str:
    return "0" if value is None else f"{int(value):,}"


def plural(n: int | float, word: str) -> str:
    n = int(n)
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"
