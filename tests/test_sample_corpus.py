"""The embedded sample corpus: its gold file is current and it has the spread the dashboard needs."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

from transforms import io, paths, schema


def _annotations() -> list[dict]:
    lines = []
    for path in sorted((paths.SAMPLE_DIR / "annotations").glob("*.jsonl")):
        lines += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def test_gold_and_sources_are_assembled_from_the_annotations():
    result = subprocess.run([sys.executable, str(paths.REPO_ROOT / "scripts" / "make_gold.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_article_has_exactly_one_annotation():
    ids = [a["id"] for a in _annotations()]
    assert len(ids) == len(set(ids))
    records = {r.source_id for r in io.iter_records([paths.SAMPLE_ARTICLES_DIR])}
    assert set(ids) == records


def test_gold_values_are_from_the_contract():
    for a in _annotations():
        gold = a["gold"]
        assert set(gold) <= {"on_topic", "event_types", "dates", "countries", "partners", "amounts", "sectors"}
        assert set(gold.get("event_types", [])) <= set(schema.EVENT_TYPES), a["id"]
        assert set(gold.get("sectors", [])) <= set(schema.SECTORS), a["id"]
        for amount in gold.get("amounts", []):
            assert amount["value"] > 0 and len(amount["currency"]) == 3, a["id"]
        for date in gold.get("dates", []):
            assert len(date) in (4, 7, 10) and 2013 <= int(date[:4]) <= 2026, a["id"]


def test_the_corpus_has_the_spread_the_dashboard_needs():
    notes = _annotations()
    on_topic = [a for a in notes if a["gold"].get("on_topic")]
    countries = {c for a in on_topic for c in a["gold"].get("countries", [])} - {"CN", "HK", "MO"}
    languages = Counter(a.get("language") for a in notes)
    currencies = {m["currency"] for a in on_topic for m in a["gold"].get("amounts", [])}
    formats = Counter(a["id"].split("/")[0] for a in notes)
    assert len(notes) >= 200
    assert len(countries) >= 50
    assert {"CN", "HK", "MO"} <= {c for a in on_topic for c in a["gold"].get("countries", [])}
    assert {"en", "zh", "ru", "pt", "es", "fr", "de", "ar"} <= {lang.split("-")[0] for lang in languages if lang}
    assert len(notes) - len(on_topic) >= 15  # off-topic pages
    assert len(currencies) >= 10
    assert {"pages", "html", "feeds", "exports", "archive"} <= set(formats)
    assert any(a["id"].endswith(".zip") or ".zip!" in a["id"] for a in notes)
