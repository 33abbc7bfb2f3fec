"""Loading the tables once per build, and the filtered scope every page queries.

The folder is resolved with ``transforms.io.tables_dir`` exactly once per load, so a rebuild that switches
``current`` mid-session can never give a page half of one build and half of another: a new build is a new folder,
hence a new cache entry.

Inside the DuckDB database:
- ``events``, ``partners``, ``sectors``, ``amounts``, ``event_sources`` and ``articles`` (without its text) are
  in-memory tables read from the Parquet files (missing files or columns become empty tables / null columns);
  ``article_text`` is a view over the articles Parquet file, read only for the article being shown.
- ``ev`` is the event index: one row per event with an integer key ``k`` and everything the filters need as
  columns (lists of foreign countries, regions, Chinese places, partner kinds and sectors; the article's language;
  a lower-cased search text). ``partners``/``sectors``/``amounts`` carry ``k`` too, for cheap joins.
- ``countries`` holds names, regions and capital coordinates (``dashboard/static/countries.json``).

:meth:`Store.scope` opens a cursor (one per script run or download thread: DuckDB connections are not shared
across threads) with the views ``fe`` (filtered events), ``fp``, ``fs``, ``fa`` (their partners, sectors, amounts), ``fends``
(their map ends, see :func:`_build_map_ends`) and ``fpe`` (partner-event pairs, see :func:`_build_partner_events`).
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import streamlit as st

from transforms import io, paths, schema

from .filters import FilterState, to_sql

DATA_ENV = "SINOTIES_DATA"
STATIC_DIR = Path(__file__).resolve().parent / "static"
TABLE_NAMES = ("articles", "events", "event_sources", "partners", "sectors", "amounts")
CHINESE_SIDE = sorted(schema.CHINESE_SIDE_COUNTRIES)


def data_root() -> Path:
    """The folder given by ``sinoties serve --data`` (through the environment), else the sample tables."""
    value = os.environ.get(DATA_ENV)
    return Path(value) if value else paths.SAMPLE_TABLES_DIR


@lru_cache(maxsize=1)
def country_reference() -> dict[str, dict]:
    return json.loads((STATIC_DIR / "countries.json").read_text(encoding="utf-8"))["countries"]


def country_name(code: str | None) -> str:
    if not code:
        return "unknown"
    entry = country_reference().get(code)
    return entry["name"] if entry else code


def read_parquet(folder: Path, name: str, columns: list[str] | None = None) -> pa.Table:
    """Table ``name`` from ``folder`` conformed to the schema: a missing file is an empty table, a missing
    column is nulls, extra columns are kept (the contract allows additions)."""
    target = schema.TABLES[name]
    path = folder / f"{name}.parquet"
    if not path.exists():
        table = target.empty_table()
    else:
        available = pq.read_schema(path).names if path.is_file() else None
        wanted = columns if columns is None or available is None else [c for c in columns if c in available]
        table = pq.read_table(path, columns=wanted)
    for field in target:
        if (columns is None or field.name in columns) and field.name not in table.column_names:
            table = table.append_column(field.name, pa.nulls(table.num_rows, field.type))
    casts = [target.field(n).type if n in target.names else table.schema.field(n).type for n in table.column_names]
    return table.cast(pa.schema([pa.field(n, t) for n, t in zip(table.column_names, casts)]))


@dataclass
class Store:
    """One build's tables in one DuckDB database."""

    folder: Path  # the resolved build folder
    root: Path  # the folder the user pointed at (uploads go under it)
    manifest: dict
    con: duckdb.DuckDBPyConnection
    options: dict[str, list]  # filter choices found in the data
    _lock: threading.Lock

    def scope(self, state: FilterState) -> Scope:
        with self._lock:  # creating cursors is cheap but not thread-safe on one connection
            cursor = self.con.cursor()
        return Scope(cursor, state)

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """A query that does not depend on the filters."""
        with self._lock:
            cursor = self.con.cursor()
        try:
            return cursor.execute(sql, params or []).df()
        finally:
            cursor.close()


