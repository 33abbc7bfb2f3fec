"""Which encoding a file's bytes are in, and whether they are text at all.

Order of evidence, strongest first: what the bytes look like (magic numbers of PDF, PNG, ZIP, ... and NUL bytes
mean "not text"), a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE), the NUL pattern of BOM-less UTF-16,
strict UTF-8 (or mostly UTF-8: then only the lines or files holding the bad bytes are unreadable), and last a detector (charset-normalizer) limited to the legacy encodings news actually comes in
(``data/lexicons/encodings.json``), which gets GB18030, Big5, Windows-1251 and Windows-1252 right on a sentence.

Pure functions over bytes; :func:`detect` works on the first bytes of a file that is then read as a stream.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass
from functools import lru_cache

import charset_normalizer

from . import paths

# what a file that is not text starts with, and what to call it in a reason
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.epub, which are ZIP archives)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x7fELF", "an ELF executable"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc/.xls)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
)
# byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NUL_PROBE = 4096  # bytes looked at for the NUL pattern of BOM-less UTF-16


@dataclass(frozen=True, slots=True)
class Detection:
    """How to decode: skip ``bom`` bytes, then decode with ``codec``. ``problem`` (codec None) says why not."""

    codec: str | None
    bom: int = 0
    problem: str | None = None

    @property
    def label(self) -> str | None:
        """The name recorded in ``RawRecord.encoding`` ("utf-8-sig" for UTF-8 with a byte-order mark)."""
        if self.codec == "utf-8" and self.bom:
            return "utf-8-sig"
        return self.codec

    @property
    def wide(self) -> bool:
        """True for UTF-16/32, whose lines cannot be split on the byte b"\\n"."""
        return bool(self.codec) and self.codec.startswith(("utf-16", "utf-32"))


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str | None
    encoding: str | None
    problem: str | None = None


@lru_cache(maxsize=1)
def _candidates() -> tuple[str, ...]:
    data = json.loads((paths.LEXICON_DIR / "encodings.json").read_text(encoding="utf-8"))
    return tuple(data["candidates"])


def looks_binary(head: bytes) -> str | None:
    """What a file starting with ``head`` looks like when it is not text (None when it may be text)."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    return None


def detect(sample: bytes, *, complete: bool = True) -> Detection:
    """How to decode a file whose first bytes are ``sample`` (all of it when ``complete``)."""
    binary = looks_binary(sample)
    if binary:
        return Detection(None, problem=f"binary file: looks like {binary}")
    for bom, codec in _BOMS:
        if sample.startswith(bom):
            return Detection(codec, bom=len(bom))
    if b"\x00" in sample:
        codec = _utf16_without_bom(sample)
        if codec is None:
            return Detection(None, problem="binary file: it holds NUL bytes and is not UTF-16 text")
        return Detection(codec)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
        return Detection("utf-8")
    except UnicodeDecodeError:
        if _mostly_utf8(sample):  # a UTF-8 file with a few bad bytes: decoding flags just those parts
            return Detection("utf-8")
    if not complete:  # a legacy encoding's bytes never contain b"\n" inside a character: cut at a line end
        cut = sample.rfind(b"\n")
        sample = sample[: cut + 1] if cut > 0 else sample
    codec = _guess_legacy(sample)
    if codec is None:
        return Detection(None, problem="undecodable bytes: not UTF-8, and no known encoding fits")
    return Detection(codec)


def decode(data: bytes) -> Decoded:
    """Decode a whole file's bytes; ``problem`` says why when they are not text."""
    found = detect(data, complete=True)
    if found.codec is None:
        return Decoded(None, None, found.problem)
    try:
        return Decoded(data[found.bom:].decode(found.codec), found.label)
    except UnicodeDecodeError as exc:
        return Decoded(None, None, f"undecodable bytes at offset {exc.start + found.bom} (read as {found.label})")


def _mostly_utf8(sample: bytes) -> bool:
    """Valid UTF-8 characters outnumber invalid bytes 20 to 1 (legacy CJK bytes pass as UTF-8 at most 1 in 10)."""
    text = sample.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    valid = sum(1 for char in text if char > "\x7f") - bad
    return valid >= 20 * bad


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit on one byte parity, as in UTF-16 text of mostly Latin letters."""
    probe = sample[:_NUL_PROBE]
    probe = probe[: len(probe) - len(probe) % 2]
    half = len(probe) // 2
    if half == 0:
        return None
    even, odd = probe[0::2].count(0), probe[1::2].count(0)
    for codec, on, off in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if on >= 0.3 * half and off <= 0.02 * half:
            try:
                probe.decode(codec)
            except UnicodeDecodeError:
                return None
            return codec
    return None


def _guess_legacy(sample: bytes) -> str | None:
    """The detector's choice among our candidates, reported as the most common candidate that decodes alike."""
    candidates = _candidates()
    best = charset_normalizer.from_bytes(sample, cp_isolation=list(candidates)).best()
    if best is None:
        return None
    chosen = codecs.lookup(best.encoding).name
    text = str(best)
    for codec in candidates:
        name = codecs.lookup(codec).name
        if name == chosen:
            break
        try:
            if sample.decode(codec) == text:
                return name
        except UnicodeDecodeError:
            continue
    return chosen
