"""sinoties transforms: read article piles, extract Sino-foreign economic ties, write tidy Parquet tables."""

__version__ = "0.1.0"
