"""Partners: the organisations, governments and places that take part in events, found in one pass over an article.

Where names come from, strongest first (an overlap keeps the stronger, then the longer):
1. the alias table ``data/lexicons/actors.csv`` (frequent actors in every language, with an English canonical name);
2. a government word next to a place ("правительство Москвы", "深圳市人民政府", "the Moscow government"): the
   place's government, canonical name = the place's English name, kind local/national government by the place;
   a leader word after a country's adjective, also across title words ("Mozambican Finance Minister"), is its
   government, and a word for its people ("Burundian students") the country itself; a generic Chinese body name
   right after a foreign country's name or short form ("美国国务院", "俄外交部") is that country's body, not China's;
3. name patterns from ``organisations.json``: capitalised runs holding a head word ("… Chamber of Commerce",
   "Banco …", "Ministry of …", "… Co., Ltd."), a legal form before a quoted name (ООО «…»), and Chinese names
   ending in a suffix (…集团, …银行, …商会); an acronym in brackets after a name ("… Association (ZGSC)") names it
   wherever it occurs later in the article;
4. places from the gazetteer standing alone as parties ("Ningbo signed …", "China and Kenya …"): a city or province is
   a ``local_government``, a country a ``country``; a country after a giving or helping verb ("give Kenya a grant")
   is the recipient. A place after a locative word ("in Hengqin", "в Шэньчжэне") is
   where something happened, not a party; a place inside a longer capitalised name ("Macao Products Bazaar") or in a
   bracketed gloss is neither.

An organisation's country comes from the alias table, else a place in its name, else an adjective just before it
("Chinese company …"), else Chinese script (a Chinese-script name without a foreign place is Chinese), else the
article's dominant country when one place country clearly dominates. Roles are given by ``events``.

Speed: the alias, government, leader, people, head and legal-form word lists are one Aho-Corasick pass over the
lower-cased text; only capitalised runs holding a head word are read as names; nothing is compiled per call.
"""

from __future__ import annotations

import csv
import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import Any

from . import dates, paths
import ahocorasick_rs

from .dates import lower_same_length
from .events import ARABIC_PARTICLE_CHARS, CJK_FIRST, TermMatcher, _bounded, _word_char, is_arabic, is_cjk
from .gazetteer import country_name, currency_country, lookup
from .model import PartnerMention
from .schema import CHINESE_SIDE_COUNTRIES

ALIAS_PRIORITY, GOVERNMENT_PRIORITY, PATTERN_PRIORITY, PLACE_PRIORITY = 4, 3, 2, 1
NOT_A_PARTY = "not_a_party"  # the kind of names that are venues or media ("Convention Center", "News Agency")
DOMINANT_SHARE = 0.75  # a country is the article's default for orgs of unknown country above this share of places
DOMINANT_MIN_MENTIONS = 3
RUN_CACHE_SIZE = 1 << 14  # runs remembered with the names they hold: names recur across articles ("Bank of China")
_CJK_NAME_WINDOW = 14  # a Chinese organisation name is at most this many characters before its suffix


@dataclass(slots=True)
class Actor:
    canonical_name: str
    kind: str
    country: str | None


@dataclass(slots=True)
class PartnerScan:
    """What ``find_partners`` sees in one text: parties, and the places where things happened."""

    partners: list[PartnerMention] = field(default_factory=list)  # sorted by start
    locations: list[Any] = field(default_factory=list)  # PlaceMatch after a locative word ("in Hengqin")
    destinations: list[Any] = field(default_factory=list)  # PlaceMatch after a destination word ("went to X")


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    name: str
    canonical: str
    kind: str
    country: str | None
    priority: int
    lat: float | None = None
    lon: float | None = None


