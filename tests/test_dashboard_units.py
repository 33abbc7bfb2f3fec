"""Unit tests of the dashboard's pure parts: filter state <-> URL <-> SQL, safe CSV, reading view, figures,
formats and uploads."""

from __future__ import annotations

import datetime as dt
import math

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from dashboard import figures, reading, style, uploads
from dashboard.csv import neutralise, safe_csv
from dashboard.filters import FilterState, to_sql

# --- filters --------------------------------------------------------------------------------------------------


def test_a_full_state_survives_the_round_trip_through_the_url():
    state = FilterState(date_from=dt.date(2020, 1, 1), date_to=dt.date(2021, 6, 30), countries=("BR", "KE"),
                        regions=("Africa",), cn_places=("Guangdong",), event_types=("mou",), sectors=("energy",),
                        partner_kinds=("bank",), amount_min=1e9, amount_max=2.5e9, languages=("pt",),
                        search="rail, port", include_domestic=True)
    params = state.to_query_params()
    assert params == {"from": "2020-01-01", "to": "2021-06-30", "country": ["BR", "KE"], "region": ["Africa"],
                      "cn": ["Guangdong"], "type": ["mou"], "sector": ["energy"], "kind": ["bank"],
                      "amin": "1000000000", "amax": "2500000000", "lang": ["pt"], "q": "rail, port",
                      "domestic": "1"}
    assert FilterState.from_query_params(params) == state


def test_the_default_state_has_an_empty_url():
    assert FilterState().to_query_params() == {}
    assert FilterState.from_query_params({}) == FilterState()


def test_the_filters_are_described_in_words_and_name_their_values():
    state = FilterState(date_from=dt.date(2020, 1, 1), countries=("BR", "KE"), regions=("Africa",),
                        cn_places=("Guangdong",), event_types=("mou", "finance"), sectors=("metals_mining",),
                        partner_kinds=("state_enterprise",), languages=("pt", "zh"), amount_min=1e9, search="rail")
    assert state.describe() == [
        "dates 2020-01-01 to …", "country: Brazil, Kenya", "region: Africa", "Chinese place: Guangdong",
        "event type: MoU, Finance / loan", "sector: Metals mining", "partner kind: State enterprise",
        "language: Portuguese, Chinese", "an amount range (events with undisclosed amounts are left out)",
        "search “rail”"]


def test_a_caption_of_the_selection_says_when_domestic_events_are_left_out():
    assert FilterState().describe() == []  # an empty state says it its own way
    assert FilterState().describe(domestic=True) == ["domestic events left out"]
    assert FilterState(include_domestic=True).describe(domestic=True) == []
    assert FilterState(languages=("de",)).describe(domestic=True) == ["language: German", "domestic events left out"]


def test_bad_url_values_are_ignored_not_errors():
    state = FilterState.from_query_params({"from": "yesterday", "amin": "-5", "amax": "inf", "domestic": "maybe",
                                           "country": "BR,,KE,BR"})
    assert state == FilterState(countries=("BR", "KE"))


def test_the_where_clause_carries_user_values_only_as_parameters():
    state = FilterState(countries=("BR'; DROP TABLE ev; --",), search="50% off _x_", amount_min=5.0)
    where, params = to_sql(state)
    assert where == ("NOT domestic AND list_has_any(foreign_countries, ?::VARCHAR[]) AND amount_cny >= ? "
                     "AND contains(search_text, ?)")
    assert params == [["BR'; DROP TABLE ev; --"], 5.0, "50% off _x_"]


