"""Dates in running text and in lone strings, for English, Chinese, Russian, Portuguese, Spanish, French, German, Arabic.

Every date-like expression is found by one regular expression compiled once per language from
``data/lexicons/dates.json`` (month names, weekday names, relative words); number-anchored branches come first.
No dateparser, no dateutil fuzzy mode: they are slow and invent dates from stray numbers.

What counts, and how it resolves (``published`` is the article's publication date):

* Full dates are absolute: "10 March 2023", "March 10, 2023", "2023-03-14", "14.03.2023", "2023年3月14日",
  "6 марта 2024 г.", "14 de março de 2023", "le 10 mars 2023", "am 10. März 2023", "10 مارس 2023".
* Numeric dates with slashes are read day first ("04/03/2023" is 4 March), except in English text that elsewhere
  writes month-name dates month first ("March 10, 2023"): that is US usage, so the slash date is read month first.
  A part above 12 settles the order whatever the context. Dots and dashes are always day first. Two-digit years
  are not read (they look like version numbers and scores).
* A day and month with no year ("On 10 March", "3月14日", "6 марта") takes the publication year, or the year before
  when that would put it more than 62 days after publication. ``inferred_year`` is set; ``relative`` is not,
  because day and month are written out. Without ``published`` such dates are not returned.
* Month and year ("March 2023", "2023年3月", "в марте 2023 года", "em março de 2023") have precision "month";
  a month alone counts only after a preposition ("in March", "в марте", "3月" in Chinese) and takes its year
  as above. A year alone ("in 2019", "2019年", "в 2019 году") has precision "year".
* A bare four-digit year counts when a preposition comes before it ("in 2019", "since 2019", "end of 2019"),
  a year word after it ("2019 год"), it opens or closes a range ("2016-2024", "2012/13"; not one in brackets,
  "(2014-2024)", the period of a plan or a fund), or a capitalised word or a quotation
  mark follows it: a year used as the adjective of an event name ("the 2023 Lusophone Bazaar", "2023 “Let's
  Hang Out”") is a year mention, because the event is dated by it. An all-capitals unit after a number
  ("2000 MW") does not make it a year.
* Relative forms ("today", "yesterday", "last Friday", "on Tuesday", "the 25th", "本月25日", "25日", "上周五",
  "昨天", "вчера", "в пятницу", "ontem", "ayer", "hier", "gestern", "next week", "去年3月") need ``published``
  and set ``relative``. A weekday with no "last"/"next" means the latest such day on or before publication
  (news reports the past); Chinese 上周五/本周五/下周五 count calendar weeks from Monday. A day number alone
  ("the 25th", "25日") is in the publication month, or the month before when that day is still to come.
  Week phrases ("next week", "上周") give that week's Monday with precision "day" and ``week`` set, since the
  contract has no week precision.
* Never dates: times ("5pm", "17:00"), plan names ("15th Five-Year Plan", "十四五"), numbers with decimals or
  thousands separators, phone numbers, years outside 1900-2100, Chinese decades ("1990年代"), money ("25日元").
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick_rs

from . import paths

MIN_YEAR, MAX_YEAR = 1900, 2100
MONTH_FORMS_CACHED = 4096  # written month forms whose number is remembered (whitespace can vary without end)
FUTURE_SLACK_DAYS = 62  # a year-less date may lie this far after publication before we take the year before


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which made building a mention cost ~4x
# more (find_dates makes ~20,000 on ../shared). unsafe_hash keeps the hash frozen gave.
@dataclass(slots=True, unsafe_hash=True)
class DateMention:
    start: int
    end: int  # span in the text
    surface: str  # as written
    date: dt.date  # first day of the month/year when precision is coarser than a day
    precision: str  # "day" | "month" | "year"
    relative: bool  # resolved against the publication date ("last Friday", "上周五", "the 25th")
    inferred_year: bool = False  # day and month were written, the year came from the publication date
    week: bool = False  # a week phrase ("next week"): date is that week's Monday


# --- the lexicon -----------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def lexicon() -> dict:
    return json.loads((paths.LEXICON_DIR / "dates.json").read_text(encoding="utf-8"))


def _alternation(words) -> str:
    """A regex alternation of literal words, longest first, with any run of spaces matching any whitespace."""
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in unique)


def _trie(words) -> str:
    """The same language as _alternation, shaped as a trie so that a failed match costs one character test."""
    root: dict = {}
    for word in set(words):
        node = root
        for ch in " ".join(word.split()):
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    firsts = "".join(re.escape(ch) for ch in sorted(root) if ch)
    # the class of first characters, tested once before the branches are tried one by one
    return ("(?=[" + firsts + "])" if firsts else "") + emit(root)


_ZH_DAY_RANGE = r"(?:\s*[至到\-–—~～]\s*\d{1,2}\s*[日号])?"  # "3日至4日": the range's last day is part of the date
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"


@dataclass(frozen=True, slots=True)
class _Compiled:
    digit_scanner: re.Pattern  # branches that start with a digit
    undated_digit_scanner: re.Pattern  # the same without the branches that need a publication date (see below)
    digit_anchors: re.Pattern  # the digit runs where digit_scanner may find a date (see _digit_anchor_finder)
    undated_digit_anchors: re.Pattern  # the same for undated_digit_scanner
    word_scanner: re.Pattern  # branches that start with a month or weekday name
    anchors: ahocorasick_rs.AhoCorasick  # month, weekday and relative words in lower case
    ascii_anchors: ahocorasick_rs.BytesAhoCorasick  # the same words as UTF-8, for ASCII texts (offsets agree)
    anchor_words: tuple[str, ...]
    months: dict[str, int]
    lowercase_ok: frozenset[str]  # month forms that may be written in lower case
    month_numbers: dict[str, int | None]  # written form -> month number, filled as forms are met
    weekdays: dict[str, int]
    weekday_pre: _EndsBefore  # a modifier right before a weekday
    weekday_pre_modes: dict[str, str]
    weekday_post: dict[str, str]
    bare_weekdays: frozenset[str]  # weekday forms that count with no modifier
    relative: dict[str, tuple[str, int]]
    zh_guards: dict[str, dict[str, str]]
    year_prefix: re.Pattern  # 今年|去年 right before a Chinese month
    year_prefix_offsets: dict[str, int]
    month_prefix: re.Pattern  # 本月|上月 right before a Chinese day
    month_prefix_offsets: dict[str, int]
    day_prefix: _EndsBefore  # "on the" right before a day number
    month_preposition: _EndsBefore
    year_preposition: _EndsBefore
    plan_word: _EndsBefore  # "Vision", "horizon", "رؤية" right before a year: a plan's name, not a date
    year_follower: re.Pattern
    day_follower: re.Pattern
    future_marker: re.Pattern  # 将于 before a Chinese day: the day is still to come


def _languages_key(language: str | None) -> str | None:
    if not isinstance(language, str):
        return None
    return _language_key_of(language)


@lru_cache(maxsize=256)
def _language_key_of(language: str) -> str | None:
    language = language.lower().split("-")[0].split("_")[0]
    return language if language in lexicon()["weekdays"] else None


class _EndsBefore:
    """Searches the ``width`` characters before a position for a pattern that ends with one of a few words (then
    spaces) at the end of that slice. A search tries the pattern at every position of the slice, so the last two
    written characters of the slice are first tested against the words' last two, which rules out most."""

    __slots__ = ("pattern", "last_letters", "width")

    def __init__(self, pattern: re.Pattern, words, width: int = 24):
        self.pattern = pattern
        self.width = width
        # the last two characters of each word's last part (one, for a one-letter part such as "в"); compiled with
        # the pattern's flags, so that they fold case exactly as the words' own letters do in the pattern
        endings = {w.split()[-1][-2:] for w in words if w.split()}
        self.last_letters = re.compile("(?:" + _trie(endings) + r")\Z" if endings else "(?!)", pattern.flags)

    def search(self, text: str, pos: int) -> re.Match | None:
        """pattern.search(text[pos - width:pos])"""
        window = text[max(0, pos - self.width) : pos]
        tail = window.rstrip()
        if not tail or self.last_letters.search(tail, len(tail) - 2) is None:
            return None
        return self.pattern.search(window)


