"""Scale (issue 7): streaming batches, the record cache, the engines (processes, Dask), linear event merging.

Every engine and every batch size must give the same tables as one process reading everything at once, and a
re-run must give the same tables as a fresh build while reading only what changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pyarrow as pa
import pyarrow.compute  # noqa: F401 - pa.compute
import pyarrow.parquet as pq
import pytest

from transforms import assemble, cli, dedup, engines, incremental, io, parquet_footer, pipeline
from transforms.model import Article, ArticleFacts, EventMention, PartnerMention, facts_to_json

TABLES = ("articles", "events", "event_sources", "partners", "sectors", "amounts")
FIRMS = ["China Harbour Engineering", "PowerChina", "China Railway Group", "Sinohydro", "China Road and Bridge"]
PLACES = [("Kenya", "Mombasa"), ("Nigeria", "Lagos"), ("Pakistan", "Karachi"), ("Peru", "Chancay"),
          ("Serbia", "Belgrade"), ("Egypt", "Alexandria"), ("Chile", "Antofagasta")]
WORKS = ["container berth", "rail link", "hydropower station", "toll road", "water treatment plant"]
LEADS = [
    "{firm} signed a contract with the government of {country} in {city} on {day} to build a {work} worth {m} "
    "million US dollars.",
    "On {day}, {country} and {firm} signed an agreement in {city} for a {work} costing {m} million dollars.",
    "{firm} and the {country} transport ministry signed a {m} million US dollar contract for a new {work} near "
    "{city} on {day}.",
]
MIDDLES = [
    "Construction of phase {n} should start within months and employ about {jobs} local workers.",
    "Engineers expect the first section to open in {year}, with {jobs} people on site at the peak.",
    "The finance comes partly from Chinese lenders, and the rest from the national budget of {year}.",
    "Local traders hope transport costs fall by {pct} percent once the work is finished.",
]
ENDS = [
    "Critics in parliament asked to see the full terms before the next budget debate.",
    "A similar project elsewhere in the region was delayed for {pct} months by land disputes.",
    "The ambassador called it proof of a friendship that has lasted {year_gap} years.",
    "Environmental groups said they would study the plans carefully.",
    "Shares in local cement makers rose after the news.",
]


def deal(n: int) -> str:
    """A distinct on-topic report per n: a Chinese firm, a foreign country, a figure and a day."""
    country, city = PLACES[n % 7]
    day = dt.date(2021, 1, 1) + dt.timedelta(days=11 * n)
    slots = {"firm": FIRMS[n % 5], "country": country, "city": city, "work": WORKS[n % 4], "m": 100 + 7 * n,
             "day": f"{day:%d %B %Y}", "n": n, "jobs": 300 + 13 * n, "year": 2024 + n % 5, "pct": 5 + n % 17,
             "year_gap": 40 + n}
    frames = [LEADS[n % 3], MIDDLES[n % 4], MIDDLES[(n // 4) % 4 - 1], ENDS[n % 5]]
    return " ".join(dict.fromkeys(frames)).format(**slots)


def weather(n: int) -> str:
    return [f"Heavy rain is expected across the northern valleys for the {n}th day running, and the river at the "
            "old mill has risen since Monday. Schools will stay open.",
            "The village choir sang at the harvest festival on Sunday, and the bakery sold out of plum cake by "
            "noon. Next year's festival will move to the meadow by the lake."][n % 2]


def make_pile(root, n: int = 24) -> None:
    """Plain files, a JSONL file and a CSV file, with exact copies and off-topic reports among them."""
    (root / "txt").mkdir(parents=True, exist_ok=True)
    for i in range(n // 2):
        (root / "txt" / f"deal{i:03}.txt").write_text(deal(i), encoding="utf-8")
    (root / "txt" / "weather.txt").write_text(weather(1), encoding="utf-8")
    (root / "txt" / "copy.txt").write_text(deal(3), encoding="utf-8")  # syndicated: an exact copy
    lines = [json.dumps({"id": f"w{i}", "text": deal(i), "published": f"2022-03-{i % 28 + 1:02}"})
             for i in range(n // 2, n)] + [json.dumps({"id": "wx", "text": weather(2)})]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = ["id,title,text"] + [f'c{i},Report {i},"{deal(i + 100)}"' for i in range(4)]
    (root / "export.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def tables(out) -> dict:
    return {name: pq.read_table(io.tables_dir(out) / f"{name}.parquet") for name in TABLES}


def record_cache(out) -> dict:
    """The build's record cache, read as the build reads it (it may be in parts)."""
    columns = pipeline.RECORD_CACHE_SCHEMA.names
    return {name: values.to_pylist() for name, values in io.read_cache_columns(out, io.RECORD_CACHE, columns).items()}


