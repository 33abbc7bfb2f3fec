"""What each page shows, computed from a filtered :class:`~dashboard.data.Scope`: queries, then figures.

Pages only lay these out; the benchmark times these same functions. Every page query reads the filtered events
``fe`` alone (their sectors, foreign countries, partner ids and map ends are columns of it) and aggregates in
DuckDB, so no query joins a second table and what reaches pandas is small whatever the number of events.
"""

from __future__ import annotations

import io as _io
import zipfile
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import pyarrow.parquet as pq

from . import figures, style
from .data import Scope, country_name

MAP_POINTS = 3000  # bubbles on the world map (largest groups first)
MAP_LINES = 600
TOP = 15
NETWORK_NODES = 40
EXPLORER_ROWS = 2000


@dataclass
class View:
    figures: dict[str, go.Figure] = field(default_factory=dict)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    numbers: dict[str, object] = field(default_factory=dict)


def headline(scope: Scope) -> dict[str, object]:
    n, yuan, undisclosed, undated = scope.one(
        "SELECT count(*), sum(amount_cny), count(*) FILTER (WHERE amount_cny IS NULL), "
        "count(*) FILTER (WHERE date IS NULL) FROM fe")
    partners, countries = scope.one(
        "SELECT (SELECT count(DISTINCT id) FROM (SELECT unnest(partner_ids) AS id FROM fe)), "
        "(SELECT count(DISTINCT c) FROM (SELECT unnest(foreign_countries) AS c FROM fe))")
    return {"events": n, "yuan": yuan, "undisclosed": undisclosed, "undated": undated, "partners": partners,
            "countries": countries}


def _monthly(scope: Scope) -> pd.DataFrame:
    return scope.df("SELECT date_trunc('month', date)::DATE AS month, event_type, count(*) AS n FROM fe "
                    "WHERE date IS NOT NULL GROUP BY ALL ORDER BY month")


def _top_countries(scope: Scope, limit: int = TOP) -> pd.DataFrame:
    frame = scope.df(
        "SELECT c AS code, count(*) AS n, sum(amount_cny) AS yuan FROM "
        "(SELECT unnest(foreign_countries) AS c, amount_cny FROM fe) GROUP BY c ORDER BY n DESC, c LIMIT ?", [limit])
    frame["country"] = [country_name(c) for c in frame["code"]]
    return frame


def _sector_totals(scope: Scope) -> pd.DataFrame:
    frame = scope.df("SELECT sector, count(*) AS n, sum(amount_cny) AS yuan FROM "
                     "(SELECT unnest(sectors) AS sector, amount_cny FROM fe) GROUP BY sector ORDER BY n DESC, sector")
    frame["label"] = [style.label(s) for s in frame["sector"]]
    return frame


def overview(scope: Scope) -> View:
    view = View(numbers=headline(scope))
    view.frames["countries"] = countries = _top_countries(scope, 10)
    view.frames["sectors"] = sectors = _sector_totals(scope).head(10)
    view.figures["timeline"] = figures.events_per_month(_monthly(scope), range_selector=False)
    view.figures["countries"] = figures.ranking(countries, "country", "n", "events", colour=style.OKABE_ITO[4])
    view.figures["sectors"] = figures.ranking(sectors, "label", "n", "events", colour=style.OKABE_ITO[2])
    return view


def world(scope: Scope) -> View:
    """Map data: one foreign point per event (event place if abroad, else a foreign partner, else the capital of
    the foreign country) and one Chinese point (a Chinese partner with coordinates, else the place in China)."""
    view = View()
    points = scope.df(  # labels (a costly mode) only for the bubbles drawn, not for every cell
        """
        WITH cells AS (
            SELECT round(lat1, 1) AS lat, round(lon1, 1) AS lon, event_type, label1
            FROM fe WHERE lat1 IS NOT NULL AND lon1 IS NOT NULL),
        top AS (
            SELECT lat, lon, event_type, count(*) AS n, sum(amount_cny) AS yuan FROM (
                SELECT round(lat1, 1) AS lat, round(lon1, 1) AS lon, event_type, amount_cny
                FROM fe WHERE lat1 IS NOT NULL AND lon1 IS NOT NULL)
            GROUP BY ALL ORDER BY n DESC, yuan DESC NULLS LAST LIMIT ?)
        SELECT t.lat, t.lon, t.event_type, any_value(t.n) AS n, any_value(t.yuan) AS yuan, mode(c.label1) AS label
        FROM top t JOIN cells c USING (lat, lon, event_type)
        GROUP BY ALL ORDER BY n DESC, yuan DESC NULLS LAST
        """, [MAP_POINTS])
    lines = scope.df(
        """
        SELECT round(coalesce(lat0, ?), 1) AS lat0, round(coalesce(lon0, ?), 1) AS lon0,
               round(lat1, 1) AS lat1, round(lon1, 1) AS lon1, count(*) AS n
        FROM fe WHERE lat1 IS NOT NULL AND lon1 IS NOT NULL
        GROUP BY ALL ORDER BY n DESC LIMIT ?
        """, [figures.CHINA_CAPITAL[0], figures.CHINA_CAPITAL[1], MAP_LINES])
    china = scope.df(
        """
        SELECT round(lat0, 2) AS lat, round(lon0, 2) AS lon, mode(label0) AS label, count(*) AS n,
               sum(amount_cny) AS yuan
        FROM fe WHERE lat0 IS NOT NULL AND lon0 IS NOT NULL
        GROUP BY ALL ORDER BY n DESC LIMIT ?
        """, [MAP_POINTS])
    n_events, unplaced, no_chinese = scope.one(
        "SELECT count(*), count(*) FILTER (WHERE lat1 IS NULL AND NOT domestic), "
        "count(*) FILTER (WHERE lat0 IS NULL) FROM fe")
    view.numbers.update(events=n_events, unplaced=unplaced, no_chinese_point=no_chinese)
    view.frames.update(points=points, lines=lines, china=china)
    view.figures["world"] = figures.world_map(points, lines)
    view.figures["china"] = figures.china_map(china)
    return view


