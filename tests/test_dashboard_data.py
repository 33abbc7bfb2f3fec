"""The dashboard's data layer: small tables we write here, loaded into DuckDB, filtered by FilterState.

``write_small_tables`` is also the fixture of the other dashboard tests and of the browser test: six events
that between them cover every filter, an undisclosed amount, a domestic event, missing coordinates, an unknown
date, HTML and markdown in article text, and a cell that a spreadsheet would read as a formula.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import os

import pandas as pd

from dashboard.data import INDEX_FILE, index_key, open_store, prepare, save_index
from dashboard.filters import FilterState
from transforms import schema

D = dt.date

ARTICLE_TEXTS = {
    "a1": "Vale e governo de Guangdong\nA Vale assinou um memorando com o governo de Guangdong em São Paulo. "
          "O acordo prevê investimentos de 13,7 bilhões de yuans em mineração de ferro.",
    "a2": "Nairobi rail deal\nChina Road and Bridge Corporation will invest 2.1 billion yuan in a rail line near "
          "Nairobi, the Kenya Ministry of Transport said. The line also carries freight.",
    "a3": "Finanzierung\nDie Bank of China und die Deutsche Bank vereinbarten eine Kreditlinie. "
          "=HYPERLINK(\"http://evil.example\") Der Betrag wurde nicht genannt.",
    "a4": "深圳高交会\n深圳市政府与华为在深圳举办高交会。",
    "a5": "Газпром и Хэйлунцзян\n<script>alert('x')</script> Газпром подписал соглашение с правительством "
          "провинции Хэйлунцзян на 500 млн юаней. [click](http://tracker.example/img.png) costs $5 and $6 *bold*",
    "a6": "Dam contract\nSinohydro signed a contract with Ethiopian Electric Power worth about 1.2 billion yuan "
          "for a hydropower dam.",
}

EVENTS = [
    dict(event_id="e1", article_id="a1", date=D(2023, 3, 15), date_precision="day", event_type="mou",
         summary="Vale and Guangdong sign a mining MoU",
         evidence="A Vale assinou um memorando com o governo de Guangdong em São Paulo.",
         place="São Paulo", country="BR", lat=-23.55, lon=-46.63, domestic=False, amount_cny=13.7e9,
         confidence=0.9),
    dict(event_id="e2", article_id="a2", date=D(2023, 7, 2), date_precision="day", event_type="investment",
         summary="CRBC to invest in a Kenyan rail line",
         evidence="China Road and Bridge Corporation will invest 2.1 billion yuan in a rail line near Nairobi, "
                  "the Kenya Ministry of Transport said.",
         place="Nairobi", country="KE", lat=None, lon=None, domestic=False, amount_cny=2.1e9, confidence=0.8),
    dict(event_id="e3", article_id="a3", date=D(2024, 1, 20), date_precision="month", event_type="finance",
         summary="=cmd|' /C calc'!A0 credit line",
         evidence="Die Bank of China und die Deutsche Bank vereinbarten eine Kreditlinie.",
         place=None, country="DE", lat=None, lon=None, domestic=False, amount_cny=None, confidence=0.7),
    dict(event_id="e4", article_id="a4", date=D(2024, 5, 5), date_precision="day", event_type="trade_fair",
         summary="Shenzhen and Huawei hold a tech fair", evidence="深圳市政府与华为在深圳举办高交会。",
         place="Shenzhen", country="CN", lat=22.54, lon=114.06, domestic=True, amount_cny=None, confidence=0.6),
    dict(event_id="e5", article_id="a5", date=D(2024, 9, 10), date_precision="day", event_type="agreement",
         summary="Gazprom and Heilongjiang sign an energy agreement",
         evidence="Газпром подписал соглашение с правительством провинции Хэйлунцзян на 500 млн юаней.",
         place=None, country="RU", lat=None, lon=None, domestic=False, amount_cny=5e8, confidence=0.85),
    dict(event_id="e6", article_id="a6", date=None, date_precision=None, event_type="contract",
         summary="Sinohydro wins an Ethiopian dam contract",
         evidence="Sinohydro signed a contract with Ethiopian Electric Power worth about 1.2 billion yuan for a "
                  "hydropower dam.",
         place=None, country=None, lat=None, lon=None, domestic=False, amount_cny=1.2e9, confidence=0.75),
]


def _partner(event_id, n, name, kind, country, side, lat=None, lon=None, canonical=None, role="signatory"):
    return dict(event_id=event_id, partner_id=f"{event_id}p{n}", name=name, canonical_name=canonical or name,
                kind=kind, country=country, side=side, role=role, lat=lat, lon=lon, evidence=name)


PARTNERS = [
    _partner("e1", 1, "governo de Guangdong", "local_government", "CN", "chinese", 23.13, 113.26,
             canonical="Guangdong"),
    _partner("e1", 2, "Vale", "company", "BR", "foreign", -22.9, -43.2),
    _partner("e2", 1, "China Road and Bridge Corporation", "company", "CN", "chinese", role="investor"),
    _partner("e2", 2, "Kenya Ministry of Transport", "national_government", "KE", "foreign", -1.29, 36.82),
    _partner("e3", 1, "Bank of China", "bank", "CN", "chinese", 39.91, 116.40, role="lender"),
    _partner("e3", 2, "Deutsche Bank", "bank", "DE", "foreign", 50.11, 8.68),
    _partner("e4", 1, "深圳市政府", "local_government", "CN", "chinese", 22.54, 114.06, canonical="Shenzhen"),
    _partner("e4", 2, "华为", "company", "CN", "chinese", 22.54, 114.06, canonical="Huawei"),
    _partner("e5", 1, "Газпром", "company", "RU", "foreign", 55.75, 37.62, canonical="Gazprom"),
    _partner("e5", 2, "правительство провинции Хэйлунцзян", "local_government", "CN", "chinese", 45.75, 126.65,
             canonical="Heilongjiang"),
    _partner("e6", 1, "Sinohydro", "company", "CN", "chinese", 39.91, 116.40),
    _partner("e6", 2, "Ethiopian Electric Power", "company", "ET", "foreign", 9.03, 38.74),
    # the Bank of China also lends in Kenya: gives the network a shared node
    _partner("e2", 3, "Bank of China", "bank", "CN", "chinese", 39.91, 116.40, role="lender"),
]

SECTORS = [
    dict(event_id="e1", sector="metals_mining", evidence="mineração de ferro"),
    dict(event_id="e2", sector="transport_logistics", evidence="rail line"),
    dict(event_id="e2", sector="construction_real_estate", evidence="rail line"),
    dict(event_id="e3", sector="finance", evidence="Kreditlinie"),
    dict(event_id="e4", sector="technology", evidence="高交会"),
    dict(event_id="e5", sector="energy", evidence="Газпром"),
    dict(event_id="e6", sector="energy", evidence="hydropower dam"),
]

AMOUNTS = [
    dict(event_id="e1", amount_id="e1m1", value=13.7e9, currency="CNY", amount_cny=13.7e9, fx_rate=1.0,
         qualifier="exact", kind="investment", evidence="13,7 bilhões de yuans", counted=True),
    dict(event_id="e2", amount_id="e2m1", value=2.1e9, currency="CNY", amount_cny=2.1e9, fx_rate=1.0,
         qualifier="exact", kind="investment", evidence="2.1 billion yuan", counted=True),
    dict(event_id="e5", amount_id="e5m1", value=5e8, currency="CNY", amount_cny=5e8, fx_rate=1.0,
         qualifier="exact", kind="contract_value", evidence="500 млн юаней", counted=True),
    dict(event_id="e6", amount_id="e6m1", value=1.2e9, currency="CNY", amount_cny=1.2e9, fx_rate=1.0,
         qualifier="approx", kind="contract_value", evidence="about 1.2 billion yuan", counted=True),
]

LANGUAGES = {"a1": "pt", "a2": "en", "a3": "de", "a4": "zh", "a5": "ru", "a6": "en"}
PUBLISHED = {"a1": D(2023, 3, 16), "a2": D(2023, 7, 3), "a3": D(2024, 1, 21), "a4": D(2024, 5, 6),
             "a5": D(2024, 9, 11), "a6": D(2022, 12, 1)}


def _articles() -> list[dict]:
    rows = [dict(article_id=aid, source_id=f"{aid}.txt", source=f"/in/{aid}.txt", title=text.split("\n")[0],
                 published=PUBLISHED[aid], language=LANGUAGES[aid], status="ok", n_chars=len(text), text=text)
            for aid, text in ARTICLE_TEXTS.items()]
    rows += [
        dict(article_id="x1", source_id="broken.html", source="/in/broken.html", status="unreadable",
             reason="undecodable bytes", n_chars=0, language=None),
        dict(article_id="x2", source_id="copy.txt", source="/in/copy.txt", status="duplicate",
             reason="same text as a2", duplicate_of="a2", n_chars=10, language="en", text="copy"),
        dict(article_id="x3", source_id="weather.txt", source="/in/weather.txt", status="off_topic",
             reason="no economic event found", n_chars=12, language="en", text="Sunny today."),
    ]
    return rows


def write_small_tables(folder: Path, *, events: list[dict] | None = None) -> Path:
    """Write the six-event tables (or ``events`` with no partners, sectors or amounts) as Parquet files."""
    folder.mkdir(parents=True, exist_ok=True)
    if events is None:
        tables = {
            "articles": _articles(), "events": EVENTS, "partners": PARTNERS, "sectors": SECTORS,
            "amounts": AMOUNTS, "event_sources": [dict(event_id=e["event_id"], article_id=e["article_id"])
                                                  for e in EVENTS],
        }
    else:
        tables = {"articles": [], "events": events, "partners": [], "sectors": [], "amounts": [],
                  "event_sources": []}
    for name, rows in tables.items():
        pq.write_table(schema.to_table(name, rows), folder / f"{name}.parquet")
    return folder


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = write_small_tables(tmp_path_factory.mktemp("tables"))
    return open_store(folder)


def event_ids(store, state: FilterState) -> list[str]:
    with store.scope(state) as scope:
        return scope.df("SELECT event_id FROM fe ORDER BY event_id")["event_id"].tolist()


def test_the_index_gathers_what_each_filter_needs(store):
    row = store.query("SELECT * FROM ev WHERE event_id = 'e1'").iloc[0]
    assert list(row["foreign_countries"]) == ["BR"]
    assert list(row["regions"]) == ["South America"]
    assert list(row["cn_places"]) == ["Guangdong"]
    assert sorted(row["partner_kinds"]) == ["company", "local_government"]
    assert list(row["sectors"]) == ["metals_mining"]
    assert row["language"] == "pt"
    assert "vale" in row["search_text"]


def test_a_chinese_place_comes_from_local_government_partners_and_places_in_china(store):
    assert store.options["cn_places"] == ["Guangdong", "Heilongjiang", "Shenzhen"]


def test_the_options_list_only_what_the_data_holds(store):
    assert store.options["countries"] == ["BR", "DE", "ET", "KE", "RU"]
    assert store.options["regions"] == ["Africa", "Europe", "South America"]
    assert store.options["event_types"] == ["mou", "agreement", "contract", "investment", "finance", "trade_fair"]
    assert store.options["languages"] == ["de", "en", "pt", "ru", "zh"]
    assert store.options["date_range"] == [D(2023, 3, 15), D(2024, 9, 10)]


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (FilterState(), ["e1", "e2", "e3", "e5", "e6"]),
        (FilterState(include_domestic=True), ["e1", "e2", "e3", "e4", "e5", "e6"]),
        (FilterState(date_from=D(2024, 1, 1)), ["e3", "e5"]),
        (FilterState(date_to=D(2023, 12, 31)), ["e1", "e2"]),
        (FilterState(countries=("KE", "ET")), ["e2", "e6"]),
        (FilterState(regions=("Europe",)), ["e3", "e5"]),
        (FilterState(cn_places=("Heilongjiang",)), ["e5"]),
        (FilterState(cn_places=("Shenzhen",), include_domestic=True), ["e4"]),
        (FilterState(event_types=("mou", "finance")), ["e1", "e3"]),
        (FilterState(sectors=("energy",)), ["e5", "e6"]),
        (FilterState(partner_kinds=("bank",)), ["e2", "e3"]),
        (FilterState(amount_min=1e9), ["e1", "e2", "e6"]),
        (FilterState(amount_min=1e9, amount_max=2e9), ["e6"]),
        (FilterState(languages=("en",)), ["e2", "e6"]),
        (FilterState(search="DEUTSCHE"), ["e3"]),
        (FilterState(search="газпром"), ["e5"]),
        (FilterState(search="'; DROP TABLE ev; --"), []),
        (FilterState(countries=("KE",), sectors=("finance",)), []),
    ],
)
def test_each_filter_selects_the_right_events(store, state, expected):
    assert event_ids(store, state) == expected


def test_filtered_partners_sectors_and_amounts_follow_the_events(store):
    with store.scope(FilterState(countries=("KE",))) as scope:
        assert sorted(scope.df("SELECT partner_id FROM fp")["partner_id"]) == ["e2p1", "e2p2", "e2p3"]
        assert sorted(scope.df("SELECT sector FROM fs")["sector"]) == ["construction_real_estate",
                                                                       "transport_logistics"]
        assert scope.df("SELECT amount_id FROM fa")["amount_id"].tolist() == ["e2m1"]
    assert store.query("SELECT count(*) AS n FROM ev")["n"][0] == 6  # the SQL-injection search left ev intact


def test_empty_and_missing_tables_load_as_empty(tmp_path):
    empty = open_store(write_small_tables(tmp_path / "empty", events=[]))
    assert event_ids(empty, FilterState()) == []
    assert empty.options["countries"] == []
    nothing = open_store(tmp_path / "no_tables_here")
    assert event_ids(nothing, FilterState()) == []


def test_the_store_reads_the_current_build_of_a_built_folder(tmp_path):
    from transforms import io

    tables = {name: pq.read_table(path) for name, path in
              ((p.stem, p) for p in write_small_tables(tmp_path / "src").glob("*.parquet"))}
    io.write_tables(tmp_path / "built", tables, inputs=["/somewhere"])
    store = open_store(tmp_path / "built")
    assert store.folder == io.tables_dir(tmp_path / "built")
    assert store.manifest["inputs"] == ["/somewhere"]
    assert len(event_ids(store, FilterState(include_domestic=True))) == 6


def test_article_text_is_read_on_demand(store):
    text = store.query("SELECT text FROM article_text WHERE article_id = ?", ["a5"])["text"][0]
    assert text == ARTICLE_TEXTS["a5"]


# --- the index saved next to the tables -----------------------------------------------------------------------


def _saved_store(folder: Path):
    store = open_store(folder, persist=True)
    store.saving.join()
    return store


def test_the_index_is_saved_once_and_read_back_by_the_next_start(tmp_path):
    folder = write_small_tables(tmp_path / "tables")
    first = _saved_store(folder)
    assert (folder / INDEX_FILE).is_file()
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []  # the temporary file was renamed
    second = open_store(folder)
    assert second.saving is None  # read from the file: nothing built, nothing written
    assert second.options == first.options
    assert event_ids(second, FilterState(countries=("KE", "ET"))) == ["e2", "e6"]
    with second.scope(FilterState(countries=("KE",))) as scope:
        assert sorted(scope.df("SELECT partner_id FROM fp")["partner_id"]) == ["e2p1", "e2p2", "e2p3"]
    assert second.query("SELECT text FROM article_text WHERE article_id = 'a5'")["text"][0] == ARTICLE_TEXTS["a5"]


def test_a_saved_index_of_other_tables_is_not_used(tmp_path):
    folder = write_small_tables(tmp_path / "tables")
    _saved_store(folder)
    write_small_tables(folder, events=EVENTS[:2])  # the tables change under the saved index (a plain folder)
    store = open_store(folder)
    assert event_ids(store, FilterState(include_domestic=True)) == ["e1", "e2"]


def test_an_unreadable_index_falls_back_to_memory(tmp_path):
    folder = write_small_tables(tmp_path / "tables")
    (folder / INDEX_FILE).write_bytes(b"not a database")
    store = open_store(folder)
    assert event_ids(store, FilterState(regions=("Europe",))) == ["e3", "e5"]


def test_an_index_that_cannot_be_written_is_skipped_quietly(tmp_path):
    store = open_store(write_small_tables(tmp_path / "tables"))
    assert save_index(store.con, tmp_path / "missing_folder") is None
    blocked = tmp_path / "blocked"
    (blocked / INDEX_FILE).mkdir(parents=True)  # the rename onto a folder fails, even for root
    assert save_index(store.con, blocked) is None
    assert [p.name for p in blocked.iterdir()] == [INDEX_FILE]  # no temporary file left behind
    if os.geteuid() != 0:  # a read-only folder (root writes anyway)
        read_only = write_small_tables(tmp_path / "read_only")
        read_only.chmod(0o555)
        try:
            assert open_store(read_only, persist=True).saving.join() is None
            assert not (read_only / INDEX_FILE).exists()
        finally:
            read_only.chmod(0o755)


def test_the_index_key_follows_the_table_files(tmp_path):
    folder = write_small_tables(tmp_path / "tables")
    before = index_key(folder)
    assert before == index_key(folder)
    write_small_tables(folder, events=EVENTS[:1])
    assert index_key(folder) != before


def test_prepare_writes_the_index_the_next_start_reads(tmp_path):
    folder = write_small_tables(tmp_path / "tables")
    assert prepare(folder) == folder / INDEX_FILE
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(".parquet")) == [INDEX_FILE]
    saved = open_store(folder)
    assert saved.saving is None  # read from the file prepare wrote
    in_memory = open_store(write_small_tables(tmp_path / "fresh"), persist=False)
    assert saved.options == in_memory.options
    for state in (FilterState(), FilterState(countries=("KE", "ET")), FilterState(search="gazprom"),
                  FilterState(sectors=("transport_logistics",), include_domestic=True)):
        assert event_ids(saved, state) == event_ids(in_memory, state)
    assert saved.query("SELECT text FROM article_text WHERE article_id = 'a2'")["text"][0] == ARTICLE_TEXTS["a2"]
    assert prepare(folder) == folder / INDEX_FILE  # already there for these tables: kept as it is


def test_prepare_that_cannot_rename_its_file_leaves_nothing_behind(tmp_path):
    folder = write_small_tables(tmp_path / "tables")
    (folder / INDEX_FILE).mkdir()  # the rename onto a folder fails, even for root
    assert prepare(folder) is None
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(".parquet")) == [INDEX_FILE]
    assert prepare(tmp_path / "missing_folder") is None


def test_tables_are_conformed_to_the_schema_as_they_are_read(tmp_path):
    folder = write_small_tables(tmp_path / "tables")
    events = pq.read_table(folder / "events.parquet")
    events = events.drop_columns(["confidence"]).append_column("note", pa.array(["x"] * events.num_rows))
    events = events.set_column(events.schema.get_field_index("amount_cny"), "amount_cny",
                               events["amount_cny"].cast(pa.float32()))  # a narrower type than the schema's
    pq.write_table(events, folder / "events.parquet")
    (folder / "sectors.parquet").unlink()
    store = open_store(folder)
    row = store.query("SELECT confidence, note, amount_cny, sectors FROM ev WHERE event_id = 'e2'").iloc[0]
    assert pd.isna(row["confidence"])  # a missing column is nulls
    assert row["note"] == "x"  # an extra column is kept
    assert row["amount_cny"] == 2.1e9
    assert list(row["sectors"]) == []  # a missing table is empty
    types = dict(store.query("SELECT column_name, column_type FROM (DESCRIBE ev)").values)
    assert types["amount_cny"] == "DOUBLE" and types["confidence"] == "FLOAT"