def assert_same_tables(a, b, ignore: tuple[str, ...] = ()) -> None:
    ta, tb = tables(a), tables(b)
    for name in TABLES:
        left, right = ta[name], tb[name]
        for column in ignore:
            if column in left.column_names:
                left, right = left.drop_columns([column]), right.drop_columns([column])
        assert left.equals(right), name


@pytest.fixture
def pile(tmp_path):
    root = tmp_path / "pile"
    make_pile(root)
    return root


@pytest.fixture
def reference(pile, tmp_path):
    """The pile built in one process with batches larger than the pile."""
    out = tmp_path / "reference"
    summary = pipeline.build([pile], out, quiet=True)
    assert summary.status_counts["ok"] >= 20 and summary.status_counts["duplicate"] == 1
    assert summary.status_counts["off_topic"] == 2 and summary.n_events >= 20
    return out


def test_small_batches_give_the_same_tables_and_many_row_groups(pile, reference, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "BATCH", 3)
    monkeypatch.setattr(pipeline, "CHUNK", 2)
    monkeypatch.setattr(pipeline, "LOOKAHEAD", 4)
    monkeypatch.setattr(pipeline, "EVENT_ROWS", 5)
    pipeline.build([pile], tmp_path / "small", quiet=True, workers=2)
    assert_same_tables(reference, tmp_path / "small")
    articles = pq.ParquetFile(io.tables_dir(tmp_path / "small") / "articles.parquet")
    assert articles.metadata.num_row_groups >= 9  # written batch by batch, not as one frame


def test_a_rerun_reads_only_new_or_changed_files_and_gives_the_tables_of_a_fresh_build(pile, reference, tmp_path):
    out = tmp_path / "again"
    first = pipeline.build([pile], out, quiet=True)
    assert (first.n_files_read, first.n_files_cached) == (16, 0)

    unchanged = pipeline.build([pile], out, quiet=True)
    assert (unchanged.n_files_read, unchanged.n_files_cached, unchanged.n_extracted) == (0, 16, 0)
    assert_same_tables(reference, out)

    (pile / "txt" / "deal999.txt").write_text(deal(999), encoding="utf-8")
    with open(pile / "feed.jsonl", "a", encoding="utf-8") as feed:  # one more line in a file already read
        feed.write(json.dumps({"id": "w-new", "text": deal(998)}) + "\n")
    more = pipeline.build([pile], out, quiet=True)
    assert (more.n_files_read, more.n_files_cached) == (2, 15)  # the new file and the grown JSONL file
    assert more.n_extracted == 2  # the JSONL file's other records keep their extraction
    pipeline.build([pile], tmp_path / "fresh", quiet=True)
    assert_same_tables(tmp_path / "fresh", out)


def test_a_rerun_after_a_file_is_removed_drops_its_rows_and_keeps_the_rest(pile, tmp_path):
    out = tmp_path / "out"
    pipeline.build([pile], out, quiet=True)
    (pile / "txt" / "deal000.txt").unlink()
    (pile / "export.csv").unlink()
    again = pipeline.build([pile], out, quiet=True)
    assert (again.n_files_read, again.n_files_cached, again.n_extracted) == (0, 14, 0)
    pipeline.build([pile], tmp_path / "fresh", quiet=True)
    assert_same_tables(tmp_path / "fresh", out)


