"""Title and publication date of an article: from the record's own fields first, else from the top of the page.

Dates are read from the page head BEFORE clutter lines are dropped (a "Release time:2023-03-14" line is clutter
for the text but the best evidence of the date). In order of trust:

1. a labelled date: "Release time:2023-03-14", "Published: March 14, 2023", "发布时间：2023年3月14日", "Опубликовано 14.03.2023".
   The label heads a metadata line (it opens the line or follows a short byline or other fields) and is followed
   by a colon, or stands with its date as a short line of their own; the same words inside a story sentence ("the
   completion date was July 2, 2016", "(final maturity date: July 21, 2033)") are no label;
2. a byline timestamp: "( Xinhua ) 10:03, November 19, 2020", "2023-03-14 10:03";
3. a line that holds nothing but a date;
4. a masthead line: a short line near the top where a full date stands apart from the site name, place, weekday,
   time or source by separators ("Cairo Economic Post -- Friday 22 January 2016", "Kathmandu Daily Observer |
   14 October 2019 | Monday", "2019-06-30 | Source: bureau"); the clean stage drops such lines as clutter, so
   this is the only time they are read. A date inside a sentence never counts (it has words, not a separator,
   around it);
5. a dateline without a year ("新华社北京3月14日电", "BEIJING, March 14 (Xinhua) --") only together with a year
   given elsewhere (a year-only ``published`` field); otherwise the date stays unknown: we never guess a year.

Numeric dates: ``2023-03-14`` / ``2023/03/14`` are year-month-day, ``14.03.2023`` is day-month-year, and
``03/04/2023`` is read when one of the two numbers is above 12; otherwise the page settles the order: a head that
also writes month-name dates month first ("April 21, 2015") or day first ("21 April 2015") writes slashes the same
way, and a head in a language other than English writes the day first (most of the world does); an English head
with no other evidence leaves it unknown (US pages write the month first). A record's own date field is never
guessed this way. Words (labels, month names) live in ``data/lexicons/header_metadata.json``; month and weekday
names of ``data/lexicons/dates.json`` are added to them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from dataclasses import dataclass
from functools import lru_cache

from . import dates, langid, paths

MIN_YEAR, MAX_YEAR = 1900, 2100
# the end of a month-name date ("March 14th, 2023"), from the last digit of its day: the month pattern ends with
# this same text (after the day's first digit), so a span holding no match of it holds no month date either
MONTH_DATE_TAIL = r"\d(?:st|nd|rd|th)?,?\s+(?P<my>\d{4})(?!\d)"
TITLE_MAX_CHARS = 250


class _DatePattern:
    """Any one date, with named groups: the six date shapes as one pattern would find them, kept as two patterns.

    Five shapes start with a digit and one ("March 14, 2023") with a month name, which never starts with a digit,
    so at any position at most one of the two can match; the leftmost match of either is the leftmost match of the
    six-branch alternation, with the same branch (the digit shapes keep their order). Each pattern opens with a
    class test that sre runs in C, while the alternation entered its branches at every letter of a month's first
    letter: a date search around a year costs ~10 us instead of ~23 (the page heads of a build are full of years).
    """

    __slots__ = ("digit", "month", "month_tail")

    def __init__(self, digit: re.Pattern, month: re.Pattern, month_tail: re.Pattern) -> None:
        # month_tail: what every month date ends with, from its day's last digit (``MONTH_DATE_TAIL``): a search
        # that finds none needs no month search (~1.5 us instead of ~6 on the 50 characters around a year, where
        # the month pattern enters its trie at every letter a month name may start with)
        self.digit, self.month, self.month_tail = digit, month, month_tail

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        first = self.digit.search(string, pos, endpos)
        if first is not None:
            # only a month date starting before ``first`` can win; its digits are a day (1-2 long, never a digit
            # date's start) and a year after a space, so where it overlaps ``first`` its year is first's leading
            # digits ("March 14, 2023-05-06"), ending before first's end: searching up to first's end finds the same
            # match, while stopping at first's start would lose that one (and read "March 14, 20232019-03-12" as
            # 2023, the year's no-digit-after test seeing the cut instead of a digit)
            endpos = min(endpos, first.end())
        other = self.month.search(string, pos, endpos) if self.month_tail.search(string, pos, endpos) else None
        if other is None or (first is not None and first.start() < other.start()):
            return first
        return other

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        return self.digit.match(string, pos, endpos) or self.month.match(string, pos, endpos)


@dataclass(frozen=True)
class _Patterns:
    date: _DatePattern  # any one date, with named groups
    label_before: re.Pattern  # a label right before a date ("Release time:", "发布时间：", "Published Monday,")
    dateline: re.Pattern  # month and day without a year
    months: dict[str, int]
    repeat_label: re.Pattern  # a label just before a repeated title ("题：", "综述｜")
    weekday_end: re.Pattern  # a weekday name ending a slice of a masthead line ("... -- Friday, ")
    separators: tuple[str, ...]  # marks that set a masthead date apart ("|", "--", "—")
    follower: re.Pattern  # a source or byline word right after a masthead date ("来源：", "Source:")


def _alternation(words, ignorecase: bool = True) -> str:
    """Literal words as one regular expression that prefers the longest word, as "w1|w2|..." sorted longest first
    would, but shaped as a trie: ``(?:j(?:an(?:uary)?|uly?)|...)``. A plain alternation of 165 month names tries
    every name at every position of a search; the trie fails on the first character. Children whose characters
    match each other under IGNORECASE (``s`` and ``S``, ``σ`` and ``ς``) share one branch, so that at any
    position at most one branch can go on, and the words matching there are still tried longest first."""
    root: dict = {}
    for word in set(words):
        node = root
        for char in word:
            node = node.setdefault(_trie_key(node, char, ignorecase), {})
        node[""] = {}
    return _emit_trie(root) or "(?!)"


def _trie_key(node: dict, char: str, ignorecase: bool) -> str:
    if ignorecase and char not in node:
        for key in node:
            if key and re.fullmatch(re.escape(key), char, re.IGNORECASE):
                return key
    return char


def _emit_trie(node: dict) -> str:
    branches = [re.escape(char) + _emit_trie(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word ends here: the longer words through this node are tried first (greedy ?)
        return "(?:" + body + ")?"
    return body


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    data = json.loads((paths.LEXICON_DIR / "header_metadata.json").read_text(encoding="utf-8"))
    running_text = json.loads((paths.LEXICON_DIR / "dates.json").read_text(encoding="utf-8"))
    months: dict[str, int] = {}
    for table in [*running_text["months"].values(), *data["months"].values()]:
        months.update({k.lower(): v for k, v in table.items()})
    weekdays = {w.lower() for table in running_text["weekdays"].values() for w in table}
    month = f"(?:{_alternation(months)})(?![^\\W\\d_])\\.?"
    joiner = f"(?:(?:{_alternation(data['day_month_joiners'])})\\s+)?"
    digit_date = (  # in the order the shapes are tried at a position
        r"(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})(?!\d)"
        r"|(?P<cy>\d{4})\s*年\s*(?P<cm>\d{1,2})\s*月\s*(?P<cd>\d{1,2})\s*日"
        r"|(?<!\d)(?P<dd>\d{1,2})\.(?P<dm>\d{1,2})\.(?P<dy>\d{4})(?!\d)"
        r"|(?<!\d)(?P<sa>\d{1,2})/(?P<sb>\d{1,2})/(?P<sy>\d{4})(?!\d)"
        rf"|(?<!\d)(?P<wd>\d{{1,2}})(?:st|nd|rd|th|\.|º)?\s+{joiner}(?P<wm>{month}),?\s+{joiner}(?P<wy>\d{{4}})(?!\d)"
    )
    month_date = rf"(?P<mm>{month})\s*(?P<md>\d{{1,2}}){MONTH_DATE_TAIL[2:]}"
    labels = [label for words in data["labels"].values() for label in words]
    # a label, then a colon or a space, then perhaps a weekday ("Published Monday, March 14"), then the date
    weekday_forms = weekdays | {w for words in data.get("weekday_abbreviations", {}).values() for w in words}
    label_before = (rf"(?<![^\W\d_])(?:{_alternation(labels)})(?:\s*(?P<colon>[:：])|\s)\s*"
                    rf"(?:(?:{_alternation(weekday_forms)})(?![^\W\d_])\.?,?\s*)?$")
    dateline = (
        r"(?P<zm>\d{1,2})月(?P<zd>\d{1,2})日电"
        rf"|^[A-Z][A-Z' .-]{{1,40}},(?:\s+[A-Z][\w ]{{1,30}},)?\s+(?P<em>{month})\s*(?P<ed>\d{{1,2}})\s*\((?:Xinhua|AP|AFP|Reuters|IANS)\)"
    )
    repeat_labels = data.get("title_repeat_labels") or []
    label_words = f"{_alternation(repeat_labels, ignorecase=False)}|" if repeat_labels else ""
    repeat_label = rf"(?:{label_words}[\u4e00-\u9fff]{{1,6}}\s?[|｜丨：:])\s?$"
    # a date starts with a digit or a month name: one class test rejects the other positions of a search at once
    starts = "".join(sorted({re.escape(w[0]) for w in months}))
    return _Patterns(
        date=_DatePattern(re.compile(rf"(?=\d)(?:{digit_date})", re.IGNORECASE),
                          re.compile(rf"(?=[{starts}]){month_date}", re.IGNORECASE),
                          re.compile(MONTH_DATE_TAIL, re.IGNORECASE)),
        label_before=re.compile(label_before, re.IGNORECASE),
        dateline=re.compile(dateline, re.IGNORECASE | re.MULTILINE),
        months={k.lower(): v for k, v in months.items()},
        repeat_label=re.compile(repeat_label),
        weekday_end=re.compile(rf"(?<![^\W\d_])(?:{_alternation(weekdays)}),?\s*$", re.IGNORECASE),
        separators=tuple(sorted(data["masthead_separators"], key=len, reverse=True)),
        follower=re.compile(
            rf"\s+(?:{_alternation(w for words in data['masthead_followers'].values() for w in words)})(?![^\W\d_])",
            re.IGNORECASE),
    )


def _make(year: str | int, month: str | int, day: str | int) -> dt.date | None:
    try:
        y, m, d = int(year), int(month), int(day)
        if not MIN_YEAR <= y <= MAX_YEAR:
            return None
        return dt.date(y, m, d)
    except (TypeError, ValueError):
        return None


def _month_number(word: str) -> int | None:
    return _patterns().months.get(word.lower().rstrip("."))


def date_from_match(match: re.Match, day_first: bool | None = None) -> dt.date | None:
    """The date a match of the date pattern stands for; ``day_first`` settles a slash date whose two numbers are
    both 12 or less (None: such a date is unknown)."""
    last = match.lastgroup  # a branch closes its groups in order: its last group names it (no dict of 18 groups)
    if last == "id":
        return _make(match["iy"], match["im"], match["id"])
    if last == "cd":
        return _make(match["cy"], match["cm"], match["cd"])
    if last == "dy":
        return _make(match["dy"], match["dm"], match["dd"])
    if last == "my":
        return _make(match["my"], _month_number(match["mm"]), match["md"])
    if last == "wy":
        return _make(match["wy"], _month_number(match["wm"]), match["wd"])
    g = match.groupdict()
    if g.get("iy"):
        return _make(g["iy"], g["im"], g["id"])
    if g.get("cy"):
        return _make(g["cy"], g["cm"], g["cd"])
    if g.get("dy"):
        return _make(g["dy"], g["dm"], g["dd"])
    if g.get("sy"):
        a, b = int(g["sa"]), int(g["sb"])
        if a > 12 >= b:
            return _make(g["sy"], b, a)
        if b > 12 >= a:
            return _make(g["sy"], a, b)
        if day_first is None:
            return None  # 03/04/2023: day-month or month-day? unknown, so no date
        return _make(g["sy"], b, a) if day_first else _make(g["sy"], a, b)
    if g.get("my"):
        return _make(g["my"], _month_number(g["mm"]), g["md"])
    if g.get("wy"):
        return _make(g["wy"], _month_number(g["wm"]), g["wd"])
    return None


def parse_date(value: str | None) -> dt.date | None:
    """A date written anywhere in ``value`` (an ISO date/datetime field, or "March 14, 2023"); None if none."""
    if not value:
        return None
    try:
        match = _patterns().date.search(str(value)[:200])
    except Exception:  # noqa: BLE001 - never raise on odd field values
        return None
    return date_from_match(match) if match else None


def _year_only(value: str | None) -> int | None:
    if value and re.fullmatch(r"\s*(\d{4})(?:-\d{1,2})?\s*", value):
        year = int(value.strip()[:4])
        return year if MIN_YEAR <= year <= MAX_YEAR else None
    return None


# (?<!\d)(?:19|20)\d\d(?!\d)|(?<!\d)\d{2}年, written to start with a digit class so that a search skips to the
# next digit in C instead of trying both branches at every character (a lookbehind first hides the digit from sre)
_YEAR = re.compile(r"\d(?<!\d\d)(?:(?<=1)9\d\d(?!\d)|(?<=2)0\d\d(?!\d)|\d年)")
_TIME_BEFORE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?\s*,?\s*$")
_TIME_AFTER = re.compile(r"\s*,?\s*\d{1,2}:\d{2}")
_HOUR_AFTER = re.compile(r"\s+\d{1,2}h\d{2}(?!\w)")  # "05/07/2023 08h12" (Portuguese and French pages)
DATE_WINDOW = 40  # a date is at most this many characters before or around its year
LABEL_WINDOW = 40  # a label stands at most this many characters before its date


def _dates_in(head: str, day_first: bool | None = None) -> list[tuple[re.Match, dt.date]]:
    """Every date in ``head``. The big date pattern is only run next to a year (a cheap scan finds those), which
    keeps this fast on a long flattened page head."""
    pattern = _patterns().date
    found: list[tuple[re.Match, dt.date]] = []
    end_of_last = 0
    for year in _YEAR.finditer(head):
        if year.start() < end_of_last:
            continue
        match = pattern.search(head, max(end_of_last, year.start() - DATE_WINDOW), year.end() + 8)
        while match is not None and match.end() < year.end():  # a date ending before this year: not this one
            match = pattern.search(head, match.end(), year.end() + 8)
        if match is None:
            continue
        date = date_from_match(match, day_first)
        if date is not None:
            found.append((match, date))
            end_of_last = match.end()
    return found


# (?<!\d)(?:0?[1-9]|1[0-2])/(?:0?[1-9]|1[0-2])/\d{4}(?!\d), led by a digit class for speed (as _YEAR); only
# whether it is found matters
_AMBIGUOUS_SLASH = re.compile(
    r"\d(?<!\d\d)(?:(?<=0)[1-9]|(?<=[1-9])|(?<=1)[0-2])/(?:0?[1-9]|1[0-2])/\d{4}(?!\d)")


def _slash_order(head: str, dates: list[tuple[re.Match, dt.date]]) -> bool | None:
    """Whether this page writes slash dates day first (True), month first (False), or unknown (None)."""
    for match, _date in dates:
        if match.lastgroup == "my":
            return False  # "April 21, 2015"
        if match.lastgroup == "wy":
            return True  # "21 April 2015"
    language = langid.detect(head)
    if language is None or language == "en":
        return None
    return True


MASTHEAD_MAX_CHARS = 120  # a masthead or byline line is short; a longer line is text
_LINE_MARKS = " \t•·|-–—()[]"  # bullets and frames around a metadata line
_SENTENCE_GOES_ON = ",，、;；"  # a date followed by these is told in a sentence ("Published 12 March 2019, the ...")


def _on_masthead(head: str, match: re.Match) -> bool:
    """True when the date stands apart on a short line: only separators, or a weekday after one, between it and
    the line's other words ("Cairo Economic Post -- Friday 22 January 2016", "2019-06-30 | Source: bureau")."""
    p = _patterns()
    line_start = head.rfind("\n", 0, match.start()) + 1
    line_end = head.find("\n", match.end())
    line_end = len(head) if line_end < 0 else line_end
    if line_end - line_start > MASTHEAD_MAX_CHARS:
        return False
    before = head[line_start:match.start()]
    weekday = p.weekday_end.search(before)
    if weekday:
        before = before[:weekday.start()]
    before = before.rstrip(" \t,")
    if before and (not before.endswith(p.separators) or len(before.split()) > dates.HEADING_WORDS):
        return False  # words of a sentence, or more words than a site name or place: "... signed 2012. Start: <date>"
    after = head[match.end():line_end]
    rest = after.lstrip(" \t,")
    if not rest or after.startswith(("  ", "\t", "\u3000")) or rest.startswith(p.separators):
        return True
    return any(pattern.match(after) is not None for pattern in (_TIME_AFTER, _HOUR_AFTER, p.follower))


