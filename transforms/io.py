"""The disk edge of the pipeline: finding and reading input files, and writing tables atomically.

Writing: a build goes to ``DIR/.builds/<build_id>/`` and becomes visible with one atomic rename of the symlink
``DIR/current``; ``DIR/<table>.parquet`` are stable symlinks through ``current``. A reader that resolves
``current`` once (:func:`tables_dir`) therefore sees one whole build, never a mix, and a build killed midway
leaves the previous one untouched.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import stat
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from . import formats, parquet_footer, schema
from .model import RawRecord

BUILDS = ".builds"
CURRENT = "current"
MANIFEST = "manifest.json"
LOCK = ".lock"  # held (flock) by the build writing the folder; see writing()
RECORD_CACHE = "_records.parquet"  # per-record clean and extraction results, for incremental re-runs (pipeline)
KEEP_BUILDS = 2  # the current build and the one before it

# --- reading ----------------------------------------------------------------------------------------------------


def iter_records(inputs: list[Path], limits: formats.Limits | None = None) -> Iterator[RawRecord]:
    """Yield every record of every input path (files, folders recursively, zip members), in a stable order.

    Nothing is dropped: a file that cannot be read still yields one record with a status and a reason. Names
    (``source_id``) are relative to the input folder given (a single file: its name); ``source`` is the path.
    """
    for entry in iter_input_files(inputs, limits):
        yield from entry.records()


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input entry, not yet read: ``records()`` reads it (the records :func:`iter_records` yields for it).

    ``key`` names the entry (its path and its name relative to the input given, which its records' ``source_id`` values
    carry); ``stamp`` changes whenever its records may change (size, modification time and inode of the file and
    of its folder's metadata table), or is None when the entry must be read every time (a problem, or the metadata
    table itself, whose row counts the folder's files). Added for issue 7: a re-run skips files whose stamp it has
    seen, instead of reading and cleaning every input again.
    """

    key: str
    stamp: str | None
    records: Callable[[], Iterator[RawRecord]]
    size: int = 0  # bytes, when known (to share reading out in tasks of similar size)


def iter_input_files(inputs: list[Path], limits: formats.Limits | None = None) -> Iterator[InputFile]:
    """Every input entry of :func:`iter_records`, in the same order, each with a key and a stamp.

    Paths are plain strings until a file is read: a re-run lists every input file to find the new ones, and at
    a million articles pathlib's per-path work cost more than the ``stat`` calls themselves (issue 7)."""
    limits = limits or formats.Limits()
    sidecars: dict[Path, dict[str, dict[str, str]]] = {}
    sidecar_stamps: dict[str, str] = {}
    for root in inputs:
        root = Path(root)
        if root.is_dir():
            for path, rel, trouble, entry in _walk(root):
                if trouble:
                    yield InputFile(f"{path}\x00{rel}", None,
                                    partial(iter, [formats.problem(rel, path, "unreadable", trouble)]))
                else:
                    yield _input_file(path, rel, limits, sidecars, sidecar_stamps, entry)
        else:
            yield _input_file(str(root), root.name, limits, sidecars, sidecar_stamps, None)


def _input_file(path: str, rel: str, limits: formats.Limits, sidecars: dict, stamps: dict,
                entry: os.DirEntry | None) -> InputFile:
    stamp = _stamp(path, stamps, entry)
    size = int(stamp.split(":", 1)[0]) if stamp else 0
    return InputFile(f"{path}\x00{rel}", stamp, partial(_file_records, path, rel, limits, sidecars), size)


def _file_records(path: str, rel: str, limits: formats.Limits, sidecars: dict) -> Iterator[RawRecord]:
    path = Path(path)
    return _with_sidecar(_read_file(path, rel, limits), path, sidecars)


