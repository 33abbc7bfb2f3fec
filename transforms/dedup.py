"""Exact duplicate detection (near-duplicates with MinHash land with the reading work)."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Article


@dataclass(frozen=True, slots=True)
class Verdict:
    kept_id: str
    reason: str


class Deduper:
    def __init__(self) -> None:
        self._seen: dict[str, str] = {}

    def check(self, article: Article) -> Verdict | None:
        kept = self._seen.get(article.article_id)
        if kept is not None:
            return Verdict(kept, f"same text as {kept}")
        self._seen[article.article_id] = article.article_id
        return None
