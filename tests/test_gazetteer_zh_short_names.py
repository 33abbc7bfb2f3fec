"""Short Chinese names of countries that news writes far more often than the full ones (沙特 for 沙特阿拉伯)."""

from __future__ import annotations

import pytest

from transforms.gazetteer import find_places


def places(text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.place.country) for m in find_places(text)]


@pytest.mark.parametrize("text, expected", [
    ("丝路基金与沙特签署合作协议。", [("沙特", "SA")]),
    ("中国与沙特的能源合作不断深化。", [("中国", "CN"), ("沙特", "SA")]),
    ("丝路基金与沙特阿拉伯签署合作协议。", [("沙特阿拉伯", "SA")]),  # the full name is still one place
    ("沙特阿美公司与中国石化签约。", [("沙特", "SA"), ("中国", "CN")]),  # Saudi Aramco is Saudi
    ("沙特尔大教堂吸引了许多游客。", []),  # Chartres (a small French town, weak): not Saudi Arabia
])
def test_sha_te_alone_is_saudi_arabia(text, expected):
    assert places(text) == expected