ISOLATED = ("Zijin Mining signed a contract with the government of Mongolia in Ulaanbaatar on 2 March 2019 to build "
            "a copper smelter worth 450 million US dollars. The plant will process ore from three nearby mines and "
            "should open within two years, the mining ministry said.")
MERGING = ("Egypt's transport minister and China Harbour Engineering signed a contract on 26 February 2021 for port "
           "works in Alexandria. The contract is valued at 135 million US dollars, officials told local television "
           "in the evening.")

LONE_FERRY = ("COSCO Shipping agreed with the port authority of Iceland in Reykjavik on 9 October 2016 to run a weekly "
              "ferry for freight, a lease worth 60 million US dollars over ten years. Fishing firms welcomed the news, "
              "saying cold-chain cargo would reach Asian buyers days sooner.")
QUIZ = ("The library quiz night raised money for new picture books, and the team from the fire station won the "
        "trophy for the third year, answering every question on rivers and old films.")


@pytest.mark.parametrize("additions, appended", [
    # mid-order in files, last by date (no date), with rows that are not ok: spliced in
    ({"txt/deal005b.txt": ISOLATED, "txt/empty.txt": "", "txt/quiz.txt": QUIZ}, True),
    # first by date (its events go first), and a copy of it in a later file (a copy of a new text is fine)
    ({"more.jsonl": json.dumps({"id": "m1", "text": ISOLATED, "published": "2020-06-01"}),
      "txt/zz-copy.txt": ISOLATED.upper()}, True),
    ({"txt/zz-new.txt": MERGING}, False),  # could merge with an old event: a normal re-run
    ({"txt/zz-copy.txt": deal(5)}, False),  # a copy of an old article: a normal re-run
    # the same template with another day and sum is another deal, not a copy (and too far in time to merge)
    ({"txt/zz-sibling.txt": deal(5).replace("25 February 2021", "14 March 2017").replace("135 million", "88 million")},
     True),
])
def test_added_files_are_spliced_in_only_when_they_change_nothing_old(pile, tmp_path, additions, appended):
    out = tmp_path / "out"
    pipeline.build([pile], out, quiet=True)
    for name, text in additions.items():
        (pile / name).write_text(text, encoding="utf-8")
    again = pipeline.build([pile], out, quiet=True)
    assert again.appended is appended
    assert again.n_files_read == len(additions)
    pipeline.build([pile], tmp_path / "fresh", quiet=True)
    assert_same_tables(tmp_path / "fresh", out)
    assert record_cache(out) == record_cache(tmp_path / "fresh")


def test_a_turned_down_splice_hands_its_listing_and_its_extraction_to_the_full_build(pile, tmp_path, monkeypatch):
    out = tmp_path / "out"
    pipeline.build([pile], out, quiet=True)
    (pile / "txt" / "zz-new.txt").write_text(MERGING, encoding="utf-8")  # could merge with an old event
    listings, extracted = [], []
    real_listing, real_extract = engines.input_files, pipeline.extract_texts
    monkeypatch.setattr(engines, "input_files", lambda *args: listings.append(args) or real_listing(*args))
    monkeypatch.setattr(pipeline, "extract_texts", lambda items: extracted.extend(items) or real_extract(items))
    again = pipeline.build([pile], out, quiet=True)
    assert not again.appended
    assert (len(listings), len(extracted)) == (1, 1)  # not once for the splice and once more for the build
    assert (again.n_files_read, again.n_files_cached, again.n_extracted) == (1, 16, 1)  # counted once
    pipeline.build([pile], tmp_path / "fresh", quiet=True)
    assert_same_tables(tmp_path / "fresh", out)
    assert record_cache(out) == record_cache(tmp_path / "fresh")