def _stamp(path: str, sidecar_stamps: dict[str, str], entry: os.DirEntry | None = None) -> str | None:
    """Size, modification time and inode of the file and of its folder's metadata table (see InputFile)."""
    folder, name = os.path.split(path)
    if name in formats.SIDECAR_NAMES:
        return None
    try:
        info = entry.stat() if entry is not None else os.stat(path)  # a listed entry: one stat, no path objects
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    side = sidecar_stamps.get(folder)
    if side is None:
        side = sidecar_stamps[folder] = ""
        for sidecar in formats.SIDECAR_NAMES:
            try:
                found = os.stat(os.path.join(folder, sidecar))
            except OSError:
                continue
            side = sidecar_stamps[folder] = f"{sidecar}:{found.st_size}:{found.st_mtime_ns}:{found.st_ino}"
            break
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}|{side}"


def iter_url_files(url: str, limits: formats.Limits | None = None) -> Iterator[InputFile]:
    """The input files under an fsspec URL (``s3://bucket/articles/``, ``memory://pile``), in name order; a URL
    naming one file is that file. The Dask engine reads them on its workers, so inputs can live on object
    storage. Folders' metadata tables are not applied here (they are a local-folder convention)."""
    import fsspec  # only for URL inputs: installed with the dask extra

    limits = limits or formats.Limits()
    fs, root = fsspec.core.url_to_fs(url)
    protocol = url.split("://", 1)[0]
    if fs.isdir(root):
        found = fs.find(root, detail=True)
        base = root.rstrip("/") + "/"
        items = sorted((path[len(base):] if path.startswith(base) else path, path, info)
                       for path, info in found.items())
    else:
        info = fs.info(root)
        items = [(root.rsplit("/", 1)[-1], root, info)]
    for rel, path, info in items:
        source = f"{protocol}://{path}"
        size = int(info.get("size") or 0)
        version = info.get("mtime") or info.get("LastModified") or info.get("ETag") or info.get("created") or ""
        yield InputFile(f"{source}\x00{rel}", f"{size}:{version}",
                        partial(_read_url_file, fs, path, source, rel, size, limits), size)


def _read_url_file(fs, path: str, source: str, rel: str, size: int, limits: formats.Limits) -> Iterator[RawRecord]:
    try:
        yield from formats.read_file(rel, source, size, partial(fs.open, path, "rb"), limits)
    except OSError as exc:
        yield formats.problem(rel, source, "unreadable", f"cannot read file: {exc.strerror or exc}")


def _with_sidecar(records: Iterator[RawRecord], path: Path, cache: dict) -> Iterator[RawRecord]:
    """Fill title and date of a folder's plain files from its ``metadata.csv`` (see formats.read_sidecar)."""
    folder = path.parent
    if folder not in cache:
        cache[folder] = {}
        for name in formats.SIDECAR_NAMES:
            sidecar = folder / name
            try:
                if sidecar.is_file() and sidecar.stat().st_size <= 20 * 1024 * 1024:
                    cache[folder] = formats.read_sidecar(sidecar.read_bytes(), prefer_tab=name.endswith(".tsv"))
                    break
            except OSError:
                break
    entries = cache[folder]
    for record in records:
        if entries:
            if path.name in formats.SIDECAR_NAMES and record.status == "empty":
                try:
                    stems = {p.stem for p in folder.iterdir() if p.name not in formats.SIDECAR_NAMES}
                except OSError:
                    stems = set()
                n = len(stems & entries.keys())
                record.reason = (f"metadata table, no article text: it gives titles and dates to {n:,} "
                                 f"file{'s' if n != 1 else ''} in its folder")
            elif "#" not in record.source_id and "!" not in record.source_id and path.stem in entries:
                entry = entries[path.stem]
                record.title = record.title or entry.get("title")
                record.published = record.published or entry.get("published")
        yield record


def _read_file(path: Path, rel: str, limits: formats.Limits) -> Iterator[RawRecord]:
    try:
        info = path.stat()
    except OSError as exc:
        yield formats.problem(rel, str(path), "unreadable", _stat_trouble(path, exc))
        return
    if not stat.S_ISREG(info.st_mode):  # reading a named pipe would wait forever
        yield formats.problem(rel, str(path), "unreadable", f"not a regular file ({_file_kind(info.st_mode)})")
        return
    yield from formats.read_file(rel, str(path), info.st_size, partial(_open_binary, path), limits)


