"""Walking input folders: stable order, hidden files, odd names, symlinks, permissions, streaming, the shared corpus."""

from __future__ import annotations

import json
import os
import tracemalloc
from collections import Counter

import pytest

from transforms import io as sio
from transforms.io import iter_records

from tests.conftest import shared_path

DEAL = "Ningbo signed agreements with thirteen partners, worth 13.7 billion yuan in all."


def rows(*roots):
    return [(r.source_id, r.status, r.reason, r.text) for r in iter_records(list(roots))]


def test_folders_are_walked_recursively_in_name_order_and_hidden_files_are_read(write):
    write("b.txt", "second")
    write("a/z.txt", "in a folder")
    write(".hidden.txt", "hidden file")
    write(".cache/kept.md", "inside a hidden folder")
    write("a.txt", "first")
    assert [(source_id, text) for source_id, _, _, text in rows(write.root)] == [
        (".hidden.txt", "hidden file"),
        ("a.txt", "first"),
        ("b.txt", "second"),
        (".cache/kept.md", "inside a hidden folder"),
        ("a/z.txt", "in a folder"),
    ]


def test_a_single_file_is_named_by_its_file_name(write):
    path = write("deep/folder/article.txt", DEAL)
    (record,) = iter_records([path])
    assert (record.source_id, record.source, record.text) == ("article.txt", str(path), DEAL)


@pytest.mark.parametrize("name", [
    "Pic story: a worker's day - Example Daily Online.txt",
    'He said "yes" to the deal.txt',
    "宁波签约 137亿元.txt",
    "Москва – Шэньчжэнь.md",
])
def test_file_names_with_spaces_quotes_colons_apostrophes_and_other_scripts(write, name):
    write(f"news/{name}", DEAL)
    assert rows(write.root) == [(f"news/{name}", None, None, DEAL)]


def test_a_symlink_loop_to_an_ancestor_folder_is_a_row_not_an_endless_walk(write):
    write("docs/a.txt", DEAL)
    os.symlink("..", write.root / "docs" / "up")
    assert rows(write.root) == [
        ("docs/a.txt", None, None, DEAL),
        ("docs/up", "unreadable", "symbolic link to a folder already read as .; not read again, so nothing is read "
                                  "twice and links cannot loop", None),
    ]


