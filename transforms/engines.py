"""Where a build's per-record work runs: this process, worker processes on this machine, or a Dask cluster.

An engine has ``submit(fn, *args)`` returning something with ``result()``; the pipeline submits pure functions of
their arguments (clean a chunk of records, extract a chunk of texts) and takes the results in submission order, so
every engine gives the same tables. ``reads_files`` says whether a task reads its input file itself (Dask: the files
are read on the workers, through fsspec, so inputs can be on shared or object storage) or is handed the records
read here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Protocol

from . import io


class Engine(Protocol):
    reads_files: bool

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any: ...

    def close(self) -> None: ...


class Ready:
    """A result that is already there (the serial engine's, and cached records)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


class Serial:
    """Everything in this process, at the moment it is submitted."""

    reads_files = False

    def submit(self, fn: Callable[..., Any], *args: Any) -> Ready:
        return Ready(fn(*args))

    def close(self) -> None:
        pass


class Processes:
    """``workers`` processes on this machine (``--workers N``)."""

    reads_files = False

    def __init__(self, workers: int) -> None:
        self.pool = ProcessPoolExecutor(max_workers=workers)

    def submit(self, fn: Callable[..., Any], *args: Any):
        return self.pool.submit(fn, *args)

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


class Dask:
    """A Dask distributed cluster (``--engine dask --scheduler ADDRESS``), or a ``distributed.Client`` given.

    Every worker needs this package installed (the same version: the build's cache fingerprint is computed here)
    and must be able to open the inputs: local paths must be the same on every machine (a shared file system),
    or be fsspec URLs (``s3://bucket/articles``, ``gcs://...``, with the matching fsspec package and credentials
    on the workers)."""

    reads_files = True

    def __init__(self, scheduler: Any) -> None:
        try:
            from distributed import Client
        except ImportError:  # pragma: no cover - depends on the optional extra
            raise RuntimeError("the Dask engine needs the 'distributed' package: pip install 'sinoties[dask]'") from None
        self._own = isinstance(scheduler, str)
        self.client = Client(scheduler, timeout="30s") if self._own else scheduler

    def submit(self, fn: Callable[..., Any], *args: Any):
        return self.client.submit(fn, *args, pure=False)

    def close(self) -> None:
        if self._own:
            self.client.close()


is_url = io.is_url


def input_name(path: Any) -> str:
    """How the manifest records an input: absolute local paths, URLs as given."""
    if is_url(path):
        return str(path)
    text = str(path)
    return str(Path(text[len("file://"):] if text.startswith("file://") else text).resolve())


def input_files(inputs: list[Any], stages=None) -> Iterator[io.InputFile]:
    """The input files of every input, local paths and fsspec URLs alike, in the build's stable order."""
    for item in inputs:
        if is_url(item):
            yield from io.iter_url_files(str(item))
        else:
            text = str(item)
            yield from io.iter_input_files([Path(text[len("file://"):] if text.startswith("file://") else text)])
