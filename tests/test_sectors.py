"""Sectors: keyword hits per language with exact sector sets, the traps, evidence, the lexicons, and properties."""

from __future__ import annotations

import csv
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import shared_path
from transforms import paths
from transforms.schema import SECTORS
from transforms.sectors import find_sectors, sector_set

CASES = [
    ("en", "The company will build a 500 MW solar power plant and a railway to the port.", {"energy", "transport_logistics"}),
    ("en", "Farmers will get fertilizer and irrigation support.", {"agriculture"}),
    ("en", "A lithium mine and a steel mill are planned.", {"metals_mining"}),
    ("en", "The factory will assemble electric vehicles.", {"manufacturing"}),
    ("en", "A hospital and a new school opened.", {"health", "education"}),
    ("en", "They discussed tourism, film and cultural exchanges.", {"culture_tourism"}),
    ("en", "The pact covers 5G networks and data centres.", {"technology"}),
    ("en", "Bilateral trade and exports grew.", {"trade"}),
    ("en", "They opened a joint laboratory for research and development.", {"science_innovation"}),
    ("en", "Emissions and pollution will fall.", {"environment"}),
    ("en", "A smart city plan with water supply upgrades.", {"urban_development"}),
    ("en", "The developer sells real estate and housing.", {"construction_real_estate"}),
    ("en", "The central banks agreed a currency swap.", {"finance"}),
    ("en", "China Development Bank will lend for a hydropower station.", {"energy"}),
    ("en", "Sales of new energy vehicles doubled.", {"manufacturing"}),
    ("en", "Palm oil shipments rose.", {"agriculture"}),
    ("zh", "双方签署光伏电站和铁路项目协议。", {"energy", "transport_logistics"}),
    ("zh", "新能源汽车工厂投产。", {"manufacturing"}),
    ("zh", "两国加强农业和渔业合作。", {"agriculture"}),
    ("zh", "中方援建的医院和学校落成。", {"health", "education"}),
    ("zh", "国家开发银行为水电站提供贷款。", {"energy"}),
    ("ru", "Соглашение о строительстве солнечной электростанции и железной дороги.", {"energy", "transport_logistics"}),
    ("ru", "Стороны обсудили сельское хозяйство и образование.", {"agriculture", "education"}),
    ("pt", "O acordo abrange energia solar e agricultura.", {"energy", "agriculture"}),
    ("es", "El puerto y la minería de cobre recibirán inversiones.", {"transport_logistics", "metals_mining"}),
    ("fr", "Une usine automobile et un hôpital seront construits.", {"manufacturing", "health"}),
    ("de", "Ein Windpark und ein Krankenhaus werden gebaut.", {"energy", "health"}),
    ("ar", "اتفاقية في مجال الطاقة الشمسية والزراعة.", {"energy", "agriculture"}),
]


@pytest.mark.parametrize(("language", "text", "expected"), CASES, ids=[c[1][:40] for c in CASES])
def test_keywords_give_exact_sectors(language, text, expected):
    assert sector_set(text, language) == expected


@pytest.mark.parametrize(("language", "text", "expected"), CASES[:3] + CASES[16:18],
                         ids=[f"{c[0]}-{c[1][:30]}" for c in CASES[:3] + CASES[16:18]])  # stable ids: xdist compares them
def test_language_unknown_uses_every_language(language, text, expected):
    assert sector_set(text, None) == expected


TRAPS = [
    ("en", "A Belt and Road partnership pact was concluded in Minsk by the Bank of China."),
    ("en", "The business environment and economic development improved."),
    ("en", "Agricultural Bank of China and China Construction Bank attended the project launch."),
    ("en", "They support the report about the soil and the turmoil."),
    ("en", "The chamber of commerce will build an information bridge."),
    ("zh", "中国农业银行参与一带一路建设。"),
    ("zh", "这一数字显示营商环境持续改善。"),
    ("ru", "Стороны договорились углублять сотрудничество, пишет газета."),
    ("pt", "O banco de desenvolvimento apoia a Rota da Seda."),
]


@pytest.mark.parametrize(("language", "text"), TRAPS, ids=[t[1][:40] for t in TRAPS])
def test_traps_name_no_sector(language, text):
    assert find_sectors(text, language) == []


