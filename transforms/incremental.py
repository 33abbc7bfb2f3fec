"""Re-runs that only add articles: the new records are spliced into the previous build's tables (issue 7).

A re-run normally reads every record of the previous build back from its record cache, deduplicates, merges and
assembles again: linear in the size of the build (tens of seconds for 100,000 articles). When the only change is
new input files, and nothing new can change a verdict or an event of the old records, the new tables are the old
ones with the new rows put in their places, and they are written that way, copying old rows as Arrow batches.

What must hold (checked; otherwise the normal re-run does the work, so the tables are always a fresh build's):

* the previous build was made by the same code and data (fingerprint), offline and without a geocode cache;
* every file it read is still there, unchanged and in the same order; the other files are new;
* no new record has the text of an old one and no new text shares a deduplication band with an old one (so no
  verdict changes either way), and no new row takes an id an old row has or was derived from;
* no new event mention shares (type, partner, span of days) with an old mention, spans up to two apart
  (``assemble.merge_key``; the previous build keeps its mentions' keys), so nothing merges across old and new.

Rows go where a fresh build puts them: articles and the record cache in input order; new events after the old
events whose first source comes before theirs (by publication date, then input order), and their rows in the other
event tables after those events' rows.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import assemble, dedup, engines, io
from .model import Article

MAX_NEW_FILES = 1000  # more new files than this: the normal re-run
MERGE_KEYS = "_merge_keys"  # file (Parquet, column key uint64, sorted) of a build's assemble.merge_key values
_NO_DATE = 2**31  # after every date, as a missing publication date sorts in merge_events
_EPOCH = 719163  # date(1970, 1, 1).toordinal(): Arrow's date32 counts days from there


class NotAnAppend(Exception):
    """The change is not only new, independent articles: a normal re-run does the work."""


def try_append(build, version: str) -> bool:
    """Write the new build by splicing when the change allows it; False (and nothing written) when it does not."""
    try:
        old_keys = _old_keys(build.out_dir)
        plan = _plan(build, old_keys)
        return _Append(build, version, plan, old_keys).run()
    except NotAnAppend:
        return False


def _plan(build, old_keys: np.ndarray | None) -> list[tuple]:
    """The input files in order: ("old", first row, rows) for unchanged files, ("new", entry) for new ones."""
    previous = build.previous
    if build.resolve_here or not len(previous) or old_keys is None:
        raise NotAnAppend
    plan: list[tuple] = []
    last, n_new, n_old = -1, 0, 0
    for entry in build.list_files():  # kept by the build: a full build after a refusal does not list them again
        span = previous.span(entry.key)
        if span is None:
            n_new += 1
            if entry.stamp is None or n_new > MAX_NEW_FILES:
                raise NotAnAppend
            plan.append(("new", entry))
            continue
        first, n, stamp = span
        if entry.stamp is None or stamp != entry.stamp or first <= last:
            raise NotAnAppend
        plan.append(("old", first, n))
        last, n_old = first, n_old + 1
    if n_old != len(previous) or not n_new:  # a file was removed, or nothing is new
        raise NotAnAppend
    return plan


def _old_keys(out_dir) -> np.ndarray | None:
    """The previous build's merge keys, sorted (read once per re-run)."""
    columns = io.read_cache_columns(out_dir, f"{MERGE_KEYS}.parquet", ["key"])
    return None if columns is None else np.sort(columns["key"].to_numpy())


