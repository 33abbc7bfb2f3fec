"""Events: which sentences of an article state an economic event, of which type, with whom, when and where.

Rules (the data is ``data/lexicons/triggers.json``):

- **One event per sentence.** A sentence's triggers are matched for every language at once (so a wrong language
  guess costs nothing); a trigger inside a partner's name does not count ("Bank" in "Bank of China", "Forum" in
  "Forum Macao"), except a facility's or team's word ending it (entries marked ``ends_names``: "the Confucius
  Institute at Dodoma University was inaugurated", "five Chinese doctors arrived"), nor one inside a longer word listed in ``not_trigger`` ("feira" in "sexta-feira", "展览" in the
  venue "会议展览中心"). Its type is the highest in ``precedence`` among the triggers that hold: a *strong* trigger holds on
  its own ("visited", "访问"); a *weak* one only with a cue of its ``needs`` in the sentence (a document word needs a
  signing verb: "signed … MoU"; "investment" needs a money figure or a signing; "forum" needs "held"/"举行").
  So an MoU signed during a visit is one ``mou`` event; the visit is an event of its own only when another sentence
  reports it with nothing ranked higher. A signing with no document word ("signed seven projects") is an
  ``agreement``. A signed deal to sell or buy goods (an order, a supply or purchase agreement: entries marked
  ``sale``) is a ``contract`` and no agreement besides. A signed loan or swap agreement is a ``finance`` event and an ``agreement`` event (the document
  word inside "loan agreement", "кредитные соглашения" still counts, with its signing cue); a generic "document"
  ("Документ подписали") names no kind of deal, so its signing is a bare one.
- **Plans are not events.** When every cue or trigger that would make the event is preceded (within a few words) by
  a future, intent or negation word ("will sign", "plans to", "将签署", "намерены", "did not sign"), the sentence
  gives no event; an article whose only deals are planned is off topic with the reason "only planned or future
  deals". A plain future before an investment word whose sentence states the sum is an announcement, not a plan
  ("BYD vai investir R$ 3 bilhões", "will invest $1 billion": ``announced_future``), and so is a sum of lending or
  aid announced ("将提供500亿元人民币贷款", "said it would provide a soft loan of $2.8 million"); intent words ("plans to",
  "pretende", "considering") keep it a plan; "is set to" announces a sum of lending or aid only
  (``announced_finance``): "is set to invest $500 million" stays a plan. A future told right after a commitment is
  what was pledged ("pledged that it would donate medical equipment" is aid pledged, as "agreed to donate" is;
  ``commitment`` words), for aid only: "agreed that they would sign" stays a plan. (Bare infinitives such as "sign"/"establish" are not cues at all, only past or ongoing forms.)
- **Partners** of an event are the partners named in its sentence; a sentence naming none, or saying "the two
  sides"/"双方"/"стороны", also takes the article's main parties (those of the title, else of the first of the
  opening sentences that names any).
- **Several sentences, one event.** A later mention merges into an earlier event of the article when they have
  the same type, their dates do not disagree (a mention dated by its own sentence must agree, at the coarser of the
  two precisions, with the earlier event's own or inherited date), and their partners are not two different full
  sets (both with two or more partners and none shared); a bare signing or an ``investment`` mention that shares a
  partner with an earlier signed event folds into it ("… signed seven projects with a total investment of …" after
  the framework agreement), so its money and date join that event; an agreement named by its own document word
  ("un accord de coopération") stays an event of its own.
- **A facility's financing is part of its opening.** Lending that the story of an opening or construction
  ("commissioned the dam", "inaugurated the railway") mentions with no signing of its own and no disagreeing date
  ("most of the cost was financed by a loan from …") folds into the opening: its money and lenders join it.
- **A headline's visit.** When the body tells events but no visit, a visit the title reports ("… as Xi visits
  Rome"; present-tense headline words are in ``headline_visit``) is an event too, with the title's parties and the
  date of the story's first dated event (``headline_visit``, called by extract).
- **Date**: the date of the evidence sentence told nearest the event's own words (its triggers and cues: "a 2011
  report says that in 2007 China donated …" is 2007; of a span, "from 2009 to 2013", "in 2002 and 2003", its start),
  the most precise among equals, that is not background
  ("formed in 2018"), nor told after a
  future word ("which Honiara will host in November": a plan's date; a negation is no future: "debts were
  cancelled by China in June 2001" is dated June 2001), nor the page's
  dateline (the first date near the top standing apart from the story's sentences: filling most of its line, or
  opening it after nothing or a short heading, "Beijing, 5 May 2009"; further down only a date filling its line
  stands apart, while "12 March 2015: China and Zambia signed ..." dates a timeline's entry) nor a horizon (a bare year after the publication year: "by 2022",
  or a Chinese target year "到2040年");
  else the nearest date before the sentence in the article; else,
  for a headline or lead before any dated sentence, the date of one of the next two sentences; else the
  publication date with precision lowered to ``month`` (an
  article reports events of the last weeks, rarely of its own day). A merged mention with a date of its own
  replaces an inherited one. The dateline rule is ``dates.first_dateline``, the one that also picks a page's own
  date when it has no publication date (``dates.page_date``, called by extract): a date told in the story never
  stands in for the publication date, so every publication date measures background and horizons.
- **Place**: a place after a locative or destination word ("in Hengqin", "went to X", "в Шэньчжэне") near the
  sentence's trigger or cue; else unknown.
- **China tie**: an event is kept when a partner is on the Chinese side, a partner's name names China ("Portugal-
  China SME Chamber"), its sentence names China ("with Chinese firms"), it happened in China, or (no partner's
  side being known) the article names China. Otherwise
  it is dropped, and an article left with no event is off topic with the reason "no Chinese party". An event
  sentence holding sport, weather or crime words is dropped too, unless its event is aid given (entries marked
  ``giving``: "donated $1 million for earthquake relief", "donated sports equipment"), but not when its only giving
  words are also common in ordinary news (``common_giving``: "helped fund" a club's stadium, a striker signed "with a
  loan from" a club, "rendered assistance" to a hiker).
- ``confidence``: 0.85 for a signed document, 0.75 for a strong trigger, 0.7 for a weak trigger held by a
  non-signing cue, 0.6 for a bare signing; +0.05 with two or more partners of its own, -0.15 with none, -0.1 when the
  date is the publication date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import Any, Callable

import ahocorasick_rs

from . import paths
from .chinese import simplified_chinese
from .dates import fills_its_line, first_dateline, lower_same_length
from .model import AmountMention, EventMention, PartnerMention, SectorMention
from .schema import CHINESE_SIDE_COUNTRIES
from .sectors import describing_mentions

HEDGE_WINDOW = 40  # characters before a cue in which "will"/"plans to"/"not" make it a plan (Latin, Cyrillic)
HEDGE_WINDOW_CJK = 30  # the same for Chinese, cut at the clause's start
COMMITMENT_REACH = 30  # characters from a commitment ("agreed that") to its future word ("the Chinese side would")
LEAD_REACH = 2  # a sentence with no date before it takes the date of one of the next this many sentences
PRECEDING_REACH = 3  # sentences back, in one paragraph, from which any date told dates a sentence with none
PLACE_WINDOW = 60  # a location counts for an event when this close to one of the sentence's triggers or cues
SIGNED_TYPES = frozenset({"mou", "agreement", "contract", "investment", "finance", "partnership"})
DOCUMENT_TYPES = frozenset({"mou", "agreement", "contract"})  # words naming a signed paper
FOLDING_TYPES = frozenset({"agreement", "investment"})
ANNOUNCED_TYPES = frozenset({"investment", "finance"})  # a sum announced for them ("will provide $2 million") is told
DOCUMENT_CARRIERS = frozenset({"finance"})  # types whose terms may name the signed paper ("loan agreement")

CONFIDENCE_SIGNED, CONFIDENCE_STRONG, CONFIDENCE_WEAK, CONFIDENCE_BARE_SIGNING = 0.85, 0.75, 0.7, 0.6


# --- term matching, shared with partners.py ------------------------------------------------------------------------

CJK_FIRST = "\u2e80"  # the first character is_cjk counts (its lowest bound): no character before it is CJK


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FA1F


def bounded(ch: str) -> bool:
    """Latin, Greek and Cyrillic words need word boundaries; Chinese and Arabic terms match anywhere."""
    return ch.isalnum() and not is_cjk(ch) and not is_arabic(ch)


def is_arabic(ch: str) -> bool:
    return 0x0600 <= ord(ch) <= 0x06FF


def word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


_bounded, _word_char = bounded, word_char  # the names partners.py imported first

ARABIC_PARTICLE_CHARS = 2  # an Arabic term this short is a particle ("لم", "لن"): a whole word, not part of one


_START, _END = itemgetter(0), itemgetter(1)
_DFA = ahocorasick_rs.Implementation.DFA


class TermMatcher:
    """All terms at once (Aho-Corasick), with word-boundary rules; a term ending in '*' is a stem.

    ``find(haystack)`` -> [(start, end, label)], overlapping matches included, in order of start.

    The automaton holds each word once, whatever number of terms (languages, families) list it: one match of
    "china" gives the labels of all its terms, in the terms' order (each term's match comes out as before, only the
    automaton no longer reports the same word once per term).
    """

    def __init__(self, terms: list[tuple[str, Any]], fold: bool = True) -> None:
        index_of: dict[str, int] = {}
        lefts: list[bool] = []
        runs: list[list[tuple[bool, bool, list[Any]]]] = []  # per word: (right, stem, labels), its terms in order
        for term, label in terms:
            stem = term.endswith("*")
            word = term.rstrip("*").strip()
            if fold:
                word = word.lower()
            if not word:
                continue
            # clitics join Arabic words, so Arabic terms match inside words, except particles: "لم" (not) is also
            # the start of every "الم…" word
            particle = len(word) <= ARABIC_PARTICLE_CHARS and all(map(is_arabic, word))
            right = particle or (not stem and bounded(word[-1]))
            index = index_of.setdefault(word, len(index_of))
            if index == len(runs):
                lefts.append(particle or bounded(word[0]))
                runs.append([])
            word_runs = runs[index]
            if word_runs and word_runs[-1][:2] == (right, stem):
                word_runs[-1][2].append(label)
            else:
                word_runs.append((right, stem, [label]))
        # (left, right, stem, first label, all labels when more than one); right is None for a word that is a stem
        # and a whole word both, whose runs of terms are then in the last field
        self._meta: list[tuple[bool, bool | None, bool, Any, Any]] = []
        for left, word_runs in zip(lefts, runs):
            if len(word_runs) == 1:
                right, stem, labels = word_runs[0]
                self._meta.append((left, right, stem, labels[0], tuple(labels) if len(labels) > 1 else None))
            else:
                self._meta.append((left, None, False, None, tuple((r, st, tuple(ls)) for r, st, ls in word_runs)))
        # a DFA scans faster than the default NFA (same matches); built once per lexicon. An ASCII text is searched
        # as bytes, where the offsets are the same and the search takes a tenth of the time (a word with other
        # characters cannot match there)
        words = list(index_of)
        self._automaton = ahocorasick_rs.AhoCorasick(words, implementation=_DFA) if words else None
        self._ascii_automaton = (ahocorasick_rs.BytesAhoCorasick([w.encode() for w in words], implementation=_DFA)
                                 if words else None)

    def find(self, haystack: str) -> list[tuple[int, int, Any]]:
        if self._automaton is None or not haystack:
            return []
        out = []
        append = out.append
        meta = self._meta
        n = len(haystack)
        if haystack.isascii():
            matches = self._ascii_automaton.find_matches_as_indexes(haystack.encode("ascii"), overlapping=True)
        else:
            matches = self._automaton.find_matches_as_indexes(haystack, overlapping=True)
        for index, start, end in matches:
            left, right, stem, label, labels = meta[index]
            if left and start:
                before = haystack[start - 1]  # word_char inlined: this loop runs for every match of every term
                if before.isalnum() or before == "_":
                    continue
            if right is None:
                for run_right, run_stem, run_labels in labels:
                    run_end = _word_end(haystack, end, run_right, run_stem)
                    if run_end >= 0:
                        out += [(start, run_end, each) for each in run_labels]
                continue
            if right and end < n:
                after = haystack[end]
                if after.isalnum() or after == "_":
                    continue
            if stem:  # a stem's match runs to the end of its word ("правительств*" -> "правительство")
                while end < n and word_char(haystack[end]) and not is_cjk(haystack[end]):
                    end += 1
            if labels is None:
                append((start, end, label))
            else:
                out += [(start, end, each) for each in labels]
        # by start, the longest first among equal starts, else as found: two stable sorts on plain keys (the last
        # one decides, the first breaks its ties) cost less than building a (start, -end) key for every match
        out.sort(key=_END, reverse=True)
        out.sort(key=_START)
        return out


def _word_end(haystack: str, end: int, right: bool, stem: bool) -> int:
    """Where a match ending at ``end`` ends as a term (a stem's runs to the end of its word), or -1 when a whole
    word's match goes on into a longer word."""
    n = len(haystack)
    if right and end < n and word_char(haystack[end]):
        return -1
    if stem:
        while end < n and word_char(haystack[end]) and not is_cjk(haystack[end]):
            end += 1
    return end


# --- the lexicon ---------------------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Lexicon:
    # labels ("trigger", type, needs, entry) / ("cue", name) / (group,) / ("hedge", language, announces, future)
    main: TermMatcher
    hedge_languages: frozenset[str]  # languages with future and negation words of their own
    china: TermMatcher
    precedence: list[str]
    rank: dict[str, int]
    needs: dict[str, tuple[str, ...]]
    default_signed_type: str
    summary_stop: frozenset[str]
    opening_entries: frozenset[str]  # entries telling a facility's opening or construction ("project")
    headline_visit: TermMatcher  # present-tense visit words of headlines ("Xi visits Rome")
    sale_entries: frozenset[str]  # entries telling a deal to sell or buy goods: its agreement is a contract
    giving_entries: frozenset[str]  # entries telling aid given ("donated", "granted … $1 million"): relief, not news
    name_ending_entries: frozenset[str]  # facilities and people sent: their word may end a partner's name


@lru_cache(maxsize=1)
def _triggers_data() -> dict:
    return json.loads((paths.LEXICON_DIR / "triggers.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    data = _triggers_data()
    terms: list[tuple[str, Any]] = []
    needs = {}
    for entry, spec in data["types"].items():
        # an entry is an event type, or a group of words of another type with needs of its own ("project")
        event_type = spec.get("event_type", entry)
        needs[entry] = tuple(spec.get("needs", ()))
        for strength in ("strong", "weak"):
            for words in spec.get(strength, {}).values():
                terms += [(w, ("trigger", event_type, None if strength == "strong" else needs[entry], entry))
                          for w in words]
    for cue, by_language in data["cues"].items():
        terms += [(w, ("cue", cue)) for words in by_language.values() for w in words]
    for group in ("anaphora", "continuation", "date_background", "off_topic", "china", "not_trigger", "commitment",
                  "common_giving"):
        terms += [(w, (group,)) for words in data[group].values() for w in words]
    # future and negation words ride the same pass, labelled by language: an article's own language's words
    # count when it has any, else every language's
    hedge_groups = ("future", "negation")
    # a hedge "announces" (True), announces a sum of lending or aid only ("finance": "is set to receive a loan", but
    # "is set to invest" stays a plan), or is a plan or negation (False)
    announced = {(lang, w): True for lang, words in data["announced_future"].items() for w in words}
    announced |= {(lang, w): "finance" for lang, words in data["announced_finance"].items() for w in words}
    terms += [(w, ("hedge", lang, announced.get((lang, w), False), g == "future"))
              for g in hedge_groups for lang, words in data[g].items() for w in words]
    precedence = list(data["precedence"])
    return _Lexicon(
        # a word listed twice with one meaning ("china" under four languages, "signed" as a signing cue in two
        # lists) is one term: the scan files each match under its sentence once
        main=TermMatcher(_distinct(terms)),
        hedge_languages=frozenset(lang for g in hedge_groups for lang in data[g]),
        china=TermMatcher([(w, "china") for words in data["china"].values() for w in words]),
        precedence=precedence,
        rank={t: i for i, t in enumerate(precedence)},
        needs=needs,
        default_signed_type=data["default_signed_type"],
        summary_stop=frozenset(w for words in data["summary_stop"].values() for w in words),
        opening_entries=frozenset(entry for entry, spec in data["types"].items() if spec.get("opening")),
        sale_entries=frozenset(entry for entry, spec in data["types"].items() if spec.get("sale")),
        giving_entries=frozenset(entry for entry, spec in data["types"].items() if spec.get("giving")),
        name_ending_entries=frozenset(entry for entry, spec in data["types"].items() if spec.get("ends_names")),
        headline_visit=TermMatcher([(w, "visit") for words in data["headline_visit"].values() for w in words]),
    )


def _distinct(terms: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The terms less those repeating an earlier one: the same word (as matched: lower-cased, stripped) and stem
    with the same label."""
    seen: set[tuple[str, bool, Any]] = set()
    kept = []
    for term, label in terms:
        key = (term.rstrip("*").strip().lower(), term.endswith("*"), label)
        if key not in seen:
            seen.add(key)
            kept.append((term, label))
    return kept


# --- detection -----------------------------------------------------------------------------------------------------

@dataclass(slots=True)
class _SentenceFacts:
    start: int
    end: int
    # start, end, type, needs (None: strong), lexicon entry ("project" for an investment told by a facility opening)
    triggers: list[tuple[int, int, str, tuple | None, str]] = field(default_factory=list)
    cues: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    # start, end, a plain future ("will"), a future or intent word (not a negation)
    hedges: list[tuple[int, int, bool, bool]] = field(default_factory=list)
    groups: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


DATE_OWN, DATE_PRECEDING, DATE_PUBLISHED, DATE_NONE = 3, 2, 1, 0  # where an event's date came from


@dataclass(slots=True)
class _Mention:
    event: EventMention
    date_source: int
    signed: bool
    own_partners: int
    anchors: list[int]
    sentence_index: int
    bare: bool = False  # a signing with no document word ("signed seven projects")
    opening: bool = False  # an investment told by a facility's opening or construction ("inaugurated the dam")


@dataclass(slots=True)
class Detection:
    events: list[EventMention]
    reason: str | None  # why there is no event, when there is none


def _in_spans(start: int, end: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect_right(starts, start) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def _ends_span(end: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """True when a span (of the sorted, non-nested ``spans``) ends at ``end``: the word ends a partner's name."""
    i = bisect_right(starts, end) - 1
    return i >= 0 and spans[i][1] == end


def _scan(text: str, folded: str, sentences: list[tuple[int, int]], partner_spans: list[tuple[int, int]],
          language: str | None) -> list[_SentenceFacts]:
    lex = lexicon()
    facts = [_SentenceFacts(s, e, [], {}, [], {}) for s, e in sentences]
    p_starts = [s for s, _ in partner_spans]
    hedge_language = language if language in lex.hedge_languages else None
    name_ending = lex.name_ending_entries
    # the matches come in order of start: the sentence holding each is found by walking the sentences once (the
    # last sentence starting at or before the match, as a bisect of their starts would find it); before the first
    # sentence, ``sentence_end`` 0 drops every match
    count = len(facts)
    i = -1
    next_start = facts[0].start if facts else _NEVER
    sentence, sentence_end, groups = None, 0, None
    for start, end, label in lex.main.find(folded):
        if next_start <= start:
            i += 1
            while i + 1 < count and facts[i + 1].start <= start:
                i += 1
            sentence = facts[i]
            sentence_end, groups = sentence.end, sentence.groups
            next_start = facts[i + 1].start if i + 1 < count else _NEVER
        if start >= sentence_end:
            continue
        kind = label[0]
        if kind == "trigger":
            k = bisect_right(p_starts, start) - 1  # _in_spans inlined: the partner span starting last before
            if k >= 0 and end <= partner_spans[k][1] and not (
                    label[3] in name_ending and _ends_span(end, partner_spans, p_starts)):
                continue  # "Bank" in "Bank of China", but a facility or team a name ends with is named ("… Hospital")
            # a trigger inside a longer word that is none ("feira" in "sexta-feira", "展览" in "会议展览中心")
            blank = groups.get("not_trigger")
            if blank and any(s <= start and end <= e for s, e in blank):
                continue
            # a word inside a longer trigger of another type is part of it ("agreement" in "loan agreement")
            triggers = sentence.triggers
            if triggers and _nested(triggers, start, end, label[1]):
                continue
            triggers.append((start, end, label[1], label[2], label[3]))
        elif kind == "cue":
            cues = sentence.cues.get(label[1])
            if cues is None:
                sentence.cues[label[1]] = [(start, end)]
            else:
                cues.append((start, end))
        elif kind == "hedge":
            if hedge_language is None or label[1] == hedge_language:
                sentence.hedges.append((start, end, label[2], label[3]))
        else:  # a group of words ("china", the most frequent, "continuation", "not_trigger", ...)
            spans = groups.get(kind)
            if spans is None:
                groups[kind] = [(start, end)]
            else:
                spans.append((start, end))
    # a longer word found at the trigger's own start comes after it ("besuch*" in "Besucher"): drop those too
    for sentence in facts:
        blank = sentence.groups.get("not_trigger")
        if blank and sentence.triggers:
            sentence.triggers = [t for t in sentence.triggers if not any(s <= t[0] and t[1] <= e for s, e in blank)]
    return facts


_NEVER = float("inf")  # the start of the sentence after the last one


def _nested(triggers: list[tuple[int, int, str, Any, str]], start: int, end: int, event_type: str) -> bool:
    """True when [start, end) lies inside an earlier-found trigger of another type (matches come longest first).

    A document word inside a lending term stays ("agreement" in "loan agreement"): a signed loan agreement is
    lending and a signed agreement (it still needs its signing cue to count)."""
    for t_start, t_end, t_type, _, _ in triggers:
        if t_start <= start and end <= t_end and t_type != event_type and (t_start, t_end) != (start, end):
            return not (t_type in DOCUMENT_CARRIERS and event_type in DOCUMENT_TYPES)
    return False


def _hedged(text: str, position: int, sentence: _SentenceFacts, announced_ok: bool = False,
            futures_only: bool = False, pledged_ok: bool = False, finance_ok: bool = False) -> bool:
    """True when a future, intent or negation word comes shortly before ``position``; with ``announced_ok`` a plain
    future ("will", "vai", "将") does not count (an announced investment with its sum is an investment); with
    ``futures_only`` a negation does not count (a date after "cancelled" is when the debt was cancelled); with
    ``pledged_ok`` a plain future told right after a commitment ("agreed that it would donate") does not count: it
    says what was pledged; a future announcing only lending or aid ("is set to") does not count with ``finance_ok``
    too."""
    if not sentence.hedges:
        return False
    if position < len(text) and is_cjk(text[position]):
        # Chinese: back to the start of the clause ("计划与俄方签署" puts the partner between plan and signing)
        low = _clause_start(text, max(sentence.start, position - HEDGE_WINDOW_CJK), position, sentence.start)
        if text.startswith(_CJK_AND, low) and low > sentence.start:
            # "计划向走廊投资90亿美元，并在瓜达尔投资建设炼厂": a clause opened by "and" shares the plan before it
            low = _clause_start(text, max(sentence.start, low - 1 - HEDGE_WINDOW_CJK), low - 1, sentence.start)
    else:
        low = max(sentence.start, position - HEDGE_WINDOW)
    pledges = sentence.groups.get("commitment") if pledged_ok else None
    return any(low <= s and e <= position and not (announced_ok and plain and (plain is True or finance_ok))
               and (future or not futures_only)
               and not (pledges and plain and _pledged(s, pledges))
               for s, e, plain, future in sentence.hedges)


def _pledged(hedge_start: int, pledges: list[tuple[int, int]]) -> bool:
    """True when a commitment word ("agreed that", "promised that") ends shortly before the future word at
    ``hedge_start``: "agreed that it would donate" tells a pledge made, as "agreed to donate" does."""
    return any(e <= hedge_start and hedge_start - e <= COMMITMENT_REACH for _s, e in pledges)


_CJK_AND = ("并", "且", "以及", "同时")


def _clause_start(text: str, low: int, position: int, sentence_start: int) -> int:
    """The start of the Chinese clause holding ``position`` (not before ``low``)."""
    for delimiter in "，；：,;":
        low = max(low, text.rfind(delimiter, sentence_start, position) + 1)
    return low


def _document_follows(text: str, end: int, sentence: _SentenceFacts) -> bool:
    """True when a document word comes right after position ``end`` ("investment agreement", "投资协定")."""
    for start, _e, event_type, _strong, _ in sentence.triggers:
        if start >= end and event_type in DOCUMENT_TYPES and not text[end:start].strip():
            return True
    return False


def _classify(text: str, sentence: _SentenceFacts, has_amount: bool
              ) -> tuple[list[tuple[str, float, list[int], list[int]]], bool, bool, bool]:
    """([(type, confidence, anchor positions, own positions)] best first, signed, hedged-only, opening) for one
    sentence; [] when no event. The anchors are the type's triggers and cues and the sentence's other triggers; its
    own positions only the type's triggers and the cues that made it hold (its date is the one told nearest them).
    ``opening``: its investment is told only by a facility's opening or construction.

    Every type whose trigger holds gives an event ("signed 21 agreements during a state visit, including a loan"
    reports the agreements, the visit and the loan); a meeting held during a visit is part of the visit.
    """
    lex = lexicon()
    held: dict[str, tuple[float, list[int]]] = {}
    entries: dict[str, set[str]] = {}  # the lexicon entries that made each held type
    hedged_any = False
    hedges = sentence.hedges
    for start, end, event_type, needs, entry in sentence.triggers:
        if needs is None:
            positions, confidence = [start], CONFIDENCE_STRONG
        else:
            positions = []
            confidence = CONFIDENCE_WEAK
            # "investment agreement": the word names the document's subject; it is an event of its own only with money
            # (asked only once a cue of its needs is there: most weak words have none in their sentence)
            modifier = None
            for need in needs:
                if need == "amount":
                    if has_amount:
                        positions.append(start)
                    continue
                cues = sentence.cues.get(need)
                if not cues:
                    continue
                if modifier is None:
                    modifier = event_type not in DOCUMENT_TYPES and _document_follows(text, end, sentence)
                if not modifier:
                    positions += [s for s, _ in cues]
                    if need == "sign":
                        confidence = CONFIDENCE_SIGNED
        # a sum announced for an investment ("will invest $1 billion") is an investment, not a plan; so is a sum of
        # aid announced ("will present $4.8 million worth of humanitarian assistance")
        if hedges:
            announced_ok = event_type in ANNOUNCED_TYPES and has_amount and needs is not None and (
                "amount" in needs or entry in lex.giving_entries)
            # aid pledged: "agreed that it would donate" (a signing so told stays a plan)
            pledged_ok = entry in lex.giving_entries
            asserted = [p for p in positions if not _hedged(text, p, sentence, announced_ok, pledged_ok=pledged_ok,
                                                             finance_ok=event_type == "finance")]
        else:
            asserted = positions  # no future or negation word in the sentence: nothing is hedged
        if positions and not asserted:
            hedged_any = True
        if asserted:
            entries.setdefault(event_type, set()).add(entry)
            best = held.get(event_type)
            if best is None or confidence > best[0]:
                held[event_type] = (confidence, asserted + [start])
    signings = [s for s, _ in sentence.cues.get("sign", ())]
    # (with no future or negation word in the sentence, no signing is hedged)
    signed = bool(signings) and (not hedges or any(not _hedged(text, p, sentence) for p in signings))
    if signings and not any(t in SIGNED_TYPES for t in held):
        if signed:
            held[lex.default_signed_type] = (CONFIDENCE_BARE_SIGNING, signings)
        else:
            hedged_any = True
    if not held:
        # "will sign an agreement": the infinitive is no cue, but the plan is why there is no event
        if sentence.triggers and sentence.hedges and sentence.hedges[0][0] < sentence.triggers[0][0]:
            hedged_any = True
        return [], False, hedged_any, False
    if "visit" in held:
        held.pop("meeting", None)
    if "meeting" in held and entries.get("investment", {"-"}) <= lex.opening_entries:
        # "inauguraron el terminal … en la antesala de la cumbre": the inauguration opens the facility, not the summit
        opened = set(held["investment"][1])
        if all(p in opened for p in held["meeting"][1][:-1]):
            held.pop("meeting")
    if "agreement" in held and entries.get("contract", set()) & lex.sale_entries:
        held.pop("agreement")  # "signed an agreement to supply LNG", "a purchase agreement": the deal is a contract
    if len(held) > 1:
        held.pop("other", None)  # 'other' is what a sentence reports when no named type fits
    every_trigger = [t[0] for t in sentence.triggers]
    ranked = sorted(held, key=lambda t: lex.rank.get(t, 99))
    opening = "investment" in held and entries.get("investment", set()) <= lex.opening_entries
    return ([(t, held[t][0], sorted(set(held[t][1] + every_trigger)), sorted(set(held[t][1]))) for t in ranked],
            signed, False, opening)


def _gives_aid(sentence: _SentenceFacts, typed: list[tuple[str, float, list[int], list[int]]]) -> bool:
    """True when the sentence's finance or assistance event is aid given ("donated $1 million for earthquake relief",
    "donated sports equipment", "a Chinese medical team treated earthquake victims"): a gift or a team sent for a
    disaster or a team of athletes is aid, so sport and weather words do not drop it. A giving word also common in
    ordinary news (``common_giving``: "with a loan from", "helped fund", "rendered assistance", "as a gift",
    "blankets") is not enough: a striker signed with a loan from a club, a billionaire who helped fund a club's
    stadium, boots a fan gave a player. A facility given is ("a stadium built as a gift of the Chinese government")."""
    if not any(t[0] in ("finance", "other") for t in typed):
        return False
    giving = lexicon().giving_entries
    common = sentence.groups.get("common_giving", ())
    # a giving word whose needs are met (a facility word given by its verb: "stadium" with "as a gift", not with
    # "helped fund"), and not one of the common ones
    return any(entry in giving and event_type in ("finance", "other")
               and (needs is None or "amount" in needs or any(need in sentence.cues for need in needs))
               and not any(s <= start and end <= e for s, e in common)
               for start, end, event_type, needs, entry in sentence.triggers)


LENDING_KINDS = frozenset({"bank", "international_org"})


def _first_each(items: list, key: Callable[[Any], Any]) -> list:
    """The first item of each key, in their order."""
    first: dict = {}
    for item in items:
        first.setdefault(key(item), item)
    return list(first.values())


def _role(event_type: str, partner: PartnerMention, anchor: int, lender_named: bool = False) -> str:
    if event_type in ("mou", "agreement", "contract", "partnership"):
        return "signatory"
    if event_type == "finance":
        if partner.kind in LENDING_KINDS:
            return "lender"
        # with no bank named, the Chinese side is who gives the loan, grant or aid ("China donated ten boats",
        # "Beijing granted Laos RMB 20 million"), the other side who receives it
        return "lender" if not lender_named and partner.side == "chinese" else "borrower"
    if event_type == "investment":
        return "investor" if partner.start < anchor else "investee"
    if event_type == "visit":
        return "visitor" if partner.start < anchor else "host"
    return "participant"


# the words after a deal's noun that name its subject ("acordo de cooperação"), compiled once
_SUMMARY_TAIL = re.compile(r"\s+(?:de|do|da|of|on|о|об|du|des|sobre|sur|über|de la)\s+[^\s,.;:]+(?:\s+[^\s,.;:]+)?")


@lru_cache(maxsize=1)
def _stops_by_length() -> tuple[tuple[int, frozenset[str]], ...]:
    by_length: dict[int, set[str]] = {}
    for word in lexicon().summary_stop:
        by_length.setdefault(len(word), set()).add(word)
    return tuple((n, frozenset(words)) for n, words in sorted(by_length.items()))


def _summary_phrase(text: str, event_type: str, sentence: _SentenceFacts, language: str | None) -> str:
    """The words naming the deal ("strategic cooperation framework agreement"), else the event type."""
    lex = lexicon()
    best = None
    for start, end, t, _, _ in sentence.triggers:
        if t == event_type:
            best = (start, end)
            break
    if best is None:
        return event_type.replace("_", " ")
    start, end = best
    if is_cjk(text[start]):
        head = start
        stops = _stops_by_length()
        while head > sentence.start and start - head < 10 and is_cjk(text[head - 1]):
            if any(text[head - n:head] in words for n, words in stops if n <= head - sentence.start):
                break
            head -= 1
        return text[head:end]
    # English puts the deal's modifiers before its noun; other languages after it ("acordo de cooperação")
    # (the loop below reads at most the last five words: only those are split off)
    words = _last_words(text, sentence.start, start) if language in (None, "en") else []
    modifiers: list[str] = []
    for word in reversed(words):
        clean = word.strip(",.;:“”\"'()")
        if (not clean or clean != word or clean.lower() in lex.summary_stop or not clean.isalpha()
                or not clean.islower() or len(modifiers) == 4):
            break
        modifiers.insert(0, clean)
    phrase = " ".join(modifiers + [text[start:end]])
    tail = _SUMMARY_TAIL.match(text, end, sentence.end)
    if tail and not modifiers:
        phrase += tail.group(0)
    return " ".join(phrase.split())


SUMMARY_REACH = 160  # characters before a deal's noun read first for its modifiers (a sentence can be a page long)


def _last_words(text: str, start: int, end: int) -> list[str]:
    """text[start:end].rsplit(None, 5), reading only the characters near ``end`` when they hold six pieces (the
    five last words are then whole)."""
    if end - start > SUMMARY_REACH:
        words = text[end - SUMMARY_REACH:end].rsplit(None, 5)
        if len(words) == 6:
            return words
    return text[start:end].rsplit(None, 5)


def _summary(event: EventMention, phrase: str) -> str:
    names = list(dict.fromkeys(p.canonical_name for p in event.partners))[:3]
    return f"{' – '.join(names)}: {phrase}" if names else phrase


def copy_partner(partner: PartnerMention, role: str, evidence: str) -> PartnerMention:
    # field by field: copy.copy of a slots dataclass goes through __reduce_ex__ and was a tenth of this stage
    return PartnerMention(partner.name, partner.canonical_name, partner.kind, partner.country, partner.side, role,
                          partner.evidence or evidence, partner.start, partner.end, partner.lat, partner.lon)


def detect_events(
    text: str,
    sentences: list[tuple[int, int]],
    *,
    folded: str,
    partners: list[PartnerMention],
    locations: list[Any],
    destinations: list[Any],
    amounts: list[AmountMention],
    dates: list[Any],
    sectors: list[SectorMention],
    published: dt.date | None,
    main_parties: list[PartnerMention] | Callable[[], list[PartnerMention]],
    language: str | None = None,
    china_in_article: bool = False,
    chinese_places: list[int] = (),
) -> Detection:
    """The events of one article, from the facts the other extractors found in it (all with spans).

    ``chinese_places`` are the starts of the places on the Chinese side named in the text; ``china_in_article``
    says that China is named somewhere (the China words of the lexicon are also looked for here).
    ``main_parties`` may be a function giving them: it is called only when a sentence needs them."""
    partner_spans = [(p.start, p.end) for p in partners]
    scanned = _scan(text, folded, sentences, partner_spans, language)
    amounts = sorted(amounts, key=lambda a: a.start)  # sorted once: a sentence's share is a slice (bisect)
    amount_starts = [a.start for a in amounts]
    hedged_only = off_topic = False
    classified: dict[int, tuple[list[tuple[str, float, list[int], list[int]]], bool, bool]] = {}
    for index, sentence in enumerate(scanned):
        if not sentence.triggers and "sign" not in sentence.cues:
            continue
        lo = bisect_left(amount_starts, sentence.start)
        has_amount = lo < len(amount_starts) and amount_starts[lo] < sentence.end
        typed, signed, hedged, opening = _classify(text, sentence, has_amount)
        if not typed:
            hedged_only = hedged_only or hedged
            continue
        if sentence.groups.get("off_topic") and not _gives_aid(sentence, typed):
            off_topic = True
            continue
        classified[index] = (typed, signed, opening)
    if not classified:
        # no sentence tells an event: the partners, dates and places are not read
        return Detection([], _no_event_reason(False, off_topic, hedged_only))

    by_start = sorted(partners, key=lambda p: p.start)
    partner_starts = [p.start for p in by_start]
    sectors_by_start = sorted(sectors, key=lambda m: m.start)
    sector_starts = [m.start for m in sectors_by_start]
    dates = sorted(dates, key=lambda d: d.start)
    background = [(s, e) for sf in scanned for s, e in sf.groups.get("date_background", ())]
    # the page's dateline, and dates filling their line (a section's date), date no event; the cheap tests first
    page_line = first_dateline(text, dates)
    background_dates = _background_dates(text, dates, background) if background else set()
    usable_dates = [d for d in dates if d is not page_line and not _horizon(d, published)
                    and not _target_year(text, d)
                    and not (background and id(d) in background_dates)
                    and not fills_its_line(text, d)]
    date_starts = [d.start for d in usable_dates]
    mentions: list[_Mention] = []
    # the main parties are worked out when a sentence first needs them (about half the articles never do)
    parties = None if callable(main_parties) else main_parties

    # a sentence's places are a slice when the lists come sorted by start (they do from partners.find_partners);
    # otherwise each sentence filters the whole list, keeping the given order
    location_starts = _sorted_starts(locations)
    destination_starts = _sorted_starts(destinations)

    for index, (typed, signed, opening) in classified.items():
        sentence = scanned[index]
        evidence = text[sentence.start:sentence.end]
        lo = bisect_left(partner_starts, sentence.start)
        hi = bisect_left(partner_starts, sentence.end, lo)
        own = [p for p in by_start[lo:hi] if p.end <= sentence.end]
        chosen = list(own)
        if not own or sentence.groups.get("anaphora"):
            if parties is None:
                parties = main_parties()
            known = {p.canonical_name for p in chosen}
            chosen += [p for p in parties if p.canonical_name not in known]
        # date
        i = bisect_left(date_starts, sentence.start)
        date_source, when = DATE_NONE, None
        own_dates = []
        j = i
        while j < len(usable_dates) and usable_dates[j].start < sentence.end:
            # a date told after a future word ("which Honiara will host in November") is a plan's, not the event's
            # (a negation does not make a date a plan's: "debts were cancelled by China in June 2001")
            if not sentence.hedges or not _hedged(text, usable_dates[j].start, sentence, futures_only=True):
                own_dates.append(usable_dates[j])
            j += 1
        if len(own_dates) > 1:
            own_dates = _without_range_ends(text, own_dates)
        if own_dates:
            when = own_dates[0]  # of several, each event takes the one told nearest its words (below)
            date_source = DATE_OWN
        elif i > 0 and ((near := _near_before(text, scanned, index, usable_dates[i - 1]))
                        or (k := _last_recent(usable_dates, i, published)) >= 0):
            # the finest date of the nearest earlier sentence that has one ("On 10 March … of 2023 …"); told further
            # back than the sentences just before, a date of the story's history ("the 1967 border", "the treaty
            # revised in 1994") is passed over: it dates the sentences telling that history, not the news after them
            k = i - 1 if near else k
            holder = next((sf for sf in reversed(scanned[:index]) if sf.start <= usable_dates[k].start), None)
            first = bisect_left(date_starts, holder.start) if holder else k
            when = _finest(usable_dates, first, holder.end if holder else sentence.start, None if near else published)
            date_source = DATE_PRECEDING
        elif i == 0 and (lead := bisect_left(date_starts, sentence.end, i)) < len(usable_dates) and \
                usable_dates[lead].start < scanned[min(index + LEAD_REACH, len(scanned) - 1)].end:
            # a headline or lead before any dated sentence is dated by the story that follows it
            nxt = next(sf for sf in scanned[index + 1:] if usable_dates[lead].start < sf.end)
            when = _finest(usable_dates, lead, nxt.end)
            date_source = DATE_PRECEDING
        elif published is not None:
            date_source = DATE_PUBLISHED
        # money: the sentence's, and the next sentence's when it continues this one; it goes to the sentence's
        # first-ranked event only, so that a figure is never counted twice
        money = _within(amounts, amount_starts, sentence.start, sentence.end)
        if index + 1 < len(scanned):
            following = scanned[index + 1]
            if following.groups.get("continuation") and index + 1 not in classified:
                money += _within(amounts, amount_starts, following.start, following.end)
        own_sectors = _within(sectors_by_start, sector_starts, sentence.start, sentence.end)
        # what every event of the sentence shares, worked out once: its parties (one per name), whether a lender is
        # among them, the heading of its summaries, its places and its sectors (one per sector)
        distinct = _first_each(chosen, attrgetter("canonical_name"))
        lender_named = any(p.kind in LENDING_KINDS for p in chosen)
        heading = " – ".join(p.canonical_name for p in distinct[:3])
        sentence_locations = (_within(locations, location_starts, sentence.start, sentence.end)
                              if location_starts is not None
                              else [p for p in locations if sentence.start <= p.start < sentence.end])
        sentence_places = None  # destinations and locations, for a visit: only made when one is told
        sentence_sectors = _first_each(own_sectors, attrgetter("sector"))
        for rank, (event_type, confidence, anchors, own_positions) in enumerate(typed):
            bare = confidence == CONFIDENCE_BARE_SIGNING
            # of several dates in its sentence, an event takes the one told nearest its words ("a MoU in 2004 …
            # the financing agreement was signed in 2007"; "a 2011 report says that in 2007 China offered …")
            when = _nearest(text, own_dates, own_positions) if len(own_dates) > 1 else when
            event = EventMention(event_type=event_type, evidence=evidence, start=sentence.start, end=sentence.end)
            anchor = anchors[0] if anchors else sentence.start
            event.partners = [copy_partner(p, _role(event_type, p, anchor, lender_named), evidence) for p in distinct]
            if when is not None:
                event.date, event.date_precision = when.date, when.precision
            elif date_source == DATE_PUBLISHED:
                event.date, event.date_precision = published, "month"
                confidence -= 0.1
            # place
            if event_type == "visit":
                if sentence_places is None:
                    sentence_places = (_within(destinations, destination_starts, sentence.start, sentence.end)
                                       if destination_starts is not None
                                       else [p for p in destinations if sentence.start <= p.start < sentence.end])
                    sentence_places += sentence_locations
                candidates = sentence_places
            else:
                candidates = sentence_locations
            where = next((p for p in candidates if any(abs(p.start - a) <= PLACE_WINDOW for a in anchors)), None)
            if where is not None:
                place = where.place
                event.place, event.country, event.lat, event.lon = place.name, place.country, place.lat, place.lon
            event.amounts = list(money) if rank == 0 else []
            event.sectors = list(sentence_sectors)
            if len(own) >= 2:
                confidence += 0.05
            elif not own:
                confidence -= 0.15
            event.confidence = round(min(0.95, max(0.05, confidence)), 2)
            phrase = _summary_phrase(text, event_type, sentence, language)
            event.summary = f"{heading}: {phrase}" if distinct else phrase
            mentions.append(_Mention(event, date_source, signed, len(own), anchors, index, bare,
                                     opening and event_type == "investment"))

    merged = _financing_of_openings(_merge(mentions))
    for m in merged:
        m.event.domestic = bool(m.event.partners) and all(p.side == "chinese" for p in m.event.partners)
    # an event is kept when tied to China: by its parties or place, else by China named near it (where China is
    # named is only worked out for such an event)
    near_china = None
    tied = []
    for m in merged:
        if not _tied_by_parties(m.event):
            if near_china is None:
                near_china = _paragraphs_naming_china(text, scanned, partners, chinese_places)
                china_in_article = china_in_article or bool(near_china)
            if not _tied_nearby(m.event, china_in_article, near_china.get(m.sentence_index)):
                continue
        tied.append(m)
    no_china = len(tied) < len(merged)
    recent = [m for m in tied if not _background(m, published)]
    kept = _without_parts([m.event for m in (recent or tied)])
    if len(kept) == 1:
        # sectors named away from the event's own sentences, less talk about the relationship ("China is its
        # largest trading partner"), as for the loose sectors extract attaches
        _attach_all_sectors(kept[0], describing_mentions(text, sectors))
    return Detection(kept, None if kept else _no_event_reason(no_china, off_topic, hedged_only))


def _no_event_reason(no_china: bool, off_topic: bool, hedged_only: bool) -> str:
    if no_china:
        return "no Chinese party"
    if off_topic:
        return "not an economic event (sport, weather or crime)"
    if hedged_only:
        return "only planned or future deals"
    return "no economic event found"


_TARGET_WORDS = ("到",)  # Chinese "by" before a year: "到2030年可再生能源占比将达到50%"


def _target_year(text: str, date: Any) -> bool:
    """True for a bare year written as a target ("到2040年", by 2040): a plan's horizon whatever the publication
    date, never when something happened ("截至2021年底", as of, is another word)."""
    return date.precision == "year" and text[max(0, date.start - 1):date.start] in _TARGET_WORDS


def _near_before(text: str, scanned: list[_SentenceFacts], index: int, date: Any) -> bool:
    """True when ``date``, the last date told before sentence ``index``, is told in the sentence just before it, or
    in its paragraph at most PRECEDING_REACH sentences back: near enough to date it whatever it is."""
    start = scanned[index].start
    if index == 0 or date.start >= scanned[index - 1].start:
        return True  # in the sentence just before (or between it and this one, or before the first sentence)
    return date.start >= scanned[max(0, index - PRECEDING_REACH)].start and text.find("\n", date.start, start) < 0


def _horizon(date: Any, published: dt.date | None) -> bool:
    """True for a bare year after the publication year ("600 jobs by 2022", "行动纲领（2024-2027年）"): a target or
    horizon, not when something happened."""
    return published is not None and date.precision == "year" and date.date.year > published.year


def headline_may_tell_visit(title: str | None, events: list[EventMention]) -> bool:
    """False when ``headline_visit`` is sure to find no visit in the title whatever its parties: no title, no event
    in the story or a visit among them, or no visit word in the title (a party's name only takes words away).
    A cheap test: the title's parties need not be looked for."""
    if not title or not events or any(e.event_type == "visit" for e in events):
        return False
    folded = lower_same_length(simplified_chinese(title))
    lex = lexicon()
    return (any(label[0] == "trigger" and label[1] == "visit" for _s, _e, label in lex.main.find(folded))
            or bool(lex.headline_visit.find(folded)))


def headline_visit(title: str, partners: list[PartnerMention], destinations: list[Any], events: list[EventMention],
                   language: str | None = None) -> EventMention | None:
    """The visit a headline reports ("… as Xi visits Rome", "… durante visita de Varela") when the story's body
    tells none, or None. ``partners`` and ``destinations`` are found in the title (title positions); the visit takes
    the headline's parties, and the date of the story's first dated event (a headline reports the story's news).
    Only for a story with events of its own: a headline alone never makes an article on topic."""
    if not title or not events or any(e.event_type == "visit" for e in events):
        return None
    folded = lower_same_length(simplified_chinese(title))
    spans = [(p.start, p.end) for p in partners]
    facts = _scan(title, folded, [(0, len(title))], spans, language)[0]
    facts.triggers = [t for t in facts.triggers if t[2] == "visit"]
    starts = [s for s, _ in spans]
    facts.triggers += [(s, e, "visit", None, "headline_visit") for s, e, _ in lexicon().headline_visit.find(folded)
                       if not _in_spans(s, e, spans, starts)]
    if not facts.triggers:
        return None
    typed = _classify(title, facts, False)[0]
    anchors = next((a for t, _c, a, _own in typed if t == "visit"), None)
    if anchors is None:
        return None  # hedged: "to visit", "will visit"
    event = EventMention(event_type="visit", evidence=title.strip())
    seen: set[str] = set()
    for p in partners:
        if p.canonical_name not in seen:
            seen.add(p.canonical_name)
            copy = copy_partner(p, _role("visit", p, anchors[0]), event.evidence)
            copy.start = copy.end = -1  # not a span of the article text
            event.partners.append(copy)
    dated = min((e for e in events if e.date is not None), key=lambda e: e.start, default=None)
    if dated is not None:
        event.date, event.date_precision = dated.date, dated.date_precision
    where = [d for d in destinations if any(abs(d.start - a) <= PLACE_WINDOW for a in anchors)]
    if where:
        place = where[0].place
        event.place, event.country, event.lat, event.lon = place.name, place.country, place.lat, place.lon
    event.confidence = round(CONFIDENCE_STRONG - (0.15 if not event.partners else 0.0), 2)
    event.summary = _summary(event, "visit")
    event.domestic = bool(event.partners) and all(p.side == "chinese" for p in event.partners)
    return event


# talks held during a visit, and forums held at a fair, are parts of that visit or fair, not events of their own
PART_OF = {"meeting": ("visit", "trade_fair")}


def _without_parts(events: list[EventMention]) -> list[EventMention]:
    """The events less those that are part of another one of the story: a meeting is part of a visit or fair whose
    dates agree with it and that took place in the same place (or one of the two places is unknown)."""
    return [e for e in events if not any(
        whole.event_type in PART_OF.get(e.event_type, ()) and _dates_agree(whole, e)
        and (whole.place is None or e.place is None or whole.place == e.place) for whole in events)]


_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


# what joins the two ends of a span of time ("from 2009 to 2013", "in 2002 and 2003", "2008-2010")
_RANGE_JOIN = re.compile(r"\s*(?:to|and|until|till|through|thru|-|–|—)\s*", re.I)


def _background_dates(text: str, dates: list[Any], background: list[tuple[int, int]]) -> set[int]:
    """The ids of the dates right after a background word ('founded in 2018', 'final maturity date: March 21,
    2030'), and of those closing a span such a date opens ('installments between January 2026 and January 2036')."""
    out: set[int] = set()
    for i, d in enumerate(dates):
        if any(e <= d.start and d.start - e <= 3 for _, e in background):
            out.add(id(d))
        elif i and id(dates[i - 1]) in out and _closes_span(text, dates[i - 1], d):
            out.add(id(d))
    return out


def _closes_span(text: str, before: Any, after: Any) -> bool:
    """Whether ``after`` closes a span of time that ``before`` opens ("from 2009 to 2013", "2008-2010")."""
    return before.end <= after.start and _RANGE_JOIN.fullmatch(text, before.end, after.start) is not None


def _without_range_ends(text: str, dates: list[Any]) -> list[Any]:
    """The dates of a sentence less those closing a span opened by the date before them: an aid or a deal told over
    "from 2009 to 2013" or "in 2002 and 2003" began at the span's start, which is its date."""
    kept = [dates[0]]
    for before, after in zip(dates, dates[1:]):
        if not _closes_span(text, before, after):
            kept.append(after)
    return kept


def _sorted_starts(items: list[Any]) -> list[int] | None:
    """The items' starts when the items are in order of start, else None."""
    starts = [item.start for item in items]
    return starts if all(a <= b for a, b in zip(starts, starts[1:])) else None


def _within(items: list[Any], starts: list[int], start: int, end: int) -> list[Any]:
    """The items (sorted by start, ``starts`` their starts) that start in [start, end)."""
    return items[bisect_left(starts, start):bisect_left(starts, end)]


def _nearest(text: str, dates: list[Any], positions: list[int]) -> Any:
    """The date told nearest one of ``positions`` (the most precise, then the earliest, among equals); a date in
    brackets is an aside ("签署建交联合公报" after "（1991年10月27日独立）"), taken only when no other is told."""
    def distance(d: Any) -> int:
        return min((p - d.end if d.end <= p else max(0, d.start - p) for p in positions), default=0)
    ranked = sorted(dates, key=lambda d: (_bracketed(text, d.start, d.end), distance(d),
                                          _PRECISION_RANK.get(d.precision, 3), d.start))
    best = ranked[0]
    # a finer date of the same time says it more precisely ("On 10 March … the opening of 2023 'Bazaar'" is 10 March)
    finer = [d for d in ranked if _PRECISION_RANK.get(d.precision, 3) < _PRECISION_RANK.get(best.precision, 3)
             and _same_time(d.date, best.date, best.precision)]
    return min(finer, key=lambda d: _PRECISION_RANK.get(d.precision, 3)) if finer else best


def _same_time(date: dt.date, coarse: dt.date, precision: str) -> bool:
    """True when ``date`` falls in the month or year ``coarse`` stands for at ``precision``."""
    if precision == "year":
        return date.year == coarse.year
    return precision == "month" and (date.year, date.month) == (coarse.year, coarse.month)


BRACKET_REACH = 40  # characters around a date searched for the brackets holding it
_OPENING, _CLOSING = "(（[【", ")）]】"


def _bracketed(text: str, start: int, end: int) -> bool:
    """True when [start, end) sits inside a pair of brackets closing within a few words."""
    before = text[max(0, start - BRACKET_REACH):start]
    opened = max(before.rfind(c) for c in _OPENING)
    if opened < 0 or max(before.rfind(c) for c in _CLOSING) > opened:
        return False
    after = text[end:end + BRACKET_REACH]
    closes = [i for i in (after.find(c) for c in _CLOSING) if i >= 0]
    opens = [i for i in (after.find(c) for c in _OPENING) if i >= 0]
    return bool(closes) and (not opens or min(closes) < min(opens))


def _finest(dates: list[Any], first: int, end: int, published: dt.date | None = None) -> Any:
    """The most precise of dates[first:] that start before ``end`` (the earliest among equals); with ``published``,
    of those not in the story's history (_history) when there are such."""
    candidates = [d for d in dates[first:] if d.start < end] or [dates[first]]
    if published is not None:
        candidates = [d for d in candidates if not _history(d, published)] or candidates
    return min(candidates, key=lambda d: (_PRECISION_RANK.get(d.precision, 3), d.start))


def _last_recent(dates: list[Any], i: int, published: dt.date | None) -> int:
    """The index of the last of dates[:i] not in the story's history (-1 when there is none)."""
    k = i - 1
    if published is not None:
        while k >= 0 and _history(dates[k], published):
            k -= 1
    return k


def _last_day(date: dt.date, precision: str | None) -> dt.date:
    if precision == "year":
        return dt.date(date.year, 12, 31)
    if precision == "month":
        return dt.date(date.year + date.month // 12, date.month % 12 + 1, 1) - dt.timedelta(days=1)
    return date


def _history(date: Any, published: dt.date) -> bool:
    """True for a date that ended more than BACKGROUND_DAYS before publication: the story's history, which dates
    the sentence telling it but not the sentences after it."""
    return (published - _last_day(date.date, date.precision)).days > BACKGROUND_DAYS


BACKGROUND_DAYS = 180  # an event that ended this long before publication is the story's background


def _background(mention: _Mention, published: dt.date | None) -> bool:
    """True for an event its own sentence dates well before publication ("signed a memorandum in December 2015"
    in a 2019 story): news reports what just happened, older deals are background."""
    date = mention.event.date
    if published is None or date is None or mention.date_source != DATE_OWN:
        return False
    return (published - _last_day(date, mention.event.date_precision)).days > BACKGROUND_DAYS


def _dates_agree(a: EventMention, b: EventMention) -> bool:
    if a.date is None or b.date is None:
        return True
    # compared at the coarser of the two precisions ("19 April" and "March 2017" disagree, "2017" agrees with both)
    precision = max(a.date_precision, b.date_precision, key=lambda p: _PRECISION_RANK.get(p, 2))
    if precision == "day":
        return abs((a.date - b.date).days) <= 1
    if precision == "month":
        return (a.date.year, a.date.month) == (b.date.year, b.date.month)
    return a.date.year == b.date.year


def _merge(mentions: list[_Mention]) -> list[_Mention]:
    merged: list[_Mention] = []
    for mention in mentions:
        target = None
        names = {p.canonical_name for p in mention.event.partners}
        for earlier in merged:
            if earlier.sentence_index == mention.sentence_index:
                continue  # the events of one sentence are of different types on purpose
            e = earlier.event
            # a mention dated by its own sentence must agree with the earlier event's date, own or inherited
            # ("signed ten agreements" on Wednesday is not the land agreement signed "in May last year")
            # (a date a later mention only inherits from the sentences before it never keeps it apart)
            dated = mention.date_source == DATE_OWN and earlier.date_source >= DATE_PRECEDING
            dates_ok = not dated or _dates_agree(e, mention.event)
            if not dates_ok:
                continue
            if e.event_type == mention.event.event_type:
                full_sets = earlier.own_partners >= 2 and mention.own_partners >= 2
                if full_sets and not any(p.canonical_name in names for p in e.partners):
                    continue
                target = earlier
                break
            # a bare signing or the money of a deal folds into the signed deal told before it; an agreement named
            # by its own document word ("un accord de coopération") is an event of its own
            folds = mention.event.event_type == "investment" or mention.bare
            if (folds and mention.event.event_type in FOLDING_TYPES and mention.signed and e.event_type in SIGNED_TYPES
                    and any(p.canonical_name in names for p in e.partners)):
                target = earlier
                break
        if target is None:
            merged.append(mention)
            continue
        _fold(target, mention)
    return merged


def _financing_of_openings(merged: list[_Mention]) -> list[_Mention]:
    """The story of a facility's opening says how it was paid for ("most of the cost was financed by a loan from
    the Export-Import Bank of China"): lending it mentions with no signing of its own, and no date of its own that
    disagrees, is part of the opening (its money and lenders join it), not a lending event of its own."""
    openings = [m for m in merged if m.opening]
    if not openings:
        return merged
    kept = []
    for m in merged:
        if m.event.event_type == "finance" and not m.signed:
            whole = next((o for o in openings if _dates_agree(o.event, m.event)), None)
            if whole is not None:
                _fold(whole, m)
                continue
        kept.append(m)
    return kept


def _fold(target: _Mention, mention: _Mention) -> None:
    e, m = target.event, mention.event
    known = {p.canonical_name for p in e.partners}
    for p in m.partners:
        if p.canonical_name not in known:
            e.partners.append(p)
            known.add(p.canonical_name)
    spans = {(a.start, a.end) for a in e.amounts}
    e.amounts += [a for a in m.amounts if (a.start, a.end) not in spans]
    have = {s.sector for s in e.sectors}
    e.sectors += [s for s in m.sectors if s.sector not in have]
    if m.date is not None and mention.date_source > target.date_source:
        e.date, e.date_precision = m.date, m.date_precision
        target.date_source = mention.date_source
    if e.place is None and m.place is not None:
        e.place, e.country, e.lat, e.lon = m.place, m.country, m.lat, m.lon
    e.confidence = max(e.confidence, m.confidence)
    target.own_partners = max(target.own_partners, mention.own_partners)
    prefix = e.summary.split(": ", 1)[-1] if ": " in e.summary else e.summary
    names = list(dict.fromkeys(p.canonical_name for p in e.partners))[:3]
    e.summary = f"{' – '.join(names)}: {prefix}" if names else prefix


def _attach_all_sectors(event: EventMention, sectors: list[SectorMention]) -> None:
    have = {s.sector for s in event.sectors}
    for s in sectors:
        if s.sector not in have:
            event.sectors.append(s)
            have.add(s.sector)


@lru_cache(maxsize=4096)
def names_china(name: str) -> bool:
    # cached: the same few party names are asked about for every event of every article
    return bool(lexicon().china.find(lower_same_length(name)))


_NEWLINE = re.compile("\n")


def _paragraphs_naming_china(text: str, scanned: list[_SentenceFacts], partners: list[PartnerMention],
                             chinese_places: list[int]) -> dict[int, int]:
    """Sentence index -> how many sentences away the nearest sentence naming China is (a China word, a party or a
    place on the Chinese side), for the sentences whose paragraph, the one before or the one after names China;
    the others are left out. Reports tell the deal, then who built or financed it ("The president opened the
    bridge on Saturday." / "It was built by China Road and Bridge Corporation.")."""
    chinese = sorted([p.start for p in partners if p.side == "chinese"] + list(chinese_places))
    if not chinese and not any(sf.groups.get("china") for sf in scanned):
        return {}
    breaks = [m.start() for m in _NEWLINE.finditer(text)]
    paragraph_of = [bisect_right(breaks, sf.start) for sf in scanned]
    naming: set[int] = set()
    naming_sentences: list[int] = []
    for index, sf in enumerate(scanned):
        i = bisect_left(chinese, sf.start)
        if sf.groups.get("china") or (i < len(chinese) and chinese[i] < sf.end):
            naming.add(paragraph_of[index])
            naming_sentences.append(index)
    distance: dict[int, int] = {}
    count = len(naming_sentences)
    for index, p in enumerate(paragraph_of):
        if p in naming or p - 1 in naming or p + 1 in naming:
            # the nearest naming sentence is the last one before ``index`` or the first at or after it
            i = bisect_left(naming_sentences, index)
            if i < count:
                after = naming_sentences[i] - index
                distance[index] = min(index - naming_sentences[i - 1], after) if i else after
            else:
                distance[index] = index - naming_sentences[i - 1]
    return distance


def _tied_by_parties(event: EventMention) -> bool:
    """True when the event's own parties or place tie it to China: a party on the Chinese side or naming China, or
    a place on the Chinese side."""
    if any(p.side == "chinese" for p in event.partners):
        return True
    if event.country in CHINESE_SIDE_COUNTRIES:
        return True
    return any(names_china(p.name) or names_china(p.canonical_name) for p in event.partners)


def _tied_nearby(event: EventMention, china_in_article: bool, china_distance: int | None) -> bool:
    """For an event its parties do not tie to China (_tied_by_parties): True when China is named near it, or in
    the article with a party's side unknown. ``china_distance``: how many sentences away China is named, when it
    is named in the event's paragraph or a neighbouring one (None otherwise)."""
    if china_distance is not None and (
            china_distance <= 1 or len({p.country for p in event.partners if p.side == "foreign"}) < 2):
        # China named nearby ties a deal with one foreign side ("Pakistan signed the deal with Chinese firms", a
        # Chinese builder named next, "The two sides signed the loan."); a deal between two foreign countries ("The
        # US pledged aid to Ukraine.") needs China in its own or the next sentence, not just somewhere around it
        return True
    # the article names China and a partner's side is unknown (a company the lists do not know): likely the Chinese one
    return china_in_article and (not event.partners or any(p.side is None for p in event.partners))