def test_a_symlinked_folder_elsewhere_is_followed_once(write, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.txt").write_text(DEAL, encoding="utf-8")
    os.symlink(elsewhere, write.root / "linked")
    os.symlink(elsewhere, write.root / "linked_again")
    assert rows(write.root) == [
        ("linked_again", "unreadable", "symbolic link to a folder already read as linked; not read again, so "
                                       "nothing is read twice and links cannot loop", None),
        ("linked/b.txt", None, None, DEAL),
    ]


def test_broken_links_and_file_link_loops_are_rows(write):
    write("real.txt", DEAL)
    os.symlink(write.root / "missing.txt", write.root / "broken.txt")
    os.symlink("loop_b.txt", write.root / "loop_a.txt")
    os.symlink("loop_a.txt", write.root / "loop_b.txt")
    os.symlink("real.txt", write.root / "to_real.txt")
    assert rows(write.root) == [
        ("broken.txt", "unreadable", "broken symbolic link: its target does not exist", None),
        ("loop_a.txt", "unreadable", "symbolic link loop: the link leads back to itself", None),
        ("loop_b.txt", "unreadable", "symbolic link loop: the link leads back to itself", None),
        ("real.txt", None, None, DEAL),
        ("to_real.txt", None, None, DEAL),
    ]


def test_a_file_that_cannot_be_opened_is_a_row_and_reading_goes_on(write, monkeypatch):
    write("a_locked.txt", DEAL)
    write("b_open.txt", DEAL)
    real_open = sio._open_binary

    def refuse_locked(path):
        if path.name == "a_locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path)

    monkeypatch.setattr(sio, "_open_binary", refuse_locked)
    assert rows(write.root) == [
        ("a_locked.txt", "unreadable", "cannot read file: Permission denied", None),
        ("b_open.txt", None, None, DEAL),
    ]


def test_a_folder_that_cannot_be_listed_is_a_row(write, monkeypatch):
    write("locked/a.txt", DEAL)
    write("z.txt", DEAL)
    real_scandir = os.scandir

    def refuse_locked(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(sio.os, "scandir", refuse_locked)
    assert rows(write.root) == [
        ("z.txt", None, None, DEAL),
        ("locked", "unreadable", "cannot list folder: Permission denied", None),
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_file_permissions_really_enforced_by_the_system(write):
    path = write("locked.txt", DEAL)
    path.chmod(0)
    assert rows(write.root) == [("locked.txt", "unreadable", "cannot read file: Permission denied", None)]


def test_a_named_pipe_is_a_row_not_a_hang(write):
    os.mkfifo(write.root / "pipe.txt")
    assert rows(write.root) == [("pipe.txt", "unreadable", "not a regular file (a named pipe)", None)]


def test_a_missing_input_is_a_row(tmp_path):
    assert rows(tmp_path / "nowhere.txt") == [("nowhere.txt", "unreadable", "no such file", None)]


def test_several_inputs_keep_their_order_and_their_own_relative_names(write, tmp_path):
    write("x/a.txt", DEAL)
    write("y/a.txt", DEAL)
    assert [r[0] for r in rows(write.root / "y", write.root / "x")] == ["a.txt", "a.txt"]


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_big_multi_record_files_stream_in_little_memory(write, kind):
    body = "Cooperation between the partners grows every year. " * 5  # ~255 bytes a record
    n = 12_000  # a ~3 MB file
    if kind == "jsonl":
        path = write("big.jsonl", "".join(json.dumps({"text": body}) + "\n" for _ in range(n)))
    else:
        path = write("big.csv", "id,text\n" + "".join(f"r{i},{body}\n" for i in range(n)))
    tracemalloc.start()
    try:
        count = sum(1 for record in iter_records([path]) if record.text == body)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == n
    assert peak < path.stat().st_size / 3, f"peak {peak:,} bytes for a {path.stat().st_size:,}-byte file"


# --- the shared corpus -------------------------------------------------------------------------------------------


def test_every_file_of_the_shared_corpus_and_seeds_is_read_without_error():
    corpus, seeds = shared_path("corpus"), shared_path("seeds")
    records = list(iter_records([corpus, seeds]))
    statuses = Counter(r.status for r in records)
    assert statuses == {None: 5134, "empty": 5, "unreadable": 1}
    per_file = Counter(r.source_id.split("#")[0] if "#" in r.source_id else r.source_id.split("/")[0]
                       for r in records)
    assert per_file["aiddata/official_finance_v1_non_asia.csv"] == 3682  # text in `description`
    assert per_file["aiddata/gcdf3_africa_loans_text.csv"] == 947
    assert per_file["en_digital_silk_road/extracted_news_articles_countryspes.csv"] == 109
    assert per_file["en_digital_silk_road/extracted_news_articles_minimal.csv"] == 65
    assert per_file["en_peoplesdaily_raw_2020-11-19"] == 170
    assert sum(1 for r in records if r.source_id.startswith("zh_bri_energy_news/doc_") and r.status is None) == 155
    assert all(r.encoding == "utf-8" for r in records if r.status is None)


def test_shared_csvs_without_text_are_one_row_each_listing_their_columns():
    records = [r for r in iter_records([shared_path("corpus")]) if r.status is not None]
    assert [(r.source_id, r.status) for r in records] == [
        ("cgit/cgit2018_construction.DERIVED.csv", "empty"),
        ("cgit/cgit2018_investments.DERIVED.csv", "empty"),
        ("cgit/cgit2018_troubled.DERIVED.csv", "empty"),
        ("cgit/cgit_investments_2005_2025.csv", "empty"),
        ("zh_bri_energy_news/SOURCE_LICENSE", "unreadable"),
        ("zh_bri_energy_news/metadata.csv", "empty"),
    ]
    metadata = records[-1]
    assert metadata.reason == "metadata table, no article text: it gives titles and dates to 155 files in its folder"
    docs = {r.source_id: r for r in iter_records([shared_path("corpus", "zh_bri_energy_news")])}
    assert docs["doc_0185.txt"].published == "2016-09-25"
    assert sum(1 for r in docs.values() if r.published) == 155


def test_shared_digital_silk_road_csv_fields():
    path = shared_path("corpus", "en_digital_silk_road", "extracted_news_articles_minimal.csv")
    first = next(iter_records([path]))
    assert first.source_id == "extracted_news_articles_minimal.csv#1"
    assert first.published[:10] == "2020-12-18" and first.language == "en"
    assert first.url.startswith("https://") and first.title and len(first.text) > 500


def test_shared_peoples_daily_names_with_colons_and_apostrophes():
    folder = shared_path("corpus", "en_peoplesdaily_raw_2020-11-19")
    names = {r.source_id for r in iter_records([folder]) if r.status is None}
    assert len(names) == 170
    assert any(":" in n and "'" in n for n in names)


def test_a_folder_metadata_table_gives_its_files_titles_and_dates(write):
    write("doc_0001.txt", "第一篇文章的正文。")
    write("doc_0002.txt", "第二篇文章的正文。")
    write("metadata.csv", "ID,title,year,source\ndoc_0001,标题一,2016-09-25,新华社\ndoc_0003,无此文件,2017-01-02,x\n")
    from transforms import io

    records = {r.source_id: r for r in io.iter_records([write.root])}
    assert (records["doc_0001.txt"].title, records["doc_0001.txt"].published) == ("标题一", "2016-09-25")
    assert (records["doc_0002.txt"].title, records["doc_0002.txt"].published) == (None, None)
    sidecar = records["metadata.csv"]
    assert sidecar.status == "empty"
    assert sidecar.reason == "metadata table, no article text: it gives titles and dates to 1 file in its folder"


def test_columns_of_distinct_texts_are_written_without_a_dictionary(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("language", pa.string()), ("text", pa.string())])
    table = pa.table({"language": ["de", "de", "fr"], "text": ["Erster Bericht.", "Zweiter Bericht.", "Un autre."]},
                     schema=schema)
    for splice in (False, True):  # a full build's writer and a splice's (pieces encoded in memory)
        path = tmp_path / f"t{splice}.parquet"
        writer = sio.TableWriter(path, schema, row_group_rows=8, splice=splice)
        writer.write(table)
        writer.close()
        group = pq.ParquetFile(path).metadata.row_group(0)
        encodings = {group.column(i).path_in_schema: group.column(i).encodings for i in range(2)}
        assert "RLE_DICTIONARY" in encodings["language"] and "RLE_DICTIONARY" not in encodings["text"]
        assert pq.ParquetFile(path).read() == table
