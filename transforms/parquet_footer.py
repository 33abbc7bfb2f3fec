"""The Parquet footer, read and written without pyarrow: what lets a spliced re-run copy old row groups byte for byte.

A re-run that adds a few articles to a large build (issue 7) writes tables that are the old ones with a few rows put
in. Decoding and re-encoding a gigabyte of compressed text for that took most of the re-run, so a spliced table is
written as the old file's row groups copied byte for byte (os.copy_file_range) with the new rows' row groups put
between them, and a new footer listing them all. Only the footer is parsed and rewritten: a Parquet footer is one
Thrift compact-protocol struct (FileMetaData), and copying a row group to another place in a file only changes its
byte offsets. The codec below reads and writes that protocol generically (fields kept as they are, in order), and
relocate shifts the offsets; anything it does not know how to move (page indexes, bloom filters, encryption) makes
the row group be decoded and written again instead.
"""

from __future__ import annotations

from typing import BinaryIO

# the compact protocol's type codes
_T_TRUE, _T_FALSE, _T_BYTE, _T_I16, _T_I32, _T_I64, _T_DOUBLE, _T_BINARY, _T_LIST, _T_SET, _T_MAP = range(1, 12)
T_STRUCT = 12
MAGIC = b"PAR1"


class ThriftReader:
    """Thrift compact protocol, decoded into plain values: a struct is a list of [field id, type, value]."""

    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def varint(self) -> int:
        shift = result = 0
        while True:
            byte = self.data[self.at]
            self.at += 1
            result |= (byte & 0x7F) << shift
            if byte < 0x80:
                return result
            shift += 7

    def zigzag(self) -> int:
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def value(self, kind: int):
        if kind in (_T_I16, _T_I32, _T_I64):
            return self.zigzag()
        if kind == _T_BINARY:
            n = self.varint()
            self.at += n
            return self.data[self.at - n:self.at]
        if kind == T_STRUCT:
            return self.struct()
        if kind in (_T_LIST, _T_SET):
            head = self.data[self.at]
            self.at += 1
            size, element = head >> 4, head & 0x0F
            if size == 15:
                size = self.varint()
            return element, [self.value(element) for _ in range(size)]
        if kind in (_T_TRUE, _T_FALSE):  # a bool inside a list: one byte
            self.at += 1
            return self.data[self.at - 1] == _T_TRUE
        if kind == _T_BYTE:
            self.at += 1
            return self.data[self.at - 1]
        if kind == _T_DOUBLE:
            self.at += 8
            return self.data[self.at - 8:self.at]  # kept as its bytes: never changed here
        if kind == _T_MAP:
            size = self.varint()
            if not size:
                return 0, 0, []
            types = self.data[self.at]
            self.at += 1
            key, val = types >> 4, types & 0x0F
            return key, val, [(self.value(key), self.value(val)) for _ in range(size)]
        raise ValueError(f"unknown Thrift type {kind}")

    def struct(self, spec: dict | None = None) -> list:
        """A struct's fields. With ``spec`` (field id -> spec of that field's struct or list elements), only the
        fields named there are decoded below their first level: other lists, structs and maps are kept as their
        bytes (:class:`_Raw`) and written back as they were, so that a large footer is read quickly."""
        fields, last = [], 0
        while True:
            head = self.data[self.at]
            self.at += 1
            if head == 0:
                return fields
            kind, delta = head & 0x0F, head >> 4
            fid = last + delta if delta else self.zigzag()
            if kind in (_T_TRUE, _T_FALSE):
                value = kind == _T_TRUE
            elif spec is None or kind not in (T_STRUCT, _T_LIST, _T_SET, _T_MAP):
                value = self.value(kind)
            elif fid in spec and kind == T_STRUCT:
                value = self.struct(spec[fid])
            elif fid in spec and kind in (_T_LIST, _T_SET):
                value = self.list_of(spec[fid])
            else:
                start = self.at
                self.skip(kind)
                value = _Raw(self.data[start:self.at])
            fields.append([fid, kind, value])
            last = fid

    def skip(self, kind: int) -> None:
        """Move past a value without building it."""
        data = self.data
        if kind in (_T_I16, _T_I32, _T_I64):
            while data[self.at] >= 0x80:
                self.at += 1
            self.at += 1
        elif kind == _T_BINARY:
            length = self.varint()  # (not `self.at += self.varint()`: that reads `at` before the varint moves it)
            self.at += length
        elif kind == T_STRUCT:
            while True:
                head = data[self.at]
                self.at += 1
                if head == 0:
                    return
                if not head >> 4:
                    self.zigzag()
                if head & 0x0F not in (_T_TRUE, _T_FALSE):
                    self.skip(head & 0x0F)
        elif kind in (_T_LIST, _T_SET):
            head = data[self.at]
            self.at += 1
            size, element = head >> 4, head & 0x0F
            if size == 15:
                size = self.varint()
            if element in (_T_TRUE, _T_FALSE, _T_BYTE):
                self.at += size
            elif element == _T_DOUBLE:
                self.at += 8 * size
            else:
                for _ in range(size):
                    self.skip(element)
        elif kind in (_T_TRUE, _T_FALSE, _T_BYTE):
            self.at += 1
        elif kind == _T_DOUBLE:
            self.at += 8
        else:
            self.value(kind)

    def list_of(self, spec: dict) -> tuple[int, list]:
        head = self.data[self.at]
        self.at += 1
        size, element = head >> 4, head & 0x0F
        if size == 15:
            size = self.varint()
        if element != T_STRUCT:
            return element, [self.value(element) for _ in range(size)]
        return element, [self.struct(spec) for _ in range(size)]


