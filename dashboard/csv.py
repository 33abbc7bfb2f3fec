"""The one way the dashboard turns a table into a CSV download, safe to open in a spreadsheet.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to Excel,
LibreOffice and Google Sheets ("CSV injection"); article text is untrusted, so such cells get a leading ``'``.
The file is UTF-8 with a byte-order mark so spreadsheets detect the encoding (Chinese, Cyrillic, Arabic names).
Tables shown with ``st.dataframe`` go through :func:`neutralise` too, so the table toolbar's own CSV export is
as safe as the download buttons.
"""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot start a formula (numbers, dates and booleans are untouched)."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series):
            out[column] = series.map(_cell_text, na_action="ignore")
    # a column name can come from data too (it does not today, but the header row is a row of cells)
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out


def _cell_text(value: object) -> object:
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    elif hasattr(value, "tolist") and not isinstance(value, str):  # numpy arrays from list columns
        value = "; ".join(str(v) for v in value.tolist())
    return neutralise_cell(value)


def safe_csv(frame: pd.DataFrame) -> bytes:
    """``frame`` as spreadsheet-safe CSV bytes: formulas neutralised, UTF-8 with BOM."""
    return neutralise(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
