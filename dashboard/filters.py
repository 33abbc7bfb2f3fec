"""The dashboard's filter state, and the one way it becomes a query.

``FilterState`` is a frozen dataclass. It round-trips through URL query parameters (so a view can be shared as a
link) with :meth:`FilterState.from_query_params` / :meth:`FilterState.to_query_params`, and :func:`to_sql` turns
it into a SQL ``WHERE`` clause over the event index ``ev`` (built in :mod:`dashboard.data`) plus a list of
parameters. User values only ever travel as parameters: the SQL text depends on which filters are set, never on
what they contain.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

from . import style

# URL parameter name -> FilterState field; multi-valued parameters repeat (?country=BR&country=KE)
LIST_PARAMS = {
    "country": "countries",
    "region": "regions",
    "cn": "cn_places",
    "type": "event_types",
    "sector": "sectors",
    "kind": "partner_kinds",
    "lang": "languages",
}
MAX_SEARCH_CHARS = 200  # a search longer than this is cut (it would match nothing useful anyway)
MAX_VALUES = 500  # per list parameter: a hand-made URL cannot make the query arbitrarily large


@dataclass(frozen=True)
class FilterState:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    countries: tuple[str, ...] = ()  # foreign country, ISO alpha-2 (a partner's or the event's place)
    regions: tuple[str, ...] = ()  # continent of a foreign country
    cn_places: tuple[str, ...] = ()  # Chinese province or city (local-government partner, or place in China)
    event_types: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    partner_kinds: tuple[str, ...] = ()
    amount_min: float | None = None  # yuan; setting either bound leaves out events with no disclosed amount
    amount_max: float | None = None
    languages: tuple[str, ...] = ()
    search: str = ""
    include_domestic: bool = False

    # --- URL ------------------------------------------------------------------------------------------------

    @classmethod
    def from_query_params(cls, params: Mapping[str, object]) -> FilterState:
        """Read a state from query parameters; values that do not parse are ignored, never an error.

        ``params`` maps a name to a string or a list of strings (``st.query_params.to_dict()`` gives the last
        value of repeated keys, so callers pass ``{k: st.query_params.get_all(k) for k in st.query_params}``).
        """

        def values(name: str) -> list[str]:
            raw = params.get(name)
            if raw is None:
                return []
            items = [raw] if isinstance(raw, str) else list(raw)
            out: list[str] = []
            for item in items:
                out.extend(part.strip() for part in str(item).split(","))
            return [v for v in dict.fromkeys(out) if v][:MAX_VALUES]

        def one(name: str) -> str | None:
            found = values(name)
            return found[-1] if found else None

        lists = {attr: tuple(values(name)) for name, attr in LIST_PARAMS.items()}
        search = (one_raw(params, "q") or "").strip()[:MAX_SEARCH_CHARS]
        return cls(
            date_from=_parse_date(one("from")),
            date_to=_parse_date(one("to")),
            amount_min=_parse_amount(one("amin")),
            amount_max=_parse_amount(one("amax")),
            search=search,
            include_domestic=(one("domestic") or "").lower() in ("1", "true", "yes"),
            **lists,
        )

    def to_query_params(self) -> dict[str, str | list[str]]:
        """The non-default parts of the state as query parameters (lists stay lists: repeated keys)."""
        params: dict[str, str | list[str]] = {}
        if self.date_from:
            params["from"] = self.date_from.isoformat()
        if self.date_to:
            params["to"] = self.date_to.isoformat()
        for name, attr in LIST_PARAMS.items():
            value = getattr(self, attr)
            if value:
                params[name] = list(value)
        if self.amount_min is not None:
            params["amin"] = _format_amount(self.amount_min)
        if self.amount_max is not None:
            params["amax"] = _format_amount(self.amount_max)
        if self.search:
            params["q"] = self.search
        if self.include_domestic:
            params["domestic"] = "1"
        return params

    def is_default(self) -> bool:
        return self == FilterState()

    def describe(self, domestic: bool = False) -> list[str]:
        """The active filters in words, values as names ("country: Brazil, Kenya"), for captions and empty
        states ("no events match: ..."). With ``domestic``, also say so when domestic events are left out (the
        default state leaves them out, so a caption of the selection must say it; an empty state says it its
        own way)."""
        from .data import country_name  # here, not at the top: dashboard.data imports this module

        words = []
        if self.date_from or self.date_to:
            words.append(f"dates {self.date_from or '…'} to {self.date_to or '…'}")
        labels = {"countries": ("country", country_name), "regions": ("region", str),
                  "cn_places": ("Chinese place", str), "event_types": ("event type", style.type_label),
                  "sectors": ("sector", style.label), "partner_kinds": ("partner kind", style.label),
                  "languages": ("language", style.language_name)}
        for attr, (label, name) in labels.items():
            value = getattr(self, attr)
            if value:
                words.append(f"{label}: {', '.join(name(v) for v in value)}")
        if self.amount_min is not None or self.amount_max is not None:
            words.append("an amount range (events with undisclosed amounts are left out)")
        if self.search:
            words.append(f"search “{self.search}”")
        if domestic and not self.include_domestic:
            words.append("domestic events left out")
        return words


def one_raw(params: Mapping[str, object], name: str) -> str | None:
    """The last value of ``name`` without splitting on commas (free text may contain them)."""
    raw = params.get(name)
    if raw is None:
        return None
    if isinstance(raw, str):
        return raw
    items = list(raw)
    return str(items[-1]) if items else None


def _parse_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _parse_amount(text: str | None) -> float | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _format_amount(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# --- SQL ------------------------------------------------------------------------------------------------------


def to_sql(state: FilterState) -> tuple[str, list[object]]:
    """The WHERE clause (without the keyword) selecting the events of ``state`` from ``ev``, and its parameters.

    ``ev`` has one row per event with list columns ``foreign_countries``, ``regions``, ``cn_places``,
    ``partner_kinds``, ``sectors`` and a lower-cased ``search_text`` (see :mod:`dashboard.data`).
    """
    clauses: list[str] = []
    params: list[object] = []
    if not state.include_domestic:
        clauses.append("NOT domestic")
    if state.date_from:
        clauses.append("date >= ?")
        params.append(state.date_from)
    if state.date_to:
        clauses.append("date <= ?")
        params.append(state.date_to)
    for attr, column in (("event_types", "event_type"), ("languages", "language")):
        value = getattr(state, attr)
        if value:
            clauses.append(f"list_contains(?::VARCHAR[], {column})")
            params.append(list(value))
    for attr in ("countries", "regions", "cn_places", "sectors", "partner_kinds"):
        value = getattr(state, attr)
        if value:
            column = "foreign_countries" if attr == "countries" else attr
            clauses.append(f"list_has_any({column}, ?::VARCHAR[])")
            params.append(list(value))
    if state.amount_min is not None:
        clauses.append("amount_cny >= ?")
        params.append(float(state.amount_min))
    if state.amount_max is not None:
        clauses.append("amount_cny <= ?")
        params.append(float(state.amount_max))
    if state.search:
        clauses.append("contains(search_text, ?)")
        params.append(state.search.lower())
    return (" AND ".join(clauses) if clauses else "TRUE"), params