def test_the_facts_store_keeps_its_articles_in_order_as_ids_and_days():
    facts = ArticleFacts(on_topic=True, events=[EventMention("investment", "It invests.", date=dt.date(2021, 3, 2))])
    store = pipeline.FactsStore()
    try:
        for article_id, published in [("a_1", dt.date(2021, 3, 1)), ("a_2", None), ("a_3", dt.date(2021, 3, 1))]:
            store.add(Article(article_id, "src", "a long text", "ok", published=published), facts_to_json(facts))
        kept = list(store.articles())
        assert [(a.article_id, a.status, a.text, a.published) for a in kept] == [
            ("a_1", "ok", "", dt.date(2021, 3, 1)), ("a_2", "ok", "", None), ("a_3", "ok", "", dt.date(2021, 3, 1))]
        assert kept[0].published is kept[2].published  # one date object a day
        assert not hasattr(kept[0], "__dict__")  # merging holds one per on-topic article: slots, not an Article
        assert (list(store), store["a_2"]) == (["a_1", "a_2", "a_3"], facts)
        with pytest.raises(ValueError):  # an id twice would be two articles merging sees as one
            store.add(Article("a_1", "src", "", "ok"), facts_to_json(facts))
    finally:
        store.close()


def test_the_deduplicator_is_let_go_before_events_are_merged(pile, tmp_path, monkeypatch):
    builds, held = [], []
    real_init, real_merge = pipeline.Verdicts.__init__, assemble.merge_events

    def init(self):
        real_init(self)
        builds.append(self)

    def merge(*args, **kwargs):
        held.extend((v.deduper, len(v.used_ids), len(v.duplicates_of)) for v in builds)  # what is held while merging
        return real_merge(*args, **kwargs)

    monkeypatch.setattr(pipeline.Verdicts, "__init__", init)
    monkeypatch.setattr(assemble, "merge_events", merge)
    pipeline.build([pile], tmp_path / "out", quiet=True)
    assert held == [(None, 0, 1)]  # only the kept copy's duplicates, which the event sources list


def test_a_splice_copies_whole_old_row_groups_and_links_the_old_record_cache(pile, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "BATCH", 3)  # articles and record cache in row groups of 3 rows
    out = tmp_path / "out"
    pipeline.build([pile], out, quiet=True)
    old_folder = io.tables_dir(out)
    old = pq.ParquetFile(old_folder / "articles.parquet")
    text_column = old.schema_arrow.names.index("text")
    old_cache = (old_folder / "_records.parquet").stat().st_ino
    for name, text in [("txt/deal005b.txt", ISOLATED), ("txt/zz-late.txt", LONE_FERRY)]:  # mid-order, then last
        (pile / name).write_text(text, encoding="utf-8")
        again = pipeline.build([pile], out, quiet=True)
        assert again.appended
    new_folder = io.tables_dir(out)
    new = pq.ParquetFile(new_folder / "articles.parquet")
    # the old file's first row group, compressed bytes and all, is the new file's first one
    old_chunk = old.metadata.row_group(0).column(text_column)
    new_chunk = new.metadata.row_group(0).column(text_column)
    assert (old_chunk.total_compressed_size, old_chunk.statistics, old_chunk.data_page_offset) == (
        new_chunk.total_compressed_size, new_chunk.statistics, new_chunk.data_page_offset)
    # the record cache: the first build's file linked, not copied, and one small part per splice
    assert (new_folder / "_records.parquet").stat().st_ino == old_cache
    parts = sorted(p.name for p in new_folder.glob("_records.*.parquet"))
    assert len(parts) == 2 and [pq.ParquetFile(new_folder / p).metadata.num_rows for p in parts] == [1, 1]
    pipeline.build([pile], tmp_path / "fresh", quiet=True)
    assert_same_tables(tmp_path / "fresh", out)
    assert record_cache(out) == record_cache(tmp_path / "fresh")
    unchanged = pipeline.build([pile], out, quiet=True)  # a re-run reads the cache in parts in input order
    assert (unchanged.n_files_read, unchanged.n_extracted) == (0, 0)
    assert_same_tables(tmp_path / "fresh", out)