def test_the_where_clause_runs_in_duckdb():
    con = duckdb.connect()
    con.execute("CREATE TABLE ev AS SELECT * FROM (VALUES "
                "(1, false, DATE '2020-05-01', 'mou', 'en', ['BR'], ['South America'], ['Guangdong'], ['company'],"
                " ['energy'], 5e9, 'vale and guangdong'),"
                "(2, true, NULL, 'visit', 'zh', [], [], ['Shenzhen'], ['company'], ['technology'], NULL, '华为')"
                ") t(k, domestic, date, event_type, language, foreign_countries, regions, cn_places, partner_kinds,"
                " sectors, amount_cny, search_text)")

    def keys(state):
        where, params = to_sql(state)
        return [r[0] for r in con.execute(f"SELECT k FROM ev WHERE {where} ORDER BY k", params).fetchall()]

    assert keys(FilterState()) == [1]
    assert keys(FilterState(include_domestic=True)) == [1, 2]
    assert keys(FilterState(include_domestic=True, search="华为")) == [2]
    assert keys(FilterState(include_domestic=True, date_from=dt.date(2000, 1, 1))) == [1]
    assert keys(FilterState(include_domestic=True, amount_max=1e12)) == [1]
    assert keys(FilterState(include_domestic=True, languages=("zh",), sectors=("technology",))) == [2]


@given(hs.text(max_size=300))
def test_any_search_text_gives_a_valid_url_and_back(text):
    state = FilterState.from_query_params({"q": text})
    assert state.search == text.strip()[:200]
    assert FilterState.from_query_params(state.to_query_params()) == state


# --- safe CSV -------------------------------------------------------------------------------------------------


def test_formula_cells_are_neutralised_and_the_file_has_a_bom():
    frame = pd.DataFrame({"name": ["=SUM(A1)", "+1", "-x", "@cmd", "\tTab", "\rCR", "Vale", None],
                          "amount": [-1.5, 2, 3, 4, 5, 6, 7, 8]})
    data = safe_csv(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[:4] == ["name,amount", "'=SUM(A1),-1.5", "'+1,2.0", "'-x,3.0"]
    assert lines[4:8] == ["'@cmd,4.0", "'\tTab,5.0", "\"'\rCR\",6.0", "Vale,7.0"]


def test_neutralise_keeps_numbers_and_joins_lists():
    frame = neutralise(pd.DataFrame({"n": [-3], "names": [["=a", "b"]], "s": ["非洲"]}))
    assert frame.to_dict("records") == [{"n": -3, "names": "'=a; b", "s": "非洲"}]  # the joined cell starts with =


# --- reading view ---------------------------------------------------------------------------------------------


def test_highlight_escapes_markdown_and_marks_facts_by_kind():
    text = "Title\n<b>Vale</b> signed for ¥5 bn [here](http://x.io) *now*."
    out = reading.highlight(text, [("Vale", "partner"), ("¥5 bn", "amount"), ("signed for ¥5 bn", "event")])
    assert out == ("Title\n\n\\<b\\>:orange-background[Vale]\\<\\/b\\> :blue-background[signed for ]"
                   ":green-background[¥5 bn] \\[here\\]\\(http\\:\u200b\\/\\/x\\.io\\) \\*now\\*\\.")


def test_highlight_of_text_without_facts_is_just_escaped():
    assert reading.highlight("a $x$ b", []) == "a \\$x\\$ b"
    assert reading.highlight("", [("x", "partner")]) == ""


def test_a_long_article_is_shown_around_its_first_fact():
    text = "x" * 50_000 + "THE EVENT" + "y" * 50_000
    excerpt, offset = reading.window(text, ["THE EVENT"], size=20_000)
    assert len(excerpt) == 20_000 and offset == 49_000 and "THE EVENT" in excerpt


@given(hs.text(max_size=200), hs.text(max_size=20))
def test_highlight_never_raises(text, needle):
    reading.highlight(text, [(needle, "partner"), (needle[:3], "amount")])


# --- formats --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "text"), [
    (13.7e9, "CN¥ 13.7 bn"), (2.5e12, "CN¥ 2.5 trn"), (250e6, "CN¥ 250 m"), (12_500, "CN¥ 12,500"),
    (None, "undisclosed"), (float("nan"), "undisclosed"), (123.4e9, "CN¥ 123 bn"), (np.int64(7), "CN¥ 7"),
    (-3e9, "−CN¥ 3.0 bn")],
    ids=["bn", "trn", "m", "below-a-million", "none", "nan", "three-digits", "numpy-int", "negative"])
