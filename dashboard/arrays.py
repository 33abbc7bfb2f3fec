"""The event index as numpy arrays: selecting the events of a filter state, and counting over them.

On a million events a page must answer in a few hundred milliseconds on a busy two-core machine. The index keys
events by a dense integer ``k`` (0 … n-1, date order), so a selection is a boolean mask of length n and every
page aggregate is a ``numpy.bincount`` over small integer codes: a few milliseconds, where the same GROUP BY
over list columns in DuckDB took most of a second.

The arrays are read once per build from the index tables written by :mod:`dashboard.data`:
- ``ev_codes`` (one row per event, in ``k`` order): domestic, day, month, event type and language codes,
  amount, and the event's map cells (``cell1`` abroad, ``cell0`` in China, ``line`` the pair of them);
- ``vocab`` (facet, code, name): each facet's values numbered in name order, so ordering by code is ordering
  by name;
- one ``(k, code)`` pair table per list facet (see :data:`FACETS`), sorted by ``k``; partners use the ids of
  ``partner_names``, and ``ev_sector_country`` pairs each event's sectors with its foreign countries.

:func:`select` must select exactly the events ``dashboard.filters.to_sql`` selects from ``ev``; the tests
compare the two on every filter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import numpy as np

from .filters import FilterState

EPOCH = dt.date(1970, 1, 1)
# list filter -> (facet in vocab and its pair table); "partner" has no filter but is counted by the pages
FACETS = {
    "countries": "country",
    "regions": "region",
    "cn_places": "cn_place",
    "sectors": "sector",
    "partner_kinds": "partner_kind",
}
PAIR_TABLES = {facet: f"ev_{facet}" for facet in (*FACETS.values(), "partner")}


@dataclass(frozen=True)
class Pairs:
    """A list facet as flat pairs: event ``k[i]`` has value ``code[i]``, each pair once (partners sorted by k)."""

    k: np.ndarray
    code: np.ndarray

    def selected(self, mask: np.ndarray) -> np.ndarray:
        """Which pairs belong to the selected events."""
        return mask[self.k]


@dataclass(frozen=True)
class EventArrays:
    n: int
    domestic: np.ndarray  # int8: 1 domestic, 0 not, -1 unknown (``NOT domestic`` holds for 0 only)
    day: np.ndarray  # int32 days since 1970-01-01; meaningless where not ``dated``
    dated: np.ndarray  # bool
    month: np.ndarray  # int32 months since year 0 (year * 12 + month - 1); meaningless where not dated
    event_type: np.ndarray  # int16 code into vocab["event_type"]; -1 unknown
    language: np.ndarray  # int16 code into vocab["language"]; -1 unknown
    amount: np.ndarray  # float64 yuan, NaN where undisclosed
    yuan: np.ndarray  # float64 yuan, 0 where undisclosed (for sums)
    disclosed: np.ndarray  # float64: 1 where an amount is disclosed, else 0 (for counts of disclosed amounts)
    cell1: np.ndarray  # int32 code into the world map cells; -1 no foreign point
    cell0: np.ndarray  # int32 code into the China map cells; -1 no Chinese point
    line: np.ndarray  # int32 code into the map lines; -1 no foreign point
    vocab: dict[str, list[str]]  # facet -> names by code
    pairs: dict[str, Pairs]  # facet -> pairs (FACETS' facets and "partner")
    sector_country: Pairs  # code = sector code * n_countries + country code
    partner_names: dict[str, np.ndarray]  # by partner id: name, side, country
    map_cells: dict[str, np.ndarray]  # by world cell: lat, lon, label (where its bubble is drawn)
    china_cells: dict[str, np.ndarray]  # by China point: lat, lon, label
    map_lines: dict[str, np.ndarray]  # by line: cell0 (China point, -1: none), cell1 (world cell)

    def codes(self, facet: str, names: tuple[str, ...] | list[str]) -> np.ndarray:
        """The codes of ``names`` in ``facet`` (names the build does not hold have none)."""
        index = {name: code for code, name in enumerate(self.vocab.get(facet, []))}
        return np.array([index[name] for name in names if name in index], dtype=np.int64)

    def size(self, facet: str) -> int:
        return len(self.partner_names["name"]) if facet == "partner" else len(self.vocab.get(facet, []))


def load(con: duckdb.DuckDBPyConnection) -> EventArrays:
    """The arrays of the index in ``con`` (tables ``ev_codes``, ``vocab``, the pair tables).

    Tables are read without ORDER BY where order does not matter (a sort of millions of rows is most of the
    load): event columns are put in order by their key here, and only the partner pairs are read sorted by k
    (:func:`shared_pairs` needs each event's partners together)."""
    columns = con.execute(
        "SELECT k, coalesce(domestic::TINYINT, -1::TINYINT) AS domestic, coalesce(day, 0) AS day, "
        "day IS NOT NULL AS dated, coalesce(month, 0) AS month, "
        "coalesce(event_type, -1)::SMALLINT AS event_type, coalesce(language, -1)::SMALLINT AS language, "
        "coalesce(amount, 'NaN'::DOUBLE) AS amount, coalesce(cell1, -1) AS cell1, "
        "coalesce(cell0, -1) AS cell0, coalesce(line, -1) AS line FROM ev_codes").fetchnumpy()
    keys = np.asarray(columns.pop("k"))
    events = {}
    for name, values in columns.items():
        values = np.asarray(values)
        events[name] = np.empty_like(values)
        events[name][keys] = values
    vocab: dict[str, list[str]] = {}
    for facet, name in con.execute("SELECT facet, name FROM vocab ORDER BY facet, code").fetchall():
        vocab.setdefault(facet, []).append(name)
    pairs = {facet: _pairs(con, f"SELECT k, code FROM {table}" + (" ORDER BY k" if facet == "partner" else ""))
             for facet, table in PAIR_TABLES.items()}
    n_countries = len(vocab.get("country", []))
    sector_country = _pairs(con, f"SELECT k, sector * {n_countries} + country AS code FROM ev_sector_country")
    tables = {
        "partner_names": "SELECT name, side, country FROM partner_names ORDER BY id",
        "map_cells": "SELECT lat, lon, label FROM map_cells ORDER BY cell",
        "china_cells": "SELECT lat, lon, label FROM china_cells ORDER BY cell",
        "map_lines": "SELECT cell0, cell1 FROM map_lines ORDER BY line",
    }
    small = {name: {column: np.asarray(values) for column, values in con.execute(sql).fetchnumpy().items()}
             for name, sql in tables.items()}
    events["yuan"] = np.nan_to_num(events["amount"], nan=0.0)
    events["disclosed"] = (~np.isnan(events["amount"])).astype(np.float64)
    return EventArrays(n=len(keys), vocab=vocab, pairs=pairs, sector_country=sector_country, **small, **events)


def _pairs(con: duckdb.DuckDBPyConnection, sql: str) -> Pairs:
    found = con.execute(sql).fetchnumpy()
    # 32-bit: a million events have about seven million pairs between them, half the memory of 64-bit
    return Pairs(k=np.asarray(found["k"], dtype=np.int32), code=np.asarray(found["code"], dtype=np.int32))


# --- selecting ------------------------------------------------------------------------------------------------


def select(arrays: EventArrays, state: FilterState, search_keys: np.ndarray | None = None) -> np.ndarray:
    """The mask of the events ``state`` selects. ``search_keys``: the keys whose search text contains
    ``state.search`` (found by the caller in DuckDB; ignored when there is no search)."""
    mask = np.ones(arrays.n, dtype=bool)
    if not state.include_domestic:
        mask &= arrays.domestic == 0
    if state.date_from or state.date_to:
        mask &= arrays.dated
        if state.date_from:
            mask &= arrays.day >= (state.date_from - EPOCH).days
        if state.date_to:
            mask &= arrays.day <= (state.date_to - EPOCH).days
    if state.event_types:
        mask &= _allowed(arrays, "event_type", state.event_types)[arrays.event_type]
    if state.languages:
        mask &= _allowed(arrays, "language", state.languages)[arrays.language]
    if state.amount_min is not None:
        mask &= arrays.amount >= state.amount_min  # NaN (undisclosed) compares false, as NULL does in SQL
    if state.amount_max is not None:
        mask &= arrays.amount <= state.amount_max
    for attr, facet in FACETS.items():
        wanted = getattr(state, attr)
        if wanted:
            pairs = arrays.pairs[facet]
            hit = np.zeros(arrays.n, dtype=bool)
            hit[pairs.k[np.isin(pairs.code, arrays.codes(facet, wanted))]] = True
            mask &= hit
    if state.search:
        hit = np.zeros(arrays.n, dtype=bool)
        hit[search_keys if search_keys is not None else []] = True
        mask &= hit
    return mask


def _allowed(arrays: EventArrays, facet: str, names: tuple[str, ...]) -> np.ndarray:
    """A lookup table over codes (its last entry stands for -1, unknown, and is never allowed)."""
    allowed = np.zeros(arrays.size(facet) + 1, dtype=bool)
    allowed[arrays.codes(facet, names)] = True
    return allowed


# --- counting -------------------------------------------------------------------------------------------------


def tally(codes: np.ndarray, size: int, yuan: np.ndarray, disclosed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per code: the number of rows and the sum of their yuan (NaN where none is disclosed, like SQL's ``sum``
    over nulls). ``yuan`` and ``disclosed`` are the rows' :attr:`EventArrays.yuan` and ``disclosed``."""
    counts = np.bincount(codes, minlength=size)
    size = len(counts)  # the codes may reach past ``size``
    sums = np.bincount(codes, weights=yuan, minlength=size).astype(np.float64)  # int when there are no rows
    sums[np.bincount(codes, weights=disclosed, minlength=size) == 0] = np.nan
    return counts, sums


def facet_tally(arrays: EventArrays, mask: np.ndarray, facet: str) -> tuple[np.ndarray, np.ndarray]:
    """Events and their yuan per value of ``facet`` (an event with two values counts for both)."""
    pairs = arrays.pairs[facet]
    chosen = pairs.selected(mask)
    keys = pairs.k[chosen]
    return tally(pairs.code[chosen], arrays.size(facet), arrays.yuan[keys], arrays.disclosed[keys])


def distinct(arrays: EventArrays, mask: np.ndarray, facet: str) -> int:
    """How many values of ``facet`` the selected events have between them."""
    pairs = arrays.pairs[facet]
    return int(np.count_nonzero(np.bincount(pairs.code[pairs.selected(mask)], minlength=arrays.size(facet))))


def ranked(counts: np.ndarray, *tie_breaks: np.ndarray, limit: int | None = None) -> np.ndarray:
    """Codes with a non-zero count, most first; ties go to larger ``tie_breaks`` (in turn, NaN last), then to the
    smaller code (the name first, as codes follow names). At most ``limit``.

    Only the candidates for the first ``limit`` places are sorted (a map has hundreds of thousands of cells)."""
    present = np.flatnonzero(counts)
    keys = [counts, *(np.nan_to_num(t, nan=-np.inf) for t in tie_breaks)]
    chosen = present if limit is None else _candidates(present, keys, limit)
    order = np.lexsort([chosen, *(-key[chosen] for key in reversed(keys))])
    return chosen[order][:limit]


def _candidates(codes: np.ndarray, keys: list[np.ndarray], limit: int) -> np.ndarray:
    """The codes (ascending) that can be among the first ``limit`` by ``keys`` (larger first, in turn), then by
    the smaller code: those above the limit-th value of the first key, and the best of the tied ones by the
    next keys."""
    if len(codes) <= limit:
        return codes
    if not keys:
        return codes[:limit]
    values = keys[0][codes]
    kth = np.partition(values, len(values) - limit)[len(values) - limit]
    above = codes[values > kth]
    tied = _candidates(codes[values == kth], keys[1:], limit - len(above))
    return np.sort(np.concatenate([above, tied]))


def shared_pairs(pairs: Pairs, chosen: np.ndarray, rank: np.ndarray, size: int) -> np.ndarray:
    """For the pairs in ``chosen`` (``pairs`` sorted by k), how many events hold both of two values: a ``size`` × ``size``
    matrix over ``rank`` (value code -> 0 … size-1), counted once per event with the smaller rank first."""
    k = pairs.k[chosen]
    r = rank[pairs.code[chosen]]
    counts = np.zeros(size * size, dtype=np.int64)
    shift = 1
    while shift < len(k):
        same = k[:-shift] == k[shift:]  # two values of one event, ``shift`` apart in the sorted pairs
        if not same.any():
            break
        a, b = r[:-shift][same], r[shift:][same]
        counts += np.bincount(np.minimum(a, b) * size + np.maximum(a, b), minlength=size * size)
        shift += 1
    return counts.reshape(size, size)
