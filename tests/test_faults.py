"""Faults while writing: a build killed at any moment, readers during rebuilds, a full disk, a folder that cannot be
written, and two builds into one folder. The tables are always one whole build, old or new, never a mix.
"""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from transforms import cli, io, paths, pipeline

KILLS = 6  # builds killed with SIGKILL (at least 5 asked for)
SEED = 8  # the random delays are drawn from this seed, so a failure can be replayed

PLACES = ["Nairobi", "Lima", "Almaty", "Jakarta", "Lagos", "Santiago", "Hanoi", "Cairo", "Tashkent", "Dhaka",
          "Quito", "Accra", "Minsk", "Lusaka", "Colombo", "Tbilisi"]
FIRMS = ["China Harbour Engineering", "PowerChina", "Sinohydro", "China Railway Group", "CRRC", "BYD", "Huawei",
         "China Energy Engineering", "COSCO Shipping", "State Grid"]
WORKS = ["a container terminal", "a rail link", "a solar plant", "a hydropower dam", "a bus factory",
         "a data centre", "a wind farm", "a ring road", "a water treatment plant", "an industrial park"]


def story(n: int) -> str:
    """A short, distinct deal story (so near-duplicate detection keeps them apart and extraction has work)."""
    rng = random.Random(n)
    firm, place, work = rng.choice(FIRMS), rng.choice(PLACES), rng.choice(WORKS)
    return (f"{firm} builds {work} in {place}\n\n"
            f"{firm} signed an agreement worth {rng.randint(2, 900)} million US dollars with the government of "
            f"{place} on {rng.randint(1, 28)} {rng.choice(['March', 'May', 'July', 'October'])} "
            f"{rng.randint(2015, 2024)} to build {work}. Work on site number {n} starts in "
            f"{rng.randint(2025, 2027)}, officials said, and {rng.randint(100, 4000)} people will be hired.\n")


def make_pile(root: Path, n: int, start: int = 0) -> set[str]:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        (root / f"story-{i:04}.txt").write_text(story(i), encoding="utf-8")
    return {f"story-{i:04}.txt" for i in range(0, start + n)}


def read_whole(out: Path) -> tuple[str, dict[str, list]]:
    """(build id, every table's rows) of the current build, read as a reader should: ``current`` resolved once.
    Fails when the tables do not agree with their manifest (a mix of builds, or a half-written one)."""
    folder = io.tables_dir(out)
    manifest = json.loads((folder / io.MANIFEST).read_text(encoding="utf-8"))
    tables = {name: pq.read_table(folder / f"{name}.parquet") for name in manifest["rows"]}
    assert {name: t.num_rows for name, t in tables.items()} == manifest["rows"], folder
    return manifest["build_id"], {name: t.to_pylist() for name, t in tables.items()}


def cli_build(pile: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "transforms.cli", "build", str(pile), "--out", str(out), "--quiet"]