def _open_binary(path: Path) -> BinaryIO:
    return open(path, "rb")


def _stat_trouble(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop: the link leads back to itself"
    if isinstance(exc, FileNotFoundError):
        return "broken symbolic link: its target does not exist" if path.is_symlink() else "no such file"
    return f"cannot read file: {exc.strerror or exc}"


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _walk(root: Path) -> Iterator[tuple[str, str, str | None, os.DirEntry | None]]:
    """(path, relative name, trouble, directory entry) for the files below ``root``, hidden ones included, in a
    stable order: a folder's files by name, then its subfolders by name, depth first.

    Symlinked folders are followed, but every folder is read once: a link to a folder already met (a loop back
    to an ancestor, or a second way into the same folder) is a row saying so. ``trouble`` is set, and the path is
    not a readable file, for folders that cannot be listed and for links that lead nowhere.
    """
    seen: dict[tuple[int, int], str] = {}
    try:
        info = root.stat()
        seen[(info.st_dev, info.st_ino)] = "."
    except OSError:
        pass
    stack: list[tuple[str, str]] = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            yield folder, prefix.rstrip("/") or ".", f"cannot list folder: {exc.strerror or exc}", None
            continue
        subfolders = []
        for entry in entries:
            rel = prefix + entry.name
            try:
                is_dir = entry.is_dir()  # follows symlinks
            except OSError:
                is_dir = False
            if not is_dir:
                yield entry.path, rel, None, entry  # files, broken links and link loops: _read_file tells them apart
                continue
            try:
                info = entry.stat()
            except OSError as exc:
                yield entry.path, rel, f"cannot read folder: {exc.strerror or exc}", None
                continue
            key = (info.st_dev, info.st_ino)
            if key in seen:
                what = "symbolic link to a folder" if entry.is_symlink() else "folder"
                yield entry.path, rel, (f"{what} already read as {seen[key]}; not read again, so nothing is read "
                                        "twice and links cannot loop"), None
                continue
            seen[key] = rel
            subfolders.append((entry.path, rel + "/"))
        stack.extend(reversed(subfolders))


# --- writing ----------------------------------------------------------------------------------------------------


def is_url(path: object) -> bool:
    """An fsspec URL (``s3://bucket/dir``, ``memory://x``), as opposed to a path on this machine."""
    return isinstance(path, str) and "://" in path and not path.startswith("file://")


def _location(out_dir: Path | str, name: str):
    """(fsspec file system or None, path) of file ``name`` of the current build in ``out_dir``."""
    if is_url(out_dir):
        import fsspec

        fs, root = fsspec.core.url_to_fs(out_dir)
        return fs, f"{root.rstrip('/')}/{name}"
    return None, tables_dir(out_dir) / name


def _exists(fs, path) -> bool:
    return fs.exists(path) if fs is not None else Path(path).exists()


def tables_dir(out_dir: Path) -> Path:
    """The folder holding one consistent set of tables under ``out_dir`` (resolving ``current`` once).

    A URL (object storage) has no ``current``: its tables are at the top (see :class:`StagedBuild`)."""
    if is_url(out_dir):
        return out_dir
    out_dir = Path(out_dir)
    current = out_dir / CURRENT
    if current.exists():
        return current.resolve()
    return out_dir


def read_table(out_dir: Path, name: str) -> pa.Table | None:
    fs, path = _location(out_dir, f"{name}.parquet")
    if not _exists(fs, path):
        return None
    return pq.read_table(path, filesystem=fs)


def write_tables(out_dir: Path, tables: dict[str, pa.Table], facts_cache: pa.Table | None = None,
                 inputs: list[str] | None = None) -> Path:
    """Write ``tables`` as a new build under ``out_dir`` and switch ``current`` to it atomically.

    ``inputs`` (absolute paths) are recorded in the manifest so a later build (an upload) can add to them.
    """
    with StagedBuild(out_dir) as build:
        for name, table in tables.items():
            build.write_table(name, table)
        if facts_cache is not None:
            build.write_table(FACTS_CACHE, facts_cache)
        return build.commit(inputs=inputs)


class TableWriter:
    """One table of a staged build written a piece at a time (Parquet row groups), so that a build of a million
    articles never holds a whole table in memory (issue 7). ``rows`` counts what was written.

    ``splice=True`` (a re-run that puts new rows into old tables) also allows :meth:`copy`: row groups of an old
    file copied as they are, without decoding them (see "splicing Parquet files" below); the file is then put
    together here, each batch of new rows encoded by pyarrow in memory and copied in."""

    def __init__(self, path: Path, table_schema: pa.Schema, row_group_rows: int, splice: bool = False) -> None:
        self.path, self.schema, self.rows = path, table_schema, 0
        self.row_group_rows = row_group_rows
        self._pending: list[pa.Table] = []  # small pieces gathered into one row group (each write would make one)
        self._pending_rows = 0
        if not splice:
            self._writer = pq.ParquetWriter(path, table_schema, compression="zstd",
                                            use_dictionary=_dictionary_columns(table_schema))
            return
        self._writer = None
        empty = _footer_bytes(_encode(table_schema.empty_table(), row_group_rows))
        self._template = parquet_footer.ThriftReader(empty).struct(parquet_footer.FOOTER_SPEC)
        self._groups: list = []  # row group metadata (Thrift), relocated to this file
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
        self._position = 0
        self._append(parquet_footer.MAGIC)

    def write(self, table: pa.Table) -> None:
        if table.num_rows:
            table = table.cast(self.schema) if table.schema != self.schema else table
            self._pending.append(table)
            self._pending_rows += table.num_rows
            self.rows += table.num_rows
            if self._pending_rows >= self.row_group_rows:
                self._flush()

    def copy(self, source: ParquetSource, first: int, stop: int) -> None:
        """Row groups ``first`` to ``stop - 1`` of ``source`` after what was written, copied byte for byte when
        they can be (same Parquet schema, nothing stored outside the row group), else decoded and written."""
        if first >= stop:
            return
        footer = source.footer() if self._writer is None else None
        if footer is None or parquet_footer.field(footer, 2) != parquet_footer.field(self._template, 2):
            for index in range(first, stop):
                self.write(source.read(index))
            return
        self._flush()
        groups = source.row_groups()
        index = first
        with open(source.path, "rb") as handle:
            while index < stop:
                span = parquet_footer.row_group_span(groups[index])
                if span is None:
                    self.write(source.read(index))
                    self._flush()
                    index += 1
                    continue
                end, last = span[1], index + 1  # a run of row groups that lie back to back: one copy
                while last < stop:
                    following = parquet_footer.row_group_span(groups[last])
                    if following is None or following[0] != end:
                        break
                    end, last = following[1], last + 1
                delta = self._position - span[0]
                _copy_range(handle.fileno(), self._fd, span[0], end - span[0])
                self._position += end - span[0]
                for group in groups[index:last]:
                    self._groups.append(parquet_footer.relocate(group, delta, len(self._groups)))
                    self.rows += parquet_footer.field(group, 3)[2]
                index = last

    def _append(self, data: bytes) -> None:
        _write_all(self._fd, data)
        self._position += len(data)

    def _flush(self) -> None:
        if self._pending:
            table = pa.concat_tables(self._pending) if len(self._pending) > 1 else self._pending[0]
            self._pending, self._pending_rows = [], 0
            if self._writer is not None:
                self._writer.write_table(table, row_group_size=self.row_group_rows)
                return
            data = _encode(table, self.row_group_rows)
            footer = _footer_bytes(data)
            body_end = len(data) - 8 - len(footer)
            delta = self._position - len(parquet_footer.MAGIC)
            self._append(memoryview(data)[len(parquet_footer.MAGIC):body_end])
            decoded = parquet_footer.ThriftReader(footer).struct(parquet_footer.FOOTER_SPEC)
            for group in parquet_footer.field(decoded, 4)[2][1]:
                self._groups.append(parquet_footer.relocate(group, delta, len(self._groups)))

    def close(self) -> None:
        if self._writer is not None:
            try:
                self._flush()
            finally:
                self._writer.close()
            return
        try:
            self._flush()
            footer = [[fid, kind, value] for fid, kind, value in self._template]
            parquet_footer.field(footer, 3)[2] = self.rows
            parquet_footer.field(footer, 4)[2] = (parquet_footer.T_STRUCT, self._groups)
            encoded = bytearray()
            parquet_footer.write_struct(footer, encoded)
            self._append(bytes(encoded) + len(encoded).to_bytes(4, "little") + parquet_footer.MAGIC)
        finally:
            if self._fd >= 0:
                os.close(self._fd)
                self._fd = -1


# Columns whose values are (nearly) all different: a dictionary of them is built for every page and thrown away
# when it outgrows its limit, which is work for nothing (issue 7: ~4 us a record of the record cache's writing)
UNIQUE_COLUMNS = frozenset({"text", "facts", "exact_key", "signature"})


def _dictionary_columns(table_schema: pa.Schema) -> list[str]:
    return [name for name in table_schema.names if name not in UNIQUE_COLUMNS]


def _encode(table: pa.Table, row_group_rows: int) -> bytes:
    """``table`` as a whole Parquet file in memory, written as TableWriter writes its files."""
    sink = pa.BufferOutputStream()
    with pq.ParquetWriter(sink, table.schema, compression="zstd", write_page_index=False,
                          use_dictionary=_dictionary_columns(table.schema)) as writer:
        writer.write_table(table, row_group_size=row_group_rows)
    return sink.getvalue().to_pybytes()


def _footer_bytes(data: bytes) -> bytes:
    length = int.from_bytes(data[-8:-4], "little")
    return data[-8 - length:-8]


class StagedBuild:
    """A build being written into ``DIR/.builds/.staging-<id>/``; :meth:`commit` makes it the current one.

    Leaving the ``with`` block without a commit (an error, a full disk) removes the staging folder; a killed
    process leaves it for the next build's garbage collection. Tables go in whole (:meth:`write_table`) or a piece
    at a time (:meth:`open_table`); each is one Parquet file ``<name>.parquet`` (files named with a leading ``_``
    are the build's own caches).

    ``out_dir`` may be an fsspec URL (object storage: ``s3://bucket/tables``): the build is then staged in a local
    temporary folder and its files uploaded at commit to ``URL/<table>.parquet``, the manifest last. Object stores
    have no atomic rename or symbolic link, so there a reader during the upload can see a mix of two builds;
    read ``manifest.json`` first and the tables it lists.
    """

    def __init__(self, out_dir: Path | str) -> None:
        self.url = out_dir if is_url(out_dir) else None
        self.out_dir = Path(out_dir) if self.url is None else None
        now = time.time()  # microseconds in the id keep builds in creation order when sorted by name
        self.build_id = (time.strftime("%Y%m%dT%H%M%S", time.gmtime(now)) + f".{int(now % 1 * 1e6):06d}-"
                         f"{uuid.uuid4().hex[:6]}")
        if self.url is None:
            self.builds = self.out_dir / BUILDS
            self.staging = self.builds / f".staging-{self.build_id}"
        self.rows: dict[str, int] = {}
        self._writers: dict[str, TableWriter] = {}
        self._committed = False

    def __enter__(self) -> StagedBuild:
        if self.url is not None:
            import tempfile

            self.staging = Path(tempfile.mkdtemp(prefix=f"sinoties-{self.build_id}-"))
            return self
        self.builds.mkdir(parents=True, exist_ok=True)
        self.staging.mkdir()
        return self

    def __exit__(self, *exc_info) -> None:
        if not self._committed:
            # Fix (issue 8, faults): a write that fails (disk full) used to leave its half-written staging folder
            # until the next successful build, holding on to the very space that ran out. A killed process still
            # leaves one: the next build's garbage collection removes it.
            for writer in self._writers.values():
                try:
                    writer.close()
                except Exception:  # noqa: BLE001 - already failing; the folder goes anyway
                    pass
            shutil.rmtree(self.staging, ignore_errors=True)

    def _file(self, name: str) -> Path:
        return self.staging / (name if name.endswith(".parquet") else f"{name}.parquet")

    def write_table(self, name: str, table: pa.Table) -> None:
        table = table.cast(schema.TABLES[name]) if name in schema.TABLES else table
        pq.write_table(table, self._file(name), compression="zstd")
        self.rows[name] = table.num_rows

    def link_file(self, source: Path | str, name: str) -> None:
        """Put an existing file (of an earlier build: never changed once written) into this build as ``name``,
        as a hard link: no copy."""
        os.link(source, self.staging / name)

    def write_json(self, name: str, data: object) -> None:
        (self.staging / name).write_text(json.dumps(data), encoding="utf-8")

    def open_table(self, name: str, table_schema: pa.Schema | None = None, row_group_rows: int = 8192,
                   splice: bool = False) -> TableWriter:
        writer = TableWriter(self._file(name), table_schema or schema.TABLES[name], row_group_rows, splice)
        self._writers[name] = writer
        return writer

    def commit(self, inputs: list[str] | None = None, **extra: object) -> Path:
        """Close every table, write the manifest, flush to disk and switch ``current`` to this build."""
        for name, writer in self._writers.items():
            writer.close()
            self.rows[name] = writer.rows
        tables = [name for name in self.rows if not name.startswith("_")]
        manifest = {
            "build_id": self.build_id,
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "rows": {name: self.rows[name] for name in tables},
            "inputs": inputs or [],
            **extra,
        }
        (self.staging / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        if self.url is not None:
            return self._upload()
        _fsync_tree(self.staging)
        final = self.builds / self.build_id
        os.rename(self.staging, final)
        self._committed = True
        _point(self.out_dir / CURRENT, f"{BUILDS}/{self.build_id}")
        for name in tables:
            link = self.out_dir / f"{name}.parquet"
            if not (link.is_symlink() and os.readlink(link) == f"{CURRENT}/{name}.parquet"):
                _point(link, f"{CURRENT}/{name}.parquet")
        _fsync_dir(self.out_dir)
        _collect_garbage(self.builds, keep=final.name)
        return final


    def _upload(self) -> str:
        import fsspec

        fs, root = fsspec.core.url_to_fs(self.url)
        root = root.rstrip("/")
        fs.makedirs(root, exist_ok=True)
        names = sorted(p.name for p in self.staging.iterdir() if p.name != MANIFEST) + [MANIFEST]
        for name in names:  # the manifest last: it names a build whose tables are all there
            fs.put_file(str(self.staging / name), f"{root}/{name}")
        self._committed = True
        shutil.rmtree(self.staging, ignore_errors=True)
        return self.url


class SpillFile:
    """Byte strings kept on disk for a while (an unlinked temporary file, gone when closed or when the process
    dies): ``add`` gives a handle, ``get`` reads it back. A build keeps the facts of its on-topic articles here until
    events are assembled, so memory does not grow with them (issue 7)."""

    def __init__(self) -> None:
        import tempfile

        self._file = tempfile.TemporaryFile()
        self._fd = self._file.fileno()
        self._size = 0

    def add(self, data: bytes) -> tuple[int, int]:
        _write_all(self._fd, data)  # the file is only appended to, so its end is where this write goes
        where = (self._size, len(data))
        self._size += len(data)
        return where

    def get(self, where: tuple[int, int]) -> bytes:
        offset, length = where
        return os.pread(self._fd, length, offset)

    def close(self) -> None:
        self._file.close()


class OutputBusy(OSError):
    """Another build is writing the same output folder."""


@contextmanager
def writing(out_dir: Path) -> Iterator[Path]:
    """Hold ``out_dir``'s lock for a whole build; a second build into the same folder fails at once with
    :class:`OutputBusy` instead of racing the first.

    Added for issue 8 (faults): two builds into one folder used to run side by side, each removing the other's
    staging folder as garbage. The lock is an advisory ``flock`` on ``DIR/.lock``: the kernel drops it when its
    holder exits in any way, SIGKILL included, so a killed build never leaves a stale lock behind. Creating the
    folder here also makes an unwritable ``--out`` fail before any work is done, not after.
    """
    if is_url(out_dir):  # object storage has no lock: one build at a time is up to whoever starts them
        import fsspec

        fs, root = fsspec.core.url_to_fs(out_dir)
        fs.makedirs(root, exist_ok=True)
        yield out_dir
        return
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(out_dir / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise OutputBusy(errno.EBUSY, f"another build is writing {out_dir}") from None
    try:
        yield out_dir
    finally:
        os.close(fd)  # releases the lock; the file stays (removing it would let two builds lock two files)


def read_manifest(out_dir: Path) -> dict:
    fs, path = _location(out_dir, MANIFEST)
    try:
        if fs is not None:
            with fs.open(path, "rb") as handle:
                return json.loads(handle.read().decode("utf-8"))
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def read_cache_columns(out_dir: Path, name: str, columns: list[str]) -> dict[str, pa.ChunkedArray] | None:
    """Some columns of one of the current build's cache files; None when it is missing or unreadable."""
    fs, path = _location(out_dir, name)
    if not _exists(fs, path):
        return None
    try:  # ParquetFile, not pq.read_table: that imports pyarrow.dataset and pandas (seconds a re-run need not pay)
        segments = _segments(fs, path)
        if segments is None:
            table = pq.ParquetFile(fs.open(path, "rb") if fs is not None else path).read(columns=columns)
        else:
            parts = {part: pq.ParquetFile(part).read(columns=columns) for part in dict.fromkeys(p for p, _, _ in segments)}
            pieces = [parts[part].slice(first, rows) for part, first, rows in segments]
            table = pa.concat_tables(pieces) if pieces else pq.ParquetFile(path).schema_arrow.empty_table()
    except (OSError, pa.ArrowException, ValueError):
        return None  # a damaged cache only costs a full rebuild
    return {c: table.column(c) for c in columns}


def iter_cache_batches(out_dir: Path, name: str, batch_rows: int = 2048,
                       columns: list[str] | None = None) -> Iterator[pa.RecordBatch]:
    """One of the current build's cache files front to back, a few rows at a time (stops early when damaged).

    Opened here once, so a later switch of ``current`` does not change what is read."""
    fs, path = _location(out_dir, name)
    try:
        segments = _segments(fs, path)
        if segments is None:
            reader = pq.ParquetFile(fs.open(path, "rb") if fs is not None else path)
            yield from reader.iter_batches(batch_size=batch_rows, columns=columns)
            return
        files = {part: pq.ParquetFile(part) for part in dict.fromkeys(p for p, _, _ in segments)}
        for part, first, rows in segments:
            yield from _segment_batches(files[part], first, rows, batch_rows, columns)
    except (OSError, pa.ArrowException, ValueError):
        return


# --- a record cache in parts (issue 7) ------------------------------------------------------------------------
#
# A re-run that splices a few new files in would otherwise copy the whole record cache (a gigabyte at 100,000
# articles) to add a few rows. Instead its new build folder holds hard links to the old cache files ("parts",
# never changed once written) and one small new part with the new records, and ``<name>.segments.json`` lists which
# rows of which part come in what order: [[part file, first row, rows], ...]. ``read_cache_columns`` and
# ``iter_cache_batches`` read through it, so the cache reads as one table in input order. A full build writes one
# plain file again; a splice that would make more than MAX_CACHE_PARTS parts copies the rows into one file instead.

MAX_CACHE_PARTS = 8
SEGMENTS_SUFFIX = ".segments.json"


def _segments(fs, path) -> list[tuple[str, int, int]] | None:
    """The segments of a cache file in parts (absolute paths), or None when it is one plain file."""
    if fs is not None:
        return None
    listing = Path(f"{path}{SEGMENTS_SUFFIX}")
    try:
        data = json.loads(listing.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return [(str(listing.parent / part), int(first), int(rows)) for part, first, rows in data["segments"]]


def cache_segments(out_dir: Path, name: str) -> list[tuple[str, int, int]] | None:
    """(part file name, first row, rows) of a cache of the current build, in order (a plain file is one part);
    None when it is missing or on object storage."""
    fs, path = _location(out_dir, name)
    if fs is not None or not Path(path).exists():
        return None
    segments = _segments(fs, path)
    if segments is None:
        return [(name, 0, pq.ParquetFile(path).metadata.num_rows)]
    return [(Path(part).name, first, rows) for part, first, rows in segments]


def _segment_batches(file: pq.ParquetFile, first: int, rows: int, batch_rows: int,
                     columns: list[str] | None) -> Iterator[pa.RecordBatch]:
    metadata = file.metadata
    start = 0
    for index in range(metadata.num_row_groups):
        size = metadata.row_group(index).num_rows
        if start + size > first and start < first + rows:
            table = file.read_row_group(index, columns=columns)
            lo, hi = max(first - start, 0), min(first + rows - start, size)
            yield from table.slice(lo, hi - lo).to_batches(max_chunksize=batch_rows)
        start += size
        if start >= first + rows:
            return


def _point(link: Path, target: str) -> None:
    """Make ``link`` a symlink to ``target`` with one atomic rename."""
    tmp = link.with_name(f".{link.name}.{uuid.uuid4().hex[:8]}")
    os.symlink(target, tmp)
    if link.is_dir() and not link.is_symlink():
        shutil.rmtree(link)
    os.replace(tmp, link)


def _fsync_tree(folder: Path) -> None:
    for path in folder.iterdir():
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _collect_garbage(builds: Path, keep: str) -> None:
    """Remove staging folders of killed runs and all but the newest KEEP_BUILDS builds."""
    finished = sorted(p for p in builds.iterdir() if not p.name.startswith("."))
    for old in finished[:-KEEP_BUILDS]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)
    for staging in builds.glob(".staging-*"):
        if staging.name != f".staging-{keep}":
            shutil.rmtree(staging, ignore_errors=True)


class ParquetSource:
    """One of the current build's Parquet files, read a row group at a time, whose row groups a splicing
    :class:`TableWriter` copies without decoding them (a local file; on object storage they are decoded)."""

    def __init__(self, out_dir: Path | str, name: str) -> None:
        self.fs, path = _location(out_dir, name)  # resolved once: a later switch of `current` changes nothing
        self.path = str(path)
        self.file = pq.ParquetFile(self.fs.open(self.path, "rb") if self.fs is not None else self.path)
        metadata = self.file.metadata
        self.rows = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
        self.starts = [0]  # first row of each row group, and the number of rows last
        for rows in self.rows:
            self.starts.append(self.starts[-1] + rows)
        self._footer: list | None = None
        self._last: tuple[int, pa.Table] | None = None

    def footer(self) -> list | None:
        """The file's footer as Thrift fields (None on object storage: nothing is copied from there)."""
        if self._footer is None and self.fs is None:
            with open(self.path, "rb") as handle:
                self._footer = parquet_footer.read_footer(handle, os.fstat(handle.fileno()).st_size)
        return self._footer

    def row_groups(self) -> list:
        return parquet_footer.field(self.footer(), 4)[2][1]

    def read(self, index: int) -> pa.Table:
        """Row group ``index`` decoded (the last one asked for is kept: a splice may cut it in two)."""
        if self._last is None or self._last[0] != index:
            self._last = (index, self.file.read_row_group(index))
        return self._last[1]


def _write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` at the file's position (os.write may write only part of it)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _copy_range(source: int, target: int, start: int, length: int) -> None:
    """Copy bytes [start, start + length) of file ``source`` to the current end of ``target`` (in the kernel when
    it can: no pass through Python)."""
    done = 0
    try:
        while done < length:
            n = os.copy_file_range(source, target, length - done, start + done)
            if n == 0:
                raise OSError(errno.EIO, "source file ended early")
            done += n
        return
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP) or done:
            raise
    while done < length:
        block = os.pread(source, min(length - done, 1 << 24), start + done)
        if not block:
            raise OSError(errno.EIO, "source file ended early")
        _write_all(target, block)
        done += len(block)