def _ends_with(words, *, latin: bool) -> re.Pattern:
    """Matches when a slice of text ends with one of ``words`` (then spaces, for words of spaced scripts)."""
    if not words:
        return re.compile(r"(?!)")
    lead = r"(?<!\w)" if latin else ""
    return re.compile(lead + "(?P<w>" + _trie(words) + r")" + (r"\s+\Z" if latin else r"\Z"), re.IGNORECASE)


def _weekday_pre(pre: dict[str, str], zh_pre: dict[str, str]) -> re.Pattern:
    """A modifier ending a slice of text: spaced words (group w) or a Chinese prefix written solid (group z)."""
    parts = [r"(?<!\w)(?P<w>" + _trie(pre) + r")\s+\Z"] if pre else []
    if zh_pre:
        parts.append("(?P<z>" + _trie(zh_pre) + r")\Z")
    return re.compile("|".join(parts) or "(?!)", re.IGNORECASE)


@lru_cache(maxsize=16)
def _compiled(language: str | None) -> _Compiled:
    lex = lexicon()
    languages = [language] if language else list(lex["weekdays"])
    ambiguous = set() if language else set(lex["ambiguous_without_language"])
    capitalized = set(lex["capitalized"])

    # month names sit next to numbers, so every language's names are always searched (a Spanish date quoted in
    # an English article is still a date); weekday and relative words are only those of the article's language
    months: dict[str, int] = {}
    lowercase_ok: set[str] = set()
    for lang, forms in lex["months"].items():
        for form, number in forms.items():
            months[form] = number
            if lang not in capitalized:
                lowercase_ok.add(form)
    weekdays: dict[str, int] = {}
    pre: dict[str, str] = {}
    zh_pre: dict[str, str] = {}
    post: dict[str, str] = {}
    bare: set[str] = set()
    relative: dict[str, tuple[str, int]] = {}
    for lang in languages:
        mods = lex["weekday_modifiers"].get(lang, {"pre": {}, "post": {}})
        weekdays.update(lex["weekdays"][lang])
        if language and lex["weekday_bare"].get(lang):
            bare.update(lex["weekdays"][lang])
        (zh_pre if lang == "zh" else pre).update({k: v for k, v in mods["pre"].items() if k not in ambiguous})
        post.update({k: v for k, v in mods["post"].items() if k not in ambiguous})
        relative.update({k: tuple(v) for k, v in lex["relative"].get(lang, {}).items() if k not in ambiguous})
    zh = "zh" in languages
    year_prefix = lex["relative_year_prefixes"]["zh"] if zh else {}
    month_prefix = lex["relative_month_prefixes"]["zh"] if zh else {}

    month_alt = _NOT_LETTER_BEFORE + "(?:" + _trie(months) + ")" + _NOT_LETTER_AFTER
    suffixes = _trie(s for s in lex["day_suffixes"] if s != ".")  # a trie tests its first characters at once
    year_marker = r"(?:\s*(?:г\.|года|году|г)" + _NOT_LETTER_AFTER + ")?"
    year4 = r"\d{4}(?!\d)"
    digit_branches = [
        # 2023-03-14, 2023/3/14, 2023.03.14
        r"(?P<iso>(?<![\d.\-/])(?P<iso_y>\d{4})(?P<iso_sep>[-/.])(?P<iso_m>\d{1,2})(?P=iso_sep)"
        r"(?P<iso_d>\d{1,2})(?![\d]|[.,]\d))",
        # 14.03.2023, 14/03/2023, 14-03-2023
        r"(?P<num>(?<![\d.\-/,])(?P<num_a>\d{1,2})(?P<num_sep>[-/.])(?P<num_b>\d{1,2})(?P=num_sep)"
        r"(?P<num_y>\d{4})(?![\d]|[.,]\d))",
        # 2023年3月14日, 2023年3月, 2023年
        # (a range of days "2013年9月3日至4日", "1月10日至14日" is read as one date, its first day)
        r"(?P<zhy>(?<![\d.,])(?P<zhy_y>\d{4})\s*年(?!代)(?:\s*(?P<zhy_m>\d{1,2})\s*月(?:\s*(?P<zhy_d>\d{1,2})\s*[日号]"
        + _ZH_DAY_RANGE + r")?)?)",
        # 10 March 2023, 10 de marzo de 2023, 6 марта 2024 г., am 10. März, 1er mars, 25th of March
        rf"(?P<dmy>(?<![\d.,:/])(?P<dmy_d>\d{{1,2}})(?:{suffixes})?\.?\s*(?:de\s+|of\s+)?(?P<dmy_m>{month_alt})\.?"
        rf"(?:,?\s*(?:de\s+)?(?P<dmy_y>{year4}){year_marker})?)",
        # 3月14日, 5月17号, 3月 (a prefix 今年/去年 is looked for before the digits)
        r"(?P<zhm>(?P<zhm_m>\d{1,2})\s*月(?:\s*(?P<zhm_d>\d{1,2})\s*[日号]" + _ZH_DAY_RANGE + r")?)",
        # 25日 (a prefix 本月/上月 is looked for before the digits)
        r"(?P<zhd>(?P<zhd_d>\d{1,2})\s*日(?![元本内])(?!\s*[日号]))",
        # the 25th (a prefix "on the" is looked for before the digits)
        rf"(?P<nth>(?<!\d)(?P<nth_d>\d{{1,2}})(?:(?=[nrst])(?:st|nd|rd|th))?(?![\d.,:]\d|\d)(?!\s*(?:of\s+|de\s+)?{month_alt}))",
        # a bare year; kept only in a year context (see the module docstring)
        r"(?P<year>(?<![\d.,/:+$€£¥#№])(?:19\d\d|20\d\d|2100)(?!\d|[.,:]\d|\s*%|年))",
    ]
    word_branches = [
        # March 10, 2023; Mar. 10; March 10th
        # (also "Oct.31, 2014"; a range of days before the year dates its first day: "September 11-13, 2007",
        # "April 22 to 25, 2010")
        rf"(?P<mdy>(?P<mdy_m>{month_alt})(?:\.\s*|\s+)(?P<mdy_d>\d{{1,2}})(?:(?=[nrst])(?:st|nd|rd|th))?(?![\d:.]\d|\d)"
        rf"(?:(?:\s*(?:[-–]|to|and|through|until)\s*\d{{1,2}}(?:(?=[nrst])(?:st|nd|rd|th))?)?"
        rf"(?:,\s*|\s+)(?:of\s+)?(?P<mdy_y>{year4}))?)",  # also "April 20,2011", "July 7 of 2005"
        # March 2023, marzo de 2023, в марте 2023 года
        rf"(?P<my>(?P<my_m>{month_alt})\.?\s*(?:de\s+|of\s+|,\s*)?(?P<my_y>{year4}){year_marker})",
        # a month alone, kept only after a preposition
        rf"(?P<mon>(?P<mon_m>{month_alt}))",
    ]
    if weekdays:
        post_alt = _alternation(post) if post else "(?!)"
        word_branches.append(
            rf"(?P<wd>(?P<wd_day>(?<!\w){_trie(k for k in weekdays if not _is_cjk(k))}(?!\w)|{_trie(k for k in weekdays if _is_cjk(k))})"
            rf"(?:\s+(?P<wd_post>{post_alt})(?!\w))?)"
        )
    anchor_words = tuple(sorted({*months, *weekdays, *relative}))

    def context(words, tail: str) -> _EndsBefore:
        # a trie, not an alternation: the pattern is tried at every position of a slice, and the trie's class of
        # first characters turns most positions away with one test (the words matched are the same)
        return _EndsBefore(re.compile(r"(?<!\w)(?:" + _trie(words) + ")" + tail, re.IGNORECASE), words)

    day_prefixes = [p for lang in languages for p in lex["day_prefixes"].get(lang, [])]
    # without a publication date, the branches zhm, zhd and nth resolve to nothing; each reads one or two digits
    # and then a non-digit, so where one matches the year branch after them cannot: leaving them out returns the
    # same mention (or none) for fewer tries
    undated_branches = [b for b in digit_branches if not b.startswith(("(?P<zhm>", "(?P<zhd>", "(?P<nth>"))]
    return _Compiled(
        digit_scanner=re.compile("|".join(digit_branches), re.IGNORECASE),
        undated_digit_scanner=re.compile("|".join(undated_branches), re.IGNORECASE),
        digit_anchors=_digit_anchor_finder(digit_branches),
        undated_digit_anchors=_digit_anchor_finder(undated_branches),
        word_scanner=re.compile("|".join(word_branches), re.IGNORECASE),
        # a DFA scans about twice as fast as the default NFA; it reports the same matches
        anchors=ahocorasick_rs.AhoCorasick([w.lower() for w in anchor_words],
                                           implementation=ahocorasick_rs.Implementation.DFA),
        # most texts are ASCII: scanning their bytes skips the offset bookkeeping of a str haystack
        ascii_anchors=ahocorasick_rs.BytesAhoCorasick([w.lower().encode() for w in anchor_words],
                                                      implementation=ahocorasick_rs.Implementation.DFA),
        anchor_words=anchor_words,
        months=months,
        lowercase_ok=frozenset(lowercase_ok),
        month_numbers={},
        weekdays=weekdays,
        weekday_pre=_EndsBefore(_weekday_pre(pre, zh_pre), [*pre, *zh_pre]),
        weekday_pre_modes={**pre, **zh_pre},
        weekday_post=post,
        bare_weekdays=frozenset(bare),
        relative=relative,
        zh_guards=lex["zh_guards"],
        year_prefix=_ends_with(year_prefix, latin=False),
        year_prefix_offsets=year_prefix,
        month_prefix=_ends_with(month_prefix, latin=False),
        month_prefix_offsets=month_prefix,
        day_prefix=_EndsBefore(_ends_with(day_prefixes, latin=True), day_prefixes),
        month_preposition=context(lex["month_prepositions"], r"\s*\Z"),
        year_preposition=context(lex["year_prepositions"] + ["between"], r"\s*\Z"),
        plan_word=context(lex["plan_words"], r"\s*\Z"),
        year_follower=re.compile(r"\s*(?:" + _alternation(lex["year_followers"]) + r")(?!\w)", re.IGNORECASE),
        day_follower=re.compile(
            r"\s*(?:\Z|[^\w\s]|(?:" + _alternation(lex["day_followers"]) + r")(?!\w))", re.IGNORECASE
        ),
        future_marker=_ends_with(lex["future_markers"].get("zh", []) if zh else [], latin=False),
    )


