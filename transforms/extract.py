"""The extract stage: one article's text to its events, partners, amounts and sectors (pure).

(First cut: finds nothing; the extractors land with the extraction work.)
"""

from __future__ import annotations

import datetime as dt

from .model import ArticleFacts


def extract_article(text: str, *, published: dt.date | None = None, language: str | None = None,
                    title: str | None = None) -> ArticleFacts:
    return ArticleFacts(on_topic=False, reason="no economic event found")
