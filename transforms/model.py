"""The plain data that flows between the pipeline's stages.

read (io) -> RawRecord -> clean (articles) -> Article -> extract -> ArticleFacts -> resolve -> assemble -> tables

Stages are pure functions over these classes; only ``io`` and ``cli`` touch the disk. ``ArticleFacts`` round-trips
through :func:`facts_to_json` / :func:`facts_from_json` so that incremental builds can cache extraction per article.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

try:  # optional (PyPI "orjson"): the facts' JSON read and written several times faster; json does without it
    import orjson
except ImportError:  # pragma: no cover - the json module alone gives the same results
    orjson = None


@dataclass(slots=True)
class RawRecord:
    """One input record as read from disk, before cleaning.

    ``text`` is the decoded content (HTML when ``is_html``); it is None when reading failed, in which case
    ``status`` (``empty``/``unreadable``/``too_large``/``error``) and ``reason`` say why.
    """

    source_id: str
    source: str
    text: str | None = None
    is_html: bool = False
    title: str | None = None
    url: str | None = None
    published: str | None = None  # as given by the record (ISO date or datetime), parsed while cleaning
    language: str | None = None
    status: str | None = None
    reason: str | None = None
    encoding: str | None = None


@dataclass(slots=True)
class Article:
    """A cleaned article: one row of the ``articles`` table."""

    article_id: str
    source_id: str
    source: str
    status: str
    text: str = ""
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    language: str | None = None
    reason: str | None = None
    duplicate_of: str | None = None

    @property
    def n_chars(self) -> int:
        return len(self.text)

    def row(self) -> dict[str, Any]:
        # a shallow dict: dataclasses.asdict deep-copies every value and dominated profiles of large builds
        row = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        row["n_chars"] = self.n_chars
        return row


@dataclass(slots=True)
class PartnerMention:
    name: str  # as written
    canonical_name: str  # English, shared across languages and aliases
    kind: str  # schema.PARTNER_KINDS
    country: str | None = None  # ISO 3166-1 alpha-2
    side: str | None = None  # "chinese" | "foreign" | None when the country is unknown
    role: str | None = None
    evidence: str = ""
    start: int = -1  # character span of the name in the article text
    end: int = -1
    lat: float | None = None
    lon: float | None = None


@dataclass(slots=True)
class AmountMention:
    value: float  # as reported, in units (13.7 billion -> 13_700_000_000.0)
    currency: str | None  # ISO 4217; None when the text gives no currency
    qualifier: str = "exact"  # schema.QUALIFIERS
    kind: str = "other"  # schema.AMOUNT_KINDS
    evidence: str = ""
    surface: str = ""  # the money expression as written
    start: int = -1
    end: int = -1
    counted: bool = True  # False for the parts of a stated total, so an event never counts both
    amount_cny: float | None = None  # filled by the resolve stage
    fx_rate: float | None = None
    fx_date: dt.date | None = None
    fx_source: str | None = None
    note: str | None = None  # why amount_cny is null, or why a converted figure is not counted


@dataclass(slots=True)
class SectorMention:
    sector: str  # schema.SECTORS
    evidence: str
    keyword: str = ""
    start: int = -1
    end: int = -1


@dataclass(slots=True)
class EventMention:
    """One event as one article tells it; events reported by several articles are merged in ``assemble``."""

    event_type: str  # schema.EVENT_TYPES
    evidence: str  # the sentence that states the event
    start: int = -1  # span of the evidence sentence in the article text
    end: int = -1
    summary: str = ""
    date: dt.date | None = None
    date_precision: str | None = None
    place: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    domestic: bool = False
    confidence: float = 0.5
    partners: list[PartnerMention] = field(default_factory=list)
    amounts: list[AmountMention] = field(default_factory=list)
    sectors: list[SectorMention] = field(default_factory=list)


@dataclass(slots=True)
class ArticleFacts:
    on_topic: bool
    events: list[EventMention] = field(default_factory=list)
    reason: str | None = None  # why the article is off topic


# --- (de)serialisation for the incremental cache -------------------------------------------------------------

def _fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


_PARTNER, _AMOUNT, _SECTOR, _EVENT = (_fields(PartnerMention), _fields(AmountMention), _fields(SectorMention),
                                      _fields(EventMention))
_NESTED = {"partners": _PARTNER, "amounts": _AMOUNT, "sectors": _SECTOR}


# --- the compact form a build passes between processes and keeps on disk (issue 7) ---------------------------------
#
# A JSON array per article: [on_topic, reason, texts, events], each event the list of EventMention's fields in
# declaration order with its partners, amounts and sectors as lists of their fields. Evidence sentences are
# numbers into ``texts``: an event's partners, amounts and sectors mostly quote the event's own sentence, so the
# dict form carried each sentence about five times (6.3 KB an on-topic article of the shared corpus; this is a
# quarter of that) and took ~140 us to write and as long to read back.
# A fifth element, "json", marks a text that only the json module may read back (see ``_write``).

_SCALARS = tuple(name for name in _EVENT if name not in _NESTED)
assert _EVENT == _SCALARS + tuple(_NESTED), "EventMention's lists come after its scalar fields"
_GET_EVENT = attrgetter(*_SCALARS)
_GET_PARTNER, _GET_AMOUNT, _GET_SECTOR = attrgetter(*_PARTNER), attrgetter(*_AMOUNT), attrgetter(*_SECTOR)
_E_EVIDENCE, _E_DATE = _SCALARS.index("evidence"), _SCALARS.index("date")
_P_EVIDENCE, _A_EVIDENCE, _S_EVIDENCE = _PARTNER.index("evidence"), _AMOUNT.index("evidence"), _SECTOR.index("evidence")
_A_FX_DATE = _AMOUNT.index("fx_date")
# every float field: orjson writes NaN and the infinities as null
_GET_EVENT_FLOATS = attrgetter("lat", "lon", "confidence")
_GET_PARTNER_FLOATS = attrgetter("lat", "lon")
_GET_AMOUNT_FLOATS = attrgetter("value", "amount_cny", "fx_rate")
_BY_JSON = "json"  # a fifth element: this text was written by json, and only json reads it as it was


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


# one encoder for every call: json.dumps with options builds a new one each time. Dates (the event's and the
# amounts' fx_date) are left to the encoders: orjson writes a date as its ISO text itself, in Rust, and json calls
# the ``default`` hook for it, which writes the same text (a Python isoformat per date, before encoding, cost ~30%
# of facts_to_json on ../shared).
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_iso).encode
_DECODE = json.JSONDecoder().decode


def _write(document: list, finite: bool) -> str:
    """``document`` as JSON text: by orjson when it is installed (the same text as ``_ENCODE`` writes for every
    article of ../shared, ~7x faster), else by ``json``.

    orjson writes NaN and the infinities as null, hence ``finite`` (no float is); it refuses integers beyond 64 bits
    (which it would read back as floats) and lone surrogates. json writes all of these, and marks its text so that
    ``_read`` leaves it to json (orjson refuses to read NaN and Infinity, but not those integers)."""
    if orjson is not None and finite:
        try:
            return orjson.dumps(document).decode()
        except orjson.JSONEncodeError:
            pass
    return _ENCODE(document + [_BY_JSON])


def _read(text: str | bytes) -> list:
    """What ``_write`` wrote (as text, or as its UTF-8 bytes), read by orjson when it is installed (~1.5x faster)
    and json did not write it, else by ``json``: the same values (both read floats correctly rounded)."""
    if orjson is not None:
        try:
            document = orjson.loads(text)
            if len(document) == 4:
                return document
        except orjson.JSONDecodeError:
            pass
    return _DECODE(text if isinstance(text, str) else text.decode("utf-8"))[:4]


def _finite(floats: list) -> bool:
    """Whether no float is NaN or infinite: their sum is finite (a sum too large to be finite only sends the
    article to json, which writes it as well)."""
    try:
        return math.isfinite(sum([x for x in floats if x is not None]))
    except TypeError:  # not a number: json writes what it can, as it did
        return False


def facts_to_json(facts: ArticleFacts) -> str:
    """The compact JSON of an article's facts (see above); :func:`facts_from_json` reads it back."""
    texts: dict[str, int] = {}
    number = texts.setdefault  # a text's number: its position in ``texts`` (the next one when it is new)
    events = []
    floats: list = []  # every float field (see _write)
    for e in facts.events:
        row = list(_GET_EVENT(e))
        row[_E_EVIDENCE] = number(row[_E_EVIDENCE], len(texts))
        partners = []
        for p in e.partners:
            fields = list(_GET_PARTNER(p))
            fields[_P_EVIDENCE] = number(fields[_P_EVIDENCE], len(texts))
            floats += _GET_PARTNER_FLOATS(p)
            partners.append(fields)
        amounts = []
        for a in e.amounts:
            fields = list(_GET_AMOUNT(a))
            fields[_A_EVIDENCE] = number(fields[_A_EVIDENCE], len(texts))
            floats += _GET_AMOUNT_FLOATS(a)
            amounts.append(fields)
        sectors = []
        for s in e.sectors:
            fields = list(_GET_SECTOR(s))
            fields[_S_EVIDENCE] = number(fields[_S_EVIDENCE], len(texts))
            sectors.append(fields)
        floats += _GET_EVENT_FLOATS(e)
        row += (partners, amounts, sectors)
        events.append(row)
    return _write([facts.on_topic, facts.reason, list(texts), events], _finite(floats))


