"""Duplicate detection: exact copies and near-duplicates (MinHash over shingles, LSH banding for lookup).

* Exact: the same words in the same order (case, whitespace and punctuation ignored) as an article seen before.
* Near: estimated Jaccard similarity of the two articles' shingle sets >= ``NEAR_DUPLICATE_THRESHOLD`` (0.5).
  Shingles are 3-word windows for Latin, Cyrillic and other spaced scripts, and 4-character windows for CJK text
  (which has no spaces). A lightly rewritten copy (a few words changed, a sentence added, different page clutter)
  keeps most of its shingles and scores 0.6-0.95; a different article about the same event shares names and
  figures but few 3-word runs and scores well under 0.2, so 0.5 sits in the wide gap between them.
* Very short texts (fewer than ``MIN_SHINGLES`` shingles, i.e. under ~12 words) are checked for exact copies
  only: with so few shingles one changed word moves the similarity by a third, and two short notices that
  differ in one name (a date, a company) are different news.

MinHash is our own, in numpy, by one-permutation hashing: each token is hashed once with CRC-32 (stable across
runs and machines, unlike ``hash()``), a shingle's hash mixes its tokens' hashes, and the sorted distinct shingle
hashes are split into ``NUM_PERM`` = 128 bins by their top bits, each bin keeping its smallest value (empty bins
borrow from the next one). That is one sort per article instead of 128 hash passes; measured on the People's Daily
folder it costs about half of ``datasketch.MinHash.update_batch`` (SHA-1 per shingle in Python); a build calls
:func:`prepare_many` for a chunk of texts, which finds tokens without the regex and does the numpy work once for
the chunk: 0.15-0.18 ms an article on /work/shared (was 0.4-0.5), on a shared 2-core machine. Signatures are split into ``BANDS`` bands
of ``ROWS`` rows; articles sharing any band are candidates and only candidates are compared, so a check costs the
same with a million articles kept (memory: ~1 KB of signature per kept article). With 32 bands of 4 rows a pair
at similarity 0.5 becomes a candidate with probability 0.87, at 0.6 with 0.99, at 0.2 with 0.05.

Measured on the tests' Kenya railway text: 4 words changed 0.77, a sentence added 0.93, another article on the
same contract 0.02.

Figures (issue 5): texts written from one template share most shingles but report different facts: "In 2005 China
lent $5 million for a school in X" and "In 2007 China lent $7 million for a school in X" score well above 0.5. A
copy keeps the figures of its original: a syndicated copy may add a dateline or a byline date, a trimmed copy may
drop a paragraph, so its figures are a superset or a subset of the original's. Two texts that each state a figure
the other lacks (a year, an amount, a count) report different facts and are not near-duplicates, however similar
their words; a copy then goes to the most similar kept text whose figures agree, if any. Exact copies (the same
words) stay duplicates. A text's figures are its numbers ("2,000", "2000" and "2, 000" are one figure; leading
zeros and separators dropped) but those in brackets, which outlets add on their own (a conversion to their readers'
currency, "(RM2.64 trillion)", a date, a cross-reference), and clock times (a copy's time stamp). :func:`prepare`
puts their CRC-32 hashes after the exact-copy digest in the key (equal keys still mean the same text), so a build's
interface is unchanged, and the deduplicator compares figures only for candidates that pass the threshold (a 64-bit
mask of each side first). On /work/shared this keeps 279 AidData project descriptions (other years, amounts,
project numbers) and 2 news texts out of 471 near-duplicates; the other 190 stay, the syndicated news copies with
added datelines and currency conversions among them. Cost: ~0.03 ms more to prepare a record (12 us for an ASCII
text, 70 us for a 3,600-character Chinese page) and ~0.01 ms more to check it.

Countries (issue 5 again): texts from one template may state the same figures and differ only in the country they
name ("container inspection equipment for the customs of Chad", "... of Cape Verde"). The countries a text's lead
names without doubt (``gazetteer.country_mentions`` over the first 1,000 characters cut at a word's end, one
automaton pass, no context rules) join its figures in the key, each with the words around it: two texts that name
different countries between the same words report different facts too. A syndicated copy names the same countries
in the same words, and its page clutter or dateline names others in words of their own ("Trending: Ghana cedi falls
again", "NAIROBI, Kenya (Xinhua) --"), which contradict nothing: still a copy.
"""

from __future__ import annotations

import hashlib
import math
import re
import zlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

import numpy as np

from . import gazetteer
from .model import Article

NEAR_DUPLICATE_THRESHOLD = 0.5  # estimated Jaccard similarity of shingle sets at or above which a text is a copy
NUM_PERM = 128
BANDS, ROWS = 32, 4
MIN_SHINGLES = 10
WORD_SHINGLE = 3  # words per shingle in spaced scripts
CJK_SHINGLE = 4  # characters per shingle in CJK text

_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9),
        np.uint64(0x27D4EB2F165667C5))  # odd 64-bit constants that mix token hashes into a shingle hash
_FINAL = np.uint64(0xFF51AFD7ED558CCD)
_BIN_SHIFT = np.uint64(64 - 7)  # the top 7 bits choose one of NUM_PERM = 128 bins
_VALUE_MASK = np.uint64((1 << 57) - 1)
_EMPTY = np.uint64((1 << 57))  # above every value: marks a bin no shingle fell in

