"""Partners: top partners by events and by yuan (all, or one side), and who signs with whom."""

import streamlit as st

from dashboard import figures, ui, views
from dashboard.sidebar import empty_state, page_choice

st.title("Partners")
sides = dict(zip(views.PARTNER_SIDES, ("All partners", "Chinese side", "Foreign side"), strict=True))
side = page_choice("Rank", sides, "side", key="partner_side",
                   help="The Chinese state takes part in most events; rank one side to compare the others.")
view, state = ui.page_view(views.partners, side)
if view.frames["nodes"].empty:
    empty_state(state, "partners")
    st.stop()

which = "" if side == views.PARTNER_SIDES[0] else f" on the {sides[side].lower()}"
left, right = st.columns(2)
with left:
    st.subheader("Most events")
    ui.chart(view.figures["by_events"], f"How to read this: events each partner{which} took part in (names "
             "resolved across languages and aliases).", key="by_events")
with right:
    st.subheader("Most disclosed yuan")
    ui.chart(view.figures["by_yuan"], f"How to read this: the sum of the disclosed amounts (Chinese yuan) of the "
             f"events of each partner{which}; partners with no disclosed amount are not listed.", key="by_yuan")
st.subheader("Who signs with whom")
ui.chart(view.figures["network"], f"How to read this: a dot is one of the {views.NETWORK_NODES} partners with most "
         "events, both sides (orange: Chinese side, blue: foreign side; bigger: more events; the "
         f"{figures.NETWORK_LABELS} biggest are named, hover for the others); a line joins two partners of the "
         "same event. Positions come from a force layout: linked partners pull together.", key="network")
