"""Chinese script helpers shared by the extractors (pure; the character tables load once).

Word lists are written once, in Simplified characters; a Traditional page (Hong Kong, Macao, Taiwan outlets) is
matched through its Simplified twin, which has the same length, so spans found in the twin are spans of the page.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from . import paths

_HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _traditional_tables() -> tuple[dict, re.Pattern, re.Pattern]:
    """(fold table, one Traditional-only character, one Simplified-only character) from ``traditional_chinese.json``.

    Characters are counted with a one-class regex: ``str.translate`` with a deletion table looks every character of
    the page up in a dict, ten times slower on a Chinese page, and most pages hold no Traditional character at all,
    which one search tells."""
    data = json.loads((paths.LEXICON_DIR / "traditional_chinese.json").read_text(encoding="utf-8"))
    traditional, simplified = data["traditional"], data["simplified"]

    def one_of(chars: str) -> re.Pattern:
        return re.compile("[" + "".join(map(re.escape, sorted(set(chars)))) + "]")

    return str.maketrans(traditional, simplified), one_of(traditional), one_of(simplified)


def simplified_chinese(text: str) -> str:
    """``text`` with Traditional Chinese characters folded to Simplified, same length, when it is written in Traditional.

    A text counts as Traditional when it holds more Traditional-only characters than Simplified-only ones, so a
    Simplified page quoting one Traditional name stays as it is (貿易 is 贸易, 電訊 is 电讯); a text with no Han
    character (in U+4E00..U+9FFF) is returned at once.
    """
    if not text or text.isascii():
        return text
    fold, traditional_char, simplified_char = _traditional_tables()
    if _HAN.search(text) is None or traditional_char.search(text) is None:
        return text  # no Traditional-only character: nothing to fold
    traditional = len(traditional_char.findall(text))
    if traditional <= len(simplified_char.findall(text)):
        return text
    return text.translate(fold)
