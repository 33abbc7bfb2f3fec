"""Events explorer: the events table; choosing a row shows its article with each extracted fact highlighted."""

import zlib

import streamlit as st

from dashboard import reading, style, ui, views
from dashboard.sidebar import empty_state

st.title("Events explorer")
view, state = ui.page_view(views.explorer)  # cached per filter state: a row click reruns without recomputing
table = view.frames["events"]
if table.empty:
    empty_state(state)
    st.stop()

shown = table[["date", "event_type", "partner_names", "place", "amount_cny", "source"]].rename(columns={
    "date": "Date", "event_type": "Type", "partner_names": "Partners", "place": "Place", "amount_cny": "Amount",
    "source": "Source"})
shown["Amount"] = shown["Amount"] / 1e6  # a number, so the column sorts by size
total = view.numbers["events"]
st.caption(f"{style.plural(total, 'event matches', 'events match')} the filters"
           + (f"; the newest {style.count(len(table))} are listed (narrow the filters to see others)."
              if total > len(table) else ".")
           + " Click a row to read its article; click a column's name to sort by it.")
linked = st.query_params.get("event")
listed = table.index[table["event_id"] == linked].tolist() if linked else []
selection = ui.table(
    shown, on_select="rerun", selection_mode="single-row",
    # one table per filter state: a selection never carries over to the row that takes its place in another list
    key=f"events_table_{zlib.crc32(repr(state).encode()):08x}",
    selection_default={"selection": {"rows": listed[:1]}} if listed else None,
    height=min(360, 35 * (len(shown) + 1) + 3),
    column_config={
        "Date": st.column_config.DateColumn(format="YYYY-MM-DD"),
        "Amount": st.column_config.NumberColumn(f"Amount (million {style.YUAN})", format="%,.1f",
                                                help="The event's headline amount in million Chinese yuan "
                                                     "(other currencies converted); — : not disclosed."),
    })
rows = selection.selection.rows if selection is not None else []
if rows:
    event_id = table["event_id"].iloc[rows[0]]
    if linked != event_id:
        st.query_params["event"] = event_id  # the link now opens this event
elif listed:  # the linked event's row was unticked: close it
    del st.query_params["event"]
    event_id = None
else:
    event_id = linked  # a link to an event the list does not show (other filters, or older than the newest)
facts = ui.store_view(views.event_facts, event_id) if event_id else None

if not facts or facts["event"].empty:
    st.info("Choose a row above to read the article behind an event, with the extracted facts highlighted.")
    st.stop()
if not rows:
    st.caption("This event is not among the rows listed for these filters.")

event = facts["event"].iloc[0]
when = views.day_label(event["date"]) or "date unknown"
st.subheader(f"{style.type_label(event['event_type'])} · {when}")
st.markdown(reading.escape(str(event["summary"] or event["evidence"])))
cols = st.columns(3)
cols[0].metric("Amount", style.yuan(event["amount_cny"]),
               help="The event's headline amount in Chinese yuan: the figures marked as in the event's amount "
                    "below, converted to yuan where stated in another currency.")
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
st.caption("Each sentence the facts rest on, once, with the facts it gives.")
for sentence, cited in views.evidence_sentences(facts):
    st.markdown("- " + reading.escape(sentence) + "  \n  " + " · ".join(
        f":{reading.KINDS[kind][0]}-background[{reading.escape(words)}]" for kind, words in cited))
for title, frame in views.readable_facts(facts).items():
    st.markdown(f"*{title}*")
    ui.table(frame)
