"""Title and publication date from record fields and page heads (small heads we wrote)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms import metadata
from transforms.articles import make_article
from transforms.model import RawRecord

D = dt.date


@pytest.mark.parametrize("head, expected", [
    ("Trade office news\nRelease time:2023-03-14\nShare To:", D(2023, 3, 14)),
    ("Published: March 14, 2023 by staff", D(2023, 3, 14)),
    ("Posted on Nov. 2, 2021", D(2021, 11, 2)),
    ("发布时间：2023年3月14日 来源：商务部", D(2023, 3, 14)),
    ("Опубликовано 14.03.2023 в 10:15", D(2023, 3, 14)),
    ("Publicado em 14 de março de 2023", D(2023, 3, 14)),
    ("Publicado el 5 de septiembre de 2022", D(2022, 9, 5)),
    ("Publié le 7 juillet 2021", D(2021, 7, 7)),
    ("Veröffentlicht am 3. Mai 2020", D(2020, 5, 3)),
    ("Опубликовано: 9 марта 2024", D(2024, 3, 9)),
    ("Port deal\n( Xinhua ) 16:42, April 7, 2018 NAIROBI, April 6 (Xinhua) -- A lender", D(2018, 4, 7)),
    ("Port deal\n2022-06-01 08:30 Source: ministry", D(2022, 6, 1)),
    ("Port deal\n14 March 2023\nThe ministry said", D(2023, 3, 14)),
    ("Port deal\nTuesday, 14.03.2023\n", D(2023, 3, 14)),
    # masthead lines: the date set apart from a site name, weekday, place, time or source
    ("Harbour Business Daily  --  Friday 22 January 2016\nMenu: Home | Ports", D(2016, 1, 22)),
    ("Valley Morning Courier  |  14 October 2019  |  Monday\n----", D(2019, 10, 14)),
    ("RIVERTON | FRIDAY, SEPTEMBER 19, 2014\nPort deal", D(2014, 9, 19)),
    ("Port deal\n2019-06-30 | Source: city bureau\nThe fair closed", D(2019, 6, 30)),
    ("港口协议签署\n2018-11-09 来源：经贸观察\n", D(2018, 11, 9)),
    ("Port deal\nSunday, July 30, 2017 - 01:10\n", D(2017, 7, 30)),
    ("Porto novo\nPor Redação | 05/07/2023 08h12 - Atualizado há 2 horas\n", D(2023, 7, 5)),
    ("Segunda-feira, 13 de Novembro de 2023\nNovo aeroporto inaugurado", D(2023, 11, 13)),
    ("ميناء جديد\nالسبت 23 سبتمبر 2023\n", D(2023, 9, 23)),
    ("Feira de Macau\n23 Out 2023\n", D(2023, 10, 23)),
    # a slash date with both numbers under 13: day first on a page in another language than English ...
    ("La Guinée et la Chine signent un accord-cadre minier\n08/09/2017\nLes deux pays ont signé mercredi", D(2017, 9, 8)),
    # ... and as the page's own month-name dates are written
    ("Port deal signed on April 21, 2015 in the capital\nPosted 04/03/2015", D(2015, 4, 3)),
    ("Port deal signed on 21 April 2015 in the capital\nPosted 04/03/2015", D(2015, 3, 4)),
])
def test_header_dates(head, expected):
    assert metadata.header_date(head) == expected


@pytest.mark.parametrize("head", [
    "新华社北京3月14日电 中国与巴西签署协议",  # a dateline: month and day but no year
    "BEIJING, March 14 (Xinhua) -- China and Brazil signed",
    "Port deal\n03/04/2023\n",  # day-month or month-day: ambiguous
    "The plant will open in 2025 and employ 300 people in the province of Jujuy this year.",
    "Release time:2023-02-30",  # no such day
    # a date inside a sentence is not a masthead, however short the line
    "Port deal\nThe port opened on 22 January 2016 in the city.\n",
    "Port deal\nSigned 22 January 2016 by both sides\n",
])
def test_unknown_dates_stay_unknown(head):
    assert metadata.header_date(head) is None


def test_a_yearless_dateline_uses_a_year_given_elsewhere():
    assert metadata.header_date("新华社北京3月14日电 中国与巴西签署协议", year_hint=2023) == D(2023, 3, 14)
    assert metadata.header_date("BEIJING, March 14 (Xinhua) -- China and Brazil", year_hint=2021) == D(2021, 3, 14)
    assert metadata.publication_date("2023", "新华社北京3月14日电 中国与巴西签署协议") == D(2023, 3, 14)


def test_labelled_date_wins_over_an_earlier_plain_date_line():
    assert metadata.header_date("1 June 2020\nPublished: 2 June 2020") == D(2020, 6, 2)


def test_record_field_wins_over_page():
    assert metadata.publication_date("2021-05-06T10:00:00Z", "Published: March 14, 2023") == D(2021, 5, 6)
    assert metadata.publication_date(None, "Published: March 14, 2023") == D(2023, 3, 14)
    assert metadata.publication_date("garbage", "nothing here") is None


def test_strip_byline():
    assert metadata.strip_byline("By Li Na ( China Daily ) 09:32, November 12, 2020 The firm said") == "The firm said"
    assert metadata.strip_byline("The firm said (on Monday) 10:30, it would") == "The firm said (on Monday) 10:30, it would"


def test_title_candidates_skip_date_and_label_lines():
    assert metadata.title_from_candidates(["Member news", "Angola signs rail loan", "Release time:2023-03-14"]) \
        == "Angola signs rail loan"
    assert metadata.title_from_candidates(["14.03.2023"]) is None


def test_repeated_chinese_title_after_dateline_is_removed():
    first = "新华社北京9月2日电 题：中巴合作建设港口 新华社记者王林 两国企业在瓜达尔港签署合作协议。"
    assert metadata.remove_title_repeat(first, "国际观察｜中巴合作建设港口") == "新华社北京9月2日电 新华社记者王林 两国企业在瓜达尔港签署合作协议。"


def test_title_words_inside_a_sentence_are_not_removed():
    first = "两国官员表示，中巴合作建设港口将带动当地就业，并促进区域贸易。"
    assert metadata.remove_title_repeat(first, "中巴合作建设港口") == first


def test_make_article_title_repeated_twice_and_header_date():
    body = ("The city of Porto and a Chinese battery maker signed a memorandum on a recycling plant, the mayor "
            "said on Friday.")
    article = make_article(RawRecord(source_id="p.txt", source="p.txt", text=(
        "Member Cities\nPorto signs battery memorandum\nPorto signs battery memorandum\n"
        "Published: 05.12.2023\n" + body)))
    assert (article.title, article.published, article.text) == ("Porto signs battery memorandum", D(2023, 12, 5), body)


def test_record_title_and_date_fields_win():
    article = make_article(RawRecord(
        source_id="r", source="r.jsonl", title="  Field\u00a0title ", published="2019-01-02",
        text="Page title\nPublished: March 14, 2023\nA long enough sentence about a new factory in Tangier that "
             "will build electric buses for export."))
    assert article.title == "Field title"
    assert article.published == D(2019, 1, 2)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_date_finders_never_raise(text):
    metadata.header_date(text, year_hint=2020)
    metadata.parse_date(text)
    metadata.strip_byline(text)
    metadata.remove_title_repeat(text, text[:10])


def test_a_line_led_by_a_numeric_date_is_never_a_title():
    assert not metadata.looks_like_title("06/07/2023 — Com informações de agências")
    assert not metadata.looks_like_title("2023-07-06 | Fonte: agências")
    assert metadata.looks_like_title("Xi visita Brasília e assina 37 acordos")


# --- the fast regular expressions say the same as the plain ones they replace ----------------------------------------

def _plain_alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def test_the_word_trie_prefers_the_longest_word_like_a_plain_alternation():
    words = ["Mar", "March", "Mars", "marzo", "Mai", "May", "Σεπ", "ς", "s"]
    trie = metadata._alternation(words)
    assert re.fullmatch(trie, "march", re.IGNORECASE)
    assert re.match(trie, "Marchand", re.IGNORECASE).group() == "March"
    assert re.match(trie, "MARZOX", re.IGNORECASE).group() == "MARZO"
    assert re.match(trie, "σ", re.IGNORECASE).group() == "σ"  # ς and σ are one letter to IGNORECASE
    assert re.match(metadata._alternation(["Mai"], ignorecase=False), "mai") is None
    assert re.search(metadata._alternation([]), "anything") is None


_WORD_PIECES = st.sampled_from(["m", "M", "a", "r", "ä", "Ä", "σ", "ς", "Σ", "s", "ſ", "i", "İ", "ı", " ", "."])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(_WORD_PIECES, min_size=1, max_size=5), min_size=1, max_size=8),
       st.text(_WORD_PIECES, max_size=12), st.booleans())
def test_the_word_trie_matches_where_and_what_the_plain_alternation_matches(words, text, ignorecase):
    flags = re.IGNORECASE if ignorecase else 0
    plain = re.compile(f"(?:{_plain_alternation(words)})(?!a)", flags)  # the tail forces backtracking into it
    trie = re.compile(f"(?:{metadata._alternation(words, ignorecase=ignorecase)})(?!a)", flags)
    found, expected = trie.search(text), plain.search(text)
    assert (found and found.span()) == (expected and expected.span())


_PLAIN_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|(?<!\d)\d{2}年")
_PLAIN_AMBIGUOUS_SLASH = re.compile(r"(?<!\d)(?:0?[1-9]|1[0-2])/(?:0?[1-9]|1[0-2])/\d{4}(?!\d)")
_DATE_PIECES = st.sampled_from(["0", "1", "2", "9", "12", "19", "20", "13", "/", "年", "٣", " ", "x"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_DATE_PIECES, max_size=10).map("".join))
def test_year_and_slash_scans_find_what_the_plain_patterns_find(text):
    assert [m.span() for m in metadata._YEAR.finditer(text)] == [m.span() for m in _PLAIN_YEAR.finditer(text)]
    assert bool(metadata._AMBIGUOUS_SLASH.search(text)) == bool(_PLAIN_AMBIGUOUS_SLASH.search(text))


def test_year_scan_examples():
    assert [m.group() for m in metadata._YEAR.finditer("12019 2019 2023年 23年 1999, 1899 120年")] == \
        ["2019", "2023", "23年", "1999"]
    assert metadata._AMBIGUOUS_SLASH.search("posted 04/03/2015")
    assert not metadata._AMBIGUOUS_SLASH.search("posted 14/03/2015 and 104/03/2015 and 00/03/2015")


@pytest.mark.parametrize("text, expected", [
    ("2023-03-14", D(2023, 3, 14)), ("2023年3月14日", D(2023, 3, 14)), ("14.03.2023", D(2023, 3, 14)),
    ("14/03/2023", D(2023, 3, 14)), ("03/14/2023", D(2023, 3, 14)), ("March 14, 2023", D(2023, 3, 14)),
    ("14 de março de 2023", D(2023, 3, 14)), ("2023-02-30", None), ("31.04.2023", None),
])
def test_every_date_shape_is_read_by_the_branch_that_matched(text, expected):
    assert metadata.parse_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    # the month date starts first although its year opens a digit date, which must not cut it short
    ("March 14, 2023-05-06", D(2023, 3, 14)),
    # a year glued to more digits is no year: the digit date after it is the date
    ("March 14, 20232019-03-12", D(2019, 3, 12)),
    ("2019-03-12 March 14, 2023", D(2019, 3, 12)),
])
def test_the_leftmost_date_wins_when_a_month_date_and_a_digit_date_touch(text, expected):
    assert metadata.parse_date(text) == expected


# --- a label heads a metadata line; the same words inside a story sentence are not a label ---------------------------

@pytest.mark.parametrize("head, expected", [
    ("Date: 12 March 2019", D(2019, 3, 12)),
    ("Published: 2019-03-12", D(2019, 3, 12)),
    ("发布时间：2019年3月12日", D(2019, 3, 12)),
    ("Posted on March 12, 2019 by Staff", D(2019, 3, 12)),
    ("Дата публикации: 12.03.2019", D(2019, 3, 12)),
    ("Date: Tuesday, 12 March 2019", D(2019, 3, 12)),
    ("Published Tuesday, March 12, 2019", D(2019, 3, 12)),
    # after a short byline or source field on the same line
    ("Port deal\nBy Staff Writer | Published: 12 March 2019\n", D(2019, 3, 12)),
    ("港口协议\n来源：商务部 发布时间：2019-03-12 浏览次数：30\n", D(2019, 3, 12)),
    ("• Posted on 12 March 2019\nThe port", D(2019, 3, 12)),
    ("Port deal\n\nPublished on 12 March 2019\n\nThe ministry said", D(2019, 3, 12)),
    ("Port deal\n\nPublished Tue, Mar 12, 2019\n\nThe ministry said", D(2019, 3, 12)),
    # a byline of any length set off by a separator, and several 'Label: value' fields before the label
    ("By John Smith, Staff Writer at the Nairobi Daily Nation | Published: 12 March 2019", D(2019, 3, 12)),
    ("Source: MOFCOM Author: Li Wei Editor: Zhang San Published: 2019-03-12", D(2019, 3, 12)),
    ("Port deal\nBy Amina Odhiambo, economics correspondent in Mombasa — Updated: 12 March 2019\n", D(2019, 3, 12)),
])
def test_a_label_heading_its_line_gives_the_date(head, expected):
    assert metadata.header_date(head) == expected


@pytest.mark.parametrize("head", [
    "The completion date was July 2, 2016, two years late.",
    "The bridge was finished ahead of time; its handover date was 20 September, 2005 according to the ministry.",
    "Under the loan the start date was 01.01.2006 and the end date was 31.12.2010.",
    "The two governments set a date of 12 March 2019 for the signing ceremony in the capital.",
    "Port deal\nThe ministry published on 12 March 2019 a list of the firms that will build the port.\n",
    "Port deal\nThe agreement was updated 12 March 2019, when both sides added a clause on the railway.\n",
    "The ministry said the deal, published 12 March 2019, covers the port and a railway to the border.",
    # a date after a colon at the end of a sentence's words is not a masthead either
    "The training centre at the university of the capital was agreed on 2012/05/24. Opening: 2012/10/10",
    "The loan carries a low rate (final maturity date: July 21, 2033) and a grace period of seven years.",
    "Port deal\nA statement released June 10, 2001, said the port would open within three years.\n",
    # a colon earlier in the sentence: the words after it are still a sentence's, more than a heading's
    "Terms: the loan of the two banks to the port authority has its final maturity date: July 21, 2033",
])
def test_label_words_inside_a_story_sentence_give_no_date(head):
    assert metadata.header_date(head) is None


def _date_search_without_the_tail_test(string: str, pos: int, endpos: int):
    """_DatePattern.search as it was before the month-date tail was looked for first."""
    p = metadata._patterns().date
    first = p.digit.search(string, pos, endpos)
    if first is not None:
        endpos = min(endpos, first.end())
    other = p.month.search(string, pos, endpos)
    return first if other is None or (first is not None and first.start() < other.start()) else other


@pytest.mark.parametrize("text, expected", [
    ("Signed on March 14th, 2023 in Lima", (10, 26)),
    ("Signed on 14 March 2023 in Lima", (10, 23)),
    ("Signed in March 2023, day unknown", None),  # no day: neither a month date nor a digit date
    ("el 5 de MAYO de 2021", (3, 20)),
    ("June 5ST , 2019", None),  # a space before the comma is no month date
    ("JUNE 5ND, 2019", (0, 14)),  # ordinal suffixes in any case, as the month names
])
def test_month_dates_are_found_as_before_the_tail_test(text, expected):
    found = metadata._patterns().date.search(text)
    assert (found.span() if found else None) == expected
    before = _date_search_without_the_tail_test(text, 0, len(text))
    assert (before.span() if before else None) == expected


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["March", "mars", "Dec.", "5", "14", "2023", "1999", "st", "TH", ",", " ", "  ",
                                 "\n", ".", "/", "-", "年", "de", "x", "0"]), max_size=14),
       st.integers(0, 40), st.integers(0, 60))
def test_the_month_date_tail_test_changes_no_search(parts, pos, endpos):
    text = "".join(parts)
    found = metadata._patterns().date.search(text, pos, endpos)
    before = _date_search_without_the_tail_test(text, pos, endpos)
    assert (found.span() if found else None, found.lastgroup if found else None) == (
        before.span() if before else None, before.lastgroup if before else None)