class Scope:
    """A cursor with the filtered views ``fe``, ``fp``, ``fs``, ``fa``; use as a context manager."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection, state: FilterState):
        self.cursor = cursor
        self.state = state
        where, params = to_sql(state)
        cursor.execute(f"CREATE OR REPLACE TEMP TABLE fk AS SELECT k FROM ev WHERE {where}", params)
        cursor.execute("CREATE OR REPLACE TEMP VIEW fe AS SELECT * FROM ev SEMI JOIN fk USING (k)")
        for view, table in (("fp", "partners"), ("fs", "sectors"), ("fa", "amounts"), ("fends", "ends"),
                            ("fpe", "partner_events")):
            cursor.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM {table} SEMI JOIN fk USING (k)")

    def df(self, sql: str, params: list | None = None) -> pd.DataFrame:
        return self.cursor.execute(sql, params or []).df()

    def one(self, sql: str, params: list | None = None) -> tuple:
        return self.cursor.execute(sql, params or []).fetchone()

    def close(self) -> None:
        self.cursor.close()

    def __enter__(self) -> Scope:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_store(root: Path, folder: Path | None = None) -> Store:
    """Load the build under ``root`` into a new in-memory DuckDB database.

    ``folder`` is the build folder already resolved by the caller (``io.tables_dir(root)`` when not given);
    everything is read from it, never from ``root`` again.
    """
    root = Path(root)
    folder = Path(folder) if folder is not None else io.tables_dir(root)
    manifest = _read_manifest(folder)
    con = duckdb.connect(":memory:")
    con.execute("SET preserve_insertion_order = false")
    article_columns = [f.name for f in schema.ARTICLES if f.name != "text"]
    arrow = {name: read_parquet(folder, name, article_columns if name == "articles" else None)
             for name in TABLE_NAMES}
    for name, table in arrow.items():
        con.register(f"raw_{name}", table)
    ref = country_reference()
    con.register("raw_countries", pa.table({
        "code": list(ref), "name": [v["name"] for v in ref.values()],
        "region": [v["region"] for v in ref.values()],
        "lat": [v["lat"] for v in ref.values()], "lon": [v["lon"] for v in ref.values()],
    }))
    con.execute("CREATE TABLE countries AS SELECT * FROM raw_countries")
    con.execute("CREATE TABLE articles AS SELECT * FROM raw_articles")
    con.execute("CREATE TABLE event_sources AS SELECT * FROM raw_event_sources")
    _build_event_index(con)
    for name in ("partners", "sectors", "amounts"):
        con.execute(f"CREATE TABLE {name} AS SELECT ev.k, t.* FROM raw_{name} t JOIN ev USING (event_id) ORDER BY k")
    _build_partner_events(con)
    _build_map_ends(con)
    for name in arrow:
        con.unregister(f"raw_{name}")
    con.unregister("raw_countries")
    text_path = folder / "articles.parquet"
    if text_path.exists() and "text" in pq.read_schema(text_path).names:
        con.execute(f"CREATE VIEW article_text AS SELECT article_id, text FROM read_parquet({_sql_string(text_path)})")
    else:
        con.execute("CREATE VIEW article_text AS SELECT article_id, CAST(NULL AS VARCHAR) AS text FROM articles")
    return Store(folder=folder, root=root, manifest=manifest, con=con, options=_options(con),
                 _lock=threading.Lock())


def _read_manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / io.MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _sql_string(path: Path) -> str:
    """A path as a SQL string literal (our own path, quoted so any character in it is safe)."""
    return "'" + str(path).replace("'", "''") + "'"


def _build_event_index(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE events AS SELECT * FROM raw_events")
    con.execute(
        """
        CREATE TEMP TABLE partner_facts AS
        SELECT event_id,
               list(DISTINCT country) FILTER (WHERE side = 'foreign' AND country IS NOT NULL) AS countries,
               list(DISTINCT canonical_name) FILTER (WHERE side = 'chinese' AND kind = 'local_government')
                   AS cn_places,
               list(DISTINCT kind) AS kinds,
               string_agg(name || ' ' || canonical_name, ' ') AS names,
               -- sorting a short list afterwards is far cheaper than an ordered aggregate
               array_to_string(list_sort(list_distinct(list(canonical_name))), ' · ') AS partner_names
        FROM raw_partners GROUP BY event_id
        """
    )
    con.execute(
        """
        CREATE TEMP TABLE sector_facts AS
        SELECT event_id, list(DISTINCT sector ORDER BY sector) AS sectors FROM raw_sectors GROUP BY event_id
        """
    )
    con.execute(
        """
        CREATE TEMP TABLE ev0 AS
        SELECT (row_number() OVER (ORDER BY e.date NULLS LAST, e.event_id) - 1)::INTEGER AS k,
               e.*,
               a.language, a.title AS article_title, a.source AS article_source, a.url AS article_url,
               list_distinct(coalesce(p.countries, []::VARCHAR[])
                   || CASE WHEN e.country IS NOT NULL AND NOT list_contains(?::VARCHAR[], e.country)
                           THEN [e.country] ELSE []::VARCHAR[] END) AS foreign_countries,
               list_distinct(coalesce(p.cn_places, []::VARCHAR[])
                   || CASE WHEN list_contains(?::VARCHAR[], e.country) AND e.place IS NOT NULL
                           THEN [e.place] ELSE []::VARCHAR[] END) AS cn_places,
               coalesce(p.kinds, []::VARCHAR[]) AS partner_kinds,
               coalesce(s.sectors, []::VARCHAR[]) AS sectors,
               coalesce(p.partner_names, '') AS partner_names,
               lower(concat_ws(' ', e.summary, e.evidence, p.names)) AS search_text
        FROM raw_events e
        LEFT JOIN partner_facts p USING (event_id)
        LEFT JOIN sector_facts s USING (event_id)
        LEFT JOIN raw_articles a USING (article_id)
        """,
        [CHINESE_SIDE, CHINESE_SIDE],
    )
    con.execute(
        """
        CREATE TABLE ev AS
        SELECT ev0.*, coalesce(r.regions, []::VARCHAR[]) AS regions
        FROM ev0 LEFT JOIN (
            SELECT k, list(DISTINCT c.region) AS regions
            FROM (SELECT k, unnest(foreign_countries) AS code FROM ev0) u JOIN countries c USING (code)
            GROUP BY k
        ) r USING (k)
        ORDER BY k
        """
    )
    for name in ("partner_facts", "sector_facts", "ev0"):
        con.execute(f"DROP TABLE {name}")


def _build_partner_events(con: duckdb.DuckDBPyConnection) -> None:
    """``partner_names`` (id, name, side, country) and ``partner_events`` (k, id, amount_cny): one row per
    partner and event, so rankings and the network group small integers instead of names."""
    con.execute(
        """
        CREATE TABLE partner_names AS
        SELECT (row_number() OVER (ORDER BY canonical_name) - 1)::INTEGER AS id, canonical_name AS name,
               mode(side) AS side, mode(country) AS country
        FROM partners GROUP BY canonical_name
        """
    )
    con.execute(
        """
        CREATE TABLE partner_events AS
        SELECT DISTINCT p.k, n.id, e.amount_cny
        FROM partners p JOIN partner_names n ON n.name = p.canonical_name JOIN ev e USING (k)
        ORDER BY p.k
        """
    )


def _build_map_ends(con: duckdb.DuckDBPyConnection) -> None:
    """``ends``: each event's two ends on the maps, worked out once per build.

    Foreign end: the event's place if abroad, else a foreign partner with coordinates, else the capital of the
    first foreign country. Chinese end: a Chinese partner with coordinates, else the event's place in China.
    """
    con.execute(
        """
        CREATE TABLE ends AS
        WITH foreign_partner AS (
            SELECT k, arg_min(lat, partner_id) AS lat, arg_min(lon, partner_id) AS lon
            FROM partners WHERE side = 'foreign' AND lat IS NOT NULL AND lon IS NOT NULL GROUP BY k),
        chinese_partner AS (
            SELECT k, arg_min(lat, partner_id) AS lat, arg_min(lon, partner_id) AS lon,
                   arg_min(canonical_name, partner_id) AS name
            FROM partners WHERE side = 'chinese' AND lat IS NOT NULL AND lon IS NOT NULL GROUP BY k),
        placed AS (
            SELECT e.k, e.event_type, e.amount_cny, e.domestic,
                   e.country IS NOT NULL AND list_contains($cn, e.country) AS in_china,
                   e.lat IS NOT NULL AND e.country IS NOT NULL AND NOT list_contains($cn, e.country) AS abroad,
                   e.lat, e.lon, e.place, f.lat AS f_lat, f.lon AS f_lon, c.lat AS c_lat, c.lon AS c_lon,
                   c.name AS c_name, cp.lat AS cp_lat, cp.lon AS cp_lon, cp.name AS cp_name
            FROM ev e
            LEFT JOIN foreign_partner f USING (k)
            LEFT JOIN chinese_partner cp USING (k)
            LEFT JOIN countries c ON c.code = e.foreign_countries[1])
        SELECT k, event_type, amount_cny, domestic,
               CASE WHEN abroad THEN lat ELSE coalesce(f_lat, c_lat) END AS lat1,
               CASE WHEN abroad THEN lon ELSE coalesce(f_lon, c_lon) END AS lon1,
               coalesce(CASE WHEN NOT in_china THEN place END, c_name) AS label1,
               coalesce(cp_lat, CASE WHEN in_china THEN lat END) AS lat0,
               coalesce(cp_lon, CASE WHEN in_china THEN lon END) AS lon0,
               coalesce(cp_name, CASE WHEN in_china THEN place END) AS label0
        FROM placed ORDER BY k
        """,
        {"cn": CHINESE_SIDE},
    )


def _options(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    """The values each filter can take in this build (its choices in the sidebar)."""

    def distinct(sql: str) -> list:
        return [row[0] for row in con.execute(sql).fetchall()]

    dates = con.execute("SELECT min(date), max(date), max(amount_cny) FROM ev").fetchone()
    event_types = set(distinct("SELECT DISTINCT event_type FROM ev"))
    sectors = set(distinct("SELECT DISTINCT unnest(sectors) FROM ev"))
    kinds = set(distinct("SELECT DISTINCT unnest(partner_kinds) FROM ev"))
    return {
        "countries": distinct("SELECT DISTINCT unnest(foreign_countries) AS c FROM ev ORDER BY c"),
        "regions": distinct("SELECT DISTINCT unnest(regions) AS r FROM ev ORDER BY r"),
        "cn_places": distinct("SELECT DISTINCT unnest(cn_places) AS p FROM ev ORDER BY p"),
        "event_types": [t for t in schema.EVENT_TYPES if t in event_types],
        "sectors": [s for s in schema.SECTORS if s in sectors],
        "partner_kinds": [k for k in schema.PARTNER_KINDS if k in kinds],
        "languages": distinct("SELECT DISTINCT language FROM ev WHERE language IS NOT NULL ORDER BY 1"),
        "date_range": [dates[0], dates[1]],
        "max_amount": [dates[2]],
    }


# --- Streamlit glue -------------------------------------------------------------------------------------------


def get_store() -> Store:
    """The store for the current build under the data folder, cached per resolved build folder."""
    root = data_root()
    return _cached_store(str(io.tables_dir(root)), str(root))


@st.cache_resource(max_entries=2, show_spinner="Loading the tables …")
def _cached_store(folder: str, root: str) -> Store:
    """Keyed by the resolved build folder: a rebuild is a new folder, hence a fresh load."""
    return open_store(Path(root), Path(folder))