_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")
_CJK_CHAR = re.compile(f"[{_CJK}]")
# Figures are read from a sketch of the text: one byte per character, digits (ASCII or full-width) as ASCII digits,
# the marks that matter around a number kept (. , ' as separators inside it, brackets, the colon of a clock time),
# everything else a space, and runs of spaces made one, so the regex below scans a few dozen bytes, not the text.
_SKETCH_MARKS = {**{str(d): str(d) for d in range(10)}, **{chr(0xFF10 + d): str(d) for d in range(10)},
                 **{c: c for c in ".,()[]:'"}, "（": "(", "）": ")", "：": ":", "’": "'", "\u00a0": "'",
                 "\u202f": "'", "\u2009": "'"}  # no-break and thin spaces group thousands: "1 000" as "1'000"
_SKETCH_ASCII = bytes(ord(_SKETCH_MARKS.get(chr(c), " ")) for c in range(128)) + b" " * 128
_FIGURE = re.compile(rb"\([^()]{0,40}\)|\[[^\[\]]{0,40}\]|[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?"
                     rb"|([0-9]+(?:[.,'][0-9]+|(?<![0-9]{4}), [0-9]{3}(?![0-9]))*)")
# the group: a number as written, with its decimal or thousands separators ("2, 600" too: a copy may fix the
# spacing); matched before it and left out (the group is empty), what is not a fact of the text: asides in brackets
# (an outlet's conversion to its readers' currency, "(RM2.64 trillion)", a date, a cross-reference) and clock times
# (a copy's time stamp)


@lru_cache(maxsize=1)
def _sketch_table() -> np.ndarray:
    """The sketch byte of every code point of the Basic Multilingual Plane."""
    table = np.full(0x10000, 32, dtype=np.uint8)  # U+FFFF, a non-character, stands for every code point above
    for char, mark in _SKETCH_MARKS.items():
        table[ord(char)] = ord(mark)
    return table


def _sketch(text: str) -> bytes:
    if text.isascii():
        return b" ".join(text.encode("ascii").translate(_SKETCH_ASCII).split())
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    return b" ".join(np.take(_sketch_table(), points, mode="clip").tobytes().split())


DIGEST_SIZE = 16  # bytes of the exact-copy digest at the start of a key; the text's facts follow


@dataclass(frozen=True, slots=True)
class Verdict:
    kept_id: str
    reason: str


def tokens(text: str) -> list[str]:
    """Lower-cased words, and single CJK characters."""
    return _TOKEN.findall(text.lower())


def shingle_hashes(words: list[str]) -> np.ndarray:
    """Sorted distinct 64-bit hashes of the text's shingles (3-word windows, or 4-character windows for CJK).

    Each token is hashed once with CRC-32 (stable across runs and machines, unlike ``hash()``) and the hashes
    of a window are mixed with odd multipliers in numpy, so no shingle string is ever built.
    """
    if not words:
        return np.empty(0, dtype=np.uint64)
    cjk = len(_CJK_CHAR.findall("".join(words)))  # every CJK character is a token of its own
    size = _shingle_size(cjk, len(words))
    hashed = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    return _shingles(hashed, size)


def _shingles(hashed: np.ndarray, size: int) -> np.ndarray:
    """``shingle_hashes`` from the tokens' CRC-32 values and the shingle size."""
    if len(hashed) < size:
        size = len(hashed)
    n = len(hashed) - size + 1
    mixed = hashed[:n] * _MIX[0]
    for offset in range(1, size):
        mixed = mixed ^ (hashed[offset:offset + n] * _MIX[offset])
    mixed = mixed * _FINAL
    mixed ^= mixed >> np.uint64(29)
    return _sorted_distinct(mixed * _MIX[0])


def _sorted_distinct(values: np.ndarray) -> np.ndarray:
    """np.unique for a small array, without its overhead."""
    values = np.sort(values)
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def signature(hashes: np.ndarray) -> np.ndarray:
    """MinHash signature by one-permutation hashing: the shingle hashes are split into NUM_PERM bins by their top
    bits and each bin keeps its smallest value; an empty bin borrows the next non-empty bin's value (rotation
    densification), so that every position behaves like a MinHash position for banding and for estimates.
    One sort instead of NUM_PERM hash passes: the whole signature costs about as much as reading the text."""
    sig = np.full(NUM_PERM, _EMPTY, dtype=np.uint64)
    bins = (hashes >> _BIN_SHIFT).astype(np.int64)
    if len(bins):  # hashes are sorted, so bins are too, and a bin's first hash is its smallest
        first = np.empty(len(bins), dtype=bool)
        first[0] = True
        np.not_equal(bins[1:], bins[:-1], out=first[1:])
        sig[bins[first]] = hashes[first] & _VALUE_MASK
    empty = sig == _EMPTY
    if empty.any() and not empty.all():
        filled = np.flatnonzero(~empty)
        # for every empty bin, the next filled bin (wrapping round), with an offset so borrowed values differ
        nxt = np.searchsorted(filled, np.flatnonzero(empty)) % len(filled)
        donors = filled[nxt]
        distance = (donors - np.flatnonzero(empty)) % NUM_PERM
        sig[empty] = (sig[donors] + distance.astype(np.uint64) * np.uint64(0x9E3779B1)) & _VALUE_MASK
    return sig


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def _exact_key(words: list[str]) -> bytes:
    return hashlib.blake2b("\x1f".join(words).encode("utf-8"), digest_size=DIGEST_SIZE).digest()


