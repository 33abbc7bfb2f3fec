"""The sidebar filters: widgets <-> FilterState <-> URL query parameters.

On a session's first run the widgets take their values from the URL (a shared link opens the same view); from
then on the widgets are the truth and the URL is rewritten to match after every change. Values in the URL that
the data does not hold are dropped (a link to another build still opens).
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from . import style
from .data import Store, country_name
from .filters import LIST_PARAMS, FilterState

PREFIX = "filter_"
PAGE_PARAMS = ("event", "measure", "side")  # query parameters owned by a page, kept when the filters rewrite the URL
STATE_KEY = "filter_state"


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def _key(name: str) -> str:
    return PREFIX + name


def _seed_widgets(state: FilterState, store: Store) -> None:
    """Put ``state`` into the widgets' session keys, keeping only values the data offers."""
    options = store.options
    for attr in LIST_PARAMS.values():
        allowed = set(options[attr])
        st.session_state[_key(attr)] = [v for v in getattr(state, attr) if v in allowed]
    low, high = options["date_range"]
    if low and high:
        start = min(max(state.date_from or low, low), high)
        end = max(min(state.date_to or high, high), low)
        st.session_state[_key("dates")] = (start, max(start, end))
    st.session_state[_key("amount_min")] = None if state.amount_min is None else state.amount_min / 1e6
    st.session_state[_key("amount_max")] = None if state.amount_max is None else state.amount_max / 1e6
    st.session_state[_key("search")] = state.search
    st.session_state[_key("domestic")] = state.include_domestic


def _reset() -> None:
    for key in [k for k in st.session_state if str(k).startswith(PREFIX)]:
        del st.session_state[key]
    kept = {k: v for k, v in _url_params().items() if k in PAGE_PARAMS}
    st.query_params.from_dict(kept)  # else the next run would seed the widgets from the old URL again
    st.session_state[_key("seeded")] = False


def filter_sidebar(store: Store) -> FilterState:
    """Draw the filters in the sidebar and return the state they describe (also kept in the URL)."""
    if not st.session_state.get(_key("seeded")):
        _seed_widgets(FilterState.from_query_params(_url_params()), store)
        st.session_state[_key("seeded")] = True
    options = store.options
    side = st.sidebar
    side.header("Filters")
    low, high = options["date_range"]
    dates = (None, None)
    if low and high:
        picked = side.date_input("Dates", min_value=low, max_value=high, key=_key("dates"),
                                 help="Events without a known date are left out once you narrow the range.")
        if isinstance(picked, (tuple, list)) and len(picked) == 2:
            dates = (picked[0] if picked[0] > low else None, picked[1] if picked[1] < high else None)
        elif isinstance(picked, (tuple, list)) and len(picked) == 1:  # only the start chosen so far
            dates = (picked[0] if picked[0] > low else None, None)
    else:
        side.caption("No dated events in these tables.")
    regions = side.multiselect("Region (continent)", options["regions"], key=_key("regions"))
    countries = side.multiselect("Foreign country", options["countries"], key=_key("countries"),
                                 format_func=lambda c: f"{country_name(c)} ({c})")
    cn_places = side.multiselect("Chinese province or city", options["cn_places"], key=_key("cn_places"),
                                 help="A Chinese local-government partner, or where in China the event took place.")
    event_types = side.multiselect("Event type", options["event_types"], key=_key("event_types"),
                                   format_func=style.type_label)
    sectors = side.multiselect("Sector", options["sectors"], key=_key("sectors"), format_func=style.label)
    kinds = side.multiselect("Partner kind", options["partner_kinds"], key=_key("partner_kinds"),
                             format_func=style.label)
    languages = side.multiselect("Article language", options["languages"], key=_key("languages"),
                                 format_func=lambda c: f"{style.language_name(c)} ({c})")
    left, right = side.columns(2)
    yuan_help = "The event's headline amount in million Chinese yuan (CNY): 1,000 is CN¥ 1 bn."
    amount_min = left.number_input(f"Min amount (million {style.YUAN})", min_value=0.0, value=None, step=100.0,
                                   key=_key("amount_min"), help=yuan_help)
    amount_max = right.number_input(f"Max amount (million {style.YUAN})", min_value=0.0, value=None, step=100.0,
                                    key=_key("amount_max"), help=yuan_help)
    if amount_min is not None or amount_max is not None:
        side.caption("An amount range leaves out events whose amount was not disclosed.")
    search = side.text_input("Search", key=_key("search"), max_chars=200,
                             placeholder="words in the evidence, summary or partner names")
    include_domestic = side.checkbox("Include domestic events", key=_key("domestic"),
                                     help="Events where every partner is on the Chinese side.")
    side.button("Reset filters", on_click=_reset, use_container_width=True)

    state = FilterState(
        date_from=dates[0], date_to=dates[1], countries=tuple(countries), regions=tuple(regions),
        cn_places=tuple(cn_places), event_types=tuple(event_types), sectors=tuple(sectors),
        partner_kinds=tuple(kinds),
        amount_min=None if amount_min is None else float(amount_min) * 1e6,
        amount_max=None if amount_max is None else float(amount_max) * 1e6,
        languages=tuple(languages), search=(search or "").strip(), include_domestic=bool(include_domestic),
    )
    _write_url(state)
    st.session_state[STATE_KEY] = state
    return state


def _write_url(state: FilterState) -> None:
    current = _url_params()
    wanted = {k: (v if isinstance(v, list) else [v]) for k, v in state.to_query_params().items()}
    for key in PAGE_PARAMS:
        if key in current:
            wanted[key] = current[key]
    if current != wanted:
        st.query_params.from_dict(wanted)


def page_choice(label: str, options: dict[str, str], param: str, *, key: str, help: str | None = None) -> str:
    """A page's own choice among ``options`` (value -> words), as a segmented control kept in the URL under
    ``param`` (one of :data:`PAGE_PARAMS`), so a link reopens it. The first option is the default and keeps the
    URL clean; a value in the URL that is not an option is ignored."""
    default = next(iter(options))
    linked = st.query_params.get(param, default)
    choice = st.segmented_control(label, list(options), format_func=options.get, required=True, key=key,
                                  default=linked if linked in options else default, help=help) or default
    if choice == default:
        if param in st.query_params:
            del st.query_params[param]
    elif st.query_params.get(param) != choice:
        st.query_params[param] = choice
    return choice


def current_state() -> FilterState:
    """The state drawn by this run's sidebar (pages call this; the app draws the sidebar first)."""
    return st.session_state.get(STATE_KEY, FilterState())


def empty_state(state: FilterState, what: str = "events") -> None:
    """Say that nothing matches, and what to change."""
    active = state.describe()
    if active:
        st.info(f"No {what} match these filters ({'; '.join(active)}). Widen or clear a filter in the sidebar "
                "(or press **Reset filters**).")
    elif not state.include_domestic:
        st.info(f"No {what} with a foreign partner in these tables. Tick **Include domestic events** in the "
                "sidebar, or build tables from more articles (Data page → Add articles).")
    else:
        st.info(f"These tables hold no {what} yet. Add articles on the Data page, or start the dashboard on "
                "other tables with `sinoties serve --data DIR`.")