class _Append:
    def __init__(self, build, version: str, plan: list[tuple], old_keys: np.ndarray) -> None:
        from . import pipeline  # imported here: pipeline imports this module, and this one uses its pieces

        self.pipeline = pipeline
        self.build, self.version, self.plan, self.old_keys = build, version, plan, old_keys
        self.out_dir, self.stages, self.summary = build.out_dir, build.stages, build.summary

    def run(self) -> bool:
        started = time.perf_counter()
        with self.stages("append_read"):
            new = self._clean_new()
        with self.stages("append_checks"):
            self._check_copies(new)
            self._assign_ids(new)
        todo = [i for i in new if i.row.status == "ok" and i.facts is None]
        self.build._extract(todo)
        # should the splice be turned down now, the full build takes these results rather than extract again
        self.build.extracted = {i.article.article_id: i.facts for i in todo}
        facts = self.pipeline.FactsStore()
        try:
            for item in new:
                if item.row.status == "ok" and self.pipeline.sort_topic(item):
                    facts.add(item.row, item.facts)
            on_topic = list(facts.articles())
            with self.stages("append_merge"):
                parts = self._key_parts(on_topic, facts)
                self._check_merges(parts)
                merged = assemble.merge_events(on_topic, facts)
            with io.StagedBuild(self.out_dir) as staged:
                with self.stages("append_write"):
                    old_articles = self._write_records(staged, new)
                    self._write_events(staged, merged, facts, old_articles)
                    new_keys = np.fromiter((assemble.merge_key(*p) for p in parts), np.uint64)
                    keys = np.union1d(self.old_keys, new_keys)  # sorted and unique, as pipeline.merge_keys_table
                    staged.write_table(MERGE_KEYS, pa.table({"key": pa.array(keys, pa.uint64())}))
                self.summary.appended = True
                self.summary.seconds = time.perf_counter() - started
                self.summary.stage_seconds = {k: round(v, 3) for k, v in sorted(self.stages.seconds.items())}
                staged.commit(inputs=[engines.input_name(p) for p in self.build.inputs], fingerprint=self.version,
                              stage_seconds=self.summary.stage_seconds, made_by="new files spliced in")
        finally:
            facts.close()
        return True

    # --- the new records ------------------------------------------------------------------------------------------

    def _clean_new(self) -> list:
        items = [(entry.key, entry.stamp, record) for step in self.plan if step[0] == "new"
                 for entry in [step[1]] for record in entry.records()]
        new, seconds = self.pipeline.clean_records(items)
        self.stages.add(seconds)
        self.summary.n_files_read = sum(1 for step in self.plan if step[0] == "new")
        self.summary.n_files_cached = len(self.plan) - self.summary.n_files_read
        return new

    def _check_copies(self, new: list) -> None:
        """No verdict changes: no new text has an old one's exact key, and none is as similar as a copy
        (``dedup.NEAR_DUPLICATE_THRESHOLD``) to an old ok record it shares a band with. Kept old records could be
        copied; old copies could find a closer original. Sharing a band with less similarity changes nothing: a
        candidate below the threshold is never the verdict."""
        # exact copies are told by the digest of their words alone (a key's figures follow it)
        digests = pa.array([i.exact_key[:dedup.DIGEST_SIZE] for i in new if i.exact_key is not None], pa.binary())
        signed = [i for i in new if i.signature is not None]
        if signed:
            new_sigs = _matrix([i.signature for i in signed])
            bands = np.unique(dedup.band_keys(new_sigs).ravel())
            new_low = new_sigs.astype(np.uint32)  # the deduplicator compares the low 32 bits
        for batch in io.iter_cache_batches(self.out_dir, io.RECORD_CACHE, 8192, columns=["exact_key", "signature"]):
            old_keys = batch.column(0)
            if len(digests) and pc.any(pc.is_in(pc.binary_slice(old_keys, 0, dedup.DIGEST_SIZE),
                                                value_set=digests)).as_py():
                raise NotAnAppend
            has_signature = pc.is_valid(batch.column(1))
            old = batch.column(1).filter(has_signature)
            if not signed or not len(old):
                continue
            old_sigs = _matrix(old)
            sharing = np.isin(dedup.band_keys(old_sigs), bands).any(axis=1)
            if not sharing.any():
                continue
            old_low = old_sigs[sharing].astype(np.uint32)
            same = (old_low[:, None, :] == new_low[None, :, :]).sum(axis=2) / dedup.NUM_PERM
            if not (same >= dedup.NEAR_DUPLICATE_THRESHOLD).any():
                continue
            # as similar as a copy, but a pair that each states a figure (or names a country) the other lacks
            # reports different facts (the deduplicator keeps both): only a pair without such facts could change a
            # verdict
            near_keys = old_keys.filter(has_signature).to_pylist()
            near_rows = np.flatnonzero(sharing)
            for old_at, new_at in zip(*np.nonzero(same >= dedup.NEAR_DUPLICATE_THRESHOLD)):
                old_key, new_key = near_keys[near_rows[old_at]], signed[new_at].exact_key
                if not dedup.report_different_facts((old_key or b"")[dedup.DIGEST_SIZE:],
                                                    (new_key or b"")[dedup.DIGEST_SIZE:]):
                    raise NotAnAppend

    def _assign_ids(self, new: list) -> None:
        """Verdicts among the new records, and ids as a fresh build gives them (none an old row has or wanted)."""
        self.verdicts = self.pipeline.Verdicts()
        self.verdicts.apply(new)
        wanted = pa.array(sorted({i.row.article_id for i in new} | {i.article.article_id for i in new}), pa.string())
        for name in (io.RECORD_CACHE, "articles.parquet"):
            for batch in io.iter_cache_batches(self.out_dir, name, 65536, columns=["article_id"]):
                if pc.any(pc.is_in(batch.column(0), value_set=wanted)).as_py():
                    raise NotAnAppend

    @staticmethod
    def _key_parts(on_topic: list[Article], facts) -> list[tuple[str, str, int]]:
        parts = []
        for article in on_topic:
            for mention in facts[article.article_id].events:
                day = mention.date or article.published
                if day is not None:
                    names, _ = assemble._partner_names(mention)
                    parts += [(mention.event_type, name, assemble.mention_span(day)) for name in names]
        return parts

    def _check_merges(self, parts: list[tuple[str, str, int]]) -> None:
        near = [assemble.merge_key(kind, name, span + offset) for kind, name, span in parts for offset in range(-2, 3)]
        if near and _any_in(np.array(near, dtype=np.uint64), self.old_keys):
            raise NotAnAppend

    # --- writing ----------------------------------------------------------------------------------------------------

    def _write_records(self, staged, new: list) -> pa.Table:
        """Articles and record cache in input order; returns the old articles' (article_id, published, row)."""
        by_file: dict[str, list] = {}
        for item in new:
            by_file.setdefault(item.file, []).append(item)
        pieces: list = []
        self.old_before: list[int] = []  # for each new record: old rows before it
        old_rows = 0
        for step in self.plan:
            if step[0] == "old":
                pieces.append(step[2])
                old_rows += step[2]
            else:
                items = by_file.get(step[1].key, [])
                pieces.append(items)
                self.old_before += [old_rows] * len(items)
        batch_rows = self.pipeline.BATCH
        _splice(io.ParquetSource(self.out_dir, "articles.parquet"), pieces,
                staged.open_table("articles", row_group_rows=batch_rows, splice=True),
                lambda items: self.pipeline.articles_table([i.row for i in items]))
        segments = io.cache_segments(self.out_dir, io.RECORD_CACHE)
        if segments is not None and len({part for part, _, _ in segments}) < io.MAX_CACHE_PARTS:
            self._write_cache_parts(staged, pieces, segments)
        else:  # on object storage, or in too many parts already: one file again
            old = io.ParquetSource(self.out_dir, io.RECORD_CACHE)
            if segments is not None:
                folder = io.tables_dir(self.out_dir)
                sources = {part: io.ParquetSource(folder, part) for part, _, _ in segments}
                old = [(sources[part], first, rows) for part, first, rows in segments]
            _splice(old, pieces,
                    staged.open_table(io.RECORD_CACHE, self.pipeline.RECORD_CACHE_SCHEMA, row_group_rows=batch_rows,
                                      splice=True),
                    self.pipeline._cache_table)
        old = io.read_cache_columns(self.out_dir, "articles.parquet", ["article_id", "published", "status"])
        old_counts = Counter(old["status"].to_pylist())
        self.summary.status_counts.update(old_counts + Counter(i.row.status for i in new))
        self.summary.n_cached = old_counts["ok"] + old_counts["off_topic"]  # extracted by an earlier build
        self.order_of = {i.row.article_id: (i.row.published, before) for i, before in zip(new, self.old_before)}
        return pa.table({"article_id": old["article_id"], "published": old["published"]})

    def _write_cache_parts(self, staged, pieces: list, segments: list[tuple[str, int, int]]) -> None:
        """The record cache as the old parts (hard links, no copy) and one new part with the new records, in
        input order through the segments list (see io, "a record cache in parts")."""
        folder = io.tables_dir(self.out_dir)
        for part in dict.fromkeys(part for part, _, _ in segments):
            staged.link_file(folder / part, part)
        stem = f"{io.RECORD_CACHE.removesuffix('.parquet')}.{staged.build_id}"
        writer = staged.open_table(stem, self.pipeline.RECORD_CACHE_SCHEMA, row_group_rows=self.pipeline.BATCH)
        out: list[list] = []

        def add(part: str, first: int, rows: int) -> None:
            if not rows:
                return
            if out and out[-1][0] == part and out[-1][1] + out[-1][2] == first:
                out[-1][2] += rows
            else:
                out.append([part, first, rows])

        old = _RowCursor(segments)
        for piece in pieces:
            if isinstance(piece, int):
                for part, first, rows in old.take(piece):
                    add(part, first, rows)
            elif piece:
                add(f"{stem}.parquet", writer.rows, len(piece))
                writer.write(self.pipeline._cache_table(piece))
        staged.write_json(io.RECORD_CACHE + io.SEGMENTS_SUFFIX, {"segments": out})

    def _write_events(self, staged, merged: list, facts, old_articles: pa.Table) -> None:
        """Each new event after the old events whose first source comes first, its rows after theirs."""
        events = io.read_cache_columns(self.out_dir, "events.parquet", ["event_id", "article_id"])
        creators = pc.index_in(events["article_id"], value_set=old_articles.column("article_id")).to_numpy(
            zero_copy_only=False)
        width = np.int64(old_articles.num_rows + 1)
        published = _days(old_articles.column("published"))
        creator_keys = published[creators] * width + creators.astype(np.int64)
        at_event = []
        for event in merged:  # new events come in their own order, which is also processing order
            day, before = self.order_of[event.article_id]
            key = (np.int64((day.toordinal() - _EPOCH) if day else _NO_DATE)) * width + np.int64(before)
            at_event.append(int(np.searchsorted(creator_keys, key, side="left")))
        # the new events' rows as the full build makes them (one piece), then cut per event: an event's rows in
        # every table come together and in the order of the events
        new = next(assemble.event_tables(merged, facts, self.verdicts.duplicates_of, max(1, len(merged))))
        new_ids = new["events"].column("event_id").to_pylist()
        old_ids = events["event_id"]
        for name in assemble.EVENT_TABLES:
            table = new[name]
            if name == "events":
                starts, sizes = at_event, [1] * len(new_ids)
            else:
                owner = io.read_cache_columns(self.out_dir, f"{name}.parquet", ["event_id"])["event_id"]
                row_event = pc.index_in(owner, value_set=old_ids).to_numpy(zero_copy_only=False)
                starts = np.searchsorted(row_event, np.array(at_event, dtype=np.int64), side="left").tolist()
                per_event = Counter(table.column("event_id").to_pylist())
                sizes = [per_event[event_id] for event_id in new_ids]
            pieces: list = []
            done = offset = 0
            for start, size in zip(starts, sizes):
                pieces += [start - done, table.slice(offset, size)]
                done, offset = start, offset + size
            total = len(old_ids) if name == "events" else len(owner)
            pieces.append(total - done)
            _splice(io.ParquetSource(self.out_dir, f"{name}.parquet"), pieces, staged.open_table(name, splice=True),
                    lambda rows: rows)
        self.summary.n_events = len(old_ids) + len(merged)