ENV = dict(os.environ, PYTHONPATH=str(paths.REPO_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


# --- SIGKILL at random moments -----------------------------------------------------------------------------------


def _staging(builds: Path) -> set[str]:
    try:
        return {entry.name for entry in os.scandir(builds) if entry.name.startswith(".staging-")}
    except OSError:
        return set()


def test_builds_killed_at_random_moments_leave_the_previous_tables_whole(tmp_path):
    pile, out = tmp_path / "pile", tmp_path / "out"
    make_pile(pile, 30)
    started = time.perf_counter()
    first = subprocess.run(cli_build(pile, out), capture_output=True, text=True, env=ENV, timeout=300)
    duration = time.perf_counter() - started
    assert first.returncode == 0, first.stderr
    old_id, old_rows = read_whole(out)

    expected = make_pile(pile, 10, start=30)  # the builds to kill have new articles to extract and write
    rng = random.Random(SEED)
    kills, attempts, seen = 0, 0, []
    while kills < KILLS and attempts < 3 * KILLS:
        attempts += 1
        left_before = _staging(out / io.BUILDS)  # by builds killed earlier
        build = subprocess.Popen(cli_build(pile, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
        if kills % 2 == 0:  # anywhere in the run: starting, reading, extracting, writing
            when = "anytime"
            time.sleep(duration * rng.uniform(0.1, 0.9))
        else:  # while the tables are written: a few milliseconds after the staging folder shows
            when = "writing"
            while build.poll() is None and not _staging(out / io.BUILDS) - left_before:
                time.sleep(0.001)
            time.sleep(rng.uniform(0, 0.03))
        if build.poll() is None:
            build.send_signal(signal.SIGKILL)
        _, errors = build.communicate(timeout=60)
        if build.returncode != -signal.SIGKILL:  # finished before the kill: the next one comes sooner
            assert build.returncode == 0, errors
            duration *= 0.7
            old_id, old_rows = read_whole(out)
            continue
        kills += 1
        build_id, rows = read_whole(out)  # whole and readable after every kill
        staging = "half-written build left" if _staging(out / io.BUILDS) - left_before else "no new staging"
        seen.append((when, "new tables" if build_id != old_id else "previous tables", staging))
        if build_id == old_id:
            assert rows == old_rows, "the previous tables changed under a killed build"
        else:  # killed after the switch to the new build: that build is whole
            assert {r["source_id"] for r in rows["articles"]} == expected
            old_id, old_rows = build_id, rows
    assert kills >= 5, f"only {kills} of {attempts} builds were still running when killed: {seen}"

    finished = subprocess.run(cli_build(pile, out), capture_output=True, text=True, env=ENV, timeout=300)
    assert finished.returncode == 0 and finished.stderr == "", finished.stderr
    _, rows = read_whole(out)
    assert {r["source_id"] for r in rows["articles"]} == expected
    assert [p.name for p in (out / io.BUILDS).iterdir() if p.name.startswith(".")] == []  # killed runs' debris
    assert len(list((out / io.BUILDS).iterdir())) <= io.KEEP_BUILDS
    print(f"kills survived: {kills} of {attempts} tries: {seen}")


# --- a reader while builds run in a loop ---------------------------------------------------------------------------

BUILD_LOOP = """
import sys
from pathlib import Path
from transforms import pipeline
piles, out, n = [Path(p) for p in sys.argv[1:3]], Path(sys.argv[3]), int(sys.argv[4])
for i in range(n):
    pipeline.build([piles[i % 2]], out, quiet=True)
"""


def test_a_reader_during_rebuilds_sees_the_old_or_the_new_build_never_a_mix(tmp_path):
    small, large, out = tmp_path / "small", tmp_path / "large", tmp_path / "out"
    make_pile(small, 2)
    make_pile(large, 5)
    pipeline.build([small], out, quiet=True)
    builder = subprocess.Popen([sys.executable, "-c", BUILD_LOOP, str(small), str(large), str(out), "4"],
                               stderr=subprocess.PIPE, text=True, env=ENV)
    counts, reads = set(), 0
    try:
        while builder.poll() is None:
            try:
                build_id, rows = read_whole(out)  # asserts the tables agree with their own manifest
            except FileNotFoundError:
                # a slow reader's build was pruned (KEEP_BUILDS) after two newer ones switched in: a reader starts
                # again from `current`, as the dashboard does on its next load; never a mix, so nothing to assert
                continue
            counts.add(len(rows["articles"]))
            reads += 1
    finally:
        _, errors = builder.communicate(timeout=120)
    assert builder.returncode == 0, errors
    assert counts == {2, 5}, f"{reads} reads saw {counts}"  # both builds were seen, so reads crossed switches


# --- a full disk, a folder that cannot be written ------------------------------------------------------------------


def _one_line_failure(capsys, argv: list[str]) -> str:
    code = cli.main(argv)
    err = capsys.readouterr().err
    assert code == cli.EXIT_FAILED, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def _fail_at(monkeypatch, module, name: str, call: int, error: int) -> None:
    """Make the ``call``-th call of ``module.name`` raise OSError(``error``)."""
    real, calls = getattr(module, name), {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == call:
            raise OSError(error, os.strerror(error))
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, failing)


@pytest.mark.parametrize("module, name, call", [
    (io.TableWriter, "write", 1),  # the first rows of the first table
    (io.TableWriter, "close", 2),  # finishing the record cache, after the articles table
    (io.os, "fsync", 3),  # flushing to disk (where a full disk often shows)
    (io.os, "symlink", 1),  # the switch of `current`
])
def test_a_full_disk_is_one_line_exit_1_and_the_previous_tables_stay(tmp_path, monkeypatch, capsys, module, name,
                                                                     call):
    pile, out = tmp_path / "pile", tmp_path / "out"
    make_pile(pile, 2)
    pipeline.build([pile], out, quiet=True)
    before = read_whole(out)
    make_pile(pile, 1, start=2)
    _fail_at(monkeypatch, module, name, call, errno.ENOSPC)
    line = _one_line_failure(capsys, ["build", str(pile), "--out", str(out)])
    monkeypatch.undo()
    assert line.startswith("sinoties: cannot write the tables (No space left on device")
    assert read_whole(out) == before
    assert [p.name for p in (out / io.BUILDS).iterdir() if p.name.startswith(".staging-")] == []


@pytest.mark.parametrize("module, name", [
    (io.os, "copy_file_range"),  # copying the old articles' row groups into the new file
    (io.os, "link"),  # linking the old record cache into the new build
])
def test_a_full_disk_during_a_splice_is_one_line_exit_1_and_the_previous_tables_stay(tmp_path, monkeypatch, capsys,
                                                                                      module, name):
    monkeypatch.setattr(pipeline, "BATCH", 2)  # row groups of two articles: whole ones are copied, not decoded
    pile, out = tmp_path / "pile", tmp_path / "out"
    make_pile(pile, 4)
    pipeline.build([pile], out, quiet=True)
    before = read_whole(out)
    make_pile(pile, 1, start=4)  # one more story, last in input order: spliced in
    _fail_at(monkeypatch, module, name, 1, errno.ENOSPC)
    line = _one_line_failure(capsys, ["build", str(pile), "--out", str(out)])
    assert line.startswith("sinoties: cannot write the tables (No space left on device")
    assert read_whole(out) == before
    assert [p.name for p in (out / io.BUILDS).iterdir() if p.name.startswith(".staging-")] == []
    monkeypatch.undo()
    monkeypatch.setattr(pipeline, "BATCH", 2)
    assert pipeline.build([pile], out, quiet=True).appended  # the same re-run, with room on the disk


def test_a_read_only_output_folder_is_one_line_exit_1_before_any_work(tmp_path, monkeypatch, capsys):
    pile, out = tmp_path / "pile", tmp_path / "out"
    make_pile(pile, 1)
    real_mkdir = Path.mkdir

    def read_only(self, *args, **kwargs):
        if self == out or out in self.parents:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)
    monkeypatch.setattr(io, "iter_records", lambda *a, **k: pytest.fail("the build read its inputs first"))
    monkeypatch.setattr(io, "iter_input_files", lambda *a, **k: pytest.fail("the build read its inputs first"))
    line = _one_line_failure(capsys, ["build", str(pile), "--out", str(out)])
    assert line == f"sinoties: cannot write the tables (Read-only file system: {out})"


# --- two builds into one folder -----------------------------------------------------------------------------------


def test_a_second_build_into_the_same_folder_is_refused_while_the_first_writes(tmp_path):
    pile, out = tmp_path / "pile", tmp_path / "out"
    make_pile(pile, 2)
    pipeline.build([pile], out, quiet=True)
    before = read_whole(out)
    make_pile(pile, 1, start=2)
    with io.writing(out):  # this process is the first build, mid-write; the command is the second
        result = subprocess.run(cli_build(pile, out), capture_output=True, text=True, env=ENV, timeout=120)
        assert result.returncode == 1
        assert result.stderr == f"sinoties: another build is writing {out}; try again when it has finished\n"
        with pytest.raises(io.OutputBusy):
            pipeline.build([pile], out, quiet=True)
    assert read_whole(out) == before
    pipeline.build([pile], out, quiet=True)  # once the first is done, the lock is free again
    assert len(read_whole(out)[1]["articles"]) == 3