def timeline(scope: Scope) -> View:
    view = View(numbers=headline(scope))
    monthly = _monthly(scope)
    quarterly = scope.df(
        "SELECT date_trunc('quarter', date)::DATE AS quarter, sum(amount_cny) AS yuan, "
        "count(*) FILTER (WHERE amount_cny IS NULL) AS n_undisclosed FROM fe WHERE date IS NOT NULL "
        "GROUP BY ALL ORDER BY quarter")
    view.frames.update(monthly=monthly, quarterly=quarterly)
    view.figures["monthly"] = figures.events_per_month(monthly)
    view.figures["quarterly"] = figures.yuan_per_quarter(quarterly)
    view.figures["cumulative"] = figures.cumulative_yuan(quarterly)
    return view


def sectors(scope: Scope, measure: str = "n") -> View:
    """``measure``: ``n`` (events) or ``yuan``. An event in two sectors counts in both."""
    view = View()
    totals = _sector_totals(scope)
    countries = _top_countries(scope, TOP)["code"].tolist()
    cross = scope.df(
        "SELECT sector, code, count(*) AS n FROM (SELECT unnest(sectors) AS sector, foreign_countries FROM fe "
        "WHERE list_has_any(foreign_countries, ?::VARCHAR[])), unnest(foreign_countries) AS u(code) "
        "WHERE list_contains(?::VARCHAR[], code) GROUP BY ALL", [countries, countries])
    cross["country"] = [country_name(c) for c in cross["code"]]
    view.frames.update(totals=totals, cross=cross)
    title = "events" if measure == "n" else "yuan"
    view.figures["treemap"] = figures.sector_treemap(totals, measure, title)
    if measure == "yuan":
        bars = totals[totals["yuan"].fillna(0) > 0]
        view.figures["bars"] = figures.ranking(bars, "label", "yuan", "billion yuan (¥ bn)", yuan_values=True,
                                               colour=style.OKABE_ITO[2])
    else:
        view.figures["bars"] = figures.ranking(totals, "label", "n", "events", colour=style.OKABE_ITO[2])
    view.figures["heatmap"] = figures.heatmap(cross)
    return view


def partners(scope: Scope) -> View:
    view = View()
    scope.cursor.execute("CREATE OR REPLACE TEMP TABLE ranked AS SELECT id, count(*) AS n, sum(amount_cny) AS yuan "
                         "FROM (SELECT unnest(partner_ids) AS id, amount_cny FROM fe) GROUP BY id")
    top = max(TOP, NETWORK_NODES)
    by_events = scope.df(
        "SELECT p.name, p.side, p.country, r.n, r.yuan FROM (SELECT * FROM ranked ORDER BY n DESC, id LIMIT ?) r "
        "JOIN partner_names p USING (id) ORDER BY r.n DESC, p.name", [top])
    by_yuan = scope.df(
        "SELECT p.name, p.side, p.country, r.n, r.yuan FROM (SELECT * FROM ranked WHERE yuan > 0 "
        "ORDER BY yuan DESC, id LIMIT ?) r JOIN partner_names p USING (id) ORDER BY r.yuan DESC, p.name", [TOP])
    nodes = by_events.head(NETWORK_NODES)
    by_events = by_events.head(TOP)
    top_ids = scope.df("SELECT id FROM partner_names WHERE list_contains(?::VARCHAR[], name)",
                       [nodes["name"].tolist()])["id"].tolist()
    edges = scope.df(  # pairs of top partners within each event that has at least two of them
        "WITH shared AS (SELECT list_filter(partner_ids, lambda x: list_contains($top::INTEGER[], x)) AS ids FROM fe "
        "WHERE list_has_any(partner_ids, $top::INTEGER[])), "
        "pairs AS (SELECT a, b FROM (SELECT ids, unnest(ids) AS a FROM shared WHERE len(ids) > 1), "
        "unnest(ids) AS u(b) WHERE a < b) "
        "SELECT ta.name AS a, tb.name AS b, count(*) AS n FROM pairs "
        "JOIN partner_names ta ON ta.id = pairs.a JOIN partner_names tb ON tb.id = pairs.b "
        "GROUP BY ALL ORDER BY n DESC, a, b LIMIT 400", {"top": top_ids})
    view.frames.update(by_events=by_events, by_yuan=by_yuan, nodes=nodes, edges=edges)
    view.figures["by_events"] = figures.ranking(by_events, "name", "n", "events", colour=style.OKABE_ITO[4])
    view.figures["by_yuan"] = figures.ranking(by_yuan, "name", "yuan", "billion yuan (¥ bn)", yuan_values=True,
                                              colour=style.OKABE_ITO[5])
    view.figures["network"] = figures.network(nodes, edges)
    return view


