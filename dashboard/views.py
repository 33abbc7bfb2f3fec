"""What each page shows, computed from a filtered :class:`~dashboard.data.Scope`: counts, then figures.

Pages only lay these out; the benchmark times these same functions. Page figures count over the event index as
numpy arrays (:mod:`dashboard.arrays`): the scope's mask of selected events, ``bincount`` over integer codes,
then names looked up for the few rows shown. Only the events table reads DuckDB, for the rows it lists. What
reaches pandas and plotly is small whatever the number of events.
"""

from __future__ import annotations

import io as _io
import math
import numbers
import zipfile
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import pyarrow.parquet as pq

from . import arrays, figures, style
from .data import Scope, Store, country_name
from .filters import FilterState

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
    a, mask = scope.arrays, scope.mask
    amounts = a.amount[mask]
    disclosed = ~np.isnan(amounts)
    return {"events": int(mask.sum()), "yuan": float(amounts[disclosed].sum()) if disclosed.any() else None,
            "undisclosed": int((~disclosed).sum()), "undated": int((mask & ~a.dated).sum()),
            "partners": arrays.distinct(a, mask, "partner"), "countries": arrays.distinct(a, mask, "country")}


def headline_caption(headline: dict[str, object]) -> str:
    """What the headline total leaves out, in words ("1 of 5 events has no disclosed amount ...")."""
    events, undisclosed, undated = int(headline["events"]), int(headline["undisclosed"]), int(headline["undated"])
    one = undisclosed == 1
    if not undisclosed:
        words = "The event has a disclosed amount" if events == 1 else \
            f"All {style.count(events)} events have a disclosed amount"
    else:
        words = (f"{style.count(undisclosed)} of {style.plural(events, 'event')} {'has' if one else 'have'} no "
                 f"disclosed amount and {'is' if one else 'are'} not in the total")
    if undated:
        words += f"; {style.plural(undated, 'event has', 'events have')} no known date"
    return words + "."


def _months(codes: np.ndarray) -> np.ndarray:
    """Month codes (year * 12 + month - 1) as dates of the month's first day."""
    return (codes - 1970 * 12).astype("datetime64[M]").astype("datetime64[ns]")


