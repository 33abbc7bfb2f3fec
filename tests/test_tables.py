"""Data tests per table, on the tables built from the embedded sample corpus (jaffle-shop style).

Unique ids, not-null keys and accepted values come from the schema module (schema.validate); on top of that, every
fact must be traceable: each event, partner, sector and amount points at an existing event, and its evidence sentence
stands in the title or text of an article that reports the event.
"""

from __future__ import annotations

import datetime as dt
import gc
from array import array

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from transforms import assemble, io, model, paths, pipeline, schema
from transforms.model import AmountMention, Article, ArticleFacts, EventMention, PartnerMention, SectorMention


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


# --- merging and the event rows, on small facts we write ------------------------------------------------------------


D = dt.date


def _partner(name: str, side: str) -> PartnerMention:
    return PartnerMention(name=name, canonical_name=name, kind="company", country="CN" if side == "chinese" else "KE",
                          side=side, evidence=f"{name} signed.")


def _loan(day: dt.date, *partners: PartnerMention, usd: float | None = None, sector: str | None = None) -> EventMention:
    amounts = [AmountMention(usd, "USD", kind="loan", evidence="a loan", amount_cny=usd * 7, fx_rate=7.0,
                             fx_date=day, fx_source="test rate")] if usd else []
    sectors = [SectorMention(sector, evidence="a railway")] if sector else []
    return EventMention("finance", evidence="A loan was signed.", date=day, date_precision="day",
                        partners=list(partners), amounts=amounts, sectors=sectors)


def _sorted_rows(tables: dict) -> dict:
    return {name: sorted(table.to_pylist(), key=repr) for name, table in tables.items()}


def test_two_reports_of_one_loan_in_a_week_are_one_event_with_both_sources():
    articles = [Article("b", "", "", "ok", published=D(2024, 5, 6)), Article("a", "", "", "ok", published=D(2024, 5, 2))]
    facts = {
        "a": ArticleFacts(True, [_loan(D(2024, 5, 2), _partner("CDB", "chinese"), _partner("Kenya Railways", "foreign"),
                                       usd=1e9, sector="transport_logistics")]),
        "b": ArticleFacts(True, [_loan(D(2024, 5, 5), _partner("Kenya Railways", "foreign"), _partner("CRBC", "chinese"),
                                       usd=1.004e9, sector="energy")]),
    }
    merged = assemble.merge_events(articles, facts)
    assert [(e.article_id, e.position, e.sources) for e in merged] == [("a", 0, ["a", "b"])]
    tables = next(assemble.event_tables(merged, facts, {"a": ["a_copy"]}))
    assert tables["events"].column("event_id").to_pylist() == [assemble._hash_id("ev", "a", 0)]
    assert tables["events"].column("amount_cny").to_pylist() == [7e9]  # 1.004 billion is the same figure, rounded
    assert tables["event_sources"].column("article_id").to_pylist() == ["a", "a_copy", "b"]
    assert tables["partners"].column("name").to_pylist() == ["CDB", "Kenya Railways", "CRBC"]
    assert tables["sectors"].column("sector").to_pylist() == ["transport_logistics", "energy"]
    assert tables["amounts"].column("amount_id").to_pylist() == [assemble._hash_id("am", assemble._hash_id("ev", "a", 0),
                                                                                   "a", 0)]


def test_loans_with_other_countries_or_weeks_apart_or_in_one_article_stay_apart():
    kenya, uganda, cdb = _partner("Kenya", "foreign"), _partner("Uganda", "foreign"), _partner("CDB", "chinese")
    articles = [Article(i, "", "", "ok", published=D(2024, 5, 2)) for i in "abc"]
    facts = {"a": ArticleFacts(True, [_loan(D(2024, 5, 2), cdb, kenya), _loan(D(2024, 5, 2), cdb, kenya)]),
             "b": ArticleFacts(True, [_loan(D(2024, 5, 3), cdb, uganda)]),
             "c": ArticleFacts(True, [_loan(D(2024, 5, 20), cdb, kenya)])}
    keys = array("Q")
    merged = assemble.merge_events(articles, facts, keys)
    assert [(e.article_id, e.position, e.sources) for e in merged] == [("a", 0, ["a"]), ("a", 1, ["a"]),
                                                                          ("b", 0, ["b"]), ("c", 0, ["c"])]
    span = assemble.mention_span(D(2024, 5, 2))
    assert sorted(set(keys)) == sorted({assemble.merge_key("finance", name, s) for name, s in [
        ("cdb", span), ("kenya", span), ("uganda", assemble.mention_span(D(2024, 5, 3))),
        ("cdb", assemble.mention_span(D(2024, 5, 3))), ("cdb", assemble.mention_span(D(2024, 5, 20))),
        ("kenya", assemble.mention_span(D(2024, 5, 20)))]})


