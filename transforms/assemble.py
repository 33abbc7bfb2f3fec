"""The assemble stage: articles and their extracted facts become the contract's tables.

Here the same real-world event told by several articles (syndication, translations) becomes one event: mentions
merge when they share the event type, at least one partner (by canonical name) and dates within
``MERGE_WINDOW_DAYS``; the first source (by publication date, then input order) gives the event its id, and every
source is listed in ``event_sources``. A merged event's amounts are counted once.
Pure functions over plain data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyarrow as pa

from . import schema
from .model import AmountMention, Article, ArticleFacts, EventMention

MERGE_WINDOW_DAYS = 7
SAME_AMOUNT_TOLERANCE = 0.01  # two reports of one figure differ by rounding at most


def _hash_id(prefix: str, *parts: object) -> str:
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode("utf-8"), digest_size=8).hexdigest()
    return f"{prefix}_{digest}"


@dataclass
class _MergedEvent:
    event_id: str
    article_id: str
    mention: EventMention
    sources: list[str] = field(default_factory=list)
    extra_amounts: list[tuple[str, int, AmountMention]] = field(default_factory=list)
    extra_partners: list = field(default_factory=list)
    extra_sectors: list = field(default_factory=list)

    @property
    def names(self) -> set[str]:
        names = {p.canonical_name.casefold() for p in self.mention.partners}
        names |= {p.canonical_name.casefold() for p in self.extra_partners}
        return names


def _event_day(mention: EventMention, article: Article) -> dt.date | None:
    return mention.date or article.published


def _can_merge(event: _MergedEvent, mention: EventMention, day: dt.date | None, first_day: dt.date | None) -> bool:
    if event.mention.event_type != mention.event_type:
        return False
    names = {p.canonical_name.casefold() for p in mention.partners}
    if not names or not (names & event.names):
        return False
    # At least one foreign partner must be shared (or none on either side), so two deals of one Chinese bank in
    # the same week with different countries stay apart.
    foreign = {p.canonical_name.casefold() for p in mention.partners if p.side == "foreign"}
    event_foreign = {p.canonical_name.casefold() for p in event.mention.partners if p.side == "foreign"}
    if (foreign or event_foreign) and not (foreign & (event_foreign | event.names)):
        return False
    if day is None or first_day is None:
        return False
    return abs((day - first_day).days) <= MERGE_WINDOW_DAYS


def _same_amount(a: AmountMention, b: AmountMention) -> bool:
    if a.currency != b.currency or not a.value or not b.value:
        return False
    return abs(a.value - b.value) <= SAME_AMOUNT_TOLERANCE * max(a.value, b.value)


def merge_events(articles: Iterable[Article], facts: dict[str, ArticleFacts]) -> list[_MergedEvent]:
    """Group the event mentions of ok articles into distinct events, in a stable order."""
    ordered = [a for a in articles if a.status == "ok" and a.article_id in facts]
    ordered.sort(key=lambda a: (a.published or dt.date.max, ))  # stable: input order within a day
    merged: list[_MergedEvent] = []
    days: list[dt.date | None] = []
    by_name: dict[tuple[str, str], list[int]] = {}  # (event_type, partner name) -> events, so merging stays linear
    for article in ordered:
        own: list[int] = []  # events this article created; an article's own mentions never merge together
        for index, mention in enumerate(facts[article.article_id].events):
            day = _event_day(mention, article)
            names = {p.canonical_name.casefold() for p in mention.partners}
            candidates = sorted({i for n in names for i in by_name.get((mention.event_type, n), ())})
            target, target_index = None, -1
            for i in candidates:
                event = merged[i]
                if i in own or article.article_id in event.sources:
                    continue
                if _can_merge(event, mention, day, days[i]):
                    target, target_index = event, i
                    break
            if target is None:
                event = _MergedEvent(
                    event_id=_hash_id("ev", article.article_id, index),
                    article_id=article.article_id,
                    mention=mention,
                    sources=[article.article_id],
                )
                own.append(len(merged))
                for n in names:
                    by_name.setdefault((mention.event_type, n), []).append(len(merged))
                merged.append(event)
                days.append(day)
                continue
            target.sources.append(article.article_id)
            known = [p.canonical_name.casefold() for p in target.mention.partners + target.extra_partners]
            new_partners = [p for p in mention.partners if p.canonical_name.casefold() not in known]
            target.extra_partners += new_partners
            for p in new_partners:
                by_name.setdefault((mention.event_type, p.canonical_name.casefold()), []).append(target_index)
            have = {s.sector for s in target.mention.sectors + target.extra_sectors}
            target.extra_sectors += [s for s in mention.sectors if s.sector not in have]
            existing = target.mention.amounts + [a for _, _, a in target.extra_amounts]
            for j, amount in enumerate(mention.amounts):
                if not any(_same_amount(amount, e) for e in existing):
                    target.extra_amounts.append((article.article_id, j, amount))
            if target.mention.date is None and mention.date is not None:
                target.mention.date, target.mention.date_precision = mention.date, mention.date_precision
    return merged


def _headline_cny(amounts: list[AmountMention]) -> float | None:
    counted = [a.amount_cny for a in amounts if a.counted and a.amount_cny is not None]
    return float(sum(counted)) if counted else None


def assemble_tables(articles: list[Article], facts: dict[str, ArticleFacts],
                    duplicates_of: dict[str, list[str]] | None = None) -> dict[str, pa.Table]:
    """All contract tables from cleaned articles and the facts extracted from the ok ones.

    ``duplicates_of`` maps a kept article to the ids of its duplicates; they are listed as further sources of
    the kept article's events.
    """
    duplicates_of = duplicates_of or {}
    events, sources, partners, sectors, amounts = [], [], [], [], []
    for merged in merge_events(articles, facts):
        m = merged.mention
        all_amounts = [(merged.article_id, i, a) for i, a in enumerate(m.amounts)] + merged.extra_amounts
        # a figure repeated by a second source is already dropped in merge_events; a merged event's own
        # amounts keep their `counted` flag from extraction
        events.append({
            "event_id": merged.event_id, "article_id": merged.article_id, "date": m.date,
            "date_precision": m.date_precision if m.date else None, "event_type": m.event_type,
            "summary": m.summary or None, "evidence": m.evidence, "place": m.place, "country": m.country,
            "lat": m.lat, "lon": m.lon,
            "domestic": bool(m.partners) and all(p.side == "chinese" for p in m.partners + merged.extra_partners),
            "amount_cny": _headline_cny([a for _, _, a in all_amounts]),
            "confidence": m.confidence,
        })
        source_ids = list(dict.fromkeys(
            aid for source in merged.sources for aid in [source, *duplicates_of.get(source, [])]
        ))
        sources += [{"event_id": merged.event_id, "article_id": aid} for aid in source_ids]
        seen_partners: set[str] = set()
        for p in m.partners + merged.extra_partners:
            key = p.canonical_name.casefold()
            if key in seen_partners:
                continue
            seen_partners.add(key)
            partners.append({
                "event_id": merged.event_id, "partner_id": _hash_id("pa", merged.event_id, key),
                "name": p.name, "canonical_name": p.canonical_name, "kind": p.kind, "country": p.country,
                "side": p.side, "role": p.role, "lat": p.lat, "lon": p.lon, "evidence": p.evidence,
            })
        seen_sectors: set[str] = set()
        for s in m.sectors + merged.extra_sectors:
            if s.sector in seen_sectors:
                continue
            seen_sectors.add(s.sector)
            sectors.append({"event_id": merged.event_id, "sector": s.sector, "evidence": s.evidence})
        for article_id, index, a in all_amounts:
            amounts.append({
                "event_id": merged.event_id, "amount_id": _hash_id("am", merged.event_id, article_id, index),
                "value": a.value, "currency": a.currency, "amount_cny": a.amount_cny, "fx_rate": a.fx_rate,
                "fx_date": a.fx_date, "fx_source": a.fx_source, "qualifier": a.qualifier, "kind": a.kind,
                "evidence": a.evidence, "counted": a.counted, "note": a.note,
            })
    return {
        "articles": schema.to_table("articles", (a.row() for a in articles)),
        "events": schema.to_table("events", events),
        "event_sources": schema.to_table("event_sources", sources),
        "partners": schema.to_table("partners", partners),
        "sectors": schema.to_table("sectors", sectors),
        "amounts": schema.to_table("amounts", amounts),
    }