def test_yuan_is_written_with_its_unit_and_the_yuan_s_own_symbol(value, text):
    assert style.yuan(value) == text  # CN¥: a bare ¥ is the yen's too


def test_a_sum_in_another_currency_keeps_its_code():
    assert style.money(77.7e9, "USD") == "USD 77.7 bn"
    assert style.money(None, "USD", "unknown") == "unknown"
    assert style.money(5e6, None) == "? 5.0 m"


@pytest.mark.parametrize(("largest", "size", "words"), [
    (9.3e12, 1e12, "trillion yuan (CN¥ trn)"), (2.5e12, 1e12, "trillion yuan (CN¥ trn)"),
    (613e9, 1e9, "billion yuan (CN¥ bn)"), (4e8, 1e6, "million yuan (CN¥ m)"), (0, 1e6, "million yuan (CN¥ m)"),
    (None, 1e6, "million yuan (CN¥ m)")],
    ids=["9.3-trn", "2.5-trn", "613-bn", "400-m", "zero", "none"])
def test_a_yuan_axis_takes_the_scale_of_its_largest_value(largest, size, words):
    assert style.yuan_axis(largest) == (size, words)


def test_labels_read_as_words():
    assert style.label("metals_mining") == "Metals mining"
    assert style.type_label("mou") == "MoU"
    assert style.plural(1, "event") == "1 event" and style.plural(3, "event") == "3 events"
    assert style.plural(1, "event has", "events have") == "1 event has"
    assert style.plural(2, "event has", "events have") == "2 events have"
    assert [style.language_name(c) for c in ("pt", "xx", None)] == ["Portuguese", "xx", "unknown"]
    assert [style.status_label(s) for s in ("ok", "off_topic", "too_large")] == ["OK", "Off topic", "Too large"]


@pytest.mark.parametrize(("name", "label"), [
    ("China National Petroleum Corporation", "China National Petroleum…"),
    ("National Development and Reform Commission", "National Development and…"),
    ("CATL", "CATL"), ("Exportimportbankofchinawithoutspaces", "Exportimportbankofchinawith…"),
    ("<b>Bank</b> & Co", "&lt;b&gt;Bank&lt;/b&gt; &amp; Co")],
    ids=["cut-at-a-word", "long-words", "short", "one-long-word", "markup-escaped"])
def test_a_chart_label_is_cut_at_a_word_and_escaped(name, label):
    assert figures.short_label(name) == label


# --- figures --------------------------------------------------------------------------------------------------


def test_every_builder_accepts_empty_frames():
    empty = pd.DataFrame
    built = [
        figures.events_per_month(empty(columns=["month", "event_type", "n"])),
        figures.yuan_per_quarter(empty(columns=["quarter", "yuan", "n_undisclosed"])),
        figures.cumulative_yuan(empty(columns=["quarter", "yuan"])),
        figures.ranking(empty(columns=["label", "n"]), "label", "n", "events"),
        figures.world_map(empty(columns=["lat", "lon", "event_type", "n", "yuan", "label"]),
                          empty(columns=["lat0", "lon0", "lat1", "lon1", "n"])),
        figures.china_map(empty(columns=["lat", "lon", "label", "n", "yuan"])),
        figures.sector_treemap(empty(columns=["sector", "n", "yuan"]), "n", "events"),
        figures.heatmap(empty(columns=["sector", "country", "n"])),
        figures.network(empty(columns=["name", "side", "n"]), empty(columns=["a", "b", "n"])),
        figures.status_bars(empty(columns=["status", "language", "n"])),
    ]
    for fig in built:
        assert fig.layout.annotations or fig.data  # a message, never a blank canvas