class _Raw(bytes):
    """A Thrift value kept as its encoded bytes (see ``ThriftReader.struct``)."""


# what of a footer is decoded: FileMetaData.row_groups -> RowGroup.columns -> ColumnChunk.meta_data
FOOTER_SPEC = {4: {1: {3: {}}}}


def _varint(n: int, out: bytearray) -> None:
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _thrift_value(kind: int, value, out: bytearray) -> None:
    if isinstance(value, _Raw):
        out += value
    elif kind in (_T_I16, _T_I32, _T_I64):
        _varint((value << 1) ^ (value >> 63), out)
    elif kind == _T_BINARY:
        _varint(len(value), out)
        out += value
    elif kind == T_STRUCT:
        write_struct(value, out)
    elif kind in (_T_LIST, _T_SET):
        element, items = value
        if len(items) < 15:
            out.append(len(items) << 4 | element)
        else:
            out.append(0xF0 | element)
            _varint(len(items), out)
        for item in items:
            _thrift_value(element, item, out)
    elif kind in (_T_TRUE, _T_FALSE):
        out.append(_T_TRUE if value else _T_FALSE)
    elif kind == _T_BYTE:
        out.append(value)
    elif kind == _T_DOUBLE:
        out += value
    elif kind == _T_MAP:
        key, val, items = value
        _varint(len(items), out)
        if items:
            out.append(key << 4 | val)
            for k, v in items:
                _thrift_value(key, k, out)
                _thrift_value(val, v, out)
    else:
        raise ValueError(f"unknown Thrift type {kind}")


def write_struct(fields: list, out: bytearray) -> None:
    last = 0
    for fid, kind, value in fields:
        wire = (_T_TRUE if value else _T_FALSE) if kind in (_T_TRUE, _T_FALSE) else kind
        if 0 < fid - last <= 15:
            out.append((fid - last) << 4 | wire)
        else:
            out.append(wire)
            _varint((fid << 1) ^ (fid >> 63), out)
        if kind not in (_T_TRUE, _T_FALSE):
            _thrift_value(kind, value, out)
        last = fid
    out.append(0)


def field(fields: list, fid: int):
    for entry in fields:
        if entry[0] == fid:
            return entry
    return None


# FileMetaData: 3 num_rows, 4 row_groups. RowGroup: 1 columns, 3 num_rows, 5 file_offset, 7 ordinal.
# ColumnChunk: 2 file_offset, 3 meta_data, 4-7 page index, 8-9 encryption. ColumnMetaData: 7 total_compressed_size,
# 9 data_page_offset, 10 index_page_offset, 11 dictionary_page_offset, 14-15 bloom filter.
_UNMOVABLE_CHUNK_FIELDS = {4, 5, 6, 7, 8, 9}
_UNMOVABLE_META_FIELDS = {14, 15}


def row_group_span(row_group: list) -> tuple[int, int] | None:
    """(first byte, end) of a row group's column chunks in its file, or None when it has parts elsewhere."""
    start, end = None, 0
    for chunk in field(row_group, 1)[2][1]:
        if any(entry[0] in _UNMOVABLE_CHUNK_FIELDS for entry in chunk):
            return None
        meta = field(chunk, 3)
        if meta is None or any(entry[0] in _UNMOVABLE_META_FIELDS for entry in meta[2]):
            return None
        dictionary = field(meta[2], 11)
        chunk_start = dictionary[2] if dictionary and dictionary[2] > 0 else field(meta[2], 9)[2]
        start = chunk_start if start is None else min(start, chunk_start)
        end = max(end, chunk_start + field(meta[2], 7)[2])
    return (start, end) if start is not None else None


def relocate(row_group: list, delta: int, ordinal: int) -> list:
    """A copy of a row group's metadata with every byte offset moved by ``delta``."""
    moved = []
    for fid, kind, value in row_group:
        if fid == 1:
            chunks = []
            for chunk in value[1]:
                new_chunk = []
                for cfid, ckind, cvalue in chunk:
                    if cfid == 2:
                        cvalue += delta
                    elif cfid == 3:
                        cvalue = [[m, k, v + delta if m in (9, 10, 11) and v > 0 else v] for m, k, v in cvalue]
                    new_chunk.append([cfid, ckind, cvalue])
                chunks.append(new_chunk)
            value = (value[0], chunks)
        elif fid == 5:
            value += delta
        elif fid == 7:  # an i16: a file of more row groups leaves it out
            if ordinal > 32767:
                continue
            value = ordinal
        moved.append([fid, kind, value])
    return moved


def read_footer(handle: BinaryIO, size: int) -> list:
    handle.seek(size - 8)
    tail = handle.read(8)
    if tail[4:] != MAGIC:
        raise ValueError("not a Parquet file")
    length = int.from_bytes(tail[:4], "little")
    handle.seek(size - 8 - length)
    return ThriftReader(handle.read(length)).struct(FOOTER_SPEC)
