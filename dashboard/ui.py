"""Small layout helpers shared by the pages (a chart with its "how to read this" caption, safe tables)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from . import figures
from .csv import neutralise
from .data import Scope, Store, get_store
from .filters import FilterState
from .sidebar import current_state


def context() -> tuple[Store, FilterState]:
    return get_store(), current_state()


def open_scope() -> Scope:
    store, state = context()
    return store.scope(state)


def chart(fig: go.Figure, how_to_read: str, *, geo: bool = False, key: str | None = None) -> None:
    st.plotly_chart(fig, config=figures.MAP_CONFIG if geo else figures.CHART_CONFIG, key=key)
    st.caption(how_to_read)


def table(frame: pd.DataFrame, **kwargs):
    """st.dataframe over neutralised text, so the table toolbar's CSV export is spreadsheet-safe too."""
    return st.dataframe(neutralise(frame), hide_index=True, **kwargs)
