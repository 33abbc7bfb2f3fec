"""Loading the tables once per build, and the filtered scope every page queries.

The folder is resolved with ``transforms.io.tables_dir`` exactly once per load, so a rebuild that switches
``current`` mid-session can never give a page half of one build and half of another: a new build is a new folder,
hence a new cache entry.

Inside the DuckDB database:
- ``events``, ``partners``, ``sectors``, ``amounts``, ``event_sources`` and ``articles`` (without its text) are
  tables read by DuckDB from the Parquet files (``read_parquet`` views conformed to the schema: missing files or
  columns become empty tables / null columns; never whole Arrow tables, which would hold every table twice);
  ``article_text`` is a view over the articles Parquet file, read only for the article being shown.
- ``ev`` is the event index: one row per event with an integer key ``k`` (events in date order) and everything the filters need as
  columns (lists of foreign countries, regions, Chinese places, partner kinds and sectors; the article's language;
  a lower-cased search text). ``partners``/``sectors``/``amounts`` carry ``k`` too, for cheap joins.
- ``countries`` holds names, regions and capital coordinates (``dashboard/static/countries.json``).
- ``index_meta`` holds what the index was built from (:func:`index_key`) and the filter choices.
- integer tables for :mod:`dashboard.arrays` (see :func:`_build_codes`): ``vocab``, ``ev_codes``, one
  ``(k, code)`` pair table per list facet, and the map cells, China points and lines. The store holds them as
  numpy arrays; the pages count over those (a filter state is a boolean mask over ``k``).

Building the index takes most of a minute on a million events, so it is saved next to the build's tables
(``_dashboard_index.duckdb`` in the build folder; build folders never change once written) and later starts
attach that file read-only instead; :func:`prepare` builds it right after a build, straight into that file
(under a temporary name, renamed when whole) with DuckDB's memory limited, so the build's peak memory stays flat
however many events there are (DuckDB spills to disk beyond the limit). The file is never required: if it is
absent, stale (another key) or cannot be written (a read-only folder), the index is built in memory as before.

:meth:`Store.scope` opens a cursor (one per script run or download thread: DuckDB connections are not shared
across threads) with the views ``fe`` (filtered events) and ``fp``, ``fs``, ``fa`` (their partners, sectors,
amounts), made on first use: the pages count over :attr:`Scope.mask` instead; the views serve the downloads.
The mask of a filter state is kept for the last few states (:meth:`Store.selection`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import streamlit as st

from transforms import io, paths, schema

from . import arrays
from .arrays import EventArrays
from .filters import FilterState, to_sql

DATA_ENV = "SINOTIES_DATA"
STATIC_DIR = Path(__file__).resolve().parent / "static"
TABLE_NAMES = ("articles", "events", "event_sources", "partners", "sectors", "amounts")
CHINESE_SIDE = sorted(schema.CHINESE_SIDE_COUNTRIES)
INDEX_FILE = "_dashboard_index.duckdb"  # the saved index, inside the build folder it was built from
INDEX_VERSION = 4  # raise when the index's tables or columns change: older saved indexes are then rebuilt
KEPT_SELECTIONS = 32  # filter states whose masks are kept (a mask is one byte per event)
PERSIST_MIN_EVENTS = 20_000  # smaller builds load in well under a second; not worth a file
BUILD_MEMORY_LIMIT = "512MB"  # DuckDB's, while :func:`prepare` builds the index into its file (it spills beyond)
BUILD_THREADS = 2  # each thread holds its own buffers: more threads, more memory for the same build


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


@dataclass
class Store:
    """One build's tables in one DuckDB database, and its event index as arrays (:mod:`dashboard.arrays`)."""

    folder: Path  # the resolved build folder
    root: Path  # the folder the user pointed at (uploads go under it)
    manifest: dict
    con: duckdb.DuckDBPyConnection
    options: dict[str, list]  # filter choices found in the data
    _lock: threading.Lock
    arrays: EventArrays
    saving: threading.Thread | None = None  # writing the index for later starts, while pages already run
    _selections: OrderedDict = field(default_factory=OrderedDict)  # recent states -> masks (back, forward, reruns)

    def scope(self, state: FilterState) -> Scope:
        return Scope(self, state)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own (DuckDB connections are not shared across threads); close it after use."""
        with self._lock:  # creating cursors is cheap but not thread-safe on one connection
            return self.con.cursor()

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """A query that does not depend on the filters."""
        cursor = self.cursor()
        try:
            return cursor.execute(sql, params or []).df()
        finally:
            cursor.close()

    def selection(self, state: FilterState) -> np.ndarray:
        """The mask over ``k`` of the events ``state`` selects (read-only; the last few states are kept)."""
        with self._lock:
            if state in self._selections:
                self._selections.move_to_end(state)
                return self._selections[state]
        search_keys = None
        if state.search:
            search_keys = self.query("SELECT k FROM ev WHERE contains(search_text, ?)",
                                     [state.search.lower()])["k"].to_numpy()
        mask = arrays.select(self.arrays, state, search_keys)
        mask.flags.writeable = False  # shared by every page and session that asks for this state
        with self._lock:
            self._selections[state] = mask
            while len(self._selections) > KEPT_SELECTIONS:
                self._selections.popitem(last=False)
        return mask


class Scope:
    """The events of one filter state: as a mask over ``k`` (:attr:`mask`, what the pages count over) and as
    the SQL views ``fe``, ``fp``, ``fs``, ``fa`` (downloads, the events table); use as a context manager.

    The views and their cursor are made on first use only, so a page that only counts never pays for them.
    Cheap conditions (domestic, dates, type, language, amount) stay inside ``fe`` as a filter on ``ev``, so each
    query scans ``ev`` once and a date range skips row groups. Costly ones (list membership, text search) are
    evaluated once per scope into the temporary table ``fk`` of matching keys. Filter values travel as the
    cursor's variables (``getvariable``), never in the SQL text.
    """

    def __init__(self, store: Store, state: FilterState):
        self.store = store
        self.state = state
        self._cursor: duckdb.DuckDBPyConnection | None = None
        self._mask: np.ndarray | None = None

    @property
    def arrays(self) -> EventArrays:
        return self.store.arrays

    @property
    def mask(self) -> np.ndarray:
        if self._mask is None:
            self._mask = self.store.selection(self.state)
        return self._mask

    @property
    def cursor(self) -> duckdb.DuckDBPyConnection:
        if self._cursor is None:
            self._cursor = self.store.cursor()
            self._create_views()
        return self._cursor

    def _create_views(self) -> None:
        cursor = self._cursor
        cheap, costly = _split(self.state)
        where, params = to_sql(cheap)
        where = self._bind(where, params, "cheap")
        costly_where, costly_params = to_sql(costly)
        if costly_params:
            costly_where = self._bind(costly_where, costly_params, "costly")
            cursor.execute(f"CREATE OR REPLACE TEMP TABLE fk AS SELECT k FROM ev WHERE {where} AND {costly_where}")
            where += " AND k IN (SELECT k FROM fk)"
        cursor.execute(f"CREATE OR REPLACE TEMP VIEW fe AS SELECT * FROM ev WHERE {where}")
        for view, table in (("fp", "partners"), ("fs", "sectors"), ("fa", "amounts")):
            cursor.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM {table} "
                           "WHERE k IN (SELECT k FROM fe)")

    def _bind(self, where: str, params: list, prefix: str) -> str:
        """``where`` with each ``?`` replaced by a variable of this cursor holding the parameter."""
        parts = where.split("?")
        out = [parts[0]]
        for i, (value, rest) in enumerate(zip(params, parts[1:])):
            name = f"filter_{prefix}_{i}"
            self._cursor.execute(f"SET VARIABLE {name} = ?", [value])
            out.append(f"getvariable('{name}')" + rest)
        return "".join(out)

    def df(self, sql: str, params: list | None = None) -> pd.DataFrame:
        return self.cursor.execute(sql, params or []).df()

    def close(self) -> None:
        if self._cursor is not None:
            self._cursor.close()
            self._cursor = None

    def __enter__(self) -> Scope:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


COSTLY_FILTERS = ("countries", "regions", "cn_places", "sectors", "partner_kinds", "search")


def _split(state: FilterState) -> tuple[FilterState, FilterState]:
    """``state`` as its cheap conditions and its costly ones (list membership and search, domestic left in)."""
    cleared = {name: "" if name == "search" else () for name in COSTLY_FILTERS}
    costly = FilterState(include_domestic=True, **{name: getattr(state, name) for name in COSTLY_FILTERS})
    return replace(state, **cleared), costly


def open_store(root: Path, folder: Path | None = None, *, persist: bool | None = None) -> Store:
    """The build under ``root`` in a DuckDB database: its saved index when there is a current one, else loaded
    into memory (and then saved for the next start, see :func:`save_index`).

    ``folder`` is the build folder already resolved by the caller (``io.tables_dir(root)`` when not given);
    everything is read from it, never from ``root`` again. ``persist``: save the index after building it
    (``None``: only for builds of at least :data:`PERSIST_MIN_EVENTS` events, where loading takes seconds).
    """
    root = Path(root)
    folder = Path(folder) if folder is not None else io.tables_dir(root)
    manifest = _read_manifest(folder)
    key = index_key(folder)
    saving = None
    con, options = _open_saved_index(folder, key)
    if con is None:
        con, options = _build_index(folder, key)
        n_events = con.execute("SELECT count(*) FROM ev").fetchone()[0]
        if persist or (persist is None and n_events >= PERSIST_MIN_EVENTS):
            # on its own cursor and thread: the first page does not wait for the file (it takes as long again
            # as the load); not a daemon, so a stopping server finishes the file rather than leave half of it
            saving = threading.Thread(target=_save_and_close, args=(con.cursor(), folder), name="save-index")
    text_path = folder / "articles.parquet"
    if text_path.exists() and "text" in pq.read_schema(text_path).names:
        con.execute("CREATE VIEW article_text AS SELECT article_id, text "
                    f"FROM read_parquet({_sql_string(text_path)})")
    else:
        con.execute("CREATE VIEW article_text AS SELECT article_id, CAST(NULL AS VARCHAR) AS text FROM articles")
    store = Store(folder=folder, root=root, manifest=manifest, con=con, options=options, _lock=threading.Lock(),
                  arrays=arrays.load(con), saving=saving)
    if saving is not None:
        saving.start()
    return store


def prepare(root: Path) -> Path | None:
    """Build and save the dashboard index of the build under ``root`` (``sinoties build``'s ``--out`` folder, or
    a folder of tables), so that the first dashboard start after a build reads it instead of spending tens of
    seconds on a million events. Returns the saved file, or None when it cannot be written (the dashboard then
    builds the index itself at its first start: the file is never required). An index already saved for these
    tables is kept as it is."""
    folder = io.tables_dir(Path(root))
    key = index_key(folder)
    con, _ = _open_saved_index(folder, key)
    if con is not None:
        con.close()
        return folder / INDEX_FILE
    if not folder.is_dir():
        return None
    final = folder / INDEX_FILE
    temporary = _temporary_name(folder)
    try:  # built straight into the file: tables go to disk as they are made, memory stays under the limit
        con, _ = _build_index(folder, key, temporary)
        con.close()
        os.replace(temporary, final)
    except (OSError, duckdb.Error):
        _remove_leftovers(temporary)
        return None
    return final


def _build_index(folder: Path, key: str, database: Path | None = None
                 ) -> tuple[duckdb.DuckDBPyConnection, dict[str, list]]:
    """A new database holding the tables of ``folder`` and their index, and the filter choices: in memory, or in
    the file ``database`` (then under :data:`BUILD_MEMORY_LIMIT`, spilling to disk beyond it)."""
    con = duckdb.connect(":memory:" if database is None else str(database))
    con.execute("SET preserve_insertion_order = false")
    if database is not None:
        con.execute(f"SET memory_limit = '{BUILD_MEMORY_LIMIT}'")
        con.execute(f"SET threads = {BUILD_THREADS}")
    _load_tables(con, folder)
    options = _options(con)
    con.execute("CREATE TABLE index_meta AS SELECT ? AS key, ? AS options", [key, _options_json(options)])
    return con, options


def _read_manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / io.MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _sql_string(path: Path) -> str:
    """A path as a SQL string literal (our own path, quoted so any character in it is safe)."""
    return "'" + str(path).replace("'", "''") + "'"



# --- the saved index ------------------------------------------------------------------------------------------


def index_key(folder: Path) -> str:
    """What the saved index was built from: the index format and each table file's size and modification time.
    A build folder never changes once written; the key also covers a plain folder whose files were replaced."""
    parts = [f"v{INDEX_VERSION}"]
    for name in TABLE_NAMES:
        try:
            stat = (folder / f"{name}.parquet").stat()
            parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:-")
    return ";".join(parts)


def _open_saved_index(folder: Path, key: str) -> tuple[duckdb.DuckDBPyConnection | None, dict | None]:
    """A connection reading the saved index of ``folder`` (attached read-only, so pages read it from disk as they
    need it), or ``(None, None)`` when there is none, it is stale or it cannot be read."""
    path = folder / INDEX_FILE
    if not path.is_file():
        return None, None
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH {_sql_string(path)} AS saved_index (READ_ONLY)")
        saved_key, options = con.execute("SELECT key, options FROM saved_index.index_meta").fetchone()
    except (duckdb.Error, TypeError):  # unreadable, another format, or no row
        con.close()
        return None, None
    if saved_key != key:
        con.close()
        return None, None
    # views in the connection's own in-memory catalog: every cursor sees them (USE would hold for one cursor only)
    names = con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'saved_index'").fetchall()
    for (name,) in names:
        con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM saved_index."{name}"')
    con.execute("SET preserve_insertion_order = false")
    return con, _options_from_json(options)


def save_index(con: duckdb.DuckDBPyConnection, folder: Path) -> Path | None:
    """Write the in-memory index of ``con`` to ``folder/INDEX_FILE`` for later starts: under a temporary name
    then renamed, so a reader sees the whole file or none. Never required: a folder that cannot be written
    (read-only, full) leaves things as they were and returns None."""
    if not folder.is_dir():
        return None
    final = folder / INDEX_FILE
    temporary = _temporary_name(folder)
    try:
        con.execute(f"ATTACH {_sql_string(temporary)} AS index_out")
        try:
            for (name,) in con.execute("SELECT table_name FROM duckdb_tables() "
                                       "WHERE database_name = 'memory' AND NOT temporary").fetchall():
                con.execute(f'CREATE TABLE index_out."{name}" AS SELECT * FROM memory."{name}"')
        finally:
            con.execute("DETACH index_out")
        os.replace(temporary, final)
    except (OSError, duckdb.Error):
        _remove_leftovers(temporary)
        return None
    return final


def _temporary_name(folder: Path) -> Path:
    """A name in ``folder`` no other writer uses, hidden, for an index file until it is whole."""
    return folder / f".{INDEX_FILE}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"


def _remove_leftovers(temporary: Path) -> None:
    """What a failed write may leave: the file, its write-ahead log and its spill folder."""
    for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
        leftover.unlink(missing_ok=True)
    shutil.rmtree(temporary.with_name(temporary.name + ".tmp"), ignore_errors=True)


def _save_and_close(cursor: duckdb.DuckDBPyConnection, folder: Path) -> None:
    try:
        save_index(cursor, folder)
    finally:
        cursor.close()


def _options_json(options: dict[str, list]) -> str:
    return json.dumps(options, default=lambda value: value.isoformat())


def _options_from_json(text: str) -> dict[str, list]:
    options = json.loads(text)
    options["date_range"] = [dt.date.fromisoformat(v) if v else None for v in options["date_range"]]
    return options


# --- building the index ---------------------------------------------------------------------------------------


def _load_tables(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Read the build's tables from ``folder`` and build the index (see the module docstring).

    Every grouping is over the integer key ``k``, never over the text ``event_id``: on a million events this is
    what makes the load take seconds instead of a minute.
    """
    article_columns = [f.name for f in schema.ARTICLES if f.name != "text"]
    for name in TABLE_NAMES:
        _register_parquet(con, folder, name, article_columns if name == "articles" else None)
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
    _build_partner_events(con)
    _build_map_ends(con)
    _finish_event_index(con)
    _build_codes(con)
    for name in TABLE_NAMES:
        con.execute(f"DROP VIEW raw_{name}")
    con.unregister("raw_countries")


