"""Text cleaning: Unicode normalisation and page-clutter removal for plain-text pages and HTML.

Plain-text pages (what most scrapers save) arrive in two shapes, and both are handled by one function,
:func:`clean_page`:

* one paragraph per line, with menus, share rows, comment forms and footers as lines of their own;
* a whole page flattened onto one line (navigation, breadcrumb, byline, body, "related" lists, site links).

The steps, each driven by cues in ``data/lexicons/boilerplate.json``:

1. cut the navigation before a breadcrumb (``English >> Title``) near the top, keeping it aside for the title;
2. cut the footer at the first footer cue (``(Web editor:``, ``Leave a Reply``, ``责任编辑：``) after some text;
3. remove inline clutter (pagers like 【1】【2】, photo credits);
4. drop clutter lines (share rows, icon rows, comment forms, credits, copyright);
5. drop short non-sentence lines before the first and after the last paragraph (menus, section lists,
   related links), and runs of three or more short lines in the middle (menus); a single short line between
   paragraphs stays (a subheading).

The head of the page (before any line is dropped) is returned too, so that title and date lines can be read
from it (see ``metadata``). HTML goes through trafilatura first (:func:`html_to_text`): it finds the main
content of real markup well, but on plain text it keeps the clutter, so it is used for HTML only.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick_rs

from . import metadata, paths

# --- Unicode normalisation -------------------------------------------------------------------------------------
#
# Not plain NFKC: NFKC would also turn the CJK full-width comma, colon, brackets and parentheses inside running
# Chinese text into ASCII ("，" -> ","), which changes what readers see in the evidence sentences and merges
# Chinese punctuation with Latin punctuation that the sentence splitter treats differently; it also rewrites
# ligatures, superscripts and compatibility ideographs that extraction does not need changed. So only what helps
# extraction is mapped: full-width ASCII letters and digits and the money/number signs, the full-width comma only
# BETWEEN digits (１，０００ -> 1,000) and the full-width full stop after a Latin letter or digit (１２．５ -> 12.5,
# Ｕ．Ｓ． -> U.S.).

_FULLWIDTH_KEEP = set("，、。：；！？（）「」『』【】《》〈〉［］｛｝～")  # CJK punctuation readers see in running text
_TRANSLATION: dict[int, str | None] = {}
for _code in range(0xFF01, 0xFF5F):
    _char = chr(_code)
    if _char not in _FULLWIDTH_KEEP and _char not in "．，":
        _TRANSLATION[_code] = chr(_code - 0xFEE0)
for _space in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\f\v":
    _TRANSLATION[ord(_space)] = " "
for _gone in "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e":  # zero-width characters, BOM and soft hyphen
    _TRANSLATION[ord(_gone)] = None
for _newline in "\u2028\u2029\u0085":
    _TRANSLATION[ord(_newline)] = "\n"

# (?<=\d)，(?=\d)|(?<=[0-9A-Za-z])．, written with the character first (and the lookbehind after it) so that a
# search jumps from one ， or ． to the next in C instead of trying both lookbehinds at every character
_DIGIT_PUNCT = re.compile(r"，(?<=\d，)(?=\d)|．(?<=[0-9A-Za-z]．)")
# the characters _TRANSLATION changes; str.translate looks up every character in Python (~1 us each), so only the
# characters a text holds are replaced, each with one str.replace (most texts hold none, or only NBSPs). No
# replacement is itself a character to replace, so the order of the replacements does not matter.
_NEEDS_TRANSLATION = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TRANSLATION)) + "]")
_ASCII_TO_TRANSLATE = tuple(chr(c) for c in sorted(_TRANSLATION) if c < 128)  # \t \f \v
_LINE_ENDS = re.compile(r"\r\n?")


def normalise(text: str) -> str:
    """Map full-width digits, letters and number signs to ASCII, odd spaces to spaces, drop zero-width
    characters and soft hyphens, and make every line ending ``\\n``. CJK punctuation is kept."""
    if "\r" in text:
        text = _LINE_ENDS.sub("\n", text)
    if text.isascii():  # a flag CPython keeps: no scan
        found = [char for char in _ASCII_TO_TRANSLATE if char in text]
    else:
        found = set(_NEEDS_TRANSLATION.findall(text))
    for char in found:
        text = text.replace(char, _TRANSLATION[ord(char)] or "")
    if "．" in text or "，" in text:
        text = _DIGIT_PUNCT.sub(lambda m: "." if m.group() == "．" else ",", text)
    return text


def one_line(text: str) -> str:
    """``text`` with every whitespace run made one space and none at either end: ``" ".join(text.split())``.

    Cleaned article text is paragraphs of single-spaced words joined by newlines, so replacing the newlines usually
    gives it at once: when the result is printable (every whitespace character but the space is unprintable),
    holds no double space and no space at either end. Splitting it into words is 2-3 times slower."""
    flat = text.replace("\n", " ")
    if flat.isprintable() and "  " not in flat and not flat.startswith(" ") and not flat.endswith(" "):
        return flat
    return " ".join(text.split())


_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")


def unescape_entities(text: str) -> str:
    """Scraped plain text often keeps HTML entities (``&gt;&gt;``, ``&amp;``); decode them."""
    return html.unescape(text) if _ENTITY.search(text) else text


# --- the clutter cues ---------------------------------------------------------------------------------------------


_CLASS_END = re.compile(r"(?:\\.|[^\]\\])*\]")


def _anchor(pattern: str) -> str | None:
    """The longest run of plain characters that every match of a cue pattern contains, or None.

    A page without it cannot match, and a substring test is far cheaper than a regular-expression scan over a
    whole page. Patterns with top-level alternation get no anchor; optional parts ("x?", "(...)?", "x*",
    "x{0,3}") and lookarounds never provide one."""
    runs: list[str] = []
    groups: list[int] = []  # len(runs) when each open group started
    current, i, depth_alternation = "", 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt.isalnum():  # a class such as \d or \s ends the run
                runs.append(current)
                current = ""
            else:
                current += nxt
            i += 2
            continue
        optional = char in "?*" or pattern.startswith("{0", i)
        if optional:
            if i > 0 and pattern[i - 1] == ")" and pattern[i - 2:i] != "\\)":
                del runs[groups.pop() if groups else 0:]  # the whole group may be absent
            else:
                runs.append(current[:-1])
            current = ""
            i = (pattern.find("}", i) + 1 or len(pattern)) if char == "{" else i + 1
            continue
        if char == "{":
            runs.append(current)
            current = ""
            i = pattern.find("}", i) + 1 or len(pattern)
            continue
        if char == "[":
            runs.append(current)
            current = ""
            close = _CLASS_END.match(pattern, i + 1)
            i = close.end() if close else len(pattern)
            continue
        if char == "(":
            runs.append(current)
            current = ""
            if pattern.startswith("(?", i) and not pattern.startswith("(?:", i):
                i = pattern.find(")", i) + 1 or len(pattern)  # a lookaround: not part of the match
                continue
            groups.append(len(runs))
            i += 3 if pattern.startswith("(?:", i) else 1
            continue
        if char == ")":
            runs.append(current)
            current = ""
            if i + 1 < len(pattern) and (pattern[i + 1] in "?*" or pattern.startswith("{0", i + 1)):
                i += 1
                continue
            if groups:
                groups.pop()
            i += 1
            continue
        if char == "|":
            if not groups:
                return None
            depth_alternation = True
            runs.append(current)
            current = ""
            # an alternative inside a group: nothing in that group is certain
            close = pattern.find(")", i)
            del runs[groups[-1]:]
            i = close if close >= 0 else len(pattern)
            continue
        if char in "+.^$":
            runs.append(current)
            current = ""
        else:
            current += char
        i += 1
    runs.append(current)
    best = max(runs, key=lambda r: len(r.encode("utf-8")))
    return best if len(best.encode("utf-8")) >= 3 else None


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern
    anchor: str | None  # a literal the text must contain for the pattern to match


@dataclass(frozen=True)
class Cues:
    line: re.Pattern  # full-line clutter (case-insensitive)
    cut: tuple[Cue, ...]  # footer starts (case-sensitive)
    inline: tuple[Cue, ...]  # clutter fragments
    anchor_words: tuple[str, ...]  # the anchors of all cut and inline cues ...
    anchor_finder: ahocorasick_rs.AhoCorasick  # ... found in one pass (an "in" test per cue costs five times as much)
    cut_anchors: frozenset[str] | None  # the anchors of the cut cues (None: a cut cue has none)


def anchors_in(text: str) -> frozenset[str]:
    """The cue anchors that occur in ``text``."""
    c = cues()
    return frozenset(c.anchor_words[i] for i, _, _ in c.anchor_finder.find_matches_as_indexes(text, overlapping=True))


@lru_cache(maxsize=1)
def cues() -> Cues:
    data = json.loads((paths.LEXICON_DIR / "boilerplate.json").read_text(encoding="utf-8"))
    blocks = [data["any"], *data["languages"].values()]

    def listed(kind: str) -> list[str]:
        return [p for block in blocks for p in block.get(kind, [])]

    def compiled(kind: str) -> tuple[Cue, ...]:
        return tuple(Cue(re.compile(p, re.MULTILINE), _anchor(p)) for p in listed(kind))

    line = re.compile("|".join(f"(?:{p})" for p in listed("line")), re.IGNORECASE)
    cut, inline = compiled("cut"), compiled("inline")
    words = tuple(sorted({cue.anchor for cue in (*cut, *inline) if cue.anchor is not None}))
    finder = ahocorasick_rs.AhoCorasick(words, implementation=ahocorasick_rs.Implementation.DFA)
    cut_anchors = None if any(cue.anchor is None for cue in cut) else frozenset(cue.anchor for cue in cut)
    return Cues(line=line, cut=cut, inline=inline, anchor_words=words, anchor_finder=finder, cut_anchors=cut_anchors)


# --- line shapes ----------------------------------------------------------------------------------------------------

_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_WORD = re.compile(rf"[^\W\d_{_CJK}]+|\d+")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_BULLETS = re.compile(r"^[\s•·*▪►▸◦‣>|–—-]+")
_SPACES = re.compile(r"  +")  # two or more spaces; a literal start makes the search fast
# a sentence ends in a full stop, question or exclamation mark, possibly followed by closing quotes/brackets
_SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’»」』）)\]]*$")
_STARTS_LOWER = re.compile(r"^[a-zà-öø-ÿа-яё]")
# a sentence ending inside a line: a full stop after a number or a lower-case word (not after "Co", "U.S"), then more
# text; CJK full stops end a sentence whatever comes before them
_INNER_SENTENCE_END = re.compile(r"(?:\d|\b[a-zà-öø-ÿа-яё]+)[.!?][\"'”’»)\]]*\s+(?=\S)|[。！？](?=.)")

BODY_UNITS = 20  # a line this long (in words; two CJK characters count as one) is article text even unfinished
SENTENCE_UNITS = 6  # a finished sentence at least this long is article text
LONG_LINE_CHARS = 400  # a line this long is article text without counting its words (saves time on flat pages)
MENU_RUN = 3  # this many short lines in a row in the middle of a page are a menu
MIN_TEXT_BEFORE_CUT = 150  # a footer cue counts only after this many characters of text ...
FOOTER_CLUSTER_GAP = 300  # ... or when another footer cue follows within this many characters


def units(line: str) -> float:
    """The length of a line in words; CJK has no spaces, so two CJK characters count as one word."""
    return len(_WORD.findall(line)) + (0.0 if line.isascii() else len(_CJK_CHAR.findall(line)) / 2)


def is_clutter_line(line: str) -> bool:
    bare = _BULLETS.sub("", line).strip()
    return not bare or cues().line.fullmatch(bare) is not None


def is_body_line(line: str) -> bool:
    """Article text: a long line, or a finished sentence of some length."""
    if len(line) >= LONG_LINE_CHARS:
        return True
    size = units(line)
    return size >= BODY_UNITS or (size >= SENTENCE_UNITS and _SENTENCE_END.search(line) is not None)


def opens_with_sentence(line: str) -> bool:
    """A line whose first sentence is finished and at least SENTENCE_UNITS long, whatever follows it ("The loan was
    signed on 2012/05/24. Start: 2012/10/10"). Read only on a page with no body line: a one-record text such as an
    analyst's note is then not empty; on a page with body lines, such a line is more often a newsletter or
    testimonial line ("Get our news by e-mail. [Sign up]") that the page's text should not reach out to."""
    if units(line) < SENTENCE_UNITS:
        return False
    inner = _INNER_SENTENCE_END.search(line)
    return inner is not None and units(line[:inner.end()]) >= SENTENCE_UNITS


# --- the page -----------------------------------------------------------------------------------------------------


@dataclass
class Page:
    """A cleaned plain-text page."""

    paragraphs: list[str]
    head: str  # the top of the page before any line was dropped, for title and date lines
    title_candidates: list[str] = field(default_factory=list)  # short lines above the first paragraph, in order
    site_title: str | None = None  # "Title - Site" text before a breadcrumb, when the body repeats it

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


_BREADCRUMB = re.compile(r"(?:^|\s)(?:>>|»»|›› )\s*")
BREADCRUMB_WINDOW = 3000  # a breadcrumb is looked for in this many leading characters
HEAD_CHARS = 1200  # how much of the page top is kept for title and date lines
_SITE_SEPARATOR = re.compile(r"\s[-|_–—]\s")


def _cut_navigation(text: str) -> tuple[str, str]:
    """Split off everything before the last breadcrumb marker near the top: (navigation, rest)."""
    if all(text.find(marker, 0, BREADCRUMB_WINDOW) < 0 for marker in (">>", "»»", "››")):  # no copy of the window
        return "", text
    last = None
    for match in _BREADCRUMB.finditer(text, 0, BREADCRUMB_WINDOW):
        last = match
    if last is None or len(text) - last.end() < 200:
        return "", text
    return text[: last.start()], text[last.end():]


def _repeated_site_title(navigation: str, rest: str) -> str | None:
    """The page title from "Title - Site Name" at the top, when the text after the breadcrumb repeats it."""
    body = rest.lstrip()
    best = None
    for match in _SITE_SEPARATOR.finditer(navigation, 0, 400):
        candidate = navigation[: match.start()].strip()
        if len(candidate) >= 8 and body.startswith(candidate):
            best = candidate
    return best


def _cut_footer(text: str, anchors: frozenset[str] | None = None) -> str:
    """Cut at the first footer cue that follows some text, or that starts a cluster of cues (a page with no
    article text: a video page whose byline is followed directly by the footer). ``anchors``: anchors_in(text)."""
    anchors = anchors_in(text) if anchors is None else anchors
    c = cues()
    if c.cut_anchors is not None and c.cut_anchors.isdisjoint(anchors):
        return text  # most pages: no footer cue at all
    present = [cue for cue in c.cut if cue.anchor is None or cue.anchor in anchors]
    matches = sorted((m for cue in present for m in cue.pattern.finditer(text)), key=lambda m: m.start())
    for i, match in enumerate(matches):
        if len(text[: match.start()].strip()) >= MIN_TEXT_BEFORE_CUT:
            return text[: match.start()]
        if i + 1 < len(matches) and matches[i + 1].start() - match.end() <= FOOTER_CLUSTER_GAP:
            return text[: match.start()]
    return text


def _strip_inline(text: str, anchors: frozenset[str] | None = None) -> str:
    """Remove inline clutter. ``anchors``: the anchors of this text or of a text it was cut from (a superset)."""
    for cue in cues().inline:
        if cue.anchor is None or ((anchors is None or cue.anchor in anchors) and cue.anchor in text):
            text, removed = cue.pattern.subn(" ", text)
            if removed:
                anchors = None  # the text changed: the next cues test it again
    return text


def _single_spaced(line: str) -> str:
    return _SPACES.sub(" ", line) if "  " in line else line


def _join_broken(lines: list[str]) -> list[str]:
    """Rejoin a paragraph that a scraper broke mid-sentence ("adhere to the" / "principle of opening")."""
    joined: list[str] = []
    for line in lines:
        if joined and not _SENTENCE_END.search(joined[-1]) and _STARTS_LOWER.match(line) and \
                units(joined[-1]) >= SENTENCE_UNITS:
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return joined


def clean_page(text: str) -> Page:
    """Remove page clutter from a normalised plain-text page."""
    text = unescape_entities(text)
    navigation, text = _cut_navigation(text)
    site_title = _repeated_site_title(navigation, text) if navigation else None
    if site_title:
        text = text.lstrip()[len(site_title):]
    head = text[:HEAD_CHARS]
    text = metadata.strip_byline(text.lstrip())
    anchors = anchors_in(text)
    text = _strip_inline(_cut_footer(text, anchors), anchors)

    lines = [_single_spaced(line.strip()) for line in text.split("\n")]
    lines = _join_broken([line for line in lines if line and not is_clutter_line(line)])
    body = [is_body_line(line) for line in lines]
    if not any(body):
        body = [opens_with_sentence(line) for line in lines]
    if not any(body):
        return Page(paragraphs=[], head=head, site_title=site_title)
    first = body.index(True)
    last = len(body) - 1 - body[::-1].index(True)
    title_candidates = lines[:first]
    kept: list[str] = []
    run: list[str] = []
    for line, is_body in zip(lines[first:last + 1], body[first:last + 1]):
        if is_body:
            if len(run) < MENU_RUN:
                kept.extend(run)
            run = []
            kept.append(line)
        else:
            run.append(line)
    return Page(paragraphs=kept, head=head, title_candidates=title_candidates, site_title=site_title)


# --- HTML -----------------------------------------------------------------------------------------------------------

_NEVER_TEXT = re.compile(r"<(script|style|iframe|noscript|template|svg|object)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BLOCK_TAG = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|/tr|/section|/article|/blockquote)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


@dataclass
class HtmlText:
    text: str
    title: str | None = None
    date: str | None = None  # ISO date from the page's metadata, when trafilatura found one


def strip_tags(markup: str) -> str:
    """Plain text of markup with script, style and iframe content removed (the fallback when trafilatura
    finds no main content)."""
    markup = _COMMENT.sub(" ", _NEVER_TEXT.sub(" ", markup))
    markup = _BLOCK_TAG.sub("\n", markup)
    return html.unescape(_TAG.sub(" ", markup))


def html_to_text(markup: str) -> HtmlText:
    """Main content, title and date of an HTML page. Never raises."""
    document = None
    try:
        document = _trafilatura().bare_extraction(
            markup, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True,
            deduplicate=False,
        )
    except Exception:  # noqa: BLE001 - trafilatura raises assorted parser errors on broken markup
        document = None
    text = getattr(document, "text", None) if document is not None else None
    title = getattr(document, "title", None) if document is not None else None
    date = getattr(document, "date", None) if document is not None else None
    if not text or not text.strip():
        text = strip_tags(markup)
    else:
        text = _NEVER_TEXT.sub(" ", text)  # trafilatura drops them; this guards against escaped markup in text
    return HtmlText(text=normalise(text), title=title, date=date)


@lru_cache(maxsize=1)
def _trafilatura():
    import logging

    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)  # it logs every page it finds too short
    return trafilatura
