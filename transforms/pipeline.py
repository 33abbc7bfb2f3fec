"""The build: read -> clean -> deduplicate -> extract -> resolve -> assemble -> write.

Incremental: extraction results are cached per article (keyed by ``article_id``, which hashes the cleaned text)
together with a fingerprint of the code and language data that produced them, so a re-run only extracts articles
it has not seen; a change to the extractors or lexicons invalidates the cache as a whole.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyarrow as pa

from . import articles as clean
from . import assemble, dedup, extract, io, paths, resolve, schema
from .model import Article, ArticleFacts, RawRecord, facts_from_dict, facts_to_dict

CHUNK = 64  # articles per task sent to a worker process


@dataclass
class BuildSummary:
    out_dir: Path
    status_counts: Counter = field(default_factory=Counter)
    n_extracted: int = 0
    n_cached: int = 0
    n_events: int = 0
    seconds: float = 0.0

    @property
    def n_records(self) -> int:
        return sum(self.status_counts.values())

    def line(self) -> str:
        parts = [f"{self.status_counts[s]:,} {s}" for s in schema.ARTICLE_STATUSES if self.status_counts[s]]
        return f"{self.n_records:,} records: " + (", ".join(parts) if parts else "none")


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A hash of everything extraction depends on: the transforms code and the language and reference data."""
    digest = hashlib.blake2b(digest_size=12)
    files = sorted(Path(paths.REPO_ROOT / "transforms").glob("*.py"))
    for folder in (paths.LEXICON_DIR, paths.REFERENCE_DIR):
        if folder.exists():
            files += sorted(p for p in folder.rglob("*") if p.is_file())
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


_RECORD_STRINGS = ("source_id", "source", "text", "title", "url", "published", "language", "reason", "encoding")


def _utf8_only(record: RawRecord) -> RawRecord:
    """The record with every string made writable as UTF-8 (Parquet's only text encoding).

    Fix (issue 8, hostile input): a file name that is not valid UTF-8 (Python hands it over with surrogate escapes)
    or a JSON "\\ud800" escape (a lone surrogate) used to crash the whole build in pyarrow when the articles table
    was made. Escaped bytes of a file name come back as ``\\xff``, as ``ls -b`` shows them; any other lone
    surrogate becomes U+FFFD. Checked with one ``isascii``/``encode`` per field, so clean records cost next to nothing.
    """
    for name in _RECORD_STRINGS:
        value = getattr(record, name)
        if value is None or value.isascii():
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            setattr(record, name, _repair(value))
    return record


def _repair(value: str) -> str:
    try:  # surrogate escapes of undecodable bytes (os.fsdecode): show the bytes
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # other lone surrogates (a JSON "\\udXXX" escape): the replacement character
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in value)


def _unused(article_id: str, used: set[str]) -> str:
    """``article_id``, or when a row already has it, the first free id derived from it (same order, same id).

    Fix (issue 8, properties): rows that are not articles are named by their file and record id, and rows of
    duplicates by the kept copy and their record id, so two records with the same ``id`` in one file (two empty
    ones, or three copies of one text) gave two rows one article_id. An ok article's id is its text's hash and
    never needs this: a second copy of the text is a duplicate.
    """
    n = 1
    candidate = article_id
    while candidate in used:
        n += 1
        candidate = clean.article_id(f"{article_id}\x00{n}")
    return candidate


def _extract(article: Article) -> dict:
    facts = extract.extract_article(article.text, published=article.published, language=article.language,
                                    title=article.title)
    return facts_to_dict(facts)


def _extract_many(batch: list[Article]) -> list[dict]:
    return [_extract(a) for a in batch]


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _load_cache(out_dir: Path) -> dict[str, dict]:
    table = io.read_facts_cache(out_dir)
    if table is None or "fingerprint" not in table.column_names:
        return {}
    version = fingerprint()
    rows = table.to_pylist()
    return {r["article_id"]: json.loads(r["facts"]) for r in rows if r["fingerprint"] == version}


def _cache_table(facts: dict[str, dict]) -> pa.Table:
    version = fingerprint()
    ids = sorted(facts)
    return pa.table({
        "article_id": ids,
        "fingerprint": [version] * len(ids),
        "facts": [json.dumps(facts[i], ensure_ascii=False) for i in ids],
    })


