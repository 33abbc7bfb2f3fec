"""Encodings and binary files: every article is decoded right, or becomes a row saying what it looks like."""

from __future__ import annotations

import codecs
import json
import random

import pytest

from transforms import encoding
from transforms.io import iter_records

# our own sentences, one per script
CHINESE = "中国与哈萨克斯坦签署了一项关于新建天然气管道的合作协议，双方将共同投资建设这条管道，预计明年年底完工。"
CHINESE_TRADITIONAL = "台灣與越南簽署了一項關於新建電廠的合作協議，雙方將共同投資建設這座電廠，預計明年年底完工。"
RUSSIAN = "Администрация Казани и городские власти Ханчжоу договорились вместе строить школы и обмениваться учителями."
PORTUGUESE = "A câmara de comércio luso-chinesa assinou um protocolo de cooperação com uma associação em Lisboa."
GERMAN = "Die chinesische Firma übernimmt das Werk in Köln für 300 Millionen Euro – ein „großer“ Schritt."
ARABIC = "وقعت الصين ومصر اتفاقية لبناء محطة كهرباء جديدة في العاصمة الإدارية."


def only(root):
    records = list(iter_records([root]))
    assert len(records) == 1, records
    return records[0]


@pytest.mark.parametrize(("text", "codec", "label"), [
    (CHINESE, "gb18030", "gb18030"),
    (CHINESE, "gbk", "gb18030"),  # GB18030 is a superset of GBK: same text
    (CHINESE_TRADITIONAL, "big5", "big5"),
    (RUSSIAN, "cp1251", "cp1251"),
    (PORTUGUESE, "latin-1", "cp1252"),  # identical text for these letters; the more common name is reported
    (GERMAN, "cp1252", "cp1252"),  # „ “ – are Windows-1252 only
    (ARABIC, "cp1256", "cp1256"),
    (CHINESE + RUSSIAN, "utf-8", "utf-8"),
])
def test_legacy_and_utf8_texts_decode_to_the_written_sentence(write, text, codec, label):
    write("article.txt", text.encode(codec))
    record = only(write.root)
    assert (record.status, record.text, record.encoding) == (None, text, label)


@pytest.mark.parametrize(("bom", "codec", "label"), [
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
])
def test_byte_order_marks_choose_the_encoding_and_are_not_part_of_the_text(write, bom, codec, label):
    write("article.txt", bom + (CHINESE + "\n" + RUSSIAN).encode(codec))
    record = only(write.root)
    assert (record.text, record.encoding) == (CHINESE + "\n" + RUSSIAN, label)


def test_utf16_without_byte_order_mark_is_recognised_by_its_nul_pattern(write):
    text = "Ningbo signed agreements worth 13.7 billion yuan with partners in Shanghai."
    write("le.txt", text.encode("utf-16-le"))
    write("be.txt", text.encode("utf-16-be"))
    records = list(iter_records([write.root]))
    assert [(r.source_id, r.text, r.encoding) for r in records] == [
        ("be.txt", text, "utf-16-be"), ("le.txt", text, "utf-16-le")]


