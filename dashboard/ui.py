"""Small layout helpers shared by the pages (a chart with its "how to read this" caption, safe tables)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from . import figures, views
from .csv import neutralise
from .data import Store, get_store
from .filters import FilterState
from .sidebar import current_state

T = TypeVar("T")


def context() -> tuple[Store, FilterState]:
    return get_store(), current_state()


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


def store_view(build: Callable[..., T], *args: str) -> T:
    """``build(store, *args)`` (a function of :mod:`dashboard.views` that reads the whole build, whatever the
    filters: an event's facts, the input quality) computed once per build and arguments, like
    :func:`page_view`. Shared between sessions: pages must not change what it returns."""
    store = get_store()
    return _cached_store_view(str(store.folder), build.__name__, args, _store=store, _build=build)


@st.cache_resource(max_entries=64, show_spinner=False)
def _cached_store_view(folder: str, name: str, args: tuple[str, ...], *, _store: Store,
                       _build: Callable[..., T]) -> T:
    return _build(_store, *args)


def chart(fig: go.Figure, how_to_read: str, *, geo: bool = False, key: str | None = None) -> None:
    st.plotly_chart(fig, config=figures.MAP_CONFIG if geo else figures.CHART_CONFIG, key=key)
    st.caption(how_to_read)


def table(frame: pd.DataFrame, **kwargs):
    """st.dataframe over neutralised text, so the table toolbar's CSV export is spreadsheet-safe too; a missing
    value shows as a dash (Streamlit's default is the word "None")."""
    kwargs.setdefault("placeholder", "—")
    return st.dataframe(neutralise(frame), hide_index=True, **kwargs)