def _heads_its_line(head: str, line_start: int, at: int) -> bool:
    """True when a label at ``at`` opens its line, or follows only a heading there: a byline or site name set off
    by a separator, of any length up to a short line's ("By John Smith, Staff Writer at the Nairobi Daily Nation |
    Published: ..."), or other 'Label: value' fields ("Source: MOFCOM Author: Li Wei Published: ...", "来源：商务部
    发布时间：..."), whose last value is short: at most ``dates.HEADING_WORDS`` words after the last colon, as in
    ``dates.is_dateline``. Words of a sentence before it ("The completion date was ...", "(final maturity date:
    ...") make it a word of that sentence."""
    before = head[line_start:at].rstrip()
    heading = before.strip(_LINE_MARKS)  # without the bullets and frames, which may be separators too
    if not heading:
        return True
    if len(before) > MASTHEAD_MAX_CHARS:
        return False  # a paragraph, not a metadata line
    if before.endswith(_patterns().separators):
        return True
    colon = max(heading.rfind(":"), heading.rfind("："))
    return colon >= 0 and len(heading[colon + 1:].split()) <= dates.HEADING_WORDS


def _labelled(head: str, match: re.Match) -> bool:
    """True for a date given by a label that heads a metadata line: the label opens its line (or follows a short
    heading, ``_heads_its_line``) and is followed by a colon ("Date: 12 March 2019", "发布时间：2019年3月12日"), or
    label and date stand as a short masthead line of their own, the date not going on as a sentence ("Posted on
    March 12, 2019 by Staff", "Опубликовано 14.03.2023 в 10:15", but not "Published 12 March 2019, the report
    ..."). "The completion date was July 2, 2016" and "... published on 12 March 2019 a list ..." are sentences."""
    line_start = head.rfind("\n", 0, match.start()) + 1
    label = _patterns().label_before.search(head, max(line_start, match.start() - LABEL_WINDOW), match.start())
    if label is None or not _heads_its_line(head, line_start, label.start()):
        return False
    if label.group("colon"):
        return True
    line_end = head.find("\n", match.end())
    line_end = len(head) if line_end < 0 else line_end
    if line_end - line_start > MASTHEAD_MAX_CHARS:
        return False
    tail = head[match.end():line_end].lstrip()
    return not tail or tail[0] not in _SENTENCE_GOES_ON


