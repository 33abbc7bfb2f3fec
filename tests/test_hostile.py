"""Hostile input through the whole `sinoties build`: nothing lost, nothing let in.

One pile of nasty files (made here, in a temporary folder: nothing is committed but this code) goes through the
real command in a subprocess, once per test session. The tests below then read the one result from several sides:
every record is a row with a status (and a reason unless ok), counts in = rows out, the command exits 0 with no
traceback, nothing outside --out changed, no script from a page reaches the tables, and the 100 MB files are
refused without being read whole. The reader's own unit tests (test_formats, test_encoding, test_io_read) test each
rule alone; here they are all at once, end to end.
"""

from __future__ import annotations

import io as bytes_io
import json
import os
import random
import stat
import struct
import subprocess
import sys
import tracemalloc
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from transforms import io, paths, pipeline

MB = 1024 * 1024
BIG = 100 * MB
MILLION = 1_000_000
RECORD_EVERY = 1_000  # in the million-line JSONL, one line in this many is a record; the rest are blank
READ = {"ok", "off_topic", "duplicate"}  # what a readable article may become: extraction's call, not the reader's
DEAL = ("China Harbour Engineering signed an agreement worth 120 million US dollars with the port authority of "
        "{place} on 3 March 2024 to build a container terminal.")
SCRIPT_MARKERS = ("PWNED", "alert(", "javascript:", "onerror", "onload", "<script", "<iframe", "evil.example")


