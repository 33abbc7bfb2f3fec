"""Small layout helpers shared by the pages (a chart with its "how to read this" caption, safe tables)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from . import figures, views
from .csv import neutralise
from .data import Scope, Store, get_store
from .filters import FilterState
from .sidebar import current_state


def context() -> tuple[Store, FilterState]:
    return get_store(), current_state()


def open_scope() -> Scope:
    store, state = context()
    return store.scope(state)


def page_view(build: Callable[..., views.View], *args: str) -> tuple[views.View, FilterState]:
    """``build(scope, *args)`` (a page function of :mod:`dashboard.views`) for the current filters, and the
    filters. Computed once per build, page, filter state and arguments: Streamlit reruns the whole page on every
    interaction, and a rerun, back or forward to a state seen recently then costs nothing. Views are shared
    between sessions, so pages must not change them."""
    store, state = context()
    view = _cached_view(str(store.folder), build.__name__, repr(state), args, _store=store, _state=state,
                        _build=build)
    return view, state


@st.cache_resource(max_entries=64, show_spinner=False)
def _cached_view(folder: str, page: str, state_key: str, args: tuple[str, ...], *, _store: Store,
                 _state: FilterState, _build: Callable[..., views.View]) -> views.View:
    """Keyed by the arguments without a leading underscore (``state_key`` is the state's repr, which holds
    every field); the store and the state themselves ride along unhashed."""
    with _store.scope(_state) as scope:
        return _build(scope, *args)


def chart(fig: go.Figure, how_to_read: str, *, geo: bool = False, key: str | None = None) -> None:
    st.plotly_chart(fig, config=figures.MAP_CONFIG if geo else figures.CHART_CONFIG, key=key)
    st.caption(how_to_read)


def table(frame: pd.DataFrame, **kwargs):
    """st.dataframe over neutralised text, so the table toolbar's CSV export is spreadsheet-safe too."""
    return st.dataframe(neutralise(frame), hide_index=True, **kwargs)