def header_date(head: str, year_hint: int | None = None) -> dt.date | None:
    """The publication date stated in the top of a page (see the module docstring for the order of trust)."""
    p = _patterns()
    dates = _dates_in(head)
    if "/" in head and _AMBIGUOUS_SLASH.search(head):
        order = _slash_order(head, dates)
        if order is not None:
            dates = _dates_in(head, order)
    for match, date in dates:  # 1. labelled
        if _labelled(head, match):
            return date
    for match, date in dates:  # 2. a byline timestamp
        if _TIME_BEFORE.search(head, max(0, match.start() - 12), match.start()) or \
                _TIME_AFTER.match(head, match.end()):
            return date
    for match, date in dates:  # 3. a line that is a date, perhaps with a weekday
        line_start = head.rfind("\n", 0, match.start()) + 1
        line_end = head.find("\n", match.end())
        line = head[line_start: line_end if line_end >= 0 else len(head)].strip(" \t•·|-–—()[]")
        if len(line) <= 40 and len(line) - len(match.group()) <= 12:
            return date
    for match, date in dates:  # 4. a masthead line
        if _on_masthead(head, match):
            return date
    if year_hint is not None:  # 5. a dateline without a year, with a year given elsewhere
        match = p.dateline.search(head)
        if match:
            if match.group("zm"):
                return _make(year_hint, match.group("zm"), match.group("zd"))
            return _make(year_hint, _month_number(match.group("em")), match.group("ed"))
    return None


