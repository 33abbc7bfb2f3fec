"""Sectors: breakdown by count and by yuan, and sector × country."""

import streamlit as st

from dashboard import ui, views
from dashboard.sidebar import empty_state, page_choice

st.title("Sectors")
measures = {"n": "Number of events", "yuan": "Disclosed yuan"}
measure = page_choice("Size by", measures, "measure", key="sector_measure")
view, state = ui.page_view(views.sectors, measure)
if view.frames["totals"].empty:
    empty_state(state, "events with a sector")
    st.stop()

left, right = st.columns([3, 2])
with left:
    ui.chart(view.figures["treemap"], "How to read this: each tile is a sector; its area is its share of "
             + ("events." if measure == "n" else "disclosed yuan.") + " An event in two sectors counts in both.",
             key="treemap")
with right:
    ui.chart(view.figures["bars"], "The same figures as bars, largest first.", key="sector_bars")
st.subheader("Sector × foreign country")
ui.chart(view.figures["heatmap"], "How to read this: a cell counts the events of a sector with partners from a "
         "country (the 15 countries with most events); darker means fewer, brighter means more.", key="heatmap")
