"""Turning one input file's bytes into records: one per plain file, many per JSON/JSONL/CSV file or zip archive.

Pure functions of (bytes, name, limits); ``io`` does the walking. Every failure becomes a record with a status and
a reason; nothing raises to the caller.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .model import RawRecord

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
RECORD_SUFFIXES = {".json", ".jsonl", ".csv", ".tsv"}
TEXT_FIELDS = ("text", "content", "body")


@dataclass(frozen=True, slots=True)
class Limits:
    max_record_bytes: int = 20 * 1024 * 1024  # a record larger than this is `too_large`


def read_path(path: Path, rel: str, limits: Limits) -> Iterator[RawRecord]:
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield RawRecord(source_id=rel, source=str(path), status="unreadable", reason=f"cannot read file: {exc.strerror}")
        return
    if suffix == ".jsonl":
        yield from _jsonl(data, rel, str(path))
        return
    text = data.decode("utf-8", errors="replace")
    if not text.strip():
        yield RawRecord(source_id=rel, source=str(path), status="empty", reason="the file holds no text")
        return
    yield RawRecord(source_id=rel, source=str(path), text=text, is_html=suffix in HTML_SUFFIXES)


def _jsonl(data: bytes, rel: str, source: str) -> Iterator[RawRecord]:
    for n, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        text = next((record[k] for k in TEXT_FIELDS if record.get(k)), None)
        yield RawRecord(
            source_id=str(record.get("id") or f"{rel}#{n}"),
            source=source,
            text=text,
            title=record.get("title"),
            url=record.get("url"),
            published=record.get("published"),
            language=record.get("language"),
        )