def publication_date(field_value: str | None, head: str, html_date: str | None = None) -> dt.date | None:
    """The record's own date wins, then the HTML metadata's, then the page head's; None when unknown."""
    return parse_date(field_value) or parse_date(html_date) or header_date(head, _year_only(field_value))


# --- bylines and titles --------------------------------------------------------------------------------------------

_BYLINE = re.compile(
    r"^(?:By\s+[^()\n]{1,80}?\s*)?\(\s*[^()\n]{2,60}?\s*\)\s*\d{1,2}:\d{2}(?::\d{2})?\s*,?\s*"
)


def strip_byline(paragraph: str) -> str:
    """Drop a leading "By Name ( Source ) 10:03, November 19, 2020" byline from the first paragraph."""
    match = _BYLINE.match(paragraph)
    if not match:
        return paragraph
    date = _patterns().date.match(paragraph, match.end())
    if not date:
        return paragraph
    return paragraph[date.end():].lstrip(" ,")


_LEADING_NUMERIC_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}(?!\d)")


def looks_like_title(line: str) -> bool:
    """A title line: short, not a date or label line, and not ending in a full stop. A line led by a numeric date
    ("06/07/2023 — Com informações de agências") is a masthead or dateline, whatever follows: headlines never
    open with one."""
    stripped = line.strip()
    if not stripped or len(stripped) > TITLE_MAX_CHARS or _LEADING_NUMERIC_DATE.match(stripped):
        return False
    p = _patterns()
    if _dates_in(stripped) and len(stripped) < 60:
        return False
    date = p.date.search(stripped)
    if date and len(stripped) - len(date.group()) <= 20:
        return False
    return not stripped.endswith((".", "。")) and any(ch.isalpha() for ch in stripped)


