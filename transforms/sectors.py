"""Sector mentions: which of the contract's sectors a text talks about, with the sentence that says so.

Keywords per language live in ``data/lexicons/sectors.json``; one Aho–Corasick automaton per language (all languages
when the language is unknown) finds them in a single pass over a lower-cased copy of the text.

Rules
* Latin, Cyrillic and Arabic keywords match whole words: the copy has every character that is not a letter or a digit
  turned into a space, and each keyword is searched with a space in front, so "oil" is not found in "soil" and
  "port" not in "support". A keyword ending in ``*`` is a stem and takes the rest of the word ("refiner*" ->
  "refineries"); a ``*`` inside a phrase ("сельск* хозяйств*") is checked with a small regex at the hit.
  Chinese (and other CJK) keywords match anywhere, since the script has no spaces; they are written in Simplified
  characters, and a text written in Traditional ones is matched through its Simplified twin (same length).
  Arabic keywords may carry و/ب/ل/ف/ك written onto their front, and one that starts with the article ال is also
  found after li- (لل: "للمدينة الصناعية").
* Where keywords overlap, the one that starts first wins, then the longest: "new energy vehicles" is manufacturing,
  not energy; "palm oil" is agriculture.
* Blockers are names and phrases that contain a keyword but carry no sector: bank names ("Bank of China",
  "China Development Bank", "Export-Import Bank", "Agricultural Bank of China"), "Belt and Road", "business
  environment", "chamber of commerce", "Silk Road Fund". A bank lending for a power plant is an energy deal
  (the amounts table says it is a loan); the finance sector is for the financial industry itself
  (banking, insurance, bonds, currency swaps, payment systems), as in AEI's tracker and OECD CRS code 240.
* Generic words are left out on purpose: development, cooperation, economy, project, industry, construction alone
  (Chinese-English uses it for any "building up", 建设 too), technology alone, innovation alone, media
  ("according to media reports"), municipal (every city government), corridor ("economic corridor").
* ``other`` has no keywords; callers use it when a text names no sector.

Every hit is a ``SectorMention`` whose ``keyword`` is the text as written, ``start``/``end`` its span and
``evidence`` the sentence around it (``transforms.sentences.sentence_spans``). Hits are returned in text order,
one per keyword occurrence; callers collapse them to a set of sectors per event.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick_rs

from . import paths
from .chinese import simplified_chinese
from .model import SectorMention
from .schema import SECTORS
from .sentences import sentence_spans

_NOT_WORD = re.compile(r"[^\w ]|_")  # replaced by a space, one for one, so indexes stay put


@dataclass(frozen=True, slots=True)
class _Entry:
    sector: str | None  # None for a blocker
    stem: bool  # the word may go on after the keyword
    solid: bool  # a CJK keyword: no word boundaries
    clitic: bool  # an Arabic keyword: و/ب/ل/ف/ك may be written onto its front ("والزراعة")
    tail: re.Pattern | None  # for a phrase with a * inside: the whole phrase, matched at the hit


@dataclass(frozen=True, slots=True)
class _Automaton:
    searcher: ahocorasick_rs.AhoCorasick  # leftmost-longest: where keywords overlap, the longest wins
    entries: tuple[tuple[_Entry, ...], ...]  # per pattern index
    spaced: bool  # some keyword needs word boundaries, so the text must be normalised first
    chinese: bool  # some keyword is written in Chinese (Simplified), so a Traditional text is folded first


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    data = json.loads((paths.LEXICON_DIR / "sectors.json").read_text(encoding="utf-8"))
    unknown = set(data["sectors"]) - set(SECTORS)
    if unknown:
        raise ValueError(f"sectors.json names sectors the schema does not know: {sorted(unknown)}")
    return data


# ASCII letters, digits and the space stay (lower-cased), every other ASCII character becomes a space: _NOT_WORD
# on ASCII text, as one bytes.translate (a regex substitution pays for every comma and full stop)
_ASCII_WORDS = bytes(ord(chr(b).lower()) if chr(b).isalnum() or b == 32 else 32 for b in range(128)) + bytes(128)
# a pattern that opens with one class (not a repeat) lets the regex engine skip to the next candidate in C
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f][^\x00-\x7f]*")


def _normalise(text: str) -> str:
    """Lower case, with every character that is not a letter, digit or space made a space; same length as text.

    ASCII stretches go through a byte table (lower-casing and blanking at once), runs of other characters are
    lower-cased and blanked on their own: str.lower on a whole text that is not ASCII costs ~15 ns a character,
    ASCII included. Lower-casing is character by character but for a capital sigma (final or not, by what stands
    around it), so a text holding one is lower-cased whole."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_WORDS).decode("ascii")
    if "Σ" in text:
        return _NOT_WORD.sub(" ", _lower_keeping_length(text))
    parts = []
    done = 0
    for run in _NON_ASCII_RUN.finditer(text):
        start, end = run.span()
        if done < start:
            parts.append(text[done:start].encode("ascii").translate(_ASCII_WORDS).decode("ascii"))
        parts.append(_NOT_WORD.sub(" ", _lower_keeping_length(run.group())))
        done = end
    if done < len(text):
        parts.append(text[done:].encode("ascii").translate(_ASCII_WORDS).decode("ascii"))
    return "".join(parts)


