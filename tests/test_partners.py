"""Partners: organisation names by pattern, the alias table, acronyms, governments and places as parties."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.gazetteer import Place, PlaceMatch, find_places
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
    assert _names("商务部发布公告。") == [("Ministry of Commerce of China", "national_government", "CN")]


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


def test_a_country_adjective_next_to_a_leader_word_is_that_countrys_government():
    text = "Chinese President Wu Lan and Rwandan President Jean Habimana signed a deal."
    places = [_place(text, "Chinese", "China", "country", "CN", adjectival=True),
              _place(text, "Rwandan", "Rwanda", "country", "RW", adjectival=True)]
    partners = find_partners(text, places, "en").partners
    assert [(p.name, p.canonical_name, p.kind, p.side) for p in partners] == [
        ("Chinese President", "China", "national_government", "chinese"),
        ("Rwandan President", "Rwanda", "national_government", "foreign"),
    ]
    text = "A fisheries pact was concluded last week, Chinese and Zambian governments said."
    places = [_place(text, "Chinese", "China", "country", "CN", adjectival=True),
              _place(text, "Zambian", "Zambia", "country", "ZM", adjectival=True)]
    assert _names(text, places) == [("China", "national_government", "CN"),
                                    ("Zambia", "national_government", "ZM")]


def test_leader_words_after_the_adjective_and_inside_it():
    text = "El gobierno argentino firmó con la parte china."
    places = [_place(text, "argentino", "Argentina", "country", "AR", adjectival=True),
              _place(text, "china", "China", "country", "CN", adjectival=True)]
    assert _names(text, places, "es") == [("Argentina", "national_government", "AR"),
                                          ("China", "national_government", "CN")]
    zh = "中方愿同各方合作。"
    assert _names(zh, [_place(zh, "中方", "China", "country", "CN", adjectival=True)]) == [
        ("China", "national_government", "CN")]


def test_an_adjective_without_a_leader_or_people_word_is_no_party():
    text = "Chinese firms laid Kenyan granite along the road."
    places = [_place(text, "Chinese", "China", "country", "CN", adjectival=True),
              _place(text, "Kenyan", "Kenya", "country", "KE", adjectival=True)]
    assert _names(text, places) == []


def test_an_adjective_before_a_word_for_its_people_is_that_country():
    text = "Kenyan workers and Chinese engineers built the road; ten scholarships went to Burundian students."
    places = [_place(text, "Kenyan", "Kenya", "country", "KE", adjectival=True),
              _place(text, "Chinese", "China", "country", "CN", adjectival=True),
              _place(text, "Burundian", "Burundi", "country", "BI", adjectival=True)]
    assert [(p.name, p.canonical_name, p.kind) for p in find_partners(text, places, "en").partners] == [
        ("Kenyan workers", "Kenya", "country"), ("Chinese engineers", "China", "country"),
        ("Burundian students", "Burundi", "country")]


def test_a_leader_word_after_title_words_acts_for_the_country():
    text = "The Mozambican Finance Minister and the Chinese Deputy Foreign Minister signed a grant."
    places = [_place(text, "Mozambican", "Mozambique", "country", "MZ", adjectival=True),
              _place(text, "Chinese", "China", "country", "CN", adjectival=True)]
    assert [(p.name, p.canonical_name, p.kind) for p in find_partners(text, places, "en").partners] == [
        ("Mozambican Finance Minister", "Mozambique", "national_government"),
        ("Chinese Deputy Foreign Minister", "China", "national_government")]
    text = "Madagascar's Energy and Mines Minister signed a deal."
    places = [_place(text, "Madagascar", "Madagascar", "country", "MG")]
    assert [(p.name, p.kind) for p in find_partners(text, places, "en").partners] == [
        ("Madagascar's Energy and Mines Minister", "national_government")]
    # a title word heading an organisation's name makes the leader that body's, not the government's
    text = "The Chinese Development Bank President visited."
    places = [_place(text, "Chinese", "China", "country", "CN", adjectival=True)]
    assert [(kind, country) for _, kind, country in _names(text, places)] == [("bank", "CN")]


def test_possessive_government_and_leader_of_a_country():
    text = "Myanmar's government signed a deal, and the President of Peru attended."
    places = [_place(text, "Myanmar", "Myanmar", "country", "MM"), _place(text, "Peru", "Peru", "country", "PE")]
    partners = find_partners(text, places, "en").partners
    assert [(p.name, p.canonical_name, p.kind) for p in partners] == [
        ("Myanmar's government", "Myanmar", "national_government"),
        ("President of Peru", "Peru", "national_government"),
    ]


def test_a_place_opening_a_line_is_a_party_unless_it_is_a_dateline():
    text = "ATHENS, April 8 - Greece sold a stake.\nISLAMABAD: talks ended.\nMyanmar signs framework deal"
    places = [_place(text, "ATHENS", "Athens", "city", "GR"), _place(text, "Greece", "Greece", "country", "GR"),
              _place(text, "ISLAMABAD", "Islamabad", "city", "PK"), _place(text, "Myanmar", "Myanmar", "country", "MM")]
    assert _names(text, places) == [("Greece", "country", "GR"), ("Myanmar", "country", "MM")]
    text = "Talks ended. Kenya signed the loan."
    assert _names(text, [_place(text, "Kenya", "Kenya", "country", "KE")]) == [("Kenya", "country", "KE")]


def test_a_capital_named_as_a_party_stands_for_its_country():
    text = "Beijing and Islamabad value the corridor at $46 billion."
    places = [_place(text, "Beijing", "Beijing", "city", "CN"), _place(text, "Islamabad", "Islamabad", "city", "PK")]
    assert [(n, k, c) for n, k, c in _names(text, places)] == [
        ("China", "national_government", "CN"), ("Pakistan", "national_government", "PK")]


def test_a_country_after_a_destination_word_is_the_host_or_recipient():
    text = "China extended a $1 billion loan to Belarus."
    places = [_place(text, "China", "China", "country", "CN"), _place(text, "Belarus", "Belarus", "country", "BY")]
    scan = find_partners(text, places, "en")
    assert [p.canonical_name for p in scan.partners] == ["China", "Belarus"]
    assert [p.place.name for p in scan.destinations] == ["Belarus"]


def test_a_currency_sign_is_not_a_place():
    text = "Argentina gets US$ 23 billion."
    places = [_place(text, "Argentina", "Argentina", "country", "AR"), _place(text, "US", "United States", "country", "US")]
    assert _names(text, places) == [("Argentina", "country", "AR")]


def _event(partners, country):
    from transforms.model import EventMention, PartnerMention
    event = EventMention(event_type="investment", evidence="…", place="Debrecen", country=country)
    event.partners = [PartnerMention(name=n, canonical_name=n, kind="company", country=c, side=s)
                      for n, c, s in partners]
    return event


def test_an_event_in_a_foreign_country_with_no_foreign_partner_has_that_country_as_host():
    from transforms.partners import add_host_countries
    catl, in_china, with_chile = (_event([("CATL", "CN", "chinese")], "HU"), _event([("Tesla", "US", "foreign")], "CN"),
                                  _event([("Chile", "CL", "foreign"), ("China", "CN", "chinese")], "VN"))
    add_host_countries([catl, in_china, with_chile], [])
    assert [(p.canonical_name, p.country, p.role) for p in catl.partners] == [
        ("CATL", "CN", None), ("Hungary", "HU", "host")]
    assert catl.domestic is False
    assert [p.canonical_name for p in in_china.partners] == ["Tesla"]
    assert [p.canonical_name for p in with_chile.partners] == ["Chile", "China"]


def test_else_the_articles_main_foreign_country_is_the_counterpart():
    from transforms.partners import add_host_countries
    text = "China gave a grant; the Gabonese president thanked Beijing, and Gabon will build a school near Paris."
    places = [_place(text, "Gabonese", "Gabon", "country", "GA", adjectival=True),
              _place(text, "Beijing", "Beijing", "city", "CN"), _place(text, "Gabon", "Gabon", "country", "GA"),
              _place(text, "Paris", "Paris", "city", "FR")]
    grant = _event([("China", "CN", "chinese")], None)
    add_host_countries([grant], places)
    assert [(p.canonical_name, p.role) for p in grant.partners] == [("China", None), ("Gabon", "counterpart")]
    # no country holds most of the foreign mentions: no counterpart is guessed
    grant = _event([("China", "CN", "chinese")], None)
    add_host_countries([grant], places[:2] + places[3:])
    assert [p.canonical_name for p in grant.partners] == ["China"]


def test_an_adjective_with_a_government_word_is_that_countrys_government():
    text = "The Jamaican government signed with the China Exim Bank."
    assert _names(text, find_places(text)) == [("Jamaica", "national_government", "JM"),
                                               ("Export-Import Bank of China", "bank", "CN")]


def test_an_event_without_a_chinese_partner_takes_its_chinese_place_or_the_china_its_sentence_names():
    from transforms.model import EventMention, PartnerMention
    from transforms.partners import add_host_countries
    apple = EventMention(event_type="investment", evidence="Apple will invest in Guizhou.", start=0, end=29,
                         place="Guizhou", country="CN")
    apple.partners = [PartnerMention(name="Apple", canonical_name="Apple", kind="company", country="US",
                                     side="foreign")]
    add_host_countries([apple], [])
    assert [(p.canonical_name, p.kind, p.country, p.role) for p in apple.partners] == [
        ("Apple", "company", "US", None), ("Guizhou", "local_government", "CN", "host")]
    assert apple.domestic is False
    text = "Austrian firms signed contracts with Chinese partners in Vienna."
    places = [_place(text, "Austrian", "Austria", "country", "AT", adjectival=True),
              _place(text, "Chinese", "China", "country", "CN", adjectival=True),
              _place(text, "Vienna", "Vienna", "city", "AT")]
    deal = EventMention(event_type="contract", evidence=text, start=0, end=len(text), place="Vienna", country="AT")
    add_host_countries([deal], places)
    assert [(p.canonical_name, p.country, p.role) for p in deal.partners] == [
        ("Austria", "AT", "host"), ("China", "CN", "counterpart")]
    # China inside a partner's own name is no side of its own
    text = "ZGSC signed with the Portugal-China Chamber."
    chamber = EventMention(event_type="agreement", evidence=text, start=0, end=len(text))
    chamber.partners = [PartnerMention(name="Portugal-China Chamber", canonical_name="Portugal-China Chamber",
                                       kind="chamber_association", country="PT", side="foreign", start=21, end=43)]
    add_host_countries([chamber], [_place(text, "China", "China", "country", "CN")])
    assert [p.canonical_name for p in chamber.partners] == ["Portugal-China Chamber"]
    # a Chinese name outside the event's sentence gives nothing
    later = EventMention(event_type="contract", evidence="…", start=0, end=10, place="Vienna", country="AT")
    add_host_countries([later], places)
    assert [p.canonical_name for p in later.partners] == ["Austria"]


def test_a_named_leader_acts_for_their_country():
    text = "Путина встретил Си Цзиньпин. Later Putin met Emmanuel Macron."
    assert _names(text, [], "ru") == [("Russia", "national_government", "RU"), ("China", "national_government", "CN"),
                                      ("Russia", "national_government", "RU"), ("France", "national_government", "FR")]


def test_country_partners_take_their_usual_english_name():
    text = "Myanmar, Trinidad and Tobago and the Republic of Congo signed the deal."
    assert _names(text, find_places(text)) == [("Myanmar", "country", "MM"), ("Trinidad and Tobago", "country", "TT"),
                                               ("Republic of the Congo", "country", "CG")]


def test_venues_and_media_are_not_parties_and_hide_their_places():
    text = "Kenya signed at the Shanghai Convention Center, China Daily reported. 会议在国家会展中心举行。"
    places = [_place(text, "Kenya", "Kenya", "country", "KE"), _place(text, "Shanghai", "Shanghai", "city", "CN"),
              _place(text, "China", "China", "country", "CN")]
    assert _names(text, places) == [("Kenya", "country", "KE")]


def test_an_adjective_alone_gives_no_counterpart_and_two_chinese_parties_stay_domestic():
    from transforms.partners import add_host_countries
    text = "The alliance met in Hengqin to use Macao's Sino-Portuguese platform; Portugal sent greetings."
    adjective_only = [_place(text, "Portuguese", "Portugal", "country", "PT", adjectival=True)]
    meeting = _event([("Hong Kong", "HK", "chinese")], None)
    add_host_countries([meeting], adjective_only)
    assert [p.canonical_name for p in meeting.partners] == ["Hong Kong"]
    named = adjective_only + [_place(text, "Portugal", "Portugal", "country", "PT")]
    pair = _event([("Hong Kong", "HK", "chinese"), ("Macao", "MO", "chinese")], None)
    add_host_countries([pair], named)
    assert [p.canonical_name for p in pair.partners] == ["Hong Kong", "Macao"]


def test_a_visit_to_the_chinese_capital_is_hosted_by_china():
    from transforms.model import EventMention, PartnerMention
    from transforms.partners import add_host_countries
    visit = EventMention(event_type="visit", evidence="Duterte visited Beijing.", start=0, end=24, place="Beijing",
                         country="CN")
    visit.partners = [PartnerMention(name="Duterte", canonical_name="Philippines", kind="national_government",
                                     country="PH", side="foreign")]
    add_host_countries([visit], [])
    assert [(p.canonical_name, p.kind, p.role) for p in visit.partners] == [
        ("Philippines", "national_government", None), ("China", "country", "host")]


def test_chinese_places_in_a_chain_a_longer_name_or_a_menu_are_not_parties():
    text = "首页 宁德 新能源 企业\n总部位于福建宁德的公司。列车从昆明站驶出。峰会在陕西西安闭幕。匈牙利与中国签署协议。"
    assert _names(text, find_places(text)) == [("Hungary", "country", "HU"), ("China", "country", "CN")]


def test_a_places_on_a_navigation_bar_are_not_parties_but_a_headline_place_is():
    text = "News | Asia | Kenya | Markets\nKenya signs rail deal"
    assert _names(text, find_places(text)) == [("Kenya", "country", "KE")]


def test_a_date_or_a_sentence_start_after_a_place_does_not_make_it_part_of_a_name():
    text = "The bank signed a loan with Ethiopia on June 22 in a deal between Kenya and China. As agreed, it paid."
    places = [_place(text, "Ethiopia", "Ethiopia", "country", "ET"), _place(text, "Kenya", "Kenya", "country", "KE"),
              _place(text, "China", "China", "country", "CN")]
    assert _names(text, places) == [("Ethiopia", "country", "ET"), ("Kenya", "country", "KE"),
                                    ("China", "country", "CN")]


def test_a_country_after_a_giving_or_helping_verb_is_a_party():
    text = "Beijing will give Kenya a grant and help Ethiopia build a railway."
    places = [_place(text, "Kenya", "Kenya", "country", "KE"), _place(text, "Ethiopia", "Ethiopia", "country", "ET")]
    assert _names(text, places) == [("Kenya", "country", "KE"), ("Ethiopia", "country", "ET")]


def test_a_chinese_leaders_possessive_names_china():
    assert _names("Xi's visit ended with deals.") == [("China", "national_government", "CN")]
    assert _names("Visitors to Xi'an signed deals.", []) == []
    assert _names("Jia Qinglin signed the accord.") == [("China", "national_government", "CN")]


def test_a_foreign_place_where_the_events_sentence_happens_is_its_host():
    from transforms.model import EventMention, PartnerMention
    from transforms.partners import add_host_countries
    text = "The Chinese government pledged money for ZTE to build a network in Nigeria. Talks were held in Paris."
    first = text.index(".") + 1
    event = EventMention(event_type="finance", evidence=text[:first], start=0, end=first)
    event.partners = [PartnerMention(name=n, canonical_name=n, kind="company", country="CN", side="chinese")
                      for n in ("China", "ZTE")]
    nigeria, paris = _place(text, "Nigeria", "Nigeria", "country", "NG"), _place(text, "Paris", "Paris", "city", "FR")
    add_host_countries([event], [nigeria, paris], [nigeria, paris])
    assert [(p.canonical_name, p.role) for p in event.partners] == [("China", None), ("ZTE", None),
                                                                    ("Nigeria", "host")]
    assert event.domestic is False


def test_both_governments_brings_in_the_articles_main_parties():
    from transforms.extract import extract_article
    # two Chinese firms named beside "both governments": without the phrase the event would stay domestic
    for text in ("Kenya and China met in Nairobi. Both governments, Huawei and ZTE signed a loan agreement.",
                 "España y China se reunieron. Ambos gobiernos, Huawei y ZTE firmaron un acuerdo de préstamo.",
                 "Portugal e China reuniram-se. Os dois governos, a Huawei e a ZTE assinaram um acordo."):
        agreement = [e for e in extract_article(text).events if e.event_type == "agreement"][0]
        assert sorted(p.side for p in agreement.partners) == ["chinese", "chinese", "chinese", "foreign"], text


def test_a_full_stop_after_a_word_ends_a_name_but_an_abbreviation_does_not():
    text = "Shares went to the Harbour Authority. Kenya Development Bank lent the rest to Sinopec Co. Ltd."
    assert _names(text) == [("Harbour Authority", "other", None), ("Kenya Development Bank", "bank", None),
                            ("Sinopec", "company", "CN")]
    text = "The port is owned by Ruvu Ports Authority. Lagos then signed."
    names = [p.name for p in find_partners(text, find_places(text)).partners]
    assert "Ruvu Ports Authority" in names and not any("Lagos" in n and n != "Lagos" for n in names)


def test_a_state_government_is_that_place_s_government():
    text = "Shareholders include the Kano State Government."
    kano = _place(text, "Kano", "Kano", "admin1", "NG")
    assert _names(text, [kano]) == [("Kano", "local_government", "NG")]


def test_a_russian_alias_takes_case_endings_but_not_a_longer_word():
    assert _names("Контракт между «Газпромом» и партнёрами подписан.") == [("Gazprom", "company", "RU")]
    assert _names("Председатель правления «Газпрома» выступил.") == [("Gazprom", "company", "RU")]
    assert _names("Газпромбанк выдал кредит.") == []


def test_a_repeated_suffix_before_a_title_is_the_title_not_a_second_name():
    names = [p.name for p in find_partners("經濟發展局局長出席會議。", []).partners]
    assert names == ["經濟發展局"]


def test_frequent_actors_carry_their_long_official_names():
    assert _names("AVIC and TEDA signed.") == [("Aviation Industry Corporation of China", "company", "CN"),
                                               ("Tianjin TEDA Investment Holding", "company", "CN")]
    assert _names("Lianyungang Port Holdings bought a stake.") == [("Lianyungang Port Holdings Group", "company", "CN")]
    assert _names("La Commission nationale du développement et de la réforme a signé.") == [
        ("National Development and Reform Commission", "national_government", "CN")]


def test_a_date_in_digits_before_chinese_text_does_not_swallow_its_places():
    text = "2023年中国与肯尼亚签署协议。"
    china = _place(text, "中国", "China", "country", "CN")
    kenya = _place(text, "肯尼亚", "Kenya", "country", "KE")
    assert _names(text, [china, kenya]) == [("China", "country", "CN"), ("Kenya", "country", "KE")]


def test_a_national_body_named_without_its_country_takes_the_country_from_the_context():
    text = "The Chinese Exim Bank lent the money."
    chinese = _place(text, "Chinese", "China", "country", "CN", adjectival=True)
    assert _names(text, [chinese]) == [("Export-Import Bank of China", "bank", "CN")]
    text = "The American Exim Bank lent the money."
    american = _place(text, "American", "United States", "country", "US", adjectival=True)
    assert _names(text, [american]) == [("American Exim Bank", "bank", "US")]


def test_a_ministry_is_named_with_its_country():
    text = "The Zambian Ministry of Finance signed."
    zambian = _place(text, "Zambian", "Zambia", "country", "ZM", adjectival=True)
    assert _names(text, [zambian]) == [("Ministry of Finance of Zambia", "national_government", "ZM")]
    text = "Lusaka hosted talks. Ndola and Kitwe joined. The Ministry of Finance signed."
    towns = [_place(text, town, town, "city", "ZM") for town in ("Lusaka", "Ndola", "Kitwe")]
    assert _names(text, towns)[-1] == ("Ministry of Finance of Zambia", "national_government", "ZM")


def test_aliases_match_with_either_apostrophe():
    assert _names("China’s Ministry of Commerce said so.") == [
        ("Ministry of Commerce of China", "national_government", "CN")]


def test_a_name_ends_at_its_legal_form_and_before_a_date():
    text = "The loan went to Amaria Hydro Development Corporation SAU for the Amaria Dam Project."
    assert _names(text) == [("Amaria Hydro Development Corporation SAU", "company", None)]
    text = "Crews started the Mwanza Leather Company Rehabilitation Project On June 9 near the port."
    assert [p.name for p in find_partners(text, []).partners] == ["Mwanza Leather Company Rehabilitation Project"]
    text = "Work began on the Kariba North Bank Expansion Project In October 2008 and Amu Power Company Limited for the Lamu Plant."
    assert [p.name for p in find_partners(text, []).partners] == ["Kariba North Bank Expansion Project",
                                                                   "Amu Power Company Limited"]


def test_a_place_after_a_long_gap_of_spaces_does_not_raise():
    text = "x" + " " * 30 + "Kenya signed."
    kenya = _place(text, "Kenya", "Kenya", "country", "KE")
    assert _names(text, [kenya]) == []  # a modifier position: no clause mark or party word before it


def test_a_run_splits_at_every_coordinator_between_two_named_bodies():
    # "and" is the third word here: it was skipped when the word before it had been read as a candidate
    text = "Nile Bank and Amu Power Company signed."
    assert _names(text) == [("Nile Bank", "bank", None), ("Amu Power Company", "company", None)]


def test_a_foreign_adjective_before_an_institution_word_is_that_country():
    text = "Beijing gave desks to the Angolan chancellery and two trucks to the Tanzanian National Roads agency."
    places = [_place(text, "Angolan", "Angola", "country", "AO", adjectival=True),
              _place(text, "Tanzanian", "Tanzania", "country", "TZ", adjectival=True)]
    assert [(p.name, p.canonical_name, p.kind) for p in find_partners(text, places, "en").partners] == [
        ("Angolan chancellery", "Angola", "national_government"),
        ("Tanzanian National Roads agency", "Tanzania", "national_government")]


def test_an_institution_word_before_a_foreign_adjective_is_that_country():
    text = "Pekín donó muebles a la cancillería angoleña."
    places = [_place(text, "angoleña", "Angola", "country", "AO", adjectival=True)]
    assert [(p.name, p.canonical_name, p.kind) for p in find_partners(text, places, "es").partners] == [
        ("cancillería angoleña", "Angola", "national_government")]


def test_an_adjective_is_no_party_across_a_break_word_or_for_the_chinese_side():
    text = "Kenyan officers said the school opened. Zambian farmers met at a Chinese hospital."
    places = [_place(text, "Kenyan", "Kenya", "country", "KE", adjectival=True),
              _place(text, "Zambian", "Zambia", "country", "ZM", adjectival=True),
              _place(text, "Chinese", "China", "country", "CN", adjectival=True)]
    # "officers" and "farmers" are people words (parties by that rule); the school and the hospital make none
    assert [(p.name, p.canonical_name) for p in find_partners(text, places, "en").partners] == [
        ("Kenyan officers", "Kenya"), ("Zambian farmers", "Zambia")]
    text = "Our Peruvian friends thanked the hospital staff."
    places = [_place(text, "Peruvian", "Peru", "country", "PE", adjectival=True)]
    assert _names(text, places) == []


def test_a_definite_firm_phrase_without_a_name_refers_back():
    text = ("Acme broke ground; the German company will invest more. A Sudanese company and the Romanian operator "
            "Telenet also won loans.")
    places = [_place(text, "German", "Germany", "country", "DE", adjectival=True),
              _place(text, "Sudanese", "Sudan", "country", "SD", adjectival=True),
              _place(text, "Romanian", "Romania", "country", "RO", adjectival=True)]
    assert [(p.name, p.canonical_name, p.kind) for p in find_partners(text, places, "en").partners] == [
        ("Sudanese company", "Sudan", "country"), ("Romanian operator", "Romania", "country")]


def test_a_foreign_country_whose_holding_is_named_after_its_possessive_is_a_party():
    text = "Beijing wrote off part of Malawi's external debt and praised Ningbo's economy, Kenya's scenery too."
    places = [_place(text, "Malawi", "Malawi", "country", "MW"), _place(text, "Ningbo", "Ningbo", "city", "CN"),
              _place(text, "Kenya", "Kenya", "country", "KE")]
    assert [(p.name, p.canonical_name, p.kind) for p in find_partners(text, places, "en").partners] == [
        ("Malawi", "Malawi", "country")]


def test_a_country_a_thing_is_for_is_a_party():
    text = "Workers will build a ministerial complex for Liberia. The team left for Shenzhen on Monday."
    places = [_place(text, "Liberia", "Liberia", "country", "LR"), _place(text, "Shenzhen", "Shenzhen", "city", "CN")]
    assert [(p.name, p.canonical_name, p.kind) for p in find_partners(text, places, "en").partners] == [
        ("Liberia", "Liberia", "country")]


def test_a_country_made_a_party_by_its_adjective_counts_as_the_main_foreign_country():
    from transforms.partners import add_host_countries
    text = "China shipped ten patrol boats in May. They went to the Zambian police."
    places = [_place(text, "Zambian", "Zambia", "country", "ZM", adjectival=True)]
    partners = find_partners(text, places, "en").partners
    assert [p.canonical_name for p in partners] == ["Zambia"]
    shipment = _event([("China", "CN", "chinese")], None)
    add_host_countries([shipment], places, partners=partners)
    assert [(p.canonical_name, p.role) for p in shipment.partners] == [("China", None), ("Zambia", "counterpart")]
    # without the parties, an adjective alone names no country
    shipment = _event([("China", "CN", "chinese")], None)
    add_host_countries([shipment], places)
    assert [p.canonical_name for p in shipment.partners] == ["China"]


def test_a_foreign_country_after_an_institution_word_and_of_is_a_party():
    text = "The envoy handed the cheque to the first lady of Malawi. A port of Kenya is busy. The Ministry of China works."
    places = [_place(text, "Malawi", "Malawi", "country", "MW"), _place(text, "Kenya", "Kenya", "country", "KE"),
              _place(text, "China", "China", "country", "CN")]
    # "the first lady" and "a port" are institution words; the Chinese side keeps its own rules
    assert [(p.name, p.canonical_name) for p in find_partners(text, places, "en").partners
            if p.kind == "country"] == [("Malawi", "Malawi"), ("Kenya", "Kenya")]


def test_a_foreign_possessive_after_a_giving_verb_is_a_party_but_not_after_from():
    text = "Beijing pledged to assist Peru's small farmers. Lima bought a stake from Chile's pension fund."
    places = [_place(text, "Peru", "Peru", "country", "PE"), _place(text, "Chile", "Chile", "country", "CL")]
    assert [p.canonical_name for p in find_partners(text, places, "en").partners] == ["Peru"]


def test_a_country_after_a_promising_verb_is_a_party():
    text = "In 2011, Beijing promised Togo a grant."
    places = [_place(text, "Togo", "Togo", "country", "TG")]
    assert [p.canonical_name for p in find_partners(text, places, "en").partners] == ["Togo"]


def test_a_foreign_currency_board_or_chancellor_after_an_adjective_is_that_country():
    text = ("Beijing sent goods valued at 450 million Guinean francs. The Zimbabwean Grain Marketing Board got seed. "
            "The Peruvian Chancellor thanked Beijing; the rest was paid in American dollars.")
    places = [_place(text, "Guinean", "Guinea", "country", "GN", adjectival=True),
              _place(text, "Zimbabwean", "Zimbabwe", "country", "ZW", adjectival=True),
              _place(text, "Peruvian", "Peru", "country", "PE", adjectival=True),
              _place(text, "American", "United States", "country", "US", adjectival=True)]
    assert [(p.name, p.canonical_name, p.kind) for p in find_partners(text, places, "en").partners
            if p.kind in ("country", "national_government")] == [
        ("Guinean francs", "Guinea", "country"), ("Zimbabwean Grain Marketing Board", "Zimbabwe", "country"),
        ("Peruvian Chancellor", "Peru", "national_government")]


def test_a_country_after_an_opening_year_or_that_is_a_clauses_subject():
    text = "On 4 May 2014 Peru signed a loan. Officials said that Chile would follow, with pipes that Lima values."
    places = [_place(text, "Peru", "Peru", "country", "PE"), _place(text, "Chile", "Chile", "country", "CL"),
              _place(text, "Lima", "Lima", "city", "PE")]
    assert [p.canonical_name for p in find_partners(text, places, "en").partners] == ["Peru", "Chile"]


def test_a_country_after_a_located_town_and_a_comma_is_where_not_a_party():
    text = "Beijing funded a cement plant in Gedem, Eritrea. Talks with Ndola, Zambia and Egypt went on."
    places = [_place(text, "Eritrea", "Eritrea", "country", "ER"), _place(text, "Ndola", "Ndola", "city", "ZM"),
              _place(text, "Zambia", "Zambia", "country", "ZM"), _place(text, "Egypt", "Egypt", "country", "EG")]
    scan = find_partners(text, places, "en")
    assert [p.surface for p in scan.locations] == ["Eritrea"]
    assert [p.canonical_name for p in scan.partners] == ["Ndola", "Zambia", "Egypt"]


def test_a_possessive_written_with_a_bare_apostrophe_counts():
    text = "Beijing wrote off part of Honduras' debt; Paris' museums were closed."
    places = [_place(text, "Honduras", "Honduras", "country", "HN"), _place(text, "Paris", "Paris", "city", "FR")]
    assert [p.canonical_name for p in find_partners(text, places, "en").partners] == ["Honduras"]


def test_a_leader_word_after_five_title_words_acts_for_the_country():
    text = "China signed with the Mauritanian Economic Affairs and Development Minister."
    places = [_place(text, "Mauritanian", "Mauritania", "country", "MR", adjectival=True)]
    assert [(p.name, p.canonical_name) for p in find_partners(text, places, "en").partners
            if p.country == "MR"] == [("Mauritanian Economic Affairs and Development Minister", "Mauritania")]


def test_a_country_named_with_its_article_is_a_clause_subject():
    def countries(text):
        return [(p.name, p.country) for p in find_partners(text, find_places(text), "en").partners]
    assert countries("The Republic of Ecuador signed a loan with China.") == [
        ("Republic of Ecuador", "EC"), ("China", "CN")]
    assert countries("In 2011, the Republic of Ecuador signed a loan with China.") == [
        ("Republic of Ecuador", "EC"), ("China", "CN")]
    assert countries("Prices rose. The Philippines signed a loan with China.") == [
        ("Philippines", "PH"), ("China", "CN")]
    # an item of a list of origins stays no party
    assert ("United States", "US") not in countries("Firms from Singapore, the United States and India met China.")


def _zh(text: str) -> list[tuple[str, str, str | None]]:
    return _names(text, find_places(text))


def test_a_generic_chinese_body_after_a_foreign_country_is_that_countrys_body():
    assert _zh("美国国务院批准了这笔贷款。") == [
        ("Department of State of United States", "national_government", "US")]
    assert _zh("坦桑尼亚能源部签署了协议。") == [("Ministry of Energy of Tanzania", "national_government", "TZ")]


def test_a_one_character_country_short_form_before_a_body_names_that_country():
    assert _zh("俄外交部表示欢迎。") == [("Ministry of Foreign Affairs of Russia", "national_government", "RU")]
    # "12日" is a date, not Japan: the body with no country before it stays China's
    assert _zh("12日外交部表示欢迎。") == [("Ministry of Foreign Affairs of China", "national_government", "CN")]


def test_a_generic_chinese_body_with_china_or_nothing_before_it_stays_chinas():
    assert _zh("财政部发布了通知。") == [("Ministry of Finance of China", "national_government", "CN")]
    assert ("Ministry of Foreign Affairs of China", "national_government", "CN") in _zh("中国外交部表示欢迎。")


def test_a_foreign_body_named_in_chinese_and_in_english_gets_one_canonical_name():
    english = "China's Ministry of Finance and the Kenyan Ministry of Energy signed a deal."
    assert _names(english, find_places(english)) == [
        ("Ministry of Finance of China", "national_government", "CN"),
        ("Ministry of Energy of Kenya", "national_government", "KE")]
    assert _zh("中国财政部和肯尼亚能源部签署了协议。")[-1] == ("Ministry of Energy of Kenya", "national_government", "KE")


def test_the_us_state_department_has_one_name_in_english_russian_and_chinese():
    us_state = ("Department of State of United States", "national_government", "US")
    assert _names("The US State Department said on Monday.") == [us_state]
    assert _names("Госдепартамент США заявил об этом.") == [us_state]
    assert _zh("美国国务院官员说。") == [us_state]


def test_a_short_form_in_a_pair_of_countries_does_not_claim_the_body():
    # 中美 and 俄美 name two countries: the body is not the second one's alone
    assert ("Ministry of Foreign Affairs of United States", "national_government", "US") not in _zh("中美外交部长会晤。")
    assert ("Ministry of Foreign Affairs of United States", "national_government", "US") not in _zh("俄美外交部长会晤。")


def test_an_english_alias_written_right_after_chinese_characters_is_found_whole():
    text = "国家发展改革委和State Council of China签署了文件。"
    found = find_partners(text, find_places(text), "zh").partners
    assert [(p.name, p.canonical_name) for p in found] == [
        ("国家发展改革委", "National Development and Reform Commission"), ("State Council of China", "State Council of China")]


def test_a_party_of_unknown_country_is_no_chinese_party():
    from transforms.model import EventMention, PartnerMention
    from transforms.partners import add_host_countries
    text = "Sudan signed a memorandum. The Exim Bank will lend ZTE 200 million dollars for the network."
    places = [_place(text, "Sudan", "Sudan", "country", "SD")]
    loan = EventMention(event_type="finance", evidence=text[27:], start=27, end=len(text))
    loan.partners = [PartnerMention(name="Exim Bank", canonical_name="Exim Bank", kind="bank", country=None, side=None),
                     PartnerMention(name="ZTE", canonical_name="ZTE", kind="company", country="CN", side="chinese")]
    add_host_countries([loan], places)
    assert [(p.canonical_name, p.role) for p in loan.partners] == [
        ("Exim Bank", None), ("ZTE", None), ("Sudan", "counterpart")]
    assert loan.domestic is False


def test_two_chinese_parties_stay_domestic_unless_their_own_sentence_names_the_foreign_country():
    from transforms.model import EventMention, PartnerMention
    from transforms.partners import add_host_countries
    text = "Ecuador welcomed the plan. Harbin Electric and the China Exim Bank will build Ecuador's largest dam."

    def dam():
        event = EventMention(event_type="investment", evidence=text[27:], start=27, end=len(text))
        event.partners = [PartnerMention(name=n, canonical_name=n, kind="company", country="CN", side="chinese")
                          for n in ("Harbin Electric", "Export-Import Bank of China")]
        return event

    both = [_place(text, "Ecuador", "Ecuador", "country", "EC"),
            _place(text, "Ecuador", "Ecuador", "country", "EC", occurrence=1)]
    event = dam()
    add_host_countries([event], both)
    assert [(p.canonical_name, p.role) for p in event.partners][-1] == ("Ecuador", "counterpart")
    event = dam()  # the country named in another sentence only: two Chinese parties make a domestic event
    add_host_countries([event], both[:1])
    assert [p.canonical_name for p in event.partners] == ["Harbin Electric", "Export-Import Bank of China"]


def test_a_body_of_unknown_country_takes_china_only_in_a_story_about_china_alone():
    text = ("At a Russian-Chinese business meeting, Premier Li saw Metallurgical Corporation of China and Metropol "
            "Group of Companies put their names to a deal. The Chinese side will take the ore. China may lend too.")
    names = {p.canonical_name: p.country for p in find_partners(text, find_places(text), "en").partners}
    assert names["Metropol Group of Companies"] is None
    text = "China opened the fair. Metropol Group of Companies showed machines made in Shanghai and Chinese tools."
    names = {p.canonical_name: p.country for p in find_partners(text, find_places(text), "en").partners}
    assert names["Metropol Group of Companies"] == "CN"


def test_telecom_and_empresa_head_company_names():
    text = "The Exim Bank signed with Sudan Telecom, and China Harbour with the Empresa Metro de Bogotá."
    assert [(p.canonical_name, p.kind, p.country) for p in find_partners(text, find_places(text), "en").partners
            if p.canonical_name in ("Sudan Telecom", "Empresa Metro de Bogotá")] == [
        ("Sudan Telecom", "company", "SD"), ("Empresa Metro de Bogotá", "company", "CO")]


def test_national_firms_and_regional_banks_from_the_alias_table():
    assert _names("Sonangol borrowed from the Inter-American Development Bank and the AfDB.") == [
        ("Sonangol", "company", "AO"), ("Inter-American Development Bank", "international_org", None),
        ("African Development Bank", "international_org", None)]
    assert _names("Vneshtorgbank signed with Turk Telecom.") == [("VTB", "bank", "RU"),
                                                                  ("Türk Telekom", "company", "TR")]


def test_with_no_main_foreign_country_the_one_foreign_country_where_things_happen_is_the_other_side():
    from transforms.partners import add_host_countries
    text = "China funded the Lisbon Primary School. The embassy's envoy attended the ceremony in Kinshasa."
    places = [_place(text, "China", "China", "country", "CN"), _place(text, "Lisbon", "Lisbon", "city", "PT"),
              _place(text, "Kinshasa", "Kinshasa", "city", "CD")]
    school = _event([("China", "CN", "chinese")], None)
    add_host_countries([school], places, locations=places[2:])
    assert [(p.canonical_name, p.role) for p in school.partners] == [
        ("China", None), ("Democratic Republic of the Congo", "counterpart")]
    school = _event([("China", "CN", "chinese")], None)  # no place where things happen: no guess
    add_host_countries([school], places)
    assert [p.canonical_name for p in school.partners] == ["China"]


def test_money_in_a_national_currency_names_the_other_side_when_nothing_else_does():
    from transforms.model import AmountMention
    from transforms.partners import add_host_countries
    grant = _event([("China", "CN", "chinese")], None)
    grant.amounts = [AmountMention(value=20_000.0, currency="NAD"), AmountMention(value=1_000.0, currency="CNY")]
    add_host_countries([grant], [])
    assert [(p.canonical_name, p.country, p.role) for p in grant.partners] == [
        ("China", "CN", None), ("Namibia", "NA", "counterpart")]
    for currencies in (["USD"], ["XOF"], ["NAD", "TZS"]):  # shared by several countries, or two countries
        grant = _event([("China", "CN", "chinese")], None)
        grant.amounts = [AmountMention(value=1.0, currency=c) for c in currencies]
        add_host_countries([grant], [])
        assert [p.canonical_name for p in grant.partners] == ["China"]


def test_two_chinese_parties_keep_an_event_domestic_whatever_currency_its_money_is_in():
    from transforms.extract import extract_article
    facts = extract_article("Alibaba signed a 5 billion yen loan with Bank of China.", language="en")
    assert [[(p.canonical_name, p.country, p.side) for p in e.partners] for e in facts.events] == [
        [("Alibaba Group", "CN", "chinese"), ("Bank of China", "CN", "chinese")]]


def test_a_bare_idb_is_no_particular_bank_but_its_long_form_in_the_text_names_it():
    # IDB is the Inter-American Development Bank in Latin American news, the Islamic Development Bank in African,
    # Asian and Middle-Eastern news: alone it names neither
    def parties(text):
        return [(p.name, p.canonical_name) for p in find_partners(text, find_places(text), "en").partners]
    assert parties("The IDB lent Egypt $200 million.") == [("Egypt", "Egypt")]
    assert parties("The Inter-American Development Bank (IDB) met China. The IDB will lend Peru $1 billion.") == [
        ("Inter-American Development Bank", "Inter-American Development Bank"),
        ("IDB", "Inter-American Development Bank"), ("Peru", "Peru")]
    assert parties("The Islamic Development Bank (IDB) met China. The IDB will lend Egypt $1 billion.") == [
        ("Islamic Development Bank", "Islamic Development Bank"),
        ("IDB", "Islamic Development Bank"), ("Egypt", "Egypt")]
    # the acronym is the body the alias table knows, not a US one for the "American" inside its name
    scan = find_partners("China joined the Inter-American Development Bank (IDB). The IDB lent Peru $1 billion.",
                         find_places("China joined the Inter-American Development Bank (IDB). "
                                     "The IDB lent Peru $1 billion."), "en")
    assert [(p.name, p.kind, p.country) for p in scan.partners if "Bank" in p.canonical_name] == [
        ("Inter-American Development Bank", "international_org", None), ("IDB", "international_org", None)]
    assert parties("China Exim Bank and the IADB signed a deal.") == [
        ("China Exim Bank", "Export-Import Bank of China"), ("IADB", "Inter-American Development Bank")]


def test_a_demonym_standing_for_a_countrys_people_makes_the_country_a_party():
    def parties(text):
        return [(p.name, p.canonical_name, p.kind) for p in find_partners(text, find_places(text), "en").partners]
    assert parties("The grant trained 340 Rwandans, mostly civil servants.") == [("Rwandans", "Rwanda", "country")]
    assert parties("The grant trained 40 Batswana.") == [("Batswana", "Botswana", "country")]
    assert parties("Food reached Palestinians in need.") == [("Palestinians", "Palestine", "country")]
    # an adjective before its noun, or no plural and no count, says nothing of its own
    assert parties("Macau's Sino Portuguese platform and Rwandan coffee.") == []


def _event_parties(text: str) -> list[list[tuple[str, str | None, str | None, str | None]]]:
    from transforms.extract import extract_article
    return [[(p.name, p.country, p.side, p.role) for p in e.partners]
            for e in extract_article(text, language="en").events]


def test_a_place_and_a_named_party_joined_by_and_are_two_parties():
    assert _event_parties("On 3 May 2019, Mozambique and Sinochem signed a supply agreement.") == [
        [("Mozambique", "MZ", "foreign", "signatory"), ("Sinochem", "CN", "chinese", "signatory")]]
    # after a locative the place beside the name is where, as the name's own place is
    scan = find_partners("The grant pays for wells in Dodoma Municipality and Chalinze.",
                         find_places("The grant pays for wells in Dodoma Municipality and Chalinze."), "en")
    assert [(p.name, p.country) for p in scan.partners] == [("Dodoma Municipality", "TZ")]
    assert [p.surface for p in scan.locations] == ["Chalinze"]


def test_a_foreign_co_lender_is_not_the_receiving_side():
    # where the money goes still is
    assert _event_parties("In 2011 the Chinese government gave a $5 million grant to restore a district hospital "
                          "in Ghana. The Bank of India lent $30 million for the rest.") == [
        [("Chinese government", "CN", "chinese", "lender"), ("Bank of India", "IN", "foreign", "lender"),
         ("Ghana", "GH", "foreign", "host")]]


def test_two_chinese_parties_on_the_giving_side_make_a_domestic_event_whatever_country_the_story_names():
    assert _event_parties("Kenya's president praised his country's ties with China on Monday. Separately, Tencent "
                          "and Alibaba invested $100 million in the food delivery app Meituan.") == [
        [("Tencent", "CN", "chinese", "investor"), ("Alibaba", "CN", "chinese", "investor")]]
    assert _event_parties("Bank of China and China Construction Bank lent $2 billion for a power plant in Yunnan. "
                          "The Kenyan ambassador praised the Kenya Power Company.") == [
        [("Bank of China", "CN", "chinese", "lender"), ("China Construction Bank", "CN", "chinese", "lender")]]


def test_a_coordinator_inside_a_country_name_does_not_split_an_organisation():
    text = "The hall was built for the Urban Development Corporation of Trinidad and Tobago Ltd. by Shanghai Construction Group."
    assert _names(text, find_places(text)) == [
        ("Urban Development Corporation of Trinidad and Tobago Ltd.", "company", "TT"),
        ("Shanghai Construction Group", "company", "CN")]


def test_a_place_ending_a_hyphenated_name_is_not_that_place():
    scan = find_partners("The theatre stands in Port-of- Spain.", find_places("The theatre stands in Port-of- Spain."), "en")
    assert (scan.partners, scan.locations) == ([], [])


def test_a_word_for_people_or_firms_after_a_foreign_adjective_across_a_few_words_names_the_country():
    assert _event_parties("Some 250 Ugandan technical personnel went to China to be trained.") == [
        [("Ugandan", "UG", "foreign", "participant"), ("China", "CN", "chinese", "participant")]]
    assert _event_parties("China Development Bank lent $100 million to Moroccan small and medium enterprises.") == [
        [("China Development Bank", "CN", "chinese", "lender"),
         ("Moroccan small and medium enterprises", "MA", "foreign", "borrower")]]
