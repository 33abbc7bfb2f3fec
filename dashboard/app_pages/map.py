"""Map: foreign partners and event places worldwide, and the Chinese side by province or city."""

import streamlit as st

from dashboard import figures, style, ui, views
from dashboard.sidebar import empty_state

st.title("Where the ties lead")
view, state = ui.page_view(views.world)
if not view.numbers["events"]:
    empty_state(state)
    st.stop()

st.subheader("World: foreign partners and event places")
ui.chart(view.figures["world"],
         "How to read this: a bubble gathers the events of one type whose foreign end lies within the same "
         "half-degree square (about 55 km across, so a city with its surroundings); it sits at, and is named "
         "after, the most frequent place in that square. Its area grows with the Chinese yuan disclosed there and "
         "its colour is the event type (smallest bubbles: no amount disclosed). Grey lines join the Chinese "
         "partner to the foreign one. Where a foreign partner has no place of its own (or is known only as its "
         "country), its country's capital stands in; a Chinese one without a place of its own is drawn at Beijing.",
         geo=True, key="world_map")
if view.numbers["unplaced"]:
    unplaced = view.numbers["unplaced"]
    st.caption(f"{style.plural(unplaced, 'event has', 'events have')} no known foreign place, so the map leaves "
               f"{'it' if unplaced == 1 else 'them'} out.")

st.subheader("China: the Chinese side by province or city")
ui.chart(view.figures["china"],
         "How to read this: a bubble sits at a Chinese partner's province or city; its area grows with the Chinese "
         "yuan of the events it joined.", geo=True, key="china_map")
if view.numbers["no_chinese_point"]:
    st.caption(f"{style.plural(view.numbers['no_chinese_point'], 'event has', 'events have')} no Chinese partner "
               "with a place of its own (most often the Chinese state, known only at the national level): this "
               "map leaves them out, and their lines on the world map start at Beijing.")
st.caption(figures.BOUNDARY_SOURCE + " Country capitals: GeoNames (CC BY 4.0).")
