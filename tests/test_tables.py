"""Data tests per table, on the tables built from the embedded sample corpus (jaffle-shop style).

Unique ids, not-null keys and accepted values come from the schema module (schema.validate); on top of that, every
fact must be traceable: each event, partner, sector and amount points at an existing event, and its evidence sentence
stands in the title or text of an article that reports the event.
"""

from __future__ import annotations

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from transforms import io, paths, pipeline, schema


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample_tables")
    pipeline.build([paths.SAMPLE_ARTICLES_DIR], out, quiet=True)
    folder = io.tables_dir(out)
    return {name: pq.read_table(folder / f"{name}.parquet") for name in schema.TABLES}


@pytest.mark.parametrize("name", sorted(schema.TABLES))
def test_table_keeps_the_contract(tables, name):
    assert tables[name].schema.equals(schema.TABLES[name])
    assert schema.validate(name, tables[name]) == []


def test_the_sample_gives_every_table_rows(tables):
    for name, table in tables.items():
        assert table.num_rows > 0, name


def test_every_non_ok_article_says_why(tables):
    articles = tables["articles"].to_pylist()
    assert all(a["reason"] for a in articles if a["status"] != "ok")
    duplicates = [a for a in articles if a["status"] == "duplicate"]
    ids = {a["article_id"] for a in articles}
    assert all(a["duplicate_of"] in ids for a in duplicates)


def test_every_fact_belongs_to_an_event(tables):
    events = set(tables["events"].column("event_id").to_pylist())
    for name in ("partners", "sectors", "amounts", "event_sources"):
        assert set(tables[name].column("event_id").to_pylist()) <= events, name


def test_every_event_has_a_source_article_that_is_ok_or_a_duplicate(tables):
    status = dict(zip(tables["articles"].column("article_id").to_pylist(),
                      tables["articles"].column("status").to_pylist()))
    sources = tables["event_sources"].to_pylist()
    by_event: dict[str, set[str]] = {}
    for row in sources:
        by_event.setdefault(row["event_id"], set()).add(row["article_id"])
    for event in tables["events"].to_pylist():
        assert event["article_id"] in by_event[event["event_id"]]
        assert {status[a] for a in by_event[event["event_id"]]} <= {"ok", "duplicate"}


def test_every_evidence_sentence_stands_in_a_source_article_or_its_title(tables):
    # the title is part of the article (a partner may be named only there)
    text = {a["article_id"]: f"{a['title'] or ''}\n{a['text'] or ''}" for a in tables["articles"].to_pylist()}
    sources: dict[str, list[str]] = {}
    for row in tables["event_sources"].to_pylist():
        sources.setdefault(row["event_id"], []).append(row["article_id"])
    for name in ("events", "partners", "sectors", "amounts"):
        for row in tables[name].to_pylist():
            assert row["evidence"], (name, row)
            assert any(row["evidence"] in (text[a] or "") for a in sources[row["event_id"]]), (name, row["evidence"])


def test_amounts_in_yuan_are_consistent(tables):
    amounts = tables["amounts"]
    converted = amounts.filter(pc.is_valid(amounts.column("amount_cny")))
    for row in converted.to_pylist():
        assert row["amount_cny"] == pytest.approx(row["value"] * row["fx_rate"], rel=1e-9)
        assert row["fx_source"] and row["fx_date"] is not None
    for row in amounts.filter(pc.is_null(amounts.column("amount_cny"))).to_pylist():
        assert row["note"], row  # unknown stays unknown, and says why


def test_an_events_yuan_is_the_sum_of_its_counted_amounts(tables):
    counted: dict[str, float] = {}
    for row in tables["amounts"].to_pylist():
        if row["counted"] and row["amount_cny"] is not None:
            counted[row["event_id"]] = counted.get(row["event_id"], 0.0) + row["amount_cny"]
    for event in tables["events"].to_pylist():
        if event["event_id"] in counted:
            assert event["amount_cny"] == pytest.approx(counted[event["event_id"]])
        else:
            assert event["amount_cny"] is None


def test_sides_follow_countries(tables):
    for row in tables["partners"].to_pylist():
        if row["country"] is None:
            assert row["side"] is None
        else:
            assert row["side"] == ("chinese" if row["country"] in schema.CHINESE_SIDE_COUNTRIES else "foreign")


def test_coordinates_are_real_or_unknown(tables):
    for name in ("events", "partners"):
        for row in tables[name].to_pylist():
            assert (row["lat"] is None) == (row["lon"] is None)
            if row["lat"] is not None:
                assert -90 <= row["lat"] <= 90 and -180 <= row["lon"] <= 180
                assert (row["lat"], row["lon"]) != (0.0, 0.0)


def test_domestic_means_every_partner_is_chinese(tables):
    sides: dict[str, set] = {}
    for row in tables["partners"].to_pylist():
        sides.setdefault(row["event_id"], set()).add(row["side"])
    for event in tables["events"].to_pylist():
        assert event["domestic"] == (sides.get(event["event_id"], set()) == {"chinese"})


def test_dates_are_plausible(tables):
    for event in tables["events"].to_pylist():
        if event["date"] is not None:
            assert 1900 <= event["date"].year <= 2100
            assert event["date_precision"] in schema.DATE_PRECISIONS
