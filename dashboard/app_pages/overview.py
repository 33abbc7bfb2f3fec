"""Overview: headline figures, a timeline, top countries and sectors."""

import streamlit as st

from dashboard import style, ui, views
from dashboard.sidebar import empty_state

st.title("China's economic ties: overview")
view, state = ui.page_view(views.overview)
numbers = view.numbers
if not numbers["events"]:
    empty_state(state)
    st.stop()

cols = st.columns(4)
cols[0].metric("Events", style.count(numbers["events"]))
cols[1].metric("Partners", style.count(numbers["partners"]), help="Distinct partners, Chinese and foreign.")
cols[2].metric("Foreign countries", style.count(numbers["countries"]))
cols[3].metric("Disclosed amounts", style.yuan(numbers["yuan"], "none disclosed"),
               help="Sum of the events' headline amounts in Chinese yuan (CNY); figures stated in other "
                    "currencies are converted to yuan.")
st.caption(views.headline_caption(numbers))

st.subheader("Events per month")
ui.chart(view.figures["timeline"], "How to read this: each bar is a month; its colours split the events by type. "
         "Events without a date are not shown.")
left, right = st.columns(2)
with left:
    st.subheader("Top foreign countries")
    ui.chart(view.figures["countries"], "Events with at least one partner from (or taking place in) the country.")
with right:
    st.subheader("Top sectors")
    ui.chart(view.figures["sectors"], "Events per sector; an event in two sectors counts in both.")
