"""The clean stage over the real scraped pages in the shared folder (skipped where the folder is absent)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from transforms import io
from transforms.articles import make_article

from tests.conftest import shared_path

CLUTTER = ["Leave a Reply", "Tagged on", "Мы в Telegram", "Share To", "Visit Charity Shop", "f t g m",
           "Your email address", "Copyright 2020", "Добавить новость", "Все новости"]

# openings of sentences that must survive cleaning, per seed file prefix
BODY_OPENINGS = {
    "000": ["The ZOOM GLOBAL SMART CITIES Association (ZGSC)", "The signature was carried out by",
            "CCPC-PME’s main objective is"],
    "001": ["On 10 March, a delegation of the Permanent Secretariat", "During their visit to Hengqin"],
    "002": ["The second meeting of the third council", "In addition, the Alliance Council"],
    "003": ["Состоялось подписание меморандума", "Отметим, что, несмотря на молодость"],
    "004": ["On the afternoon of May 17, Ningbo signed", "In addition, Shanshan Holdings"],
}


@pytest.fixture(scope="module")
def seeds():
    root = shared_path("seeds")
    return {rec.source_id[:3]: make_article(rec) for rec in io.iter_records([root])}


def test_five_ok_articles_four_english_one_russian(seeds):
    assert sorted(seeds) == ["000", "001", "002", "003", "004"]
    assert {a.status for a in seeds.values()} == {"ok"}
    assert Counter(a.language for a in seeds.values()) == Counter({"en": 4, "ru": 1})


def test_no_clutter_survives(seeds):
    for key, article in seeds.items():
        for clutter in CLUTTER:
            assert clutter not in article.text, (key, clutter)


def test_bodies_survive(seeds):
    for key, openings in BODY_OPENINGS.items():
        for opening in openings:
            assert opening in seeds[key].text, (key, opening)


def test_titles_and_dates(seeds):
    assert seeds["001"].published == dt.date(2023, 3, 14)
    assert seeds["001"].title.startswith("Permanent Secretariat of Forum Macao visited Hengqin")
    assert seeds["003"].title.startswith("Власти Москвы и китайского города Шэньчжэня")
    assert seeds["004"].title.startswith("Ningbo signed a strategic cooperation framework agreement")
    assert all(a.published is None for k, a in seeds.items() if k != "001")  # no other seed states a date
    assert not seeds["003"].text.startswith("Власти Москвы")  # the twice-repeated title left the body


# Navigation and footer segments that recur on every People's Daily Online page (read by eye across the folder)
PEOPLES_DAILY_NAVIGATION = [
    "DD_belatedPNG", "Search Archive", "Chinese Japanese French Spanish Russian Arabic Korean German Portuguese",
    "Home Opinions Business Military World Society Culture Travel Science Sports", "Special Coverage Photo Video",
    "&gt;&gt;", ">>", "(For the latest China news", "(Web editor:", "Add your comment",
    "Please enable JavaScript", "Disqus", "Most Read", "We Recommend", "Hot News", "Related reading",
    "Key Words Xi Jinping", "Links:", "People’s Daily App Beijing Today", "Join Us | Contact Us", "people.cn",
    "【1】", "Ginger",
]
_BYLINE_END = re.compile(r"&gt;&gt;.{1,400}?\(\s*[^()]{2,60}\)\s*\d{1,2}:\d{2}, \w+ \d{1,2}, \d{4} ")


@pytest.fixture(scope="module")
def peoples_daily():
    root = shared_path("corpus", "en_peoplesdaily_raw_2020-11-19")
    return [(rec, make_article(rec)) for rec in io.iter_records([root])]


def test_peoples_daily_navigation_is_gone(peoples_daily):
    assert len(peoples_daily) == 170
    for record, article in peoples_daily:
        for segment in PEOPLES_DAILY_NAVIGATION:
            assert segment not in article.text, (record.source_id, segment)


def test_peoples_daily_bodies_titles_and_dates_survive(peoples_daily):
    for record, article in peoples_daily:
        byline = _BYLINE_END.search(record.text)
        assert byline, record.source_id
        opening = record.text[byline.end():byline.end() + 40]
        if opening.startswith("(For the latest"):  # a video page: nothing but the player and the footer
            assert article.status == "empty", record.source_id
            continue
        assert article.status == "ok" and article.language == "en", record.source_id
        assert article.text.startswith(opening.split(" (")[0][:30]), record.source_id
        assert article.title == record.source_id.split(" - People's Daily Online")[0].strip(), record.source_id
        assert article.published is not None and dt.date(2020, 9, 1) <= article.published <= dt.date(2020, 11, 19)
