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
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from . import formats, schema
from .model import RawRecord

BUILDS = ".builds"
CURRENT = "current"
MANIFEST = "manifest.json"
LOCK = ".lock"  # held (flock) by the build writing the folder; see writing()
FACTS_CACHE = "_facts_cache.parquet"  # per-article extraction results, for incremental re-runs
KEEP_BUILDS = 2  # the current build and the one before it

# --- reading ----------------------------------------------------------------------------------------------------


def iter_records(inputs: list[Path], limits: formats.Limits | None = None) -> Iterator[RawRecord]:
    """Yield every record of every input path (files, folders recursively, zip members), in a stable order.

    Nothing is dropped: a file that cannot be read still yields one record with a status and a reason. Names
    (``source_id``) are relative to the input folder given (a single file: its name); ``source`` is the path.
    """
    limits = limits or formats.Limits()
    sidecars: dict[Path, dict[str, dict[str, str]]] = {}
    for root in inputs:
        root = Path(root)
        if root.is_dir():
            for path, rel, trouble in _walk(root):
                if trouble:
                    yield formats.problem(rel, str(path), "unreadable", trouble)
                else:
                    yield from _with_sidecar(_read_file(path, rel, limits), path, sidecars)
        else:
            yield from _with_sidecar(_read_file(root, root.name, limits), root, sidecars)


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


def _walk(root: Path) -> Iterator[tuple[Path, str, str | None]]:
    """(path, relative name, trouble) for the files below ``root``, hidden ones included, in a stable order:
    a folder's files by name, then its subfolders by name, depth first.

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
    stack: list[tuple[Path, str]] = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            yield folder, prefix.rstrip("/") or ".", f"cannot list folder: {exc.strerror or exc}"
            continue
        subfolders = []
        for entry in entries:
            path, rel = Path(entry.path), prefix + entry.name
            try:
                is_dir = entry.is_dir()  # follows symlinks
            except OSError:
                is_dir = False
            if not is_dir:
                yield path, rel, None  # files, broken links and link loops: _read_file tells them apart
                continue
            try:
                info = entry.stat()
            except OSError as exc:
                yield path, rel, f"cannot read folder: {exc.strerror or exc}"
                continue
            key = (info.st_dev, info.st_ino)
            if key in seen:
                what = "symbolic link to a folder" if entry.is_symlink() else "folder"
                yield path, rel, (f"{what} already read as {seen[key]}; not read again, so nothing is read twice "
                                  "and links cannot loop")
                continue
            seen[key] = rel
            subfolders.append((path, rel + "/"))
        stack.extend(reversed(subfolders))


# --- writing ----------------------------------------------------------------------------------------------------


def tables_dir(out_dir: Path) -> Path:
    """The folder holding one consistent set of tables under ``out_dir`` (resolving ``current`` once)."""
    out_dir = Path(out_dir)
    current = out_dir / CURRENT
    if current.exists():
        return current.resolve()
    return out_dir


def read_table(out_dir: Path, name: str) -> pa.Table | None:
    path = tables_dir(out_dir) / f"{name}.parquet"
    if not path.exists():
        return None
    return pq.read_table(path)


def write_tables(out_dir: Path, tables: dict[str, pa.Table], facts_cache: pa.Table | None = None,
                 inputs: list[str] | None = None) -> Path:
    """Write ``tables`` as a new build under ``out_dir`` and switch ``current`` to it atomically.

    ``inputs`` (absolute paths) are recorded in the manifest so a later build (an upload) can add to them.
    """
    out_dir = Path(out_dir)
    builds = out_dir / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    now = time.time()  # microseconds in the id keep builds in creation order when sorted by name
    build_id = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now)) + f".{int(now % 1 * 1e6):06d}-{uuid.uuid4().hex[:6]}"
    staging = builds / f".staging-{build_id}"
    staging.mkdir()
    final = builds / build_id
    try:
        for name, table in tables.items():
            table = table.cast(schema.TABLES[name]) if name in schema.TABLES else table
            pq.write_table(table, staging / f"{name}.parquet", compression="zstd")
        if facts_cache is not None:
            pq.write_table(facts_cache, staging / FACTS_CACHE, compression="zstd")
        manifest = {
            "build_id": build_id,
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "rows": {name: table.num_rows for name, table in tables.items()},
            "inputs": inputs or [],
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        _fsync_tree(staging)
        os.rename(staging, final)
    except BaseException:
        # Fix (issue 8, faults): a write that fails (disk full) used to leave its half-written staging folder
        # until the next successful build, holding on to the very space that ran out. A killed process still
        # leaves one: the next build's garbage collection removes it.
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _point(out_dir / CURRENT, f"{BUILDS}/{build_id}")
    for name in tables:
        link = out_dir / f"{name}.parquet"
        if not (link.is_symlink() and os.readlink(link) == f"{CURRENT}/{name}.parquet"):
            _point(link, f"{CURRENT}/{name}.parquet")
    _fsync_dir(out_dir)
    _collect_garbage(builds, keep=final.name)
    return final


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
    path = tables_dir(out_dir) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def read_facts_cache(out_dir: Path) -> pa.Table | None:
    path = tables_dir(out_dir) / FACTS_CACHE
    if not path.exists():
        return None
    try:
        return pq.read_table(path)
    except (OSError, pa.ArrowException):
        return None  # a damaged cache only costs a full re-extraction


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
