"""The sinoties dashboard: navigation, and the sidebar filters every page obeys.

Started by ``sinoties serve [--data DIR]`` (``streamlit run dashboard/app.py`` with ``SINOTIES_DATA=DIR``).
Pages live in ``dashboard/pages/`` and only read the tables.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

if __package__ in (None, ""):  # run as a script by Streamlit: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import data, sidebar  # noqa: E402

st.set_page_config(page_title="sinoties — China's economic ties", page_icon="🌐", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon="📊", default=True, url_path="overview"),
    st.Page("pages/map.py", title="Map", icon="🗺️", url_path="map"),
    st.Page("pages/timeline.py", title="Timeline", icon="📈", url_path="timeline"),
    st.Page("pages/sectors.py", title="Sectors", icon="🏭", url_path="sectors"),
    st.Page("pages/partners.py", title="Partners", icon="🤝", url_path="partners"),
    st.Page("pages/events.py", title="Events explorer", icon="🔍", url_path="events"),
    st.Page("pages/data.py", title="Data", icon="💾", url_path="data"),
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
