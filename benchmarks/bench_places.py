"""How fast the place matcher reads text: MB of text per second on one core (goal: >= 5 MB/s).

    .venv/bin/python benchmarks/bench_places.py [--corpus DIR] [--repeat N]

Reads every .txt file and the text columns of every CSV under the corpus folder (../shared/corpus by default),
times gazetteer loading, then times find_places over all of it. Prints the figures; writes nothing.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transforms import gazetteer, paths  # noqa: E402

TEXT_COLUMNS = {"text", "summary", "description", "title", "excerpt"}


def read_corpus(root: Path) -> list[str]:
    texts: list[str] = []
    csv.field_size_limit(1 << 30)
    for path in sorted(root.rglob("*")):
        if path.suffix == ".txt":
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
        elif path.suffix == ".csv":
            with open(path, newline="", encoding="utf-8", errors="replace") as f:
                sample = f.read(4096)
                f.seek(0)
                delimiter = ";" if sample.count(";") > sample.count(",") else ","
                for row in csv.DictReader(f, delimiter=delimiter):
                    for col, value in row.items():
                        if col and col.strip().lower() in TEXT_COLUMNS and value:
                            texts.append(value)
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=paths.SHARED_DIR / "corpus")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    started = time.perf_counter()
    cpu = time.process_time()
    n_places = gazetteer.load()
    print(f"gazetteer load: {time.perf_counter() - started:.2f} s wall, {time.process_time() - cpu:.2f} s CPU "
          f"({n_places} places)")

    if not args.corpus.exists():
        sys.exit(f"{args.corpus} is absent: nothing to measure")
    texts = read_corpus(args.corpus)
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    n_chars = sum(len(t) for t in texts)
    best = float("inf")
    n_matches = 0
    for _ in range(args.repeat):
        cpu = time.process_time()
        n_matches = sum(len(gazetteer.find_places(t)) for t in texts)
        best = min(best, time.process_time() - cpu)
    mb = n_bytes / 1e6
    print(f"corpus: {len(texts)} texts, {mb:.1f} MB UTF-8 ({n_chars / 1e6:.1f} M characters), {n_matches} place matches")
    print(f"matching: {best:.2f} s CPU (best of {args.repeat}) = {mb / best:.1f} MB/s per core, "
          f"{best / len(texts) * 1e3:.3f} ms per text")


if __name__ == "__main__":
    main()
