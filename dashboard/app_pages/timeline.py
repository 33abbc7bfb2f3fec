"""Timeline: events per month by type, yuan per quarter, cumulative yuan."""

import streamlit as st

from dashboard import style, ui, views
from dashboard.sidebar import empty_state

st.title("Timeline")
view, state = ui.page_view(views.timeline)
if not view.numbers["events"]:
    empty_state(state)
    st.stop()

st.subheader("Events per month, by type")
ui.chart(view.figures["monthly"], "How to read this: bars stack the month's events by type. Use the buttons "
         "(1 y, 3 y, 5 y, all) or drag the slider under the chart to choose the range.", key="monthly")
st.subheader("Disclosed yuan per quarter")
ui.chart(view.figures["quarterly"], "How to read this: the height is the sum of the amounts disclosed that "
         "quarter, in Chinese yuan (the axis names the scale); hover for the number of events without a disclosed "
         "amount.", key="quarterly")
st.subheader("Cumulative disclosed yuan")
ui.chart(view.figures["cumulative"], "How to read this: the running total of disclosed amounts since the first "
         "dated event; flat stretches are quarters with nothing disclosed.", key="cumulative")
if view.numbers["undated"]:
    st.caption(f"{style.plural(view.numbers['undated'], 'event has', 'events have')} no known date, so these "
               "charts leave them out.")
