"""The schema module is the executable form of CONTRACT.md: the two must agree, and so must what build writes."""

from __future__ import annotations

import re

import pyarrow as pa
import pytest

from transforms import pipeline, schema
from tests.conftest import shared_path


def _contract_tables(text: str) -> tuple[dict[str, list[str]], dict[str, dict[str, set[str]]]]:
    """Parse the Tables section of CONTRACT.md into {table: columns} and {table: {column: allowed values}}."""
    section = text.split("## Tables", 1)[1].split("\n## ", 1)[0]
    columns: dict[str, list[str]] = {}
    allowed: dict[str, dict[str, set[str]]] = {}
    for block in re.split(r"\n(?=\*\*[a-z_]+\*\*)", section):
        head = re.match(r"\*\*([a-z_]+)\*\*", block)
        if not head:
            continue
        name = head.group(1)
        body = block[head.end():]
        inline = re.findall(r"\*\*event_sources\*\*: ([a-z_, ]+)", body)
        if inline:
            columns["event_sources"] = [c.strip() for c in inline[0].split(",")]
        body = re.sub(r"\([^()]*\)", "", body)  # parentheticals explain; they hold no columns
        cols: list[str] = []
        values: dict[str, set[str]] = {}
        lines = body.strip("\n").split("\n")
        first = lines[0].lstrip(" —-")
        if not first.startswith("one row"):  # "**sectors** — event_id, sector, evidence; sector is one of ..."
            cols += [c.strip() for c in first.split(";")[0].split(",") if re.fullmatch(r"\s*[a-z_]+\s*", c)]
            if "one of" in body:
                values[first.split(";")[1].split()[0]] = set(re.findall(r"`([a-z_]+)`", body))
        for line in lines[1:]:
            if not line.startswith("- "):
                continue
            for part in line[2:].split(";"):
                names, _, rest = part.partition(":")
                if not rest and "—" in part:
                    names = part.split("—")[0]
                for col in names.split(","):
                    col = col.strip()
                    if re.fullmatch(r"[a-z_]+", col):
                        cols.append(col)
                choices = re.findall(r"`([A-Za-z_]+)`", rest)
                if "|" in rest and choices:
                    values[cols[-1]] = set(choices)
        columns[name] = cols
        allowed[name] = values
    return columns, allowed


@pytest.fixture(scope="module")
def contract():
    return _contract_tables(shared_path("CONTRACT.md").read_text(encoding="utf-8"))


def test_every_contract_table_has_a_schema(contract):
    columns, _ = contract
    assert set(columns) == set(schema.TABLES)


@pytest.mark.parametrize("table", sorted(schema.TABLES))
def test_schema_columns_match_the_contract(contract, table):
    columns, _ = contract
    ours = [f.name for f in schema.TABLES[table] if f.name not in schema.EXTRA_COLUMNS.get(table, {})]
    assert ours == columns[table]


def test_allowed_values_match_the_contract(contract):
    _, allowed = contract
    for table, by_column in allowed.items():
        for column, values in by_column.items():
            if column == "side":  # the contract writes `chinese` (CN, HK, MO) | `foreign`
                values = values - {"CN", "HK", "MO"}
            assert set(schema.ALLOWED_VALUES[table][column]) == values, (table, column)


def test_extra_columns_are_declared_and_in_the_schema():
    for table, extra in schema.EXTRA_COLUMNS.items():
        assert set(extra) <= set(schema.TABLES[table].names)


def test_validate_reports_each_kind_of_breach():
    good = schema.to_table("sectors", [{"event_id": "e1", "sector": "energy", "evidence": "s"}])
    assert schema.validate("sectors", good) == []
    bad = schema.to_table("sectors", [
        {"event_id": "e1", "sector": "energy", "evidence": "s"},
        {"event_id": "e1", "sector": "energy", "evidence": "s"},
        {"event_id": "e2", "sector": "space_mining", "evidence": "s"},
    ])
    problems = schema.validate("sectors", bad)
    assert any("outside the contract" in p and "space_mining" in p for p in problems)
    assert any("duplicate keys" in p for p in problems)
    negative = schema.to_table("amounts", [{"event_id": "e", "amount_id": "a", "value": 1.0, "amount_cny": -5.0,
                                            "qualifier": "exact", "kind": "loan", "evidence": "s", "counted": True}])
    assert any("negative" in p for p in schema.validate("amounts", negative))
    missing = pa.table({"event_id": ["e"]})
    assert any("missing column sector" in p for p in schema.validate("sectors", missing))


def test_to_table_rejects_a_null_key():
    with pytest.raises((pa.ArrowInvalid, ValueError)):
        schema.to_table("events", [{"event_id": None}]).validate(full=True)


def test_tables_written_by_build_match_the_schemas(tmp_path, write):
    write("one.txt", "Moscow and Shenzhen signed a memorandum of cooperation on 6 March 2024.")
    write("empty.txt", "")
    out = tmp_path / "out"
    pipeline.build([write.root], out, quiet=True)
    import pyarrow.parquet as pq

    for name, expected in schema.TABLES.items():
        table = pq.read_table(out / f"{name}.parquet")
        assert table.schema.equals(expected), name
        assert schema.validate(name, table) == [], name
