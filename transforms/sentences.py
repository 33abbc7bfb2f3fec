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
_LOOKBACK = 40  # characters; longer than any abbreviation
# the run of word characters, dots and degree signs ending at a full stop, read forwards in the reversed text:
# (a regex cannot look back over a run of any length; ``\w`` is ``str.isalnum`` or ``_``)
_WORD_RUN_REVERSED = re.compile(rf"[\w.º°]{{0,{_LOOKBACK}}}")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    data = json.loads((paths.LEXICON_DIR / "abbreviations.json").read_text(encoding="utf-8"))
    return frozenset(word for key, words in data.items() if not key.startswith("_") for word in words)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed, in order; together they cover every non-blank char."""
    spans: list[tuple[int, int]] = []
    start = 0
    abbreviations = _abbreviations()
    reversed_text = None  # made at the first full stop; most boundaries of a page are full stops
    size = len(text)
    for match in _BOUNDARY.finditer(text):
        stop = match.start()
        if text[stop] == ".":
            # only the few characters before the stop matter (at most _LOOKBACK): searching from 0 made long texts
            # quadratic, and walking back a character at a time in Python cost more than the regex in the reversed text
            if reversed_text is None:
                reversed_text = text[::-1]
            back = size - stop
            begin = stop - (_WORD_RUN_REVERSED.match(reversed_text, back).end() - back)
            if begin < stop:
                token = text[begin:stop].lower().rstrip(".")
                # a single capital letter is an initial ("J. Smith"), not a sentence end; nor is a one- or
                # two-digit number, which is a German ordinal date ("am 4. Juni") far more often than an ending
                if (token in abbreviations or (len(token) == 1 and token.isalpha())
                        or (len(token) <= 2 and token.isdigit())):
                    continue
        end = match.end()
        chunk = text[start:end]  # _add, written out: it runs once per sentence
        kept = chunk.strip()
        if kept:
            start += len(chunk) - len(chunk.lstrip())
            spans.append((start, start + len(kept)))
        start = end
    _add(text, start, size, spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """text[start:end] without its leading and trailing white space (str.strip's, which is what \\s matches),
    when anything is left."""
    chunk = text[start:end]
    kept = chunk.strip()
    if kept:
        start += len(chunk) - len(chunk.lstrip())
        spans.append((start, start + len(kept)))


def split_sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]