def _any_in(values: np.ndarray, sorted_keys: np.ndarray) -> bool:
    """Whether any of a few ``values`` is among ``sorted_keys`` (a binary search each, no pass over the keys)."""
    if not len(sorted_keys):
        return False
    at = np.searchsorted(sorted_keys, values).clip(max=len(sorted_keys) - 1)
    return bool((sorted_keys[at] == values).any())


def _matrix(signatures: list[bytes] | pa.Array) -> np.ndarray:
    """Signatures (each NUM_PERM little-endian uint64) as rows of a matrix; an Arrow array is read in place."""
    if isinstance(signatures, (pa.Array, pa.ChunkedArray)):
        chunks = signatures.chunks if isinstance(signatures, pa.ChunkedArray) else [signatures]
        width = dedup.NUM_PERM * 8
        parts = []
        for chunk in chunks:
            chunk = chunk.cast(pa.large_binary()) if chunk.type != pa.large_binary() else chunk
            offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)[chunk.offset:chunk.offset + len(chunk) + 1]
            if len(chunk) and (np.diff(offsets) != width).any():
                raise ValueError("a signature of another length")
            data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]] if len(chunk) else []
            parts.append(np.frombuffer(np.ascontiguousarray(data).tobytes(), dtype="<u8").reshape(len(chunk), -1))
        return np.concatenate(parts).astype(np.uint64) if parts else np.empty((0, dedup.NUM_PERM), np.uint64)
    return np.frombuffer(b"".join(signatures), dtype="<u8").reshape(len(signatures), dedup.NUM_PERM).astype(np.uint64)