def _register_parquet(con: duckdb.DuckDBPyConnection, folder: Path, name: str,
                      columns: list[str] | None = None) -> None:
    """The view ``raw_<name>``: table ``name`` of ``folder`` (only ``columns`` when given) conformed to the schema:
    a missing file is an empty table, a missing column nulls, columns are cast to the schema's types, extra
    columns are kept (the contract allows additions). DuckDB reads the file as each statement scans it, so a
    table is never held whole in memory (an Arrow table handed over would be, besides DuckDB's own copy)."""
    target = schema.TABLES[name]
    path = folder / f"{name}.parquet"
    empty = target.empty_table()
    if columns is not None:
        empty = empty.select(columns)
    con.register(f"empty_{name}", empty)  # no rows: only how DuckDB spells the schema's types
    types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE empty_{name})").fetchall())
    con.unregister(f"empty_{name}")
    if not path.is_file():
        select = ", ".join(f"CAST(NULL AS {t}) AS \"{n}\"" for n, t in types.items())
        con.execute(f"CREATE VIEW raw_{name} AS SELECT {select} WHERE false")
        return
    available = pq.read_schema(path).names
    wanted = available if columns is None else [c for c in columns if c in available]
    missing = [n for n in types if n not in available]
    select = [f"CAST(\"{n}\" AS {types[n]}) AS \"{n}\"" if n in types else f"\"{n}\"" for n in wanted]
    select += [f"CAST(NULL AS {types[n]}) AS \"{n}\"" for n in missing]
    con.execute(f"CREATE VIEW raw_{name} AS SELECT {', '.join(select)} FROM read_parquet({_sql_string(path)})")


