"""The extract stage: one article's text to its events, partners, amounts and sectors (pure).

One pass per extractor over the whole text (places, money, dates, sectors, partners, then the event triggers), each
result carrying character spans; ``events.detect_events`` then reads them sentence by sentence. Nothing is loaded
per call: every lexicon and compiled pattern is cached on first use.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from typing import Callable, TypeVar

from .amounts import find_amounts
from .dates import find_dates, lower_same_length, page_date
from .chinese import simplified_chinese
from .events import copy_partner, detect_events, headline_may_tell_visit, headline_visit
from .gazetteer import find_places
from .model import AmountMention, ArticleFacts, EventMention, PartnerMention, SectorMention
from .partners import PartnerScan, add_host_countries, find_partners, main_parties
from .schema import CHINESE_SIDE_COUNTRIES
from .sectors import describing_mentions, find_sectors
from .sentences import sentence_spans

T = TypeVar("T")


def extract_article(text: str, *, published: dt.date | None = None, language: str | None = None,
                    title: str | None = None) -> ArticleFacts:
    if not text or not text.strip():
        return ArticleFacts(on_topic=False, reason="no text")
    sentences = sentence_spans(text)
    # word lists are Simplified Chinese: a Traditional page is matched through its Simplified twin (same length)
    simplified = simplified_chinese(text)
    folded = lower_same_length(simplified)
    places = find_places(text)
    scan = find_partners(text, places, language, folded=folded)
    for partner in scan.partners:
        partner.evidence = _sentence_at(text, sentences, partner.start)
    # the places give shared currency names their country ('shillings' in a Kenyan story are KES)
    # one lower-casing serves the extractors: ``folded`` is the text's own when no Traditional character was folded
    amounts = find_amounts(text, language, sentences=sentences,
                           countries=[(p.start, p.place.country) for p in places if p.place.country],
                           lowered=folded if simplified is text else None)
    for amount in amounts:
        if not amount.evidence:
            amount.evidence = _sentence_at(text, sentences, amount.start)
    if published is None:
        # a page with no date of its own: the date its top shows stands in (a dateline, never a story's date)
        own = page_date(simplified, language)
        published = own.date if own is not None else None
    dates = find_dates(simplified, published, language, lowered=folded)
    sectors = find_sectors(text, language, sentences, simplified=simplified)
    chinese_places = [p.start for p in places if p.place.country in CHINESE_SIDE_COUNTRIES]
    # the title's parties are looked for only when needed: for the main parties (when a sentence names none, or
    # says "the two sides") or for a visit the headline may report
    title_scan = _once(lambda: _title_scan(title, language))
    detection = detect_events(
        text, sentences, folded=folded, partners=scan.partners, locations=scan.locations,
        destinations=scan.destinations, amounts=amounts, dates=dates, sectors=sectors, published=published,
        main_parties=lambda: main_parties(sentences, scan.partners, _title_partners(title, title_scan())),
        language=language, chinese_places=chinese_places,
    )
    if not detection.events:
        return ArticleFacts(on_topic=False, reason=detection.reason)
    add_host_countries(detection.events, places, scan.locations, scan.partners)
    _attach_loose_amounts(detection.events, amounts)
    _attach_loose_sectors(detection.events, describing_mentions(text, sectors))
    if title and title.strip() and headline_may_tell_visit(title, detection.events):
        headline = title_scan()
        visit = headline_visit(title, headline.partners, headline.destinations, detection.events, language)
        if visit is not None:
            detection.events.append(visit)
    return ArticleFacts(on_topic=True, events=detection.events)


def _attach_loose_sectors(events: list[EventMention], sectors: list[SectorMention]) -> None:
    """A sector named where no event is told ("The plant will make battery cells.") describes the event told
    before it (or the first event when it comes before them all), as money does; one row per sector and event.
    The caller leaves out talk about the relationship (sectors.describing_mentions)."""
    if not sectors:
        return
    ordered = sorted(events, key=lambda event: event.start)
    starts = [event.start for event in ordered]
    have: dict[int, set[str]] = {}  # id of an event -> its sectors
    for mention in sectors:
        event = ordered[max(0, bisect_right(starts, mention.start) - 1)]
        named = have.get(id(event))
        if named is None:
            named = have[id(event)] = {s.sector for s in event.sectors}
        if mention.sector not in named:
            event.sectors.append(mention)
            named.add(mention.sector)


def _attach_loose_amounts(events: list[EventMention], amounts: list[AmountMention]) -> None:
    """Money stated in a sentence of its own ("The plant will cost $490 million.") belongs to the event told before
    it, or to the first event when it comes before them all: reports name the deal, then give its figures.
    (Background figures, GDP or last year's trade, never reach here: find_amounts leaves them out.)"""
    taken = {(a.start, a.end) for event in events for a in event.amounts}
    ordered = sorted(events, key=lambda event: event.start)
    starts = [event.start for event in ordered]
    for amount in amounts:
        if (amount.start, amount.end) not in taken:
            ordered[max(0, bisect_right(starts, amount.start) - 1)].amounts.append(amount)
    for event in events:
        event.amounts = _once_each(event.amounts)


def _once_each(amounts: list[AmountMention]) -> list[AmountMention]:
    """One row per figure: a headline and its story, or a summary sentence, restate the same value in the same
    currency, and it is one figure of the event (the counted statement kept, else the first)."""
    if len(amounts) < 2:
        return amounts
    best: dict[tuple[float, str | None], AmountMention] = {}
    for a in amounts:
        key = (a.value, a.currency)
        if key not in best or (a.counted and not best[key].counted):
            best[key] = a
    return [a for a in amounts if best[(a.value, a.currency)] is a]


def _sentence_at(text: str, sentences: list[tuple[int, int]], position: int) -> str:
    i = bisect_right(sentences, (position, len(text) + 1)) - 1
    if i >= 0 and sentences[i][0] <= position < sentences[i][1]:
        return text[sentences[i][0]:sentences[i][1]]
    return ""


def _once(make: Callable[[], T]) -> Callable[[], T]:
    """``make``, called at the first call only; later calls give the same result."""
    made: list[T] = []

    def value() -> T:
        if not made:
            made.append(make())
        return made[0]
    return value


def _title_scan(title: str | None, language: str | None) -> PartnerScan | None:
    """The parties and destinations named in the title, at title positions."""
    if not title or not title.strip():
        return None
    return find_partners(title, find_places(title), language)


def _title_partners(title: str | None, scan: PartnerScan | None) -> list[PartnerMention]:
    """The title's parties as the article's main parties: copies with no span in the article text."""
    if scan is None:
        return []
    found = []
    for p in scan.partners:
        copy = copy_partner(p, p.role, title.strip())
        copy.evidence, copy.start, copy.end = title.strip(), -1, -1
        found.append(copy)
    return found
