"""The sinoties Streamlit dashboard: reads the tables, never re-implements extraction."""
