"""Build speed: articles per second per core for the whole build, and per stage.

    .venv/bin/python benchmarks/bench_build.py [INPUT ...] [--profile] [--json OUT]

Default input: ../shared/corpus and ../shared/seeds. Prints one table: records, ok articles, seconds and
articles/s for read+clean, extract and the whole build (one worker, a fresh output folder, no cache), in CPU seconds
(per core: other jobs on the machine do not inflate them) beside wall seconds, then the build's own CPU seconds per
stage (its manifest's stage_seconds); with --profile, the 20 functions with the most cumulative time in extraction.
"""

from __future__ import annotations

import cProfile
import json
import platform
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transforms import articles, extract, io, paths, pipeline  # noqa: E402


def main(argv: list[str]) -> int:
    profile = "--profile" in argv
    out_json = Path(argv[argv.index("--json") + 1]) if "--json" in argv else None
    inputs = [Path(a) for a in argv if not a.startswith("--") and (not out_json or a != str(out_json))]
    inputs = inputs or [paths.SHARED_DIR / "corpus", paths.SHARED_DIR / "seeds"]
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        print(f"no such input: {', '.join(missing)}", file=sys.stderr)
        return 2

    started = _clocks()
    cleaned = articles.make_articles(io.iter_records(inputs))  # as the build does: languages in one pass
    t_clean = _since(started)
    ok = [a for a in cleaned if a.status == "ok"]
    n_chars = sum(a.n_chars for a in ok)

    profiler = cProfile.Profile() if profile else None
    started = _clocks()
    if profiler:
        profiler.enable()
    for a in ok:
        extract.extract_article(a.text, published=a.published, language=a.language, title=a.title)
    if profiler:
        profiler.disable()
    t_extract = _since(started)

    with tempfile.TemporaryDirectory() as tmp:
        started = _clocks()
        summary = pipeline.build(inputs, Path(tmp) / "out", quiet=True)
        t_build = _since(started)

    rows = [
        ("read + clean", len(cleaned), t_clean),
        ("extract (ok articles)", len(ok), t_extract),
        ("whole build, 1 worker", summary.n_records, t_build),
    ]
    print(f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}")
    print(f"input: {', '.join(map(str, inputs))}; {len(ok):,} ok articles, mean {n_chars / max(len(ok), 1):,.0f} chars")
    print(f"{'stage':<24} {'records':>8} {'CPU s':>8} {'wall s':>8} {'per CPU-s':>10} {'ms each':>8}")
    for name, n, (cpu, wall) in rows:
        print(f"{name:<24} {n:>8,} {cpu:>8.2f} {wall:>8.2f} {n / cpu:>10,.0f} {1000 * cpu / max(n, 1):>8.3f}")
    print(summary.line())
    stages = sorted(summary.stage_seconds.items(), key=lambda kv: -kv[1])
    print("build stages, CPU ms per record: " + ", ".join(
        f"{name} {1000 * s / max(summary.n_records, 1):.3f}" for name, s in stages if s >= 0.0005))
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(20)
    if out_json:
        out_json.write_text(json.dumps({**{name: {"records": n, "cpu_seconds": cpu, "wall_seconds": wall}
                                              for name, n, (cpu, wall) in rows},
                                           "build_stage_cpu_seconds": summary.stage_seconds}, indent=2))
    return 0


def _clocks() -> tuple[float, float]:
    return time.process_time(), time.perf_counter()


def _since(started: tuple[float, float]) -> tuple[float, float]:
    cpu, wall = _clocks()
    return cpu - started[0], wall - started[1]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