def test_each_hit_carries_its_keyword_span_and_sentence():
    text = "The weather was fine. The wind farms opened near the port."
    mentions = find_sectors(text, "en")
    assert [(m.sector, m.keyword, m.start, m.end) for m in mentions] == [
        ("energy", "wind farms", 26, 36),
        ("transport_logistics", "port", 53, 57),
    ]
    assert {m.evidence for m in mentions} == {"The wind farms opened near the port."}


def test_stems_take_the_rest_of_the_word_and_whole_words_do_not():
    assert [m.keyword for m in find_sectors("Two refineries and oily rags.", "en")] == ["refineries"]
    assert [m.keyword for m in find_sectors("Нефтегазовую отрасль развивают.", "ru")] == ["Нефтегазовую"]


def test_sentence_spans_may_be_passed_in():
    text = "Nothing here. A solar plant."
    assert find_sectors(text, "en", sentences=[(0, 13), (14, 28)])[0].evidence == "A solar plant."


def _lexicon() -> dict:
    return json.loads((paths.LEXICON_DIR / "sectors.json").read_text(encoding="utf-8"))


def test_lexicon_names_only_contract_sectors_and_no_keyword_twice():
    data = _lexicon()
    assert "_why" in data
    assert set(data["sectors"]) <= set(SECTORS) - {"other"}
    owner: dict[str, str] = {}
    for sector, per_language in data["sectors"].items():
        for words in per_language.values():
            for word in words:
                assert owner.setdefault(word.lower(), sector) == sector, word
    blockers = {w.lower() for words in data["blockers"].values() for w in words}
    assert not blockers & set(owner)


def test_crs_mapping_uses_contract_sectors():
    data = json.loads((paths.LEXICON_DIR / "crs_sectors.json").read_text(encoding="utf-8"))
    rows = {k: v for k, v in data.items() if not k.startswith("_")}
    assert rows["Energy Generation and Supply"]["sector"] == "energy"
    assert rows["Unallocated / Unspecified"]["sector"] == "other"
    for row in rows.values():
        assert row["sector"] in SECTORS
        assert set(row["also"]) <= set(SECTORS)


def test_crs_mapping_covers_every_name_aiddata_writes():
    path = shared_path("corpus", "aiddata", "official_finance_v1_non_asia.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        names = {row["crs_sector_name"] for row in csv.DictReader(handle) if row["crs_sector_name"]}
    data = json.loads((paths.LEXICON_DIR / "crs_sectors.json").read_text(encoding="utf-8"))
    assert names == {k for k in data if not k.startswith("_")}


_WORDS = st.sampled_from(
    ["oil", "port", "Bank of China", "solar", "soil", "电站", "一带一路", "天然气", "сельское хозяйство", "والزراعة",
     "new energy vehicles", "*", " ", "\n", ".", "İ", "-", "refiner"]
)


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(st.one_of(_WORDS, st.text(max_size=8)), max_size=25),
    language=st.sampled_from([None, "en", "zh", "ru", "pt", "es", "fr", "de", "ar", "xx"]),
)
def test_find_sectors_never_raises_and_spans_hold(parts, language):
    text = "".join(parts)
    last_end = 0
    for m in find_sectors(text, language):
        assert m.sector in SECTORS and m.sector != "other"
        assert 0 <= m.start < m.end <= len(text) and m.start >= last_end
        last_end = m.end
        assert text[m.start : m.end] == m.keyword
        assert m.keyword in m.evidence


def test_sectors_told_after_the_event_sentence_join_that_event_but_trade_talk_does_not():
    from transforms.extract import extract_article
    text = ("Turkish President Erdogan visited Beijing on Monday.\n"
            "BYD signed an agreement with the Turkish government in Istanbul on Tuesday to build a plant in Manisa.\n"
            "The factory will make electric vehicles.\n"
            "China is Turkey's largest source of imports.")
    facts = extract_article(text, language="en")
    assert [(e.event_type, [s.sector for s in e.sectors]) for e in facts.events] == [
        ("visit", []), ("agreement", ["manufacturing"])]


def test_precomputed_sentence_spans_give_the_same_mentions():
    from transforms.sentences import sentence_spans
    text = "The port will get new cranes.\nA solar farm follows."
    assert find_sectors(text, "en", sentence_spans(text)) == find_sectors(text, "en")


