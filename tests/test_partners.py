"""Partners: organisation names by pattern, the alias table, acronyms, governments and places as parties."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.gazetteer import Place, PlaceMatch
from transforms.partners import find_partners, main_parties
from transforms.sentences import sentence_spans


def _place(text: str, surface: str, name: str, kind: str, country: str, adjectival: bool = False,
           occurrence: int = 0) -> PlaceMatch:
    starts = [m.start() for m in re.finditer(re.escape(surface), text)]
    start = starts[occurrence]
    return PlaceMatch(start, start + len(surface), surface,
                      Place(f"test:{name}", name, kind, country, "", 1.0, 2.0, 0), adjectival)


def _names(text: str, places=(), language=None) -> list[tuple[str, str, str | None]]:
    return [(p.canonical_name, p.kind, p.country) for p in find_partners(text, list(places), language).partners]


def test_alias_table_gives_one_english_name_across_languages():
    assert _names("Эксимбанк Китая выделил кредит.") == [("Export-Import Bank of China", "bank", "CN")]
    assert _names("中国进出口银行提供贷款。") == [("Export-Import Bank of China", "bank", "CN")]
    assert _names("China Exim Bank extended a loan.") == [("Export-Import Bank of China", "bank", "CN")]
    assert _names("商务部发布公告。") == [("Ministry of Commerce (China)", "national_government", "CN")]


def test_acronyms_in_the_alias_table_match_only_in_capitals():
    assert _names("Il a signé un accord avec un partenaire.") == []
    assert _names("The UN and ZTE met.") == [("United Nations", "international_org", None), ("ZTE", "company", "CN")]


def test_capitalised_name_with_a_head_word_and_its_acronym():
    text = ("The Lisbon Green Mobility Association (LGMA) was founded last year. "
            "Later LGMA signed a protocol with Shanshan Holdings Co., Ltd. in Lisbon.")
    partners = find_partners(text, [], "en").partners
    assert [(p.name, p.canonical_name, p.kind) for p in partners] == [
        ("Lisbon Green Mobility Association", "Lisbon Green Mobility Association", "chamber_association"),
        ("LGMA", "Lisbon Green Mobility Association", "chamber_association"),
        ("Shanshan Holdings Co., Ltd.", "Shanshan Holdings Co., Ltd.", "company"),
    ]


def test_shouting_names_are_tidied_and_generic_mentions_are_not_names():
    text = "The ALGARVE SOLAR POWER Association met. The Chamber of Commerce will help."
    assert _names(text) == [("Algarve Solar Power Association", "chamber_association", None)]


def test_kind_priority_and_place_in_the_name_gives_the_country():
    text = "Zhejiang Chamber of Commerce in Hangzhou and the Guangdong Provincial Productivity Promotion Center met."
    places = [_place(text, "Zhejiang", "Zhejiang", "admin1", "CN"), _place(text, "Hangzhou", "Hangzhou", "city", "CN"),
              _place(text, "Guangdong", "Guangdong", "admin1", "CN")]
    assert _names(text, places) == [
        ("Zhejiang Chamber of Commerce in Hangzhou", "chamber_association", "CN"),
        ("Guangdong Provincial Productivity Promotion Center", "other", "CN"),
    ]


def test_chinese_names_end_in_a_suffix_and_start_after_a_stop_word():
    text = "阿塞拜疆政府与浙江省能源集团有限公司签署协议。"
    places = [_place(text, "阿塞拜疆", "Azerbaijan", "country", "AZ")]
    assert _names(text, places) == [
        ("Azerbaijan", "national_government", "AZ"),
        ("浙江省能源集团有限公司", "company", "CN"),
    ]


def test_russian_legal_form_with_a_quoted_name():
    assert _names("ООО «Восток Логистик» подписало контракт.") == [("Восток Логистик", "company", None)]


def test_government_words_next_to_places():
    text = "Меморандум подписали правительство Москвы и народное правительство города Шэньчжэня."
    places = [_place(text, "Москвы", "Moscow", "city", "RU"), _place(text, "Шэньчжэня", "Shenzhen", "city", "CN")]
    partners = find_partners(text, places, "ru").partners
    assert [(p.name, p.canonical_name, p.kind, p.side) for p in partners] == [
        ("правительство Москвы", "Moscow", "local_government", "foreign"),
        ("правительство города Шэньчжэня", "Shenzhen", "local_government", "chinese"),
    ]
    zh = "宁波市人民政府与中国签署协议。"
    places = [_place(zh, "宁波", "Ningbo", "city", "CN"), _place(zh, "中国", "China", "country", "CN")]
    assert _names(zh, places) == [("Ningbo", "local_government", "CN"), ("China", "country", "CN")]


def test_places_are_parties_locations_or_modifiers():
    text = ("Ningbo signed a framework agreement with Kenya in Hengqin to promote the return of Zhejiang "
            "entrepreneurs and Lisbon's tourism.")
    places = [_place(text, "Ningbo", "Ningbo", "city", "CN"), _place(text, "Kenya", "Kenya", "country", "KE"),
              _place(text, "Hengqin", "Hengqin", "zone", "CN"), _place(text, "Zhejiang", "Zhejiang", "admin1", "CN"),
              _place(text, "Lisbon", "Lisbon", "city", "PT")]
    scan = find_partners(text, places, "en")
    assert [(p.canonical_name, p.kind, p.side) for p in scan.partners] == [
        ("Ningbo", "local_government", "chinese"), ("Kenya", "country", "foreign")]
    assert [p.place.name for p in scan.locations] == ["Hengqin"]


def test_places_inside_a_longer_name_are_not_parties():
    text = "They attended the Lusophone and Macao Products Bazaar."
    places = [_place(text, "Macao", "Macao", "country", "MO")]
    assert find_partners(text, places, "en").partners == []


def test_adjective_before_an_unknown_company_gives_its_country():
    text = "The Chinese firm Yellow River Trading Company signed a deal."
    places = [_place(text, "Chinese", "China", "country", "CN", adjectival=True)]
    assert _names(text, places) == [("Yellow River Trading Company", "company", "CN")]


def test_main_parties_come_from_the_title_else_the_opening_sentences():
    text = "Business news. Huawei and Petrobras met in Rio. ZTE attended."
    partners = find_partners(text, [], "en").partners
    assert [p.canonical_name for p in main_parties(sentence_spans(text), partners)] == ["Huawei", "Petrobras"]
    title = find_partners("ZTE visits Brazil", [], "en").partners
    assert [p.canonical_name for p in main_parties(sentence_spans(text), partners, title)] == ["ZTE"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_text(text):
    scan = find_partners(text, [], None)
    for p in scan.partners:
        assert 0 <= p.start < p.end <= len(text)