def figures(text: str) -> bytes:
    """The text's distinct figures outside brackets and clock times, each a CRC-32 of its digits (separators and
    leading zeros dropped), as :func:`facts` lays them out with no country: "In 2005, $5.5 million (RM23 million)
    at 10:30" -> the hashes of "2005" and "55"."""
    return _packed(_figure_hashes(_sketch(text)), ())


def _figure_hashes(sketch: bytes) -> set[int]:
    return {zlib.crc32(f.translate(None, b".,' ").lstrip(b"0") or b"0") for f in set(_FIGURE.findall(sketch)) if f}


def _packed(figure_hashes: Iterable[int], country_entries: Iterable[int]) -> bytes:
    """Facts as a key carries them: the figures' hashes sorted, the country entries sorted, then how many country
    entries there are, all little-endian uint32; nothing at all for a text with neither."""
    figs, entries = sorted(figure_hashes), sorted(set(country_entries))
    if not figs and not entries:
        return b""
    return np.array(figs + entries + [len(entries)], dtype="<u4").tobytes()


def _unpacked(packed: bytes) -> tuple[list[int], list[int]]:
    """(figure hashes, country entries) of :func:`_packed` bytes."""
    if not packed:
        return [], []
    values = np.frombuffer(packed, dtype="<u4").tolist()
    n_entries = values.pop()
    split = len(values) - n_entries
    return values[:split], values[split:]


LEAD_CHARS = 1000  # where a text says which country it is about: its lead (a template's sentence, a story's opening)
SLOT_WORDS = 3  # words on either side of a country's name that say where in a sentence it stands
_SLOT_REACH = 40  # characters on either side read for those words
_LONGEST_WORD = 30  # the most letters the lead's cut steps back over to a word's start
_COUNTRY_BITS = 10  # a country's code in an entry: 26 * 26 two-letter codes < 1024
_SLOT_MASK = ~((1 << _COUNTRY_BITS) - 1) & 0xFFFFFFFF
_COUNTRY_CODES = {chr(65 + a) + chr(65 + b): a * 26 + b for a in range(26) for b in range(26)}


def _lead(text: str) -> str:
    """The text's first ``LEAD_CHARS`` characters, cut before a word the cut would split ("Nigeria" is no
    "Niger")."""
    if len(text) <= LEAD_CHARS or not text[LEAD_CHARS].isalnum():
        return text[:LEAD_CHARS]
    cut = LEAD_CHARS
    while cut > LEAD_CHARS - _LONGEST_WORD and text[cut - 1].isalnum():
        cut -= 1
    # a run of letters longer than any name (a CJK text has no spaces: up to 1,000 characters) is cut where it was
    return text[:cut] if cut > LEAD_CHARS - _LONGEST_WORD else text[:LEAD_CHARS]


def _country_entries(text: str) -> set[int]:
    """One entry per country named without doubt in the text's lead (gazetteer.country_mentions): where it stands
    (the CRC-32 of the ``SLOT_WORDS`` words before and after its name as spaces cut them, lower case) in the high bits, the country in
    the low ``_COUNTRY_BITS``. Two texts that name different countries in the same place of the same sentence
    ("...the customs of Chad to speed up..." / "...of Cape Verde to speed up...") report different facts; a
    country named in words the other text lacks (a headline in the page clutter, a dateline) says nothing of it."""
    entries = set()
    for start, end, country in gazetteer.country_mentions(_lead(text)):
        # words as spaces cut them, punctuation kept (a copy has the sentence's commas too): str.split costs a
        # third of a regex here
        before = " ".join(text[max(0, start - _SLOT_REACH):start].split()[-SLOT_WORDS:])
        after = " ".join(text[end:end + _SLOT_REACH].split()[:SLOT_WORDS])
        slot = zlib.crc32(f"{before}|{after}".lower().encode("utf-8", "surrogatepass"))
        entries.add(slot & _SLOT_MASK | _COUNTRY_CODES.get(country, 0))
    return entries


def facts(text: str) -> bytes:
    """What a text reports that a copy keeps, as a key carries it after the exact-copy digest: its figures (see
    :func:`figures`) and where its lead (first ``LEAD_CHARS`` characters, cut at a word's end: the whole of a
    record's description, a story's opening paragraphs) names which country (:func:`_country_entries`), laid out
    by :func:`_packed`. Only the lead: scanning a whole long page for names cost half as much again as the rest of
    :func:`prepare`, and where a story happens is told at its start."""
    return _facts_of(_sketch(text), text)


def _facts_of(sketch: bytes, text: str) -> bytes:
    return _packed(_figure_hashes(sketch), _country_entries(text))


def facts_mask(found: bytes) -> int:
    """A 64-bit summary of the figures among a text's :func:`facts` (bit ``hash % 64`` of each figure): a figure
    whose bit one text has and the other lacks is certainly not in the other, so two masks that each have such a
    bit report different facts without the exact check; most texts from one template are told apart that way, in
    a few integer operations. Countries are left to the exact check (a country in another place of a sentence is
    no contradiction, so they are no subset test)."""
    mask = 0
    for value in _unpacked(found)[0]:
        mask |= 1 << (value & 63)
    return mask


