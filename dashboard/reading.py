"""An article's text as safe Markdown with each extracted fact highlighted.

Article text is untrusted. Every ASCII punctuation character is backslash-escaped (CommonMark lets any of them be
escaped), so the text cannot make links, images, HTML, LaTeX (``$``), emphasis or Streamlit directives; the only
markup in the output is the highlight syntax we add: ``:blue-background[...]``. Streamlit shows HTML tags in
Markdown as text unless ``unsafe_allow_html`` is set, which the dashboard never does for data. Escaping does not
stop GitHub-flavoured autolinks (``http://…``, ``www.…``, ``name@host``), so a zero-width space goes into each
of those patterns: the text reads the same but no link is made.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_CHARS = 20_000  # of article text shown at once; a longer article is shown around its first fact
MAX_HITS = 50  # occurrences of one fact highlighted (a common word would otherwise paint the whole text)

# fact kind -> (colour of the highlight, what it is, priority when highlights overlap: higher wins)
KINDS = {
    "event": ("blue", "event sentence", 1),
    "sector": ("violet", "sector cue", 2),
    "partner": ("orange", "partner", 3),
    "amount": ("green", "amount", 4),
}

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)(?=\w)", re.IGNORECASE)  # where links would start
ZWSP = "\u200b"


def escape(text: str) -> str:
    """Text that Markdown shows literally (and that makes no link)."""
    text = _AUTOLINK.sub(ZWSP, _CONTROL.sub(" ", text))
    return _PUNCTUATION.sub(r"\\\1", text)


def window(text: str, needles: Iterable[str], size: int = MAX_CHARS) -> tuple[str, int]:
    """At most ``size`` characters of ``text``, starting a little before the first needle found; returns the
    excerpt and its offset in ``text``."""
    if len(text) <= size:
        return text, 0
    positions = [text.find(n) for n in needles if n]
    positions = [p for p in positions if p >= 0]
    start = max(0, min(positions) - 1000) if positions else 0
    start = min(start, len(text) - size)
    return text[start:start + size], start


def spans(text: str, facts: Iterable[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every occurrence of each fact's text; ``facts`` are (needle, kind) pairs."""
    found = []
    for needle, kind in facts:
        needle = (needle or "").strip()
        if len(needle) < 2 or kind not in KINDS:
            continue
        start = text.find(needle)
        hits = 0
        while start >= 0 and hits < MAX_HITS:
            found.append((start, start + len(needle), kind))
            hits += 1
            start = text.find(needle, start + len(needle))
    return found


def highlight(text: str, facts: Iterable[tuple[str, str]]) -> str:
    """``text`` as escaped Markdown, one paragraph per line, with the facts highlighted by kind."""
    kinds = [None] * len(text)
    for start, end, kind in sorted(spans(text, facts), key=lambda s: KINDS[s[2]][2]):
        kinds[start:end] = [kind] * (end - start)  # higher priority painted last, so it wins
    paragraphs = []
    position = 0
    for line in text.split("\n"):
        parts = []
        run_start = 0
        for i in range(1, len(line) + 1):
            if i == len(line) or kinds[position + i] != kinds[position + run_start]:
                chunk = line[run_start:i]
                kind = kinds[position + run_start]
                if kind and chunk.strip():
                    parts.append(f":{KINDS[kind][0]}-background[{escape(chunk)}]")
                else:
                    parts.append(escape(chunk))
                run_start = i
        position += len(line) + 1
        paragraph = "".join(parts).strip()
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def legend() -> str:
    return " ".join(f":{colour}-background[{escape(name)}]" for colour, name, _ in KINDS.values())
