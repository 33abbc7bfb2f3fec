"""Colours, labels and number formats shared by every chart and table."""

from __future__ import annotations

import math
import numbers

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

LANGUAGE_NAMES = {
    "en": "English", "zh": "Chinese", "ru": "Russian", "pt": "Portuguese", "es": "Spanish", "fr": "French",
    "de": "German", "ar": "Arabic", "ja": "Japanese", "ko": "Korean", "it": "Italian", "tr": "Turkish",
    "vi": "Vietnamese", "id": "Indonesian", "th": "Thai", "kk": "Kazakh", "uk": "Ukrainian", "pl": "Polish",
}
STATUS_LABELS = {"ok": "OK"}  # the other statuses read well as label() makes them


def label(value: object) -> str:
    """A code as words: ``metals_mining`` -> ``Metals mining``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "unknown"
    return str(value).replace("_", " ").capitalize()


def language_name(code: object) -> str:
    """A language code as its English name: ``pt`` -> ``Portuguese``; an unknown code as itself."""
    if not isinstance(code, str) or not code:
        return "unknown"
    return LANGUAGE_NAMES.get(code, code)


def status_label(status: object) -> str:
    """An article status as words: ``off_topic`` -> ``Off topic``."""
    return STATUS_LABELS.get(str(status)) or label(status)


def type_label(event_type: object) -> str:
    """An event type as words: ``mou`` -> ``MoU``."""
    return EVENT_TYPE_LABELS.get(str(event_type)) or label(event_type)


YUAN = "CN¥"  # the yuan's own symbol: a bare ¥ is also the Japanese yen's
YUAN_SCALES = ((1e12, "trn", "trillion"), (1e9, "bn", "billion"), (1e6, "m", "million"))


def yuan(value: float | None, undisclosed: str = "undisclosed") -> str:
    """Chinese yuan with the unit written out: 13_700_000_000 -> 'CN¥ 13.7 bn'."""
    return money(value, YUAN, undisclosed)


def money(value: float | None, unit: object, unknown: str = "undisclosed") -> str:
    """A sum in ``unit`` (a currency code or symbol), scaled: (77.7e9, 'USD') -> 'USD 77.7 bn'."""
    if not isinstance(value, numbers.Real) or not math.isfinite(value):
        return unknown
    unit = unit if isinstance(unit, str) and unit else "?"
    sign = "−" if value < 0 else ""
    value = abs(float(value))
    for size, short, _ in YUAN_SCALES:
        if value >= size:
            scaled = value / size
            digits = 0 if scaled >= 100 else 1
            return f"{sign}{unit} {scaled:,.{digits}f} {short}"
    return f"{sign}{unit} {value:,.0f}"


def yuan_axis(largest: float | None) -> tuple[float, str]:
    """The divisor and the unit words for an axis of yuan whose largest value is ``largest``: a chart reaching
    ¥ 9 trn reads "9 trillion", not "9k billion"; small ones stay in million."""
    top = abs(float(largest)) if largest is not None and math.isfinite(float(largest)) else 0.0
    for size, short, words in YUAN_SCALES:
        if top >= size:
            return size, f"{words} yuan ({YUAN} {short})"
    return 1e6, f"million yuan ({YUAN} m)"


def count(value: int | float | None) -> str:
    return "0" if value is None else f"{int(value):,}"


def plural(n: int | float, word: str, many: str | None = None) -> str:
    """``1 event``, ``3 events``; ``many`` for irregular plurals (``plural(2, "event has", "events have")``)."""
    n = int(n)
    return f"{n:,} {word}" if n == 1 else f"{n:,} {many or word + 's'}"