def test_a_record_cache_in_too_many_parts_is_written_as_one_file_again(pile, tmp_path, monkeypatch):
    monkeypatch.setattr(io, "MAX_CACHE_PARTS", 2)
    out = tmp_path / "out"
    pipeline.build([pile], out, quiet=True)
    for n, text in enumerate([ISOLATED, LONE_FERRY]):
        (pile / f"txt/zz-{n}.txt").write_text(text, encoding="utf-8")
        assert pipeline.build([pile], out, quiet=True).appended
    folder = io.tables_dir(out)
    assert not list(folder.glob("_records.*.parquet")) and not list(folder.glob("*.segments.json"))
    pipeline.build([pile], tmp_path / "fresh", quiet=True)
    assert record_cache(out) == record_cache(tmp_path / "fresh")


@pytest.mark.parametrize("pieces", [
    [10, ["n1"], 10],  # into the middle of the second row group
    [4, ["n1", "n2"], 16],  # at a row group's boundary
    [["n1"], 20, ["n2"]],  # first and last
    [20],  # nothing new
    [3, [], 1, 2, ["n1"], 14],  # empty pieces and runs of old rows in several pieces
])
def test_splicing_a_parquet_file_gives_the_rows_in_order_and_copies_the_untouched_row_groups(tmp_path, pieces):
    table_schema = pa.schema([("id", pa.string()), ("n", pa.int64()), ("day", pa.date32())])
    old_rows = pa.table({"id": [f"o{i}" for i in range(20)], "n": list(range(20)),
                         "day": [dt.date(2020, 1, 1 + i) for i in range(20)]}, schema=table_schema)
    pq.write_table(old_rows, tmp_path / "old.parquet", row_group_size=4, compression="zstd")
    writer = io.TableWriter(tmp_path / "new.parquet", table_schema, 4, splice=True)
    source = io.ParquetSource(tmp_path, "old.parquet")
    incremental._splice(source, pieces, writer, lambda ids: pa.table(
        {"id": ids, "n": [-1] * len(ids), "day": [None] * len(ids)}, schema=table_schema))
    writer.close()
    expected, row = [], 0
    for piece in pieces:
        if isinstance(piece, int):
            expected += old_rows.column("id").to_pylist()[row:row + piece]
            row += piece
        else:
            expected += piece
    new = pq.read_table(tmp_path / "new.parquet")
    assert new.column("id").to_pylist() == expected and writer.rows == len(expected)
    assert new.schema == table_schema
    with_days = new.filter(pa.compute.starts_with(new.column("id"), "o"))
    assert with_days.column("day").to_pylist() == [dt.date(2020, 1, 1 + int(i[1:])) for i in
                                                   with_days.column("id").to_pylist()]
    old_groups = [(g.column(0).statistics.min, g.column(0).statistics.max)
                  for g in (pq.ParquetFile(tmp_path / "old.parquet").metadata.row_group(i) for i in range(5))]
    meta = pq.ParquetFile(tmp_path / "new.parquet").metadata
    new_groups = [(meta.row_group(i).column(0).statistics.min, meta.row_group(i).column(0).statistics.max)
                  for i in range(meta.num_row_groups)]
    assert ("o16", "o19") in new_groups  # the last old group is never cut: copied whole
    assert len(set(old_groups) & set(new_groups)) >= 3