def explorer(scope: Scope, limit: int = EXPLORER_ROWS) -> View:
    """The events table: newest first, at most ``limit`` rows (the count of all matches is in numbers)."""
    view = View()
    view.numbers["events"] = scope.one("SELECT count(*) FROM fe")[0]
    table = scope.df(
        "SELECT event_id, article_id, date, event_type, partner_names, place, country, amount_cny, "
        "coalesce(article_title, article_source) AS source, language, evidence, summary, confidence "
        # k orders events by date then event_id, so this is "newest first, undated last" without a sort on date
        "FROM fe ORDER BY date IS NULL, k DESC LIMIT ?", [limit])
    table["event_type"] = [style.type_label(t) for t in table["event_type"]]
    table["amount"] = [style.yuan(v) for v in table["amount_cny"]]
    table["place"] = [", ".join(p for p in (place, country_name(code) if code else None) if p and p == p)
                      for place, code in zip(table["place"], table["country"])]
    view.frames["events"] = table
    return view


def event_facts(scope: Scope, event_id: str) -> dict[str, pd.DataFrame | str | None]:
    """Everything extracted for one event, and its article's text (for the highlighted reading view)."""
    event = scope.df("SELECT * FROM ev WHERE event_id = ?", [event_id])
    if event.empty:
        return {"event": event, "text": None}
    article_id = event["article_id"][0]
    text = scope.df("SELECT text FROM article_text WHERE article_id = ? LIMIT 1", [article_id])
    return {
        "event": event,
        "text": text["text"][0] if not text.empty else None,
        "partners": scope.df("SELECT name, canonical_name, kind, country, side, role, evidence FROM partners "
                             "WHERE event_id = ? ORDER BY partner_id", [event_id]),
        "sectors": scope.df("SELECT sector, evidence FROM sectors WHERE event_id = ? ORDER BY sector", [event_id]),
        "amounts": scope.df("SELECT value, currency, amount_cny, qualifier, kind, evidence FROM amounts "
                            "WHERE event_id = ? ORDER BY amount_id", [event_id]),
        "sources": scope.df("SELECT a.article_id, a.title, a.source, a.url, a.published, a.language "
                            "FROM event_sources s JOIN articles a USING (article_id) WHERE s.event_id = ?",
                            [event_id]),
    }


def quality(scope: Scope) -> View:
    """Every input record, whatever the filters: articles by status and language, and why some were set aside."""
    view = View()
    by_status = scope.df("SELECT status, language, count(*) AS n FROM articles GROUP BY ALL ORDER BY status")
    reasons = scope.df("SELECT status, reason, count(*) AS n FROM articles WHERE status <> 'ok' "
                       "GROUP BY ALL ORDER BY n DESC, status LIMIT 200")
    view.frames.update(by_status=by_status, reasons=reasons)
    view.figures["status"] = figures.status_bars(by_status)
    return view


# --- downloads ------------------------------------------------------------------------------------------------

DOWNLOADS = {
    "events": "SELECT * EXCLUDE (k, search_text, foreign_countries, regions, cn_places, partner_kinds, sectors, "
              "partner_names, article_title, article_source, article_url, language, partner_ids, "
              "lat1, lon1, label1, lat0, lon0, label0) FROM fe ORDER BY k",
    "partners": "SELECT * EXCLUDE (k) FROM fp ORDER BY k, partner_id",
    "sectors": "SELECT * EXCLUDE (k) FROM fs ORDER BY k, sector",
    "amounts": "SELECT * EXCLUDE (k) FROM fa ORDER BY k, amount_id",
}


def download_frame(scope: Scope, name: str) -> pd.DataFrame:
    return scope.df(DOWNLOADS[name])


def parquet_bundle(scope: Scope) -> bytes:
    """The four filtered tables as Parquet files in one zip."""
    buffer = _io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as bundle:
        for name, sql in DOWNLOADS.items():
            table: pa.Table = scope.cursor.sql(sql).to_arrow_table()
            out = _io.BytesIO()
            pq.write_table(table, out, compression="zstd")
            bundle.writestr(f"{name}.parquet", out.getvalue())
    return buffer.getvalue()
