"""Every page and every filter of the dashboard, run with Streamlit's AppTest on the six-event test tables."""

from __future__ import annotations

import math

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.data import DATA_ENV
from dashboard.sidebar import STATE_KEY
from tests.test_dashboard_data import write_small_tables
from transforms import paths

APP = str(paths.REPO_ROOT / "dashboard" / "app.py")
PAGES = ["app_pages/overview.py", "app_pages/map.py", "app_pages/timeline.py", "app_pages/sectors.py",
         "app_pages/partners.py", "app_pages/events.py", "app_pages/data.py"]


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    return write_small_tables(tmp_path_factory.mktemp("app_tables"))


@pytest.fixture
def app(tables, monkeypatch):
    monkeypatch.setenv(DATA_ENV, str(tables))
    st.cache_resource.clear()
    st.cache_data.clear()

    def start(page: str | None = None, **params) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    yield start
    st.cache_resource.clear()


def url(at: AppTest, key: str) -> list[str] | None:
    """A query parameter's values (AppTest gives a lone value as a string)."""
    if key not in at.query_params:
        return None
    value = at.query_params[key]
    return list(value) if isinstance(value, (list, tuple)) else [value]


def shown_event_ids(at: AppTest) -> list[str]:
    """The events the current filters select, read from the state the sidebar handed to the pages."""
    from dashboard.data import get_store

    state = at.session_state[STATE_KEY]
    with get_store().scope(state) as scope:
        return scope.df("SELECT event_id FROM fe ORDER BY event_id")["event_id"].tolist()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_an_error(app, page):
    at = app(page)
    assert not at.error
    assert at.title[0].value


def test_the_overview_counts_foreign_events_and_yuan(app):
    at = app()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Events": "5", "Partners": "10", "Foreign countries": "5",
                       "Disclosed amounts": "CN¥ 17.5 bn"}
    assert "1 of 5 events has no disclosed amount and is not in the total; 1 event has no known date." in [
        c.value for c in at.caption]


@pytest.mark.parametrize(
    ("widget", "value", "expected", "expected_url"),
    [
        ("filter_regions", ["Africa"], ["e2", "e6"], {"region": ["Africa"]}),
        ("filter_countries", ["DE"], ["e3"], {"country": ["DE"]}),
        ("filter_cn_places", ["Guangdong"], ["e1"], {"cn": ["Guangdong"]}),
        ("filter_event_types", ["contract"], ["e6"], {"type": ["contract"]}),
        ("filter_sectors", ["energy"], ["e5", "e6"], {"sector": ["energy"]}),
        ("filter_partner_kinds", ["bank"], ["e2", "e3"], {"kind": ["bank"]}),
        ("filter_languages", ["pt"], ["e1"], {"lang": ["pt"]}),
    ],
)
def test_each_multiselect_filters_the_events_and_lands_in_the_url(app, widget, value, expected, expected_url):
    at = app()
    at.multiselect(key=widget).set_value(value).run()
    assert not at.exception
    assert shown_event_ids(at) == expected
    assert {k: url(at, k) for k in expected_url} == expected_url
    assert at.metric[0].value == str(len(expected))


def test_the_date_range_filters_and_leaves_out_undated_events(app):
    import datetime as dt

    at = app()
    at.date_input(key="filter_dates").set_value((dt.date(2024, 1, 1), dt.date(2024, 9, 10))).run()
    assert shown_event_ids(at) == ["e3", "e5"]
    assert url(at, "from") == ["2024-01-01"] and url(at, "to") is None


def test_the_amount_range_is_in_million_yuan(app):
    at = app()
    at.number_input(key="filter_amount_min").set_value(1000.0).run()
    at.number_input(key="filter_amount_max").set_value(2000.0).run()
    assert shown_event_ids(at) == ["e6"]
    assert url(at, "amin") == ["1000000000"] and url(at, "amax") == ["2000000000"]