def test_old_rows_given_in_many_small_pieces_are_still_copied_a_row_group_at_a_time(tmp_path):
    table_schema = pa.schema([("id", pa.string())])
    pq.write_table(pa.table({"id": [f"o{i}" for i in range(8)]}, schema=table_schema), tmp_path / "old.parquet",
                   row_group_size=4)
    writer = io.TableWriter(tmp_path / "new.parquet", table_schema, 4, splice=True)
    copied = []
    real_copy = writer.copy
    writer.copy = lambda source, first, stop: (copied.append((first, stop)), real_copy(source, first, stop))
    incremental._splice(io.ParquetSource(tmp_path, "old.parquet"), [1] * 8 + [["n"]], writer,
                        lambda ids: pa.table({"id": ids}, schema=table_schema))
    writer.close()
    assert copied == [(0, 2)]  # eight one-row files of old rows: both row groups copied in one go
    assert pq.read_table(tmp_path / "new.parquet").column("id").to_pylist() == [f"o{i}" for i in range(8)] + ["n"]


def test_the_footer_codec_reads_and_writes_a_parquet_footer_byte_for_byte(tmp_path):
    table = pa.table({"id": ["a", "b", None], "x": [1.5, None, 2.0], "tags": [["p"], [], None]})
    pq.write_table(table, tmp_path / "t.parquet", row_group_size=2)
    data = (tmp_path / "t.parquet").read_bytes()
    footer = io._footer_bytes(data)
    for spec in (None, parquet_footer.FOOTER_SPEC):  # decoded whole, and decoded only where offsets are (the rest kept)
        encoded = bytearray()
        parquet_footer.write_struct(parquet_footer.ThriftReader(footer).struct(spec), encoded)
        assert bytes(encoded) == footer


def test_url_inputs_are_read_through_fsspec(pile, reference, tmp_path):
    fsspec = pytest.importorskip("fsspec", reason="fsspec comes with the dask extra")
    memory = fsspec.filesystem("memory")
    for path in sorted(pile.rglob("*")):
        if path.is_file():
            memory.pipe(f"/pile-{id(tmp_path)}/{path.relative_to(pile)}", path.read_bytes())
    out = tmp_path / "from-url"
    pipeline.build([f"memory://pile-{id(tmp_path)}"], out, quiet=True)
    assert_same_tables(reference, out, ignore=("source",))
    sources = set(tables(out)["articles"].column("source").to_pylist())
    assert f"memory:///pile-{id(tmp_path)}/feed.jsonl" in sources


def test_tables_can_be_written_to_and_rebuilt_from_an_fsspec_url(pile, reference, tmp_path):
    fsspec = pytest.importorskip("fsspec", reason="fsspec comes with the dask extra")
    url = f"memory://tables-{id(tmp_path)}"
    first = pipeline.build([pile], url, quiet=True)
    assert first.n_files_read == 16
    memory = fsspec.filesystem("memory")
    names = sorted(p.rsplit("/", 1)[-1] for p in memory.ls(url, detail=False))
    assert names == sorted(["_records.parquet", "_merge_keys.parquet", "manifest.json", *(f"{t}.parquet" for t in TABLES)])
    again = pipeline.build([pile], url, quiet=True)  # incremental through the URL's record cache
    assert (again.n_files_read, again.n_files_cached, again.n_extracted) == (0, 16, 0)
    for name in TABLES:
        assert io.read_table(url, name).equals(tables(reference)[name]), name
    assert io.read_manifest(url)["rows"]["articles"] == 31


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed", reason="the Dask engine is the optional extra sinoties[dask]")
    # one worker process, one thread: tasks still travel pickled to another process; each worker loads the
    # extractors' data (seconds), so one keeps the test quick
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster:
        yield cluster


def test_the_dask_engine_gives_the_same_tables_as_the_local_engine(pile, reference, tmp_path, dask_cluster):
    from distributed import Client

    with Client(dask_cluster) as client:
        summary = pipeline.build([pile], tmp_path / "dask", quiet=True, engine=engines.Dask(client))
    assert summary.n_files_read == 16
    assert_same_tables(reference, tmp_path / "dask")


