"""Turning one input file into records: one per plain file, many per JSON/JSONL/CSV file or ZIP archive.

``io`` finds the files and hands each one over as (relative name, path, size, opener); this module never names a
path on disk, it only reads the byte streams the opener gives. Every failure becomes a record with a status
(``empty``/``unreadable``/``too_large``/``error``) and a reason, and reading goes on: nothing raises to the caller
and nothing is skipped silently (blank lines between records are not records, so they are the one thing passed over).

Multi-record files stream: JSONL line by line, CSV row by row, so the size limit is per record, not per file.
Archives are read in memory, member by member, never extracted to disk, and one level deep only: a ZIP inside a
ZIP becomes a row saying it was not read. Field names (``text``/``content``/``summary``..., ``published``/``date``...)
come from ``data/lexicons/record_fields.json``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import PurePosixPath
from typing import Any, BinaryIO

from . import encoding, paths
from .model import RawRecord

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
ARCHIVE_SUFFIXES = frozenset({".zip"})
DELIMITERS = (",", ";", "\t", "|")  # candidates for a CSV's delimiter, the first winning a tie
MB = 1024 * 1024

Opener = Callable[[], BinaryIO]


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one input may cost; whatever passes a bound becomes a row with a status, never a crash."""

    max_record_bytes: int = 20 * MB  # one article (a plain file, a JSONL line, a CSV field): over it is `too_large`
    max_json_bytes: int = 256 * MB  # a .json file is parsed whole; larger collections belong in JSONL
    # ZIP archives (zip-bomb guards, checked on the archive's directory before any member is decompressed;
    # zipfile itself never inflates a member past the size its directory declares)
    max_archive_members: int = 10_000
    max_archive_bytes: int = 2048 * MB  # declared uncompressed total of all members
    max_compression_ratio: int = 200  # uncompressed/compressed of one member; text rarely passes 20
    ratio_checked_above: int = 1 * MB  # tiny members can compress absurdly well and cost nothing
    sniff_bytes: int = 256 * 1024  # how much of a streamed file the encoding and CSV delimiter are guessed from


def problem(source_id: str, source: str, status: str, reason: str, **fields: Any) -> RawRecord:
    """A row for something that could not be read as an article."""
    return RawRecord(source_id=source_id, source=source, status=status, reason=reason, **fields)


def read_file(rel: str, source: str, size: int, opener: Opener, limits: Limits) -> Iterator[RawRecord]:
    """Every record of one file (``rel``: its path relative to the input folder; ``size``: bytes on disk)."""
    suffix = PurePosixPath(rel).suffix.lower()
    if suffix in ARCHIVE_SUFFIXES:
        yield from _guarded(_archive(rel, source, opener, limits), rel, source)
    else:
        yield from _guarded(_read(rel, source, size, opener, limits, suffix), rel, source)


def looks_like_html(text: str) -> bool:
    """HTML: a document that starts like an HTML page (after an optional XML declaration and comments), or a
    fragment carrying active content (script, iframe, event handlers) or several markup tags near its start.

    Fragments matter because record fields (JSON, CSV) often hold HTML without a doctype; treated as plain text,
    their tags and scripts would reach the articles table.
    """
    if _HTML_START.match(text, 0, 4096) is not None:
        return True
    head = text[:4096]
    return _ACTIVE_MARKUP.search(head) is not None or len(_MARKUP_TAG.findall(head)) >= 3


