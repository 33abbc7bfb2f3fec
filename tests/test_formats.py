"""Every input format of the contract, and every way a file can be bad: a row with a status and a reason each."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms import formats
from transforms.formats import Limits
from transforms.io import iter_records

DEAL = "Ningbo signed agreements with thirteen partners, worth 13.7 billion yuan in all."
MOU = "Moscow and Shenzhen signed a memorandum on digital cooperation on 6 March 2024."
PAGE = "<!DOCTYPE html>\n<html><head><title>Deal</title></head><body><p>" + DEAL + "</p></body></html>"


def rows(root, limits=None):
    """(source_id, status, reason, text) of every record read from ``root``."""
    return [(r.source_id, r.status, r.reason, r.text) for r in iter_records([root], limits)]


def one(root, limits=None):
    records = list(iter_records([root], limits))
    assert len(records) == 1, records
    return records[0]


# --- plain files -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["article.txt", "article.md", "ARTICLE.TXT"])
def test_a_plain_file_is_one_article(write, name):
    write(name, f"Ningbo deal\n\n{DEAL}\n")
    record = one(write.root)
    assert (record.source_id, record.status, record.text, record.is_html, record.encoding) == (
        name, None, f"Ningbo deal\n\n{DEAL}\n", False, "utf-8")
    assert record.source == str(write.root / name)


@pytest.mark.parametrize("name", ["page.html", "page.htm"])
def test_an_html_file_is_kept_as_raw_html(write, name):
    write(name, PAGE)
    record = one(write.root)
    assert (record.source_id, record.text, record.is_html) == (name, PAGE, True)


@pytest.mark.parametrize("start", ["<!DOCTYPE html>", "<!doctype HTML>", "  \n<html lang='en'>",
                                   "<?xml version='1.0'?>\n<html>", "<!-- saved page -->\n<html>"])
def test_html_inside_a_txt_file_is_recognised(write, start):
    write("saved.txt", f"{start}<body>{DEAL}</body></html>")
    assert one(write.root).is_html is True


def test_text_that_merely_mentions_html_is_not_html(write):
    write("note.txt", f"{DEAL} The <html> tag was in the press release.")
    assert one(write.root).is_html is False


# --- JSON --------------------------------------------------------------------------------------------------------


def test_a_json_record_maps_field_aliases_case_insensitively(write):
    write("one.json", json.dumps({"ID": "nb-1", "Content": DEAL, "Headline": "Ningbo deal", "link": "https://x.test/1",
                                  "pub_date": "2024-03-06", "Lang": "en", "outlet": "Example Daily"}))
    record = one(write.root)
    assert (record.source_id, record.text, record.title, record.url, record.published, record.language) == (
        "nb-1", DEAL, "Ningbo deal", "https://x.test/1", "2024-03-06", "en")


def test_the_first_text_alias_with_a_value_wins(write):
    write("one.json", json.dumps({"summary": "short", "text": "", "body": DEAL, "description": "a description"}))
    assert one(write.root).text == DEAL


def test_a_json_list_gives_numbered_records_unless_they_have_ids(write):
    write("list.json", json.dumps([{"text": DEAL}, {"id": 77, "body": MOU}, {"text": ["First paragraph.", "Second."]}]))
    assert rows(write.root) == [
        ("list.json#1", None, None, DEAL),
        ("77", None, None, MOU),
        ("list.json#3", None, None, "First paragraph.\n\nSecond."),
    ]


def test_a_wrapper_object_with_a_list_of_articles(write):
    write("feed.json", json.dumps({"feed": "Example", "articles": [{"text": DEAL}, {"text": MOU}]}))
    assert rows(write.root) == [("feed.json#1", None, None, DEAL), ("feed.json#2", None, None, MOU)]


def test_bad_items_of_a_json_list_are_rows_and_the_rest_is_read(write):
    write("list.json", json.dumps([DEAL, 42, None, {"title": "No body", "date": "2024-01-01"}, {"text": {"en": DEAL}},
                                   {"text": MOU}]))
    assert rows(write.root) == [
        ("list.json#1", None, None, DEAL),  # a bare string is an article's text
        ("list.json#2", "unreadable", "record 2 holds a JSON int, not a record", None),
        ("list.json#3", "unreadable", "record 3 holds a JSON null, not a record", None),
        ("list.json#4", "empty", "no text in the record (its fields with values: title, date)", None),
        ("list.json#5", "unreadable", "field 'text' holds dict, not text", None),
        ("list.json#6", None, None, MOU),
    ]


def test_invalid_json_is_one_row_with_the_parsers_message(write):
    write("broken.json", '{"text": "unfinished')
    assert rows(write.root) == [
        ("broken.json", "unreadable", "not valid JSON: Unterminated string starting at (line 1, column 10)", None)]


def test_json_lines_saved_as_json_are_read_line_by_line(write):
    write("lines.json", json.dumps({"text": DEAL}) + "\n" + json.dumps({"text": MOU}) + "\n")
    assert rows(write.root) == [("lines.json#1", None, None, DEAL), ("lines.json#2", None, None, MOU)]


def test_an_empty_json_list_is_one_empty_row(write):
    write("none.json", "[]")
    assert rows(write.root) == [("none.json", "empty", "the file holds an empty list of records", None)]


# --- JSON Lines --------------------------------------------------------------------------------------------------


def test_jsonl_numbers_records_by_line_and_reports_each_bad_line(write):
    write("feed.jsonl", "\n".join([
        json.dumps({"text": DEAL, "published_date": "2024-03-06", "url": "https://x.test/a"}),
        "",  # blank: not a record
        '{"text": "missing end"',
        json.dumps({"id": "mou-1", "title": "MoU", "text": MOU}),
        json.dumps({"title": "Only a title", "language": "en"}),
        "[1, 2]",
    ]) + "\n")
    assert rows(write.root) == [
        ("feed.jsonl#1", None, None, DEAL),
        ("feed.jsonl#3", "unreadable", "line 3: not valid JSON: Expecting ',' delimiter (column 23)", None),
        ("mou-1", None, None, MOU),
        ("feed.jsonl#5", "empty", "no text in the record (its fields with values: title, language)", None),
        ("feed.jsonl#6", "unreadable", "line 6 holds a JSON list, not a record", None),
    ]


def test_jsonl_of_only_blank_lines_is_one_empty_row(write):
    write("blank.jsonl", "\n  \n\n")
    assert rows(write.root) == [("blank.jsonl", "empty", "the file holds no records, only blank lines", None)]


def test_jsonl_record_text_that_is_html_is_flagged(write):
    write("pages.jsonl", json.dumps({"text": PAGE}) + "\n")
    record = one(write.root)
    assert (record.text, record.is_html) == (PAGE, True)


# --- CSV / TSV ---------------------------------------------------------------------------------------------------


def test_semicolon_csv_with_body_in_summary_and_date_in_published_date(write):
    body = f'{DEAL} The partners said; "more will follow".\nA second paragraph.'
    quoted = body.replace('"', '""')
    write("news.csv", ";title;published_date;link;excerpt;summary\n"
                      f'0;Ningbo deal;2024-03-06 08:00:00;https://x.test/n;Short excerpt;"{quoted}"\n'
                      f"1;MoU;2024-03-07;https://x.test/m;;{MOU}\n")
    records = list(iter_records([write.root]))
    assert [(r.source_id, r.title, r.published, r.url, r.text) for r in records] == [
        ("news.csv#1", "Ningbo deal", "2024-03-06 08:00:00", "https://x.test/n", body),
        ("news.csv#2", "MoU", "2024-03-07", "https://x.test/m", MOU),
    ]


@pytest.mark.parametrize(("name", "delimiter"), [("a.csv", ","), ("a.csv", ";"), ("a.csv", "\t"), ("a.csv", "|"),
                                                 ("a.tsv", "\t")])
def test_the_delimiter_is_sniffed_from_the_header(write, name, delimiter):
    write(name, delimiter.join(["id", "title", "text"]) + "\n" + delimiter.join(["d1", "Deal", '"A, b; c | d"']) + "\n")
    assert rows(write.root) == [("d1", None, None, "A, b; c | d")]


def test_a_csv_without_a_text_column_is_one_row_listing_its_columns(write):
    write("figures.csv", "Year,Month,Investor,Millions\n2019,May,Example Group,350\n")
    ((source_id, status, reason, text),) = rows(write.root)
    assert (source_id, status, text) == ("figures.csv", "empty", None)
    assert reason.startswith("no text column: its 4 columns are Year, Month, Investor, Millions (delimiter ',')")


def test_a_csv_row_without_text_is_empty_and_names_its_fields(write):
    write("rows.csv", "id,title,text,date\nr1,Deal,,2024-01-02\nr2,MoU,Some text.,\n\n")
    assert rows(write.root) == [
        ("r1", "empty", "no text in the record (its fields with values: id, title, date)", None),
        ("r2", None, None, "Some text."),
    ]


def test_a_csv_with_only_a_header_is_one_empty_row(write):
    write("header.csv", "id,text\n")
    assert rows(write.root) == [("header.csv", "empty", "the CSV has a header (id, text) but no rows", None)]


def test_long_csv_fields_parse(write):
    body = "Cooperation grows. " * 20_000  # 380,000 characters, past csv's default field limit of 131,072
    write("long.csv", f"id,text\nlong,{body}\n")
    assert rows(write.root) == [("long", None, None, body)]


# --- empty, too large, unsupported -------------------------------------------------------------------------------


def test_empty_and_whitespace_only_files(write):
    write("a_empty.txt", b"")
    write("b_blank.md", " \n\t\n")
    write("c_empty.csv", b"")
    assert rows(write.root) == [
        ("a_empty.txt", "empty", "the file is empty (0 bytes)", None),
        ("b_blank.md", "empty", "the file holds only whitespace", None),
        ("c_empty.csv", "empty", "the file is empty (0 bytes)", None),
    ]


def test_a_plain_file_over_the_limit_is_too_large_without_being_read():
    def never_opened():
        raise AssertionError("the file was opened although its size was known to be over the limit")

    records = list(formats.read_file("big.txt", "/in/big.txt", 21 * formats.MB, never_opened, Limits()))
    assert [(r.source_id, r.status, r.reason) for r in records] == [
        ("big.txt", "too_large", "the file is 21.0 MB, over the limit of 20.0 MB")]


def test_the_limit_is_per_record_in_multi_record_files(write):
    limits = Limits(max_record_bytes=100)
    long_text = "x" * 150
    write("feed.jsonl", "\n".join([json.dumps({"text": "short one"}), json.dumps({"text": long_text}),
                                   json.dumps({"text": "short two"})]))
    write("list.json", json.dumps([{"text": "short"}, {"text": "é" * 60}]))  # 60 characters, 120 bytes
    write("rows.csv", f"id,text\nc1,short\nc2,{long_text}\nc3,after\n")
    assert rows(write.root, limits) == [
        ("feed.jsonl#1", None, None, "short one"),
        ("feed.jsonl#2", "too_large", "line 2 is over the limit of 100 bytes per record", None),
        ("feed.jsonl#3", None, None, "short two"),
        ("list.json#1", None, None, "short"),
        ("list.json#2", "too_large", "the record's text is 120 bytes, over the limit of 100 bytes", None),
        ("c1", None, None, "short"),
        ("rows.csv#2", "too_large", "row 2 (line 3) is over the limit of 100 bytes per record; not read", None),
        ("c3", None, None, "after"),
    ]


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("report.pdf", b"%PDF-1.4", ".pdf"),
    ("letter.docx", b"PK\x03\x04", ".docx"),
    ("photo.png", b"\x89PNG", ".png"),
    ("LICENSE", b"Some licence text.", "no extension"),
])
def test_unsupported_file_types_are_rows(write, name, content, kind):
    write(name, content)
    record = one(write.root)
    assert (record.source_id, record.status) == (name, "unreadable")
    assert record.reason.startswith(f"unsupported file type ({kind})")


# --- ZIP archives ------------------------------------------------------------------------------------------------


def zipped(members: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_members_are_read_in_memory_and_named_with_an_exclamation_mark(write):
    feed = "\n".join(json.dumps({"text": t}) for t in ("one", "two", DEAL))
    write("bundle.zip", zipped({"docs/a.txt": DEAL, "feed.jsonl": feed, "docs/": "", "新闻/莫斯科.md": MOU}))
    records = list(iter_records([write.root]))
    assert [(r.source_id, r.status, r.text) for r in records] == [
        ("bundle.zip!docs/a.txt", None, DEAL),
        ("bundle.zip!feed.jsonl#1", None, "one"),
        ("bundle.zip!feed.jsonl#2", None, "two"),
        ("bundle.zip!feed.jsonl#3", None, DEAL),
        ("bundle.zip!新闻/莫斯科.md", None, MOU),
    ]
    assert records[0].source == f"{write.root / 'bundle.zip'}!docs/a.txt"


def test_unsafe_member_paths_are_rows_and_never_touch_the_disk(write, tmp_path):
    write("evil.zip", zipped({"../escape.txt": DEAL, "/etc/absolute.txt": DEAL, "a/../../up.txt": DEAL,
                              "C:\\windows.txt": DEAL, "fine.txt": DEAL}))
    refused = "unsafe path in archive (absolute, or climbing out with '..'); not read"
    assert rows(write.root) == [
        ("evil.zip!../escape.txt", "unreadable", refused, None),
        ("evil.zip!/etc/absolute.txt", "unreadable", refused, None),
        ("evil.zip!C:\\windows.txt", "unreadable", refused, None),
        ("evil.zip!a/../../up.txt", "unreadable", refused, None),
        ("evil.zip!fine.txt", None, None, DEAL),
    ]
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["evil.zip", "in"]


def test_a_member_compressed_too_well_is_refused_as_a_zip_bomb(write):
    path = write("bomb.zip", zipped({"zeros.txt": b"0" * (4 * formats.MB), "ok.txt": DEAL}))
    zeros = zipfile.ZipFile(path).getinfo("zeros.txt")
    ratio = zeros.file_size / zeros.compress_size  # about 1,000:1, the most deflate can do
    assert ratio > 900
    assert rows(write.root) == [
        ("bomb.zip!ok.txt", None, None, DEAL),
        ("bomb.zip!zeros.txt", "unreadable", f"compression ratio {ratio:,.0f}:1 is over the limit of 200:1 "
                                             "(a zip bomb?); not read", None),
    ]


def test_too_many_members_or_too_many_bytes_refuse_the_whole_archive(write):
    write("many.zip", zipped({f"{i}.txt": DEAL for i in range(5)}))
    assert rows(write.root, Limits(max_archive_members=4)) == [
        ("many.zip", "unreadable", "the archive has 5 members, over the limit of 4 (a zip bomb?); not read", None)]
    assert rows(write.root, Limits(max_archive_bytes=300)) == [
        ("many.zip", "too_large", "the archive unpacks to 400 bytes, over the limit of 300 bytes (a zip bomb?); "
                                  "not read", None)]


def test_a_nested_zip_is_a_row_saying_it_is_not_read(write):
    write("outer.zip", zipped({"inner.zip": zipped({"a.txt": DEAL}), "b.txt": MOU}))
    assert rows(write.root) == [
        ("outer.zip!b.txt", None, None, MOU),
        ("outer.zip!inner.zip", "unreadable", "archive inside an archive: archives are read one level deep; "
                                              "unpack it to read it", None),
    ]


def test_bad_members_of_an_archive_are_rows_like_bad_files(write):
    write("mixed.zip", zipped({"empty.txt": "", "scan.pdf": b"%PDF-1.4", "broken.jsonl": '{"text": 1}\n'}))
    assert rows(write.root) == [
        ("mixed.zip!broken.jsonl#1", "unreadable", "field 'text' holds int, not text", None),
        ("mixed.zip!empty.txt", "empty", "the file is empty (0 bytes)", None),
        ("mixed.zip!scan.pdf", "unreadable", "unsupported file type (.pdf); read are .txt .md .html .htm .json .jsonl "
                                             ".csv .tsv and .zip archives of those", None),
    ]


def test_a_damaged_zip_is_one_row(write):
    write("cut.zip", zipped({"a.txt": DEAL})[:40])
    assert rows(write.root) == [("cut.zip", "unreadable", "not a readable ZIP archive: File is not a zip file", None)]


def test_an_encrypted_member_is_a_row(write):
    data = bytearray(zipped({"secret.txt": DEAL}, compression=zipfile.ZIP_STORED))
    data[6] |= 0x1  # the local header's "encrypted" flag
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x1  # and the central directory's
    write("locked.zip", bytes(data))
    assert rows(write.root) == [("locked.zip!secret.txt", "unreadable", "encrypted archive member; not read", None)]


# --- never raises ------------------------------------------------------------------------------------------------

SUFFIXES = [".txt", ".html", ".json", ".jsonl", ".csv", ".tsv", ".zip", ".pdf"]


def check_rows(records: list) -> None:
    assert records, "every file gives at least one row"
    for record in records:
        assert record.status in (None, "empty", "unreadable", "too_large"), (record.status, record.reason)
        assert (record.text is None) == (record.status is not None)
        assert record.status is None or record.reason


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_in_any_format_give_rows_and_never_raise(data, suffix):
    check_rows(list(formats.read_file(f"x{suffix}", "x", len(data), lambda: io.BytesIO(data), Limits())))


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from('{}[]",:;|\t\n\r tx\\é中0'), max_size=200),
       suffix=st.sampled_from([".json", ".jsonl", ".csv", ".tsv"]))
def test_any_almost_structured_text_gives_rows_and_never_raises(text, suffix):
    data = text.encode("utf-8")
    check_rows(list(formats.read_file(f"x{suffix}", "x", len(data), lambda: io.BytesIO(data), Limits())))
