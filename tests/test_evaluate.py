"""`sinoties evaluate`: matching rules and scores on tables we write by hand."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from transforms import cli, evaluate, io, schema


def _tables(tmp_path):
    """Two articles: a1 reports one MoU (kept), a2 is a duplicate of a1, a3 is off topic."""
    articles = [
        {"article_id": "a1", "source_id": "one.txt", "source": "x/one.txt", "status": "ok", "n_chars": 10, "text": "t"},
        {"article_id": "a2", "source_id": "two.txt", "source": "x/two.txt", "status": "duplicate",
         "duplicate_of": "a1", "reason": "near-duplicate", "n_chars": 10, "text": "t"},
        {"article_id": "a3", "source_id": "three.txt", "source": "x/three.txt", "status": "off_topic",
         "reason": "no economic event found", "n_chars": 10, "text": "t"},
    ]
    events = [{"event_id": "e1", "article_id": "a1", "date": dt.date(2024, 3, 6), "date_precision": "day",
               "event_type": "mou", "evidence": "s", "domestic": False, "amount_cny": 7.0e9, "confidence": 0.9}]
    partners = [
        {"event_id": "e1", "partner_id": "p1", "name": "Москва", "canonical_name": "Moscow", "kind": "local_government",
         "country": "RU", "side": "foreign", "evidence": "s"},
        {"event_id": "e1", "partner_id": "p2", "name": "深圳", "canonical_name": "Shenzhen Municipal Government",
         "kind": "local_government", "country": "CN", "side": "chinese", "evidence": "s"},
    ]
    amounts = [
        {"event_id": "e1", "amount_id": "m1", "value": 1.0e9, "currency": "USD", "qualifier": "exact",
         "kind": "investment", "evidence": "s", "counted": True},
        {"event_id": "e1", "amount_id": "m2", "value": 2.0e8, "currency": "USD", "qualifier": "exact",
         "kind": "investment", "evidence": "s", "counted": False},
    ]
    tables = {
        "articles": schema.to_table("articles", articles),
        "events": schema.to_table("events", events),
        "event_sources": schema.to_table("event_sources", [{"event_id": "e1", "article_id": "a1"},
                                                           {"event_id": "e1", "article_id": "a2"}]),
        "partners": schema.to_table("partners", partners),
        "sectors": schema.to_table("sectors", [{"event_id": "e1", "sector": "urban_development", "evidence": "s"}]),
        "amounts": schema.to_table("amounts", amounts),
    }
    out = tmp_path / "tables"
    io.write_tables(out, tables)
    return out


GOLD_ONE = {"on_topic": True, "event_types": ["mou", "visit"], "dates": ["2024-03-06"], "countries": ["RU", "CN"],
            "partners": ["Moscow", "Shenzhen"],
            "amounts": [{"value": 1.005e9, "currency": "USD"}, {"value": 2.0e8, "currency": "USD"}],
            "sectors": ["urban_development", "trade"]}


def test_scores_follow_the_matching_rules(tmp_path):
    out = _tables(tmp_path)
    gold = [{"id": "one.txt", "gold": GOLD_ONE},
            {"id": "two.txt", "gold": {"on_topic": True, "dates": ["2024-03"]}},
            {"id": "three.txt", "gold": {"on_topic": False}},
            {"id": "nowhere.txt", "gold": {"on_topic": True}}]
    report = evaluate.score(gold, evaluate.predictions(out))
    f = report.fields
    assert (f["event_types"].tp, f["event_types"].fp, f["event_types"].fn) == (1, 0, 1)
    # day-precision prediction matches a day gold and a month gold ("2024-03") of the duplicate
    assert (f["dates"].tp, f["dates"].fp, f["dates"].fn) == (2, 0, 0)
    assert (f["countries"].tp, f["countries"].fn) == (2, 0)
    # "Shenzhen" fuzzily matches "Shenzhen Municipal Government"
    assert (f["partners"].tp, f["partners"].fp, f["partners"].fn) == (2, 0, 0)
    # within 1% and same currency; a part of a total (not counted in the event's yuan) is a figure the text states
    assert (f["amounts"].tp, f["amounts"].fp, f["amounts"].fn) == (2, 0, 0)
    assert (f["sectors"].tp, f["sectors"].fp, f["sectors"].fn) == (1, 0, 1)
    assert f["sectors"].precision == 1.0 and f["sectors"].recall == 0.5
    assert f["sectors"].f1 == pytest.approx(2 / 3)
    # one.txt, two.txt (a duplicate of an ok article) and three.txt right; nowhere.txt has no row
    assert (report.on_topic_correct, report.on_topic_total) == (3, 4)
    assert report.missing == ["nowhere.txt"]


def test_a_coarser_prediction_does_not_match_a_finer_gold_date():
    assert evaluate._date_matches("2024-03", (dt.date(2024, 3, 1), "month"))
    assert not evaluate._date_matches("2024-03-06", (dt.date(2024, 3, 1), "month"))
    assert evaluate._date_matches("2024", (dt.date(2024, 3, 6), "day"))
    assert not evaluate._date_matches("2023", (dt.date(2024, 3, 6), "day"))


def test_amounts_need_the_same_currency_and_one_percent():
    assert evaluate._amount_matches({"value": 100, "currency": "CNY"}, (100.9, "CNY"))
    assert not evaluate._amount_matches({"value": 100, "currency": "CNY"}, (101.1, "CNY"))
    assert not evaluate._amount_matches({"value": 100, "currency": "CNY"}, (100.0, "USD"))


def test_a_key_left_out_is_not_scored(tmp_path):
    out = _tables(tmp_path)
    report = evaluate.score([{"id": "one.txt", "gold": {"countries": ["RU"]}}], evaluate.predictions(out))
    assert report.fields["sectors"].articles == 0
    assert report.fields["sectors"].f1 is None
    assert (report.fields["countries"].tp, report.fields["countries"].fp) == (1, 1)


def test_cli_prints_a_table_and_json(tmp_path, capsys):
    out = _tables(tmp_path)
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "one.txt", "text": "t", "gold": GOLD_ONE}) + "\n", encoding="utf-8")
    assert cli.main(["evaluate", "--gold", str(gold), "--tables", str(out)]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0].split() == ["field", "precision", "recall", "F1", "tp", "fp", "fn", "articles"]
    assert "on_topic" in text
    assert cli.main(["evaluate", "--gold", str(gold), "--tables", str(out), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["fields"]["amounts"]["f1"] == 1.0
    assert scores["on_topic_accuracy"] == 1.0
    errors = tmp_path / "errors.jsonl"
    assert cli.main(["evaluate", "--gold", str(gold), "--tables", str(out), "--errors", str(errors)]) == 0
    misses = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert {"id": "one.txt", "field": "event_types", "missed": ["visit"], "extra": []} in misses


def test_evaluate_builds_from_the_gold_texts_when_no_tables_are_given(tmp_path):
    gold = tmp_path / "gold.jsonl"
    lines = [{"id": "g1", "text": "A storm brought heavy rain to the coast on Monday.", "published": "2024-05-02",
              "gold": {"on_topic": False}}]
    gold.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    report = evaluate.run(gold)
    assert report.n_gold == 1 and report.missing == []
    assert report.on_topic_total == 1


def test_a_malformed_gold_file_is_a_usage_error(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "x"}\n', encoding="utf-8")
    assert cli.main(["evaluate", "--gold", str(gold)]) == 2
    assert "gold" in capsys.readouterr().err
