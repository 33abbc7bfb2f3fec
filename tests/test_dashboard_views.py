"""What each page computes (dashboard.views over dashboard.arrays), on the six-event tables with exact expected
figures, and on synthetic tables against the same questions asked in SQL."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from benchmarks.bench_dashboard import FILTER_STATES, synthetic_tables
from dashboard import arrays, figures, views
from dashboard.data import INDEX_FILE, open_store, prepare
from dashboard.filters import FilterState
from tests.test_dashboard_data import write_small_tables

D = dt.date


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return open_store(write_small_tables(tmp_path_factory.mktemp("tables")))


def rows(frame, *columns):
    return [tuple(None if isinstance(v, float) and math.isnan(v) else v for v in row)
            for row in frame[list(columns)].itertuples(index=False)]


def test_the_headline_counts_the_foreign_events(store):
    with store.scope(FilterState()) as scope:
        assert views.headline(scope) == {"events": 5, "yuan": 17.5e9, "undisclosed": 1, "undated": 1,
                                         "partners": 10, "countries": 5}


def test_the_overview_ranks_countries_and_sectors_ties_by_name(store):
    with store.scope(FilterState()) as scope:
        view = views.overview(scope)
    assert rows(view.frames["countries"], "code", "n", "yuan") == [
        ("BR", 1, 13.7e9), ("DE", 1, None), ("ET", 1, 1.2e9), ("KE", 1, 2.1e9), ("RU", 1, 5e8)]
    assert rows(view.frames["sectors"], "sector", "n", "yuan") == [
        ("energy", 2, 1.7e9), ("construction_real_estate", 1, 2.1e9), ("finance", 1, None),
        ("metals_mining", 1, 13.7e9), ("transport_logistics", 1, 2.1e9)]


def test_the_timeline_counts_months_by_type_and_yuan_by_quarter(store):
    with store.scope(FilterState()) as scope:
        view = views.timeline(scope)
    monthly = view.frames["monthly"]
    assert [(m.date(), t, n) for m, t, n in rows(monthly, "month", "event_type", "n")] == [
        (D(2023, 3, 1), "mou", 1), (D(2023, 7, 1), "investment", 1), (D(2024, 1, 1), "finance", 1),
        (D(2024, 9, 1), "agreement", 1)]
    quarterly = view.frames["quarterly"]
    assert [(q.date(), y, u) for q, y, u in rows(quarterly, "quarter", "yuan", "n_undisclosed")] == [
        (D(2023, 1, 1), 13.7e9, 0), (D(2023, 7, 1), 2.1e9, 0), (D(2024, 1, 1), None, 1), (D(2024, 7, 1), 5e8, 0)]


def test_the_sector_country_cells_count_each_pair_of_an_event(store):
    with store.scope(FilterState()) as scope:
        cross = views.sectors(scope).frames["cross"]
    assert sorted(rows(cross, "sector", "code", "n")) == [
        ("construction_real_estate", "KE", 1), ("energy", "ET", 1), ("energy", "RU", 1), ("finance", "DE", 1),
        ("metals_mining", "BR", 1), ("transport_logistics", "KE", 1)]


def test_partners_rank_by_events_and_yuan_and_link_within_events(store):
    with store.scope(FilterState()) as scope:
        view = views.partners(scope)
    assert rows(view.frames["by_events"].head(2), "name", "n", "yuan") == [
        ("Bank of China", 2, 2.1e9), ("China Road and Bridge Corporation", 1, 2.1e9)]
    assert view.frames["by_yuan"]["name"].tolist() == [
        "Guangdong", "Vale", "Bank of China", "China Road and Bridge Corporation", "Kenya Ministry of Transport",
        "Ethiopian Electric Power", "Sinohydro", "Gazprom", "Heilongjiang"]  # Deutsche Bank: nothing disclosed
    assert rows(view.frames["edges"], "a", "b", "n") == [
        ("Bank of China", "China Road and Bridge Corporation", 1), ("Bank of China", "Deutsche Bank", 1),
        ("Bank of China", "Kenya Ministry of Transport", 1),
        ("China Road and Bridge Corporation", "Kenya Ministry of Transport", 1),
        ("Ethiopian Electric Power", "Sinohydro", 1), ("Gazprom", "Heilongjiang", 1), ("Guangdong", "Vale", 1)]


def test_partners_rank_one_side_when_asked_and_keep_the_whole_network(store):
    with store.scope(FilterState()) as scope:
        everyone, chinese, foreign = (views.partners(scope, side) for side in ("all", "chinese", "foreign"))
    assert chinese.frames["by_events"]["name"].tolist() == [
        "Bank of China", "China Road and Bridge Corporation", "Guangdong", "Heilongjiang", "Sinohydro"]
    assert set(foreign.frames["by_events"]["side"]) == {"foreign"}
    assert foreign.frames["by_yuan"]["name"].tolist() == [
        "Vale", "Kenya Ministry of Transport", "Ethiopian Electric Power", "Gazprom"]  # Deutsche Bank: none
    assert chinese.frames["nodes"].equals(everyone.frames["nodes"])
    assert chinese.frames["edges"].equals(everyone.frames["edges"])


def test_a_place_names_its_country_once():
    assert views.place_label("Alvorada", "BR") == "Alvorada, Brazil"
    assert views.place_label("Malaysia", "MY") == "Malaysia"
    assert views.place_label(None, "DE") == "Germany"
    assert views.place_label("Somewhere", None) == "Somewhere"
    assert views.place_label(float("nan"), None) == ""


@pytest.mark.parametrize(("headline", "caption"), [
    ({"events": 5, "undisclosed": 1, "undated": 1},
     "1 of 5 events has no disclosed amount and is not in the total; 1 event has no known date."),
    ({"events": 311, "undisclosed": 206, "undated": 0},
     "206 of 311 events have no disclosed amount and are not in the total."),
    ({"events": 3, "undisclosed": 0, "undated": 2}, "All 3 events have a disclosed amount; 2 events have no known date."),
], ids=["one-undisclosed-one-undated", "many-undisclosed", "all-disclosed-some-undated"])
def test_the_headline_caption_says_what_the_total_leaves_out(headline, caption):
    assert views.headline_caption(headline) == caption


def test_the_download_caption_names_the_filters_and_the_domestic_events_left_out():
    assert views.selection_caption(5, FilterState()) == "5 events (domestic events left out)"
    assert views.selection_caption(6, FilterState(include_domestic=True)) == "6 events (no filter set)"
    assert views.selection_caption(1, FilterState(countries=("DE",), event_types=("finance",))) == (
        "1 event (country: Germany; event type: Finance / loan; domestic events left out)")


def test_a_day_is_written_as_its_date_or_nothing():
    assert views.day_label(pd.Timestamp("2024-09-10 13:45")) == "2024-09-10"
    assert views.day_label(dt.date(2020, 1, 15)) == "2020-01-15"
    assert views.day_label(pd.NaT) == "" and views.day_label(None) == ""


def test_an_event_s_facts_come_from_the_store_whatever_the_filters(store):
    facts = views.event_facts(store, "e5")
    assert facts["event"]["event_id"].tolist() == ["e5"] and "Газпром" in facts["text"]
    assert facts["partners"]["canonical_name"].tolist() == ["Gazprom", "Heilongjiang"]
    assert facts["amounts"]["amount_cny"].tolist() == [5e8]
    assert views.event_facts(store, "nope")["event"].empty


def test_an_event_s_facts_read_as_words_and_units(store):
    tables = views.readable_facts(views.event_facts(store, "e5"))
    assert list(tables) == ["Partners", "Amounts", "Sources"]  # sectors: in the evidence list
    assert tables["Partners"].to_dict("records")[0] == {
        "As written": "Газпром", "Name": "Gazprom", "Kind": "Company", "Country": "Russia", "Side": "Foreign",
        "Role": "Signatory"}
    amount = tables["Amounts"].to_dict("records")[0]
    assert (amount["As stated"], amount["In yuan"], amount["Rate"], amount["In the event's amount"]) == (
        "CNY 500 m", "CN¥ 500 m", "", "yes")
    assert tables["Sources"][["Published", "Language"]].to_dict("records") == [
        {"Published": "2024-09-11", "Language": "Russian"}]
    assert list(views.readable_facts(views.event_facts(store, "nope"))) == []


def test_each_evidence_sentence_is_listed_once_with_the_facts_it_gives(store):
    assert views.evidence_sentences(views.event_facts(store, "e5")) == [
        ("Газпром подписал соглашение с правительством провинции Хэйлунцзян на 500 млн юаней.",
         [("event", "Event: Agreement")]),
        ("Газпром", [("partner", "Partner: Gazprom"), ("sector", "Sector: Energy")]),
        ("правительство провинции Хэйлунцзян", [("partner", "Partner: Heilongjiang")]),
        ("500 млн юаней", [("amount", "Amount: CNY 500 m")])]
    assert views.evidence_sentences({"event": pd.DataFrame()}) == []


def test_a_converted_amount_shows_its_rate_and_whether_it_counts():
    amounts = pd.DataFrame({"value": [200e9, 77.7e9], "currency": ["USD", "USD"], "amount_cny": [1.38e12, 5.35e11],
                            "fx_rate": [6.888, 6.888], "fx_date": pd.to_datetime(["2020-01-15", "2020-01-15"]),
                            "qualifier": ["at_least", "approx"], "kind": ["contract_value", "other"],
                            "counted": [True, False], "note": [None, None], "evidence": ["x", "y"]})
    rows_ = views.readable_facts({"amounts": amounts})["Amounts"].to_dict("records")
    assert [(r["As stated"], r["In yuan"], r["Rate"], r["Qualifier"], r["In the event's amount"]) for r in rows_] == [
        ("USD 200 bn", "CN¥ 1.4 trn", "6.888 CN¥ per USD (2020-01-15)", "At least", "yes"),
        ("USD 77.7 bn", "CN¥ 535 bn", "6.888 CN¥ per USD (2020-01-15)", "Approx", "no (part of a total)")]


def test_the_input_quality_counts_every_record_whatever_the_filters(store):
    view = views.quality(store)
    assert rows(view.frames["by_status"].sort_values(["status", "language"]), "status", "language", "n") == [
        ("duplicate", "en", 1), ("off_topic", "en", 1), ("ok", "de", 1), ("ok", "en", 2), ("ok", "pt", 1),
        ("ok", "ru", 1), ("ok", "zh", 1), ("unreadable", None, 1)]
    assert rows(view.frames["reasons"], "status", "reason", "n") == [
        ("duplicate", "same text as a2", 1), ("off_topic", "no economic event found", 1),
        ("unreadable", "undecodable bytes", 1)]


def test_the_maps_place_each_event_once_abroad_and_once_in_china(store):
    with store.scope(FilterState()) as scope:
        view = views.world(scope)
    assert rows(view.frames["points"], "label", "lat", "lon", "event_type", "n", "yuan") == [
        ("São Paulo", -23.55, -46.63, "mou", 1, 13.7e9),  # the event's own place abroad
        ("Nairobi", -1.29, 36.82, "investment", 1, 2.1e9),  # the foreign partner's point, the event's place name
        ("Ethiopia", 9.03, 38.74, "contract", 1, 1.2e9),
        ("Russia", 55.75, 37.62, "agreement", 1, 5e8),
        ("Germany", 50.11, 8.68, "finance", 1, None)]  # no amount: last
    assert rows(view.frames["china"], "label", "n", "yuan") == [
        ("Bank of China", 3, 3.3e9), ("Guangdong", 1, 13.7e9), ("Heilongjiang", 1, 5e8)]
    lines = view.frames["lines"]
    assert len(lines) == 5 and lines["n"].tolist() == [1] * 5
    assert view.numbers == {"events": 5, "unplaced": 0, "no_chinese_point": 0}


def test_a_line_without_a_chinese_point_starts_at_the_capital(tmp_path):
    from tests.test_dashboard_data import EVENTS

    alone = open_store(write_small_tables(tmp_path / "tables", events=[EVENTS[0]]))  # no partners at all
    with alone.scope(FilterState()) as scope:
        view = views.world(scope)
    assert rows(view.frames["lines"], "lat0", "lon0", "lat1", "lon1", "n") == [
        (figures.CHINA_CAPITAL[0], figures.CHINA_CAPITAL[1], -23.55, -46.63, 1)]
    assert view.frames["china"].empty and view.numbers["no_chinese_point"] == 1


def test_a_partner_at_its_country_s_point_is_not_drawn_as_a_place(tmp_path):
    """The build puts a country-level partner at the country's point (a centroid: Gansu for China, Siberia for
    Russia): the maps draw the capital for the foreign end, and no Chinese point, instead of a place there."""
    from tests.test_dashboard_data import EVENTS, _partner
    from transforms import schema

    folder = write_small_tables(tmp_path / "tables", events=[EVENTS[4]])  # e5, Russia, no place of its own
    partners = [_partner("e5", 1, "China", "country", "CN", "chinese", 35.86, 104.2),
                _partner("e5", 2, "China Road and Bridge Corporation", "company", "CN", "chinese", 35.86, 104.2),
                _partner("e5", 3, "Russia", "country", "RU", "foreign", 61.52, 105.32),
                _partner("e5", 4, "Russian Railways", "company", "RU", "foreign", 61.52, 105.32)]
    pq.write_table(schema.to_table("partners", partners), folder / "partners.parquet")
    with open_store(folder).scope(FilterState()) as scope:
        view = views.world(scope)
    assert rows(view.frames["points"], "label", "lat", "lon") == [("Russia", 55.752, 37.618)]  # Moscow
    assert view.frames["china"].empty and view.numbers["no_chinese_point"] == 1
    assert rows(view.frames["lines"], "lat0", "lon0") == [figures.CHINA_CAPITAL]


def test_an_event_placed_at_its_country_s_point_has_no_place_of_its_own(tmp_path):
    """An event put at its country's point (the centroid a partner of kind ``country`` stands at, deep in
    Siberia for Russia) is not drawn there: the foreign end is the capital, as for an event with no place."""
    from tests.test_dashboard_data import EVENTS, _partner
    from transforms import schema

    at_centroid = {**EVENTS[4], "place": "Russia", "lat": 61.52, "lon": 105.32}  # e5
    folder = write_small_tables(tmp_path / "tables", events=[at_centroid])
    partners = [_partner("e5", 1, "China", "country", "CN", "chinese", 35.86, 104.2),
                _partner("e5", 2, "Russia", "country", "RU", "foreign", 61.52, 105.32),
                _partner("e5", 3, "Russian Railways", "company", "RU", "foreign")]
    pq.write_table(schema.to_table("partners", partners), folder / "partners.parquet")
    with open_store(folder).scope(FilterState()) as scope:
        view = views.world(scope)
    assert rows(view.frames["points"], "label", "lat", "lon") == [("Russia", 55.752, 37.618)]  # Moscow
    assert rows(view.frames["lines"], "lat1", "lon1") == [(55.752, 37.618)]


def test_the_explorer_lists_newest_first_and_undated_last(store):
    with store.scope(FilterState(include_domestic=True)) as scope:
        view = views.explorer(scope)
    assert view.frames["events"]["event_id"].tolist() == ["e5", "e4", "e3", "e2", "e1", "e6"]
    with store.scope(FilterState()) as scope:
        view = views.explorer(scope, limit=2)
    assert view.frames["events"]["event_id"].tolist() == ["e5", "e3"]
    assert view.numbers["events"] == 5


def test_a_filter_matching_nothing_gives_empty_frames(store):
    with store.scope(FilterState(countries=("KE",), sectors=("finance",))) as scope:
        pages = [views.overview(scope), views.world(scope), views.timeline(scope), views.sectors(scope),
                 views.partners(scope), views.explorer(scope)]
    assert pages[0].numbers["events"] == 0 and pages[0].numbers["yuan"] is None
    assert all(frame.empty for page in pages for frame in page.frames.values())


# --- the arrays agree with SQL on synthetic tables ------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    for name, table in synthetic_tables(3000, seed=11).items():
        pq.write_table(table, folder / f"{name}.parquet")
    return open_store(folder)


STATES = [*FILTER_STATES, FilterState(search="e12"), FilterState(languages=("ar",), include_domestic=True),
          FilterState(amount_max=1e8, event_types=("mou",)), FilterState(countries=("XX",))]


@pytest.mark.parametrize("state", STATES, ids=range(len(STATES)))
def test_the_arrays_select_what_the_sql_selects(synthetic, state):
    with synthetic.scope(state) as scope:
        by_sql = scope.df("SELECT k FROM fe ORDER BY k")["k"].tolist()
        assert np.flatnonzero(scope.mask).tolist() == by_sql


@pytest.mark.parametrize("state", STATES[:4], ids=range(4))
def test_the_page_counts_match_sql(synthetic, state):
    with synthetic.scope(state) as scope:
        countries = views._top_countries(scope, 1000)
        expected = scope.df("SELECT c AS code, count(*) AS n FROM (SELECT unnest(foreign_countries) AS c FROM fe) "
                            "GROUP BY c ORDER BY n DESC, c")
        assert rows(countries, "code", "n") == rows(expected, "code", "n")
        partners = views.partners(scope).frames["by_events"]
        expected = scope.df("SELECT p.name, count(*) AS n FROM (SELECT unnest(partner_ids) AS id FROM fe) "
                            "JOIN partner_names p USING (id) GROUP BY p.id, p.name ORDER BY n DESC, p.id LIMIT 15")
        assert rows(partners, "name", "n") == rows(expected, "name", "n")
        monthly = views._monthly(scope)
        expected = scope.df("SELECT date_trunc('month', date)::TIMESTAMP AS month, event_type, count(*) AS n "
                            "FROM fe WHERE date IS NOT NULL GROUP BY ALL ORDER BY month, event_type")
        assert rows(monthly.sort_values(["month", "event_type"]), "month", "event_type", "n") == \
            rows(expected, "month", "event_type", "n")


# --- preparing the index after a build ------------------------------------------------------------------------


def test_prepare_saves_the_index_the_next_start_reads(tmp_path):
    folder = write_small_tables(tmp_path / "tables")
    saved = prepare(folder)
    assert saved == folder / INDEX_FILE and saved.is_file()
    written = saved.stat().st_mtime_ns
    assert prepare(folder) == saved and saved.stat().st_mtime_ns == written  # current already: kept
    store = open_store(folder)
    assert store.saving is None  # read from the file, nothing built
    with store.scope(FilterState()) as scope:
        assert views.headline(scope)["events"] == 5


def test_prepare_on_a_folder_it_cannot_write_returns_none(tmp_path):
    folder = write_small_tables(tmp_path / "tables")
    (folder / INDEX_FILE).mkdir()  # the rename onto a folder fails, even for root
    assert prepare(folder) is None


# --- ranking --------------------------------------------------------------------------------------------------


@given(hs.lists(hs.tuples(hs.integers(0, 3), hs.sampled_from([float("nan"), 0.0, 1.0, 2.0])), max_size=60),
       hs.integers(1, 70))
def test_ranking_the_candidates_only_gives_the_full_sort_s_head(rows_, limit):
    counts = np.array([n for n, _ in rows_], dtype=np.int64)
    yuan = np.array([y for _, y in rows_], dtype=np.float64)
    present = [code for code in range(len(rows_)) if counts[code]]
    full = sorted(present, key=lambda c: (-counts[c], -(yuan[c] if yuan[c] == yuan[c] else -np.inf), c))
    assert arrays.ranked(counts, yuan, limit=limit).tolist() == full[:limit]
    assert arrays.ranked(counts, yuan).tolist() == full


def test_a_tally_leaves_sums_without_a_disclosed_amount_empty():
    counts, sums = arrays.tally(np.array([0, 0, 2]), 3, np.array([5.0, 0.0, 0.0]), np.array([1.0, 0.0, 0.0]))
    assert counts.tolist() == [2, 0, 1]
    assert sums[0] == 5.0 and np.isnan(sums[1]) and np.isnan(sums[2])
