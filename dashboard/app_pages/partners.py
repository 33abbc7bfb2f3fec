"""Partners: top partners by events and by yuan, and who signs with whom."""

import streamlit as st

from dashboard import ui, views
from dashboard.sidebar import empty_state

st.title("Partners")
view, state = ui.page_view(views.partners)
if view.frames["nodes"].empty:
    empty_state(state, "partners")
    st.stop()

left, right = st.columns(2)
with left:
    st.subheader("Most events")
    ui.chart(view.figures["by_events"], "How to read this: events each partner took part in (names resolved "
             "across languages and aliases).", key="by_events")
with right:
    st.subheader("Most disclosed yuan")
    ui.chart(view.figures["by_yuan"], "How to read this: the sum of the disclosed amounts of the partner's events; "
             "partners with no disclosed amount are not listed.", key="by_yuan")
st.subheader("Who signs with whom")
ui.chart(view.figures["network"], "How to read this: a dot is one of the 40 partners with most events (orange: "
         "Chinese side, blue: foreign side; bigger: more events); a line joins two partners of the same event. "
         "Positions come from a force layout: linked partners pull together.", key="network")