def title_from_candidates(candidates: list[str]) -> str | None:
    """The title among the short lines above the first paragraph: the last that looks like one."""
    for line in reversed(candidates):
        if looks_like_title(line):
            return line.strip()
    return None


TITLE_REPEAT_WINDOW = 300  # a repeated title is looked for this far into the first paragraph
_DATELINE_END = re.compile(r"电\s*$")  # "新华社北京9月23日电": the repeat follows a Chinese dateline


def remove_title_repeat(paragraph: str, title: str) -> str:
    """Remove the title where the first paragraph repeats it: at its start, or right after a dateline, perhaps
    behind a label ("新华社北京9月23日电 题：Title", "... 电 综述｜Title")."""
    if not title:
        return paragraph
    variants = {title}
    for separator in ("｜", "丨", "|", "：", ":"):
        if separator in title:
            variants.add(title.split(separator, 1)[1].strip())
    label = _patterns().repeat_label
    for variant in sorted(variants, key=len, reverse=True):
        if len(variant) < 6:
            continue
        if paragraph.startswith(variant):
            rest = paragraph[len(variant):].lstrip(" :：-–—")
            return rest if len(rest) > 20 else paragraph
        at = paragraph.find(variant, 0, TITLE_REPEAT_WINDOW)
        if at <= 0:
            continue
        found = label.search(paragraph, 0, at)
        start = found.start() if found else at
        if not _DATELINE_END.search(paragraph, 0, start):
            continue  # the title's words inside a sentence: not a repeat
        return (paragraph[:start].rstrip() + " " + paragraph[at + len(variant):].lstrip()).strip()
    return paragraph
