"""Assemble data/sample/gold.jsonl and data/sample/SOURCES.md from the hand-written annotations.

The gold answers and source notes are written by hand, article by article, in data/sample/annotations/*.jsonl
(without the article text, which lives once in the article files). This script joins each annotation with the
text the reader gets from its file, so that gold.jsonl is a self-contained gold file in the contract's format
(`sinoties evaluate --gold data/sample/gold.jsonl` builds from its texts). tests/test_sample_corpus.py checks the
committed files are up to date.

    python scripts/make_gold.py            # rewrite both files
    python scripts/make_gold.py --check    # exit 1 when they are stale
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transforms import io, paths  # noqa: E402

ANNOTATIONS = paths.SAMPLE_DIR / "annotations"
GOLD = paths.SAMPLE_DIR / "gold.jsonl"
SOURCES = paths.SAMPLE_DIR / "SOURCES.md"


def annotations() -> list[dict]:
    lines = []
    for path in sorted(ANNOTATIONS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                lines.append(json.loads(line))
    return sorted(lines, key=lambda a: a["id"])


def records() -> dict[str, object]:
    return {r.source_id: r for r in io.iter_records([paths.SAMPLE_ARTICLES_DIR])}


def gold_text(notes: list[dict], by_id: dict[str, object]) -> str:
    out = []
    for note in notes:
        record = by_id.get(note["id"])
        if record is None or record.text is None:
            raise SystemExit(f"annotation {note['id']!r} has no readable article in {paths.SAMPLE_ARTICLES_DIR}")
        line = {"id": note["id"], "text": record.text}
        for key in ("published", "language"):
            if note.get(key):
                line[key] = note[key]
        line["gold"] = note["gold"]
        out.append(json.dumps(line, ensure_ascii=False))
    return "\n".join(out) + "\n"


def sources_text(notes: list[dict]) -> str:
    rows = [
        "# Sources of the sample corpus",
        "",
        "Every article in `data/sample/` is our own rewritten summary of a publicly reported event, written for",
        "demonstration and testing; check the facts against primary sources before citing them. Off-topic pages are",
        "invented filler (sport, weather, adverts) that tests the off-topic filter.",
        "",
        "| article | event | kind of public report it rests on |",
        "|---|---|---|",
    ]
    for note in notes:
        source = note.get("source_note") or {}
        event = source.get("event", "off-topic filler" if not note["gold"].get("on_topic", True) else "")
        report = source.get("report", "")
        rows.append(f"| `{note['id']}` | {event.replace('|', '/')} | {report.replace('|', '/')} |")
    return "\n".join(rows) + "\n"


def main(argv: list[str]) -> int:
    notes = annotations()
    by_id = records()
    unannotated = sorted(set(by_id) - {n["id"] for n in notes})
    if unannotated:
        print(f"articles without an annotation: {unannotated[:10]}", file=sys.stderr)
    expected = {GOLD: gold_text(notes, by_id), SOURCES: sources_text(notes)}
    if "--check" in argv:
        stale = [p.name for p, text in expected.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        if stale or unannotated:
            print(f"stale: {stale}; run python scripts/make_gold.py", file=sys.stderr)
            return 1
        return 0
    for path, text in expected.items():
        path.write_text(text, encoding="utf-8")
    print(f"{len(notes)} articles -> {GOLD.relative_to(ROOT)} and {SOURCES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