def build(
    inputs: list[Path],
    out_dir: Path,
    *,
    workers: int = 1,
    online_geocoding: bool = False,
    geocoder_user_agent: str | None = None,
    quiet: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> BuildSummary:
    """Build every table from ``inputs`` into ``out_dir``; returns what happened to the records.

    Raises io.OutputBusy when another build is writing ``out_dir`` (issue 8: the lock is held for the whole build).
    """
    with io.writing(out_dir):
        return _build(inputs, out_dir, workers=workers, online_geocoding=online_geocoding,
                      geocoder_user_agent=geocoder_user_agent, quiet=quiet, progress=progress)


def _build(
    inputs: list[Path],
    out_dir: Path,
    *,
    workers: int,
    online_geocoding: bool,
    geocoder_user_agent: str | None,
    quiet: bool,
    progress: Callable[[int, int], None] | None,
) -> BuildSummary:
    started = time.perf_counter()
    summary = BuildSummary(out_dir=Path(out_dir))
    bar = _progress_bar(quiet)

    # read + clean + deduplicate, streaming in input order
    articles: list[Article] = []
    deduper = dedup.Deduper()
    duplicates_of: dict[str, list[str]] = {}
    used_ids: set[str] = set()
    for record in io.iter_records(inputs):
        article = clean.make_article(_utf8_only(record))
        if article.status == "ok":
            verdict = deduper.check(article)
            if verdict is not None:
                article.status, article.duplicate_of, article.reason = "duplicate", verdict.kept_id, verdict.reason
                # a duplicate row needs an id of its own: its text may be identical to the kept copy's
                article.article_id = clean.article_id(f"{article.article_id}\x00{article.source_id}")
                article.article_id = _unused(article.article_id, used_ids)
                duplicates_of.setdefault(verdict.kept_id, []).append(article.article_id)
        elif article.status != "ok":
            article.article_id = _unused(article.article_id, used_ids)
        used_ids.add(article.article_id)
        articles.append(article)
        bar.update(1)
    bar.close()

    # extract, reusing cached results for articles seen before
    cache = _load_cache(out_dir)
    todo = [a for a in articles if a.status == "ok" and a.article_id not in cache]
    facts_dicts: dict[str, dict] = {a.article_id: cache[a.article_id] for a in articles
                                     if a.status == "ok" and a.article_id in cache}
    summary.n_cached = len(facts_dicts)
    done = 0
    if workers > 1 and len(todo) > CHUNK:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for batch, results in zip(_chunks(todo, CHUNK), pool.map(_extract_many, _chunks(todo, CHUNK))):
                for article, result in zip(batch, results):
                    facts_dicts[article.article_id] = result
                done += len(batch)
                if progress:
                    progress(done, len(todo))
    else:
        for article in todo:
            facts_dicts[article.article_id] = _extract(article)
            done += 1
            if progress and done % CHUNK == 0:
                progress(done, len(todo))
    summary.n_extracted = len(todo)

    # resolve places and currencies, and mark articles with no economic event
    resolver = resolve.Resolver(online_geocoding=online_geocoding, user_agent=geocoder_user_agent, cache_dir=out_dir)
    facts: dict[str, ArticleFacts] = {}
    for article in articles:
        if article.status != "ok":
            continue
        article_facts = facts_from_dict(facts_dicts[article.article_id])
        if not article_facts.on_topic:
            article.status = "off_topic"
            article.reason = article_facts.reason or "no economic event found"
            continue
        facts[article.article_id] = resolver.resolve(article_facts, article.published)
    resolver.close()

    tables = assemble.assemble_tables(articles, facts, duplicates_of)
    io.write_tables(out_dir, tables, facts_cache=_cache_table(facts_dicts),
                    inputs=[str(Path(p).resolve()) for p in inputs])
    summary.status_counts = Counter(a.status for a in articles)
    summary.n_events = tables["events"].num_rows
    summary.seconds = time.perf_counter() - started
    return summary


def _progress_bar(quiet: bool):
    from tqdm import tqdm

    # shown on stderr only for a person watching a long run
    return tqdm(desc="reading", unit=" records", disable=quiet or not sys.stderr.isatty(), mininterval=0.5,
                file=sys.stderr)
