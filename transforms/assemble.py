"""The assemble stage: articles and their extracted facts become the contract's tables.

Here the same real-world event told by several articles (syndication, translations) becomes one event: mentions
merge when they share the event type, at least one partner (by canonical name) and dates within
``MERGE_WINDOW_DAYS`` (and, for a date told only to the year or month, in that year or month), and when something
more than that says they are one event (``_same_event``): the same sentence, a shared partner more particular than a
country or a town (a company, a bank, a ministry's agency, a project), or a shared foreign partner in an event of a
named type. Two stories of one month about China and Madagascar (a medical team sent, a rice centre opened, both
'other') are two events. The first source (by publication date, then input order) gives the event its id, and every
source is listed in ``event_sources``. A merged event's amounts are counted once.
Pure functions over plain data.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import sys
from collections.abc import Iterable, Iterator, Mapping, MutableSequence, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice

import pyarrow as pa

from . import schema
from .model import AmountMention, Article, ArticleFacts, EventMention

MERGE_WINDOW_DAYS = 7
SAME_AMOUNT_TOLERANCE = 0.01  # two reports of one figure differ by rounding at most
# Partners that stand for a whole country or town ("China", "Kenya" as a government, "Shenzhen"): one of them in
# common says little on its own (China and Kenya do many things in a week), unlike a company, bank or project.
PLACE_KINDS = frozenset({"country", "national_government", "local_government"})


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a block that makes many objects but no reference cycles.

    Merging and the rows make millions of small lists, tuples and dataclasses (decoded facts, rows), all freed by
    reference counting; each allocation counted toward a collection, and each full collection walked every object of
    the process (the gazetteer, the lexicons, ...): a third of these stages' CPU in ../shared. Restored on exit."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _hash_id(prefix: str, *parts: object) -> str:
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode("utf-8"), digest_size=8).hexdigest()
    return f"{prefix}_{digest}"


@dataclass(slots=True)
class _MergedEvent:
    """One event: where its first mention is (article, position) and what merging needs of it, not the mentions
    themselves (issue 7: a build keeps every event until the end, so the facts behind them are read again for the
    rows instead of held; see ``event_rows``). Tuples and interned names rather than sets: a build holds millions."""

    article_id: str
    position: int  # the first mention's index in its article's events
    event_type: str
    date: dt.date | None  # the first mention's date, or the first date a later source gives when it had none
    date_precision: str | None
    sources: list[str]
    names: tuple[str, ...]  # canonical names (casefolded, interned) of every partner so far
    first_foreign: bool  # whether the first mention has a foreign partner
    particular: tuple[str, ...] = ()  # those of ``names`` not of a PLACE_KINDS partner
    evidence_keys: tuple[int, ...] = ()  # _evidence_key of each source's sentence
    sector_names: tuple[str, ...] = ()
    amount_figures: tuple[tuple[str | None, float], ...] = ()  # (currency, value) of its amounts so far
    # (article_id, mention position, index in that mention's partners / sectors / amounts) taken from later sources
    extra_partners: tuple[tuple[str, int, int], ...] = ()
    extra_sectors: tuple[tuple[str, int, int], ...] = ()
    extra_amounts: tuple[tuple[str, int, int], ...] = ()

    @property
    def event_id(self) -> str:
        return _hash_id("ev", self.article_id, self.position)


def _interned(word: str | None) -> str | None:
    """A short word kept by every event (a date precision, a currency code) as one shared string: each parsed
    article brings its own copies, which millions of events would otherwise hold (issue 7)."""
    return sys.intern(word) if word else word


def _folded_name(name: str, memo: dict[str, str] | None) -> str:
    """A partner's canonical name casefolded and interned, through ``memo`` when given: the same partners come
    back in mention after mention (in ../shared 9 names in 10), so a build folds each once."""
    if memo is None:
        return sys.intern(name.casefold())
    folded = memo.get(name)
    if folded is None:
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        folded = memo[name] = sys.intern(name.casefold())
    return folded


def _partner_names(mention: EventMention, memo: dict[str, str] | None = None) -> tuple[set[str], set[str]]:
    """(all partner names, foreign partner names) of a mention, casefolded and interned (the merge keys' names:
    a full build and a splice make them here alike)."""
    names, foreign, _ = _partner_keys(mention, memo)
    return names, foreign


def _partner_keys(mention: EventMention, memo: dict[str, str] | None = None) -> tuple[set[str], set[str], set[str]]:
    """(all, foreign, particular) partner names of a mention as ``_partner_names`` folds them; particular: of
    partners not of PLACE_KINDS."""
    names, foreign, particular = set(), set(), set()
    places = PLACE_KINDS
    for p in mention.partners:
        key = _folded_name(p.canonical_name, memo)
        names.add(key)
        if p.side == "foreign":
            foreign.add(key)
        if p.kind not in places:
            particular.add(key)
    return names, foreign, particular


def _evidence_key(mention: EventMention) -> int:
    """The mention's sentence as an int: two sources telling one fact in the same sentence (a syndicated copy, a
    background sentence repeated by several records) tell one event. The cleaned text's sentence as it stands:
    normalising spacing and case cost a third of the merge stage for the rare copy it would have found."""
    return hash(mention.evidence) if mention.evidence else 0


def _can_merge(event: _MergedEvent, names: set[str], foreign: set[str], event_type: str, day: dt.date | None,
               first_day: dt.date | None, precision: str, first_precision: str,
               particular: frozenset[str] | set[str] = frozenset(), evidence_key: int = 0) -> bool:
    if event.event_type != event_type:
        return False
    if not names or names.isdisjoint(event.names):
        return False
    # At least one foreign partner must be shared (or none on either side), so two deals of one Chinese bank in
    # the same week with different countries stay apart.
    if (foreign or event.first_foreign) and foreign.isdisjoint(event.names):
        return False
    if day is None or first_day is None:
        return False
    if not (abs((day - first_day).days) <= MERGE_WINDOW_DAYS
            and _same_period(day, precision, first_day, first_precision)):
        return False
    return _same_event(event, names, foreign, event_type, particular, evidence_key)


def _same_event(event: _MergedEvent, names: set[str], foreign: set[str], event_type: str, particular: set[str] |
                frozenset[str], evidence_key: int) -> bool:
    """Whether a mention that shares ``event``'s type, a partner and its week also tells the same event (see the
    module's doc): sharing only a country or a town ("China" in two stories of one week, China and Madagascar in
    two aid stories of one month) is not enough, except for a named type with a shared foreign partner (a loan of
    China to Kenya told twice in a week)."""
    if evidence_key and evidence_key in event.evidence_keys:
        return True
    if foreign and event_type != "other":  # _can_merge has checked that a foreign partner is shared
        return True
    if not particular.isdisjoint(event.names):
        return True
    return any(name in names for name in event.particular)


def _same_period(day: dt.date, precision: str, other: dt.date, other_precision: str) -> bool:
    """Whether two dates can name one day at the coarser of their precisions. A date told only to the year ("in
    2006") stands as 1 January, a month as its first day: within a week of 30 December 2005 by the calendar, yet
    another year, so another event (and the merged event would keep the wrong year)."""
    if precision == "year" or other_precision == "year":
        return day.year == other.year
    if precision == "month" or other_precision == "month":
        return day.year == other.year and day.month == other.month
    return True


def _reported(a: AmountMention, figures: tuple[tuple[str | None, float], ...]) -> bool:
    """Whether ``figures`` (currency, value) already hold ``a``'s figure: same currency, values within
    ``SAME_AMOUNT_TOLERANCE`` (a plain loop: merging a source with many figures into an event with many was a fifth
    of the merge stage)."""
    value, currency = a.value, a.currency
    if not value:
        return False
    for have_currency, have in figures:
        if have_currency == currency and have and abs(value - have) <= SAME_AMOUNT_TOLERANCE * max(value, have):
            return True
    return False


_SPAN = 2 * MERGE_WINDOW_DAYS + 1  # days per index bucket: a window of +-MERGE_WINDOW_DAYS meets two buckets


class _MergeIndex:
    """Events by (event type, partner name, span of days), so a mention is compared only with the events it could
    merge with: linear in the number of mentions, not quadratic (issue 7: the old index by name alone compared a
    mention with every earlier event of a common partner, 27 of 43 s of a 2,000-article re-run).

    Two maps, by what ``_can_merge`` demands: a mention with foreign partners needs one of them among the event's
    names, so it looks up ``by_name`` under its foreign names only; a mention without foreign partners can only join
    an event whose first mention had none, so it looks in ``no_foreign`` under all its names."""

    def __init__(self) -> None:
        # hash((type, name, span)) -> event, or list of events: an int key and a lone int per entry, as most keys
        # have one event (a hash collision only adds a candidate, which _can_merge then turns down)
        self.by_name: dict[int, int | list[int]] = {}
        self.no_foreign: dict[int, int | list[int]] = {}

    @staticmethod
    def _put(index: dict[int, int | list[int]], key: int, value: int) -> None:
        have = index.get(key)
        if have is None:
            index[key] = value
        elif isinstance(have, list):
            have.append(value)
        else:
            index[key] = [have, value]

    def add(self, index: int, event: _MergedEvent, names: Iterable[str], day: dt.date | None) -> None:
        if day is None:  # an event with no day never takes another mention
            return
        bucket = day.toordinal() // _SPAN
        kind = event.event_type
        for name in names:
            key = hash((kind, name, bucket))
            self._put(self.by_name, key, index)
            if not event.first_foreign:
                self._put(self.no_foreign, key, index)

    def candidates(self, kind: str, names: set[str], foreign: set[str], day: dt.date | None) -> list[int]:
        if day is None or not names:
            return []
        ordinal = day.toordinal()
        buckets = range((ordinal - MERGE_WINDOW_DAYS) // _SPAN, (ordinal + MERGE_WINDOW_DAYS) // _SPAN + 1)
        index, keys = (self.by_name, foreign) if foreign else (self.no_foreign, names)
        found: set[int] = set()
        for name in keys:
            for b in buckets:
                have = index.get(hash((kind, name, b)))
                if have is None:
                    continue
                if isinstance(have, list):
                    found.update(have)
                else:
                    found.add(have)
        return sorted(found)


def merge_key(event_type: str, name: str, span: int) -> int:
    """A stable 64-bit key of (event type, casefolded partner name, span of days): two mentions can merge only if
    they share a key with spans at most one apart (see ``_MergeIndex``). A build keeps its mentions' keys so that a
    re-run can tell a new article that merges with nothing (pipeline, incremental)."""
    text = f"{event_type}\x1f{name}\x1f{span}".encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little")


def mention_span(day: dt.date) -> int:
    return day.toordinal() // _SPAN


MEMO_SIZE = 200_000  # names and merge keys remembered while merging (a few MB); then the memo starts afresh


def _publication_order(article: Article) -> dt.date:
    return article.published or dt.date.max


def merge_events(articles: Iterable[Article], facts: Mapping[str, ArticleFacts],
                 keys: MutableSequence[int] | None = None, drop_merge_state: bool = False) -> list[_MergedEvent]:
    """Group the event mentions of ok articles into distinct events, in a stable order.

    ``facts`` is read once per article, in publication order; it may load them on demand. ``keys``, when given,
    receives the ``merge_key`` of every mention with a day, for each of its partners (a list, or an
    ``array("Q")``: 8 bytes a key instead of ~40). ``drop_merge_state`` empties what only merging reads of the
    events (partner and sector names, amount figures) before they are returned."""
    with cycle_collection_paused():
        return _merge(articles, facts, keys, drop_merge_state)


def _merge(articles: Iterable[Article], facts: Mapping[str, ArticleFacts], keys: MutableSequence[int] | None,
           drop_merge_state: bool) -> list[_MergedEvent]:
    ordered = [a for a in articles if a.status == "ok" and a.article_id in facts]
    ordered.sort(key=_publication_order)  # stable: input order within a day
    merged: list[_MergedEvent] = []
    days: list[dt.date | None] = []
    precisions: list[str] = []  # how precisely each event's day is known (its first mention's date or publication)
    index = _MergeIndex()
    # one date object per day for every event (each mention's date was parsed on its own: 32 bytes an event, twice)
    one_date: dict[dt.date, dt.date] = {}
    # the same partners and keys come back in mention after mention (in ../shared 9 names in 10, 4 keys in 10):
    # casefolding (_folded_name) and hashing them once is a dict lookup the other times
    folded: dict[str, str] = {}
    known_keys: dict[tuple[str, str, int], int] = {}
    for article in ordered:
        aid = article.article_id
        published = article.published
        first_own = len(merged)  # the events this article creates: its own mentions never merge together
        for position, mention in enumerate(facts[aid].events):
            date = mention.date
            if date is not None:
                date = mention.date = one_date.setdefault(date, date)
            day = date or published
            precision = (mention.date_precision or "day") if date is not None else "day"  # a publication day
            kind = mention.event_type
            names, foreign, particular = _partner_keys(mention, folded)
            if keys is not None and day is not None and names:
                span = mention_span(day)
                for name in names:
                    part = (kind, name, span)
                    key = known_keys.get(part)
                    if key is None:
                        if len(known_keys) >= MEMO_SIZE:
                            known_keys.clear()
                        key = known_keys[part] = merge_key(kind, name, span)
                    keys.append(key)
            target, target_index = None, -1
            evidence_key = _evidence_key(mention)
            if day is not None and names:
                for i in index.candidates(kind, names, foreign, day):
                    if i >= first_own:
                        break  # candidates come in order; from here on they are this article's own
                    event = merged[i]
                    if event.sources[-1] == aid:  # it took a mention of this article already
                        continue
                    if _can_merge(event, names, foreign, kind, day, days[i], precision, precisions[i], particular,
                                  evidence_key):
                        target, target_index = event, i
                        break
            if target is None:
                event = _MergedEvent(
                    article_id=aid, position=position, event_type=sys.intern(kind),
                    date=date, date_precision=_interned(mention.date_precision), sources=[aid], names=tuple(names),
                    first_foreign=bool(foreign), particular=tuple(particular), evidence_keys=(evidence_key,),
                    sector_names=tuple(dict.fromkeys(sys.intern(s.sector) for s in mention.sectors)),
                    amount_figures=tuple((_interned(a.currency), a.value) for a in mention.amounts),
                )
                index.add(len(merged), event, names, day)
                merged.append(event)
                days.append(day)
                precisions.append(precision)
                continue
            _absorb(target, target_index, aid, position, mention, index, days[target_index], folded)
            if particular:
                target.particular += tuple(n for n in particular if n not in target.particular)
            if evidence_key not in target.evidence_keys:
                target.evidence_keys += (evidence_key,)
    if drop_merge_state:
        for event in merged:  # what only merging needed: the rows do not read it (memory, issue 7)
            event.names = event.sector_names = event.amount_figures = event.particular = event.evidence_keys = ()
    return merged


def _absorb(target: _MergedEvent, target_index: int, aid: str, position: int, mention: EventMention,
            index: _MergeIndex, day: dt.date | None, folded: dict[str, str]) -> None:
    """A later source's mention joins ``target``: what it adds (partners, sectors, figures) is noted by position."""
    target.sources.append(aid)
    known = target.names
    new_names: dict[str, None] = {}
    extra = []
    for k, p in enumerate(mention.partners):
        key = _folded_name(p.canonical_name, folded)
        if key not in known:  # (two new partners of one name in one mention are both taken, as before)
            extra.append((aid, position, k))
            new_names[key] = None
    if extra:
        target.extra_partners += tuple(extra)
        target.names += tuple(new_names)
        index.add(target_index, target, new_names, day)
    extra, added = [], {}
    for k, sector in enumerate(mention.sectors):
        if sector.sector not in target.sector_names:
            extra.append((aid, position, k))
            added[sys.intern(sector.sector)] = None
    if extra:
        target.extra_sectors += tuple(extra)
        target.sector_names += tuple(k for k in added if k not in target.sector_names)
    existing = target.amount_figures
    extra, figures = [], []
    for j, amount in enumerate(mention.amounts):
        if not _reported(amount, existing):
            extra.append((aid, position, j))
            figures.append((_interned(amount.currency), amount.value))
    if extra:
        target.extra_amounts += tuple(extra)
        target.amount_figures += tuple(figures)
    if target.date is None and mention.date is not None:
        target.date, target.date_precision = mention.date, _interned(mention.date_precision)


EVENT_TABLES = ("events", "event_sources", "partners", "sectors", "amounts")


def _event_tuples(merged_events: Iterable[_MergedEvent], facts: Mapping[str, ArticleFacts],
                  duplicates_of: dict[str, list[str]]) -> Iterator[tuple[tuple, list[tuple], list[tuple], list[tuple],
                                                                        list[tuple]]]:
    """Per merged event: its events row and its rows of the other event tables, as tuples in the tables' column
    order (``schema.TABLES``). Tuples, not dicts: a large build makes millions of rows (issue 7)."""
    blake2b = hashlib.blake2b
    for merged in merged_events:
        aid = merged.article_id
        event_id = merged.event_id
        m = facts[aid].events[merged.position]
        partners_of = m.partners
        if merged.extra_partners:
            partners_of = partners_of + [facts[a].events[p].partners[k] for a, p, k in merged.extra_partners]
        sectors_of = m.sectors
        if merged.extra_sectors:
            sectors_of = sectors_of + [facts[a].events[p].sectors[k] for a, p, k in merged.extra_sectors]
        # a figure repeated by a second source is already dropped in merge_events; a merged event's own
        # amounts keep their `counted` flag from extraction
        all_amounts = [(aid, i, a) for i, a in enumerate(m.amounts)]
        if merged.extra_amounts:
            all_amounts += [(a, j, facts[a].events[p].amounts[j]) for a, p, j in merged.extra_amounts]
        counted = [a.amount_cny for _, _, a in all_amounts if a.counted and a.amount_cny is not None]
        event = (event_id, aid, merged.date, merged.date_precision if merged.date else None,
                 m.event_type, m.summary or None, m.evidence, m.place, m.country, m.lat, m.lon,
                 bool(m.partners) and all(p.side == "chinese" for p in partners_of),
                 float(sum(counted)) if counted else None, m.confidence)
        if duplicates_of:
            source_ids = dict.fromkeys(
                a for source in merged.sources for a in [source, *duplicates_of.get(source, ())])
        else:
            source_ids = dict.fromkeys(merged.sources)
        sources = [(event_id, a) for a in source_ids]
        # ids as _hash_id makes them, with the text written out (this runs for every partner and amount)
        partners = []
        seen: set[str] = set()
        for p in partners_of:
            key = p.canonical_name.casefold()
            if key in seen:
                continue
            seen.add(key)
            digest = blake2b(f"{event_id}\x1f{key}".encode(), digest_size=8).hexdigest()
            partners.append((event_id, f"pa_{digest}", p.name, p.canonical_name, p.kind, p.country,
                             p.side, p.role, p.lat, p.lon, p.evidence))
        sectors = []
        seen = set()
        for sector in sectors_of:
            if sector.sector in seen:
                continue
            seen.add(sector.sector)
            sectors.append((event_id, sector.sector, sector.evidence))
        amounts = []
        for a, i, x in all_amounts:
            digest = blake2b(f"{event_id}\x1f{a}\x1f{i}".encode(), digest_size=8).hexdigest()
            amounts.append((event_id, f"am_{digest}", x.value, x.currency, x.amount_cny, x.fx_rate, x.fx_date,
                            x.fx_source, x.qualifier, x.kind, x.evidence, x.counted, x.note))
        yield event, sources, partners, sectors, amounts


_COLUMNS = {name: tuple(schema.TABLES[name].names) for name in ("events", "event_sources", "partners", "sectors",
                                                                  "amounts")}


def event_rows(merged_events: Iterable[_MergedEvent], facts: Mapping[str, ArticleFacts],
               duplicates_of: dict[str, list[str]] | None = None) -> Iterable[dict[str, list[dict]]]:
    """The rows of every event table, one merged event at a time (``{table: [row, ...]}``), so a large build can
    write them in pieces (issue 7). ``facts`` gives the mentions the events point at."""
    for event, *others in _event_tuples(merged_events, facts, duplicates_of or {}):
        out = {"events": [dict(zip(_COLUMNS["events"], event))]}
        for name, rows in zip(EVENT_TABLES[1:], others):
            out[name] = [dict(zip(_COLUMNS[name], row)) for row in rows]
        yield out


def event_tables(merged_events: Iterable[_MergedEvent], facts: Mapping[str, ArticleFacts],
                 duplicates_of: dict[str, list[str]] | None = None,
                 events_per_piece: int = 4096) -> Iterator[dict[str, pa.Table]]:
    """The event tables in pieces of ``events_per_piece`` events (``{table: Arrow table}``): what ``event_rows``
    gives, made into columns directly rather than through a dict per row."""
    tuples = _event_tuples(merged_events, facts, duplicates_of or {})
    n = 0
    while True:
        with cycle_collection_paused():  # a piece at a time: the caller's work between pieces runs as usual
            piece, k = _piece(tuples, events_per_piece)
        if not k and n:
            return
        n += k
        yield piece
        if k < events_per_piece:
            return


def _piece(tuples: Iterator[tuple], events_per_piece: int) -> tuple[dict[str, pa.Table], int]:
    """The tables of the next ``events_per_piece`` events of ``_event_tuples`` (fewer at the end), and how many."""
    rows: list[list[tuple]] = [[] for _ in EVENT_TABLES]
    events, sources, partners, sectors, amounts = rows
    for event, more_sources, more_partners, more_sectors, more_amounts in islice(tuples, events_per_piece):
        events.append(event)
        sources += more_sources
        partners += more_partners
        sectors += more_sectors
        amounts += more_amounts
    return {name: tuples_table(name, table_rows) for name, table_rows in zip(EVENT_TABLES, rows)}, len(events)


def tuples_table(name: str, rows: list[tuple]) -> pa.Table:
    """Table ``name`` from rows given as tuples in its column order: the table ``schema.to_table`` makes of the
    same rows as dicts."""
    return columns_table(name, list(zip(*rows)) if rows else [()] * len(schema.TABLES[name]))


def columns_table(name: str, columns: list[Sequence]) -> pa.Table:
    """Table ``name`` from its columns' values, in its column order (checked as ``schema.to_table`` checks)."""
    table_schema = schema.TABLES[name]
    table = pa.Table.from_arrays([pa.array(column, type=f.type) for column, f in zip(columns, table_schema)],
                                 schema=table_schema)
    for f in table_schema:
        if not f.nullable and table.column(f.name).null_count:
            raise ValueError(f"{name}.{f.name} is not nullable, but a row leaves it empty")
    return table