def _is_cjk(word: str) -> bool:
    return any("\u3000" <= ch <= "\u9fff" for ch in word)


def lower_same_length(text: str) -> str:
    """``text.lower()``, keeping every character's index (a few letters, like 'İ', lower-case to two characters):
    the one lower-casing partners, events, amounts and dates share (``lowered`` arguments rely on that)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


# --- building dates ----------------------------------------------------------------------------------------------


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, published: dt.date) -> dt.date | None:
    """Day and month without a year: the publication year, or the year before if that is well after publication."""
    candidate = _safe_date(published.year, month, day)
    if candidate is None:
        return _safe_date(published.year - 1, month, day) if (month, day) == (2, 29) else None
    if (candidate - published).days > FUTURE_SLACK_DAYS:
        candidate = _safe_date(published.year - 1, month, day)
    return candidate


def _shift_month(day: dt.date, months: int) -> dt.date | None:
    index = day.year * 12 + day.month - 1 + months
    return _safe_date(index // 12, index % 12 + 1, 1)


def _day_of_recent_month(day: int, published: dt.date, month_offset: int | None, future: bool = False):
    """'the 25th' / '25日': this month, or last month when that day is still to come (next month for 将于5日)."""
    if month_offset is not None:
        first = _shift_month(published, month_offset)
        return _safe_date(first.year, first.month, day) if first else None
    candidate = _safe_date(published.year, published.month, day)
    if future:
        if candidate is None or candidate < published:
            first = _shift_month(published, 1)
            candidate = _safe_date(first.year, first.month, day) if first else None
        return candidate
    if candidate is None or candidate > published:
        first = _shift_month(published, -1)
        candidate = _safe_date(first.year, first.month, day) if first else None
    return candidate


def _weekday_date(weekday: int, mode: str, published: dt.date) -> dt.date:
    today = published.weekday()
    monday = published - dt.timedelta(days=today)
    if mode == "last":
        return published - dt.timedelta(days=(today - weekday) % 7 or 7)
    if mode == "next":
        return published + dt.timedelta(days=(weekday - today) % 7 or 7)
    if mode == "prev_week":
        return monday + dt.timedelta(days=weekday - 7)
    if mode == "this_week":
        return monday + dt.timedelta(days=weekday)
    if mode == "next_week":
        return monday + dt.timedelta(days=weekday + 7)
    return published - dt.timedelta(days=(today - weekday) % 7)  # "recent": on or before publication


def _relative_date(unit: str, offset: int, published: dt.date) -> tuple[dt.date | None, str]:
    try:
        if unit == "day":
            return published + dt.timedelta(days=offset), "day"
        if unit == "week":
            return published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=offset), "day"
    except OverflowError:
        return None, "day"
    if unit == "month":
        return _shift_month(published, offset), "month"
    return _safe_date(published.year + offset, 1, 1), "year"


# --- the scan ------------------------------------------------------------------------------------------------------

_DIGIT_RUN = re.compile(r"[0-9\uff10-\uff19\u0660-\u0669\u06f0-\u06f9]+")  # ASCII, full-width, Arabic-Indic; an explicit class scans faster than \d


_DIGIT = _DIGIT_RUN.pattern[:-1]
# Every digit pattern starts with one, two or four digits followed by a non-digit (no month name or day suffix in
# dates.json starts with a digit), so a run of three, or of five or more, never begins a date ("500", "15000"). A
# three-digit run followed by a digit of another script (which \d also reads) is still tried.
_RUN_OF_DATE_LENGTH = (rf"(?<!{_DIGIT})(?:{_DIGIT}{{1,2}}(?!{_DIGIT})|{_DIGIT}{{4}}(?!{_DIGIT})"
                       rf"|{_DIGIT}{{3}}(?!{_DIGIT})(?=\d))")


def _digit_anchor_finder(branches) -> re.Pattern:
    """A pattern whose matches start at the digit runs where the scanner made of ``branches`` may read a date.

    Most numbers are no date, and one finditer over the text skips them in C instead of trying the scanner on each
    from Python. The test sits in a lookbehind after the run's first digit: a pattern that opens with a class of
    digits lets the regex engine jump from digit to digit. The test is looser than the scanner (a lookbehind may not
    refer back to a group, so "2023-03/14" passes here) and the scanner is run again on each start found. A day
    number alone ("the 25th") needs a prefix word ending in a space before it ("on the"), so it is looked for only
    after a space: elsewhere it resolves to nothing."""
    test = "|".join(branches).replace("(?P=iso_sep)", "[-/.]").replace("(?P=num_sep)", "[-/.]")
    test = test.replace("(?P<nth>", r"(?P<nth>(?<=\s)")
    return re.compile(rf"{_DIGIT}(?<=(?={_RUN_OF_DATE_LENGTH})(?=(?:{test})){_DIGIT})", re.IGNORECASE)


@dataclass(slots=True)
class _Numeric:
    """A slash date whose order is settled once the whole text has been seen."""

    start: int
    end: int
    a: int
    b: int
    year: int


def find_dates(text: str, published: dt.date | None = None, language: str | None = None,
               lowered: str | None = None) -> list[DateMention]:
    """Every date mention in ``text``, in order, non-overlapping. Relative forms need ``published``.

    ``lowered`` may pass ``text`` lower-cased with every index kept (``lower_same_length``; the extractors share
    one) when the caller has it; a string of another length is not used."""
    if not text or not isinstance(text, str):
        return []
    if isinstance(published, dt.datetime):
        published = published.date()
    elif not isinstance(published, dt.date):
        published = None
    language_key = _languages_key(language)
    c = _compiled(language_key)

    # anchors: the start of every digit run and of every lexicon word; patterns are tried there only
    word_ends: dict[int, int] = {}
    if lowered is not None and (len(lowered) != len(text) or text.isascii() and not lowered.isascii()):
        lowered = None
    if text.isascii():
        low = lowered if lowered is not None else text.lower()
        words = c.ascii_anchors.find_matches_as_indexes(low.encode("ascii"), overlapping=True)
    else:
        words = c.anchors.find_matches_as_indexes(lowered if lowered is not None else lower_same_length(text),
                                                  overlapping=True)
    for index, start, end in words:
        if word_ends.get(start, -1) < end:  # keep the longest word at a start
            word_ends[start] = end
    anchors = [m.start() for m in (c.digit_anchors if published else c.undated_digit_anchors).finditer(text)]
    if word_ends:
        anchors.extend(word_ends)  # words start with letters, so no word starts where a digit run does
        anchors.sort()
    digit_scanner = c.digit_scanner if published else c.undated_digit_scanner
    found: list[DateMention | _Numeric] = []
    last_end = 0
    month_first_seen = False
    for pos in anchors:
        if pos < last_end and published is None:
            continue  # inside the mention just found; the kinds that may reach back over it need a publication date
        word_end = word_ends.get(pos, -1)
        try:
            if word_end == -1:
                if pos < last_end and text[pos - 1 : pos].isdigit():
                    continue  # the middle of a number already read
                m = digit_scanner.match(text, pos)
                if m is None or (pos < last_end and m.lastgroup not in _REACHES_BACK):
                    continue  # (the year of "March 10, 2023" already read: see _REACHES_BACK)
                item = _at_digits(m, text, published, c)
            else:
                m = c.word_scanner.match(text, pos)
                if pos < last_end and (m is None or m.lastgroup not in _REACHES_BACK):
                    continue
                item = _at_word(text, pos, word_end, m, published, c)
        except (ValueError, OverflowError):
            item = None
        if item is None:
            continue
        if item.start < last_end:
            # a longer reading that reaches back over the previous mention replaces it ("上周" + "五",
            # "今年" + "3月"); anything else inside a mention is part of it
            if found and item.start <= found[-1].start and item.end > found[-1].end:
                found.pop()
            else:
                continue
        found.append(item)
        last_end = item.end
        if isinstance(item, DateMention) and item.precision == "day" and _MONTH_FIRST.match(item.surface):
            month_first_seen = month_first_seen or bool(_HAS_YEAR.search(item.surface))
    us_order = month_first_seen and language_key == "en"
    out: list[DateMention] = []
    for item in found:
        if isinstance(item, _Numeric):
            item = _numeric_slash(item, text, us_order)
            if item is None:
                continue
        if (out and item.relative and item.precision == "year" and out[-1].inferred_year
                and not text[out[-1].end:item.start].strip()):
            out[-1] = _with_year(out[-1], item, text)  # "in July last year", "в июле прошлого года"
            continue
        out.append(item)
    return out


def _with_year(dated: DateMention, year: DateMention, text: str) -> DateMention:
    """A year-less day or month followed by a relative year phrase, read as one date in that year."""
    date = _safe_date(year.date.year, dated.date.month, dated.date.day) or dated.date
    return DateMention(dated.start, year.end, text[dated.start:year.end], date, dated.precision, True)


# Kinds whose mention may start before their anchor, taking in a prefix ("on the 25th", "本月25日", "last Friday").
# A mention of any other kind starts at its anchor, so one anchored inside the mention just found is dropped by the
# overlap rule whatever it resolves to: the scan skips resolving it.
_REACHES_BACK = frozenset({"zhm", "zhd", "nth", "wd"})
_MONTH_FIRST = re.compile(r"[^\W\d_]")
_HAS_YEAR = re.compile(r"\d{4}")


def _at_digits(m: re.Match, text, published, c) -> DateMention | _Numeric | None:
    kind = m.lastgroup
    if kind == "year":  # the commonest kind
        return _resolve_bare_year(m, text, c)
    if kind == "num" and m.group("num_sep") == "/":
        return _Numeric(m.start(), m.end(), int(m.group("num_a")), int(m.group("num_b")), int(m.group("num_y")))
    return _resolve(kind, m, text, published, c)


def _at_word(text, pos, word_end, m, published, c) -> DateMention | None:
    if m is not None:
        mention = _resolve(m.lastgroup, m, text, published, c)
        if mention is not None:
            return mention
    return _resolve_relative(text, pos, word_end, published, c)


def _numeric_slash(n: _Numeric, text: str, us_order: bool) -> DateMention | None:
    day, month = n.a, n.b
    if n.b > 12 or (us_order and n.a <= 12):
        day, month = n.b, n.a
    date = _safe_date(n.year, month, day)
    if date is None:
        return None
    return DateMention(n.start, n.end, text[n.start : n.end], date, "day", False)


def _mention(text: str, start: int, end: int, date: dt.date | None, precision: str, relative: bool = False,
             inferred_year: bool = False, week: bool = False) -> DateMention | None:
    if date is None or not MIN_YEAR <= date.year <= MAX_YEAR:
        return None
    return DateMention(start, end, text[start:end], date, precision, relative, inferred_year, week)


def _month_number(c: _Compiled, surface: str) -> int | None:
    """The month a written name stands for, or None when an English/German name is written in lower case."""
    try:
        return c.month_numbers[surface]  # the same few written forms recur in every text
    except KeyError:
        pass
    key = " ".join(surface.lower().split())
    number = c.months.get(key)
    if number is not None and surface[:1].islower() and key not in c.lowercase_ok:
        number = None  # "may", "march" as verbs
    if len(c.month_numbers) < MONTH_FORMS_CACHED:
        c.month_numbers[surface] = number
    return number


def _before(text: str, pos: int, width: int = 24) -> str:
    return text[max(0, pos - width) : pos]


def _resolve(kind: str, m: re.Match, text: str, published: dt.date | None, c: _Compiled) -> DateMention | None:
    g = m.group
    start, end = m.span()
    if kind == "iso":
        return _mention(text, start, end, _safe_date(int(g("iso_y")), int(g("iso_m")), int(g("iso_d"))), "day")
    if kind == "num":  # dots and dashes: day first
        return _mention(text, start, end, _safe_date(int(g("num_y")), int(g("num_b")), int(g("num_a"))), "day")
    if kind == "zhy":
        year = int(g("zhy_y"))
        if g("zhy_d"):
            return _mention(text, start, end, _safe_date(year, int(g("zhy_m")), int(g("zhy_d"))), "day")
        if g("zhy_m"):
            return _mention(text, start, end, _safe_date(year, int(g("zhy_m")), 1), "month")
        return _mention(text, start, end, _safe_date(year, 1, 1), "year")
    if kind in ("dmy", "mdy", "my", "mon"):
        return _resolve_named_month(kind, m, text, published, c)
    if kind == "zhm":
        return _resolve_zh_month(m, text, published, c)
    if kind == "zhd":
        if published is None:
            return None
        prefix = c.month_prefix.search(_before(text, start, 4))
        if prefix is None and text[start - 1 : start] in _ZH_BLOCKS_DAY:
            return None
        offset = c.month_prefix_offsets[prefix.group("w")] if prefix else None
        future = prefix is None and bool(c.future_marker.search(_before(text, start, 4)))
        date = _day_of_recent_month(int(g("zhd_d")), published, offset, future)
        return _mention(text, start - (len(prefix.group(0)) if prefix else 0), end, date, "day", relative=True)
    if kind == "nth":
        if published is None:
            return None
        prefix = c.day_prefix.search(text, start)
        if prefix is None or not c.day_follower.match(text, end):
            return None
        date = _day_of_recent_month(int(g("nth_d")), published, None)
        return _mention(text, start - len(prefix.group(0)), end, date, "day", relative=True)
    if kind == "wd":
        return _resolve_weekday(m, text, published, c)
    if kind == "year":
        return _resolve_bare_year(m, text, c)
    return None


_ZH_BLOCKS_DAY = frozenset("0123456789.月年第")
_ZH_BLOCKS_MONTH = frozenset("0123456789.年")


def _resolve_zh_month(m, text, published, c) -> DateMention | None:
    if published is None:
        return None
    start, end = m.span()
    prefix = c.year_prefix.search(_before(text, start, 4))
    if prefix is None and text[start - 1 : start] in _ZH_BLOCKS_MONTH:
        return None
    month = int(m.group("zhm_m"))
    day = int(m.group("zhm_d")) if m.group("zhm_d") else None
    precision = "day" if day else "month"
    if prefix:
        date = _safe_date(published.year + c.year_prefix_offsets[prefix.group("w")], month, day or 1)
        return _mention(text, start - len(prefix.group(0)), end, date, precision, relative=True)
    date = _infer_year(month, day or 1, published) if 1 <= month <= 12 else None
    return _mention(text, start, end, date, precision, inferred_year=True)


def _resolve_named_month(kind, m, text, published, c) -> DateMention | None:
    g = m.group
    start, end = m.span()
    month = _month_number(c, g(f"{kind}_m"))
    if month is None:
        return None
    if kind == "my":
        return _mention(text, start, end, _safe_date(int(g("my_y")), month, 1), "month")
    if kind == "mon":
        if published is None or not c.month_preposition.search(text, start):
            return None
        return _mention(text, start, end, _infer_year(month, 1, published), "month", inferred_year=True)
    day = int(g(f"{kind}_d"))
    year = g(f"{kind}_y")
    if year:
        return _mention(text, start, end, _safe_date(int(year), month, day), "day")
    if published is None:
        return None
    return _mention(text, start, end, _infer_year(month, day, published), "day", inferred_year=True)


def _resolve_weekday(m, text, published, c) -> DateMention | None:
    if published is None:
        return None
    start, end = m.span()
    day_form = m.group("wd_day")
    key = " ".join(day_form.lower().split())
    post = m.group("wd_post")
    pre = c.weekday_pre.search(text, start)
    pre_word = pre and (pre.group("w") if pre.lastgroup == "w" else pre.group("z"))
    mode = None
    if post:
        mode = c.weekday_post.get(" ".join(post.lower().split()))
    elif pre_word:
        mode = c.weekday_pre_modes.get(" ".join(pre_word.lower().split()))
    if mode is None:
        if key not in c.bare_weekdays:
            return None
        if not _is_cjk(key) and _after_capitalised_word(text, start):
            return None  # "Black Friday", "Mardi Gras" is after, but "Black Friday" is before
        mode = "recent"
    weekday = c.weekdays.get(key)
    if weekday is None:
        return None
    if pre_word and not post:
        start -= len(pre.group(0))
    return _mention(text, start, end, _weekday_date(weekday, mode, published), "day", relative=True)


def _resolve_relative(text, start, end, published, c) -> DateMention | None:
    if published is None:
        return None
    surface = text[start:end]
    key = " ".join(surface.lower().split())
    rule = c.relative.get(key)
    if rule is None:
        return None
    if _is_cjk(key):
        guard = c.zh_guards.get(key)
        if guard:
            before = text[start - 1] if start else ""
            after = text[end] if end < len(text) else ""
            if (before and before in guard["not_after"]) or (after and after in guard["not_before"]):
                return None
    else:
        if (start and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
            return None  # inside a longer word
        if surface[:1].isupper() and _after_capitalised_word(text, start):
            return None  # "China Today", "USA Today"
    unit, offset = rule
    date, precision = _relative_date(unit, offset, published)
    return _mention(text, start, end, date, precision, relative=True, week=unit == "week")


_PREVIOUS_WORD = re.compile(r"(\w+)[ \t]+\Z")
_RANGE_BEFORE = re.compile(
    r"(?:19|20)\d\d\s*(?:[-–—/]|to|and|until|bis|до|по|a|à|al|e|y|et|und|至|到)\s*\Z", re.IGNORECASE
)
_NAME_AFTER = re.compile(r"[ \t]+(?:[“\"«‘'„]|[^\W\d_][^\W\d_A-ZА-ЯЁ])")


def _after_capitalised_word(text: str, start: int) -> bool:
    word = _PREVIOUS_WORD.search(_before(text, start, 40))
    return bool(word and word.group(1)[:1].isupper())


_RANGE_AFTER = re.compile(r"\s*[-–—/]\s*(\d{4}|\d{2})(?!\d)")
_OPENING_BRACKETS = frozenset("(（[【《")
RANGE_SPAN_YEARS = 20  # "2011-2012", "2016-2030": a later year this close closes a range of years


def _opens_range(year: str, text: str, end: int) -> bool:
    """True when the year opens a range of years ("the 2011-2012 academic year", "2009/10"): the range starts then.
    A range in brackets is the period of the plan or document it follows ("行动纲领（2024-2027年）"), not a time."""
    m = _RANGE_AFTER.match(text, end)
    if m is None or text[end - len(year) - 1:end - len(year)] in _OPENING_BRACKETS:
        return False
    first, second = int(year), int(m.group(1))
    if len(m.group(1)) == 2:
        return second == (first + 1) % 100
    return first < second <= first + RANGE_SPAN_YEARS


def _resolve_bare_year(m, text, c) -> DateMention | None:
    # the cheap tests after the year come first: most bare numbers fail them all and never reach the slower
    # tests on the text before (every test here is pure, so their order does not change the outcome)
    start, end = m.span()
    name = _NAME_AFTER.match(text, end)
    # a quote or a Capitalised word follows (Arabic and Chinese letters have no capitals: they name nothing here)
    first = name.group(0).strip()[:1] if name else ""
    named = bool(first) and (first.isupper() or not first.isalpha())
    before = _before(text, start)
    range_before = _RANGE_BEFORE.search(before)
    if range_before and before[range_before.start() - 1:range_before.start()] in _OPENING_BRACKETS:
        range_before = None  # "(2014-2024)": a bracketed period of a plan or fund, as for its first year
    after_preposition = None
    if not (named or range_before or c.year_follower.match(text, end) or _opens_range(m.group(0), text, end)):
        after_preposition = c.year_preposition.search(text, start)
        if after_preposition is None:
            return None
    if before[-1:] in ("-", "–", "—") and not range_before:
        if after_preposition is None:
            after_preposition = c.year_preposition.search(text, start)
        if after_preposition is None:
            return None  # a number in a phone number or code ("010-2019-1234"), but "mid-2001", "end-2019" are years
    if c.plan_word.search(text, start):
        return None  # "Vision 2030", "à l'horizon 2036": a plan's name or horizon
    return _mention(text, start, end, _safe_date(int(m.group(0)), 1, 1), "year")


# --- lone strings ----------------------------------------------------------------------------------------------------

_ISO_FIELD = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T\s]\d{1,2}:\d{2}.*)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_YEAR_FIELD = re.compile(r"(\d{4})(?:\s*年)?")


def parse_date(value: str) -> tuple[dt.date, str] | None:
    """A record field or a dateline holding one date: (date, precision), or None when it holds no absolute date."""
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s:
        return None
    try:
        m = _ISO_FIELD.fullmatch(s)
        if m:
            year, month = int(m.group(1)), int(m.group(2))
            if m.group(3):
                date = _safe_date(year, month, int(m.group(3)))
                return (date, "day") if date else None
            date = _safe_date(year, month, 1)
            return (date, "month") if date else None
        m = _COMPACT.fullmatch(s)
        if m:
            date = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return (date, "day") if date else None
        m = _YEAR_FIELD.fullmatch(s)
        if m:
            date = _safe_date(int(m.group(1)), 1, 1)
            return (date, "year") if date else None
    except ValueError:
        return None
    for mention in find_dates(s):
        if not mention.relative and not mention.inferred_year:
            return mention.date, mention.precision
    return None


# --- the page's own date -----------------------------------------------------------------------------------------

DATELINE_CHARS = 400  # a page's masthead and dateline sit in its first few lines
HEADING_WORDS = 6  # a dateline's heading before its date: a place, a site's name, a label ("Cairo Post | Friday")
_HEADING_ENDS = frozenset(",:|-–—/·•：｜")  # what ends a heading before a date ("Beijing, ", "Published: ")
_SENTENCE_GOES_ON = frozenset(",，、;；")  # a date followed by these opens the sentence it dates ("On 5 May 2009, …")
_FOUR_DIGITS = re.compile(r"\d{4}")


@lru_cache(maxsize=1)
def _weekday_words() -> frozenset[str]:
    return frozenset(w for forms in lexicon()["weekdays"].values() for w in forms)


def is_dateline(text: str, mention: DateMention) -> bool:
    """True for a date standing as a dateline or masthead, not told in a sentence of the story: it fills most of its
    line ("Wednesday, 7 December 2016", "19 de julio de 2014"), or, written in full (day, month and year), it opens
    its line after nothing or a short heading ending in a separator or a weekday ("Beijing, 5 May 2009", "Cairo Post
    | Friday 22 January 2016") and what follows it on the line does not go on with a comma ("5 May 2009, China
    signed …" opens the sentence it dates). "On 5 May 2009", "… to be finished on June 30, 2015" are told in
    sentences; so is a year or a month opening a sentence ("In mid-2001 China forgave …")."""
    start, end = mention.start, mention.end
    line_start, line_end = _line_around(text, start, end)
    if _fills(text, start, end, line_start, line_end):
        return True
    if mention.precision != "day" or mention.relative or mention.inferred_year:
        return False
    head = text[line_start:start]
    if head.strip():
        words = head.split()
        if len(words) > HEADING_WORDS or not head[-1].isspace() or not (
                words[-1][-1] in _HEADING_ENDS or words[-1].rstrip(",").lower() in _weekday_words()):
            return False
    tail = text[end:line_end].lstrip()
    return not tail or tail[0] not in _SENTENCE_GOES_ON


def _line_around(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _fills(text: str, start: int, end: int, line_start: int, line_end: int) -> bool:
    # the line's length less its outer blanks, without copying the line when it has none (a paragraph's line is long)
    if line_end > line_start and not text[line_start].isspace() and not text[line_end - 1].isspace():
        line_length = line_end - line_start
    else:
        line_length = len(text[line_start:line_end].strip())
    return 2 * (end - start) >= line_length


def fills_its_line(text: str, mention: DateMention) -> bool:
    """True for a date filling most of its line ("Wednesday, 7 December 2016", "19 de julio de 2014"): a page's
    dateline or a section's date, wherever it stands, never the date of a sentence's event."""
    return _fills(text, mention.start, mention.end, *_line_around(text, mention.start, mention.end))


def first_dateline(text: str, mentions: Iterable[DateMention]) -> DateMention | None:
    """The page's own dateline among ``mentions``: the first full date (day, month and year written) in the first
    DATELINE_CHARS characters that stands apart from the story (``is_dateline``). A page has one: further down, a
    date opening its line ("12 March 2015: China and Zambia signed ...", "- 4 June 2017 - ...") dates a timeline's
    entry, not the page."""
    for mention in mentions:
        if mention.start < DATELINE_CHARS and mention.precision == "day" and not mention.relative \
                and not mention.inferred_year and is_dateline(text, mention):
            return mention
    return None


def page_date(text: str, language: str | None = None) -> DateMention | None:
    """The page's own date when its top shows one: the first full date (day, month and year all written) in its
    first DATELINE_CHARS characters that stands apart from the story (``is_dateline``); None otherwise. A page
    with no publication date of its own takes it, so that "on Thursday" can be resolved; a date told in the story's
    first sentence ("On 5 May 2009, China and Chad signed …") is the event's, never the page's."""
    if not text or _FOUR_DIGITS.search(text, 0, DATELINE_CHARS) is None:
        return None  # no four-digit number, no year: the cheap scan that settles most pages
    return first_dateline(text, find_dates(text[:DATELINE_CHARS], None, language))