def _lower_keeping_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters ('İ') lower to two: those stay as they are
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return lowered


def _is_cjk(word: str) -> bool:
    return any("\u3000" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" for ch in word)


_SOLID_LANGUAGES = frozenset({"zh", "ja", "ko"})
_KEYWORD_NOT_WORD = re.compile(r"[^\w *]|_")
_ARABIC_CLITICS = frozenset("وبلفك")


def _is_arabic(word: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in word)


CJK_GAP = r"[\w·・]{0,12}"  # what a '*' in a CJK phrase spans: a name (非洲, 世界经济与国际政治, 维克多·昂格玛), not a clause


def _entry(keyword: str, sector: str | None, chinese: bool = False) -> tuple[str, _Entry]:
    """The literal the automaton searches for, and what a hit on it means."""
    solid = _is_cjk(keyword) or (chinese and keyword.isascii())  # "5G" in a Chinese list: matched as written
    clitic = _is_arabic(keyword)
    word = keyword.lower() if solid else " ".join(_KEYWORD_NOT_WORD.sub(" ", keyword.lower()).split())
    stem = word.endswith("*")
    inner = word.rstrip("*")
    lead = "" if solid or clitic else " "
    if "*" in inner:  # a stem inside a phrase: search for the part before it, check the rest with a regex
        gap = CJK_GAP if solid else r"\w*"  # a CJK text has no spaces: an open gap would run over the clause
        pattern = gap.join(re.escape(p) for p in inner.split("*")).replace(r"\ ", " +")
        tail = re.compile(pattern + ("" if stem or solid else r"(?!\w)"))  # CJK words have no edges
        return lead + inner[: inner.index("*")], _Entry(sector, stem, solid, clitic, tail)
    return lead + inner, _Entry(sector, stem, solid, clitic, None)


@lru_cache(maxsize=16)
def _automaton(language: str | None) -> _Automaton:
    data = _lexicon()
    languages = {language} if language else None
    by_literal: dict[str, list[_Entry]] = {}

    def add(keyword: str, sector: str | None, lang: str) -> None:
        literal, entry = _entry(keyword, sector, chinese=lang in _SOLID_LANGUAGES)
        if literal.strip():
            by_literal.setdefault(literal, []).append(entry)
            if entry.clitic and literal.startswith("ال"):
                # li- before the article is written لل ("للمدينة الصناعية", to the industrial city)
                by_literal.setdefault("ل" + literal[1:], []).append(entry)

    for lang, words in data["blockers"].items():
        if languages is None or lang in languages:
            for word in words:
                add(word, None, lang)
    for sector, per_language in data["sectors"].items():
        for lang, words in per_language.items():
            if languages is None or lang in languages:
                for word in words:
                    add(word, sector, lang)
    literals = list(by_literal)
    for literal in literals:
        by_literal[literal] = _merge_tails(by_literal[literal])
    # a DFA scans faster than the default NFA (same matches); it takes a few ms more to build, once per language
    searcher = ahocorasick_rs.AhoCorasick(literals, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                          implementation=ahocorasick_rs.Implementation.DFA)
    entries = tuple(tuple(by_literal[k]) for k in literals)
    return _Automaton(searcher, entries, any(not e.solid for group in entries for e in group),
                      any(_is_cjk(literal) for literal in literals))


def _merge_tails(entries: list[_Entry]) -> list[_Entry]:
    """Neighbouring entries of one literal that differ only in their tail become one entry whose tail tries theirs in
    order (the first that matches wins, as before): "大学" starts some sixty blockers (大学*研究院教授, …), and one
    regex at a hit costs far less than sixty."""
    merged: list[_Entry] = []
    group: list[_Entry] = []

    def flush() -> None:
        if len(group) > 1:
            first = group[0]
            tail = re.compile("|".join(f"(?:{e.tail.pattern})" for e in group))
            merged.append(_Entry(first.sector, first.stem, first.solid, first.clitic, tail))
        else:
            merged.extend(group)
        group.clear()

    for entry in entries:
        if entry.tail is not None and group and (entry.sector, entry.stem, entry.solid, entry.clitic) == (
                group[0].sector, group[0].stem, group[0].solid, group[0].clitic):
            group.append(entry)
            continue
        flush()
        if entry.tail is not None:
            group.append(entry)
        else:
            merged.append(entry)
    flush()
    return merged


def _language_key(language: str | None) -> str | None:
    if not isinstance(language, str):
        return None
    key = language.lower().split("-")[0].split("_")[0]
    return key if key in _lexicon()["blockers"] else None


# the rest of a word: up to a space or a CJK character (see _is_cjk)
_WORD_REST = re.compile("[^ \u3000-\u9fff\uac00-\ud7af]*")


def _word_end(norm: str, end: int) -> int:
    return _WORD_REST.match(norm, end).end()


def find_sectors(text: str, language: str | None = None,
                 sentences: list[tuple[int, int]] | None = None, simplified: str | None = None) -> list[SectorMention]:
    """Every sector keyword in ``text``, in order, with its sentence as evidence.

    ``sentences`` may pass the text's ``sentence_spans`` and ``simplified`` its ``chinese.simplified_chinese``
    twin when the caller has them already.
    """
    if not text or not isinstance(text, str):
        return []
    automaton = _automaton(_language_key(language))
    if not automaton.chinese:
        folded = text
    elif simplified is not None and len(simplified) == len(text):
        folded = simplified
    else:
        folded = simplified_chinese(text)
    # a space on each side so that the first and last words have one too; indexes shift by one
    norm = " " + (_normalise(folded) if automaton.spaced else folded.lower()) + " "
    if len(norm) != len(text) + 2:  # lower() changed the length ('İ'); normalise keeps it
        norm = " " + _normalise(folded) + " "
    chosen: list[tuple[int, int, str]] = []
    last_end = 0
    entries = automaton.entries
    for index, start, end in automaton.searcher.find_matches_as_indexes(norm):
        if start < last_end:
            continue  # inside a stem that the previous hit extended
        for entry in entries[index]:
            if entry.clitic:
                word_start = norm.rfind(" ", 0, start) + 1
                if start - word_start > 2 or any(ch not in _ARABIC_CLITICS for ch in norm[word_start:start]):
                    continue  # inside a longer word
                begin = start
            else:
                begin = start if entry.solid else start + 1  # past the leading space
            if entry.tail is not None:
                m = entry.tail.match(norm, begin)
                if m is None:
                    continue
                stop = _word_end(norm, m.end()) if entry.stem else m.end()
            elif entry.stem:
                stop = _word_end(norm, end)
            else:
                stop = end
            if not entry.solid:
                after = norm[stop]
                if after != " " and not ("\u3000" <= after <= "\u9fff" or "\uac00" <= after <= "\ud7af"):
                    continue  # the word goes on: "oily" for "oil" (the test of _is_cjk, inline)
            last_end = stop
            if entry.sector is not None:
                chosen.append((begin - 1, stop - 1, entry.sector))  # back to indexes in text
            break
    if not chosen:
        return []
    if any(text[start].isupper() for start, _, _ in chosen):  # a keyword inside a name is capitalised
        chosen = _outside_affiliations(text, norm, chosen)
        if not chosen:
            return []
    spans = sentences if sentences is not None else sentence_spans(text)
    starts = [s for s, _ in spans]
    out = []
    last_sentence, last_evidence = -1, ""
    for start, end, sector in chosen:
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and spans[i][1] >= end:
            if i != last_sentence:  # mentions of one sentence share one evidence string
                last_sentence, last_evidence = i, text[spans[i][0]:spans[i][1]]
            evidence = last_evidence
        else:
            evidence = text[start:end]
        out.append(SectorMention(sector=sector, evidence=evidence, keyword=text[start:end], start=start, end=end))
    return out


@lru_cache(maxsize=1)
def _affiliation() -> re.Pattern:
    """A speaker's title word and the institution named right after it ("a professor at Riverside University", "a
    senior lecturer at Hillcrest College", "an analyst with the Lakeside Energy Institute", "professor of economics
    at …"): group 1 is the institution's name."""
    data = _lexicon()["affiliations"]
    titles = "|".join(sorted(map(re.escape, {t for ts in data["titles"].values() for t in ts}), key=len, reverse=True))
    links = "|".join(sorted(map(re.escape, {t for ts in data["links"].values() for t in ts}), key=len, reverse=True))
    joins = "|".join(sorted(map(re.escape, {t for ts in data["joins"].values() for t in ts}), key=len, reverse=True))
    word = r"[A-Z][\w'’&\-]*"
    # at most eight capitalised words ("Shanghai University of Finance and Economics"): a longer run goes on into
    # people's names or the next clause ("… College of Languages Dean Li and the Embassy Cultural attaché")
    name = rf"{word}(?:[^\S\n]+(?:(?:{joins})[^\S\n]+){{0,2}}{word}){{0,7}}"
    field = r"(?:[^\S\n]+of(?:[^\S\n]+[a-z]+){1,3}(?=[^\S\n]+(?:" + links + r")\b))?"
    return re.compile(rf"\b(?i:{titles})s?{field}[^\S\n]+(?i:{links})[^\S\n]+(?:(?i:the)[^\S\n]+)?({name})")


def _outside_affiliations(text: str, norm: str, chosen: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The hits that are not inside an institution named as a speaker's affiliation: the University in "a professor
    at Riverside University said" names where the speaker works, not a sector of the event."""
    pattern = _affiliation()
    titles = _affiliation_titles()
    kept = []
    for hit in chosen:
        start, end, _ = hit
        if text[start].isupper():
            # the title stands at most this far before the keyword: only that stretch is read, and only the regex
            # when a title word is in it (``norm`` is the lower-cased text one character to the right)
            window = max(0, start - AFFILIATION_REACH)
            stretch = norm[window:start + 1]
            if any(t in stretch for t in titles) and any(
                    m.start(1) <= start and end <= m.end(1) and _speaks(text, m.start(), m.end(1))
                    for m in pattern.finditer(text, window, end + 1)):
                continue
        kept.append(hit)
    return kept


AFFILIATION_REACH = 160  # characters from a title word to a keyword inside the institution it names
SPEECH_AFTER = 80  # characters after the institution's name where the speaker's verb may stand ("…, said")
SPEECH_BEFORE = 60  # characters before the title word ("according to a professor at …", "said a scholar from …")
_SENTENCE_MARKS = ".!?;\n。！？；"
_SENTENCE_END = re.compile(f"[{re.escape(_SENTENCE_MARKS)}]")


def _words_pattern(key: str) -> str:
    words = {w for ws in _lexicon()["affiliations"][key].values() for w in ws}
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _speech() -> re.Pattern:
    return re.compile(rf"\b(?i:{_words_pattern('speech')})\b")


@lru_cache(maxsize=1)
def _description() -> re.Pattern:
    """A biography's verb and up to three words right before the title ("is a senior", "is Senior"); a passive
    ("was led by a professor", "was signed by a") tells what the person did, not who they are."""
    return re.compile(rf"\b(?i:{_words_pattern('description')})"
                      rf"(?:[^\S\n]+(?!(?i:by)\b)(?![\w\-]*(?i:ed)\b)[\w\-]+){{0,3}}[^\S\n]*$")


def _speaks(text: str, title_start: int, name_end: int) -> bool:
    """Whether the person an affiliation describes speaks in its sentence: a speech word after the institution's name
    ("a professor at Riverside University, said") or before the title ("according to a professor at …"), or is only
    described ("Dr Lim is Senior Lecturer at …", a biography). A scholar who acts ("a professor from … University
    arrived in Malawi") is a party, and the institution's sector counts."""
    after = text[name_end:name_end + SPEECH_AFTER]
    stop = _SENTENCE_END.search(after, 1)  # the name may end in an abbreviation's stop
    if _speech().search(after, 0, stop.start() if stop else len(after)):
        return True
    before = text[max(0, title_start - SPEECH_BEFORE):title_start]
    cut = max(before.rfind(ch) for ch in _SENTENCE_MARKS)
    return _speech().search(before, cut + 1) is not None or _description().search(before, cut + 1) is not None


@lru_cache(maxsize=1)
def _affiliation_titles() -> tuple[str, ...]:
    """The title words as they stand in the normalised text (lower case), for a quick test before any regex."""
    return tuple(sorted({" " + t.lower() for ts in _lexicon()["affiliations"]["titles"].values() for t in ts
                         if " " not in t}))


RELATIONSHIP_SECTOR = "trade"
TRADE_TALK_DROPS_GOODS = True  # a sentence led by an unlisted trade word gives none of its sectors (see below)


@lru_cache(maxsize=1)
def _list_gap() -> tuple[re.Pattern, re.Pattern]:
    """What may stand between two items of a list: joiners, up to four words that name no sector, each followed by a
    joiner ("trade, investment and energy", "贸易繁荣、产业链合作、互联互通、卫生健康"), and a word that qualifies the next
    item ("trade, civil aviation"); and a joiner to find in it."""
    joiners = {w for words in _lexicon()["list_joiners"].values() for w in words}
    parts = []
    for word in sorted(joiners, key=len, reverse=True):
        body = re.escape(word).replace(r"\ ", r"\s+")
        if word[0].isalpha() and word.isascii() or "\u0400" <= word[0] <= "\u04ff":
            body = rf"(?<!\w){body}(?!\w)"  # Latin and Cyrillic joiners are whole words
        elif "\u0600" <= word[0] <= "\u06ff":
            body = rf"(?<!\w){body}"  # Arabic 'و' is written onto the next word
        parts.append(body)
    joiner = "(?:" + "|".join(parts) + ")"
    after_comma = "(?:(?<=[,;、，；/] )|(?<=[,;、，；/]))"  # "trade, civil aviation", not "mining and the export"
    return re.compile(rf"\s*(?:{joiner}\s*)*(?:\w{{1,16}}\s*(?:{joiner}\s*)+){{0,{LIST_OTHER_ITEMS}}}"
                      rf"(?:{after_comma}\w{{1,16}}\s+)?", re.IGNORECASE), re.compile(joiner, re.IGNORECASE)


LIST_GAP_MAX = 40
LIST_OTHER_ITEMS = 4  # items of a list that name no sector, between two that do


def _listed(text: str, a: SectorMention, b: SectorMention) -> bool:
    """Two mentions of one sentence stand next to each other in a list."""
    gap, joiner = _list_gap()
    lo, hi = (a, b) if a.start < b.start else (b, a)
    if hi.start - lo.end > LIST_GAP_MAX:
        return False
    if hi.start == lo.end:
        return True  # written together: 经贸物流
    m = gap.match(text, lo.end, hi.start)
    # "imports Chinese electronics" has no joiner: the trade word governs the goods, it does not list them
    return m is not None and m.end() == hi.start and joiner.search(text, lo.end, hi.start) is not None


def describing_mentions(text: str, mentions: list[SectorMention]) -> list[SectorMention]:
    """The mentions that can describe an event told in another sentence of ``text``.

    Trade words away from an event are mostly talk about the relationship ("China is its largest trading partner,
    with two-way trade dominated by iron ore and coal"), and then the goods that sentence names are what the two
    countries trade, not fields of a deal: a sentence with a trade word that stands in no list of sectors gives
    nothing when the trade word leads it. A trade word in no list is left out wherever it stands; one listed with
    other sectors ("the agreements cover trade, tourism and agriculture") is one of a deal's fields and counts like
    the others. Mentions of one sentence share its ``evidence``."""
    if all(m.sector != RELATIONSHIP_SECTOR for m in mentions):
        return list(mentions)
    out: list[SectorMention] = []
    i, n = 0, len(mentions)
    while i < n:  # mentions come in text order, so one sentence's are consecutive
        j = i + 1
        while j < n and mentions[j].evidence == mentions[i].evidence:
            j += 1
        group = mentions[i:j]
        i = j
        trade = [m for m in group if m.sector == RELATIONSHIP_SECTOR]
        if not trade:
            out += group
            continue
        others = [m for m in group if m.sector != RELATIONSHIP_SECTOR]
        listed = [t for t in trade if any(_listed(text, t, o) for o in others)]
        for t in trade:  # "free trade, tariffs and agriculture": a trade word listed next to a listed one
            if all(t is not u for u in listed) and any(_listed(text, t, u) for u in listed):
                listed.append(t)
        lone = {id(t) for t in trade} - {id(t) for t in listed}
        if lone and TRADE_TALK_DROPS_GOODS and (not others or min(t.start for t in trade if id(t) in lone)
                                                < others[0].start):
            continue  # a sentence whose subject is trade: every sector it names is a traded good
        out += [m for m in group if id(m) not in lone]
    return out


def sector_set(text: str, language: str | None = None) -> set[str]:
    """The sectors a text names (no evidence); a convenience for tests and quick looks."""
    return {m.sector for m in find_sectors(text, language)}
