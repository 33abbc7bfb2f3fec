"""Places the gazetteer had missed in aid descriptions: small towns named where something is, well-known sites
(hospitals, geothermal fields, dams, suburbs), and names that are no country (languages, carmakers)."""

from __future__ import annotations

import csv

import pytest

from transforms import gazetteer
from transforms.gazetteer import find_places


def places(text: str, context: str | None = None) -> list[tuple[str, str]]:
    return [(m.surface, m.place.country) for m in find_places(text, context)]


# --- a small town's name after a locative word ----------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("A Chinese medical team handed over a clinic in Akjoujt on Monday.", [("Chinese", "CN"), ("Akjoujt", "MR")]),
    ("Solar street lamps now light the town of Akjoujt.", [("Akjoujt", "MR")]),
    ("Classes at the new college in the Vilankulo district start in May.", [("Vilankulo", "MZ")]),
    ("Des lampadaires ont été installés près de Akjoujt.", [("Akjoujt", "MR")]),
    ("Relief goods reached families in Beslan.", [("Beslan", "RU")]),
])
def test_a_small_town_is_named_where_something_is(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize("text", [
    "Akjoujt has a new mayor.",  # no locative word: the name alone stays weak
    "In Akjoujt the lights work.",  # a capitalised "In" opens sentences and title-case headlines
    "Rain is expected in March across the coast.",  # weather: a month, though March is an English town
    "The striker scored twice in March and once at Best.",  # sport: March (England) and Best (Netherlands)
    "The minister had dinner at Ayana's house.",  # a person's house: Ayana is also an Ethiopian town
    "Adamu Ayana thanked the volunteers.",  # a person's name, no locative word
    "The new hospital in Arta opened.",  # two towns of that name (Djibouti, Greece): nothing says which
    "She invested in Reading Entertainment and in Best Buy.",  # company names holding word-towns
    "Fans waited at Victoria station for the team.",  # a given name and a word: weak whatever precedes it
])
def test_a_small_town_needs_a_locative_word_a_unique_name_and_no_common_word(text):
    assert [p for p in places(text) if p[1] not in ("CN",)] == []


def test_towns_whose_names_are_common_words_are_listed_with_why():
    with open(gazetteer.paths.REFERENCE_DIR / "curated_common_word_towns.csv", encoding="utf-8") as f:
        rows = {r["name"]: r["why"] for r in csv.DictReader(f)}
    assert rows["March"].startswith("common word in en")
    assert "Akjoujt" not in rows and "Vilankulo" not in rows


# --- well-known sites -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Doctors at Mulago Hospital received new scanners.", [("Mulago", "UG")]),
    ("The Korle-Bu Teaching Hospital got a dialysis unit.", [("Korle-Bu", "GH")]),
    ("Drilling rigs for Olkaria and Menengai arrived by sea.", [("Olkaria", "KE"), ("Menengai", "KE")]),
    ("A police station was built in Wanaheda.", [("Wanaheda", "NA")]),
    ("Unit B of the Morupule plant tripped again.", [("Morupule", "BW")]),
    ("Flood victims below the Tokwe-Mukosi dam got tents.", [("Tokwe-Mukosi", "ZW")]),
    ("Pupils from Bombali district sat their exams.", [("Bombali", "SL")]),
    ("Students at Legon protested about fees.", [("Legon", "GH")]),
    ("The Tinkisso plant was rehabilitated.", [("Tinkisso", "GN")]),
    ("The road from Niefang was paved.", [("Niefang", "GQ")]),
])
def test_well_known_sites_are_in_their_country(text, expected):
    assert places(text) == expected


def test_a_suburb_sharing_its_name_with_towns_abroad_needs_a_locative_word():
    assert places("Traders at a market in Paynesville got masks.") == [("Paynesville", "LR")]
    assert places("Paynesville, Minnesota, held a parade.") == [("Minnesota", "US")]
    assert places("Paynesville won the county league.") == []