def _days(column: pa.ChunkedArray) -> np.ndarray:
    """Days since 1970 of a date32 column, missing dates last."""
    days = pc.cast(pc.cast(column, pa.int32()), pa.int64()).fill_null(_NO_DATE) if len(column) else pa.array([], pa.int64())
    return np.asarray(days.to_numpy(zero_copy_only=False), dtype=np.int64)


class _RowCursor:
    """Reads on through (source, first row, rows) segments: ``take(n)`` yields the (source, first row, rows) runs
    that hold the next ``n`` rows, a run per segment they cross."""

    def __init__(self, segments) -> None:
        self._segments = iter(segments)
        self._source, self._first, self._left = None, 0, 0

    def take(self, need: int) -> Iterator[tuple]:
        while need:
            if not self._left:
                self._source, self._first, self._left = next(self._segments)
                continue
            rows = min(need, self._left)
            yield self._source, self._first, rows
            self._first, self._left, need = self._first + rows, self._left - rows, need - rows


def _splice(source, pieces: list, writer: io.TableWriter, make: Callable[[list], pa.Table]) -> None:
    """Write ``pieces`` in order: an int takes that many rows from ``source`` (the old table: an io.ParquetSource,
    or a list of (io.ParquetSource, first row, rows) segments read one after another), anything else is new rows
    (a list, or an Arrow table; ``make`` turns one into the table written, none when it is empty).

    Old row groups that a run of old rows covers whole are copied without decoding (``TableWriter.copy``); one
    that is cut by new rows, or small (the tail of an earlier splice), is decoded and written with its neighbours,
    so splices do not leave ever more small row groups behind."""
    segments = [(source, 0, sum(source.rows))] if isinstance(source, io.ParquetSource) else source
    coalesced: list = []  # runs of old rows as one piece (a folder of one-article files is one run, not thousands)
    for piece in pieces:
        if isinstance(piece, int) and coalesced and isinstance(coalesced[-1], int):
            coalesced[-1] += piece
        elif isinstance(piece, int) or piece:
            coalesced.append(piece)
    old = _RowCursor(segments)
    for piece in coalesced:
        if not isinstance(piece, int):
            if piece:
                writer.write(make(piece))
            continue
        for current, row, rows in old.take(piece):
            _copy_rows(current, row, row + rows, writer)


def _copy_rows(source: io.ParquetSource, row: int, stop: int, writer: io.TableWriter) -> None:
    """Rows ``row`` to ``stop - 1`` of ``source`` after what ``writer`` has: whole big row groups copied as they
    are, the others decoded (the last one decoded is kept on the source: a row group cut by new rows is met twice)."""
    starts = source.starts
    whole = max(1, writer.row_group_rows // 4)  # old row groups at least this big are copied as they are
    group = int(np.searchsorted(starts, row, side="right")) - 1
    while row < stop:
        first, end = starts[group], starts[group + 1]
        if first == row and end <= stop and end - first >= whole:
            last = group + 1  # a run of whole, big row groups: copied in one go
            while last < len(source.rows) and starts[last + 1] <= stop and source.rows[last] >= whole:
                last += 1
            writer.copy(source, group, last)
            row, group = starts[last], last
            continue
        table = source.read(group)
        take = min(end, stop) - row
        writer.write(table.slice(row - first, take))
        row += take
        if row == end:
            group += 1