_ACTIVE_MARKUP = re.compile(r"<(?:script|iframe|object|embed|style|svg)\b|<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
_MARKUP_TAG = re.compile(r"</?(?:p|div|span|br|a|img|table|tr|td|ul|ol|li|h[1-6]|section|article|strong|em|b|i|font)"
                         r"(?:\s[^<>]*)?/?>", re.IGNORECASE)
_HTML_START = re.compile(r"\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]",
                         re.IGNORECASE | re.DOTALL)


# --- dispatch and guarding ---------------------------------------------------------------------------------------


def _read(rel: str, source: str, size: int, opener: Opener, limits: Limits, suffix: str) -> Iterator[RawRecord]:
    if suffix in TEXT_SUFFIXES or suffix in HTML_SUFFIXES:
        return _single(rel, source, size, opener, limits, is_html=suffix in HTML_SUFFIXES)
    if suffix == ".jsonl":
        return _jsonl(rel, source, opener, limits)
    if suffix == ".json":
        return _json(rel, source, size, opener, limits)
    if suffix in (".csv", ".tsv"):
        return _csv(rel, source, opener, limits, prefer_tab=suffix == ".tsv")
    kind = suffix or "no extension"
    return iter([problem(rel, source, "unreadable", f"unsupported file type ({kind}); read are .txt .md .html .htm "
                                                    ".json .jsonl .csv .tsv and .zip archives of those")])


def _guarded(records: Iterable[RawRecord], rel: str, source: str) -> Iterator[RawRecord]:
    """``records``, and one more row instead of an exception if reading breaks off."""
    try:
        yield from records
    except OSError as exc:
        yield problem(rel, source, "unreadable", f"cannot read file: {exc.strerror or exc}")
    except (zipfile.BadZipFile, NotImplementedError) as exc:  # damaged member, or a compression zipfile lacks
        yield problem(rel, source, "unreadable", f"cannot read archive member: {exc}")
    except Exception as exc:  # noqa: BLE001 - an unforeseen quirk of one file must not stop the pile
        yield problem(rel, source, "error", f"reading stopped: {type(exc).__name__}: {exc}")


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB / 10 else f"{n:,} bytes"


# --- one article per file ----------------------------------------------------------------------------------------


def _single(rel: str, source: str, size: int, opener: Opener, limits: Limits, is_html: bool) -> Iterator[RawRecord]:
    limit = limits.max_record_bytes
    if size > limit:  # decided from the size on disk, before reading a byte
        yield problem(rel, source, "too_large", f"the file is {_size(size)}, over the limit of {_size(limit)}")
        return
    with opener() as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew after we looked
        yield problem(rel, source, "too_large", f"the file is over the limit of {_size(limit)}")
        return
    decoded, trouble = _whole_text(data, rel, source)
    if trouble is not None:
        yield trouble
        return
    yield RawRecord(source_id=rel, source=source, text=decoded.text,
                    is_html=is_html or looks_like_html(decoded.text), encoding=decoded.encoding)


def _whole_text(data: bytes, rel: str, source: str) -> tuple[encoding.Decoded | None, RawRecord | None]:
    """A whole file's bytes decoded, or the row saying why they hold no text (empty, undecodable, blank)."""
    if not data:
        return None, problem(rel, source, "empty", "the file is empty (0 bytes)")
    decoded = encoding.decode(data)
    if decoded.text is None:
        return None, problem(rel, source, "unreadable", decoded.problem)
    if not decoded.text.strip():
        return None, problem(rel, source, "empty", "the file holds only whitespace", encoding=decoded.encoding)
    return decoded, None


# --- records: field names ----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    data = json.loads((paths.LEXICON_DIR / "record_fields.json").read_text(encoding="utf-8"))
    fields = {field: tuple(name.lower() for name in names) for field, names in data["fields"].items()}
    return fields, tuple(data["wrappers"])


@lru_cache(maxsize=4096)
def _columns(keys: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """For each RawRecord field, the record's keys that may hold it, in priority order."""
    by_name: dict[str, str] = {}
    for key in keys:
        by_name.setdefault(key.strip().lower(), key)
    fields, _ = _lexicon()
    return {field: tuple(by_name[n] for n in names if n in by_name) for field, names in fields.items()}


def _plain(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _body(value: Any) -> str | None:
    """Article text: a string, or a list of paragraph strings."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, list) and value and all(isinstance(p, str) for p in value):
        joined = "\n\n".join(value)
        return joined if joined.strip() else None
    return None


def _names(keys: Iterable[str], limit: int = 12) -> str:
    keys = [k if k.strip() else repr(k) for k in keys]
    more = f" and {len(keys) - limit} more" if len(keys) > limit else ""
    return ", ".join(keys[:limit]) + more if keys else "none"


def _first(values: Mapping[str, Any], keys: tuple[str, ...], convert: Callable[[Any], str | None]) -> str | None:
    for key in keys:
        value = convert(values.get(key))
        if value is not None:
            return value
    return None


def _record(values: Mapping[str, Any], default_id: str, source: str, label: str | None,
            limits: Limits) -> RawRecord:
    """A RawRecord from one JSON object or CSV row (``values``: its fields by name)."""
    columns = _columns(tuple(values))
    record = RawRecord(
        source_id=_first(values, columns["id"], _plain) or default_id,
        source=source,
        title=_first(values, columns["title"], _plain),
        url=_first(values, columns["url"], _plain),
        published=_first(values, columns["published"], _plain),
        language=_first(values, columns["language"], _plain),
        encoding=label,
    )
    text = _first(values, columns["text"], _body)
    if text is None:
        wrong = next((k for k in columns["text"] if not _textual(values.get(k))), None)
        if wrong is not None:
            record.status, record.reason = "unreadable", (
                f"field {wrong!r} holds {type(values[wrong]).__name__}, not text")
        else:
            filled = [k for k, v in values.items() if v not in (None, "", [], {})]
            record.status, record.reason = "empty", f"no text in the record (its fields with values: {_names(filled)})"
        return record
    if len(text) * 4 > limits.max_record_bytes and len(text.encode("utf-8")) > limits.max_record_bytes:
        record.status, record.reason = "too_large", (
            f"the record's text is {_size(len(text.encode('utf-8')))}, over the limit of "
            f"{_size(limits.max_record_bytes)}")
        return record
    record.text = text
    record.is_html = looks_like_html(text)
    return record


def _textual(value: Any) -> bool:
    """None, a string or a list of strings: what a text field may hold, blank or not."""
    return value is None or isinstance(value, str) or (isinstance(value, list)
                                                        and all(isinstance(p, str) for p in value))


def _from_json(value: Any, default_id: str, source: str, label: str | None, limits: Limits,
               where: str) -> RawRecord:
    if isinstance(value, dict):
        return _record(value, default_id, source, label, limits)
    if isinstance(value, str):  # a bare string is an article's text
        if not value.strip():
            return problem(default_id, source, "empty", f"{where} is an empty string", encoding=label)
        return _record({"text": value}, default_id, source, label, limits)
    kind = "null" if value is None else type(value).__name__
    return problem(default_id, source, "unreadable", f"{where} holds a JSON {kind}, not a record", encoding=label)


# --- JSON Lines --------------------------------------------------------------------------------------------------


def _jsonl(rel: str, source: str, opener: Opener, limits: Limits) -> Iterator[RawRecord]:
    """One record per line; ``#N`` is the line number, so a blank line does not renumber the lines after it."""
    with opener() as handle:
        found = yield from _detect_stream(rel, source, handle, limits)
        if found is None:
            return
        n_records = 0
        for n, line, status, reason in _lines(handle, found, limits.max_record_bytes):
            if line is not None and not line.strip():
                continue
            n_records += 1
            yield _json_line(line, status, reason, n, f"{rel}#{n}", source, found.label, limits)
    if n_records == 0:
        yield problem(rel, source, "empty", "the file holds no records, only blank lines", encoding=found.label)


def _json_line(line: str | None, status: str | None, reason: str | None, n: int, source_id: str, source: str,
               label: str | None, limits: Limits) -> RawRecord:
    if line is None:
        return problem(source_id, source, status, reason, encoding=label)
    try:
        value = json.loads(line.rstrip("\r\n"))  # without its line end, an error's column is on its own line
    except json.JSONDecodeError as exc:
        return problem(source_id, source, "unreadable", f"line {n}: not valid JSON: {exc.msg} (column {exc.colno})",
                       encoding=label)
    except (ValueError, RecursionError) as exc:
        return problem(source_id, source, "unreadable", f"line {n}: not valid JSON: {exc}", encoding=label)
    return _from_json(value, source_id, source, label, limits, where=f"line {n}")


def _detect_stream(rel: str, source: str, handle: BinaryIO, limits: Limits):
    """The encoding of a streamed file from its first bytes, the handle left just after any byte-order mark.

    A generator returning the Detection (or None, after yielding the row that says why it cannot be read).
    """
    head = handle.read(limits.sniff_bytes)
    if not head:
        yield problem(rel, source, "empty", "the file is empty (0 bytes)")
        return None
    found = encoding.detect(head, complete=len(head) < limits.sniff_bytes)
    if found.codec is None:
        yield problem(rel, source, "unreadable", found.problem)
        return None
    handle.seek(found.bom)
    return found


def _lines(handle: BinaryIO, found: encoding.Detection, limit: int) -> Iterator[tuple[int, str | None, str | None,
                                                                                      str | None]]:
    """(line number, text, status, reason) per line; text is None when the line cannot be had (status says why)."""
    label = found.label
    if found.wide:  # UTF-16/32: b"\n" is not a line end on its own, so decode as a text stream
        stream = io.TextIOWrapper(handle, encoding=found.codec, errors="strict", newline=None)
        read_line, max_units, is_end = stream.readline, limit // 2, "\n"
    else:
        read_line, max_units, is_end = handle.readline, limit, b"\n"
    n = 0
    while True:
        n += 1
        try:
            line = read_line(max_units + 1)
        except UnicodeDecodeError:
            yield n, None, "unreadable", f"line {n}: undecodable bytes (the file reads as {label}); reading stopped"
            return
        if not line:
            return
        if len(line) > max_units and not line.endswith(is_end):
            while line and not line.endswith(is_end):  # skip the rest of the long line without holding it
                line = read_line(1 << 20)
            yield n, None, "too_large", f"line {n} is over the limit of {_size(limit)} per record"
            continue
        if found.wide:
            yield n, line, None, None
            continue
        try:
            yield n, line.decode(found.codec), None, None
        except UnicodeDecodeError as exc:
            yield n, None, "unreadable", (f"line {n}: undecodable bytes at column {exc.start + 1} "
                                          f"(the file reads as {label})")


# --- JSON --------------------------------------------------------------------------------------------------------


def _json(rel: str, source: str, size: int, opener: Opener, limits: Limits) -> Iterator[RawRecord]:
    """A record, a list of records, or an object wrapping a list ({"articles": [...]}); ``#N`` counts records."""
    if size > limits.max_json_bytes:
        yield problem(rel, source, "too_large", f"the .json file is {_size(size)}, over the limit of "
                                                f"{_size(limits.max_json_bytes)} (it is parsed whole; use JSONL)")
        return
    with opener() as handle:
        data = handle.read(limits.max_json_bytes + 1)
    decoded, trouble = _whole_text(data, rel, source)
    if trouble is not None:
        yield trouble
        return
    text, label = decoded.text, decoded.encoding
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # JSON Lines saved as .json: one record per line
            yield from _json_lines_in(text, rel, source, label, limits)
        else:
            yield problem(rel, source, "unreadable", f"not valid JSON: {exc.msg} (line {exc.lineno}, column "
                                                     f"{exc.colno})", encoding=label)
        return
    except (ValueError, RecursionError) as exc:
        yield problem(rel, source, "unreadable", f"not valid JSON: {exc}", encoding=label)
        return
    items = _record_list(value)
    if items is None:
        yield _from_json(value, rel, source, label, limits, where="the file")
        return
    if not items:
        yield problem(rel, source, "empty", "the file holds an empty list of records", encoding=label)
        return
    for i, item in enumerate(items, start=1):
        yield _from_json(item, f"{rel}#{i}", source, label, limits, where=f"record {i}")


def _record_list(value: Any) -> list | None:
    """The records of a JSON document that holds several: a list, or a wrapper object's list."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and not _columns(tuple(value))["text"]:
        _, wrappers = _lexicon()
        lowered = {k.strip().lower(): v for k, v in value.items()}
        for key in wrappers:
            if isinstance(lowered.get(key), list):
                return lowered[key]
    return None


def _json_lines_in(text: str, rel: str, source: str, label: str | None, limits: Limits) -> Iterator[RawRecord]:
    for n, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield _json_line(line, None, None, n, f"{rel}#{n}", source, label, limits)


# --- CSV / TSV ---------------------------------------------------------------------------------------------------


def _csv(rel: str, source: str, opener: Opener, limits: Limits, prefer_tab: bool) -> Iterator[RawRecord]:
    """One record per row after the header; ``#N`` is the row number (1 = the first row after the header)."""
    with opener() as handle:
        found = yield from _detect_stream(rel, source, handle, limits)
        if found is None:
            return
        label = found.label
        head = handle.read(limits.sniff_bytes).decode(found.codec, errors="ignore")
        handle.seek(found.bom)
        delimiter = sniff_delimiter(head, prefer_tab)
        # csv counts characters; a field longer than a record may be is reported, not held
        csv.field_size_limit(limits.max_record_bytes)
        overflow: list[int] = []  # physical line numbers cut by _capped_lines, reported as rows below
        stream = io.TextIOWrapper(handle, encoding=found.codec, errors="strict", newline="")
        reader = csv.reader(_capped_lines(stream, limits.max_record_bytes, overflow), delimiter=delimiter)
        try:
            header = next(reader, None)
        except (csv.Error, UnicodeDecodeError) as exc:
            yield problem(rel, source, "unreadable", f"cannot read the CSV header: {exc}", encoding=label)
            return
        if header is None or not any(cell.strip() for cell in header):
            yield problem(rel, source, "empty", "the file holds only whitespace", encoding=label)
            return
        keys = tuple(header)
        if not _columns(keys)["text"]:
            shown, _ = _lexicon()
            yield problem(rel, source, "empty", (
                f"no text column: its {len(keys)} columns are {_names(keys)} (delimiter {delimiter!r}); a text "
                f"column is named {', '.join(shown['text'][:6])}, ..."), encoding=label)
            return
        n = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                n += 1
                status = "too_large" if "field limit" in str(exc) else "unreadable"
                yield problem(f"{rel}#{n}", source, status, f"row {n} (line {reader.line_num}): {exc}", encoding=label)
                continue
            except UnicodeDecodeError:
                yield problem(f"{rel}#{n + 1}", source, "unreadable", (
                    f"undecodable bytes near line {reader.line_num + 1} (the file reads as {label}); "
                    f"reading stopped after row {n}"), encoding=label)
                return
            while overflow:
                n += 1
                line = overflow.pop(0)
                yield problem(f"{rel}#{n}", source, "too_large", (
                    f"row {n} (line {line}) is over the limit of {_size(limits.max_record_bytes)} per record; "
                    "not read"), encoding=label)
            if not any(cell.strip() for cell in row):
                continue  # a blank line (or what is left of a cut one) is not a record
            n += 1
            yield _record(dict(zip(keys, row)), f"{rel}#{n}", source, label, limits)
    if n == 0:
        yield problem(rel, source, "empty", f"the CSV has a header ({_names(keys)}) but no rows", encoding=label)


def _capped_lines(stream, limit: int, overflow: list[int]) -> Iterator[str]:
    """The stream's lines, but a line longer than ``limit`` characters is skipped without being held whole
    (a CSV with no line break would otherwise be decoded in one piece); its line number goes to ``overflow``."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith("\n"):
            overflow.append(number)
            while line and not line.endswith("\n"):  # drop the rest of the line, a chunk at a time
                line = stream.readline(1024 * 1024)
            yield "\n"
            continue
        yield line


def sniff_delimiter(sample: str, prefer_tab: bool = False) -> str:
    """The candidate delimiter that splits the header line (outside quotes) most often."""
    header = _first_line(sample)
    counts = {d: 0 for d in DELIMITERS}
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    order = ("\t", ",", ";", "|") if prefer_tab else DELIMITERS
    best = max(order, key=lambda d: counts[d])  # max keeps the first of equal counts
    return best if counts[best] else order[0]


def _first_line(sample: str) -> str:
    quoted = False
    for i, char in enumerate(sample):
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            return sample[:i]
    return sample


# --- ZIP archives ------------------------------------------------------------------------------------------------


def _archive(rel: str, source: str, opener: Opener, limits: Limits) -> Iterator[RawRecord]:
    """Each member as if it were a file; ``rel!member`` names it."""
    with opener() as handle:
        try:
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
            yield problem(rel, source, "unreadable", f"not a readable ZIP archive: {exc}")
            return
        with archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
            if len(members) > limits.max_archive_members:
                yield problem(rel, source, "unreadable", (
                    f"the archive has {len(members):,} members, over the limit of {limits.max_archive_members:,} "
                    f"(a zip bomb?); not read"))
                return
            total = sum(info.file_size for info in members)
            if total > limits.max_archive_bytes:
                yield problem(rel, source, "too_large", (
                    f"the archive unpacks to {_size(total)}, over the limit of {_size(limits.max_archive_bytes)} "
                    f"(a zip bomb?); not read"))
                return
            if not members:
                yield problem(rel, source, "empty", "the archive holds no files")
                return
            for info in sorted(members, key=lambda i: i.filename):
                yield from _member(archive, info, rel, source, limits)


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, rel: str, source: str,
            limits: Limits) -> Iterator[RawRecord]:
    name = _member_name(info)
    member_rel, member_source = f"{rel}!{name}", f"{source}!{name}"
    refusal = _refusal(info, name, limits)
    if refusal:
        yield problem(member_rel, member_source, "unreadable", refusal)
        return
    suffix = PurePosixPath(name).suffix.lower()
    records = _read(member_rel, member_source, info.file_size, partial(archive.open, info), limits, suffix)
    yield from _guarded(records, member_rel, member_source)


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name; names stored as UTF-8 without the archive's UTF-8 flag (common) are repaired."""
    name = info.filename
    if not info.flag_bits & 0x800 and not name.isascii():
        try:
            return name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


_UNSAFE_START = re.compile(r"^(?:[/\\]|[A-Za-z]:)")


def _refusal(info: zipfile.ZipInfo, name: str, limits: Limits) -> str | None:
    """Why a member is not read, or None."""
    if _UNSAFE_START.match(name) or ".." in re.split(r"[/\\]", name):
        return "unsafe path in archive (absolute, or climbing out with '..'); not read"
    if info.flag_bits & 0x1:
        return "encrypted archive member; not read"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "symbolic link inside the archive; not read"
    if info.file_size > limits.ratio_checked_above:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_compression_ratio:
            return (f"compression ratio {ratio:,.0f}:1 is over the limit of {limits.max_compression_ratio}:1 "
                    f"(a zip bomb?); not read")
    if PurePosixPath(name).suffix.lower() in ARCHIVE_SUFFIXES:
        return "archive inside an archive: archives are read one level deep; unpack it to read it"
    return None


# --- metadata sidecars -------------------------------------------------------------------------------------------

SIDECAR_NAMES = ("metadata.csv", "metadata.tsv")  # a folder's table of titles and dates for its plain files
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?$")


def read_sidecar(data: bytes, prefer_tab: bool = False) -> dict[str, dict[str, str]]:
    """File stem -> {"title", "published"} from a metadata table without article text.

    The first column named like an id (id, doc_id, file, filename) names the files by stem (``doc_0185`` for
    ``doc_0185.txt``). The date comes from a column named like a publication date, or else from the first column
    whose value is an ISO date (corpora label it oddly: "year" holding 2016-09-25). Unparseable tables give {}.
    """
    text = data.decode("utf-8-sig", errors="replace")
    try:
        rows = list(csv.reader(text.splitlines(), delimiter=sniff_delimiter(text[:4096], prefer_tab)))
    except csv.Error:
        return {}
    if len(rows) < 2:
        return {}
    header = [cell.strip().lower() for cell in rows[0]]
    id_column = next((i for i, h in enumerate(header) if h in ("id", "doc_id", "file", "filename", "file_name")), None)
    if id_column is None:
        return {}
    fields, _ = _lexicon()
    title_column = next((i for i, h in enumerate(header) if h in fields["title"]), None)
    date_columns = [i for i, h in enumerate(header) if h in fields["published"]]
    found: dict[str, dict[str, str]] = {}
    for row in rows[1:]:
        if len(row) <= id_column or not row[id_column].strip():
            continue
        entry: dict[str, str] = {}
        if title_column is not None and title_column < len(row) and row[title_column].strip():
            entry["title"] = row[title_column].strip()
        candidates = date_columns + [i for i in range(len(row)) if i not in date_columns]
        date = next((row[i].strip() for i in candidates if i < len(row) and _ISO_DATE.match(row[i].strip())), None)
        if date:
            entry["published"] = date
        stem = row[id_column].strip()
        found[stem.rsplit(".", 1)[0] if "." in stem else stem] = entry
    return found