# --- names that are no country ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Ministers of China and Portuguese-speaking countries met in Macao.", [("China", "CN"), ("Macao", "MO")]),
    ("O fórum reúne a China e os países de língua portuguesa.", [("China", "CN")]),
    ("Les pays de langue française et la Chine ont signé.", [("Chine", "CN")]),
    ("French-speaking Africa sent observers.", [("Africa", "")]),
    ("The Portuguese delegation arrived.", [("Portuguese", "PT")]),  # the adjective alone still names Portugal
])
def test_a_country_s_adjective_naming_a_language_names_no_country(text, expected):
    assert places(text) == expected


def test_a_place_name_inside_a_carmaker_s_name_is_part_of_an_organisation():
    found = find_places("Dongfeng Motor will assemble trucks in Kenya.")
    assert [(m.surface, m.organisation) for m in found] == [("Dongfeng", "motor"), ("Kenya", None)]


# --- countries named, for near-duplicate detection ---------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("The Chinese government gave Cape Verde a scanner.", {"CN", "CV"}),
    ("中国向乍得提供设备", {"CN", "TD"}),
    ("Le Tchad et la Chine ont signé.", {"TD", "CN"}),
    ("Georgia on my mind", set()),  # a US state or a country: no answer without doubt
    ("the US and the EU", set()),  # acronyms and regions are left out
    ("the cape verde islands", set()),  # a name wants its capitals
    ("Kenyan officials in Nairobi", {"KE"}),  # adjectives count, towns do not
    ("", set()),
    ("Chad \ud800 Kenya", {"TD", "KE"}),  # a lone surrogate does not stop it
])
def test_countries_named_without_doubt(text, expected):
    assert gazetteer.countries_named(text) == expected


def test_a_small_town_in_a_text_naming_two_other_countries_is_a_namesake():
    text = "Chinese engineers upgraded the earth mat at the Kendal substation for South Africa's utility."
    assert places(text) == [("Chinese", "CN"), ("South Africa", "ZA")]  # not Kendal, England
    assert places("Chinese engineers upgraded a substation in Akjoujt.") == [("Chinese", "CN"), ("Akjoujt", "MR")]


def test_a_town_that_is_also_a_given_name_needs_a_locative_word_or_an_area_word():
    assert places("Peacekeepers reached the Gossi area by road.") == [("Gossi", "ML")]
    assert places("Gossi scored twice for the visitors.") == []


