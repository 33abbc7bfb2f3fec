"""A development gold set from AidData's official-finance records (../shared/corpus/aiddata), made on the fly.

Each AidData record has an analyst's English ``description`` plus known fields. We turn a record into a gold line:
the description is the article text, and the gold holds what the record knows:

- ``on_topic``: true (every record is Chinese official finance)
- ``countries``: [recipient_iso2] (single-recipient records only; the Chinese side is implied, so recall is the score
  to read for this field, not precision)
- ``dates``: [year] (the commitment year, at year precision)
- ``amounts``: [{"value": amount, "currency": currency}] only when the description states that figure (a number,
  with an optional English scale word, equal to it within 1%: "600,000", "$0.6 million", "1.2 bn"), because a
  record's amount often comes from another source than its description (or is a share of a figure it states).
  The check is a deliberately small grammar of its own, never our extractors.
- ``sectors``: the CRS sector mapped to ours with data/lexicons/crs_sectors.json (unmapped names are left out)

The texts are AidData's (ODC-By, attribute AidData) and are never committed: this runs in the tests, over the shared
folder, and writes to a temporary file.

    python tests/aiddata_gold.py OUT.jsonl [--limit N]
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transforms import paths  # noqa: E402

SOURCE = paths.SHARED_DIR / "corpus" / "aiddata" / "official_finance_v1_non_asia.csv"
CRS_MAP = paths.LEXICON_DIR / "crs_sectors.json"
MIN_DESCRIPTION_CHARS = 80


_NUMBER = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(thousand|million|billion|mn|bn|m|k)?\b", re.I)
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}


def _stated(amount: float, text: str) -> bool:
    for match in _NUMBER.finditer(text):
        value = float(match.group(1).replace(",", "")) * _SCALE.get((match.group(2) or "").lower(), 1)
        if abs(value - amount) <= 0.01 * amount:
            return True
    return False


def gold_lines(source: Path = SOURCE, limit: int | None = None) -> list[dict]:
    crs = json.loads(CRS_MAP.read_text(encoding="utf-8")) if CRS_MAP.exists() else {}
    crs = {k: v for k, v in crs.items() if not k.startswith("_")}
    lines = []
    with source.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            text = (row.get("description") or "").strip()
            iso2 = (row.get("recipient_iso2") or "").strip()
            if len(text) < MIN_DESCRIPTION_CHARS or row.get("recipient_count") != "1" or len(iso2) != 2:
                continue
            gold: dict = {"on_topic": True, "countries": [iso2], "dates": [str(int(row["year"]))]}
            currency = (row.get("currency") or "").strip()
            try:
                amount = float(row.get("amount") or "")
            except ValueError:
                amount = None
            if amount and amount > 0 and re.fullmatch(r"[A-Z]{3}", currency) and _stated(amount, text):
                gold["amounts"] = [{"value": amount, "currency": currency}]
            mapping = crs.get((row.get("crs_sector_name") or "").strip())
            sector = mapping.get("sector") if isinstance(mapping, dict) else mapping
            if isinstance(sector, str) and sector != "other":
                gold["sectors"] = [sector]
            lines.append({"id": f"aiddata-{row['project_id']}", "text": text, "language": "en", "gold": gold})
            if limit and len(lines) >= limit:
                break
    return lines


def write(out: Path, limit: int | None = None) -> int:
    lines = gold_lines(limit=limit)
    out.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return len(lines)


if __name__ == "__main__":
    args = sys.argv[1:]
    limit = int(args[args.index("--limit") + 1]) if "--limit" in args else None
    print(f"{write(Path(args[0]), limit)} gold lines -> {args[0]}")