def _described(text, language="en"):
    from transforms.sectors import describing_mentions
    return [(m.sector, m.keyword) for m in describing_mentions(text, find_sectors(text, language))]


def test_trade_listed_with_other_sectors_is_a_field_of_the_deal():
    assert _described("The agreements cover trade, tourism and agriculture.") == [
        ("trade", "trade"), ("culture_tourism", "tourism"), ("agriculture", "agriculture")]
    # up to two words that name no sector may stand between the items
    assert _described("Talks covered trade, investment and energy.") == [("trade", "trade"), ("energy", "energy")]
    assert _described("وتشمل الاتفاقيات مجالات التجارة والاستثمار والطاقة.", "ar") == [
        ("trade", "التجارة"), ("energy", "الطاقة")]


def test_a_sentence_led_by_trade_talk_names_traded_goods_not_fields():
    assert _described("China is Australia's largest trading partner, with two-way trade dominated by iron ore "
                      "and coal shipments.") == []
    # a trade word in no list is left out, but sectors named before it stay
    assert _described("Other accords cover energy, mining and the export credit agencies.") == [
        ("energy", "energy"), ("metals_mining", "mining")]


def test_titles_of_trade_ministers_and_export_import_banks_are_no_trade():
    assert sector_set("Trade Secretary Ramon Lopez said on Friday.", "en") == set()
    assert sector_set("financiados por el Banco de Exportación e Importación de China", "es") == set()


def test_lists_with_several_other_items_or_a_qualified_item_still_list_trade():
    assert _described("The documents also cover economic and technical cooperation, trade, civil aviation and "
                      "development planning.") == [("trade", "trade"), ("transport_logistics", "aviation")]
    assert _described("涵盖贸易繁荣、产业链合作、互联互通、发展合作、卫生健康等领域。", "zh") == [
        ("trade", "贸易"), ("health", "卫生")]
    # a word qualifying the next item only after a comma: "and the export credit agencies" is no list item
    assert _described("Other accords cover energy, mining and the export credit agencies.") == [
        ("energy", "energy"), ("metals_mining", "mining")]


def test_traditional_chinese_text_matches_the_simplified_keywords():
    text = "協定涵蓋電訊、運輸及金融等範疇，並促進貨物貿易。"
    mentions = find_sectors(text, "zh-Hant")
    assert [(m.sector, m.keyword) for m in mentions] == [
        ("technology", "電訊"), ("transport_logistics", "運輸"), ("finance", "金融"), ("trade", "貿易")]
    assert all(text[m.start:m.end] == m.keyword for m in mentions)


def test_a_simplified_text_quoting_one_traditional_name_is_read_as_it_is():
    assert sector_set("香港貿發局与内地企业签署电信合作协议。", "zh") == {"technology"}


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("pt", "A montadora vai fabricar ônibus elétricos e automóveis elétricos em Camaçari.", {"manufacturing"}),
    ("pt", "Serão picapes híbridos e elétricos.", set()),
    ("pt", "A nova central elétrica abastece o setor elétrico.", {"energy"}),
    ("es", "El mayor fabricante de baterías para autos eléctricos.", {"manufacturing"}),
    ("es", "La red eléctrica y el sistema eléctrico del país.", {"energy"}),
    ("fr", "Le groupe produira des voitures électriques.", {"manufacturing"}),
])
def test_electric_vehicles_are_manufacturing_and_electric_power_is_energy(language, text, expected):
    assert sector_set(text, language) == expected


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("pt", "O aeroporto foi inaugurado na sexta-feira passada.", {"transport_logistics"}),
    ("pt", "A feira de exportação abriu na segunda-feira.", {"trade"}),
    ("ru", "Кредит выдал Экспортно-импортный банк Китая на строительство электростанции.", {"energy"}),
    ("fr", "Le service commercial de la ligne de chemin de fer commencera en mars.", {"transport_logistics"}),
    ("es", "La planta entró en operación comercial en mayo.", set()),
    ("en", "Some 140 companies now operate in the Suez Economic and Trade Cooperation Zone.", {"manufacturing"}),
    ("zh", "埃及苏伊士经贸合作区新增企业。", {"manufacturing"}),
    ("en", "The highway was built by China Road and Bridge Corporation.", {"transport_logistics", "construction_real_estate"}),
    ("es", "La obra está a cargo de China Harbour Engineering Company.", {"construction_real_estate"}),
    ("fr", "Le barrage hydroélectrique est construit par Sinohydro.", {"energy", "construction_real_estate"}),
    ("zh", "商品房销售面积增长。", {"construction_real_estate"}),
])
def test_names_and_phrases_that_carry_or_hide_a_sector(language, text, expected):
    assert sector_set(text, language) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("تشمل المشاريع مصنعاً للميثانول وفندقاً من فئة الخمس نجوم.", {"manufacturing", "culture_tourism"}),
    ("وضع حجر الأساس للمدينة الصناعية في الدقم.", {"manufacturing"}),
    ("ويتضمن المشروع أبراجاً إدارية.", {"construction_real_estate"}),
    ("ويبلغ عدد سكان مصر نحو 95 مليون نسمة.", set()),
])
def test_arabic_endings_and_the_li_article_contraction(text, expected):
    assert sector_set(text, "ar") == expected


