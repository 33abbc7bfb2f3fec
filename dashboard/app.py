"""The sinoties dashboard: navigation, and the sidebar filters every page obeys.

Started by ``sinoties serve [--data DIR]`` (``streamlit run dashboard/app.py`` with ``SINOTIES_DATA=DIR``).
Pages live in ``dashboard/app_pages/`` and only read the tables. (Not ``pages/``: Streamlit treats a folder
named ``pages`` beside the main script as the old file-based navigation and would run a page without this
script, hence without the filters.)
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

if __package__ in (None, ""):  # run as a script by Streamlit: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import data, sidebar  # noqa: E402

st.set_page_config(page_title="sinoties — China's economic ties", layout="wide")

PAGES = [
    st.Page("app_pages/overview.py", title="Overview", default=True, url_path="overview"),
    st.Page("app_pages/map.py", title="Map", url_path="map"),
    st.Page("app_pages/timeline.py", title="Timeline", url_path="timeline"),
    st.Page("app_pages/sectors.py", title="Sectors", url_path="sectors"),
    st.Page("app_pages/partners.py", title="Partners", url_path="partners"),
    st.Page("app_pages/events.py", title="Events explorer", url_path="events"),
    st.Page("app_pages/data.py", title="Data", url_path="data"),
]

page = st.navigation(PAGES)
try:
    store = data.get_store()
except Exception as exc:  # noqa: BLE001 - a broken build must still give a page that says what to do
    st.error(f"The tables in `{data.data_root()}` could not be read ({type(exc).__name__}: {exc}). "
             "Rebuild them with `sinoties build INPUT --out DIR`, then reload this page.")
    st.stop()
sidebar.filter_sidebar(store)
st.sidebar.caption(f"Tables: `{store.root}` · build `{store.manifest.get('build_id', 'unversioned')}`")
page.run()