def _build_event_index(con: duckdb.DuckDBPyConnection) -> None:
    cn = {"cn": CHINESE_SIDE}
    con.execute(  # k: events in date order, so a date range is a run of k and row groups can be skipped
        "CREATE TEMP TABLE keyed AS "
        "SELECT (row_number() OVER (ORDER BY date NULLS LAST, event_id) - 1)::INTEGER AS k, * FROM raw_events")
    for name in ("partners", "sectors", "amounts"):  # not sorted: every reader groups or sorts itself
        con.execute(f"CREATE TABLE {name} AS SELECT e.k, t.* FROM raw_{name} t "
                    f"JOIN (SELECT k, event_id FROM keyed) e USING (event_id)")
    con.execute(
        """
        CREATE TEMP TABLE country_facts AS
        SELECT k, list_sort(list(code)) AS foreign_countries, list_sort(list_distinct(list(c.region))) AS regions
        FROM (SELECT k, country AS code FROM partners WHERE side = 'foreign' AND country IS NOT NULL
              UNION
              SELECT k, country FROM keyed WHERE country IS NOT NULL AND NOT list_contains($cn, country))
        LEFT JOIN countries c USING (code)
        GROUP BY k
        """, cn)
    con.execute(
        """
        CREATE TEMP TABLE place_facts AS
        SELECT k, list_sort(list(place)) AS cn_places
        FROM (SELECT k, canonical_name AS place FROM partners
              WHERE side = 'chinese' AND kind = 'local_government' AND canonical_name IS NOT NULL
              UNION
              SELECT k, place FROM keyed WHERE place IS NOT NULL AND list_contains($cn, country))
        GROUP BY k
        """, cn)
    con.execute(
        """
        CREATE TEMP TABLE partner_facts AS
        SELECT k, list_sort(list_distinct(list(kind))) AS partner_kinds,
               string_agg(name || ' ' || canonical_name, ' ') AS names,
               array_to_string(list_sort(list_distinct(list(canonical_name))), ' · ') AS partner_names
        FROM partners GROUP BY k
        """)
    con.execute("CREATE TEMP TABLE sector_facts AS "
                "SELECT k, list_sort(list_distinct(list(sector))) AS sectors FROM sectors GROUP BY k")
    con.execute(
        """
        CREATE TEMP TABLE ev_base AS
        SELECT e.*,
               a.language, a.title AS article_title, a.source AS article_source, a.url AS article_url,
               coalesce(c.foreign_countries, []::VARCHAR[]) AS foreign_countries,
               coalesce(pl.cn_places, []::VARCHAR[]) AS cn_places,
               coalesce(p.partner_kinds, []::VARCHAR[]) AS partner_kinds,
               coalesce(s.sectors, []::VARCHAR[]) AS sectors,
               coalesce(p.partner_names, '') AS partner_names,
               lower(concat_ws(' ', e.summary, e.evidence, p.names)) AS search_text,
               coalesce(c.regions, []::VARCHAR[]) AS regions
        FROM keyed e
        LEFT JOIN country_facts c USING (k)
        LEFT JOIN place_facts pl USING (k)
        LEFT JOIN partner_facts p USING (k)
        LEFT JOIN sector_facts s USING (k)
        LEFT JOIN articles a USING (article_id)
        """)
    for name in ("keyed", "country_facts", "place_facts", "partner_facts", "sector_facts"):
        con.execute(f"DROP TABLE {name}")