def report_different_facts(a: bytes, b: bytes) -> bool:
    """Whether two texts' :func:`facts` contradict each other: each has a figure the other lacks (another year,
    another amount), or they name different countries in the same place of a sentence (one template filled in
    for two countries). A copy's figures are a superset or a subset of its original's, and its countries stand
    where the original's do or in words of its own (a dateline, a headline of the page's clutter)."""
    if not a or not b or a == b:
        return False
    figs_a, entries_a = _unpacked(a)
    figs_b, entries_b = _unpacked(b)
    first, second = set(figs_a), set(figs_b)
    if first and second and not first <= second and not second <= first:
        return True
    if entries_a and entries_b:
        slots_a: dict[int, set[int]] = {}
        for entry in entries_a:
            slots_a.setdefault(entry & _SLOT_MASK, set()).add(entry)
        for entry in entries_b:
            named = slots_a.get(entry & _SLOT_MASK)
            if named is not None and entry not in named:
                return True
    return False


def _key(words: list[bytes], sketch: bytes, text: str) -> bytes:
    """The exact-copy digest of a text's words, then its facts (figures from its sketch, countries it names)."""
    return hashlib.blake2b(b"\x1f".join(words), digest_size=DIGEST_SIZE).digest() + _facts_of(sketch, text)


def _shingle_size(n_cjk: int, n_words: int) -> int:
    """Character shingles for a text mostly in CJK characters (each one a token), word shingles otherwise."""
    return CJK_SHINGLE if n_cjk * 2 > n_words else WORD_SHINGLE


def prepare(text: str) -> tuple[bytes, bytes | None]:
    """What :meth:`Deduper.check` needs of a text, computed without the deduplicator: its key (the exact-copy digest
    of its words, ``DIGEST_SIZE`` bytes, followed by its :func:`facts`: figures and where it names which country;
    equal keys, equal texts) and its signature (``NUM_PERM`` little-endian uint64), or None when the text is too
    short for near-duplicate checks. Pure, so a build computes it in its worker processes and keeps it in its cache
    (issue 7). Several texts cost less each with :func:`prepare_many`."""
    words, n_cjk, sketch = _analysed(text)
    key = _key(words, sketch, text)
    if not words:
        return key, None
    hashed = np.fromiter(map(zlib.crc32, words), dtype=np.uint64, count=len(words))
    hashes = _shingles(hashed, _shingle_size(n_cjk, len(words)))
    return key, signature(hashes).astype("<u8").tobytes() if len(hashes) >= MIN_SHINGLES else None


# --- the same, fast, for many texts at once (issue 7) -----------------------------------------------------------
#
# ``prepare_many`` gives exactly what ``prepare`` gave when it ran ``tokens``, ``shingle_hashes`` and ``signature``
# per text (tests/test_dedup.py checks them against each other), at about a fifth of the cost:
# * tokens come as UTF-8 bytes, found without the token regex where possible: an ASCII text is split by one
#   ``bytes.translate`` (letters lower-cased, everything else but digits a space) and ``bytes.split``; any other text
#   has its characters classed in numpy (word character, CJK character, other) from a table over the code points,
#   then non-word characters become spaces, a space goes on either side of each CJK character, and
#   ``bytes.split`` cuts its UTF-8;
# * the numpy work (shingle mixing, per-bin minimum, densification) runs once for all the texts of a call, not a
#   dozen small array operations per text.

_ASCII_WORDS = bytes(c + 32 if 65 <= c <= 90 else c if (97 <= c <= 122 or 48 <= c <= 57) else 32 for c in range(256))
# ASCII bytes: A-Z lower-cased, a-z and 0-9 kept, others a space; bytes >= 128 (never in an ASCII text) a space too
_SEPARATOR, _WORD, _CJK_CLASS = 0, 1, 2


@lru_cache(maxsize=1)
def _char_classes() -> np.ndarray:
    """Class of every code point of the Basic Multilingual Plane: what the token regex makes of it (built once per
    process, ~20 ms). Word characters are what ``\\w`` matches in a str pattern (``str.isalnum``) but ``_``."""
    classes = np.fromiter((_WORD if chr(c).isalnum() else _SEPARATOR for c in range(0x10000)), dtype=np.uint8,
                          count=0x10000)
    for low, high in ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xAC00, 0xD7AF)):
        classes[low:high + 1] = _CJK_CLASS
    return classes


_SPACE = np.uint32(32)


def _token_bytes(text: str) -> tuple[list[bytes], int]:
    """The text's tokens (as :func:`tokens` gives them) encoded as UTF-8, and how many are CJK characters."""
    words, n_cjk, _ = _analysed(text)
    return words, n_cjk


_KEEP_CASE = 0xFFFFFFFF  # in the lower-case table: a character whose lower case str.lower() alone can give


@lru_cache(maxsize=1)
def _token_table() -> np.ndarray:
    """For every code point of the Basic Multilingual Plane, what the token regex makes of its lower case: the
    lower-cased code point for word and CJK characters, a space for the others; ``_KEEP_CASE`` for the two whose
    lower case is not one character of the plane or depends on the next one (U+0130, capital sigma)."""
    special = (0x0130, 0x03A3)
    plane = "".join(map(chr, range(0x10000)))
    for code in special:  # every other character lower-cases to one character of the plane, whatever its context
        plane = plane.replace(chr(code), " ")
    table = np.frombuffer(plane.lower().encode("utf-32-le", "surrogatepass"), dtype="<u4").copy()
    table[_char_classes()[table] == _SEPARATOR] = 32
    table[list(special)] = _KEEP_CASE
    return table


