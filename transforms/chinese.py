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
def _traditional_tables() -> tuple[dict, dict, dict]:
    """(fold table, delete-Traditional table, delete-Simplified table) from ``traditional_chinese.json``."""
    data = json.loads((paths.LEXICON_DIR / "traditional_chinese.json").read_text(encoding="utf-8"))
    traditional, simplified = data["traditional"], data["simplified"]
    return (str.maketrans(traditional, simplified), dict.fromkeys(map(ord, traditional)),
            dict.fromkeys(map(ord, set(simplified))))


def simplified_chinese(text: str) -> str:
    """``text`` with Traditional Chinese characters folded to Simplified, same length, when it is written in Traditional.

    A text counts as Traditional when it holds more Traditional-only characters than Simplified-only ones, so a
    Simplified page quoting one Traditional name stays as it is (貿易 is 贸易, 電訊 is 电讯); a text with no Han
    character is returned at once.
    """
    if not text or _HAN.search(text) is None:
        return text
    fold, drop_traditional, drop_simplified = _traditional_tables()
    traditional = len(text) - len(text.translate(drop_traditional))
    if traditional == 0 or traditional <= len(text) - len(text.translate(drop_simplified)):
        return text
    return text.translate(fold)