def test_search_finds_partner_names_in_any_script(app):
    at = app()
    at.text_input(key="filter_search").input("Газпром").run()
    assert shown_event_ids(at) == ["e5"]


def test_include_domestic_adds_the_domestic_event(app):
    at = app()
    at.checkbox(key="filter_domestic").check().run()
    assert shown_event_ids(at) == ["e1", "e2", "e3", "e4", "e5", "e6"]
    assert url(at, "domestic") == ["1"]


def test_a_shared_link_opens_the_same_filters(app):
    at = app("app_pages/map.py", region="Europe", type="finance")
    assert at.multiselect(key="filter_regions").value == ["Europe"]
    assert shown_event_ids(at) == ["e3"]


def test_link_values_the_data_does_not_hold_are_dropped(app):
    at = app(country=["ZZ", "KE"], amin="not-a-number")
    assert at.multiselect(key="filter_countries").value == ["KE"]
    assert shown_event_ids(at) == ["e2"]


@pytest.mark.parametrize("page", PAGES[:6])
def test_a_filter_matching_nothing_says_what_to_change(app, page):
    at = app(page, country="KE", sector="finance")
    assert not at.exception
    if page.endswith("data.py"):
        return
    assert any("No " in i.value and "Widen or clear a filter" in i.value for i in at.info)


def test_reset_clears_the_filters_and_the_url(app):
    at = app(region="Europe")
    at.button[0].click().run()  # the only button in the sidebar on the overview
    assert at.multiselect(key="filter_regions").value == []
    assert url(at, "region") is None
    assert shown_event_ids(at) == ["e1", "e2", "e3", "e5", "e6"]


def test_the_explorer_shows_the_article_as_text_with_highlights(app):
    at = app("app_pages/events.py", event="e5")
    article = [m.value for m in at.markdown if "Газпром" in m.value and "background" in m.value]
    assert article, "the article view is missing"
    text = article[0]
    assert "\\<script\\>" in text  # escaped: shown, not run
    assert "\\[click\\]\\(http\\:\u200b\\/\\/tracker" in text  # neither a link nor an autolink
    assert ":green-background[500 млн юаней]" in text
    assert ":orange-background[Газпром]" in text


def test_the_explorer_lists_events_newest_first_with_amounts_that_sort_as_numbers(app):
    at = app("app_pages/events.py", domestic="1")
    frame = at.dataframe[0].value
    assert [str(d)[:10] for d in frame["Date"][:2]] == ["2024-09-10", "2024-05-05"]
    amounts = frame["Amount"].tolist()
    assert amounts[0] == 500.0 and math.isnan(amounts[1])  # undisclosed: NaN, so it sorts as a number
    assert sorted(frame["Amount"].dropna().tolist()) == [500.0, 1200.0, 2100.0, 13700.0]  # million yuan
    assert frame["Place"].tolist()[:3] == ["Russia", "Shenzhen, China", "Germany"]
    assert at.caption[0].value == (
        "6 events match the filters. Click a row to read its article; click a column's name to sort by it.")


def test_a_row_click_opens_its_event_from_the_cached_events_view(app, monkeypatch):
    import functools

    from dashboard import views

    at = app("app_pages/events.py")
    calls = []
    original = views.explorer
    monkeypatch.setattr(views, "explorer", functools.wraps(original)(
        lambda *a, **k: calls.append(a) or original(*a, **k)))
    table = at.dataframe[0]
    at.session_state[table.key] = {"selection": {"rows": [1], "columns": []}}  # a click on the second row
    at.run()
    assert calls == []  # a rerun for the same filters reads ui.page_view's cache
    assert url(at, "event") == ["e3"] and at.subheader[0].value == "Finance / loan · 2024-01-20"