def _analysed(text: str) -> tuple[list[bytes], int, bytes]:
    """The text's tokens as UTF-8 (:func:`_token_bytes`), how many are CJK characters, and its sketch for
    :func:`figures` (``_sketch``), from one reading of its code points: a text that is not ASCII is read into numpy
    once and lower-cased, classed and sketched by table look-ups (str.lower() and a second encoding of the text
    cost as much as the rest)."""
    if text.isascii():  # the tables lower-case
        data = text.encode("ascii")
        return data.translate(_ASCII_WORDS).split(), 0, b" ".join(data.translate(_SKETCH_ASCII).split())
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    sketch = b" ".join(np.take(_sketch_table(), points, mode="clip").tobytes().split())
    if int(points.max()) > 0xFFFF:  # beyond the tables (rare: emoji, historic scripts): the regex
        words = tokens(text)
        return [w.encode("utf-8") for w in words], len(_CJK_CHAR.findall("".join(words))), sketch
    spaced = _token_table()[points]
    if int(spaced.max()) == _KEEP_CASE:  # U+0130 or a capital sigma: str.lower() rules
        points = np.frombuffer(text.lower().encode("utf-32-le", "surrogatepass"), dtype="<u4")
        if int(points.max()) > 0xFFFF:
            words = tokens(text)
            return [w.encode("utf-8") for w in words], len(_CJK_CHAR.findall("".join(words))), sketch
        spaced = np.where(_char_classes()[points] == _SEPARATOR, _SPACE, points)
    cjk = (_char_classes()[spaced] == _CJK_CLASS).nonzero()[0]  # CJK characters have no case
    if len(cjk):  # a space before every CJK character and after it, so that each is a token of its own
        spaced = np.insert(spaced, np.concatenate([cjk, cjk + 1]), _SPACE)
    # UTF-8 never puts an ASCII byte inside a longer character, so the encoded text splits at the same spaces
    return spaced.tobytes().decode("utf-32-le").encode("utf-8").split(), len(cjk), sketch