def _build_partner_events(con: duckdb.DuckDBPyConnection) -> None:
    """``partner_names`` (id, name, side, country) and ``partner_ids`` (k, ids): each event's partners as small
    integers, so rankings and the network group integers instead of names."""
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
        CREATE TEMP TABLE partner_ids AS
        SELECT k, list_sort(list_distinct(list(n.id))) AS ids
        FROM partners p JOIN partner_names n ON n.name = p.canonical_name GROUP BY k
        """
    )


def _build_map_ends(con: duckdb.DuckDBPyConnection) -> None:
    """``ends``: each event's two ends on the maps, worked out once per build.

    Foreign end: the event's place if abroad, else a foreign partner with a place of its own, else the capital of
    the first foreign country. Chinese end: a Chinese partner with a place of its own, else the event's place in
    China. A partner standing at its country's own point (where the build puts a partner of kind ``country``: a
    centroid, in Gansu for China, in Siberia for Russia) has no place of its own: drawn there, the Chinese state
    was the biggest "province" on the China map and every line started in the desert.
    """
    con.execute(
        """
        CREATE TEMP TABLE ends AS
        WITH country_points AS (  -- any country's: a Hong Kong company can be put at China's
            SELECT DISTINCT lat, lon FROM partners WHERE kind = 'country' AND lat IS NOT NULL AND lon IS NOT NULL),
        located AS (
            SELECT p.* FROM partners p ANTI JOIN country_points c USING (lat, lon)
            WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL),
        foreign_partner AS (
            SELECT k, arg_min(lat, partner_id) AS lat, arg_min(lon, partner_id) AS lon
            FROM located WHERE side = 'foreign' GROUP BY k),
        chinese_partner AS (
            SELECT k, arg_min(lat, partner_id) AS lat, arg_min(lon, partner_id) AS lon,
                   arg_min(canonical_name, partner_id) AS name
            FROM located WHERE side = 'chinese' GROUP BY k),
        placed AS (
            SELECT e.k,
                   e.country IS NOT NULL AND list_contains($cn, e.country) AND own AS in_china,
                   e.country IS NOT NULL AND NOT list_contains($cn, e.country) AND own AS abroad,
                   e.lat, e.lon, e.place, f.lat AS f_lat, f.lon AS f_lon, c.lat AS c_lat, c.lon AS c_lon,
                   c.name AS c_name, cp.lat AS cp_lat, cp.lon AS cp_lon, cp.name AS cp_name, e.country AS country
            FROM (SELECT e.*, e.lat IS NOT NULL AND e.lon IS NOT NULL AND p.lat IS NULL AS own
                  FROM ev_base e LEFT JOIN country_points p USING (lat, lon)) e
            LEFT JOIN foreign_partner f USING (k)
            LEFT JOIN chinese_partner cp USING (k)
            LEFT JOIN countries c ON c.code = e.foreign_countries[1])
        SELECT k,
               CASE WHEN abroad THEN lat ELSE coalesce(f_lat, c_lat) END AS lat1,
               CASE WHEN abroad THEN lon ELSE coalesce(f_lon, c_lon) END AS lon1,
               coalesce(CASE WHEN country IS NULL OR NOT list_contains($cn, country) THEN place END, c_name)
                   AS label1,
               coalesce(cp_lat, CASE WHEN in_china THEN lat END) AS lat0,
               coalesce(cp_lon, CASE WHEN in_china THEN lon END) AS lon0,
               coalesce(cp_name, CASE WHEN in_china THEN place END) AS label0
        FROM placed
        """,
        {"cn": CHINESE_SIDE},
    )


def _finish_event_index(con: duckdb.DuckDBPyConnection) -> None:
    """``ev``: the event facts with their partner ids and map ends, stored in ``k`` (date) order, so pages read
    one table and a date range skips whole row groups."""
    con.execute(
        """
        CREATE TABLE ev AS
        SELECT b.*, coalesce(p.ids, []::INTEGER[]) AS partner_ids,
               m.lat1, m.lon1, m.label1, m.lat0, m.lon0, m.label0
        FROM ev_base b LEFT JOIN partner_ids p USING (k) LEFT JOIN ends m USING (k)
        ORDER BY k
        """
    )
    for name in ("ev_base", "partner_ids", "ends"):
        con.execute(f"DROP TABLE {name}")


def _build_codes(con: duckdb.DuckDBPyConnection) -> None:
    """The integer tables :mod:`dashboard.arrays` reads: ``vocab``, ``ev_codes``, the pair tables, and the map
    cells, lines and China points (each a code with its drawn position and label).

    World map cells are half a degree (about 55 km) wide, so a bubble gathers a city and its surroundings; it is
    drawn at the cell's most frequent place (position and name over all events, not the filtered ones).
    China points are the Chinese ends rounded to 0.01° (provinces and cities come as gazetteer points).
    """
    con.execute(
        """
        CREATE TABLE vocab AS
        SELECT facet, (row_number() OVER (PARTITION BY facet ORDER BY name) - 1)::INTEGER AS code, name
        FROM (SELECT 'event_type' AS facet, event_type AS name FROM ev
              UNION SELECT 'language', language FROM ev
              UNION SELECT 'country', unnest(foreign_countries) FROM ev
              UNION SELECT 'region', unnest(regions) FROM ev
              UNION SELECT 'cn_place', unnest(cn_places) FROM ev
              UNION SELECT 'sector', unnest(sectors) FROM ev
              UNION SELECT 'partner_kind', unnest(partner_kinds) FROM ev)
        WHERE name IS NOT NULL
        """)
    for facet, column in (("country", "foreign_countries"), ("region", "regions"), ("cn_place", "cn_places"),
                          ("sector", "sectors"), ("partner_kind", "partner_kinds")):
        con.execute(f"CREATE TABLE ev_{facet} AS SELECT DISTINCT k, v.code FROM "
                    f"(SELECT k, unnest({column}) AS value FROM ev) JOIN vocab v ON v.facet = '{facet}' "
                    "AND v.name = value ORDER BY k, code")
    con.execute("CREATE TABLE ev_partner AS SELECT DISTINCT k, code FROM "
                "(SELECT k, unnest(partner_ids) AS code FROM ev) ORDER BY k, code")
    con.execute("CREATE TABLE ev_sector_country AS SELECT DISTINCT s.k, s.code AS sector, c.code AS country "
                "FROM ev_sector s JOIN ev_country c USING (k) ORDER BY k, sector, country")
    con.execute(
        """
        CREATE TEMP TABLE world_spots AS
        SELECT k, floor(lat1 * 2)::INTEGER AS gy, floor(lon1 * 2)::INTEGER AS gx, lat1, lon1, label1
        FROM ev WHERE lat1 IS NOT NULL AND lon1 IS NOT NULL
        """)
    con.execute(
        """
        CREATE TABLE map_cells AS
        SELECT (row_number() OVER (ORDER BY gy, gx) - 1)::INTEGER AS cell, gy, gx,
               first(lat1 ORDER BY n DESC, label1 NULLS LAST, lat1, lon1) AS lat,
               first(lon1 ORDER BY n DESC, label1 NULLS LAST, lat1, lon1) AS lon,
               first(label1 ORDER BY n DESC, label1 NULLS LAST, lat1, lon1) AS label
        FROM (SELECT gy, gx, lat1, lon1, label1, count(*) AS n FROM world_spots GROUP BY ALL)
        GROUP BY gy, gx
        """)
    con.execute(
        """
        CREATE TABLE china_cells AS
        SELECT (row_number() OVER (ORDER BY lat, lon) - 1)::INTEGER AS cell, lat, lon,
               first(label0 ORDER BY n DESC, label0 NULLS LAST) AS label
        FROM (SELECT round(lat0, 2) AS lat, round(lon0, 2) AS lon, label0, count(*) AS n FROM ev
              WHERE lat0 IS NOT NULL AND lon0 IS NOT NULL GROUP BY ALL)
        GROUP BY lat, lon
        """)
    con.execute(
        """
        CREATE TEMP TABLE event_cells AS
        SELECT e.k, w.cell AS cell1, c.cell AS cell0
        FROM ev e
        LEFT JOIN (SELECT s.k, m.cell FROM world_spots s JOIN map_cells m USING (gy, gx)) w USING (k)
        LEFT JOIN china_cells c ON c.lat = round(e.lat0, 2) AND c.lon = round(e.lon0, 2)
        """)
    con.execute(  # a line joins a China point (-1: none, drawn from the capital) to a world cell
        """
        CREATE TABLE map_lines AS
        SELECT (row_number() OVER (ORDER BY cell0, cell1) - 1)::INTEGER AS line, cell0, cell1
        FROM (SELECT DISTINCT coalesce(cell0, -1) AS cell0, cell1 FROM event_cells WHERE cell1 IS NOT NULL)
        """)
    con.execute(
        """
        CREATE TABLE ev_codes AS
        SELECT e.k, e.domestic, date_diff('day', DATE '1970-01-01', e.date)::INTEGER AS day,
               (year(e.date) * 12 + month(e.date) - 1)::INTEGER AS month,
               t.code AS event_type, l.code AS language, e.amount_cny AS amount,
               m.cell1, m.cell0, ln.line
        FROM ev e
        JOIN event_cells m USING (k)
        LEFT JOIN vocab t ON t.facet = 'event_type' AND t.name = e.event_type
        LEFT JOIN vocab l ON l.facet = 'language' AND l.name = e.language
        LEFT JOIN map_lines ln ON ln.cell0 = coalesce(m.cell0, -1) AND ln.cell1 = m.cell1
        ORDER BY k
        """)
    for name in ("world_spots", "event_cells"):
        con.execute(f"DROP TABLE {name}")


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