@dataclass
class Pile:
    """The hostile files and, for each record they hold, the statuses it may end with."""

    root: Path
    expected: dict[str, set[str]] = field(default_factory=dict)

    def file(self, name: str | bytes, content: bytes, *statuses: str) -> Path:
        path = self.root / os.fsdecode(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        if statuses:
            self.expect(os.fsdecode(name), *statuses)
        return path

    def expect(self, source_id: str, *statuses: str) -> None:
        assert source_id not in self.expected, source_id
        self.expected[source_id] = set(statuses)


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = bytes_io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _zip_declaring(size: int) -> bytes:
    """A small archive whose directory claims its one member unpacks to ``size`` bytes (a lying zip bomb)."""
    data = bytearray(_zip({"claims-huge.txt": DEAL.format(place="Mombasa").encode()}))
    central = data.index(b"PK\x01\x02")
    data[central + 24:central + 28] = struct.pack("<I", size)  # uncompressed size in the central directory
    return bytes(data)


def _zip_lying_small() -> bytes:
    """A member whose directory says it is shorter than it is: reading stops at the declared size, the CRC fails."""
    data = bytearray(_zip({"liar.txt": (DEAL.format(place="Durban") + " ") * 40}))
    for marker, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.index(marker)
        data[at + offset:at + offset + 4] = struct.pack("<I", 10)
    return bytes(data)


def _zip_with_symlink() -> bytes:
    buffer = bytes_io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("link-to-passwd.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("fine.txt", DEAL.format(place="Walvis Bay"))
    return buffer.getvalue()


def _sparse(path: Path, head: bytes, size: int) -> Path:
    """A ``size``-byte file that costs no disk and no time: ``head``, then a hole (read back as NUL bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


HOSTILE_HTML = """<!DOCTYPE html>
<html><head><title>Port deal<script>document.title='PWNED-title'</script></title>
<meta http-equiv="refresh" content="0; url=javascript:alert('PWNED-refresh')">
<style>body { background: url("javascript:alert('PWNED-css')") }</style>
<script>alert('PWNED-head')</script></head>
<body onload="alert('PWNED-body')">
<iframe src="https://evil.example/PWNED-iframe"></iframe>
<iframe srcdoc="<script>alert('PWNED-srcdoc')</script>"></iframe>
<article><h1>Port deal signed in Chittagong</h1>
<p>China Harbour Engineering signed an agreement worth 120 million US dollars with the port authority of
Chittagong on 3 March 2024 to build a container terminal.<img src="x" onerror="alert('PWNED-img')"></p>
<p onclick="alert('PWNED-click')">The terminal is to open in 2027, the port authority said.</p>
<p><a href="javascript:alert('PWNED-link')">More</a></p>
<svg onload="alert('PWNED-svg')"><script>alert('PWNED-svg-script')</script></svg>
<object data="https://evil.example/PWNED-object"></object><embed src="https://evil.example/PWNED-embed">
<noscript><img src="https://evil.example/PWNED-noscript"></noscript>
</article><script src="https://evil.example/PWNED.js"></script></body></html>
"""


def make_pile(root: Path) -> Pile:
    pile = Pile(root)
    rng = random.Random(8)
    def deal(place: str) -> str:
        return DEAL.format(place=place)

    # empty, binary, truncated
    pile.file("empty.txt", b"", "empty")
    pile.file("blank.md", "  \n\t\r\n \u3000".encode(), "empty")
    pile.file("random-bytes.txt", rng.randbytes(4096), "unreadable")
    pile.file("image.html", b"\x89PNG\r\n\x1a\n" + rng.randbytes(2048), "unreadable")
    pile.file("program.jsonl", b"\x7fELF\x02\x01\x01\x00" + bytes(4096), "unreadable")
    pile.file("zeros.csv", bytes(65536), "unreadable")
    pile.file("cut-inside-a-character.txt", ("北京与内罗毕签署港口合作协议。" * 3).encode()[:-1], *READ, "unreadable")
    pile.file("cut.json", b'[{"text": "' + deal("Lagos").encode()[:40], "unreadable")
    whole_zip = _zip({f"m{i}.txt": deal(f"Port {i}").encode() for i in range(5)})
    pile.file("cut.zip", whole_zip[: len(whole_zip) // 2], "unreadable")
    pile.file("cut-utf16.txt", "\ufeff".encode("utf-16-le") + deal("Lima").encode("utf-16-le")[:-1], *READ,
              "unreadable")

    # wrong and mixed encodings
    pile.file("russian-1251.txt", "Китай и Казахстан подписали соглашение о строительстве завода в Алматы "
                                  "стоимостью 300 миллионов долларов.".encode("cp1251"), *READ)
    pile.file("chinese-gbk.txt", "中国与肯尼亚签署了价值十亿元的铁路合作协议，项目位于蒙巴萨。".encode("gbk"), *READ)
    pile.file("mixed.txt", deal("Almaty").encode() + "\n\nЦена: 300 миллионов долларов.".encode("cp1251"),
              *READ, "unreadable")
    pile.file("mixed.jsonl", b"\n".join([
        json.dumps({"text": deal("Accra")}).encode(),
        json.dumps({"text": "Le port de Cotonou a sign\u00e9 un accord."}, ensure_ascii=False).encode("latin-1"),
        json.dumps({"text": deal("Dakar"), "title": "\ud800 lone surrogate"}).encode(),  # a JSON \\ud800 escape
    ]) + b"\n")
    pile.expect("mixed.jsonl#1", *READ)
    pile.expect("mixed.jsonl#2", *READ, "unreadable")
    pile.expect("mixed.jsonl#3", *READ)

    # malformed CSV
    pile.file("unterminated.csv", f'id,text\nu1,"{deal("Tema")}\n'.encode())
    pile.expect("u1", *READ, "unreadable")
    pile.file("ragged.csv", (f"id,text,title\nr1,{deal('Lome')},A title,extra,cells\nr2\n"
                             f"r3,{deal('Abuja')}\n").encode())
    pile.expect("r1", *READ)
    pile.expect("r2", "empty")
    pile.expect("r3", *READ)
    pile.file("nul-in-row.csv", f"id,text\nn1,{deal('Kigali')}\nn2,bad\x00row\n".encode(), "unreadable")  # binary
    pile.file("header-only.csv", b"id,text\n", "empty")
    pile.file("no-text-column.csv", b"a;b;c\n1;2;3\n", "empty")

    # JSON oddities
    pile.file("deep.json", b"[" * 100_000 + b"]" * 100_000, "unreadable")
    pile.file("not-records.json", b'[null, 5, true, {"text": 7}, {"body": ["para one", "para two"]}]')
    for n, statuses in zip(range(1, 6), ({"unreadable"},) * 4 + (READ | {"empty"},)):
        pile.expect(f"not-records.json#{n}", *statuses)

    # zip bombs (ratio, declared size, member count), a lying member, nesting, paths out of the archive, a link
    pile.file("ratio-bomb.zip", _zip({"zeros.txt": bytes(5 * MB)}))
    pile.expect("ratio-bomb.zip!zeros.txt", "unreadable")
    pile.file("size-bomb.zip", _zip_declaring(0xFFFF_FFF0), "too_large")
    pile.file("member-bomb.zip", _zip({f"m{i:05}.txt": b"x" for i in range(10_001)}, zipfile.ZIP_STORED),
              "unreadable")
    pile.file("liar.zip", _zip_lying_small())
    pile.expect("liar.zip!liar.txt", "unreadable")
    pile.file("nested.zip", _zip({"inner.zip": whole_zip, "outer.txt": deal("Suva").encode()}))
    pile.expect("nested.zip!inner.zip", "unreadable")
    pile.expect("nested.zip!outer.txt", *READ)
    escapes = ["../../escaped.txt", "/tmp/absolute-escape.txt", "..\\windows-escape.txt", "C:/drive-escape.txt",
               "fine/../../../climb.txt"]
    pile.file("traversal.zip", _zip({**{name: deal("Apia").encode() for name in escapes},
                                     "fine.txt": deal("Nuku'alofa").encode()}))
    for name in escapes:
        pile.expect(f"traversal.zip!{name}", "unreadable")
    pile.expect("traversal.zip!fine.txt", *READ)
    pile.file("symlink-member.zip", _zip_with_symlink())
    pile.expect("symlink-member.zip!link-to-passwd.txt", "unreadable")
    pile.expect("symlink-member.zip!fine.txt", *READ)

    # links: loops, broken, a folder link back to an ancestor; a named pipe
    links = root / "links"
    links.mkdir()
    os.symlink(".", links / "back-to-itself")
    os.symlink("..", links / "back-to-the-top")
    os.symlink("loop-b.txt", links / "loop-a.txt")
    os.symlink("loop-a.txt", links / "loop-b.txt")
    os.symlink("self.txt", links / "self.txt")
    os.symlink("nowhere.txt", links / "broken.txt")
    os.mkfifo(links / "pipe.txt")
    for name in ("back-to-itself", "back-to-the-top", "loop-a.txt", "loop-b.txt", "self.txt", "broken.txt",
                 "pipe.txt"):
        pile.expect(f"links/{name}", "unreadable")

    # names: spaces, quotes, colons, other scripts, a line break, bytes that are not UTF-8, a leading dash
    names = {"with space.txt": "Colombo", "single'quote.txt": "Hambantota", 'double"quote.txt': "Gwadar",
             "colon:in:name.txt": "Karachi", "中文 名字.txt": "Yangon", "русское имя.md": "Astana",
             "اسم عربي.txt": "Muscat", "line\nbreak.txt": "Doha", "-dash-first.txt": "Aden", "🚢 ship.txt": "Jeddah",
             "x" * 200 + ".txt": "Port Sudan"}
    for name, place in names.items():
        pile.file(name, deal(place).encode(), *READ)
    pile.file(b"latin1-\xe9t\xe9.txt", deal("Lobito").encode())
    pile.expect("latin1-\\xe9t\\xe9.txt", *READ)  # shown with the bytes escaped, as `ls -b` does

    # HTML with scripts, event handlers and iframes; a JSON record whose text is a page
    pile.file("hostile.html", HOSTILE_HTML.encode(), *READ)
    pile.file("page-in-record.json", json.dumps({"id": "page-record", "text": HOSTILE_HTML}).encode())
    pile.expect("page-record", *READ)

    # unsupported types
    pile.file("report.pdf", b"%PDF-1.7\n" + rng.randbytes(512), "unreadable")
    pile.file("no-extension", deal("Beira").encode(), "unreadable")

    # 100 MB: a plain file (refused from its size) and a one-line JSONL (refused at the per-record limit)
    _sparse(root / "big" / "huge.txt", deal("Maputo").encode(), BIG)
    pile.expect("big/huge.txt", "too_large")
    _sparse(root / "big" / "one-huge-line.jsonl", b'{"text": "' + b"Port deal. " * 30_000, BIG)
    pile.expect("big/one-huge-line.jsonl#1", "too_large")

    # a million lines: a record every RECORD_EVERY lines (a good one, a broken one, in turn), blank lines between
    good = json.dumps({"text": "Trade talks between China and Chile went on in Santiago on Monday, officials said."}
                      ).encode()
    chunks = []
    for line in range(1, MILLION + 1, RECORD_EVERY):
        good_one = (line // RECORD_EVERY) % 2 == 0
        chunks.append((good if good_one else b'{"text": "broken') + b"\n" + b" \n" * (RECORD_EVERY - 1))
        pile.expect(f"million.jsonl#{line}", *(READ if good_one else {"unreadable"}))
    pile.file("million.jsonl", b"".join(chunks))
    return pile


# --- the one build ----------------------------------------------------------------------------------------------


def snapshot(top: Path, skip: Path) -> dict[str, tuple]:
    """Every entry under ``top`` (but ``skip``) with its kind and, for files and links, size, mtime and target."""
    entries = {}
    for folder, dirs, files in os.walk(top):
        folder_path = Path(folder)
        if folder_path == skip:
            dirs[:] = []
            continue
        for name in dirs + files:
            path = folder_path / name
            info = path.lstat()
            if path == skip:
                continue
            kind = stat.S_IFMT(info.st_mode)
            if kind == stat.S_IFDIR:  # a folder's own times change when a temp file comes and goes: its entries tell
                entries[str(path.relative_to(top))] = (kind,)
                continue
            target = os.readlink(path) if kind == stat.S_IFLNK else None
            entries[str(path.relative_to(top))] = (kind, info.st_size, info.st_mtime_ns, target)
    return entries


@dataclass
class Outcome:
    pile: Pile
    out: Path
    result: subprocess.CompletedProcess
    before: dict
    after: dict
    rows: list[dict]
    tables: dict


@pytest.fixture(scope="module")
def outcome(tmp_path_factory) -> Outcome:
    top = tmp_path_factory.mktemp("hostile")
    pile = make_pile(top / "in")
    out = top / "out"
    for spot in ("home", "cwd", "tmp"):
        (top / spot).mkdir()
    before = snapshot(top, skip=out)
    # anything written to the home folder, the working folder or the temp folder would show in the snapshot
    env = dict(os.environ, HOME=str(top / "home"), TMPDIR=str(top / "tmp"),
               PYTHONPATH=str(paths.REPO_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run([sys.executable, "-m", "transforms.cli", "build", str(pile.root), "--out", str(out)],
                            capture_output=True, text=True, cwd=top / "cwd", env=env, timeout=600)
    after = snapshot(top, skip=out)
    tables = {name: pq.read_table(io.tables_dir(out) / f"{name}.parquet") for name in io.read_manifest(out)["rows"]} \
        if result.returncode == 0 else {}
    rows = tables["articles"].to_pylist() if tables else []
    return Outcome(pile, out, result, before, after, rows, tables)


def test_the_build_exits_0_with_one_summary_line_and_no_traceback(outcome):
    assert outcome.result.returncode == 0, outcome.result.stderr[-3000:]
    assert "Traceback" not in outcome.result.stderr
    assert outcome.result.stderr == ""
    assert len(outcome.result.stdout.strip().splitlines()) == 1


def test_every_record_is_exactly_one_row(outcome):
    ids = [r["source_id"] for r in outcome.rows]
    assert len(ids) == len(set(ids)), "a record became two rows"
    missing, unexpected = outcome.pile.expected.keys() - set(ids), set(ids) - outcome.pile.expected.keys()
    assert (missing, unexpected) == (set(), set())
    summary = outcome.result.stdout.split(" records:")[0]
    assert int(summary.replace(",", "")) == len(outcome.pile.expected)


def test_every_row_ends_with_an_expected_status_and_every_non_ok_row_says_why(outcome):
    wrong = {r["source_id"]: (r["status"], r["reason"]) for r in outcome.rows
             if r["status"] not in outcome.pile.expected[r["source_id"]]}
    assert wrong == {}
    assert [r["source_id"] for r in outcome.rows if r["status"] != "ok" and not (r["reason"] or "").strip()] == []


def test_the_manifest_counts_the_rows_of_every_table(outcome):
    manifest = io.read_manifest(outcome.out)
    assert {name: table.num_rows for name, table in outcome.tables.items()} == manifest["rows"]


def test_nothing_outside_out_was_written_changed_or_extracted(outcome):
    assert outcome.after == outcome.before


def test_no_script_from_a_page_reaches_any_table(outcome):
    found = []
    for name, table in outcome.tables.items():
        for column in table.column_names:
            if not pa.types.is_string(table.schema.field(column).type):
                continue
            for value in table.column(column).to_pylist():
                if value and any(marker in value for marker in SCRIPT_MARKERS):
                    found.append((name, column, value[:120]))
    assert found == []
    page = next(r for r in outcome.rows if r["source_id"] == "hostile.html")
    assert "container terminal" in page["text"] and "open in 2027" in page["text"]


def test_the_100_mb_files_are_too_large_and_say_how_large(outcome):
    reasons = {r["source_id"]: r["reason"] for r in outcome.rows if r["source_id"].startswith("big/")}
    assert "100.0 MB" in reasons["big/huge.txt"]
    assert "line 1 is over the limit" in reasons["big/one-huge-line.jsonl#1"]


def test_a_million_line_jsonl_numbers_its_records_by_line(outcome):
    rows = [r for r in outcome.rows if r["source_id"].startswith("million.jsonl#")]
    assert len(rows) == MILLION // RECORD_EVERY
    last = max(rows, key=lambda r: int(r["source_id"].split("#")[1]))
    assert last["source_id"] == f"million.jsonl#{MILLION - RECORD_EVERY + 1}"
    assert last["status"] == "unreadable" and last["reason"].startswith(f"line {MILLION - RECORD_EVERY + 1}: ")


def test_names_that_are_not_utf8_are_kept_readable(outcome):
    row = next(r for r in outcome.rows if r["source_id"].startswith("latin1-"))
    assert row["source"].endswith("latin1-\\xe9t\\xe9.txt")
    assert "\ufffd" in next(r for r in outcome.rows if r["source_id"] == "mixed.jsonl#3")["title"]


# --- the 100 MB files are never read whole ------------------------------------------------------------------------


def _peak_while_building(folder: Path, out: Path) -> tuple[dict, int]:
    """(status counts, peak bytes allocated) of a build; a build before it loads the modules and caches."""
    pipeline.build([folder], out.with_name(out.name + "-warm"), quiet=True)
    tracemalloc.start()
    try:
        summary = pipeline.build([folder], out, quiet=True)
        return dict(summary.status_counts), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("name, head, limit", [
    ("huge.txt", DEAL.format(place="Maputo").encode(), 1 * MB),  # refused from its size on disk: nothing is read
    ("huge.html", b"<html><body>", 1 * MB),
    ("one-huge-line.jsonl", b'{"text": "' + b"Port deal. " * 30_000, 45 * MB),  # read in pieces of the record limit
])
def test_a_100_mb_file_is_too_large_without_being_read_whole(tmp_path, name, head, limit):
    big = _sparse(tmp_path / "in" / name, head, BIG)
    statuses, peak = _peak_while_building(big.parent, tmp_path / "out")
    assert statuses == {"too_large": 1}
    assert peak < limit, f"peak {peak / MB:.1f} MB while refusing a {BIG / MB:.0f} MB {name}"


def test_a_csv_without_line_breaks_is_too_large_without_being_read_whole(tmp_path):
    # a 100 MB line: the reader may hold up to one record's limit (20 MB) while deciding, never the whole line
    size = 100 * MB
    big = _sparse(tmp_path / "in" / "one-line.csv", b'id,text\n1,"' + b"Port deal. " * 30_000, size)
    statuses, peak = _peak_while_building(big.parent, tmp_path / "out")
    assert statuses == {"too_large": 1}
    assert peak < size / 2, f"peak {peak / MB:.1f} MB while refusing a {size / MB:.0f} MB CSV"


def test_a_record_whose_text_is_an_html_fragment_loses_its_scripts(tmp_path):
    fragment = ("<p>China Harbour Engineering signed a port deal in Tema on Friday.</p>"
                "<script>alert('PWNED')</script><img src=x onerror=\"alert('PWNED')\">")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "fragment.jsonl").write_text(json.dumps({"text": fragment}) + "\n", encoding="utf-8")
    pipeline.build([tmp_path / "in"], tmp_path / "out", quiet=True)
    [row] = pq.read_table(io.tables_dir(tmp_path / "out") / "articles.parquet").to_pylist()
    assert "port deal in Tema" in row["text"]
    assert not any(marker in row["text"] for marker in SCRIPT_MARKERS), row["text"]