def test_the_cli_builds_on_a_dask_scheduler(pile, reference, tmp_path, dask_cluster, capsys):
    out = tmp_path / "cli-dask"
    code = cli.main(["build", str(pile), "--out", str(out), "--engine", "dask", "--scheduler",
                     dask_cluster.scheduler_address, "--quiet"])
    assert code == cli.EXIT_OK, capsys.readouterr().err
    assert_same_tables(reference, out)


def test_the_cli_asks_for_a_scheduler_with_the_dask_engine_and_dask_for_urls(pile, tmp_path, capsys):
    assert cli.main(["build", str(pile), "--out", str(tmp_path / "o"), "--engine", "dask"]) == cli.EXIT_USAGE
    assert "--engine dask needs --scheduler ADDRESS" in capsys.readouterr().err
    assert cli.main(["build", "s3://bucket/articles", "--out", str(tmp_path / "o")]) == cli.EXIT_USAGE
    assert capsys.readouterr().err == "sinoties build: URLs need --engine dask: s3://bucket/articles\n"


# --- the pieces -----------------------------------------------------------------------------------------------


def _mention(partners: list[tuple[str, str]], day: dt.date) -> EventMention:
    return EventMention(event_type="contract", evidence="", date=day,
                        partners=[PartnerMention(name=n, canonical_name=n, kind="company", side=side)
                                  for n, side in partners])


def test_merging_compares_a_mention_only_with_events_of_its_partner_and_week(monkeypatch):
    """3,000 reports naming one Chinese firm with 30 countries over 8 years: each is compared with a handful of
    events, not with every earlier event of the firm (the old index made that 4.5 million comparisons)."""
    calls = {"n": 0}
    real = assemble._can_merge

    def counting(*args):
        calls["n"] += 1
        return real(*args)

    monkeypatch.setattr(assemble, "_can_merge", counting)
    articles, facts = [], {}
    for i in range(3000):
        article_id = f"a{i}"
        day = dt.date(2016, 1, 1) + dt.timedelta(days=i)
        articles.append(Article(article_id, "", "", "ok", published=day))
        facts[article_id] = ArticleFacts(True, [_mention([("PowerChina", "chinese"), (f"Country{i % 30}", "foreign")],
                                                          day)])
    # the same story again three days later, from another outlet: it merges
    articles.append(Article("late", "", "", "ok", published=dt.date(2016, 1, 4)))
    facts["late"] = ArticleFacts(True, [_mention([("PowerChina", "chinese"), ("Country0", "foreign")],
                                                 dt.date(2016, 1, 4))])
    merged = assemble.merge_events(articles, facts)
    assert len(merged) == 3000
    assert merged[0].sources == ["a0", "late"]
    assert calls["n"] <= 3001


def test_the_band_index_finds_the_same_copies_in_runs_as_in_its_recent_dict(monkeypatch):
    texts = [deal(i) for i in range(60)] + [deal(7).replace("local", "regional"), deal(41) + " More to come."]
    verdicts = {}
    for recent in (1000, 4):
        monkeypatch.setattr(dedup._BandIndex, "RECENT", recent)
        deduper = dedup.Deduper()
        verdicts[recent] = [deduper.check(Article(f"a{i}", "", "", "ok", text=t)) for i, t in enumerate(texts)]
        assert (len(deduper._bands._runs) >= 2) == (recent == 4)  # small RECENT: sorted runs, merged
    assert verdicts[4] == verdicts[1000]
    assert [v.kept_id for v in verdicts[4][-2:]] == ["a7", "a41"]  # the two rewritten copies


def test_an_article_row_is_its_fields_and_its_length():
    article = Article("a_1", "x.txt", "/in/x.txt", "ok", text="Zwölf Häfen", published=dt.date(2024, 5, 1))
    assert article.row() == {**dataclasses.asdict(article), "n_chars": 11}
