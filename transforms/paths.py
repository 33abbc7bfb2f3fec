"""Where the project's data files live. sinoties runs from its checkout (``pip install -e .``)."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
LEXICON_DIR = DATA_DIR / "lexicons"  # language knowledge: triggers, sector keywords, money words, aliases
REFERENCE_DIR = DATA_DIR / "reference"  # the built gazetteer and other reference tables
SAMPLE_DIR = DATA_DIR / "sample"  # the embedded sample corpus: gold answers, sources and ...
SAMPLE_ARTICLES_DIR = SAMPLE_DIR / "articles"  # ... the articles themselves (the input of the sample build)
SAMPLE_TABLES_DIR = DATA_DIR / "tables" / "sample"  # tables built from it (not committed)
SHARED_DIR = REPO_ROOT.parent / "shared"  # material beside the project on development machines, never shipped
