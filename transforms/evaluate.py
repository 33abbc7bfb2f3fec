"""Scoring extraction against a gold file (``sinoties evaluate``).

A gold file is JSONL, one article a line: ``{"id", "text", "published"?, "language"?, "gold": {...}}`` with any of
``on_topic``, ``event_types``, ``dates``, ``countries``, ``partners``, ``amounts``, ``sectors``; a key left out is not
scored for that article. Gold ``id`` is matched to ``articles.source_id``.

What an article "predicts" is every event it is a source of (``event_sources``, so an event merged across several
reports counts for each of them; a duplicate article is scored with its kept copy's events). Per field, matches are
counted over all articles (micro-averaged precision, recall, F1):

- event_types, countries, sectors: sets, exact.
- dates: a gold date at day, month or year precision is matched by a predicted date that agrees to that precision
  (a predicted date coarser than the gold's does not match).
- partners: canonical names, matched one-to-one with fuzzy matching (rapidfuzz token_set_ratio >= PARTNER_MATCH).
- amounts: every money figure tied to the article's events (the amounts table, whether or not it counts toward the
  event's yuan total: a total's parts and a figure restated in another currency are figures the text states),
  matched one-to-one when the currency is the same and the values differ by at most 1%.
- on_topic: accuracy (an article is predicted on topic when its status is ``ok`` or it duplicates an ``ok`` one).
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq
from rapidfuzz import fuzz

FIELDS = ("event_types", "dates", "countries", "partners", "amounts", "sectors")
PARTNER_MATCH = 85
AMOUNT_TOLERANCE = 0.01


@dataclass
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    articles: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    on_topic_correct: int = 0
    on_topic_total: int = 0
    n_gold: int = 0
    missing: list[str] = field(default_factory=list)  # gold ids with no article row
    errors: list[dict] = field(default_factory=list)  # per-article misses, for reading by eye

    @property
    def on_topic_accuracy(self) -> float | None:
        return self.on_topic_correct / self.on_topic_total if self.on_topic_total else None

    def as_dict(self) -> dict:
        return {
            "articles": self.n_gold,
            "missing": self.missing,
            "on_topic_accuracy": _round(self.on_topic_accuracy),
            "on_topic_articles": self.on_topic_total,
            "fields": {
                name: {"precision": _round(s.precision), "recall": _round(s.recall), "f1": _round(s.f1),
                       "tp": s.tp, "fp": s.fp, "fn": s.fn, "articles": s.articles}
                for name, s in self.fields.items()
            },
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2)

    def to_text(self) -> str:
        lines = [f"{'field':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'tp':>6} {'fp':>6} {'fn':>6} {'articles':>8}"]
        for name, s in self.fields.items():
            lines.append(f"{name:<12} {_fmt(s.precision):>9} {_fmt(s.recall):>7} {_fmt(s.f1):>6} "
                         f"{s.tp:>6} {s.fp:>6} {s.fn:>6} {s.articles:>8}")
        lines.append(f"{'on_topic':<12} accuracy {_fmt(self.on_topic_accuracy)} over {self.on_topic_total} articles")
        lines.append(f"{self.n_gold} gold articles" + (f", {len(self.missing)} without an article row"
                                                        if self.missing else ""))
        return "\n".join(lines)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


# --- matching ---------------------------------------------------------------------------------------------------


def _count(report: FieldScore, gold: list, predicted: list, match: Callable[[object, object], bool]) -> tuple[list, list]:
    """One-to-one greedy matching; returns (unmatched gold, unmatched predicted)."""
    remaining = list(predicted)
    missed = []
    for g in gold:
        hit = next((i for i, p in enumerate(remaining) if match(g, p)), None)
        if hit is None:
            missed.append(g)
        else:
            remaining.pop(hit)
            report.tp += 1
    report.fn += len(missed)
    report.fp += len(remaining)
    report.articles += 1
    return missed, remaining


def _date_matches(gold: str, predicted: tuple[dt.date, str]) -> bool:
    day, precision = predicted
    rank = {"year": 0, "month": 1, "day": 2}
    gold_precision = {4: "year", 7: "month", 10: "day"}.get(len(gold))
    if gold_precision is None or rank[precision or "day"] < rank[gold_precision]:
        return False
    return day.isoformat()[: len(gold)] == gold


def _partner_matches(gold: str, predicted: str) -> bool:
    return fuzz.token_set_ratio(gold.casefold(), predicted.casefold()) >= PARTNER_MATCH


def _amount_matches(gold: dict, predicted: tuple[float, str | None]) -> bool:
    value, currency = predicted
    try:
        gold_value = float(gold["value"])
    except (KeyError, TypeError, ValueError):
        return False
    if currency != gold.get("currency"):
        return False
    return abs(value - gold_value) <= AMOUNT_TOLERANCE * max(abs(gold_value), 1e-9)


def _exact(gold: object, predicted: object) -> bool:
    return gold == predicted


# --- predictions from tables ------------------------------------------------------------------------------------


@dataclass
class _Predicted:
    on_topic: bool
    event_types: list = field(default_factory=list)
    dates: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    partners: list = field(default_factory=list)
    amounts: list = field(default_factory=list)
    sectors: list = field(default_factory=list)


def _read(tables: Path, name: str) -> list[dict]:
    from . import io

    path = io.tables_dir(tables) / f"{name}.parquet"
    return pq.read_table(path).to_pylist() if path.exists() else []


def predictions(tables: Path) -> dict[str, _Predicted]:
    """source_id -> what the tables say about that article."""
    articles = _read(tables, "articles")
    by_article: dict[str, list[str]] = {}
    for row in _read(tables, "event_sources"):
        by_article.setdefault(row["article_id"], []).append(row["event_id"])
    events = {row["event_id"]: row for row in _read(tables, "events")}
    partners: dict[str, list[dict]] = {}
    for row in _read(tables, "partners"):
        partners.setdefault(row["event_id"], []).append(row)
    sectors: dict[str, list[str]] = {}
    for row in _read(tables, "sectors"):
        sectors.setdefault(row["event_id"], []).append(row["sector"])
    amounts: dict[str, list[dict]] = {}
    for row in _read(tables, "amounts"):
        amounts.setdefault(row["event_id"], []).append(row)
    status = {a["article_id"]: a["status"] for a in articles}

    result: dict[str, _Predicted] = {}
    for article in articles:
        kept = article["duplicate_of"] if article["status"] == "duplicate" and article["duplicate_of"] else None
        facts_id = kept or article["article_id"]
        on_topic = status.get(facts_id) == "ok"
        event_ids = list(dict.fromkeys(by_article.get(article["article_id"], []) + by_article.get(facts_id, [])))
        p = _Predicted(on_topic=on_topic)
        for event_id in event_ids:
            event = events.get(event_id)
            if event is None:
                continue
            p.event_types.append(event["event_type"])
            if event["date"] is not None:
                p.dates.append((event["date"], event["date_precision"]))
            for partner in partners.get(event_id, []):
                p.partners.append(partner["canonical_name"])
                if partner["country"]:
                    p.countries.append(partner["country"])
            p.sectors += sectors.get(event_id, [])
            p.amounts += [(a["value"], a["currency"]) for a in amounts.get(event_id, [])]
        p.event_types = sorted(set(p.event_types))
        p.dates = sorted(set(p.dates))
        p.countries = sorted(set(p.countries))
        p.partners = list(dict.fromkeys(p.partners))
        p.sectors = sorted(set(p.sectors))
        result[article["source_id"]] = p
    return result


# --- the run ----------------------------------------------------------------------------------------------------


def read_gold(path: Path) -> list[dict]:
    lines = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"{path}:{number}: not JSON ({exc})") from None
        if "id" not in record or not isinstance(record.get("gold"), dict):
            raise ValueError(f"{path}:{number}: a gold line needs \"id\" and a \"gold\" object")
        lines.append(record)
    return lines


def score(gold_lines: Iterable[dict], predicted: dict[str, _Predicted]) -> Report:
    report = Report()
    matchers = {"event_types": _exact, "dates": _date_matches, "countries": _exact,
                "partners": _partner_matches, "amounts": _amount_matches, "sectors": _exact}
    for line in gold_lines:
        report.n_gold += 1
        gold = line["gold"]
        p = predicted.get(str(line["id"]))
        if p is None:
            report.missing.append(str(line["id"]))
            p = _Predicted(on_topic=False)
        if "on_topic" in gold:
            report.on_topic_total += 1
            report.on_topic_correct += bool(gold["on_topic"]) == p.on_topic
            if bool(gold["on_topic"]) != p.on_topic:
                report.errors.append({"id": line["id"], "field": "on_topic", "gold": gold["on_topic"]})
        for name in FIELDS:
            if name not in gold:
                continue
            gold_values = list(dict.fromkeys(gold[name])) if name != "amounts" else list(gold[name])
            missed, extra = _count(report.fields[name], gold_values, getattr(p, name), matchers[name])
            if missed or extra:
                report.errors.append({"id": line["id"], "field": name, "missed": missed,
                                      "extra": [str(x) for x in extra]})
    return report


def run(gold_path: Path, tables: Path | None = None, *, workers: int = 1) -> Report:
    """Score the tables in ``tables``, or build them from the gold file's own texts first."""
    from . import pipeline

    gold_lines = read_gold(gold_path)
    if tables is not None:
        return score(gold_lines, predictions(tables))
    with tempfile.TemporaryDirectory(prefix="sinoties-evaluate-") as tmp:
        pipeline.build([Path(gold_path)], Path(tmp), quiet=True, workers=workers)
        return score(gold_lines, predictions(Path(tmp)))