def _monthly(scope: Scope) -> pd.DataFrame:
    a = scope.arrays
    chosen = scope.mask & a.dated
    months = a.month[chosen]
    if not len(months):
        return pd.DataFrame({"month": pd.Series(dtype="datetime64[ns]"), "event_type": pd.Series(dtype=object),
                             "n": pd.Series(dtype="int64")})
    first = months.min()
    types = a.event_type[chosen].astype(np.int64)
    width = a.size("event_type") + 1  # the last slot: unknown type
    counts = np.bincount((months - first) * width + np.where(types < 0, width - 1, types))
    present = np.flatnonzero(counts)
    names = np.array([*a.vocab.get("event_type", []), None], dtype=object)
    return pd.DataFrame({"month": _months(first + present // width), "event_type": names[present % width],
                         "n": counts[present]})


def _facet_frame(scope: Scope, facet: str, label: str, limit: int | None = None) -> pd.DataFrame:
    """Events and yuan per value of ``facet``, most events first (ties: by name)."""
    a = scope.arrays
    counts, sums = arrays.facet_tally(a, scope.mask, facet)
    order = arrays.ranked(counts, limit=limit)
    names = np.array(a.vocab.get(facet, []), dtype=object)
    return pd.DataFrame({label: names[order], "n": counts[order], "yuan": sums[order]})


def _top_countries(scope: Scope, limit: int = TOP) -> pd.DataFrame:
    frame = _facet_frame(scope, "country", "code", limit)
    frame["country"] = [country_name(c) for c in frame["code"]]
    return frame


def _sector_totals(scope: Scope) -> pd.DataFrame:
    frame = _facet_frame(scope, "sector", "sector")
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
    """Map data. World bubbles: the events per map cell (half a degree, about 55 km) and event type, drawn at the
    cell's most frequent place; an event's foreign point is its place if abroad, else a foreign partner, else the
    capital of the foreign country. Lines: events per pair of China point and world cell. China: events per
    Chinese point (a Chinese partner with coordinates, else the place in China). A point that is only a country's
    own (its centroid) counts as no place. See ``data._build_map_ends`` and ``data._build_codes``."""
    view = View()
    a, mask = scope.arrays, scope.mask
    cells = a.map_cells
    placed = mask & (a.cell1 >= 0)
    width = a.size("event_type") + 1
    types = a.event_type[placed].astype(np.int64)
    counts, sums = arrays.tally(a.cell1[placed] * width + np.where(types < 0, width - 1, types),
                                len(cells["lat"]) * width, a.yuan[placed], a.disclosed[placed])
    top = arrays.ranked(counts, sums, limit=MAP_POINTS)
    cell, kind = top // width, top % width
    type_names = np.array([*a.vocab.get("event_type", []), None], dtype=object)
    points = pd.DataFrame({"lat": cells["lat"][cell], "lon": cells["lon"][cell], "event_type": type_names[kind],
                           "n": counts[top], "yuan": sums[top], "label": cells["label"][cell]})
    china_cells, lines = a.china_cells, a.map_lines
    n_lines = np.bincount(a.line[placed], minlength=len(lines["cell1"]))
    top = arrays.ranked(n_lines, limit=MAP_LINES)
    ends = lines["cell0"][top]  # -1 (no Chinese point) picks the capital appended last
    lines_frame = pd.DataFrame({
        "lat0": np.append(china_cells["lat"], figures.CHINA_CAPITAL[0])[ends],
        "lon0": np.append(china_cells["lon"], figures.CHINA_CAPITAL[1])[ends],
        "lat1": cells["lat"][lines["cell1"][top]], "lon1": cells["lon"][lines["cell1"][top]], "n": n_lines[top]})
    in_china = mask & (a.cell0 >= 0)
    counts, sums = arrays.tally(a.cell0[in_china], len(china_cells["lat"]), a.yuan[in_china],
                                a.disclosed[in_china])
    top = arrays.ranked(counts, limit=MAP_POINTS)
    china = pd.DataFrame({"lat": china_cells["lat"][top], "lon": china_cells["lon"][top],
                          "label": china_cells["label"][top], "n": counts[top], "yuan": sums[top]})
    view.numbers.update(events=int(mask.sum()), unplaced=int((mask & (a.cell1 < 0) & (a.domestic == 0)).sum()),
                        no_chinese_point=int((mask & (a.cell0 < 0)).sum()))
    view.frames.update(points=points, lines=lines_frame, china=china)
    view.figures["world"] = figures.world_map(points, lines_frame)
    view.figures["china"] = figures.china_map(china)
    return view


def timeline(scope: Scope) -> View:
    view = View(numbers=headline(scope))
    monthly = _monthly(scope)
    a = scope.arrays
    chosen = scope.mask & a.dated
    quarters = a.month[chosen] // 3
    if len(quarters):
        first = quarters.min()
        disclosed = a.disclosed[chosen]
        counts, sums = arrays.tally(quarters - first, 0, a.yuan[chosen], disclosed)
        undisclosed = np.bincount(quarters - first, weights=1 - disclosed, minlength=len(counts)).astype(np.int64)
        present = np.flatnonzero(counts)
        quarterly = pd.DataFrame({"quarter": _months((first + present) * 3), "yuan": sums[present],
                                  "n_undisclosed": undisclosed[present]})
    else:
        quarterly = pd.DataFrame({"quarter": pd.Series(dtype="datetime64[ns]"), "yuan": pd.Series(dtype=float),
                                  "n_undisclosed": pd.Series(dtype="int64")})
    view.frames.update(monthly=monthly, quarterly=quarterly)
    view.figures["monthly"] = figures.events_per_month(monthly)
    view.figures["quarterly"] = figures.yuan_per_quarter(quarterly)
    view.figures["cumulative"] = figures.cumulative_yuan(quarterly)
    return view


def sectors(scope: Scope, measure: str = "n") -> View:
    """``measure``: ``n`` (events) or ``yuan``. An event in two sectors counts in both."""
    view = View()
    a = scope.arrays
    totals = _sector_totals(scope)
    top = _top_countries(scope, TOP)
    n_countries = a.size("country")
    pairs = a.sector_country
    is_top = np.zeros(n_countries, dtype=bool)
    is_top[a.codes("country", top["code"].tolist())] = True
    chosen = pairs.selected(scope.mask) & is_top[pairs.code % max(n_countries, 1)]
    counts = np.bincount(pairs.code[chosen], minlength=a.size("sector") * n_countries)
    present = np.flatnonzero(counts)
    sector_names = np.array(a.vocab.get("sector", []), dtype=object)
    country_names = np.array(a.vocab.get("country", []), dtype=object)
    cross = pd.DataFrame({"sector": sector_names[present // max(n_countries, 1)],
                          "code": country_names[present % max(n_countries, 1)], "n": counts[present]})
    cross["country"] = [country_name(c) for c in cross["code"]]
    view.frames.update(totals=totals, cross=cross)
    title = "events" if measure == "n" else f"disclosed yuan ({style.YUAN})"
    view.figures["treemap"] = figures.sector_treemap(totals, measure, title)
    if measure == "yuan":
        bars = totals[totals["yuan"].fillna(0) > 0]
        view.figures["bars"] = figures.ranking(bars, "label", "yuan", yuan_values=True,
                                               colour=style.OKABE_ITO[2])
    else:
        view.figures["bars"] = figures.ranking(totals, "label", "n", "events", colour=style.OKABE_ITO[2])
    view.figures["heatmap"] = figures.heatmap(cross)
    return view


PARTNER_SIDES = ("all", "chinese", "foreign")


def partners(scope: Scope, side: str = "all") -> View:
    """Rankings of the partners on ``side`` (``all``, ``chinese`` or ``foreign``: on a whole build the Chinese
    state is in most events, and its bar flattens every foreign one), and the network of all partners."""
    view = View()
    a, mask = scope.arrays, scope.mask
    names = a.partner_names
    counts, sums = arrays.facet_tally(a, mask, "partner")

    def frame(codes: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame({"name": names["name"][codes], "side": names["side"][codes],
                             "country": names["country"][codes], "n": counts[codes], "yuan": sums[codes]})

    node_codes = arrays.ranked(counts, limit=NETWORK_NODES)
    nodes = frame(node_codes)
    if side in PARTNER_SIDES[1:]:
        on_side = names["side"] == side
        by_events = frame(arrays.ranked(np.where(on_side, counts, 0), limit=TOP))
    else:
        on_side = np.ones(len(counts), dtype=bool)
        by_events = nodes.head(TOP)  # the network's nodes are the most active partners already
    rich = arrays.ranked(np.where(on_side & (np.nan_to_num(sums) > 0), 1, 0), sums, limit=TOP)  # yuan, then name
    by_yuan = frame(rich)
    rank = np.full(a.size("partner") + 1, len(node_codes))
    rank[node_codes] = np.arange(len(node_codes))
    pairs = a.pairs["partner"]
    chosen = pairs.selected(mask) & (rank[pairs.code] < len(node_codes))
    shared = arrays.shared_pairs(pairs, chosen, rank, len(node_codes))
    first, second = np.nonzero(shared)
    low = np.minimum(node_codes[first], node_codes[second])  # the name first in order (codes follow names)
    high = np.maximum(node_codes[first], node_codes[second])
    order = np.lexsort([high, low, -shared[first, second]])[:400]
    edges = pd.DataFrame({"a": names["name"][low[order]], "b": names["name"][high[order]],
                          "n": shared[first, second][order]})
    view.frames.update(by_events=by_events, by_yuan=by_yuan, nodes=nodes, edges=edges)
    view.figures["by_events"] = figures.ranking(by_events, "name", "n", "events", colour=style.OKABE_ITO[4])
    view.figures["by_yuan"] = figures.ranking(by_yuan, "name", "yuan", yuan_values=True,
                                              colour=style.OKABE_ITO[5])
    view.figures["network"] = figures.network(nodes, edges)
    return view


def explorer(scope: Scope, limit: int = EXPLORER_ROWS) -> View:
    """The events table: newest first, at most ``limit`` rows (the count of all matches is in numbers)."""
    view = View()
    a, mask = scope.arrays, scope.mask
    view.numbers["events"] = int(mask.sum())
    # k orders events by date then event_id, undated last: the newest are the largest dated keys
    keys = np.flatnonzero(mask)
    dated = keys[a.dated[keys]]
    undated = keys[~a.dated[keys]]
    newest = np.concatenate([dated[::-1][:limit], undated[::-1][:max(0, limit - len(dated))]])
    table = scope.store.query(
        "SELECT k, event_id, article_id, date, event_type, partner_names, place, country, amount_cny, "
        "coalesce(article_title, article_source) AS source, language, evidence, summary, confidence "
        "FROM ev WHERE k BETWEEN ? AND ? AND k IN (SELECT unnest(?::INTEGER[]))",
        [int(newest.min()) if len(newest) else 0, int(newest.max()) if len(newest) else -1, newest.tolist()])
    position = pd.Series(np.arange(len(newest)), index=newest)
    table = table.iloc[np.argsort(position[table["k"]].to_numpy())].drop(columns="k").reset_index(drop=True)
    table["event_type"] = [style.type_label(t) for t in table["event_type"]]
    table["place"] = [place_label(place, code) for place, code in zip(table["place"], table["country"])]
    view.frames["events"] = table
    return view


def place_label(place: object, code: object) -> str:
    """An event's place with its country's name: "Alvorada, Brazil"; the name once when the place is the country
    itself ("Malaysia", not "Malaysia, Malaysia"); "" when neither is known."""
    country = country_name(code) if isinstance(code, str) and code else None
    place = place if isinstance(place, str) and place else None
    if place and country and place.casefold() != country.casefold():
        return f"{place}, {country}"
    return place or country or ""


def event_facts(store: Store, event_id: str) -> dict[str, pd.DataFrame | str | None]:
    """Everything extracted for one event, and its article's text (for the highlighted reading view); whatever
    the filters (a shared link opens its event under any filters), so it reads the store, not a scope."""
    query = store.query
    event = query("SELECT * FROM ev WHERE event_id = ?", [event_id])
    if event.empty:
        return {"event": event, "text": None}
    article_id = event["article_id"][0]
    text = query("SELECT text FROM article_text WHERE article_id = ? LIMIT 1", [article_id])
    return {
        "event": event,
        "text": text["text"][0] if not text.empty else None,
        "partners": query("SELECT name, canonical_name, kind, country, side, role, evidence FROM partners "
                          "WHERE event_id = ? ORDER BY partner_id", [event_id]),
        "sectors": query("SELECT sector, evidence FROM sectors WHERE event_id = ? ORDER BY sector", [event_id]),
        "amounts": query("SELECT value, currency, amount_cny, fx_rate, fx_date, qualifier, kind, counted, note, "
                         "evidence FROM amounts WHERE event_id = ? ORDER BY amount_id", [event_id]),
        "sources": query("SELECT a.article_id, a.title, a.source, a.url, a.published, a.language "
                         "FROM event_sources s JOIN articles a USING (article_id) WHERE s.event_id = ?", [event_id]),
    }


def readable_facts(facts: dict[str, pd.DataFrame | str | None]) -> dict[str, pd.DataFrame]:
    """The fact tables of :func:`event_facts` as a reader wants them: named columns, words for codes, country
    names, figures with their unit, in the order shown (Partners, Amounts, Sources); empty ones left out.
    Evidence, and the sectors (a name is all they have), are listed per sentence by :func:`evidence_sentences`.
    New frames: the cached facts are not changed."""
    out: dict[str, pd.DataFrame] = {}
    partners = facts.get("partners")
    if isinstance(partners, pd.DataFrame) and not partners.empty:
        out["Partners"] = pd.DataFrame({
            "As written": partners["name"], "Name": partners["canonical_name"],
            "Kind": [style.label(k) for k in partners["kind"]],
            "Country": [country_name(c) if isinstance(c, str) else "" for c in partners["country"]],
            "Side": [style.label(v) for v in partners["side"]], "Role": [style.label(v) for v in partners["role"]]})
    amounts = facts.get("amounts")
    if isinstance(amounts, pd.DataFrame) and not amounts.empty:
        out["Amounts"] = pd.DataFrame({
            "As stated": [style.money(v, c, "unknown") for v, c in zip(amounts["value"], amounts["currency"])],
            "In yuan": [style.yuan(v, "not converted") for v in amounts["amount_cny"]],
            "Rate": [_rate(r, c, d) for r, c, d in zip(amounts["fx_rate"], amounts["currency"], amounts["fx_date"])],
            "Qualifier": [style.label(q) for q in amounts["qualifier"]],
            "Kind": [style.label(k) for k in amounts["kind"]],
            "In the event's amount": [_counted(c) for c in amounts["counted"]],
            "Note": amounts["note"].fillna("")})
    sources = facts.get("sources")
    if isinstance(sources, pd.DataFrame) and not sources.empty:
        out["Sources"] = pd.DataFrame({
            "Title": sources["title"], "Published": [day_label(d) for d in sources["published"]],
            "Language": [style.language_name(v) for v in sources["language"]], "URL": sources["url"], "Input": sources["source"],
            "Article": sources["article_id"]})
    return out


def evidence_sentences(facts: dict[str, pd.DataFrame | str | None]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each distinct evidence sentence of an event once, in order of first use (the event's own sentence first),
    with the facts it supports as (kind, words): ("partner", "Partner: Gazprom"), ("amount", "Amount: CNY
    500 m"), ... (kinds as in :data:`dashboard.reading.KINDS`). Several facts usually rest on one sentence,
    which a column per table repeated and cut off."""
    found: dict[str, list[tuple[str, str]]] = {}

    def add(sentence: object, kind: str, words: str) -> None:
        if isinstance(sentence, str) and sentence.strip():
            cited = found.setdefault(sentence.strip(), [])
            if (kind, words) not in cited:
                cited.append((kind, words))

    event = facts.get("event")
    if isinstance(event, pd.DataFrame) and not event.empty:
        add(event["evidence"].iloc[0], "event", f"Event: {style.type_label(event['event_type'].iloc[0])}")
    partners, amounts, sectors = (facts.get(k) for k in ("partners", "amounts", "sectors"))
    if isinstance(partners, pd.DataFrame):
        for name, evidence in zip(partners["canonical_name"], partners["evidence"]):
            add(evidence, "partner", f"Partner: {name}")
    if isinstance(amounts, pd.DataFrame):
        for value, currency, evidence in zip(amounts["value"], amounts["currency"], amounts["evidence"]):
            add(evidence, "amount", f"Amount: {style.money(value, currency, 'unknown')}")
    if isinstance(sectors, pd.DataFrame):
        for sector, evidence in zip(sectors["sector"], sectors["evidence"]):
            add(evidence, "sector", f"Sector: {style.label(sector)}")
    return list(found.items())


def _rate(rate: object, currency: object, day: object) -> str:
    """How a figure became yuan: '6.9 CN¥ per USD (2020-01-15)'; '' for yuan itself or no rate."""
    if currency == "CNY" or not isinstance(rate, numbers.Real) or not math.isfinite(rate):
        return ""
    when = day_label(day)
    return f"{rate:,.4g} {style.YUAN} per {currency}" + (f" ({when})" if when else "")


def _counted(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""  # tables from before the column existed
    return "yes" if bool(value) else "no (part of a total)"


def day_label(value: object) -> str:
    """A date or timestamp as its day, '2020-01-15'; '' for none (None, NaT)."""
    return value.isoformat()[:10] if hasattr(value, "isoformat") and value == value else ""


def quality(store: Store) -> View:
    """Every input record, whatever the filters: articles by status and language, and why some were set aside."""
    view = View()
    by_status = store.query("SELECT status, language, count(*) AS n FROM articles GROUP BY ALL ORDER BY status")
    reasons = store.query("SELECT status, reason, count(*) AS n FROM articles WHERE status <> 'ok' "
                          "GROUP BY ALL ORDER BY n DESC, status, reason LIMIT 200")
    view.frames.update(by_status=by_status, reasons=reasons)
    view.figures["status"] = figures.status_bars(by_status)
    return view


def status_caption(by_status: pd.DataFrame) -> str:
    """How to read the status bars, naming the statuses of this build as the bars do, most records first."""
    statuses = by_status.groupby("status")["n"].sum().sort_values(ascending=False, kind="stable").index
    return ("How to read this: one bar per status (" + ", ".join(style.status_label(s) for s in statuses)
            + "), split by the article's language.")


def selection_caption(events: int, state: FilterState) -> str:
    """The events a download holds and the filters that chose them, in words: '3 events (country: Brazil;
    domestic events left out)'."""
    active = state.describe(domestic=True)
    return style.plural(events, "event") + (f" ({'; '.join(active)})" if active else " (no filter set)")


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
