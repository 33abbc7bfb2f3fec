"""Pipeline-level properties (hypothesis): any small pile of files builds, and every record is one row.

The reader's own properties (any bytes in any format give rows) are in test_formats; the extractors' are with their
owners. Here the whole build runs: reading, cleaning, deduplication, extraction, resolving, assembling, writing.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pyarrow.parquet as pq
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from transforms import io, pipeline

SUFFIXES = [".txt", ".md", ".html", ".json", ".jsonl", ".csv", ".tsv", ".zip", ".bin"]
SENTENCES = ["China and Kenya signed a railway agreement worth 3 billion yuan in Nairobi on 5 May 2023.",
             "Weather was mild.", "中国与巴西签署了价值五亿美元的合作协议。", "<p>Huawei opened an office.</p>"]

texts = st.one_of(st.text(max_size=300), st.sampled_from(SENTENCES),
                  st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4).map(" ".join))
records = st.fixed_dictionaries({"text": st.one_of(texts, st.none(), st.integers())},
                                optional={"id": st.one_of(st.sampled_from(["a", "b"]), st.text(max_size=8)), "title": st.text(max_size=40),
                                          "published": st.one_of(st.text(max_size=12), st.dates().map(str))})
jsonl = st.lists(st.one_of(records.map(json.dumps), st.text(max_size=40)), max_size=6).map(
    lambda lines: "\n".join(lines).encode())
contents = st.one_of(st.binary(max_size=400), texts.map(str.encode), jsonl,
                     texts.map(lambda t: t.encode("utf-16")), texts.map(lambda t: t.encode("gb18030")))
piles = st.lists(st.tuples(st.sampled_from(SUFFIXES), contents), min_size=1, max_size=6)


def _write(root: Path, pile: list[tuple[str, bytes]]) -> None:
    root.mkdir(parents=True)
    for n, (suffix, content) in enumerate(pile):
        (root / f"f{n}{suffix}").write_bytes(content)


def _articles(out: Path) -> list[dict]:
    return pq.read_table(io.tables_dir(out) / "articles.parquet").to_pylist()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pile=piles)
@example(pile=[(".jsonl", b'{"id": "a", "text": null}\n{"id": "a", "text": null}\n' + (
    json.dumps({"id": "b", "text": SENTENCES[0]}) + "\n").encode() * 3)])  # same record ids: one id per row still
def test_any_small_pile_builds_and_every_record_is_one_row(pile):
    folder = Path(tempfile.mkdtemp(prefix="sinoties-prop-"))
    try:
        _write(folder / "in", pile)
        n_records = sum(1 for _ in io.iter_records([folder / "in"]))  # the reader's count: records in
        first = pipeline.build([folder / "in"], folder / "one", quiet=True)
        second = pipeline.build([folder / "in"], folder / "two", quiet=True)
        rows, again = _articles(folder / "one"), _articles(folder / "two")
        assert first.n_records == len(rows) == n_records  # counts in = rows out
        assert [(r["source_id"], r["article_id"]) for r in rows] == [(r["source_id"], r["article_id"])
                                                                     for r in again]  # ids stable across runs
        assert len({r["article_id"] for r in rows}) == len(rows)  # and distinct: every row can be named
        assert [r["source_id"] for r in rows if r["status"] != "ok" and not (r["reason"] or "").strip()] == []
        assert second.status_counts == first.status_counts
    finally:
        shutil.rmtree(folder, ignore_errors=True)
