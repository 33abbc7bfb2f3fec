"""Events explorer: the events table; choosing a row shows its article with each extracted fact highlighted."""

import streamlit as st

from dashboard import reading, style, ui, views
from dashboard.sidebar import empty_state

st.title("Events explorer")
with ui.open_scope() as scope:
    view = views.explorer(scope)
    table = view.frames["events"]
    if table.empty:
        empty_state(scope.state)
        st.stop()
    shown = table[["date", "event_type", "partner_names", "place", "amount", "source"]].rename(columns={
        "date": "Date", "event_type": "Type", "partner_names": "Partners", "place": "Place", "amount": "Amount",
        "source": "Source"})
    total = view.numbers["events"]
    st.caption(f"{style.count(total)} events match the filters"
               + (f"; the newest {style.count(len(table))} are listed (narrow the filters to see others)."
                  if total > len(table) else ".")
               + " Click a row to read its article.")
    selection = ui.table(shown, on_select="rerun", selection_mode="single-row", key="events_table",
                         height=min(360, 35 * (len(shown) + 1) + 3), column_config={"Date": st.column_config.DateColumn(format="YYYY-MM-DD")})
    rows = selection.selection.rows if selection is not None else []
    if rows:
        event_id = table["event_id"].iloc[rows[0]]
        if st.query_params.get("event") != event_id:
            st.query_params["event"] = event_id  # the link now opens this event
    else:
        event_id = st.query_params.get("event")
    facts = views.event_facts(scope, event_id) if event_id else None

if not facts or facts["event"].empty:
    st.info("Choose a row above to read the article behind an event, with the extracted facts highlighted.")
    st.stop()

event = facts["event"].iloc[0]
when = event["date"].date().isoformat() if hasattr(event["date"], "date") and event["date"] == event["date"] \
    else "date unknown"
st.subheader(f"{style.type_label(event['event_type'])} · {when}")
st.markdown(reading.escape(str(event["summary"] or event["evidence"])))
cols = st.columns(3)
cols[0].metric("Amount", style.yuan(event["amount_cny"]))
cols[1].metric("Confidence", f"{float(event['confidence']):.0%}")
cols[2].metric("Sources", style.count(len(facts["sources"])))

text = facts["text"]
needles = [(event["evidence"], "event")]
needles += [(n, "partner") for n in facts["partners"]["name"]]
needles += [(e, "amount") for e in facts["amounts"]["evidence"]]
needles += [(e, "sector") for e in facts["sectors"]["evidence"]]
st.markdown("**Article** — " + reading.legend())
if not text:
    st.info("This article's text is not in the tables; the facts and their evidence are listed below.")
else:
    excerpt, offset = reading.window(text, [event["evidence"]])
    if offset or len(excerpt) < len(text):
        st.caption(f"A long article: showing characters {offset:,}–{offset + len(excerpt):,} of {len(text):,}.")
    with st.container(height=420, border=True):
        st.markdown(reading.highlight(excerpt, needles))
st.markdown("**Extracted facts and their evidence**")
st.markdown(":blue-background[Event sentence:] " + reading.escape(str(event["evidence"])))
for title, key in (("Partners", "partners"), ("Amounts", "amounts"), ("Sectors", "sectors"),
                   ("Sources", "sources")):
    frame = facts[key]
    if not frame.empty:
        st.markdown(f"*{title}*")
        ui.table(frame)