@pytest.mark.parametrize(("head", "looks_like"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
    (b"GIF89a\x01\x00\x01\x00", "a GIF image"),
    (b"PK\x03\x04\x14\x00\x00\x00", "a ZIP archive"),
    (b"\x7fELF\x02\x01\x01\x00", "an ELF executable"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip-compressed data"),
])
def test_binary_files_named_txt_are_unreadable_and_say_what_they_look_like(write, head, looks_like):
    write("notes.txt", head + bytes(range(256)))
    record = only(write.root)
    assert record.status == "unreadable"
    assert record.reason.startswith(f"binary file: looks like {looks_like}")
    assert record.text is None


def test_nul_bytes_outside_utf16_mean_binary(write):
    write("dump.txt", b"header\x00\x00\x01\x02\x03 some words \x00\xff\xfe\x00\x00\x00")
    record = only(write.root)
    assert (record.status, record.reason) == ("unreadable", "binary file: it holds NUL bytes and is not UTF-16 text")


def test_bytes_no_encoding_fits_are_unreadable(write):
    noise = bytes(b for b in random.Random(7).randbytes(600) if b)  # seeded: the same bytes on every run
    write("noise.txt", noise)
    record = only(write.root)
    assert (record.status, record.reason) == ("unreadable", "undecodable bytes: not UTF-8, and no known encoding fits")


def test_a_utf8_article_with_a_stray_byte_is_unreadable_not_misread_as_another_encoding(write):
    write("article.txt", CHINESE.encode() + b"\xff" + CHINESE.encode())
    record = only(write.root)
    assert (record.status, record.reason) == ("unreadable", "undecodable bytes at offset 153 (read as utf-8)")


def test_jsonl_in_windows_1251_streams_with_one_encoding_for_the_file(write):
    lines = [json.dumps({"id": f"ru-{i}", "text": f"{RUSSIAN} Номер {i}."}, ensure_ascii=False) for i in (1, 2)]
    write("feed.jsonl", "\n".join(lines).encode("cp1251"))
    assert [(r.source_id, r.text, r.encoding) for r in iter_records([write.root])] == [
        ("ru-1", f"{RUSSIAN} Номер 1.", "cp1251"), ("ru-2", f"{RUSSIAN} Номер 2.", "cp1251")]


def test_jsonl_in_utf16_with_a_byte_order_mark(write):
    lines = [json.dumps({"text": CHINESE}, ensure_ascii=False), json.dumps({"text": RUSSIAN}, ensure_ascii=False)]
    write("feed.jsonl", codecs.BOM_UTF16_LE + "\r\n".join(lines).encode("utf-16-le"))
    assert [(r.source_id, r.text, r.encoding) for r in iter_records([write.root])] == [
        ("feed.jsonl#1", CHINESE, "utf-16-le"), ("feed.jsonl#2", RUSSIAN, "utf-16-le")]


def test_csv_in_gb18030_and_big5(write):
    write("simplified.csv", f"id,title,text\ns1,管道,{CHINESE}\n".encode("gb18030"))
    write("traditional.csv", f"id,title,text\nt1,電廠,{CHINESE_TRADITIONAL}\n".encode("big5"))
    assert [(r.source_id, r.title, r.text, r.encoding) for r in iter_records([write.root])] == [
        ("s1", "管道", CHINESE, "gb18030"), ("t1", "電廠", CHINESE_TRADITIONAL, "big5")]


def test_a_bad_line_in_a_utf8_jsonl_is_one_row_and_the_other_lines_are_read(write):
    good = json.dumps({"text": CHINESE}, ensure_ascii=False).encode()
    write("feed.jsonl", b"\n".join([good, b'{"text": "bad \xff byte"}', good]))
    assert [(r.source_id, r.status, r.reason, r.text) for r in iter_records([write.root])] == [
        ("feed.jsonl#1", None, None, CHINESE),
        ("feed.jsonl#2", "unreadable", "line 2: undecodable bytes at column 15 (the file reads as utf-8)", None),
        ("feed.jsonl#3", None, None, CHINESE),
    ]


def test_detect_on_a_sample_cut_inside_a_character_still_says_utf8():
    data = CHINESE.encode()
    assert encoding.detect(data[:10], complete=False).codec == "utf-8"  # 10 bytes end inside the 4th character
    assert encoding.detect(data[:10], complete=True).codec != "utf-8"


def test_a_utf16_tsv_as_spreadsheets_export_it(write):
    table = f"id\ttitle\ttext\r\nz1\t管道\t{CHINESE}\r\nr1\tМосква\t{RUSSIAN}\r\n"
    write("export.tsv", codecs.BOM_UTF16_LE + table.encode("utf-16-le"))
    assert [(r.source_id, r.title, r.text, r.encoding) for r in iter_records([write.root])] == [
        ("z1", "管道", CHINESE, "utf-16-le"), ("r1", "Москва", RUSSIAN, "utf-16-le")]


def test_a_whitespace_only_utf16_file_is_empty(write):
    write("blank.txt", codecs.BOM_UTF16_LE + " \r\n\t".encode("utf-16-le"))
    record = only(write.root)
    assert (record.status, record.reason, record.encoding) == ("empty", "the file holds only whitespace", "utf-16-le")
