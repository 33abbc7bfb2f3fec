"""Data: downloads of the filtered tables, a quality view of the inputs, and adding articles."""

from pathlib import Path

import streamlit as st

from dashboard import style, ui, uploads, views
from dashboard.csv import safe_csv
from dashboard.data import get_store
from dashboard.sidebar import current_state

st.title("Data")
store, state = get_store(), current_state()

st.subheader("Download the filtered tables")
st.caption(views.selection_caption(int(store.selection(state).sum()), state)
           + ", with their partners, sectors and amounts; amounts in Chinese yuan are in the amount_cny columns. "
           "CSV files open safely in a spreadsheet (cells that would run as formulas start with an apostrophe; "
           "UTF-8 with a byte-order mark). Files are built when you click.")


def _csv(name: str):
    def build() -> bytes:  # runs on click, on its own thread: it opens its own cursor
        with store.scope(state) as scope:
            return safe_csv(views.download_frame(scope, name))
    return build


def _bundle() -> bytes:
    with store.scope(state) as scope:
        return views.parquet_bundle(scope)


cols = st.columns(5)
for col, name in zip(cols, views.DOWNLOADS):
    col.download_button(f"{name}.csv", data=_csv(name), file_name=f"sinoties-{name}.csv", mime="text/csv",
                        key=f"download_{name}", on_click="ignore", use_container_width=True)
cols[4].download_button("All as Parquet (zip)", data=_bundle, file_name="sinoties-tables.zip",
                        mime="application/zip", key="download_bundle", on_click="ignore",
                        use_container_width=True)

quality = ui.store_view(views.quality)
st.subheader("Input quality")
st.caption("Every input record, whatever the filters: what became an article, and why the others were set aside.")
if quality.frames["by_status"].empty:
    st.info("These tables hold no articles yet. Add some below, or build tables with `sinoties build`.")
else:
    ui.chart(quality.figures["status"], views.status_caption(quality.frames["by_status"]), key="status")
    if not quality.frames["reasons"].empty:
        st.markdown("**Why records were set aside**")
        reasons = quality.frames["reasons"]
        ui.table(reasons.assign(status=[style.status_label(s) for s in reasons["status"]]).rename(
            columns={"status": "Status", "reason": "Reason", "n": "Records"}))

st.subheader("Add articles")
limit = st.get_option("server.maxUploadSize")
st.caption(f"Text, HTML, JSON lines, CSV or zip files, up to {limit} MB each. They are saved under "
           f"`{store.root / uploads.UPLOADS}` and the tables are rebuilt with them.")
if not store.manifest.get("inputs"):
    st.warning("This build does not record its inputs, so a rebuild will hold only the uploaded articles.")
files = st.file_uploader("Articles", type=list(uploads.ACCEPTED), accept_multiple_files=True, key="upload_files")
if st.button("Add and rebuild", disabled=not files, type="primary"):
    bar = st.progress(0.0, text="Saving …")
    try:
        saved = uploads.save(((f.name, f.getvalue()) for f in files), store.root)
    except OSError as exc:
        st.error(f"Could not save the files under {store.root}: {exc.strerror or exc}")
        st.stop()

    def progress(done: int, total: int) -> None:
        bar.progress(min(done / max(total, 1), 1.0), text=f"Extracting {done:,} of {total:,} new articles …")

    bar.progress(0.05, text="Reading and cleaning …")
    try:
        summary = uploads.rebuild(store.manifest, store.root, progress)
    except Exception as exc:  # noqa: BLE001 - the page must say what happened, not show a traceback
        st.error(f"The rebuild failed ({type(exc).__name__}: {exc}); the previous tables are unchanged.")
        st.stop()
    bar.progress(1.0, text="Done")
    st.cache_resource.clear()  # the next run loads the new build
    st.session_state["upload_report"] = (summary.line(), [str(p) for p in saved])
    st.rerun()

report = st.session_state.get("upload_report")
if report:
    line, saved_paths = report
    st.success(f"Rebuilt: {line}.")
    rejected = uploads.rejected(store.query("SELECT source_id, source, status, reason FROM articles"),
                                [Path(p) for p in saved_paths])
    if rejected.empty:
        st.caption("Every uploaded record became an article.")
    else:
        st.markdown(f"**{style.count(len(rejected))} uploaded records were not used**")
        ui.table(rejected.rename(columns={"source_id": "Record", "status": "Status", "reason": "Reason"}))
