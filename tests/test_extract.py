"""The whole extract stage (places, money, dates, sectors, partners, events) on small articles we wrote, on the five
seed pages, and on any string."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import shared_path
from transforms.articles import make_article
from transforms.extract import extract_article
from transforms.model import RawRecord


def facts_of(text, published=dt.date(2024, 6, 20), language=None, title=None):
    return extract_article(text, published=published, language=language, title=title)


def events_of(facts):
    return [(e.event_type, e.date, sorted((p.canonical_name, p.country) for p in e.partners)) for e in facts.events]


# --- small articles, one per language ---------------------------------------------------------------------------

def test_english_loan_with_amount_date_and_sector():
    facts = facts_of("China Exim Bank and the Kenyan government on 12 June signed a loan agreement worth "
                     "$400 million for the Nairobi railway.", language="en")
    assert facts.on_topic
    # a signed loan agreement is lending and a signed agreement; the money goes to the lending
    assert events_of(facts) == [("finance", dt.date(2024, 6, 12),
                                 [("Export-Import Bank of China", "CN"), ("Kenya", "KE")]),
                                ("agreement", dt.date(2024, 6, 12),
                                 [("Export-Import Bank of China", "CN"), ("Kenya", "KE")])]
    event = facts.events[0]
    assert [(a.value, a.currency) for a in event.amounts] == [(400_000_000.0, "USD")]
    assert "transport_logistics" in {s.sector for s in event.sectors}
    assert event.domestic is False
    assert {p.kind for p in event.partners} == {"bank", "national_government"}


def test_chinese_mou_between_a_city_and_a_company():
    facts = facts_of("6月18日，宁波市人民政府与华为技术有限公司在宁波签署战略合作谅解备忘录。", language="zh")
    assert events_of(facts) == [("mou", dt.date(2024, 6, 18), [("Huawei", "CN"), ("Ningbo", "CN")])]
    assert facts.events[0].domestic is True
    assert facts.events[0].place == "Ningbo"


def test_russian_memorandum_of_two_city_governments():
    facts = facts_of("10 июня правительство Москвы и правительство Шэньчжэня подписали меморандум по "
                     "торговле.", language="ru")
    assert events_of(facts) == [("mou", dt.date(2024, 6, 10), [("Moscow", "RU"), ("Shenzhen", "CN")])]


def test_portuguese_agreement_with_a_chinese_company():
    facts = facts_of("A Petrobras e a Sinopec assinaram um acordo de cooperação no Rio de Janeiro em 3 de junho.",
                     language="pt")
    assert events_of(facts) == [("agreement", dt.date(2024, 6, 3), [("Petrobras", "BR"), ("Sinopec", "CN")])]


def test_spanish_investment():
    facts = facts_of("BYD firmó un acuerdo de inversión de 500 millones de dólares con el gobierno de México.",
                     language="es")
    # a signed agreement carrying an investment figure reports both; the money stays with the investment
    assert [e.event_type for e in facts.events] == ["investment", "agreement"]
    assert [len(e.amounts) for e in facts.events] == [1, 0]
    assert sorted(p.canonical_name for p in facts.events[0].partners) == ["BYD", "Mexico"]


def test_french_visit():
    facts = facts_of("Le ministre chinois du Commerce a visité Dakar le 5 juin.", language="fr")
    assert [(e.event_type, e.place, e.date) for e in facts.events] == [("visit", "Dakar", dt.date(2024, 6, 5))]


def test_german_trade_fair():
    facts = facts_of("Die China-Messe in Hannover wurde mit 200 chinesischen Ausstellern eröffnet.",
                     language="de")
    assert [(e.event_type, e.country) for e in facts.events] == [("trade_fair", "DE")]


def test_off_topic_articles_say_why():
    assert facts_of("Heavy rain is expected in Beijing tomorrow.").reason == "no economic event found"
    assert facts_of("CNPC will sign an agreement with Gazprom next year.").reason == "only planned or future deals"
    assert facts_of("Petrobras and Vale S.A. signed an agreement in Brasília.").reason == "no Chinese party"
    assert not facts_of("").on_topic


# --- the five seed pages ----------------------------------------------------------------------------------------

def _seed(name: str):
    path = shared_path("seeds", name)
    article = make_article(RawRecord(source_id=name, source=str(path), text=path.read_text(encoding="utf-8")))
    return extract_article(article.text, published=article.published or dt.date(2023, 5, 20),
                           language=article.language, title=article.title)


def test_seed_ningbo_framework_agreement():
    facts = _seed("004_0725e87f1746e140.txt")
    first = facts.events[0]
    assert first.event_type == "agreement"
    assert {p.canonical_name for p in first.partners} == {"Ningbo", "Zhejiang Chamber of Commerce in Shanghai"}
    assert (first.date, first.date_precision) == (dt.date(2023, 5, 17), "day")
    assert [(a.value, a.currency) for a in first.amounts] == [(13_700_000_000.0, "CNY")]
    assert first.summary == "Ningbo – Zhejiang Chamber of Commerce in Shanghai: strategic cooperation framework agreement"
    assert first.domestic is True


def test_seed_moscow_shenzhen_mou():
    facts = _seed("003_e069d52970fd8f19.txt")
    # the page also says the memorandum was signed during a visit of Moscow's government to Shenzhen: in Russian
    # that names the occasion of the signing, not an event of its own
    assert [e.event_type for e in facts.events] == ["mou"]
    mou = facts.events[0]
    assert {(p.canonical_name, p.kind) for p in mou.partners} == {("Moscow", "local_government"),
                                                                 ("Shenzhen", "local_government")}
    assert (mou.date.month, mou.date.day, mou.date_precision) == (3, 6, "day")


def test_seed_zgsc_protocol():
    facts = _seed("000_1a98d1c4174daa22.txt")
    assert [e.event_type for e in facts.events] == ["agreement"]
    assert {p.canonical_name for p in facts.events[0].partners} == {"Zoom Global Smart Cities Association",
                                                                    "Portugal-China SME Chamber of Commerce"}


def test_seed_forum_macao_visit_and_bazaar():
    facts = _seed("001_d1ecfded0b663f06.txt")
    kinds = {e.event_type: e for e in facts.events}
    assert set(kinds) == {"visit"}  # the products bazaar the delegation attended is a market, no trade fair
    for event in kinds.values():
        assert event.date == dt.date(2023, 3, 10)
        assert event.place == "Hengqin"
        assert "Forum Macao" in {p.canonical_name for p in event.partners}


def test_seed_greater_bay_area_alliance_council_meeting():
    facts = _seed("002_b9190fcd1936fba0.txt")
    assert [e.event_type for e in facts.events] == ["meeting"]
    assert facts.events[0].date.day == 25
    assert facts.events[0].domestic is True


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_on_any_text(text):
    facts = extract_article(text, published=dt.date(2024, 1, 1))
    assert facts.on_topic == bool(facts.events)


def test_a_dateline_stands_in_for_a_missing_publication_date():
    text = ("Cairo Post | Friday 22 January 2016\n\n"
            "Egypt and China signed 21 agreements on Thursday in Cairo.")
    facts = facts_of(text, published=None, language="en")
    assert [(e.event_type, e.date, e.date_precision) for e in facts.events] == [
        ("agreement", dt.date(2016, 1, 21), "day")]


def test_a_date_told_in_the_first_sentence_never_stands_in_for_the_publication_date():
    # so nothing is background to it: the older pledge told next is an event too
    text = "On 5 May 2009, China and Chad signed a loan agreement. In 2007 China pledged to build a hospital in Chad."
    facts = facts_of(text, published=None, language="en")
    assert [(e.event_type, e.date, e.date_precision) for e in facts.events] == [
        ("finance", dt.date(2009, 5, 5), "day"), ("agreement", dt.date(2009, 5, 5), "day"),
        ("finance", dt.date(2007, 1, 1), "year")]
    # a dateline is the page's date: "on Monday" is the day before that Tuesday
    text = "Beijing, 5 May 2009\nChina and Chad signed a loan agreement on Monday."
    facts = facts_of(text, published=None, language="en")
    assert [(e.event_type, e.date, e.date_precision) for e in facts.events] == [
        ("finance", dt.date(2009, 5, 4), "day"), ("agreement", dt.date(2009, 5, 4), "day")]


def test_a_traditional_chinese_page_gives_its_events_and_dates():
    facts = facts_of("香港特區政府商務及經濟發展局局長昨日（12日）在馬尼拉與東盟簽署自由貿易協定。",
                     published=dt.date(2017, 11, 13), language="zh")
    assert [(e.event_type, e.date) for e in facts.events] == [("agreement", dt.date(2017, 11, 12))]


# --- a visit told only by the headline ---------------------------------------------------------------------------

def test_a_visit_told_only_by_the_headline_is_an_event_dated_like_the_story():
    facts = facts_of("On 14 May, Hungary and China signed a Belt and Road memorandum of understanding in Budapest.",
                     language="en", title="Hungary joins Belt and Road as Xi visits Budapest")
    assert [(e.event_type, e.date, e.date_precision) for e in facts.events] == [
        ("mou", dt.date(2024, 5, 14), "day"), ("visit", dt.date(2024, 5, 14), "day")]
    visit = facts.events[1]
    assert (visit.evidence, visit.start) == ("Hungary joins Belt and Road as Xi visits Budapest", -1)
    assert [p.canonical_name for p in visit.partners] == ["Hungary"]


def test_a_planned_visit_in_the_headline_is_no_event():
    facts = facts_of("On 14 May, Hungary and China signed a Belt and Road memorandum of understanding in Budapest.",
                     language="en", title="Hungary joins Belt and Road; Xi will visit Budapest")
    assert [e.event_type for e in facts.events] == ["mou"]


def test_a_headline_visit_alone_makes_no_article_on_topic():
    facts = facts_of("The weather in Rome was mild and sunny all week.", language="en",
                     title="Xi visits Rome")
    assert not facts.on_topic


def test_a_country_named_only_by_its_adjective_on_a_party_is_the_foreign_side():
    # the gift's receiver is named later, only as 'the Zambian police': Zambia is the event's foreign side
    facts = extract_article("China donated ten patrol boats in May 2011. The boats will serve the Zambian police "
                            "on Lake Kariba.", published=dt.date(2011, 6, 1), language="en")
    assert [(p.canonical_name, p.country) for e in facts.events for p in e.partners if p.side == "foreign"] == [
        ("Zambia", "ZM")]


def test_traditional_chinese_sectors_are_found_through_the_simplified_twin():
    facts = extract_article("香港與深圳簽署協議，合作建設電訊網絡和物流中心。", published=dt.date(2024, 5, 1), language="zh-Hant")
    assert {s.sector for e in facts.events for s in e.sectors} == {"technology", "transport_logistics"}  # 電訊, 物流
