"""Sentence splitting for every script we read: Latin and Cyrillic full stops, CJK 。！？, and line breaks.

Returns character spans into the text so that every extracted fact can point back at its evidence sentence.
Abbreviations that end in a full stop (Co., Ltd., г., Mio.) come from data/lexicons/abbreviations.json.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from . import paths

# a terminator: CJK stops end a sentence outright; Latin/Cyrillic ones only before a space and a capital,
# a digit, a quote or an opening bracket (so "1.5", "e.g. the" and "U.S. firms" stay whole).
# The pattern opens with the one class of every terminator, and each branch then checks (looking back) which one
# it was: a pattern that opens with a class lets the regex engine skip to the next candidate character in C,
# where branches that each open with their own class are tried at every position (twice as slow on our pages).
_BOUNDARY = re.compile(
    r"""[。！？!?.\n]"""
    r"""(?:(?<=[。！？!?])[”"'」』）)]*"""  # CJK or exclamation/question marks, with closing quotes
    r"""|(?<=\.)[”"'»」)]*(?=\s+[\"“«(\[]?[A-ZÀ-ÖØ-ÞА-ЯЁ0-9\u0600-\u06FF])"""  # full stop before a capital/digit
    r"""|(?<=\n)\s*\n|(?<=\n))""",  # paragraph and line breaks
)
_LEADING_SPACE = re.compile(r"\s*")
_LOOKBACK = 40  # characters; longer than any abbreviation


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    data = json.loads((paths.LEXICON_DIR / "abbreviations.json").read_text(encoding="utf-8"))
    return frozenset(word for key, words in data.items() if not key.startswith("_") for word in words)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed, in order; together they cover every non-blank char."""
    spans: list[tuple[int, int]] = []
    start = 0
    abbreviations = _abbreviations()
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if text[match.start()] == ".":
            # only the few characters before the stop matter; searching from 0 made long texts quadratic
            stop = match.start()
            begin = _word_start(text, stop)
            if begin < stop:
                token = text[begin:stop].lower().rstrip(".")
                # a single capital letter is an initial ("J. Smith"), not a sentence end; nor is a one- or
                # two-digit number, which is a German ordinal date ("am 4. Juni") far more often than an ending
                if (token in abbreviations or (len(token) == 1 and token.isalpha())
                        or (len(token) <= 2 and token.isdigit())):
                    continue
        _add(text, start, end, spans)
        start = end
    _add(text, start, len(text), spans)
    return spans


def _word_start(text: str, stop: int) -> int:
    """Where the run of word characters, dots and degree signs ending at ``stop`` begins (at most _LOOKBACK back;
    ``stop`` when there is none): what a search for ``[\\w.º°]+$`` found, walked backwards instead (``\\w`` is isalnum or ``_``)."""
    limit = max(0, stop - _LOOKBACK)
    begin = stop
    while begin > limit:
        ch = text[begin - 1]
        if not (ch.isalnum() or ch in "_.º°"):
            break
        begin -= 1
    return begin


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    start = _LEADING_SPACE.match(text, start, end).end()  # \s is str.isspace
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def split_sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]