def facts_from_json(text: str | bytes) -> ArticleFacts:
    """The facts :func:`facts_to_json` wrote, from its text or the text's UTF-8 bytes (orjson reads those without a
    decoded copy: a build's FactsStore keeps them as bytes)."""
    on_topic, reason, texts, rows = _read(text)
    events = []
    n = len(_SCALARS)  # a row is the event's fields in order: its scalars, then partners, amounts and sectors
    date = dt.date.fromisoformat
    for row in rows:
        row[_E_EVIDENCE] = texts[row[_E_EVIDENCE]]
        if row[_E_DATE] is not None:
            row[_E_DATE] = date(row[_E_DATE])
        partners, amounts, sectors = row[n], row[n + 1], row[n + 2]
        for p in partners:
            p[_P_EVIDENCE] = texts[p[_P_EVIDENCE]]
        row[n] = [PartnerMention(*p) for p in partners]
        for a in amounts:
            a[_A_EVIDENCE] = texts[a[_A_EVIDENCE]]
            if a[_A_FX_DATE] is not None:
                a[_A_FX_DATE] = date(a[_A_FX_DATE])
        row[n + 1] = [AmountMention(*a) for a in amounts]
        for s in sectors:
            s[_S_EVIDENCE] = texts[s[_S_EVIDENCE]]
        row[n + 2] = [SectorMention(*s) for s in sectors]
        events.append(EventMention(*row))
    return ArticleFacts(on_topic=on_topic, events=events, reason=reason)


def facts_json_topic(text: str) -> tuple[bool, str | None]:
    """(on topic, why not) of :func:`facts_to_json`'s text, reading only as much of it as that takes."""
    if text.startswith("[true,"):
        return True, None
    on_topic, reason = json.loads(text)[:2]
    return bool(on_topic), reason
