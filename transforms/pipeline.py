"""The build: read -> clean -> deduplicate -> extract -> resolve -> assemble -> write.

Streaming (issue 7): records flow through in batches of ``BATCH`` in input order. Cleaning (with the
deduplicator's per-text work, :func:`dedup.prepare`) and extraction run in worker processes (``workers > 1``) or on
a Dask cluster (:mod:`transforms.engines`); deduplication, which depends on every earlier article, runs here, in
order, on the prepared signatures. A batch's ``articles`` rows are written as soon as its statuses are known, and the
event tables are written in pieces at the end, so memory holds one batch of texts plus the extracted facts of the
on-topic articles (which cross-article merging needs), never the whole corpus.

Incremental: the build keeps a record cache (``_records.parquet`` beside the tables): for every record, the file it
came from with that file's stamp (size, modification time, inode), its cleaned fields, its deduplication key and
signature, and its extraction result. A re-run does not read or clean a file whose stamp it has seen, and does not
extract an article it has extracted before (a changed file's unchanged records keep their results too). The cache is
valid only for the code and data that wrote it (:func:`fingerprint`): a change to any of them rebuilds everything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import sys
import time
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa

from . import articles as clean
from . import assemble, dedup, engines, extract, geocode, incremental, io, paths, resolve, schema
from .model import Article, ArticleFacts, RawRecord, facts_from_json, facts_json_topic, facts_to_json

CHUNK = 64  # records or articles per task sent to a worker
BATCH = 1024  # records deduplicated, extracted and written together
LOOKAHEAD = 4 * BATCH  # records being cleaned ahead of the batch in hand (bounds memory with workers)
TASK_BYTES = 1 << 20  # input bytes read by one Dask task (a big file is a task of its own)
EVENT_ROWS = 4096  # events assembled before their rows are written (~20 MB of row tuples)


@dataclass
class BuildSummary:
    out_dir: Path
    status_counts: Counter = field(default_factory=Counter)
    n_extracted: int = 0
    n_cached: int = 0
    n_events: int = 0
    n_files_read: int = 0  # input files read and cleaned (the others came from the record cache)
    n_files_cached: int = 0
    appended: bool = False  # True when the new files were spliced into the previous tables (incremental)
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)

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


# --- the per-record work, run in worker processes or on a cluster (pure functions of their arguments) -----------


@dataclass(slots=True)
class Cleaned:
    """A record after the clean stage: one row of the record cache."""

    file: str  # io.InputFile.key of the file it came from
    stamp: str | None  # that file's stamp when it was read (None: not cacheable)
    article: Article
    exact_key: bytes | None = None  # dedup.prepare, for ok articles
    signature: bytes | None = None
    facts: str | None = None  # the extraction result (model.facts_to_json), once known
    row: Article | None = None  # the articles row, when it differs from the cleaned record (not cached)


def clean_records(records: list[tuple[str, str | None, RawRecord]]) -> tuple[list[Cleaned], dict[str, float]]:
    """Clean (file key, file stamp, record) items and prepare their deduplication; returns them and the seconds
    spent per stage."""
    started = _cpu()
    articles = clean.make_articles([_utf8_only(record) for _, _, record in records])  # languages in one pass
    out = [Cleaned(file, stamp, article) for (file, stamp, _), article in zip(records, articles)]
    t_clean = _cpu() - started
    started = _cpu()
    ok = [item for item in out if item.article.status == "ok"]
    for item, prepared in zip(ok, dedup.prepare_many([i.article.text for i in ok])):  # numpy work once a chunk
        item.exact_key, item.signature = prepared
    return out, {"clean": t_clean, "dedup_prepare": _cpu() - started}


def read_and_clean(entries: list[io.InputFile]) -> tuple[list[Cleaned], dict[str, float]]:
    """Read input files and clean their records (the Dask engine's task: the reading happens on the worker)."""
    started = _cpu()
    records = [(entry.key, entry.stamp, record) for entry in entries for record in entry.records()]
    seconds = {"read": _cpu() - started}
    cleaned, more = clean_records(records)
    return cleaned, seconds | more


@lru_cache(maxsize=1)
def _offline_resolver() -> resolve.Resolver:
    return resolve.Resolver(online_geocoding=False)


def extract_texts(items: list[tuple[str, object, str | None, str | None]]) -> tuple[list[str], dict[str, float]]:
    """Extraction results (JSON) for (text, published, language, title) items, resolved offline (yuan, places
    from the gazetteer): resolving is idempotent, so a build that geocodes online resolves them again."""
    t_extract = t_resolve = 0.0
    out = []
    for text, published, language, title in items:
        started = _cpu()
        facts = extract.extract_article(text, published=published, language=language, title=title)
        t_extract += _cpu() - started
        started = _cpu()
        if facts.on_topic:
            facts = _offline_resolver().resolve(facts, published)
        out.append(facts_to_json(facts))
        t_resolve += _cpu() - started
    return out, {"extract": t_extract, "resolve": t_resolve}


class KeptArticle:
    """An on-topic article as merging reads it (``assemble.merge_events``: id, status, publication day): merging
    holds one per on-topic article of the build, and an Article (eleven fields and a ``__dict__``) took ~128 bytes
    where this takes 48 (issue 7: ~80 MB less at a million on-topic articles, at the build's peak)."""

    __slots__ = ("article_id", "published")
    status = "ok"
    text = ""

    def __init__(self, article_id: str, published: dt.date | None) -> None:
        self.article_id, self.published = article_id, published

    def __repr__(self) -> str:
        return f"KeptArticle({self.article_id!r}, {self.published!r})"


class FactsStore(Mapping):
    """article id -> resolved ArticleFacts, kept as JSON in an io.SpillFile and parsed when asked for (with the first
    ``PINNED`` and a few recent ones kept parsed): merging reads each article once in publication order and the rows
    read them again, so the build's memory holds no facts (issue 7: they were ~8 KB an on-topic article, 8 GB at a
    million).

    It also stands for the on-topic articles themselves, in the order they were added (:meth:`articles`): of each
    it keeps only the id (the key) and the publication day (4 bytes), not an Article (152 bytes with its date)."""

    RECENT = 1024
    # The first articles parsed stay parsed (~8.8 KB each on ../shared: 36 MB at most): the rows read the articles
    # again in about the order merging read them, so a cache of the most recent ones (above) held the last articles
    # merging read when the rows wanted the first, and every article was parsed twice (~55 us each: a tenth of the
    # merge and assemble stages). Kept, the first PINNED are parsed once; beyond them, as before.
    PINNED = 4096

    def __init__(self) -> None:
        self._spill = io.SpillFile()
        # offset << 32 | length in the spill file: one int, not a tuple of two (~90 bytes less an article)
        self._where: dict[str, int] = {}
        self._days = array("i")  # publication day (date.toordinal(), 0: none) of each article, in order of adding
        self._recent: dict[str, ArticleFacts] = {}
        self._pinned: dict[str, ArticleFacts] = {}

    def add(self, article: Article, facts_json: str) -> None:
        """Keep an on-topic article (its id and publication day) and its facts."""
        if article.article_id in self._where:
            raise ValueError(f"{article.article_id} is kept already")
        offset, length = self._spill.add(facts_json.encode("utf-8"))
        if length >> 32:
            raise ValueError(f"facts of {article.article_id} are too large to keep ({length:,} bytes)")
        self._where[article.article_id] = offset << 32 | length
        self._days.append(article.published.toordinal() if article.published else 0)

    def articles(self) -> Iterator[KeptArticle]:
        """The kept articles in the order they were added, as merging reads them: id, status ok and publication
        day (one date object a day)."""
        dates: dict[int, dt.date] = {}
        for article_id, day in zip(self._where, self._days):
            published = (dates.get(day) or dates.setdefault(day, dt.date.fromordinal(day))) if day else None
            yield KeptArticle(article_id, published)

    def __getitem__(self, article_id: str) -> ArticleFacts:
        facts = self._pinned.get(article_id)
        if facts is None:
            facts = self._recent.get(article_id)
        if facts is None:
            where = self._where[article_id]
            facts = facts_from_json(self._spill.get((where >> 32, where & 0xFFFFFFFF)))  # bytes: no decoded copy
            if len(self._pinned) < self.PINNED:
                self._pinned[article_id] = facts
                return facts
            if len(self._recent) >= self.RECENT:
                del self._recent[next(iter(self._recent))]
            self._recent[article_id] = facts
        return facts

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._where

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def close(self) -> None:
        self._spill.close()


def sort_topic(item: Cleaned) -> bool:
    """Whether an ok record's extraction result (``item.facts``) is on topic; when it is not, its row becomes an
    off_topic row saying why."""
    on_topic, reason = facts_json_topic(item.facts)
    if not on_topic:
        item.row = dataclasses.replace(item.row, status="off_topic", reason=reason or "no economic event found")
    return on_topic


class Verdicts:
    """Deduplication of records in input order: each record's row (as cleaned, or a duplicate row of its own id)
    and, for every kept article, the ids of its duplicates. The full build and a splice (transforms.incremental)
    deduplicate with one of these each."""

    def __init__(self) -> None:
        self.deduper = dedup.Deduper()
        self.duplicates_of: dict[str, list[str]] = {}
        self.used_ids: set[str] = set()

    def apply(self, batch: list[Cleaned]) -> None:
        """Set ``item.row`` of every record of ``batch``."""
        prepared = [(i.article.article_id, i.exact_key, i.signature) for i in batch if i.article.status == "ok"]
        verdicts = iter(self.deduper.check_many(prepared))
        for item in batch:
            self._one(item, next(verdicts) if item.article.status == "ok" else None)

    def _one(self, item: Cleaned, verdict: dedup.Verdict | None) -> None:
        """The record as cleaned, or (a copy: the cache keeps what cleaning gave) a duplicate."""
        article = item.row = item.article
        if article.status == "ok":
            if verdict is not None:
                # a duplicate row needs an id of its own: its text may be identical to the kept copy's
                own_id = _unused(clean.article_id(f"{article.article_id}\x00{article.source_id}"), self.used_ids)
                article = item.row = dataclasses.replace(article, article_id=own_id, status="duplicate",
                                                         duplicate_of=verdict.kept_id, reason=verdict.reason)
                self.duplicates_of.setdefault(verdict.kept_id, []).append(own_id)
        else:
            own_id = _unused(article.article_id, self.used_ids)
            if own_id != article.article_id:
                article = item.row = dataclasses.replace(article, article_id=own_id)
        self.used_ids.add(article.article_id)

    def done(self) -> None:
        """Every record is in: forget what only later records needed (the deduplicator's ~1 KB a kept article and
        the ids), before events are merged (issue 7: the build's peak memory)."""
        self.deduper = None
        self.used_ids = set()


# --- the record cache ---------------------------------------------------------------------------------------------

RECORD_CACHE_SCHEMA = pa.schema([
    ("file", pa.binary()), ("stamp", pa.string()),  # file: the key's bytes (names need not be UTF-8)
    ("article_id", pa.string()), ("source_id", pa.string()), ("source", pa.string()), ("status", pa.string()),
    ("text", pa.string()), ("url", pa.string()), ("title", pa.string()), ("published", pa.date32()),
    ("language", pa.string()), ("reason", pa.string()),
    ("exact_key", pa.binary()), ("signature", pa.binary()), ("facts", pa.string()),
])
_ARTICLE_FIELDS = ("article_id", "source_id", "source", "status", "text", "url", "title", "published", "language",
                   "reason")


def _cache_table(items: list[Cleaned]) -> pa.Table:
    """The record cache rows of ``items``, column by column (a list comprehension a column, not 15 appends a
    record: ~23 -> ~13 us a record)."""
    articles = [item.article for item in items]
    columns = [[_key_bytes(item.file) for item in items], [item.stamp for item in items],
               *([getattr(a, name) for a in articles] for name in _ARTICLE_FIELDS),
               [item.exact_key for item in items], [item.signature for item in items], [item.facts for item in items]]
    return pa.Table.from_arrays([pa.array(column, type=f.type) for column, f in zip(columns, RECORD_CACHE_SCHEMA)],
                                schema=RECORD_CACHE_SCHEMA)


def _key_bytes(key: str) -> bytes:
    return key.encode("utf-8", "surrogateescape")


def _key_text(key: bytes) -> str:
    return key.decode("utf-8", "surrogateescape")


def _cleaned_from(table: pa.Table) -> list[Cleaned]:
    columns = {name: table.column(name).to_pylist() for name in table.column_names}
    out = []
    for i in range(table.num_rows):
        article = Article(**{name: columns[name][i] for name in _ARTICLE_FIELDS})
        article.text = article.text or ""
        out.append(Cleaned(_key_text(columns["file"][i]), columns["stamp"][i], article, columns["exact_key"][i],
                           columns["signature"][i], columns["facts"][i]))
    return out


class PreviousRecords:
    """The previous build's record cache, read front to back as the inputs come in the same order.

    ``take(entry)`` gives the cached records of an unchanged file (None when it must be read); for a file that
    changed it remembers the old records' extraction results by article id, so that the unchanged records of an
    edited file (one more line in a JSONL file) are not extracted again (:meth:`facts_for`).
    """

    def __init__(self, out_dir: Path, version: str) -> None:
        self._spans: dict[bytes, tuple[int, int, str | None]] = {}  # file key -> (first row, rows, stamp)
        self._batches: Iterator[pa.RecordBatch] = iter(())
        self._buffer: list[pa.RecordBatch] = []  # batches read but not consumed; the first starts at _row
        self._row = 0
        self._old_facts: dict[str, str] = {}
        if io.read_manifest(out_dir).get("fingerprint") != version:
            return
        columns = io.read_cache_columns(out_dir, io.RECORD_CACHE, ["file", "stamp"])
        if columns is None:
            return
        files, stamps = columns["file"].to_pylist(), columns["stamp"].to_pylist()
        start = 0
        for i in range(1, len(files) + 1):
            if i == len(files) or files[i] != files[start]:
                self._spans.setdefault(files[start], (start, i - start, stamps[start]))
                start = i
        self._batches = io.iter_cache_batches(out_dir, io.RECORD_CACHE)

    def __len__(self) -> int:
        return len(self._spans)

    def span(self, key: str) -> tuple[int, int, str | None] | None:
        """(first row, rows, stamp) of a file in the cache."""
        return self._spans.get(_key_bytes(key))

    def take(self, entry: io.InputFile) -> list[Cleaned] | None:
        span = self._spans.get(_key_bytes(entry.key))
        if span is None or span[0] < self._row:  # new, or met out of order: read it
            return None
        first, n, stamp = span
        table = self._rows(first, n)
        if table is None:
            return None
        if entry.stamp is not None and stamp == entry.stamp:
            return _cleaned_from(table)
        if len(self._old_facts) > 100_000:
            self._old_facts.clear()
        ids, facts = table.column("article_id").to_pylist(), table.column("facts").to_pylist()
        self._old_facts.update((i, f) for i, f in zip(ids, facts) if f is not None)
        return None

    def facts_for(self, article_id: str) -> str | None:
        return self._old_facts.get(article_id)

    def _rows(self, first: int, n: int) -> pa.Table | None:
        """Rows [first, first + n) of the cache; rows before ``first`` are skipped for good."""
        while True:
            buffered = sum(b.num_rows for b in self._buffer)
            if self._row + buffered >= first + n:
                break
            batch = next(self._batches, None)
            if batch is None:
                return None
            self._buffer.append(batch)
        table = pa.Table.from_batches(self._buffer, schema=self._buffer[0].schema if self._buffer else None)
        rows = table.slice(first - self._row, n)
        rest = table.slice(first - self._row + n)
        self._buffer = rest.to_batches()
        self._row = first + n
        return rows


# --- the build ------------------------------------------------------------------------------------------------------


def _cpu() -> float:
    # stages are timed in CPU seconds of the process doing the work: on a shared machine wall time also counts
    # the other jobs, and with workers the stages overlap
    return time.thread_time()


class _Stages:
    """CPU seconds per stage: measured here for the stages that run here, reported by workers for theirs
    (``wait_*``: wall seconds this process waited for workers)."""

    def __init__(self) -> None:
        self.seconds: Counter = Counter()

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        clock = time.perf_counter if name.startswith("wait_") else _cpu
        started = clock()
        try:
            yield
        finally:
            self.seconds[name] += clock() - started

    def add(self, reported: dict[str, float]) -> None:
        self.seconds.update(reported)


def build(
    inputs: list[Path],
    out_dir: Path,
    *,
    workers: int = 1,
    online_geocoding: bool = False,
    geocoder_user_agent: str | None = None,
    quiet: bool = False,
    progress: Callable[[int, int], None] | None = None,
    engine: engines.Engine | None = None,
) -> BuildSummary:
    """Build every table from ``inputs`` into ``out_dir``; returns what happened to the records.

    ``engine`` runs the per-record work (default: this process, or ``workers`` processes); see
    :mod:`transforms.engines` for a Dask cluster. Raises io.OutputBusy when another build is writing ``out_dir``
    (issue 8: the lock is held for the whole build).
    """
    out_dir = out_dir if io.is_url(out_dir) else Path(out_dir)
    with io.writing(out_dir):
        own_engine = engine is None
        engine = engine or (engines.Processes(workers) if workers > 1 else engines.Serial())
        try:
            options = dict(online_geocoding=online_geocoding, geocoder_user_agent=geocoder_user_agent, quiet=quiet,
                           progress=progress)
            build = _Build(inputs, out_dir, engine, **options)
            return build.append() or build.run()
        finally:
            if own_engine:
                engine.close()


class _Build:
    def __init__(self, inputs: list[Path], out_dir: Path, engine: engines.Engine, *, online_geocoding: bool,
                 geocoder_user_agent: str | None, quiet: bool, progress: Callable[[int, int], None] | None) -> None:
        self.inputs, self.out_dir, self.engine, self.progress = inputs, out_dir, engine, progress
        self.online_geocoding, self.geocoder_user_agent, self.quiet = online_geocoding, geocoder_user_agent, quiet
        self.summary = BuildSummary(out_dir=out_dir)
        self.stages = _Stages()
        self.verdicts = Verdicts()
        self.facts = FactsStore()  # the on-topic articles and their resolved facts, on disk until events are made
        self.n_to_extract = 0
        self.version = fingerprint()
        with self.stages("cache_load"):
            self.previous = PreviousRecords(self.out_dir, self.version)
        self.local = None if io.is_url(self.out_dir) else self.out_dir  # the geocode cache is a local file
        # facts come resolved offline (extract_texts); only online answers, new or cached, add to them
        self.resolve_here = self.online_geocoding or (self.local is not None
                                                      and (self.local / geocode.CACHE_FILE).exists())
        # the input files are listed once a build: a splice that is turned down hands its listing on
        self.listing: Iterator[io.InputFile] = engines.input_files(self.inputs, self.stages)
        self.listed: deque[io.InputFile] = deque()  # listed by the splice, not yet taken by the full build
        self.extracted: dict[str, str] = {}  # article id -> facts, of records a turned-down splice extracted

    def list_files(self) -> Iterator[io.InputFile]:
        """The input files in order, for the splice: kept, so that the full build does not list them again."""
        for entry in self.listing:
            self.listed.append(entry)
            yield entry

    def input_files(self) -> Iterator[io.InputFile]:
        """The input files in order, for the full build: those the splice listed (let go as they are taken, so
        that memory does not hold the listing of a whole archive), then the rest."""
        while self.listed:
            yield self.listed.popleft()
        yield from self.listing

    def append(self) -> BuildSummary | None:
        """The build made by splicing new files into the previous one (transforms.incremental), or None when the
        change is more than that (then :meth:`run` builds in full)."""
        if incremental.try_append(self, self.version):
            return self.summary
        self.summary, self.n_to_extract = BuildSummary(out_dir=self.out_dir), 0  # the full build counts anew
        return None

    def run(self) -> BuildSummary:
        started = time.perf_counter()
        version = self.version
        bar = _progress_bar(self.quiet)
        with io.StagedBuild(self.out_dir) as staged:
            self.articles_out = staged.open_table("articles", row_group_rows=BATCH)
            self.cache_out = staged.open_table(io.RECORD_CACHE, RECORD_CACHE_SCHEMA, row_group_rows=BATCH)
            self.resolver = resolve.Resolver(online_geocoding=self.online_geocoding,
                                             user_agent=self.geocoder_user_agent, cache_dir=self.local)
            batch: list[Cleaned] = []
            for cleaned in self._cleaned():
                batch += cleaned
                if len(batch) >= BATCH:
                    self._finish(batch)
                    bar.update(len(batch))
                    batch = []
            if batch:
                self._finish(batch)
                bar.update(len(batch))
            bar.close()
            self.resolver.close()
            self.verdicts.done()
            self.previous = self.extracted = None
            try:
                self._write_events(staged)
            finally:
                self.facts.close()
            self.summary.seconds = time.perf_counter() - started
            self.summary.stage_seconds = {k: round(v, 3) for k, v in sorted(self.stages.seconds.items())}
            with self.stages("commit"):
                staged.commit(inputs=[engines.input_name(p) for p in self.inputs], fingerprint=version,
                              stage_seconds=self.summary.stage_seconds, made_by="full build")
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    def _cleaned(self) -> Iterator[list[Cleaned]]:
        """Cleaned records in input order, from the cache or from the engine, with a bounded look-ahead."""
        pending: list = []  # futures (or ready values) in input order
        in_flight = 0
        chunk: list[tuple[str, str | None, RawRecord]] = []
        files: list[io.InputFile] = []  # files to be read by a worker (engine.reads_files)

        def submit_chunk() -> None:
            nonlocal chunk, files, in_flight
            if chunk:
                pending.append((len(chunk), self.engine.submit(clean_records, chunk)))
                in_flight += len(chunk)
                chunk = []
            if files:
                pending.append((CHUNK, self.engine.submit(read_and_clean, files)))
                in_flight += CHUNK  # a task of files counts as a chunk of records: LOOKAHEAD // CHUNK tasks at once
                files = []

        for entry in self.input_files():
            with self.stages("cache_take"):
                cached = self.previous.take(entry)
            if cached is not None:
                submit_chunk()
                pending.append((0, engines.Ready((cached, {}))))
                self.summary.n_files_cached += 1
            elif self.engine.reads_files:
                files.append(entry)  # a task reads up to CHUNK files or TASK_BYTES, whichever comes first
                if len(files) >= CHUNK or sum(f.size for f in files) >= TASK_BYTES:
                    submit_chunk()
                self.summary.n_files_read += 1
            else:
                self.summary.n_files_read += 1
                records = entry.records()
                while True:
                    with self.stages("read"):
                        record = next(records, None)
                    if record is None:
                        break
                    chunk.append((entry.key, entry.stamp, record))
                    if len(chunk) >= CHUNK:
                        submit_chunk()
                    while in_flight > LOOKAHEAD:
                        in_flight -= pending[0][0]
                        yield self._result(pending.pop(0)[1])
            while in_flight > LOOKAHEAD or (pending and pending[0][0] == 0):
                in_flight -= pending[0][0]
                yield self._result(pending.pop(0)[1])
        submit_chunk()
        for _, future in pending:
            yield self._result(future)

    def _result(self, future) -> list[Cleaned]:
        with self.stages("wait_clean"):
            cleaned, seconds = future.result()
        self.stages.add(seconds)
        return cleaned

    def _finish(self, batch: list[Cleaned]) -> None:
        """Deduplicate, extract, resolve and write one batch of cleaned records, in input order."""
        todo: list[Cleaned] = []
        with self.stages("dedup"):
            self.verdicts.apply(batch)
        for item in batch:
            if item.row.status == "ok" and item.facts is None:
                item.facts = self.previous.facts_for(item.article.article_id)
                if item.facts is None:
                    item.facts = self.extracted.pop(item.article.article_id, None)
                    if item.facts is None:
                        todo.append(item)
                    else:  # by the splice this build tried first
                        self.summary.n_extracted += 1
                else:
                    self.summary.n_cached += 1
            elif item.row.status == "ok":
                self.summary.n_cached += 1
        self._extract(todo)
        for item in batch:
            if item.row.status == "ok":
                with self.stages("facts_load"):
                    on_topic = sort_topic(item)
                if on_topic:
                    facts_json = item.facts
                    if self.resolve_here:
                        with self.stages("resolve_online"):
                            facts = self.resolver.resolve(facts_from_json(facts_json), item.row.published)
                            facts_json = facts_to_json(facts)
                    with self.stages("facts_store"):
                        self.facts.add(item.row, facts_json)
            self.summary.status_counts[item.row.status] += 1
        with self.stages("write"):
            self.articles_out.write(articles_table([i.row for i in batch]))
            self.cache_out.write(_cache_table(batch))

    def _extract(self, todo: list[Cleaned]) -> None:
        if not todo:
            return
        self.n_to_extract += len(todo)
        # a handful (a re-run's new files) is extracted here: starting worker processes costs more than it saves
        engine = engines.Serial() if len(todo) <= CHUNK and not self.engine.reads_files else self.engine
        futures = [engine.submit(extract_texts, [(i.article.text, i.article.published, i.article.language,
                                                       i.article.title) for i in todo[start:start + CHUNK]])
                   for start in range(0, len(todo), CHUNK)]
        for start, future in zip(range(0, len(todo), CHUNK), futures):
            with self.stages("wait_extract"):
                results, seconds = future.result()
            self.stages.add(seconds)
            for item, facts in zip(todo[start:start + CHUNK], results):
                item.facts = facts
            self.summary.n_extracted += len(results)
            if self.progress:
                self.progress(self.summary.n_extracted, self.n_to_extract)

    def _write_events(self, staged: io.StagedBuild) -> None:
        keys = array("Q")
        with self.stages("merge"):
            merged = assemble.merge_events(self.facts.articles(), self.facts, keys, drop_merge_state=True)
            staged.write_table(incremental.MERGE_KEYS, merge_keys_table(keys))
            del keys
        writers = {name: staged.open_table(name) for name in assemble.EVENT_TABLES}
        n = 0
        with self.stages("assemble"):
            for tables in assemble.event_tables(merged, self.facts, self.verdicts.duplicates_of, EVENT_ROWS):
                for name, table in tables.items():
                    writers[name].write(table)
                n += tables["events"].num_rows
        self.summary.n_events = n


_ARTICLE_COLUMNS = tuple(schema.TABLES["articles"].names)


def articles_table(articles: list[Article]) -> pa.Table:
    """The articles table of ``articles``: what ``schema.to_table`` makes of their ``row()`` dicts, column by column
    without a dict per row."""
    columns = [[len(a.text) for a in articles] if name == "n_chars" else [getattr(a, name) for a in articles]
               for name in _ARTICLE_COLUMNS]
    return assemble.columns_table("articles", columns)


def merge_keys_table(keys: Iterable[int]) -> pa.Table:
    # an array("Q") is read in place, not copied into a second array before the sort copies it (memory, issue 7)
    values = np.frombuffer(keys, dtype=np.uint64) if isinstance(keys, array) else np.fromiter(keys, dtype=np.uint64)
    return pa.table({"key": pa.array(np.unique(values), type=pa.uint64())})


def _progress_bar(quiet: bool):
    from tqdm import tqdm

    # shown on stderr only for a person watching a long run
    return tqdm(desc="building", unit=" records", disable=quiet or not sys.stderr.isatty(), mininterval=0.5,
                file=sys.stderr)
