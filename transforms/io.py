"""The disk edge of the pipeline: finding and reading input files, and writing tables atomically.

Writing: a build goes to ``DIR/.builds/<build_id>/`` and becomes visible with one atomic rename of the symlink
``DIR/current``; ``DIR/<table>.parquet`` are stable symlinks through ``current``. A reader that resolves
``current`` once (:func:`tables_dir`) therefore sees one whole build, never a mix, and a build killed midway
leaves the previous one untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import formats, schema
from .model import RawRecord

BUILDS = ".builds"
CURRENT = "current"
MANIFEST = "manifest.json"
FACTS_CACHE = "_facts_cache.parquet"  # per-article extraction results, for incremental re-runs
KEEP_BUILDS = 2  # the current build and the one before it

# --- reading ----------------------------------------------------------------------------------------------------


def iter_records(inputs: list[Path], limits: formats.Limits | None = None) -> Iterator[RawRecord]:
    """Yield every record of every input path (files, folders recursively, zip members), in a stable order.

    Nothing is dropped: a file that cannot be read still yields one record with a status and a reason.
    """
    limits = limits or formats.Limits()
    for root in inputs:
        root = Path(root)
        if root.is_dir():
            for path, rel in _walk(root):
                yield from formats.read_path(path, rel, limits)
        else:
            yield from formats.read_path(root, root.name, limits)


def _walk(root: Path) -> Iterator[tuple[Path, str]]:
    """Files below ``root`` in sorted order, without following symlinked folders (no loops)."""
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_dir(follow_symlinks=False):
                subfolders.append(path)
            elif entry.is_file(follow_symlinks=True) or entry.is_symlink():
                yield path, path.relative_to(root).as_posix()
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
    final = builds / build_id
    os.rename(staging, final)
    _point(out_dir / CURRENT, f"{BUILDS}/{build_id}")
    for name in tables:
        link = out_dir / f"{name}.parquet"
        if not (link.is_symlink() and os.readlink(link) == f"{CURRENT}/{name}.parquet"):
            _point(link, f"{CURRENT}/{name}.parquet")
    _fsync_dir(out_dir)
    _collect_garbage(builds, keep=final.name)
    return final


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