def test_world_map_colours_by_type_sizes_by_yuan_and_escapes_labels():
    points = pd.DataFrame({"lat": [1.0, 2.0], "lon": [3.0, 4.0], "event_type": ["mou", "finance"], "n": [2, 1],
                           "yuan": [4e9, None], "label": ["<img src=x>", "Berlin"]})
    lines = pd.DataFrame({"lat0": [39.9], "lon0": [116.4], "lat1": [1.0], "lon1": [3.0], "n": [2]})
    fig = figures.world_map(points, lines)
    by_name = {t.name: t for t in fig.data}
    assert list(by_name) == ["Chinese partner → foreign partner", "MoU", "Finance / loan"]
    assert by_name["MoU"].marker.color == style.EVENT_TYPE_COLOURS["mou"]
    assert by_name["MoU"].marker.size[0] == 38 and by_name["Finance / loan"].marker.size[0] == 7
    assert by_name["MoU"].customdata[0][0] == "&lt;img src=x&gt;"
    line = by_name["Chinese partner → foreign partner"].lat  # start, end, then a gap before the next line
    assert list(line[:2]) == [39.9, 1.0] and math.isnan(line[2])
    assert fig.layout.geo.resolution == 110


def test_the_map_config_points_plotly_at_the_served_outlines():
    from dashboard.data import STATIC_DIR

    assert figures.MAP_CONFIG["topojsonURL"] == "/app/static/"
    assert (STATIC_DIR / "world_110m.json").exists() and (STATIC_DIR / "asia_50m.json").exists()


def test_force_layout_is_deterministic_and_keeps_nodes_apart():
    names = ["a", "b", "c", "d"]
    edges = [("a", "b", 3.0), ("c", "d", 1.0)]
    first, second = figures.force_layout(names, edges), figures.force_layout(names, edges)
    assert first == second
    assert all(-1 <= x <= 1 and -1 <= y <= 1 for x, y in first.values())
    distances = [abs(complex(*first[p]) - complex(*first[q])) for p in names for q in names if p < q]
    assert min(distances) > 0.1


def test_treemap_tiles_share_one_hue_deeper_for_larger_values():
    frame = pd.DataFrame({"sector": ["energy", "trade", "health"], "n": [4, 2, 0], "yuan": [1e9, None, 3e9]})
    tiles = figures.sector_treemap(frame, "n", "events").data[0]
    assert list(tiles.labels) == ["Energy", "Trade"]  # no events: no tile
    assert list(tiles.marker.colors) == [style.OKABE_ITO[2].upper(), figures.blend(figures.TREEMAP_LIGHT,
                                                                                    style.OKABE_ITO[2], 0.5)]
    assert list(figures.sector_treemap(frame, "yuan", "yuan").data[0].text) == ["CN¥ 1.0 bn", "CN¥ 3.0 bn"]


def test_blend_walks_between_two_colours():
    assert figures.blend("#000000", "#FF8040", 0) == "#000000"
    assert figures.blend("#000000", "#FF8040", 0.5) == "#804020"
    assert figures.blend("#000000", "#FF8040", 2) == "#FF8040"


def test_heatmap_leaves_empty_cells_blank():
    frame = pd.DataFrame({"sector": ["energy", "finance"], "country": ["Kenya", "Brazil"], "n": [3, 1]})
    z = figures.heatmap(frame).data[0].z
    assert sorted(str(v) for row in z for v in row) == ["1.0", "3.0", "nan", "nan"]


def test_axes_of_yuan_are_scaled_to_their_largest_value():
    frame = pd.DataFrame({"name": ["China", "Vale"], "yuan": [9.3e12, 2.5e12]})
    fig = figures.ranking(frame, "name", "yuan", yuan_values=True)
    assert fig.layout.xaxis.title.text == "trillion yuan (CN¥ trn)"
    assert list(fig.data[0].x) == [2.5, 9.3] and list(fig.data[0].text) == ["CN¥ 2.5 trn", "CN¥ 9.3 trn"]
    quarters = pd.DataFrame({"quarter": pd.to_datetime(["2020-01-01", "2020-04-01"]), "yuan": [6e11, 5e11],
                             "n_undisclosed": [1, 2]})
    assert figures.yuan_per_quarter(quarters).layout.yaxis.title.text == "billion yuan (CN¥ bn) per quarter"
    cumulative = figures.cumulative_yuan(quarters)  # 0.6 then 1.1 trn: a running total past a trillion
    assert cumulative.layout.yaxis.title.text == "trillion yuan (CN¥ trn), running total"
    assert [round(v, 3) for v in cumulative.data[0].y] == [0.6, 1.1]
    hover = figures.yuan_per_quarter(quarters).data[0].customdata
    assert [list(row) for row in hover] == [["CN¥ 600 bn", "1 event"], ["CN¥ 500 bn", "2 events"]]