def test_a_date_told_to_the_year_or_month_merges_only_within_its_year_or_month():
    cdb, kenya = _partner("CDB", "chinese"), _partner("Kenya", "foreign")

    def told(day: dt.date, precision: str) -> EventMention:
        mention = _loan(day, cdb, kenya)
        mention.date_precision = precision
        return mention

    articles = [Article(i, "", "", "ok", published=D(2024, 5, 2)) for i in "abcdef"]
    facts = {"a": ArticleFacts(True, [told(D(2005, 12, 30), "day")]),
             "b": ArticleFacts(True, [told(D(2006, 1, 1), "year")]),    # "in 2006": 2 days on, another year
             "c": ArticleFacts(True, [told(D(2006, 1, 8), "day")]),     # within a week of "2006" only
             "d": ArticleFacts(True, [told(D(2007, 3, 30), "day")]),
             "e": ArticleFacts(True, [told(D(2007, 4, 1), "month")]),   # "in April 2007": 2 days on, another month
             "f": ArticleFacts(True, [told(D(2007, 4, 7), "day")])}  # within a week of "April 2007" only
    merged = assemble.merge_events(articles, facts)
    assert [(e.article_id, e.sources) for e in merged] == [("a", ["a"]), ("b", ["b", "c"]), ("d", ["d"]),
                                                           ("e", ["e", "f"])]


def test_the_event_tables_hold_the_rows_event_rows_gives():
    articles = [Article(i, "", "", "ok", published=D(2024, 5, n)) for n, i in enumerate("abc", start=1)]
    kenya, cdb = _partner("Kenya", "foreign"), _partner("CDB", "chinese")
    facts = {"a": ArticleFacts(True, [_loan(D(2024, 5, 1), cdb, kenya, usd=2e8, sector="energy")]),
             "b": ArticleFacts(True, [_loan(D(2024, 5, 2), cdb, kenya, usd=5e8)]),
             "c": ArticleFacts(True, [_loan(None, cdb)])}
    merged = assemble.merge_events(articles, facts)
    pieces = list(assemble.event_tables(merged, facts, events_per_piece=1))
    assert len(pieces) == 2  # one event a piece
    rows: dict[str, list] = {name: [] for name in assemble.EVENT_TABLES}
    for event in assemble.event_rows(merged, facts):
        for name, more in event.items():
            rows[name] += more
    together = {name: [r for piece in pieces for r in piece[name].to_pylist()] for name in assemble.EVENT_TABLES}
    assert together == rows
    assert [r["amount_cny"] for r in rows["events"]] == [7 * 7e8, None]  # both figures of the merged loan count


def test_no_events_still_give_one_piece_of_empty_tables():
    pieces = list(assemble.event_tables([], {}))
    assert [{name: t.num_rows for name, t in p.items()} for p in pieces] == [dict.fromkeys(assemble.EVENT_TABLES, 0)]


def test_the_cycle_collector_comes_back_as_it_was():
    assert gc.isenabled()
    with pytest.raises(KeyError):
        with assemble.cycle_collection_paused():
            assert not gc.isenabled()
            raise KeyError("a failure inside the block")
    assert gc.isenabled()
    gc.disable()
    try:
        with assemble.cycle_collection_paused():
            pass
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()


# --- the facts' compact JSON (model.facts_to_json), with and without orjson -------------------------------------------


def _facts_with(amount: AmountMention, evidence: str = "Le prêt a été signé à Nairobi.") -> ArticleFacts:
    partner = PartnerMention("Kenya", "Kenya", "country", "KE", "foreign", "borrower", evidence, 3, 8, 0.0236, 37.9062)
    return ArticleFacts(True, [EventMention("finance", evidence, 0, 30, "CDB – Kenya: loan", D(2024, 5, 2), "day",
                                            partners=[partner], amounts=[amount],
                                            sectors=[SectorMention("energy", evidence, "power", 10, 15)])])


@pytest.mark.parametrize("use_orjson", [True, False])
def test_facts_come_back_from_their_json_whatever_the_numbers_and_characters(monkeypatch, use_orjson):
    if use_orjson:
        pytest.importorskip("orjson")
    else:
        monkeypatch.setattr(model, "orjson", None)
    plain = AmountMention(1.25e9, "USD", evidence="1.25 billion dollars", amount_cny=8.9e9, fx_rate=7.12,
                          fx_date=D(2024, 5, 2), fx_source="ECB reference rates of 2024-05-02")
    for facts in (_facts_with(plain),
                  _facts_with(AmountMention(float("inf"), "USD", amount_cny=float("nan"))),  # json writes these
                  _facts_with(AmountMention(2.0, "USD", start=2**70)),  # beyond 64 bits
                  _facts_with(AmountMention(1.84e19, "USD", amount_cny=1.26e20)),  # large, but floats
                  _facts_with(plain, evidence="a lone \ud800 surrogate")):
        back = model.facts_from_json(model.facts_to_json(facts))
        assert repr(back) == repr(facts)  # (repr: NaN is not equal to itself)
    text = model.facts_to_json(_facts_with(AmountMention(float("inf"), "USD")))
    assert "Infinity" in text


def test_orjson_writes_the_facts_as_json_does():
    pytest.importorskip("orjson")
    plain = AmountMention(13.7e9, "CNY", "about", "investment", "13,7 mil milhões de yuan", "13.7 billion yuan", 5, 20,
                          amount_cny=13.7e9, fx_rate=1.0, fx_date=D(2024, 5, 2), fx_source="identity")
    facts = _facts_with(plain, evidence="中国国家开发银行与肯尼亚签署了贷款协议 «13,7»\n\t\"quoted\"")
    document = model._read(model.facts_to_json(facts))
    assert model._write(document, True) == model._ENCODE(document)