def test_a_linked_event_is_ticked_in_the_list_and_shown_with_readable_facts(app):
    at = app("app_pages/events.py", event="e5")
    assert "e5" == url(at, "event")[0]
    assert at.session_state[at.dataframe[0].key]["selection"]["rows"] == [0]  # e5 is the newest: the first row
    assert at.subheader[0].value == "Agreement · 2024-09-10"
    facts = {f.value.columns[0]: f.value for f in at.dataframe[1:]}
    assert list(facts) == ["As written", "As stated", "Title"]  # partners, amounts, sources
    assert facts["As stated"]["In yuan"].tolist() == ["CN¥ 500 m"]
    assert facts["As written"]["Kind"].tolist() == ["Company", "Local government"]
    assert "- 500 млн юаней  \n  :green-background[Amount\\: CNY 500 m]" in [m.value for m in at.markdown]
    assert not any("not among the rows listed" in c.value for c in at.caption)


def test_unticking_the_linked_row_closes_the_event_and_its_link(app):
    at = app("app_pages/events.py", event="e5")
    at.session_state[at.dataframe[0].key] = {"selection": {"rows": [], "columns": []}}
    at.run()
    assert url(at, "event") is None
    assert any("Choose a row above" in i.value for i in at.info)


def test_a_selection_does_not_carry_over_to_another_filter_s_list(app):
    at = app("app_pages/events.py", event="e5")
    first_key = at.dataframe[0].key
    at.multiselect(key="filter_countries").set_value(["DE"]).run()
    assert at.dataframe[0].key != first_key  # a new table: row 0 there is another event than row 0 here
    assert at.dataframe[0].value["Place"].tolist() == ["Germany"]
    assert at.subheader[0].value == "Agreement · 2024-09-10"  # the link's event stays open, and says why
    assert "This event is not among the rows listed for these filters." in [c.value for c in at.caption]


def test_a_linked_event_outside_the_list_is_shown_and_says_so(app):
    at = app("app_pages/events.py", event="e5", country="KE")
    assert at.subheader[0].value == "Agreement · 2024-09-10"
    assert "This event is not among the rows listed for these filters." in [c.value for c in at.caption]


def test_the_sectors_page_switches_to_yuan(app):
    at = app("app_pages/sectors.py")
    at.segmented_control(key="sector_measure").set_value("yuan").run()
    assert not at.exception
    assert url(at, "measure") == ["yuan"]
    at = app("app_pages/sectors.py", measure="yuan")
    assert at.segmented_control(key="sector_measure").value == "yuan"


def test_the_data_page_lists_reasons_and_offers_every_download(app):
    at = app("app_pages/data.py")
    reasons = at.dataframe[0].value
    assert sorted(reasons["Reason"]) == ["no economic event found", "same text as a2", "undecodable bytes"]
    assert sorted(reasons["Status"]) == ["Duplicate", "Off topic", "Unreadable"]
    captions = [c.value for c in at.caption]
    assert captions[0].startswith("5 events (domestic events left out), with their partners")
    assert ("How to read this: one bar per status (OK, Duplicate, Off topic, Unreadable), split by the article's "
            "language.") in captions
    at = app("app_pages/data.py", domestic="1")
    assert at.caption[0].value.startswith("6 events (no filter set), with")
    at = app("app_pages/data.py", region="Europe", domestic="1")
    assert at.caption[0].value.startswith("2 events (region: Europe), with")


def test_the_partners_page_ranks_one_side_and_keeps_it_in_the_url(app):
    at = app("app_pages/partners.py")
    at.segmented_control(key="partner_side").set_value("foreign").run()
    assert not at.exception
    assert url(at, "side") == ["foreign"]
    assert any("on the foreign side" in c.value for c in at.caption)
    at = app("app_pages/partners.py", side="foreign")
    assert at.segmented_control(key="partner_side").value == "foreign"
    at.segmented_control(key="partner_side").set_value("all").run()
    assert url(at, "side") is None  # the default keeps the link clean


def test_empty_tables_give_a_page_that_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_ENV, str(write_small_tables(tmp_path / "empty", events=[])))
    st.cache_resource.clear()
    for page in PAGES:
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert not at.error
    st.cache_resource.clear()