def _shingle_values(token_hashes: np.ndarray, lengths: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Shingle hashes of several texts at once (as ``shingle_hashes`` makes them, before sorting): the tokens'
    hashes of all texts one after another, each text's token count and its shingle size. Returns the hashes and the
    number of the text each comes from.

    A window is mixed at every token of the whole run, with slices of the run (no index arrays: gathering the
    tokens of each shingle by index cost ~190 ns a token), a token past the text's shingle size masked out; then
    only the windows that start a shingle of their own text are kept (the others run into the next text)."""
    sizes = np.minimum(sizes, lengths)
    counts = np.where(lengths > 0, lengths - sizes + 1, 0)
    n = len(token_hashes)
    padded = np.zeros(n + CJK_SHINGLE, dtype=np.uint64)
    padded[:n] = token_hashes
    size_at = np.repeat(sizes, lengths)  # the shingle size of each token's text
    mixed = token_hashes * _MIX[0]
    for offset in range(1, max(WORD_SHINGLE, CJK_SHINGLE)):
        term = padded[offset:offset + n] * _MIX[offset]
        if not (size_at > offset).all():
            term[size_at <= offset] = 0  # x ^ 0 == x: the window is narrower than this
        mixed ^= term
    # a window starts a shingle when it starts at most counts - 1 tokens into its text
    position = np.arange(n) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    keep = position < np.repeat(counts, lengths)
    mixed = mixed[keep] * _FINAL
    mixed ^= mixed >> np.uint64(29)
    return mixed * _MIX[0], np.repeat(np.arange(len(counts)), counts)


def _signatures(values: np.ndarray, text_of: np.ndarray, n_texts: int) -> tuple[np.ndarray, np.ndarray]:
    """``signature`` of each text's shingle hashes (rows), and how many distinct hashes each has (exact below
    MIN_SHINGLES, otherwise at least MIN_SHINGLES)."""
    sigs = np.full((n_texts, NUM_PERM), _EMPTY, dtype=np.uint64)
    cell = text_of * NUM_PERM + (values >> _BIN_SHIFT).astype(np.int64)
    # a bin's smallest hash is its smallest value below the bin bits: the bin bits are the same throughout
    np.minimum.at(sigs.reshape(-1), cell, values & _VALUE_MASK)
    empty = sigs == _EMPTY
    filled_bins = NUM_PERM - np.count_nonzero(empty, axis=1)
    distinct = filled_bins.copy()
    for row in np.flatnonzero(filled_bins < MIN_SHINGLES).tolist():  # few bins: count the distinct hashes
        first, end = np.searchsorted(text_of, [row, row + 1])  # text_of is in order
        distinct[row] = len(np.unique(values[first:end]))
    ragged = np.flatnonzero((filled_bins > 0) & (filled_bins < NUM_PERM))
    if len(ragged):  # rotation densification, as in ``signature``: an empty bin borrows the next filled one
        part = sigs[ragged]
        hole = empty[ragged]
        width = np.arange(2 * NUM_PERM)
        donor_at = np.where(np.tile(~hole, 2), width, 4 * NUM_PERM)
        nearest = np.minimum.accumulate(donor_at[:, ::-1], axis=1)[:, ::-1][:, :NUM_PERM]  # next filled, wrapping
        donors = nearest % NUM_PERM
        distance = (nearest - width[:NUM_PERM]).astype(np.uint64)
        borrowed = (np.take_along_axis(part, donors, axis=1) + distance * np.uint64(0x9E3779B1)) & _VALUE_MASK
        sigs[ragged] = np.where(hole, borrowed, part)
    return sigs, distinct


def prepare_many(texts: list[str]) -> list[tuple[bytes, bytes | None]]:
    """:func:`prepare` of each text, computed together."""
    keys: list[bytes] = []
    hashes = array("L")  # CRC-32 values as C integers (>= 32 bits): a list of Python ints cost as much again to convert
    lengths, sizes = np.zeros(len(texts), dtype=np.int64), np.zeros(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        words, n_cjk, sketch = _analysed(text)
        keys.append(_key(words, sketch, text))
        hashes.extend(map(zlib.crc32, words))
        lengths[i] = len(words)
        sizes[i] = _shingle_size(n_cjk, len(words))
    if not texts:
        return []
    token_hashes = np.frombuffer(hashes, dtype=f"u{hashes.itemsize}").astype(np.uint64)
    values, text_of = _shingle_values(token_hashes, lengths, sizes)
    sigs, distinct = _signatures(values, text_of, len(texts))
    rows = sigs.astype("<u8", copy=False)
    return [(key, rows[i].tobytes() if distinct[i] >= MIN_SHINGLES else None) for i, key in enumerate(keys)]


_BAND_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5][:ROWS],
                     dtype=np.uint64)
_BAND_SALT = np.arange(1, BANDS + 1, dtype=np.uint64) * np.uint64(0xD6E8FEB86659FD93)


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """One 64-bit key per band (its ROWS values mixed, salted by the band's number): equal bands, equal keys.
    ``sigs``: one signature (NUM_PERM,) or several (n, NUM_PERM); the keys have the shape (BANDS,) or (n, BANDS)."""
    shape = sigs.shape[:-1] + (BANDS, ROWS)
    mixed = (sigs.reshape(shape) * _BAND_MIX).sum(axis=-1, dtype=np.uint64) ^ _BAND_SALT
    return mixed * np.uint64(0xFF51AFD7ED558CCD)


class _BandIndex:
    """Band key -> kept articles, in sorted numpy runs plus a small dict of recent additions (a log-structured
    merge): 12 bytes per (band, article) instead of ~180 in a dict of bytes to lists, so a million kept articles
    take ~0.4 GB here, not ~6 GB (issue 7). A lookup is one binary search per run (at most ~log2 of the runs' sizes
    runs), an addition is amortised O(log n)."""

    RECENT = 2048  # articles kept in the dict before it becomes a sorted run

    def __init__(self) -> None:
        self._runs: list[tuple[np.ndarray, np.ndarray]] = []  # (sorted keys uint64, article numbers int32)
        self._recent: dict[int, list[int]] = {}
        self._recent_keys: list[np.ndarray] = []
        self._recent_ids: list[int] = []

    def add(self, keys: np.ndarray, number: int) -> None:
        for key in keys.tolist():
            self._recent.setdefault(key, []).append(number)
        self._recent_keys.append(keys)
        self._recent_ids.append(number)
        if len(self._recent_ids) >= self.RECENT:
            self.flush()

    def flush(self) -> None:
        """Make the recent additions a sorted run."""
        if self._recent_ids:
            keys, numbers = np.stack(self._recent_keys), np.array(self._recent_ids, dtype=np.int32)
            self._recent, self._recent_keys, self._recent_ids = {}, [], []
            self.add_run(keys, numbers)

    def add_run(self, keys: np.ndarray, numbers: np.ndarray) -> None:
        """Add articles at once: their band keys (n, BANDS) and their numbers (n,), newer than every article in the
        index. No lookup may be pending on :meth:`run_hits` answers given before (they would miss these)."""
        self.flush()
        flat = keys.ravel()
        ids = np.repeat(numbers.astype(np.int32), BANDS)
        order = np.argsort(flat, kind="stable")
        self._runs.append((flat[order], ids[order]))
        while len(self._runs) > 1 and len(self._runs[-2][0]) <= 2 * len(self._runs[-1][0]):
            (k1, i1), (k2, i2) = self._runs.pop(-2), self._runs.pop()
            keys_merged, ids_merged = np.concatenate([k1, k2]), np.concatenate([i1, i2])
            order = np.argsort(keys_merged, kind="stable")  # stable: an older article stays before a newer one
            self._runs.append((keys_merged[order], ids_merged[order]))

    def run_hits(self, keys: np.ndarray) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """For keys of shape (n, BANDS): row -> (bands, article numbers) of its hits in the sorted runs (rows with
        none left out), in one binary search per run for all rows. The hits are gathered in numpy: texts from one
        template share bands with more kept siblings the more are kept, and a Python tuple per hit made this
        lookup grow with the corpus (issue 7)."""
        flat = keys.ravel()
        at_parts, id_parts = [], []
        for keys_run, ids_run in self._runs:
            left = np.searchsorted(keys_run, flat, side="left")
            counts = np.searchsorted(keys_run, flat, side="right") - left
            present = np.flatnonzero(counts)
            if not len(present):
                continue
            counts = counts[present]
            ends = np.cumsum(counts)
            # positions left[p], left[p] + 1, ... left[p] + counts[p] - 1 for every present key p, in one array
            positions = np.arange(ends[-1]) + np.repeat(left[present] - (ends - counts), counts)
            at_parts.append(np.repeat(present, counts))
            id_parts.append(ids_run[positions])
        if not at_parts:
            return {}
        at, ids = np.concatenate(at_parts), np.concatenate(id_parts)
        order = np.argsort(at, kind="stable")
        at, ids = at[order], ids[order]
        rows, bands = np.divmod(at, BANDS)
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        stops = np.r_[starts[1:], len(rows)]
        return {row: (bands[a:b], ids[a:b]) for row, a, b in zip(rows[starts].tolist(), starts.tolist(), stops.tolist())}

    def candidate_hits(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(bands, kept article numbers) of every kept article sharing a band key with ``keys`` (unsorted; an
        article may come more than once)."""
        bands, numbers = self.run_hits(keys[None, :]).get(0, (_NO_HITS, _NO_HITS))
        return _with_hits(bands, numbers, enumerate(keys.tolist()), self._recent)


_NO_HITS = np.empty(0, dtype=np.int64)


def _with_hits(bands: np.ndarray, numbers: np.ndarray, band_keys: Iterable[tuple[int, int]],
               unsorted: dict[int, list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """(bands, numbers) of the sorted runs' hits, followed by the hits kept apart in ``unsorted`` (band key -> kept
    article numbers, not yet flushed into a run) for each (band, key) of ``band_keys``."""
    extra_bands: list[int] = []
    extra_numbers: list[int] = []
    for band, key in band_keys:
        hits = unsorted.get(key)
        if hits:
            extra_bands.extend(repeat(band, len(hits)))
            extra_numbers.extend(hits)
    if not extra_numbers:
        return bands, numbers
    return (np.concatenate([bands, np.array(extra_bands, dtype=bands.dtype)]),
            np.concatenate([numbers, np.array(extra_numbers, dtype=numbers.dtype)]))


class Deduper:
    """Remembers kept articles; ``check`` says whether a new one copies one of them (and keeps it if not).

    State per kept article: its exact-copy digest, its facts, its signature (low 32 bits of each value: two
    different values agree there by chance once in four billion, so estimates are unchanged) and its bands in a
    :class:`_BandIndex`, about 0.8 KB in all.

    Keys are :func:`prepare`'s: the exact-copy digest (``DIGEST_SIZE`` bytes) and the text's :func:`facts`; a key
    of the digest alone (no facts) is checked as before, on words only."""

    BLOCK = 4096  # the least the signature array grows by (from no rows: a build refusing every file allocates none)

    def __init__(self, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> None:
        self.threshold = threshold
        self._exact: dict[bytes, str] = {}
        self._ids: list[str] = []  # article number -> id, for articles with a signature
        self._facts: list[bytes] = []  # article number -> its facts (see :func:`facts`)
        # article number -> its signature (low 32 bits), and the facts_mask of its facts: one array each, so
        # that the candidates of a check are one fancy index wherever they are (with blocks, a check gathered from
        # as many blocks as template siblings were kept across, a cost growing with the corpus; issue 7); grown in
        # place (realloc), so a growth moves no rows and needs no second copy in memory
        self._sigs = np.empty((0, NUM_PERM), dtype=np.uint32)
        self._masks = np.empty(0, dtype=np.uint64)
        self._bands = _BandIndex()

    def check(self, article: Article) -> Verdict | None:
        return self.check_prepared(article.article_id, *prepare(article.text))

    def check_prepared(self, article_id: str, key: bytes, sig_bytes: bytes | None) -> Verdict | None:
        """``check`` for an article whose :func:`prepare` is known."""
        sig = None if sig_bytes is None else np.frombuffer(sig_bytes, dtype="<u8").astype(np.uint64)
        return self._check(article_id, key, sig, None if sig is None else band_keys(sig))

    def check_many(self, items: list[tuple[str, bytes, bytes | None]]) -> list[Verdict | None]:
        """``check_prepared`` for (article id, key, signature) items in order, the same verdicts, with the band
        index searched and extended once for the whole list (issue 7).

        Kept articles of earlier lists are found by one binary search of the sorted runs for every band key of the
        list. Within the list, a band key shared by two of its items is found by one sort of the list's keys: only
        the items holding such a key look it up in (and add it to) a small dict as they are kept, so that an item
        still sees the kept items before it exactly as one ``check`` at a time would; the others touch no dict. The
        items kept are added to the index at the end, as one sorted run. Before, every item looked up and added its
        32 band keys one by one (~80% of this stage's cost)."""
        rows = [i for i, (_, _, sig) in enumerate(items) if sig is not None]
        sigs = keys = None
        hits: dict[int, list[tuple[int, int]]] = {}
        shared_bands: dict[int, list[int]] = {}  # row -> bands whose key another row of this list has too
        if rows:
            sigs = np.frombuffer(b"".join(items[i][2] for i in rows), dtype="<u8").reshape(len(rows), NUM_PERM)
            sigs = sigs.astype(np.uint64)
            keys = band_keys(sigs)
            self._bands.flush()  # what single checks added: one more run, found by the same search
            hits = self._bands.run_hits(keys)
            flat = np.sort(keys, axis=None)
            repeated = flat[1:][flat[1:] == flat[:-1]]
            if len(repeated):
                shared = np.isin(keys, repeated)
                for row in np.flatnonzero(shared.any(axis=1)).tolist():
                    shared_bands[row] = np.flatnonzero(shared[row]).tolist()
        row_of = {position: row for row, position in enumerate(rows)}
        verdicts: list[Verdict | None] = []
        local: dict[int, list[int]] = {}  # band key -> kept article numbers, for the keys shared within the list
        kept_rows: list[int] = []
        first_number = len(self._ids)
        for position, (article_id, key, _) in enumerate(items):
            row = row_of.get(position)
            if row is None:
                verdicts.append(self._check(article_id, key, None, None))
                continue
            hit_bands, hit_numbers = hits.get(row, (_NO_HITS, _NO_HITS))
            bands = shared_bands.get(row)
            if bands:
                row_keys = keys[row].tolist()
                hit_bands, hit_numbers = _with_hits(hit_bands, hit_numbers, ((b, row_keys[b]) for b in bands), local)
            verdict = self._compare(article_id, key, sigs[row], hit_bands, hit_numbers)
            verdicts.append(verdict)
            if verdict is None:
                number = len(self._ids) - 1
                kept_rows.append(row)
                if bands:
                    for band in bands:
                        local.setdefault(row_keys[band], []).append(number)
        if kept_rows:
            self._bands.add_run(keys[kept_rows], np.arange(first_number, first_number + len(kept_rows)))
        return verdicts

    def _check(self, article_id: str, key: bytes, sig: np.ndarray | None,
               keys: np.ndarray | None) -> Verdict | None:
        if sig is None:
            return self._compare(article_id, key, None, _NO_HITS, _NO_HITS)
        verdict = self._compare(article_id, key, sig, *self._bands.candidate_hits(keys))
        if verdict is None:
            self._bands.add(keys, len(self._ids) - 1)
        return verdict

    def _compare(self, article_id: str, key: bytes, sig: np.ndarray | None,
                 hit_bands: np.ndarray, hit_numbers: np.ndarray) -> Verdict | None:
        """The verdict on an article given its hits in the band index (the band and the kept article number of
        each; an article may come more than once); an article that copies none is kept (all but its band keys,
        which the caller adds)."""
        digest, own_facts = key[:DIGEST_SIZE], key[DIGEST_SIZE:]
        kept = self._exact.get(digest)
        if kept is not None:
            return Verdict(kept, f"exact duplicate of {kept} (same text, similarity 1.00)")
        if sig is None:
            self._exact[digest] = article_id
            return None
        own_mask = None
        sig32 = sig.astype(np.uint32)
        if len(hit_numbers):
            # each kept article once (np.unique's wrappers, and the argsort its return_inverse needs, cost more than
            # the sort on these small arrays; where each hit falls among them is looked up when it is needed)
            candidates = _sorted_distinct(hit_numbers)
            scores = (self._sigs[candidates] == sig32).sum(axis=1)
            need = max(1, math.ceil(self.threshold * NUM_PERM - 1e-9))  # matching positions for a copy
            above = np.flatnonzero(scores >= need)
            if len(above):
                # the most similar copy first; of equals, the one found in the lowest band, then the oldest (the
                # order of a dict of buckets read band by band). A candidate that reports other facts is another
                # text from the same template, so the next one is tried. Texts from one template are all kept
                # (their figures differ) and all pass the threshold with each other, so they are more the larger
                # the corpus: the figure masks rule most of them out at once, in numpy, and only the rest are
                # checked one by one (issue 7)
                if len(above) > 1:
                    first_band = np.full(len(candidates), BANDS, dtype=np.int64)
                    np.minimum.at(first_band, np.searchsorted(candidates, hit_numbers), hit_bands)
                    above = above[np.lexsort((candidates[above], first_band[above], -scores[above]))]
                own_mask = facts_mask(own_facts)
                own = np.uint64(own_mask)
                kept_masks = self._masks[candidates[above]]
                agree = ((kept_masks & ~own) == 0) | ((own & ~kept_masks) == 0)  # else each has a figure the
                for best in above[agree].tolist():  # other lacks, certainly (its bit is not in the other's mask)
                    number = int(candidates[best])
                    if not report_different_facts(own_facts, self._facts[number]):
                        score = float(scores[best]) / NUM_PERM
                        best_id = self._ids[number]
                        return Verdict(best_id, f"near-duplicate of {best_id} (estimated similarity {score:.2f})")
        self._exact[digest] = article_id
        number = len(self._ids)
        self._ids.append(article_id)
        self._facts.append(own_facts)
        if number == len(self._masks):
            grown = number + max(self.BLOCK, number // 2)
            self._sigs.resize((grown, NUM_PERM), refcheck=False)  # no view of these arrays is ever handed out
            self._masks.resize(grown, refcheck=False)
        self._sigs[number] = sig32
        self._masks[number] = facts_mask(own_facts) if own_mask is None else own_mask
        return None
