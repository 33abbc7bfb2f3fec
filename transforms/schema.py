"""Every table sinoties writes: columns, Arrow types and allowed values.

This module is the executable form of the table contract (``CONTRACT.md`` in the shared folder and the
"Tables" section of the README). Writers build their tables through :func:`to_table`, and the tests check
both that this module agrees with the contract and that what ``build`` writes matches these schemas.
Columns beyond the contract's are allowed (the contract permits additions); they are listed in
``EXTRA_COLUMNS`` so the drift test can tell a deliberate addition from a typo.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyarrow as pa

ARTICLE_STATUSES = ("ok", "duplicate", "off_topic", "empty", "unreadable", "too_large", "error")
DATE_PRECISIONS = ("day", "month", "year")
EVENT_TYPES = (
    "mou",
    "agreement",
    "contract",
    "investment",
    "finance",
    "visit",
    "meeting",
    "trade_fair",
    "partnership",
    "other",
)
PARTNER_KINDS = (
    "country",
    "national_government",
    "local_government",
    "company",
    "bank",
    "chamber_association",
    "university_research",
    "international_org",
    "other",
)
SIDES = ("chinese", "foreign")
CHINESE_SIDE_COUNTRIES = frozenset({"CN", "HK", "MO"})
SECTORS = (
    "agriculture",
    "energy",
    "metals_mining",
    "manufacturing",
    "transport_logistics",
    "construction_real_estate",
    "technology",
    "finance",
    "trade",
    "health",
    "education",
    "science_innovation",
    "culture_tourism",
    "environment",
    "urban_development",
    "other",
)
QUALIFIERS = ("exact", "approx", "at_least", "up_to", "range_low", "range_high")
AMOUNT_KINDS = ("investment", "loan", "grant", "contract_value", "trade_volume", "other")

_s, _d, _f64, _f32, _b, _i32 = pa.string(), pa.date32(), pa.float64(), pa.float32(), pa.bool_(), pa.int32()


def _schema(*fields: tuple[str, pa.DataType, bool]) -> pa.Schema:
    return pa.schema([pa.field(name, dtype, nullable=nullable) for name, dtype, nullable in fields])


ARTICLES = _schema(
    ("article_id", _s, False),
    ("source_id", _s, False),
    ("source", _s, False),
    ("url", _s, True),
    ("title", _s, True),
    ("published", _d, True),
    ("language", _s, True),
    ("status", _s, False),
    ("reason", _s, True),
    ("duplicate_of", _s, True),
    ("n_chars", _i32, False),
    ("text", _s, True),
)

EVENTS = _schema(
    ("event_id", _s, False),
    ("article_id", _s, False),
    ("date", _d, True),
    ("date_precision", _s, True),
    ("event_type", _s, False),
    ("summary", _s, True),
    ("evidence", _s, False),
    ("place", _s, True),
    ("country", _s, True),
    ("lat", _f64, True),
    ("lon", _f64, True),
    ("domestic", _b, False),
    ("amount_cny", _f64, True),
    ("confidence", _f32, False),
)

EVENT_SOURCES = _schema(
    ("event_id", _s, False),
    ("article_id", _s, False),
)

PARTNERS = _schema(
    ("event_id", _s, False),
    ("partner_id", _s, False),
    ("name", _s, False),
    ("canonical_name", _s, False),
    ("kind", _s, False),
    ("country", _s, True),
    ("side", _s, True),
    ("role", _s, True),
    ("lat", _f64, True),
    ("lon", _f64, True),
    ("evidence", _s, False),
)

SECTORS_TABLE = _schema(
    ("event_id", _s, False),
    ("sector", _s, False),
    ("evidence", _s, False),
)

AMOUNTS = _schema(
    ("event_id", _s, False),
    ("amount_id", _s, False),
    ("value", _f64, False),
    ("currency", _s, True),
    ("amount_cny", _f64, True),
    ("fx_rate", _f64, True),
    ("fx_date", _d, True),
    ("fx_source", _s, True),
    ("qualifier", _s, False),
    ("kind", _s, False),
    ("evidence", _s, False),
    # additions beyond the contract (see EXTRA_COLUMNS)
    ("counted", _b, False),
    ("note", _s, True),
)

TABLES: dict[str, pa.Schema] = {
    "articles": ARTICLES,
    "events": EVENTS,
    "event_sources": EVENT_SOURCES,
    "partners": PARTNERS,
    "sectors": SECTORS_TABLE,
    "amounts": AMOUNTS,
}

# Columns we add to the contract's tables, with why.
EXTRA_COLUMNS: dict[str, dict[str, str]] = {
    "amounts": {
        "counted": ("true when the figure counts toward the event's amount_cny (false for the parts of a stated total, "
                    "an equivalent in another currency, or a macro figure over 5 trillion yuan)"),
        "note": ("why amount_cny is null (unknown currency, no rate for that date, ...) or why a figure is not "
                 "counted (over 5 trillion yuan: a macro figure)"),
    },
}

# column -> allowed values, per table; checked by validate() and by the data tests
ALLOWED_VALUES: dict[str, dict[str, tuple[str, ...]]] = {
    "articles": {"status": ARTICLE_STATUSES},
    "events": {"date_precision": DATE_PRECISIONS, "event_type": EVENT_TYPES},
    "partners": {"kind": PARTNER_KINDS, "side": SIDES},
    "sectors": {"sector": SECTORS},
    "amounts": {"qualifier": QUALIFIERS, "kind": AMOUNT_KINDS},
}

# the key that must be unique in each table
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("article_id",),
    "events": ("event_id",),
    "event_sources": ("event_id", "article_id"),
    "partners": ("partner_id",),
    "sectors": ("event_id", "sector"),
    "amounts": ("amount_id",),
}


def to_table(name: str, rows: Iterable[Mapping[str, object]]) -> pa.Table:
    """Build table ``name`` from row dicts, in schema order and types; missing keys become null."""
    schema = TABLES[name]
    rows = list(rows)
    columns = {field.name: [row.get(field.name) for row in rows] for field in schema}
    for field in schema:
        if not field.nullable and any(value is None for value in columns[field.name]):
            raise ValueError(f"{name}.{field.name} is not nullable, but a row leaves it empty")
    return pa.Table.from_pydict(columns, schema=schema)


def empty_table(name: str) -> pa.Table:
    return TABLES[name].empty_table()


def validate(name: str, table: pa.Table) -> list[str]:
    """Return the ways ``table`` breaks the contract for ``name`` (an empty list when it keeps it)."""
    import pyarrow.compute as pc

    problems: list[str] = []
    schema = TABLES[name]
    for field in schema:
        if field.name not in table.column_names:
            problems.append(f"{name}: missing column {field.name}")
            continue
        column = table.column(field.name)
        if column.type != field.type:
            problems.append(f"{name}.{field.name}: type {column.type}, expected {field.type}")
        if not field.nullable and column.null_count:
            problems.append(f"{name}.{field.name}: {column.null_count} nulls in a not-null column")
    for column_name, allowed in ALLOWED_VALUES.get(name, {}).items():
        if column_name not in table.column_names:
            continue
        values = set(pc.unique(table.column(column_name)).to_pylist()) - {None}
        unknown = values - set(allowed)
        if unknown:
            problems.append(f"{name}.{column_name}: values outside the contract: {sorted(unknown)}")
    key = PRIMARY_KEYS[name]
    if table.num_rows and all(k in table.column_names for k in key):
        n_unique = table.group_by(list(key)).aggregate([]).num_rows
        if n_unique != table.num_rows:
            problems.append(f"{name}: {table.num_rows - n_unique} duplicate keys on {key}")
    for column_name in ("amount_cny", "value", "fx_rate"):
        if column_name in table.column_names and table.num_rows:
            column = table.column(column_name)
            negative = pc.sum(pc.less(column, 0)).as_py() or 0
            if negative:
                problems.append(f"{name}.{column_name}: {negative} negative values")
    return problems
