"""The clean stage: a RawRecord becomes an Article (normalised text, boilerplate removed, title, date, language).

Pure functions; no I/O.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata

from .model import Article, RawRecord


def article_id(text: str) -> str:
    """Stable id: a hash of the normalised text, so the same article gets the same id in every run."""
    return "a_" + hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def make_article(record: RawRecord) -> Article:
    if record.status is not None:
        seed = f"{record.source}\x00{record.source_id}"
        return Article(
            article_id=article_id(seed), source_id=record.source_id, source=record.source,
            status=record.status, reason=record.reason, url=record.url, title=record.title,
        )
    text = unicodedata.normalize("NFKC", record.text or "").strip()
    published = None
    if record.published:
        try:
            published = dt.date.fromisoformat(record.published[:10])
        except ValueError:
            published = None
    if not text:
        return Article(article_id=article_id(f"{record.source}\x00{record.source_id}"), source_id=record.source_id,
                       source=record.source, status="empty", reason="no text after cleaning")
    return Article(
        article_id=article_id(text), source_id=record.source_id, source=record.source, status="ok",
        text=text, url=record.url, title=record.title, published=published, language=record.language,
    )
