"""Time find_amounts per article over the shared Chinese energy-news corpus and the seed pages.

Run: .venv/bin/python benchmarks/bench_amounts.py [--repeat N]
Prints how long building the grammars of three languages takes in this (fresh) process, then articles, mean size,
CPU milliseconds per article and per 3 KB (best of N passes, time.process_time: other jobs on the machine do not
count), and how many amounts were found.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transforms import paths  # noqa: E402
from transforms.amounts import find_amounts  # noqa: E402


def _texts() -> list[tuple[str, str | None]]:
    corpus = sorted((paths.SHARED_DIR / "corpus" / "zh_bri_energy_news").glob("*.txt"))
    seeds = sorted((paths.SHARED_DIR / "seeds").glob("*.txt"))
    return [(p.read_text(encoding="utf-8", errors="replace"), "zh") for p in corpus] + \
           [(p.read_text(encoding="utf-8", errors="replace"), None) for p in seeds]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = _texts()
    if not texts:
        print(f"no texts under {paths.SHARED_DIR}; nothing to time")
        return 0
    t0 = time.process_time()
    for language in ("en", "zh", "ru"):  # what every worker process pays once: lexicon and compiled patterns
        find_amounts("US$5 million", language)
    print(f"grammars for en, zh, ru built in {(time.process_time() - t0) * 1000:.0f} ms CPU")
    for text, lang in texts:  # warm the lexicon and regex caches
        find_amounts(text, lang)
    best = float("inf")
    found = 0
    for _ in range(args.repeat):
        t0 = time.process_time()
        found = sum(len(find_amounts(text, lang)) for text, lang in texts)
        best = min(best, time.process_time() - t0)
    chars = sum(len(t) for t, _ in texts)
    per_article = best / len(texts) * 1000
    per_3kb = best / (chars / 3000) * 1000
    print(f"{len(texts)} articles, mean {chars / len(texts):,.0f} chars; {found} amounts found")
    print(f"{per_article:.3f} ms CPU per article, {per_3kb:.3f} ms per 3 KB (best of {args.repeat})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