def test_the_li_article_contraction_keeps_its_span_and_drops_the_conjunction():
    text = "دعم وللسياحة"
    assert [(m.sector, m.keyword) for m in find_sectors(text, "ar")] == [("culture_tourism", "للسياحة")]


@pytest.mark.parametrize(("text", "expected"), [
    ("The grant pays for road rehabilitation and a 5 km overpass.", {"transport_logistics"}),
    ("The loan buys locomotives and rolling stock.", {"transport_logistics"}),
    ("China gave ten computers and a radio station transmitter.", {"technology"}),
    ("The donation supports manpower development and 40 trainees.", {"education"}),
    ("The minister spoke on state television about the road ahead.", set()),
])
def test_aid_project_words_for_transport_communications_and_training(text, expected):
    assert sector_set(text, "en") == expected


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("en", "Organisers hope to fill the return train with olive oil and wine.", {"transport_logistics", "agriculture"}),
    ("en", "BAIC is building a car plant near Port Elizabeth.", {"manufacturing"}),
    ("fr", "L'immobilisation des avions a coûté cher.", set()),
    ("fr", "Le marché immobilier et les promoteurs immobiliers.", {"construction_real_estate"}),
])
def test_words_that_only_look_like_a_sector(language, text, expected):
    assert sector_set(text, language) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Der Hausgerätekonzern will beim Roboterbauer einsteigen.", {"manufacturing", "technology"}),
    ("Der Agrochemiekonzern verkauft Saatgut und Pflanzenschutzmittel.", {"agriculture"}),
    ("Der Autokonzern setzt auf Elektromobilität.", {"manufacturing"}),
    ("Die Autorin sprach über autonomes Fahren.", set()),
])
def test_german_compounds_that_name_their_sector(text, expected):
    assert sector_set(text, "de") == expected


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("de", "Das Angebot liegt über dem Börsenkurs; ein Börsengang ist angedacht.", set()),
    ("de", "Die Börsen in Shanghai und Frankfurt kooperieren.", {"finance"}),
    ("pt", "O porto é um lugar seguro para os navios.", {"transport_logistics"}),
    ("pt", "A seguradora chinesa vende seguros de vida.", {"finance"}),
    ("es", "Un puerto seguro para la inversión.", {"transport_logistics"}),
    ("fr", "Elle a obtenu une bourse pour étudier à Pékin.", set()),
    ("fr", "La bourse de valeurs de Casablanca.", {"finance"}),
])
def test_finance_words_that_also_mean_something_else(language, text, expected):
    assert sector_set(text, language) == expected


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("en", "The province cites its cool climate and cheap electricity.", {"energy"}),
    ("en", "The two sides pledged climate cooperation to meet climate targets.", {"environment"}),
    ("en", "Climate change threatens the islands.", {"environment"}),
    ("zh", "北京星河科技有限公司发布公告。", set()),
    ("zh", "双方加强科技创新合作。", {"science_innovation"}),
])
def test_weather_and_company_legal_names_are_no_sector(language, text, expected):
    assert sector_set(text, language) == expected


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("es", "China financiará dos represas en la Patagonia.", {"energy"}),
    ("es", "Amenazó con represalias.", set()),
    ("pt", "A barragem de Caculo Cabaça fica no rio Cuanza.", {"energy"}),
])
def test_dams_in_spanish_and_portuguese(language, text, expected):
    assert sector_set(text, language) == expected
