"""The build as a whole: incremental re-runs, atomic writes, nothing lost."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from transforms import io, pipeline

STORIES = [
    "Storm closes ports along the coast. Heavy rain fell for a third day and ferries stayed in harbour.",
    "The city marathon drew twelve thousand runners despite the heat, and a local teacher won the women's race.",
    "A new exhibition of Song dynasty ceramics opens at the provincial museum with pieces lent from abroad.",
    "Farmers in the north began the wheat harvest a week early after an unusually warm and dry spring.",
]


def story(n: int) -> str:
    """A distinct short article per n (the deduplicator must not take one for another)."""
    return f"{STORIES[n % len(STORIES)]} Report number {n} of the series, filed from desk {n * 7919 % 1000}."


def _articles(out):
    return pq.read_table(io.tables_dir(out) / "articles.parquet").to_pylist()


def test_every_record_becomes_a_row(write, tmp_path):
    write("a.txt", story(0))
    write("b.txt", "   \n")
    write("sub/c.txt", story(1))
    summary = pipeline.build([write.root], tmp_path / "out", quiet=True)
    rows = _articles(tmp_path / "out")
    assert sorted(r["source_id"] for r in rows) == ["a.txt", "b.txt", "sub/c.txt"]
    assert all(r["status"] == "ok" or r["reason"] for r in rows)
    assert summary.n_records == 3


def test_rerun_is_incremental(write, tmp_path):
    write("a.txt", story(0))
    write("b.txt", story(1))
    out = tmp_path / "out"
    first = pipeline.build([write.root], out, quiet=True)
    assert (first.n_extracted, first.n_cached) == (2, 0)
    again = pipeline.build([write.root], out, quiet=True)
    assert (again.n_extracted, again.n_cached) == (0, 2)
    write("c.txt", story(2))
    more = pipeline.build([write.root], out, quiet=True)
    assert (more.n_extracted, more.n_cached) == (1, 2)
    assert len(_articles(out)) == 3


def test_a_failed_write_leaves_the_previous_tables_whole(write, tmp_path, monkeypatch):
    write("a.txt", story(0))
    out = tmp_path / "out"
    pipeline.build([write.root], out, quiet=True)
    before = _articles(out)
    write("b.txt", story(1))

    calls = {"n": 0}
    real_write = io.TableWriter.write

    def failing(self, table):
        calls["n"] += 1
        if calls["n"] == 3:  # die in the middle of writing the new build
            raise OSError(28, "No space left on device")
        return real_write(self, table)

    monkeypatch.setattr(io.TableWriter, "write", failing)
    with pytest.raises(OSError):
        pipeline.build([write.root], out, quiet=True)
    monkeypatch.undo()
    assert _articles(out) == before
    after = pipeline.build([write.root], out, quiet=True)  # the next build completes them
    assert after.n_records == 2
    assert len(list((out / io.BUILDS).glob(".staging-*"))) == 0


def test_old_builds_are_collected(write, tmp_path):
    write("a.txt", story(0))
    out = tmp_path / "out"
    for _ in range(4):
        pipeline.build([write.root], out, quiet=True)
    assert len([p for p in (out / io.BUILDS).iterdir()]) == io.KEEP_BUILDS
    assert (out / "events.parquet").resolve().parent == (out / "current").resolve()


def test_workers_give_the_same_tables_as_one_process(write, tmp_path):
    for n in range(pipeline.CHUNK * 2 + 5):
        write(f"doc{n:03}.txt", story(n))
    pipeline.build([write.root], tmp_path / "one", quiet=True)
    pipeline.build([write.root], tmp_path / "two", quiet=True, workers=2)
    for name in ("articles", "events", "partners", "amounts", "sectors", "event_sources"):
        a = pq.read_table(io.tables_dir(tmp_path / "one") / f"{name}.parquet")
        b = pq.read_table(io.tables_dir(tmp_path / "two") / f"{name}.parquet")
        assert a.equals(b), name


def test_facts_survive_the_compact_form_between_processes():
    import datetime as dt

    from transforms.model import (AmountMention, ArticleFacts, EventMention, PartnerMention, SectorMention,
                                  facts_from_json, facts_json_topic, facts_to_json)

    said = "Acme Rail signed a 2 billion dollar contract with Kenya Railways on 3 May 2024."
    facts = ArticleFacts(on_topic=True, events=[EventMention(
        event_type="contract", evidence=said, start=0, end=len(said), date=dt.date(2024, 5, 3),
        date_precision="day", country="KE", lat=-1.29, lon=36.82, confidence=0.8,
        partners=[PartnerMention("Acme Rail", "Acme Rail", "company", "CN", "chinese", evidence=said),
                  PartnerMention("Kenya Railways", "Kenya Railways", "state_enterprise", "KE", "foreign",
                                 evidence="another sentence")],
        amounts=[AmountMention(2e9, "USD", evidence=said, surface="2 billion dollar", amount_cny=1.44e10,
                               fx_rate=7.2, fx_date=dt.date(2024, 5, 3), fx_source="ecb")],
        sectors=[SectorMention("transport", said, "railway")])])
    text = facts_to_json(facts)
    assert facts_from_json(text) == facts
    assert text.count(said) == 1  # a sentence quoted by several mentions is written once
    assert facts_json_topic(text) == (True, None)
    off = facts_to_json(ArticleFacts(on_topic=False, reason="no economic event found"))
    assert facts_json_topic(off) == (False, "no economic event found")
    assert facts_from_json(off) == ArticleFacts(on_topic=False, reason="no economic event found")


def test_the_articles_table_is_made_from_columns_as_from_rows():
    import datetime as dt

    from transforms import schema
    from transforms.model import Article

    articles = [Article("a_1", "x.txt", "/in/x.txt", "ok", text="Zwölf Häfen", published=dt.date(2024, 5, 1),
                        language="de"),
                Article("a_2", "y.txt#3", "/in/y.txt", "duplicate", text="Zwölf Häfen!", duplicate_of="a_1",
                        reason="exact duplicate of a_1 (same text, similarity 1.00)")]
    table = pipeline.articles_table(articles)
    assert table.equals(schema.to_table("articles", [a.row() for a in articles]))
    assert table.column("n_chars").to_pylist() == [11, 12]
    assert pipeline.articles_table([]).num_rows == 0


def test_facts_json_writes_dates_as_iso_text_with_either_encoder_and_reads_back_from_bytes():
    import datetime as dt

    from transforms.model import AmountMention, ArticleFacts, EventMention, facts_from_json, facts_to_json

    def facts(value: float) -> ArticleFacts:
        return ArticleFacts(on_topic=True, events=[EventMention(
            event_type="loan", evidence="S.", date=dt.date(2019, 3, 2), date_precision="day", confidence=0.5,
            amounts=[AmountMention(value, "USD", evidence="S.", fx_date=dt.date(2019, 3, 1))])])

    text = facts_to_json(facts(5.0))  # orjson, when installed, writes the dates itself
    assert '"2019-03-02","day"' in text and '"2019-03-01"' in text and not text.endswith(',"json"]')
    nan_text = facts_to_json(facts(float("nan")))  # a NaN: only json writes it, its default hook the dates
    assert nan_text.endswith(',"json"]') and '"2019-03-02","day"' in nan_text and '"2019-03-01"' in nan_text
    assert facts_from_json(text.encode("utf-8")) == facts_from_json(text) == facts(5.0)
    back = facts_from_json(nan_text.encode("utf-8"))
    assert back.events[0].date == dt.date(2019, 3, 2) and back.events[0].amounts[0].value != back.events[0].amounts[0].value


def test_the_facts_store_keeps_the_first_articles_it_parsed_and_a_few_recent_ones(monkeypatch):
    from transforms.model import Article, ArticleFacts, facts_to_json

    parsed = []
    real = pipeline.facts_from_json
    monkeypatch.setattr(pipeline, "facts_from_json", lambda data: parsed.append(data) or real(data))
    monkeypatch.setattr(pipeline.FactsStore, "PINNED", 2)
    monkeypatch.setattr(pipeline.FactsStore, "RECENT", 1)
    store = pipeline.FactsStore()
    try:
        ids = ["a_1", "a_2", "a_3", "a_4"]
        for article_id in ids:
            store.add(Article(article_id, "src", "", "ok"), facts_to_json(ArticleFacts(False, reason=article_id)))
        first = [store[i] for i in ids]  # as merging reads them: each parsed once
        assert len(parsed) == 4
        again = [store[i] for i in ids]  # as the rows read them again: the first two were kept, a_4 was the recent
        assert len(parsed) == 6  # one, but a_3 (parsed again) took its place
        assert [f.reason for f in again] == ids
        assert again[0] is first[0] and again[1] is first[1] and again[2] is not first[2]
    finally:
        store.close()