# --- data --------------------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _organisations() -> dict:
    return json.loads((paths.LEXICON_DIR / "organisations.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _month_names() -> frozenset[str]:
    """Month names in every language (dates.json), three letters or more: a date after a place ("with Ethiopia on
    June 22") does not make the place part of a name."""
    return frozenset(m for forms in dates.lexicon()["months"].values() for m in forms if len(m) >= 3)


@lru_cache(maxsize=1)
def actors() -> dict[str, Actor]:
    """alias (as written in the table) -> actor."""
    table: dict[str, Actor] = {}
    lines = (paths.LEXICON_DIR / "actors.csv").read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader(line for line in lines if line.strip() and not line.startswith("#"))
    for row in rows:
        actor = Actor(row["canonical_name"].strip(), row["kind"].strip(), row["country"].strip() or None)
        for alias in row["aliases"].split("|"):
            if alias.strip():
                table[alias.strip()] = actor
        table.setdefault(actor.canonical_name, actor)
    return table


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and len(alias) <= 10 and all(c.isupper() for c in letters) and not is_cjk(alias[0])


# the word lists of the merged pass
ALIAS, GOVERNMENT, LEADER, HEAD, LEGAL_FORM, PEOPLE = "alias", "government", "leader", "head", "legal_form", "people"
INSTITUTION = "institution"


class _WordLists:
    """Several word lists matched in one Aho-Corasick pass over the lower-cased text; a hit is (start, end, list,
    payload). Boundaries follow ``events.TermMatcher``: Latin and Cyrillic words are whole words, Chinese and Arabic
    ones match anywhere (short Arabic particles whole), a stem ("правительств*") runs to its word's end, and a
    suffix ("*kammer") may end a longer word ("Handelskammer"). A Russian alias ending in a consonant also matches
    with a case ending (``case_endings``: "Газпромом", "Росатома"), but not inside a longer word ("Газпромбанк")."""

    def __init__(self, terms: list[tuple[str, str, Any]], case_endings: tuple[str, ...] = ()) -> None:
        patterns: list[str] = []
        self._inflects: set[int] = set()  # patterns that may take a case ending
        self._case_endings = tuple(sorted(case_endings, key=len, reverse=True))
        self._meta: list[tuple[list[tuple[str, Any]], bool, bool, bool]] = []
        index: dict[tuple[str, bool, bool, bool], int] = {}
        for term, group, payload in terms:
            suffix, stem = term.startswith("*"), term.endswith("*")
            word = term.strip("*").strip().lower()
            if not word:
                continue
            particle = len(word) <= ARABIC_PARTICLE_CHARS and all(map(is_arabic, word))
            left = particle or (not suffix and _bounded(word[0]))
            right = particle or (not stem and _bounded(word[-1]))
            key = (word, left, right, stem)
            if key not in index:
                index[key] = len(patterns)
                patterns.append(word)
                self._meta.append(([], left, right, stem))
            self._meta[index[key]][0].append((group, payload))
            if group is ALIAS and right and not stem and word[-1] in _RUSSIAN_CONSONANTS:
                self._inflects.add(index[key])
        self._automaton = ahocorasick_rs.AhoCorasick(patterns) if patterns else None

    def find(self, folded: str) -> dict[str, list[tuple[int, int, Any]]]:
        """list -> its hits (start, end, payload), by start, the longest first."""
        found: dict[str, list[tuple[int, int, Any]]] = {}
        if self._automaton is None or not folded:
            return found
        n = len(folded)
        meta = self._meta
        for index, start, end in self._automaton.find_matches_as_indexes(folded, overlapping=True):
            labels, left, right, stem = meta[index]
            # a Latin, Greek or Cyrillic name needs a boundary; a Chinese character is one ("…和State Council of China")
            # (no character below CJK_FIRST is Chinese: the common letters skip the is_cjk call)
            if left and start > 0:
                before = folded[start - 1]
                if (before.isalnum() or before == "_") and (before < CJK_FIRST or not is_cjk(before)):
                    continue
            if right and end < n:
                after = folded[end]
                if (after.isalnum() or after == "_") and (after < CJK_FIRST or not is_cjk(after)):
                    if index not in self._inflects:
                        continue
                    end = self._case_ending_end(folded, end)
                    if end < 0:
                        continue
            if stem:
                while end < n and _word_char(folded[end]) and not is_cjk(folded[end]):
                    end += 1
            for group, payload in labels:
                hits = found.get(group)
                if hits is None:
                    found[group] = [(start, end, payload)]
                else:
                    hits.append((start, end, payload))
        for hits in found.values():
            hits.sort(key=_by_start_longest_first)
        return found


    def _case_ending_end(self, folded: str, end: int) -> int:
        """Where a case ending starting at ``end`` ends, when one stands there as the rest of the word; else -1."""
        for ending in self._case_endings:
            if folded.startswith(ending, end):
                after = end + len(ending)
                if after == len(folded) or not _word_char(folded[after]):
                    return after
        return -1


_RUSSIAN_CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщ")


def _by_start_longest_first(hit: tuple[int, int, Any]) -> tuple[int, int]:
    return hit[0], -hit[1]


@dataclass(slots=True)
class _Compiled:
    words: _WordLists  # aliases (not acronyms), government words, leader words and head words, in one pass
    alias_exact: TermMatcher  # acronyms (all capitals) matched as written, so "UN" is not the French "un"
    alias_actor: list[Actor]
    heads: dict[str, list[tuple[tuple[str, ...], str]]]  # first word -> (head word tuple, kind), longest first
    suffix_heads: list[tuple[str, str]]  # German-style word endings -> kind
    suffix_probe: tuple[str, ...]  # the suffix heads, longest first
    suffix_kind: dict[str, str]
    kind_rank: dict[str, int]
    run: re.Pattern
    run_no_ideographs: re.Pattern  # the same for a text without Chinese characters (faster: nothing to exclude)
    legal_suffix: re.Pattern
    acronym_after: re.Pattern
    quoted: re.Pattern  # the quoted name after a legal form ("ООО «Газпром»")
    quoted_kind: dict[str, str]
    cjk_suffix: re.Pattern
    cjk_suffix_first: re.Pattern  # the first characters of the suffixes: a text without one has no Chinese name
    cjk_suffix_kind: dict[str, str]
    cjk_stop: re.Pattern
    cjk_titles: tuple[str, ...]
    cjk_generic: frozenset[str]
    cjk_name_tails: tuple[str, ...]
    cjk_not_openers: tuple[str, ...]  # pronouns and verbs: a name never begins with one
    numbered_unit: re.Pattern  # an ordinal or number right after an alias: a numbered bureau or subsidiary
    cjk_suffix_not_before: dict[str, str]  # suffix -> characters after it that make it another word (局势)
    connectors: frozenset[str]
    inner: frozenset[str]
    leading_drop: frozenset[str]
    not_name_words: frozenset[str]  # words a run of places may hold and stay places ("Kenya and China. As", "on June 22")
    legal_words: frozenset[str]
    legal_forms_lower: frozenset[str]  # the legal forms' words, lower-case, without their stops and commas
    month_names: frozenset[str]
    person_titles: frozenset[str]  # a title after a name's head word begins a person ("… University President Levin")
    honorifics: frozenset[str]  # "Mr", "Dr": a person begins even after a connector
    pinyin_surnames: frozenset[str]  # a surname and a given name after a head word are a person ("Ministry Liu Bao")
    gov_links: tuple[str, ...]
    end_words: _EndWords  # locative, destination and party-introducing words, each tagged with its lists' bits
    institution_breaks: frozenset[str]  # words that end the phrase between a country's adjective and an institution
    definite_articles: frozenset[str]  # "the German company said": a company named before, not a new party
    capitals: frozenset[tuple[str, str]]  # (capital's English name, its country)
    national_names: dict[tuple[str, str], Actor]  # (country, a body's name there, lower-case) -> the actor
    country_qualified: tuple[str, ...]  # how ministry names begin ("ministry of "): their country is named after
    dateline: re.Pattern
    split_words: re.Pattern


# a run's word never runs on into Chinese characters ("2023年中国与肯尼亚…" is a date, then a clause, not one name)
# (possessive: nothing after a word needs it to give characters back, and a run ends sooner when the next fails)
_CAP_FIRST, _CAP_REST = r"[A-ZÀ-ÖØ-ÞА-ЯЁ0-9]", r"(?:(?![\u3400-\u9fff\uf900-\ufaff])[\w'’&.\-])*+"
_CAP_REST_NO_IDEOGRAPHS = r"[\w'’&.\-]*+"
_IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CAP = _CAP_FIRST + _CAP_REST
_LOWER = r"[a-zß-öø-ÿа-яё]"


_NUMBERED_UNIT_FIRST = frozenset(" \t第一二三四五六七八九十〇零0123456789")  # how a numbered unit's words may begin


def _numbered_unit_pattern(units: dict[str, list[str]]) -> re.Pattern:
    """After an alias, an ordinal word ("Seventh", "Twentieth") or a number ("No. 7", "18th", "20") before a unit word
    ("Group", "Bureau") opens a numbered unit's name ("China Railway 18th Bureau"; "Bank of China First Half Profit
    Rises" is a headline); in Chinese, 第 and a numeral before a unit ("第七工程局", "第三分公司"), or a numeral before
    局 ("七局"): "华为两公司" is two companies, not a unit."""
    def alternatives(words: list[str]) -> str:
        return "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    numeral = r"[一二三四五六七八九十〇零\d]{1,3}"
    return re.compile(rf"[^\S\n]+(?:(?i:{alternatives(units['ordinals'])})|(?:No\.?[^\S\n]*)?\d{{1,3}}(?:st|nd|rd|th)?)"
                      rf"[^\S\n]+(?:{alternatives(units['units'])})(?![\w\-])"
                      rf"|第{numeral}(?:{alternatives(units['cjk_units'])})"
                      rf"|{numeral}(?:{alternatives(units['cjk_units_bare'])})")


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    data = _organisations()
    table = dict(actors())
    for alias, actor in list(table.items()):
        if "'" in alias:
            table.setdefault(alias.replace("'", "’"), actor)  # news pages write both apostrophes
    for code, names in data["leaders"].items():
        leader = Actor(country_name(code) or code, "national_government", code)
        for name in names:
            table.setdefault(name, leader)  # a leader acts for their country ("Putin arrived in Beijing")
    alias_terms = list(table)
    acronyms = [a for a in alias_terms if _is_acronym(a)]
    folded = [a for a in alias_terms if not _is_acronym(a)]
    actor_list = [table[a] for a in folded] + [table[a] for a in acronyms]
    alias_exact = TermMatcher([(a, len(folded) + i) for i, a in enumerate(acronyms)], fold=False)
    word_terms = [(a, ALIAS, i) for i, a in enumerate(folded)]
    word_terms += [(t, GOVERNMENT, None) for terms in data["government_words"].values() for t in terms]
    word_terms += [(t, LEADER, None) for terms in data["leader_words"].values() for t in terms]
    word_terms += [(t, PEOPLE, None) for terms in data["people_words"].values() for t in terms]
    word_terms += [(t, INSTITUTION, kind) for kind, by_language in data["institution_words"].items()
                   for terms in by_language.values() for t in terms]

    end_bits: dict[str, int] = {}
    for key, bit in (("locative", LOCATIVE), ("destination", DESTINATION), ("party_before", PARTY_BEFORE),
                     ("recipient_before", RECIPIENT), ("country_subject_before", RECIPIENT)):
        for t in {t.lower().strip() for terms in data[key].values() for t in terms}:
            end_bits[t] = end_bits.get(t, 0) | bit

    heads: list[tuple[tuple[str, ...], str]] = []
    suffix_heads: list[tuple[str, str]] = []
    for kind, words in data["heads"].items():
        for word in words:
            if word.startswith("*"):
                suffix_heads.append((word[1:].lower(), kind))
            else:
                heads.append((tuple(word.lower().split()), kind))
    heads.sort(key=lambda h: -len(h[0]))
    heads_by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for head, kind in heads:
        heads_by_first.setdefault(head[0], []).append((head, kind))
        if head[0].endswith("."):  # "co." also heads "Co"
            heads_by_first.setdefault(head[0].rstrip("."), []).append((head, kind))
    # a run can name an organisation only when it holds a head's first word or a suffix head: one pass finds them
    word_terms += [(first, HEAD, None) for first in heads_by_first] + [("*" + x, HEAD, None) for x, _ in suffix_heads]
    connectors = frozenset(w.lower() for w in data["connectors"])
    inner = frozenset(w.lower() for w in data["inner_words"])
    lower_words = sorted(inner, key=len, reverse=True)
    inner_token = rf"(?i:{'|'.join(map(re.escape, lower_words))})(?![\w])"
    plain_connectors = sorted((c for c in connectors if not c.endswith("'")), key=len, reverse=True)
    # names never span a line break ("Markets\nKenya signs" is a menu item and a headline)
    # nor a sentence end: a word of three lower-case letters or more before a full stop ("… Ports Authority. China
    # Development Bank …") closes the run, an abbreviation ("Co.", "Ltd.", "U.S.") does not
    joiner = rf"(?<!{_LOWER}{{3}}\.)(?:[^\S\n]+(?:(?:{'|'.join(map(re.escape, plain_connectors))})[^\S\n]+)*|[^\S\n]*[-–][^\S\n]*|[^\S\n]+(?:d'|l')|(?<=[dl]')(?=\w))"
    # a run opens with a capitalised word (its first character tested before the look-behind, so the regex engine
    # can skip ahead to candidate characters)
    def run_pattern(rest: str) -> re.Pattern:
        return re.compile(rf"{_CAP_FIRST}(?<![\w'’]{_CAP_FIRST}){rest}(?:{joiner}(?:{_CAP_FIRST}{rest}|{inner_token}))*")

    run, run_no_ideographs = run_pattern(_CAP_REST), run_pattern(_CAP_REST_NO_IDEOGRAPHS)
    legal = sorted(data["legal_suffixes"], key=len, reverse=True)
    legal_suffix = re.compile(rf"(?:,?\s*(?:{'|'.join(map(re.escape, legal))})(?![\w]))+")
    acronym_after = re.compile(r"\s*[(（]\s*([A-Z][A-Za-z0-9&\-]{1,11})\s*[)）]")
    quoted_kind = {form.lower(): kind for kind, forms in data["quoted_forms"].items() for form in forms}
    word_terms += [(form, LEGAL_FORM, form) for form in quoted_kind]
    quoted = re.compile(r"\s*[«\"“„]([^»\"”“]{1,80})[»\"”“]")
    cjk_kind = {s: kind for kind, suffixes in data["cjk_suffixes"].items() for s in suffixes}
    cjk_suffix = re.compile("|".join(map(re.escape, sorted(cjk_kind, key=len, reverse=True))))
    cjk_stop = re.compile("|".join(map(re.escape, sorted(data["cjk_stops"], key=len, reverse=True))))
    return _Compiled(
        words=_WordLists(word_terms, tuple(data["cyrillic_case_endings"])), alias_exact=alias_exact, alias_actor=actor_list, heads=heads_by_first, suffix_heads=suffix_heads,
        suffix_probe=tuple(sorted({x for x, _ in suffix_heads}, key=len, reverse=True)),
        suffix_kind=dict(suffix_heads),
        kind_rank={k: i for i, k in enumerate(data["kind_priority"])}, run=run, run_no_ideographs=run_no_ideographs, legal_suffix=legal_suffix,
        acronym_after=acronym_after, quoted=quoted, quoted_kind=quoted_kind, cjk_suffix=cjk_suffix,
        cjk_suffix_kind=cjk_kind, cjk_suffix_first=re.compile("[" + "".join(sorted({re.escape(s[0]) for s in cjk_kind})) + "]"), cjk_stop=cjk_stop, cjk_titles=tuple(data["cjk_titles"]), cjk_generic=frozenset(data.get("cjk_generic", ())),
        cjk_name_tails=tuple(data["cjk_name_tails"]), cjk_not_openers=tuple(data["cjk_not_openers"]),
        numbered_unit=_numbered_unit_pattern(data["numbered_units"]),
        cjk_suffix_not_before=data["cjk_suffix_not_before"],
        connectors=connectors, inner=inner,
        leading_drop=frozenset(w.lower() for w in data["leading_drop"]),
        not_name_words=connectors | frozenset(w.lower() for w in data["leading_drop"]) | _month_names(),
        legal_words=frozenset(w for s in data["legal_suffixes"] for w in s.replace(",", " ").split()),
        legal_forms_lower=frozenset(w.lower().rstrip(".") for s in data["legal_suffixes"] for w in s.replace(",", " ").split()),
        month_names=frozenset(m.lower() for m in _month_names()),
        person_titles=frozenset(data["person_titles"]), pinyin_surnames=frozenset(data["pinyin_surnames"]),
        honorifics=frozenset(data["honorifics"]),
        gov_links=tuple(sorted((w.lower() for w in data["government_links"]), key=len, reverse=True)),
        end_words=_EndWords.of(end_bits),
        institution_breaks=frozenset(w.lower() for terms in data["institution_breaks"].values() for w in terms),
        definite_articles=frozenset(w.lower() for terms in data["definite_articles"].values() for w in terms),
        capitals=frozenset((name, country) for country, name in data["capitals"].items()),
        national_names={(country, name.lower()): table[canonical] for country, bodies in data["national_names"].items()
                        for canonical, names in bodies.items() for name in names},
        country_qualified=tuple(w.lower() for w in data["country_qualified"]),
        dateline=re.compile(data["dateline"]),
        split_words=re.compile(r"\s+(\S+)(?=(\s+))"),  # every inner word, with the spaces after it
    )


# --- helpers -----------------------------------------------------------------------------------------------------

def side_of(country: str | None) -> str | None:
    if not country:
        return None
    return "chinese" if country in CHINESE_SIDE_COUNTRIES else "foreign"


@lru_cache(maxsize=RUN_CACHE_SIZE)
def _canonical_latin(name: str) -> str:
    """Tidy a name written in capitals ("ZOOM GLOBAL SMART CITIES Association" -> "Zoom Global Smart Cities …")."""
    words = name.split()
    shouting = sum(1 for w in words if len(w) >= 4 and w.isupper())
    if shouting < 2:
        return " ".join(words)
    out = []
    for w in words:
        if len(w) >= 4 and w.isupper():
            w = "-".join(part.capitalize() for part in w.split("-"))
        elif w.isupper() and w.lower() in ("of", "and", "for", "the", "in"):
            w = w.lower()
        out.append(w)
    return " ".join(out)


def english_name(place: Any) -> str:
    """A place's name as a partner: the gazetteer's English name, which for a country is its usual name in English
    news ("Myanmar", not "Myanmar (Burma)": data/reference/curated_country_names.csv)."""
    return place.name


def _place_kind(place: Any) -> str:
    return "country" if place.kind == "country" else "local_government"


def _gov_kind(place: Any) -> str:
    return "national_government" if place.kind == "country" else "local_government"


def _overlaps_sorted(start: int, end: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether [start, end) overlaps one of ``spans`` (sorted, not overlapping each other)."""
    i = bisect_right(starts, start) - 1
    if i >= 0 and spans[i][1] > start:
        return True
    return i + 1 < len(spans) and spans[i + 1][0] < end


LOCATIVE, DESTINATION, PARTY_BEFORE, RECIPIENT = 1, 2, 4, 8  # the lists a word before a place belongs to, as bits
# (RECIPIENT: words that make a country, not a city, a party: "a complex for Liberia", "announced that Uruguay …")


@dataclass(frozen=True, slots=True)
class _EndWords:
    """Words looked up where they end (before a place), by their last two characters (one for a one-character
    word); each word carries the bits of the lists holding it ("from" is both locative and party-introducing) and
    whether it needs a word boundary before it (Latin and Cyrillic words do; Chinese and Arabic ones do not)."""

    by_tail: dict[str, tuple[tuple[str, int, bool], ...]]
    one_char: dict[str, int]

    @classmethod
    def of(cls, bits: dict[str, int]) -> _EndWords:
        by_tail: dict[str, list[tuple[str, int, bool]]] = {}
        for word, word_bits in bits.items():
            if len(word) >= 2:
                by_tail.setdefault(word[-2:], []).append((word, word_bits, _bounded(word[0])))
        return cls({tail: tuple(words) for tail, words in by_tail.items()},
                   {word: word_bits for word, word_bits in bits.items() if len(word) == 1})


_ARTICLES = (" the", " la", " le", " el", " a", " o")


class _WordEnds:
    """Which lists (locative, destination, party-introducing) have a word just before a position: the few places of
    an article are looked up where they stand, rather than every such word ("in", "a", "в") of the text."""

    def __init__(self, folded: str, c: _Compiled) -> None:
        self.folded = folded
        self.words = c.end_words

    def _bits_ending_at(self, i: int) -> int:
        folded, words = self.folded, self.words
        bits = 0
        if i >= 1:
            found = words.one_char.get(folded[i - 1])
            if found and (i == 1 or not _bounded(folded[i - 1]) or not _word_char(folded[i - 2])):
                bits = found
        if i >= 2:
            for word, word_bits, bounded in words.by_tail.get(folded[i - 2:i], ()):
                j = i - len(word)
                if j >= 0 and folded.startswith(word, j) and (j == 0 or not bounded or not _word_char(folded[j - 1])):
                    bits |= word_bits
        return bits

    def before(self, position: int) -> int:
        """The bits of the lists with a word ending just before ``position`` (skipping spaces, and an article:
        "in the Philippines")."""
        folded = self.folded
        i = position
        while i > 0 and folded[i - 1].isspace():
            i -= 1
        bits = self._bits_ending_at(i)
        if folded.endswith(_ARTICLES, 0, i):
            for article in _ARTICLES:
                if folded.endswith(article, 0, i) and i > len(article):
                    j = i - len(article)
                    while j > 0 and folded[j - 1].isspace():
                        j -= 1
                    bits |= self._bits_ending_at(j)
                    break
        return bits


# --- the scan ----------------------------------------------------------------------------------------------------

def find_partners(text: str, places: list[Any], language: str | None = None,
                  folded: str | None = None) -> PartnerScan:
    """Every party named in ``text`` (with spans), and the places where things happened.

    ``places`` are the gazetteer's matches over the same text; ``folded`` is ``text`` lower-cased with its length
    kept (computed here when not given). Never raises on any string.
    """
    if not text:
        return PartnerScan()
    c = _compiled()
    folded = folded if folded is not None else lower_same_length(text)
    places = sorted(places, key=_start_of)
    candidates: list[_Candidate] = []

    hits = c.words.find(folded)
    aliases: list[tuple[int, int, int]] = hits.get(ALIAS, [])
    government_words = [(start, end) for start, end, _ in hits.get(GOVERNMENT, ())]
    leader_words = [(start, end) for start, end, _ in hits.get(LEADER, ())]
    people_words: dict[int, int] = {}  # start -> end
    for start, end, _ in hits.get(PEOPLE, ()):
        people_words.setdefault(start, end)
    head_starts = [start for start, _, _ in hits.get(HEAD, ())]
    legal_forms: list[tuple[int, int, str]] = hits.get(LEGAL_FORM, [])
    for start, end, index in aliases + c.alias_exact.find(text):
        if end < len(text) and text[end] in _NUMBERED_UNIT_FIRST and c.numbered_unit.match(text, end):
            continue  # "China Railway Seventh Group", "中国中铁七局": a numbered subsidiary, another company
        actor = c.alias_actor[index]
        candidates.append(_Candidate(start, end, text[start:end], actor.canonical_name, actor.kind, actor.country,
                                     ALIAS_PRIORITY))
    alias_spans = {(a.start, a.end): a for a in candidates}  # the alias table's reading of a name, by its span

    candidates += _governments(text, folded, places, government_words, leader_words)
    candidates += _adjectival_governments(text, folded, places, leader_words, people_words)
    candidates += _people_nouns(text, places)
    institutions: dict[int, tuple[int, str]] = {}  # institution word start -> (end, kind), the longest
    for start, end, kind in hits.get(INSTITUTION, ()):
        institutions.setdefault(start, (end, kind))
        institutions.setdefault(-end - 1, (start, kind))  # and by its end, as -end - 1 ("the first lady of …")
    if institutions or people_words:
        candidates += _adjectival_institutions(text, folded, places, institutions, c, people_words)
    has_ideographs = not text.isascii() and _IDEOGRAPH.search(text) is not None
    runs = _Runs(text, c.run if has_ideographs else c.run_no_ideographs)
    acronyms: dict[str, tuple[_Candidate, int]] = {}
    named_runs = []  # runs holding a head word; the others (most: people and places) name no organisation
    for position in head_starts:
        run = runs.at(position)
        if run is not None and (not named_runs or named_runs[-1] != run):
            named_runs.append(run)
    for run_start, run_end in named_runs:
        names = _names_in_run_text(text[run_start:run_end])
        if names is None:
            names = _names_in_run(text, run_start, run_end, c)[0]
        else:
            names = [(run_start + start, run_start + end, kind) for start, end, kind in names]
        for start, end, kind in names:
            candidate = _name_from_run(text, start, end, kind, places, c)
            candidates.append(candidate)
            after = c.acronym_after.match(text, candidate.end)
            if after and after.group(1) != candidate.name:
                # an acronym stands for what the alias table says the name is ("Inter-American Development Bank
                # (IDB)": an international body, not a US one for the "American" inside it)
                acronyms.setdefault(after.group(1), (alias_spans.get((candidate.start, candidate.end), candidate),
                                                     after.start(1)))
    quoted_end = -1
    for start, end, form in legal_forms:  # by start, the longest first
        if start < quoted_end:
            continue
        m = c.quoted.match(text, end)
        name = m.group(1).strip() if m else ""
        if name:
            quoted_end = m.end()
            candidates.append(_Candidate(start, m.end(), text[start:m.end()], name, c.quoted_kind[form], None,
                                         PATTERN_PRIORITY))
    if has_ideographs:
        candidates += _cjk_names(text, c)
        candidates += _foreign_cjk_bodies(text, places)
    for acronym, (named, defined_at) in acronyms.items():
        for start in _whole_word_positions(text, acronym):
            if start == defined_at:
                continue  # the bracket that defines it belongs to the name before it
            candidates.append(_Candidate(start, start + len(acronym), acronym, named.canonical, named.kind,
                                         named.country, ALIAS_PRIORITY))

    accepted = _resolve_overlaps(candidates)
    taken = sorted((a.start, a.end) for a in accepted)
    runs.taken = taken
    word_ends = _WordEnds(folded, c)
    menu_lines: dict[int, bool] = {}  # line start -> whether the line is a menu
    scan = PartnerScan()
    place_starts = [p.start for p in places]
    party_places: list[Any] = []
    previous = None
    k, n_taken = 0, len(taken)  # the first taken span ending after the place (both sorted)
    for place in places:
        while k < n_taken and taken[k][1] <= place.start:
            k += 1
        if getattr(place, "adjectival", False) or (k < n_taken and taken[k][0] < place.end):
            continue
        if text.startswith("$", place.end):
            continue  # a currency sign ("US$", "NZ$"), not a place
        if previous is not None and place.start == previous[0].end and is_cjk(text[place.start]):
            role = previous[1]  # 陕西西安, 福建宁德: a city after its province shares the province's role
        else:
            role = _place_role(text, place, runs, places, c, word_ends, place_starts, menu_lines, institutions)
        previous = (place, role)
        if role == "location":
            scan.locations.append(place)
        elif role == "destination":
            scan.destinations.append(place)
            scan.locations.append(place)
            if place.place.kind == "country":  # "a loan to Kenya", "a state visit to Mexico": the host or recipient
                accepted.append(_place_candidate(place, c))
        elif role == "party" and place.place.kind in ("country", "admin1", "city", "zone"):
            party_places.append(place)
    # A capital stands for its country only when the other parties are countries or capitals too ("Beijing and
    # Islamabad agreed"); beside a city or province ("Ningbo and Lisbon became sister cities") it is a city.
    metonymy = all(_is_capital(p, c) or p.place.kind == "country" for p in party_places)
    accepted += [_place_candidate(p, c, capital_as_country=metonymy) for p in party_places]

    default_country: Any = _NOT_YET  # the article's dominant country, counted when a name lacks a country
    for candidate in accepted:
        if candidate.country is None and not (candidate.kind == "international_org" and is_cjk(candidate.name[0])):
            # (an international body written in Chinese, 东盟, 亚行, is no one's: not China's by its script)
            if default_country is _NOT_YET:
                default_country = _dominant_country(places)
            candidate.country = _country_of(text, candidate, places, default_country)
            if candidate.country is not None and candidate.priority == PATTERN_PRIORITY:
                _name_by_country(candidate, c)
    accepted.sort(key=lambda a: a.start)
    scan.partners = [
        PartnerMention(name=a.name, canonical_name=a.canonical, kind=a.kind, country=a.country,
                       side=side_of(a.country), start=a.start, end=a.end, lat=a.lat, lon=a.lon)
        for a in accepted if a.kind != NOT_A_PARTY  # venues and media keep their names from being read as places
    ]
    return scan


_NOT_YET = object()


def _whole_word_positions(text: str, word: str) -> list[int]:
    """Where ``word`` stands in ``text`` with no letter, digit or hyphen touching it."""
    found = []
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if ((start == 0 or not (_word_char(text[start - 1]) or text[start - 1] == "-"))
                and (end == len(text) or not (_word_char(text[end]) or text[end] == "-"))):
            found.append(start)
        start = text.find(word, start + 1)
    return found


def _is_capital(place: Any, c: _Compiled) -> bool:
    return (place.place.name, place.place.country) in c.capitals


def _place_candidate(place: Any, c: _Compiled, capital_as_country: bool = True) -> _Candidate:
    """A place named as a party; a national capital stands for its country ("Beijing and Islamabad agreed")
    when ``capital_as_country``."""
    p = place.place
    if capital_as_country and _is_capital(place, c):
        country = lookup(country_name(p.country) or "", p.country)
        if country is not None and country.kind == "country":
            return _Candidate(place.start, place.end, place.surface, english_name(country), "national_government",
                              p.country, PLACE_PRIORITY, country.lat, country.lon)
    return _Candidate(place.start, place.end, place.surface, english_name(p), _place_kind(p), p.country,
                      PLACE_PRIORITY, p.lat, p.lon)


INSTITUTION_GAP_WORDS = 3  # words that may stand between a country's adjective and its institution word
_GAP_WORD = re.compile(r"[\w'’\-]+")
_NO_STOPS: frozenset[int] = frozenset()


def _institution_after(folded: str, position: int, institutions: dict[int, tuple[int, str]], stops: Any,
                       c: _Compiled) -> tuple[int, str] | None:
    """The (end, kind) of an institution word after ``position`` in the same phrase: after a space, across at most
    three other words ("Tanzanian National Roads agency", "Ukrainian coal producer"), none of them a break word
    ("the", "said"), another place (``stops``) or a line or punctuation mark."""
    n = len(folded)
    i = position
    for _ in range(INSTITUTION_GAP_WORDS + 1):
        j = i
        while j < n and folded[j] == " ":
            j += 1
        if j == i or j - i > 2:
            return None
        hit = institutions.get(j)
        if hit is not None:
            return hit
        if j in stops:
            return None
        m = _GAP_WORD.match(folded, j)
        if m is None or m.group(0) in c.institution_breaks:
            return None
        i = m.end()
    return None


FIRM = "firm"  # institution words naming a firm: the country itself is the party, unless the phrase refers back
_WORD_BEFORE = re.compile(r"([\w']+)[^\S\n]{1,2}$")


def _refers_back(text: str, folded: str, start: int, end: int, c: _Compiled) -> bool:
    """Whether a phrase is a definite description with no name after it ("the German company said"), which
    refers back to a company the article named before rather than naming a new party ("the Romanian operator
    POSTelecom", "a Sudanese company")."""
    before = _WORD_BEFORE.search(folded, max(0, start - 12), start)
    if before is None or before.group(1) not in c.definite_articles:
        return False
    i = end
    while i < len(text) and i - end < 2 and text[i] == " ":
        i += 1
    return not (i > end and i < len(text) and text[i].isupper())


def _possessive_length(text: str, place: Any) -> int:
    """The length of a possessive ending after a place ("Ghana's", "Belarus' library"), 0 when there is none."""
    if text.startswith(("'s", "’s"), place.end):
        return 2
    if place.surface.endswith("s") and text.startswith(("' ", "’ "), place.end):
        return 1
    return 0


_OF_BEFORE = re.compile(r"[^\S\n]+of(?:[^\S\n]+the)?[^\S\n]+$")


def _institution_of(folded: str, position: int, institutions: dict[int, tuple[int, str]]) -> bool:
    """Whether an institution word and "of" (or "of the") stand just before ``position``: "the first lady of
    Tanzania", "Vale mining company of Brazil"."""
    m = _OF_BEFORE.search(folded, max(0, position - 12), position)
    return m is not None and -m.start() - 1 in institutions


def _adjectival_institutions(text: str, folded: str, places: list[Any], institutions: dict[int, tuple[int, str]],
                             c: _Compiled, people_words: dict[int, int] | None = None) -> list[_Candidate]:
    """A foreign country's adjective before an institution word of that country makes the country a party ("the
    Angolan chancellery", "a Sudanese company", "the Tanzanian police force"), and so does one right after it
    ("la cancillería angoleña"); a state body is its government. A word for people after the adjective stands for
    the country as an institution word does, also across a few words ("390 Ugandan technical personnel"). Found
    at the lowest priority, so a name found otherwise over the same words ("Zimbabwean Grain Marketing Board")
    keeps them."""
    adjectives = [p for p in places if p.adjectival and p.place.kind == "country"
                  and p.place.country not in CHINESE_SIDE_COUNTRIES]
    if not adjectives:
        return []
    if people_words:
        institutions = dict(institutions)
        for start, end in people_words.items():
            institutions.setdefault(start, (end, PEOPLE))
    stops = frozenset(p.start for p in places)
    found: list[_Candidate] = []
    for p in adjectives:
        hit = _institution_after(folded, p.end, institutions, stops, c)
        start, end = p.start, None
        if hit is not None:
            end, kind = hit
        elif p.start > 0 and folded[p.start - 1] == " ":
            before = institutions.get(-(p.start - 1) - 1)  # an institution word ending just before the adjective
            if before is not None:
                start, kind = before
                end = p.end
        if end is not None:
            if kind == FIRM:
                if _refers_back(text, folded, start, end, c):
                    continue
                kind = "country"
            elif kind is PEOPLE:
                # the people's country is the party; the words between ("scholarship students") may tell the event
                start, end, kind = p.start, p.end, "country"
            place = p.place
            found.append(_Candidate(start, end, text[start:end], english_name(place), kind, place.country,
                                    PLACE_PRIORITY, place.lat, place.lon))
    return found


def _adjectival_governments(text: str, folded: str, places: list[Any], leader_words: list[tuple[int, int]],
                            people_words: dict[int, int] | None = None) -> list[_Candidate]:
    """A country's adjective next to a leader word is that country's government: "Chinese President Xi", "the
    Chinese and Mozambican governments", "el gobierno argentino", "中方"/"俄方", "китайская сторона", also across
    a title's capitalised words ("Mozambican Finance Minister", "Eritrean Foreign Affairs Minister"). Next to a
    word for its people ("Burundian students", "Chinese engineers") it is the country itself."""
    adjectives = [p for p in places if p.adjectival and p.place.kind == "country"]
    if not adjectives:
        return []
    after: dict[int, int] = {}  # leader word start -> end (the longest)
    before: dict[int, int] = {}  # leader word end -> start
    for start, end in leader_words:
        after.setdefault(start, end)
        before.setdefault(end, start)
    people_words = people_words or {}
    if not after and not people_words:
        return []
    place_starts = frozenset(p.start for p in places)
    found: list[_Candidate] = []
    leader_end_after: dict[int, int] = {}  # index in adjectives -> end of the leader word that follows it
    for i in range(len(adjectives) - 1, -1, -1):
        p = adjectives[i]
        j = p.end
        while j < len(folded) and folded[j] == " ":
            j += 1
        end = after.get(j) if j - p.end <= 1 else None
        if end is None and j - p.end <= 1:
            end = _leader_after_title(text, j, after, place_starts)
        if end is None and j - p.end <= 1 and j in people_words:
            found.append(_Candidate(p.start, people_words[j], text[p.start:people_words[j]], english_name(p.place),
                                    "country", p.place.country, GOVERNMENT_PRIORITY, p.place.lat, p.place.lon))
            continue
        if end is None and p.end in before and before[p.end] > p.start:
            end = p.end  # the leader word closes the adjective itself ("中方")
        if end is None and i + 1 in leader_end_after:
            # "the Chinese and Mozambican governments": the word after the next adjective serves both
            gap = folded[p.end:adjectives[i + 1].start].strip()
            if gap in _COORDINATORS or gap in ("和", "与", "及"):
                end = leader_end_after[i + 1]
                found.append(_adjective_candidate(text, p, p.start, p.end))
                leader_end_after[i] = end
                continue
        if end is not None:
            leader_end_after[i] = end
            found.append(_adjective_candidate(text, p, p.start, end))
            continue
        k = p.start
        while k > 0 and folded[k - 1] == " ":
            k -= 1
        if k in before and p.start - k <= 1:  # "el gobierno argentino", "الرئيس الصيني"
            found.append(_adjective_candidate(text, p, before[k], p.end))
    return found


_NUMBER_BEFORE = re.compile(r"\d[\d,.]*[^\S\n]+$")
_WORD_AFTER = re.compile(r"[^\S\n]+([a-z]+)")
# words that may follow a people's name used as a noun ("340 Rwandans, especially staff", "Palestinians in need")
_AFTER_PEOPLE = frozenset({"and", "or", "in", "at", "from", "to", "who", "were", "are", "was", "have", "had", "will",
                           "would", "with", "for", "of", "on", "living", "working", "studying", "received", "went"})


def _people_nouns(text: str, places: list[Any]) -> list[_Candidate]:
    """A country's demonym standing as a noun for its people is that country as a party, as "Burundian students"
    is: a plural ("training for 340 Rwandans", "aid for Palestinians in need") or a count ("trained 40 Batswana"),
    with no noun after it for an adjective to describe ("Swiss banks", "10 Chinese experts" are not)."""
    found: list[_Candidate] = []
    for p in places:
        if not p.adjectival or p.place.kind != "country" or not p.surface[:1].isupper():
            continue
        if not (p.surface.endswith("s") or _NUMBER_BEFORE.search(text, max(0, p.start - 16), p.start)):
            continue
        after = _WORD_AFTER.match(text, p.end)
        if after is not None and after.group(1) not in _AFTER_PEOPLE:
            continue
        if p.end < len(text) and (text[p.end].isalnum() or text[p.end] in "-‐"):
            continue
        place = p.place
        found.append(_Candidate(p.start, p.end, p.surface, english_name(place), "country", place.country,
                                GOVERNMENT_PRIORITY, place.lat, place.lon))
    return found


_TITLE_WORD = re.compile(r"(?:[A-Z][\w\-]*|and|&)[^\S\n]+")  # "Finance ", "Foreign Affairs ", "Energy and Mines "
_TITLE_OPENING = re.compile(r"[A-Z]")
TITLE_WORDS = 5  # "Economic Affairs and Development Minister"


def _leader_after_title(text: str, position: int, after: dict[int, int],
                        stops: frozenset[int] = frozenset()) -> int | None:
    """The end of a leader word standing after at most five capitalised title words (or "and") from ``position``
    ("Finance Minister", "Deputy Foreign Minister"); None when there is none, when a title word heads an organisation's
    name ("Development Bank President": the bank's, not the government's) or is another place (``stops``: "the
    Chinese and Mozambican governments" are two)."""
    if not _TITLE_OPENING.match(text, position):
        return None
    heads = _compiled().heads
    for _ in range(TITLE_WORDS):
        m = _TITLE_WORD.match(text, position)
        if m is None or position in stops or m.group(0).split()[0].lower() in heads:
            return None
        position = m.end()
        end = after.get(position)
        if end is not None:
            return end
    return None


def _adjective_candidate(text: str, p: Any, start: int, end: int) -> _Candidate:
    return _Candidate(start, end, text[start:end], english_name(p.place), "national_government", p.place.country,
                      GOVERNMENT_PRIORITY, p.place.lat, p.place.lon)


def _resolve_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    ordered = sorted(candidates, key=lambda a: (-a.priority, -(a.end - a.start), a.start))
    accepted: list[_Candidate] = []
    spans: list[tuple[int, int]] = []  # the accepted spans, sorted and disjoint
    starts: list[int] = []
    for candidate in ordered:
        if spans and _overlaps_sorted(candidate.start, candidate.end, spans, starts):
            continue
        i = bisect_left(starts, candidate.start)
        spans.insert(i, (candidate.start, candidate.end))
        starts.insert(i, candidate.start)
        accepted.append(candidate)
    return accepted


def _governments(text: str, folded: str, places: list[Any], government_words: list[tuple[int, int]],
                 leader_words: list[tuple[int, int]]) -> list[_Candidate]:
    """A government word with a place right before it ("Moscow government", "深圳市人民政府", "Myanmar's
    government") or after it ("правительство Москвы", "government of the city of Shenzhen") is that place's
    government; so is a leader word with a country ("President of Peru", "Kenya's president", "президент России")."""
    found: list[_Candidate] = []
    if not places or not (government_words or leader_words):
        return found
    c = _compiled()
    words = [(s, e, False) for s, e in government_words] + [(s, e, True) for s, e in leader_words]
    ends = [p.end for p in places]
    starts = [p.start for p in places]
    for start, end, leader in words:
        place = span = None
        # the nearest place ending before the word, then the nearest starting after it
        i = bisect_right(ends, start) - 1
        while i >= 0 and places[i].end > start:
            i -= 1
        if i >= 0:
            p = places[i]
            gap_before = folded[p.end:start]
            if (len(gap_before.strip()) == 0 and start - p.end <= 2
                    or gap_before.strip() in ("city", "municipal", "市", "city's", "provincial", "state", "'s", "’s")):
                place, span = p, (p.start, end)
            elif leader and text.startswith(("'s ", "’s "), p.end) and start - p.end <= 40:
                # "Madagascar's Energy and Mines Minister": a country's minister across the title's words
                if _leader_after_title(text, p.end + 3, {start: end}) == end:
                    place, span = p, (p.start, end)
        if place is None:
            j = bisect_left(starts, end)
            if j < len(places) and places[j].start - end <= 24:
                p = places[j]
                link = folded[end:p.start].strip()
                if not link or link in c.gov_links or all(w in c.gov_links or w in ("city", "города")
                                                          for w in link.split()):
                    place, span = p, (start, p.end)
        if place is None or (leader and (place.place.kind != "country" or place.adjectival)):
            continue
        found.append(_Candidate(span[0], span[1], text[span[0]:span[1]], english_name(place.place),
                                _gov_kind(place.place), place.place.country, GOVERNMENT_PRIORITY, place.place.lat,
                                place.place.lon))
    return found


_COORDINATORS = frozenset({"and", "&", "und", "e", "y", "et", "и"})


def _split_run(text: str, start: int, end: int, c: _Compiled) -> tuple[list[tuple[int, int]], bool]:
    """Split a run at 'and'/'und'/'e' when both sides hold a head word ("X Chamber and Y Bank") or 'the' follows,
    so "Macao Productivity and Technology Transfer Center" stays whole but two named bodies do not merge.
    Also says whether the split read characters after the run (a coordinator among its last words)."""
    pieces: list[tuple[int, int]] = []
    piece_start = start
    reads_after = False
    for m in c.split_words.finditer(text[start:end]):
        word = m.group(1).lower()
        if word not in _COORDINATORS:
            continue
        left_end = start + m.start()
        right_start = start + m.end() + len(m.group(2))
        words = [w.lower().rstrip(".,") for w in text[piece_start:left_end].split()]
        reads_after = reads_after or right_start + 4 > end
        then_article = text[right_start:right_start + 4].lower() in ("the ", "la ", "le ", "el ", "die ")
        right = [w.lower().rstrip(".,") for w in text[right_start:end].split()]
        both_named = (any(_has_head(words, i, c) for i in range(len(words)))
                      and any(_has_head(right, i, c) for i in range(len(right))))
        if (then_article or both_named) and not _joins_a_place(text, piece_start, left_end, m.group(1),
                                                                right_start, end):
            pieces.append((piece_start, left_end))
            piece_start = right_start
    pieces.append((piece_start, end))
    return pieces, reads_after


PLACE_SIDE_WORDS = 3  # words on each side of "and" that a place's name may hold ("Saint Kitts and Nevis")


def _joins_a_place(text: str, left_start: int, left_end: int, coordinator: str, right_start: int,
                   right_end: int) -> bool:
    """Whether the coordinator stands inside a place's name ("Urban Development Corporation of Trinidad and Tobago
    Ltd.", "Bosnia and Herzegovina Airlines"): the name is not split there."""
    left = text[left_start:left_end].split()[-PLACE_SIDE_WORDS:]
    right = text[right_start:right_end].split()[:PLACE_SIDE_WORDS]
    for i in range(len(left)):
        if not left[i][:1].isupper():
            continue
        for j in range(len(right), 0, -1):
            if right[j - 1][:1].isupper():
                name = " ".join(left[i:] + [coordinator] + right[:j]).rstrip(".,;:")
                place = lookup(name)
                if place is not None and place.kind == "country":
                    return True
    return False


def _has_head(words: list[str], i: int, c: _Compiled) -> bool:
    for head, _ in c.heads.get(words[i], ()):
        if len(head) == 1 or tuple(words[i:i + len(head)]) == head:
            return True
    return _suffix_kind(words[i], c) is not None


def _suffix_kind(word: str, c: _Compiled) -> str | None:
    """The kind of a word ending in a suffix head ("handelskammer"); the longest suffix decides, and a word that
    is the suffix itself has none."""
    if not word.endswith(c.suffix_probe):
        return None
    for suffix in c.suffix_probe:
        if word.endswith(suffix):
            return c.suffix_kind[suffix] if len(word) > len(suffix) else None
    return None


_TOKEN = re.compile(r"\S+")
_SEAT = re.compile(r"\s+in\s+(" + _CAP + r"(?:\s+" + _CAP + r")*)")  # "… Chamber of Commerce in Shanghai"
_NAME_WORD = re.compile(r"[\w']+")
_RUN_WORD = re.compile(r"[\w'’]+")


_start_of = attrgetter("start")  # a mention's start, as a sort and bisect key


def _names_in_run(text: str, start: int, end: int, c: _Compiled) -> tuple[list[tuple[int, int, str]], bool]:
    """The organisation names in the capitalised run text[start:end], as (start, end, kind) before any legal form
    or seat that follows; and whether that depended on characters after the run."""
    pieces, reads_after = _split_run(text, start, end, c)
    names = []
    for piece_start, piece_end in pieces:
        name = _name_in_piece(text, piece_start, piece_end, c)
        if name is not None:
            names.append(name)
    return names, reads_after


@lru_cache(maxsize=RUN_CACHE_SIZE)
def _names_in_run_text(run: str) -> tuple[tuple[int, int, str], ...] | None:
    """``_names_in_run`` over a run alone, offsets within it; None when the answer depends on what follows it."""
    names, reads_after = _names_in_run(run, 0, len(run), _compiled())
    return None if reads_after else tuple(names)


def _name_in_piece(text: str, start: int, end: int, c: _Compiled) -> tuple[int, int, str] | None:
    """The span and kind of an organisation name in a piece of a capitalised run, when it holds a head word and a
    proper word (before any legal form that follows it)."""
    if not any(w in c.heads or _suffix_kind(w, c) for w in text[start:end].lower().replace(",", " ").split()):
        if not any(w.rstrip(".") in c.heads for w in text[start:end].lower().split()):
            return None  # no head word: not an organisation (most runs are people and places)
    tokens = [m.span() for m in _TOKEN.finditer(text, start, end)]
    # drop sentence-initial function words and titles ("The", "On", "President")
    while tokens and (text[tokens[0][0]:tokens[0][1]].lower().rstrip(",") in c.leading_drop
                      or text[tokens[0][0]:tokens[0][1]].rstrip(",") in c.legal_words):
        tokens.pop(0)
    while tokens and text[tokens[0][0]:tokens[0][1]].lower() in c.connectors:
        tokens.pop(0)
    if not tokens:
        return None
    words = [text[s:e].lower().rstrip(".,;:") for s, e in tokens]
    kinds: list[str] = []
    head_word = [False] * len(words)
    i = 0
    while i < len(words):
        for head, kind in c.heads.get(words[i], ()):
            if len(head) == 1 or tuple(words[i:i + len(head)]) == head:
                kinds.append(kind)
                for j in range(i, min(i + len(head), len(words))):
                    head_word[j] = True
                i += len(head) - 1
                break
        else:
            suffix_kind = _suffix_kind(words[i], c)
            if suffix_kind is not None:
                kinds.append(suffix_kind)
        i += 1
    if not kinds:
        return None
    proper = [text[s:e] for (s, e), w, h in zip(tokens, words, head_word)
              if not h and w not in c.connectors and w not in c.inner and any(ch.isalpha() for ch in w)]
    if not any(word[0].isupper() for word in proper):
        return None  # "The Chamber of Commerce": a generic mention, not a name
    # a name ends at its legal form ("… Corporation SAU for the 300 MW … Project") and before a date ("… Project
    # On March 24")
    for i in range(1, len(tokens)):
        if (words[i - 1] in c.legal_forms_lower and words[i] in c.connectors
                and (sum(ch.isalpha() for ch in words[i - 1]) <= 4 or words[i - 1] == "limited")):
            del tokens[i:]
            break
        if words[i] in c.month_names and i + 1 < len(words) and words[i + 1][:1].isdigit():
            del tokens[i:]
            while len(tokens) > 1 and text[tokens[-1][0]:tokens[-1][1]].lower() in c.leading_drop:
                tokens.pop()  # "… Project In October 2008": the preposition goes with the date
            break
    # a person named after the name's head word is not part of it: a title ("Tirana University President Levin") or
    # a Chinese surname and given name ending the run ("Education Ministry Liu Bao"), right after a name word
    first_head = head_word.index(True) if True in head_word else len(tokens)
    for i in range(max(first_head, 0) + 1, len(tokens)):
        if (words[i - 1] in c.connectors or words[i - 1] in c.inner) and words[i] not in c.honorifics:
            continue  # "Office of the President" (but "… and Mr. Wu" is a person)
        if words[i] in c.person_titles or (words[i] in c.pinyin_surnames and i == len(tokens) - 2
                                           and not head_word[i + 1] and text[tokens[i][0]].isupper()):
            del tokens[i:]
            if not any(not head_word[j] and words[j] not in c.connectors and words[j] not in c.inner
                       and text[tokens[j][0]].isupper() for j in range(len(tokens))):
                return None  # "University Rector …": a head word alone is no name
            break
    # trailing connectors are not part of a name
    while tokens and text[tokens[-1][0]:tokens[-1][1]].lower() in c.connectors:
        tokens.pop()
    if not tokens:
        return None
    return tokens[0][0], tokens[-1][1], min(kinds, key=lambda k: c.kind_rank.get(k, 99))


def _name_from_run(text: str, name_start: int, name_end: int, kind: str, places: list[Any],
                   c: _Compiled) -> _Candidate:
    """The organisation named at text[name_start:name_end] (a name found in a run), with the legal form or seat
    that follows it, and its country from a place inside it."""
    legal = c.legal_suffix.match(text, name_end)
    if legal:
        name_end = legal.end()
    while name_end > name_start and text[name_end - 1] in ",;:":
        name_end -= 1
    last_word = text[name_start:name_end].rsplit(None, 1)[-1]
    if text[name_end - 1] == "." and last_word not in c.legal_words:
        name_end -= 1
    # "Zhejiang Chamber of Commerce in Shanghai": a chamber or association named after where it sits
    if kind == "chamber_association":
        tail = _SEAT.match(text[name_end:name_end + 60])
        if tail and any(p.start == name_end + tail.start(1) for p in places):
            name_end += tail.end()
    run_on = _RUN_ON_SENTENCE.search(text, name_start, name_end)
    if run_on:
        name_end = run_on.start()  # "… Relations.This": the next sentence after a lost space is not the name's
    name = text[name_start:name_end]
    canonical = _canonical_latin(name)
    country = None
    first = bisect_left(places, name_start, key=_start_of)
    inside = [p for p in places[first:bisect_left(places, name_end, lo=first, key=_start_of)] if p.end <= name_end]
    if inside:
        country = inside[0].place.country
        rest_of_name = name[inside[0].end - name_start:].lstrip()
        if (inside[0].start == name_start and getattr(inside[0], "adjectival", False)
                and rest_of_name.lower().startswith(c.country_qualified) and inside[0].place.kind == "country"):
            # "Zambian Ministry of Finance" is the Ministry of Finance of Zambia
            canonical = f"{rest_of_name} of {english_name(inside[0].place)}"
        # a government body named by its place alone ("Moscow City Government") is that place's government
        rest = set(_NAME_WORD.findall(name.lower())) - set(_NAME_WORD.findall(inside[0].surface.lower()))
        if kind in ("local_government", "national_government") and rest <= _GOVERNMENT_NAME_WORDS:
            place = inside[0].place
            return _Candidate(name_start, name_end, name, english_name(place), _gov_kind(place), place.country,
                              GOVERNMENT_PRIORITY, place.lat, place.lon)
    return _Candidate(name_start, name_end, name, canonical, kind, country, PATTERN_PRIORITY)


_RUN_ON_SENTENCE = re.compile(r"(?<=[a-z]{2})\.(?=[A-Z][a-z])")  # a full stop with no space after a word's lower case
_GOVERNMENT_NAME_WORDS = frozenset({"government", "municipal", "city", "people's", "people", "provincial", "of", "the"})


def _is_ideograph(ch: str) -> bool:
    """A Chinese character, not CJK punctuation ("。" ends a name)."""
    return 0x3400 <= ord(ch) <= 0x9FFF or 0xF900 <= ord(ch) <= 0xFAFF


def _cjk_names(text: str, c: _Compiled) -> list[_Candidate]:
    """Chinese names: the characters before a suffix (…集团, …银行), back to a stop word or a non-Chinese char."""
    found: list[_Candidate] = []
    first = c.cjk_suffix_first.search(text)
    if first is None:
        return found
    for m in c.cjk_suffix.finditer(text, first.start()):
        if text.startswith(c.cjk_titles, m.end()) and m.start() > 0 and text[m.start() - 1] == text[m.start()]:
            continue  # 經濟發展局局長: the bureau, then its chief (局長), not a second name
        if m.end() < len(text) and text[m.end()] in c.cjk_suffix_not_before.get(m.group(0), ""):
            continue  # 局势, 局面: the suffix's character begins another word (a situation), no body
        window_start = max(0, m.start() - _CJK_NAME_WINDOW)
        start = m.start()
        while start > window_start and (_is_ideograph(text[start - 1]) or text[start - 1] in "()（）·—-"):
            start -= 1
        cut = start == window_start and start > 0 and _is_ideograph(text[start - 1])
        for stop in c.cjk_stop.finditer(text, start, m.start()):
            start = max(start, stop.end())
            cut = False
        if cut:
            continue  # the window ends mid-clause ("…通过建立…中心"): where the name begins is unknown
        while start < m.start() and text[start] in "()（）·—-":
            start += 1
        if m.start() - start < 2:
            continue  # a bare suffix ("公司", "该集团") is not a name
        name = text[start:m.end()]
        if name in c.cjk_generic or name.startswith(c.cjk_not_openers):
            continue  # "他主要负责公司…", "收购公司": a pronoun or a verb opens a clause, not a name
        if _is_count(text, start, name):
            continue  # "30个国际组织", "多家公司": a number of bodies, not a name
        found.append(_Candidate(start, m.end(), name, name, c.cjk_suffix_kind[m.group(0)], None, PATTERN_PRIORITY))
    return found


@lru_cache(maxsize=1)
def _cjk_counts() -> tuple[str, str, str]:
    """Measure words, numerals, and numerals that count only after another ("5万家"), from organisations.json."""
    counts = _organisations()["cjk_counts"]
    return counts["measure_words"], counts["numerals"], counts["large_numerals"]


def _is_count(text: str, start: int, name: str) -> bool:
    """A Chinese span that is a count: numerals, then a measure word (三所大学, 多家公司, "30个…" with the digits
    before the span, 5万家企业); 家乐福公司 and 万家乐公司 have no numeral before their 家 and are names."""
    measures, numerals, large = _cjk_counts()
    i = 0
    while i < len(name) and (name[i] in numerals or name[i] in large):
        i += 1
    if i >= len(name) or name[i] not in measures:
        return False
    if any(ch in numerals for ch in name[:i]):
        return True
    return start > 0 and text[start - 1] in numerals


@dataclass(slots=True, frozen=True)
class _ForeignBodies:
    pattern: re.Pattern  # the bodies' Chinese names, longest first
    names: dict[str, dict[str, str]]  # body -> {"*": English name, alpha-2: that country's own name for it}
    short: dict[str, str]  # one-character short form of a country's name -> alpha-2
    short_not_after: frozenset[str]  # before a short form these make it something else ("5日" is a date)


@lru_cache(maxsize=1)
def _foreign_bodies() -> _ForeignBodies:
    data = _organisations()
    names = data["cjk_foreign_bodies"]
    pattern = re.compile("|".join(re.escape(b) for b in sorted(names, key=len, reverse=True)))
    return _ForeignBodies(pattern, names, data["cjk_country_short"], frozenset(data["cjk_short_not_after"]))


def _foreign_cjk_bodies(text: str, places: list[Any]) -> list[_Candidate]:
    """A generic Chinese body name (外交部, 国务院, 能源部) directly after a foreign country's name, full or short
    ("美国国务院", "俄外交部"), is that country's body, never China's; the name spans the country too."""
    f = _foreign_bodies()
    found: list[_Candidate] = []
    m = f.pattern.search(text)
    if m is None:
        return found
    ends = {p.end: p for p in places}
    for m in f.pattern.finditer(text, m.start()):
        start = m.start()
        place = ends.get(start)
        if place is not None:
            if place.place.kind != "country" or getattr(place, "adjectival", False):
                continue
            code, country_start = place.place.country, place.start
        else:
            code = f.short.get(text[start - 1]) if start > 0 else None
            if code is None or (start > 1 and (text[start - 2] in f.short_not_after or text[start - 2] in f.short)):
                continue
            if any(p.start < start <= p.end for p in places):
                continue  # the character ends a longer place ("美国会议" is not 美 + 国会)
            country_start = start - 1
        if not code or side_of(code) == "chinese":
            continue  # 中国外交部 stays China's, by the alias table
        country = country_name(code)
        if not country:
            continue
        body = m.group(0)
        english = f.names[body].get(code) or f.names[body]["*"]
        found.append(_Candidate(country_start, m.end(), text[country_start:m.end()], f"{english} of {country}",
                                "national_government", code, ALIAS_PRIORITY))
    return found


class _Runs:
    """An article's capitalised runs (sorted, disjoint), found by position, read on the first question (a text with
    no place and no head word never needs them); what a run holds besides its places is worked out once per run."""

    def __init__(self, text: str, pattern: re.Pattern) -> None:
        self.text = text
        self.pattern = pattern
        self.runs: list[tuple[int, int]] | None = None
        self.ends: list[int] = []
        self.leftover: dict[tuple[int, int], bool] = {}
        self.taken: list[tuple[int, int]] = []  # the names already read (aliases, patterns), sorted and disjoint

    def at(self, position: int) -> tuple[int, int] | None:
        runs = self.runs
        if runs is None:
            runs = self.runs = [m.span() for m in self.pattern.finditer(self.text)]
            self.ends = [end for _, end in runs]
        i = bisect_right(self.ends, position)
        if i < len(runs) and runs[i][0] <= position:
            return runs[i]
        return None


def _place_role(text: str, place: Any, runs: _Runs, places: list[Any], c: _Compiled, ends: _WordEnds,
                starts: list[int], menu_lines: dict[int, bool],
                institutions: dict[int, tuple[int, str]] | None = None) -> str | None:
    """'location' | 'destination' | 'party' | None (part of a longer name, or a bracketed gloss).

    A foreign country whose institution or holding is named after its possessive ("Mozambique's debt", "Ghana's
    fibre network") is a party, and so is a country after a word saying whom a thing is for ("a complex for
    Liberia"); a country after a town where something happened ("in Gedem, Eritrea") is where it happened too."""
    anchor = place.start
    country_party = place.place.kind == "country" and not getattr(place, "organisation", None)
    if country_party and place.place.country not in CHINESE_SIDE_COUNTRIES:
        possessive = _possessive_length(text, place)
        if possessive:
            if institutions and _institution_after(ends.folded, place.end + possessive, institutions, _NO_STOPS, c):
                return "party"
            before = ends.before(place.start)
            if before & (PARTY_BEFORE | RECIPIENT) and not before & LOCATIVE:
                # "to assist Venezuela's steel makers", "for Ghana's schools"; not "from Greece's fund", whose
                # owner is named by the fund
                return "party"
        elif institutions and _institution_of(ends.folded, place.start, institutions):
            return "party"
    if anchor > 2 and "-" in text[anchor - 2:anchor] and _COMPOUND_BEFORE.search(text, max(0, anchor - 12), anchor):
        return None  # the end of a hyphenated name ("Port-of-Spain", broken as "Port-of- Spain"), not Spain
    run = runs.at(anchor)
    bits = -1  # the lists with a word just before the anchor, looked up once
    if run is not None:
        run_start, run_end = run
        # the places of a run all share its first place's role; a run with other proper words is a name
        leftover = runs.leftover.get(run)
        if leftover is None or leftover:
            inside = places[bisect_left(starts, run_start):bisect_left(starts, run_end)]
        if leftover is None:
            leftover = runs.leftover[run] = _other_words(text, run_start, run_end, inside, runs.taken,
                                                         c.not_name_words)
        if leftover == NAMES_BESIDE and place.start > run_start:
            # names and places joined ("Dodoma Municipality and Chalinze"): after a locative all are where
            bits = ends.before(run_start)
            if bits & DESTINATION:
                return "destination"
            if bits & LOCATIVE:
                return "location"
            bits = -1
        if leftover == OTHER_WORDS:
            # a name holding places ("Hengqin Guangdong Macao Deep Cooperation Zone"): only where it stands counts
            if inside and inside[0] is not place:
                return None
            anchor = run_start
            bits = ends.before(anchor)
            if not bits & (LOCATIVE | DESTINATION) and not (bits & RECIPIENT and country_party):
                return None
    if getattr(place, "organisation", None):
        return None  # the gazetteer saw it inside an organisation's name
    if text[max(0, anchor - 2):anchor].rstrip().endswith(_OPENING_BRACKETS):
        return None  # a bracketed gloss
    if bits < 0:
        bits = ends.before(anchor)
    if bits & DESTINATION:
        return "destination"
    if bits & LOCATIVE:
        return "location"
    if bits & RECIPIENT and country_party:
        return "party"
    line_start = text.rfind("\n", 0, anchor) + 1
    menu = menu_lines.get(line_start)
    if menu is None:
        menu = menu_lines[line_start] = _on_menu_line(text, anchor)
    if menu:
        return None  # "首页 | 陕西 | 西安 | 丝路", "News · Asia · Europe": a site's sections, not a story's parties
    if is_cjk(text[place.start]):
        if text.startswith(c.cjk_name_tails, place.end):
            return None  # 昆明站, 宁德时代, 西安宣言: the start of a longer name
        return "party"
    end = run[1] if run is not None else place.end
    if text.startswith(("'s", "’s"), end):
        return None  # "Ningbo's economy"
    last = anchor  # just after the last character before the anchor that is not a space
    while last > line_start and text[last - 1].isspace():
        last -= 1
    article = _ARTICLE_BEFORE.search(text, max(line_start, last - 4), last)
    if article is not None and place.place.kind == "country":
        # a country's name with its article as a clause's subject ("The Republic of Ecuador signed", "In 2010,
        # the Netherlands signed"); not an item of a list ("companies from Singapore, the United States and India")
        before = article.start()
        while before > line_start and text[before - 1].isspace():
            before -= 1
        if before == line_start or text[before - 1] in ".!?;:\"“" \
                or _YEAR_BEFORE.search(text, max(0, before - 6), before - (text[before - 1] == ",")):
            return None if before == line_start and c.dateline.match(text, end) else "party"
    if last == line_start:
        # the start of a line: a subject ("Myanmar signs …"), unless a dateline follows ("ISLAMABAD:")
        return None if c.dateline.match(text, end) else "party"
    if last > 0 and text[last - 1] == "," and place.place.kind == "country":
        town = _LOCATED_TOWN.search(text, max(0, last - 60), last)
        if town is not None and ends.before(town.start(1)) & LOCATIVE:
            return "location"  # "a cement factory in Gedem, Eritrea": the town's country is where, too
    if (last > anchor - 24 and text[last - 1] in ",;:—–-(\"“«.!?") or bits & PARTY_BEFORE:
        return "party"
    if _YEAR_BEFORE.search(text, max(0, last - 5), last) and place.place.kind == "country":
        return "party"  # the subject after a clause's opening date ("In 2008 Kenya signed", "On 4 May 2014 Peru …")
    return None  # a modifier: "digital Ningbo construction", "return of Zhejiang entrepreneurs"


ONLY_PLACES, NAMES_BESIDE, OTHER_WORDS = 0, 1, 2  # what a capitalised run holds besides its places


def _other_words(text: str, run_start: int, run_end: int, inside: list[Any], taken: list[tuple[int, int]],
                 not_name_words: frozenset[str]) -> int:
    """What a capitalised run holds besides its places: OTHER_WORDS, a proper word outside the names already
    read in it (a name that holds places: "Macao Products Bazaar"); NAMES_BESIDE, only such names (a place and
    a named party joined by "and" are two parties: "Equatorial Guinea and Sinochem signed"); ONLY_PLACES."""
    i = bisect_right(taken, (run_start, -1))
    if i > 0 and taken[i - 1][1] > run_start:
        i -= 1
    if i == len(taken) or taken[i][0] >= run_end:  # no name read inside: only the places are taken out
        others = text[run_start:run_end]
        for p in inside:
            others = others.replace(p.surface, " ")
        return OTHER_WORDS if _has_proper_word(_RUN_WORD.findall(others), not_name_words) else ONLY_PLACES
    spans = [(p.start, p.end) for p in inside]
    while i < len(taken) and taken[i][0] < run_end:
        spans.append(taken[i])
        i += 1
    spans.sort()
    position = run_start
    for start, end in spans + [(run_end, run_end)]:
        if start > position and _has_proper_word(_RUN_WORD.findall(text, position, start), not_name_words):
            return OTHER_WORDS
        position = max(position, end)
    return NAMES_BESIDE


def _has_proper_word(words: list[str], not_name_words: frozenset[str]) -> bool:
    """Whether a word of a run is a name's word: no connector, leading word, month or number."""
    return any(w.lower() not in not_name_words and not w.isdigit() for w in words)


_OPENING_BRACKETS = ("(", "（")
_COMPOUND_BEFORE = re.compile(r"\w-[a-zß-öø-ÿ]{1,6}-[^\S\n]?$")  # "Port-of-", "Stratford-upon-", "Aix-en-"
_ARTICLE_BEFORE = re.compile(r"(?<![\w'’])[Tt]he$")
_LOCATED_TOWN = re.compile(r"(?<![\w'’])([A-Z][\w'’\-]*(?:[^\S\n][A-Z][\w'’\-]*)?),$")  # "… in Gedem,"
_YEAR_BEFORE = re.compile(r"(?<![\w.,])(?:19|20)\d\d$")
_SEPARATORS = re.compile(r"\s*[|·•»]\s*|\s{2,}")  # between menu items in any script
_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")  # Chinese separates words by no space
_SENTENCE_MARKS = frozenset("。，、！？,.!?:;：；“”\"")
MENU_LINE_CHARS = 80


def _on_menu_line(text: str, position: int) -> bool:
    """Whether ``position`` lies on a short line of three or more separated words without sentence punctuation:
    a navigation bar or a section list."""
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line_end = len(text) if line_end < 0 else line_end
    if line_end - line_start > MENU_LINE_CHARS:
        return False
    line = text[line_start:line_end]
    if not _SENTENCE_MARKS.isdisjoint(line):
        return False
    if len([w for w in _SEPARATORS.split(line.strip()) if w]) >= 3:
        return True
    return len(_CJK_SPACE.findall(line)) >= 2


def _dominant_country(places: list[Any]) -> str | None:
    counts: dict[str, int] = {}
    for p in places:
        country = p.place.country
        if country:
            # Macao and Hong Kong places count towards China: a firm in Hengqin beside Macao is on that side
            key = "CN" if country in CHINESE_SIDE_COUNTRIES else country
            counts[key] = counts.get(key, 0) + 1
    total = sum(counts.values())
    if total < DOMINANT_MIN_MENTIONS:
        return None
    country, n = max(counts.items(), key=lambda kv: kv[1])
    if country == "CN" and n < total:
        # a story of China's ties names China most; a body of unknown country beside a foreign one may be of
        # either side ("signed between Metropol Group and MCC" in a story about Russia)
        return None
    return country if n / total >= DOMINANT_SHARE else None


def _name_by_country(candidate: _Candidate, c: _Compiled) -> None:
    """A name that says what a body is but not whose, once its country is known from the context: a national
    body's usual name there ("Exim Bank" beside "Chinese" is the Export-Import Bank of China), or a ministry
    named with its country ("Ministry of Finance" in a Zambian story is the Ministry of Finance of Zambia)."""
    key = candidate.canonical.lower()
    actor = c.national_names.get((candidate.country, key))
    if actor is not None:
        candidate.canonical, candidate.kind = actor.canonical_name, actor.kind
    elif candidate.kind == "national_government" and key.startswith(c.country_qualified):
        country = country_name(candidate.country)
        if country:
            candidate.canonical = f"{candidate.canonical} of {country}"


def _country_of(text: str, candidate: _Candidate, places: list[Any], default_country: str | None) -> str | None:
    for p in places[bisect_left(places, candidate.start - 24, key=_start_of):]:
        if p.start >= candidate.end:
            break
        if p.end <= candidate.start and getattr(p, "adjectival", False):
            return p.place.country  # "Chinese company …", "китайская компания …"
    if any(is_cjk(ch) for ch in candidate.name[:4]):
        return _cjk_name_country(candidate, places)
    return default_country


@dataclass(slots=True, frozen=True)
class _CjkNameCountries:
    prefixes: tuple[tuple[str, str], ...]  # (a country's name or short form, alpha-2), longest first
    openers: tuple[str, ...]  # words before the country that keep it foreign ("驻华美国商会")
    chinese_markers: tuple[str, ...]  # words that make a name beginning with a foreign country Chinese ("中资")


@lru_cache(maxsize=1)
def _cjk_name_countries() -> _CjkNameCountries:
    data = _organisations()
    prefixes = sorted(data["cjk_name_country_prefixes"].items(), key=lambda kv: len(kv[0]), reverse=True)
    return _CjkNameCountries(tuple(prefixes), tuple(data["cjk_foreign_name_openers"]),
                             tuple(data["cjk_chinese_markers"]))


def _cjk_name_country(candidate: _Candidate, places: list[Any]) -> str:
    """A Chinese-script name is China's, unless it begins with a foreign country's name or short form ("卡塔尔王室基金",
    "沙特麦地那发展局", "俄铝集团", also "驻华美国商会") and holds no Chinese marker ("俄罗斯中资企业协会" is China's)."""
    name = candidate.name
    if name.startswith("中"):
        return "CN"  # 中俄…, 中沙…: a Chinese or joint body
    f = _cjk_name_countries()
    offset = next((len(o) for o in f.openers if name.startswith(o)), 0)
    code = None
    i = bisect_left(places, candidate.start + offset, key=_start_of)
    if (i < len(places) and places[i].start == candidate.start + offset and places[i].end < candidate.end
            and places[i].end - places[i].start >= 2):  # one character ("土", "日") begins other words too
        place = places[i].place
        if place.kind == "country" and place.country not in CHINESE_SIDE_COUNTRIES:
            code = place.country
    if code is None:
        code = next((c for prefix, c in f.prefixes if name.startswith(prefix, offset)), None)
    if code is None or any(marker in name for marker in f.chinese_markers):
        return "CN"
    return code


FOREIGN_SHARE = 0.6  # the article's main foreign country holds at least this share of its foreign place mentions


def add_host_countries(events: list[Any], places: list[Any], locations: list[Any] | None = None,
                       partners: list[PartnerMention] | None = None) -> None:
    """Give an event the side it lacks.

    Foreign side: the country where it happened when that is abroad ("CATL will build a plant in Debrecen, Hungary":
    Hungary is a party), else a foreign place its own sentence names as where things happen ("pledged $5 million for
    ZTE to build a network in Nigeria"), else the article's main foreign country ("China provided a grant … the
    Gabonese President attended": Gabon); a named foreign partner makes the place a mere venue ("Chile and China
    signed in Da Nang"). Two named Chinese parties make a domestic event, unless the article's main foreign country
    is where something happens (a location or destination: "a dam to supply power to Brazzaville").
    Chinese side: the Chinese place where it happened ("Apple's data centre in Guizhou": Guizhou is the host, as
    Hungary is above), else China, Hong Kong or Macao when the event's own sentence names them ("signed contracts
    with Chinese partners").

    ``partners`` are the article's parties (``find_partners``): a country that is one of them only through its
    adjective ("the Comoran government", "the Zambian police") counts as named."""
    main_foreign = _main_foreign_country(places, _adjectival_parties(places, partners or ()))
    starts = [p.start for p in places]
    foreign_sites = sorted((p for p in locations or () if p.place.country not in CHINESE_SIDE_COUNTRIES
                            and p.place.country and p.place.kind in ("country", "admin1", "city", "zone")),
                           key=_start_of)
    if main_foreign is None and foreign_sites and len({p.place.country for p in foreign_sites}) == 1:
        main_foreign = foreign_sites[0].place.country
    main_is_site = any(p.place.country == main_foreign for p in foreign_sites)
    for event in events:
        _add_foreign_side(event, main_foreign, main_is_site or _names_country(event, places, starts, main_foreign),
                          foreign_sites)
        _add_chinese_side(event, places, starts)


def _names_country(event: Any, places: list[Any], starts: list[int], country: str | None) -> bool:
    """Whether the event's own sentence names the country (by its name, not its adjective, and not inside an
    organisation's name): "China Exim Bank and Sinohydro will build Ecuador's largest dam" is no domestic event."""
    if country is None or event.start < 0:
        return False
    i = bisect_left(starts, event.start)
    while i < len(places) and places[i].start < event.end:
        p = places[i]
        if (p.place.country == country and not getattr(p, "adjectival", False)
                and not getattr(p, "organisation", None)):
            return True
        i += 1
    return False


def _add_foreign_side(event: Any, main_foreign: str | None, main_is_site: bool = False,
                      foreign_sites: list[Any] | None = None) -> None:
    foreign = [p for p in event.partners if p.side == "foreign"]
    if foreign and not _co_lenders(event, foreign):
        return
    site = None
    if foreign_sites and event.start >= 0:
        i = bisect_left(foreign_sites, event.start, key=_start_of)
        if i < len(foreign_sites) and foreign_sites[i].start < event.end:
            site = foreign_sites[i].place.country
    if event.country and event.country not in CHINESE_SIDE_COUNTRIES:
        code, role = event.country, "host"
    elif site is not None:
        code, role = site, "host"
    else:
        # only a one-sided event borrows the article's foreign country or its money's country: two named
        # Chinese parties make a domestic event, whatever else the article mentions (a party of unknown country
        # is no Chinese party: "the Exim Bank lent ZTE …" in a story about Sudan; "Alibaba signed a yen loan
        # with Bank of China" stays domestic; so do co-investors: "Tencent and Alibaba invested in Meituan")
        one_sided = sum(p.side == "chinese" for p in event.partners) < 2
        if main_foreign is not None and (one_sided or main_is_site):
            code = main_foreign
        elif one_sided:
            code = _currency_country(event)
        else:
            code = None
        if code is None:
            return
        role = "counterpart"
    if any(p.country == code for p in foreign):
        return  # the co-lender's own country is no receiving side ("ICBC and VTB lent to Russian importers")
    country = lookup(country_name(code) or "", code)
    if country is None or country.kind != "country":
        return
    event.partners.append(PartnerMention(
        name=event.place if role == "host" and event.place else english_name(country),
        canonical_name=english_name(country),
        kind="country", country=code, side=side_of(code), role=role, evidence=event.evidence,
        lat=country.lat, lon=country.lon))
    event.domestic = False


def _co_lenders(event: Any, foreign: list[PartnerMention]) -> bool:
    """Whether the foreign parties of a loan all lend beside a Chinese lender ("a Chinese grant for a lodge in
    Ghana; the Bank of India lent the rest"): they co-finance, and the receiving side is still to be found."""
    return (event.event_type == "finance" and all(p.role == "lender" for p in foreign)
            and any(p.side == "chinese" and p.role == "lender" for p in event.partners))


def _currency_country(event: Any) -> str | None:
    """The foreign country whose national currency the event's money is told in ("a grant of 20,000 NAD": Namibia),
    when it is one: the money is spent there, and a report names it when it names no country."""
    found = {currency_country(a.currency) for a in event.amounts} - {None}
    found -= CHINESE_SIDE_COUNTRIES
    return next(iter(found)) if len(found) == 1 else None


def _add_chinese_side(event: Any, places: list[Any], starts: list[int]) -> None:
    if any(p.side == "chinese" for p in event.partners):
        return
    host = None
    if event.country in CHINESE_SIDE_COUNTRIES:
        host, role = lookup(event.place or country_name(event.country) or "", event.country), "host"
        if host is not None and (host.name, host.country) in _compiled().capitals:
            host = lookup(country_name(host.country) or "", host.country)  # a visit to Beijing is hosted by China
        elif host is not None and host.kind != "country":
            host = _city_after_province(event, host, places, starts)
    else:
        named = [(p.start, p.end) for p in event.partners if p.start >= 0]
        i = bisect_left(starts, event.start)
        while i < len(places) and places[i].start < event.end:
            p = places[i].place
            inside_a_name = getattr(places[i], "organisation", None) or any(
                s <= places[i].start < e for s, e in named)  # "Portugal-China SME Chamber": a name, not a side
            if p.country in CHINESE_SIDE_COUNTRIES and not inside_a_name:
                # the side, not the town: "Chinese partners" and "a firm from Shenzhen" both give China
                host, role = lookup(country_name(p.country) or "", p.country), "counterpart"
                break
            i += 1
    if host is None or host.country not in CHINESE_SIDE_COUNTRIES:
        return
    if any(p.canonical_name == english_name(host) for p in event.partners):
        return
    kind = "country" if host.kind == "country" else "local_government"
    event.partners.append(PartnerMention(
        name=english_name(host), canonical_name=english_name(host), kind=kind, country=host.country,
        side="chinese", role=role, evidence=event.evidence, lat=host.lat, lon=host.lon))
    event.domestic = all(p.side == "chinese" for p in event.partners)


def _city_after_province(event: Any, host: Any, places: list[Any], starts: list[int]) -> Any:
    """The city written right after its province in the event's sentence ("在山东青岛举行": Qingdao, Shandong) is the
    host, not the province: the most precise place where it happened."""
    i = bisect_left(starts, event.start)
    while i < len(places) and places[i].start < event.end:
        p = places[i]
        if p.place.name == host.name and i + 1 < len(places):
            after = places[i + 1]
            if (after.start == p.end and after.place.country == host.country and after.place.kind == "city"
                    and is_cjk(p.surface[-1])):
                return after.place
        i += 1
    return host


def _adjectival_parties(places: list[Any], partners: list[PartnerMention]) -> set[str]:
    """The countries made parties by their adjective: a partner that begins or ends with the country's adjective
    ("the Comoran government", "Zambian police", "la cancillería angoleña")."""
    edges = {}
    for p in places:
        if getattr(p, "adjectival", False) and p.place.kind == "country":
            edges[p.start] = edges[p.end] = p.place.country
    if not edges:
        return set()
    return {p.country for p in partners
            if p.country and (edges.get(p.start) == p.country or edges.get(p.end) == p.country)}


def _main_foreign_country(places: list[Any], parties: set[str] | frozenset[str] = frozenset()) -> str | None:
    counts: dict[str, int] = {}
    named: set[str] = set(parties)
    for p in places:
        country = p.place.country
        if country and country not in CHINESE_SIDE_COUNTRIES and p.place.kind in ("country", "admin1", "city", "zone"):
            counts[country] = counts.get(country, 0) + 1
            if not getattr(p, "adjectival", False):
                named.add(country)
    if not counts:
        return None
    country, n = max(counts.items(), key=lambda kv: kv[1])
    # the country must be named at least once: an adjective alone ("Macau's Sino Portuguese platform") is no party
    # (an adjective with a government or institution word, "the Jamaican government", is a party of its own, and
    # names the country, and so is a word for its people: "340 Rwandans")
    return country if n / sum(counts.values()) >= FOREIGN_SHARE and country in named else None


OPENING_SENTENCES = 3  # where the article's main parties are looked for when the title names none


def main_parties(sentences: list[tuple[int, int]], partners: list[PartnerMention],
                 title_partners: list[PartnerMention] | None = None) -> list[PartnerMention]:
    """The parties an article is about: those named in its title, else in the first of its opening sentences that
    names two (failing that, one; and when the opening names nobody, the first sentence naming two). They stand in
    for "the two sides" and for event sentences naming nobody."""
    if title_partners:
        return title_partners
    best: list[PartnerMention] = []
    for number, (start, end) in enumerate(sentences):
        if number >= OPENING_SENTENCES and best:
            break
        inside = [p for p in partners if start <= p.start < end]
        if len({p.canonical_name for p in inside}) >= 2:
            return inside
        if inside and not best:
            best = inside
    return best