def test_events_per_month_list_types_in_their_own_order():
    frame = pd.DataFrame({"month": pd.to_datetime(["2020-01-01", "2020-01-01", "2020-02-01"]),
                          "event_type": ["visit", "mou", "finance"], "n": [1, 2, 3]})
    fig = figures.events_per_month(frame)
    assert [t.name for t in fig.data] == ["MoU", "Finance / loan", "Visit"]
    assert fig.layout.legend.traceorder == "normal"


def test_status_bars_name_statuses_and_languages_most_records_first():
    frame = pd.DataFrame({"status": ["duplicate", "ok", "ok", "off_topic"], "language": ["en", "pt", "en", None],
                          "n": [1, 5, 9, 3]})
    fig = figures.status_bars(frame)
    assert [t.name for t in fig.data] == ["English", "Portuguese", "unknown"]
    assert list(fig.layout.xaxis.categoryarray) == ["OK", "Off topic", "Duplicate"]
    assert list(fig.data[0].x) == ["Duplicate", "OK"] and fig.layout.legend.traceorder == "normal"


def test_the_network_names_only_its_biggest_partners():
    nodes = pd.DataFrame({"name": [f"Partner {i:02d}" for i in range(20)], "side": ["foreign"] * 20,
                          "n": list(range(20, 0, -1))})
    fig = figures.network(nodes, pd.DataFrame(columns=["a", "b", "n"]))
    dots = fig.data[0]
    named = [t for t in dots.text if t]
    assert len(named) == figures.NETWORK_LABELS and "Partner 00" in named and "Partner 19" not in named
    assert [row[0] for row in dots.customdata][:2] == ["Partner 00", "Partner 01"]  # hover names every dot


# --- uploads --------------------------------------------------------------------------------------------------


def test_uploads_are_saved_inside_the_folder_without_overwriting(tmp_path):
    saved = uploads.save([("../../etc/passwd", b"a"), ("notes.txt", b"b"), ("notes.txt", b"c"),
                          (".hidden.csv", b"d")], tmp_path)
    assert [p.name for p in saved] == ["passwd", "notes.txt", "notes-2.txt", "hidden.csv"]
    assert all(p.parent == tmp_path / "uploads" for p in saved)
    assert (tmp_path / "uploads" / "notes-2.txt").read_bytes() == b"c"


def test_the_rebuild_reads_the_recorded_inputs_and_the_uploads_once(tmp_path):
    (tmp_path / "corpus").mkdir()
    manifest = {"inputs": [str(tmp_path / "corpus"), str(tmp_path / "gone"), str(tmp_path / "uploads")]}
    (tmp_path / "uploads").mkdir()
    assert uploads.build_inputs(manifest, tmp_path) == [tmp_path / "corpus", tmp_path / "uploads"]
    assert uploads.build_inputs({}, tmp_path) == [(tmp_path / "uploads").resolve()]


def test_rejected_uploads_are_listed_with_their_reason(tmp_path):
    saved = uploads.save([("a.txt", b"x"), ("b.html", b"y")], tmp_path)
    articles = pd.DataFrame({
        "source_id": ["a.txt", "b.html", "old.txt"],
        "source": [str(saved[0]), "uploads/b.html", "/corpus/old.txt"],
        "status": ["ok", "unreadable", "empty"],
        "reason": [None, "undecodable", "blank"],
    })
    assert uploads.rejected(articles, saved).to_dict("records") == [
        {"source_id": "b.html", "status": "unreadable", "reason": "undecodable"}]