# --- a name after 'in'/'at' that names a business, not a town -----------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # a company or a brand whose name is a town's abroad: the Chinese deal stays domestic
    ("Tencent invested $100 million in Moana Technologies, a Shenzhen start-up.", [("Shenzhen", "CN")]),
    ("Hony Capital bought a stake in Sycamore Partners for $300 million.", []),
    ("The chain will open 200 cafes at Mocha Coffee stores across China.", [("China", "CN")]),
    ("Chinese firm Anta invested $50 million in Hollister stores.", [("Chinese", "CN")]),
    ("Shares in Kobayashi Pharmaceutical rose by a tenth.", []),
    ("The new basketballs are made at Spalding.", []),  # a brand and an English surname: curated_weak_names.csv
    ("A Chinese fan wrote to the cast in Moana.", [("Chinese", "CN")]),  # a film, a given name: no Moaña
    # each rule alone, on a town that is no word (Akjoujt, Mauritania)
    ("Sales rose at Akjoujt Partners.", []),  # a capitalised word follows
    ("The group opened cafes at Akjoujt stores.", []),  # a business word follows
    ("The fund bought a stake in Akjoujt last year.", []),  # a holding word before 'in'
    ("Investors bought shares in Akjoujt Mining.", []),  # a holding word, then a firm's capitalised name
])
def test_a_business_after_in_or_at_is_no_town(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("An investment in a clinic in Akjoujt pays off.", [("Akjoujt", "MR")]),  # the clinic is placed, not held
    ("Classes at the new college in the Akjoujt District start in May.", [("Akjoujt", "MR")]),  # an area word
    ("A hospital in Alcañiz opened.", [("Alcañiz", "ES")]),
    ("A hospital in ALCAÑIZ opened.", [("ALCAÑIZ", "ES")]),
    # a facility named after its town places it (facility_after in locative_words.json)
    ("Chinese doctors arrived at Akjoujt Hospital on Monday.", [("Chinese", "CN"), ("Akjoujt", "MR")]),
    ("Chinese doctors arrived at Akjoujt Airport on Monday.", [("Chinese", "CN"), ("Akjoujt", "MR")]),
    ("A Chinese firm is building the road to the port at Akjoujt Solar Power Plant.",
     [("Chinese", "CN"), ("Akjoujt", "MR")]),
    # money invested in a town, and interest shown in it, place it (no holding word)
    ("China has invested $50 million in Vilankulo, building a hospital.", [("China", "CN"), ("Vilankulo", "MZ")]),
    ("Chinese investment in Vilankulo has grown.", [("Chinese", "CN"), ("Vilankulo", "MZ")]),
    ("Points of interest in Akjoujt include an old copper mine.", [("Akjoujt", "MR")]),
    ("Chinese visitors showed great interest in Akjoujt.", [("Chinese", "CN"), ("Akjoujt", "MR")]),
    ("The group invested $20 million in Akjoujt last year.", [("Akjoujt", "MR")]),
    ("Chinese officials are holding a ceremony in Akjoujt.", [("Chinese", "CN"), ("Akjoujt", "MR")]),
])
def test_a_town_stays_named_where_something_is(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize("text, expected", [
    # English papers drop accents: the town is still the town
    ("Chinese engineers built a water plant in Mocimboa da Praia.", [("Chinese", "CN"), ("Mocimboa da Praia", "MZ")]),
    ("A hospital in Alcaniz opened.", [("Alcaniz", "ES")]),
])
def test_a_town_written_without_its_accents_is_still_the_town(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize("text, expected", [
    # towns whose names wordfreq counts from about once in three million words mostly for the town itself
    ("A solar farm in De Aar was built by a Chinese company.", [("De Aar", "ZA"), ("Chinese", "CN")]),
    ("A Chinese firm runs the gas plant on Bonny Island.", [("Chinese", "CN"), ("Bonny", "NG")]),
    ("Chinese traders opened a market in Mae Sot.", [("Chinese", "CN"), ("Mae Sot", "TH")]),
    ("A Chinese delegation arrived in Juneau.", [("Chinese", "CN"), ("Juneau", "US")]),
    ("A Chinese firm built a bridge in Berber.", [("Chinese", "CN"), ("Berber", "SD")]),
])
def test_a_town_the_news_names_is_no_common_word(text, expected):
    assert places(text) == expected


def test_common_words_start_at_zipf_3_in_every_language():
    with open(gazetteer.paths.REFERENCE_DIR / "curated_common_word_towns.csv", encoding="utf-8") as f:
        why = {row["name"]: row["why"] for row in csv.DictReader(f)}
    for town in ("De Aar", "Bonny", "Mae Sot", "Juneau", "Berber", "Monrovia", "Dubrovnik", "Jodhpur", "Akjoujt"):
        assert town not in why
    assert all(float(w.rsplit(" ", 1)[1].rstrip(")")) >= 3.0 for w in why.values())


def test_each_reference_file_is_read_once(monkeypatch):
    import builtins
    opened = []
    real_open = builtins.open

    def counting_open(path, *args, **kwargs):
        opened.append(str(path).rsplit("/", 1)[-1])
        return real_open(path, *args, **kwargs)

    for cached in (gazetteer._locative_words, gazetteer._area_words, gazetteer._locative_regexes,
                   gazetteer._home_sides, gazetteer._place_to_country):
        cached.cache_clear()
    monkeypatch.setattr(builtins, "open", counting_open)
    gazetteer._locative_regexes(), gazetteer._home_sides(), gazetteer._place_to_country()
    assert sorted(opened) == ["area_words.json", "locative_words.json"]
