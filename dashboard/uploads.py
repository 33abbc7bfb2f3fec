"""Adding articles from the Data page: save the uploaded files, rebuild the tables with them, report rejects.

Uploads are saved under ``<DIR>/uploads/`` (the folder ``sinoties serve --data`` points at) and the tables are
rebuilt from the build's recorded inputs plus that folder, so they join the existing articles; the incremental
build only extracts what is new. The upload size limit is Streamlit's ``server.maxUploadSize``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

UPLOADS = "uploads"
ACCEPTED = ("txt", "md", "html", "htm", "json", "jsonl", "csv", "tsv", "zip")
_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def safe_name(name: str) -> str:
    """A file name that stays inside the uploads folder: no folders, no leading dots, no odd characters."""
    base = Path(name.replace("\\", "/")).name
    base = _UNSAFE.sub("_", base).lstrip("._") or "upload"
    return base[:120]


def save(files: Iterable[tuple[str, bytes]], root: Path) -> list[Path]:
    """Write (name, content) pairs into ``root/uploads/``, never overwriting an earlier upload."""
    folder = Path(root) / UPLOADS
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for name, content in files:
        target = folder / safe_name(name)
        stem, suffix, n = target.stem, target.suffix, 1
        while target.exists():
            n += 1
            target = folder / f"{stem}-{n}{suffix}"
        target.write_bytes(content)
        saved.append(target)
    return saved


def build_inputs(manifest: dict, root: Path) -> list[Path]:
    """The recorded inputs of the current build plus the uploads folder (once)."""
    uploads = (Path(root) / UPLOADS).resolve()
    inputs = [Path(p) for p in manifest.get("inputs", []) if Path(p).exists()]
    if uploads not in [p.resolve() for p in inputs]:
        inputs.append(uploads)
    return inputs


def rebuild(manifest: dict, root: Path, progress: Callable[[int, int], None] | None = None):
    """Rebuild the tables under ``root`` from the recorded inputs and the uploads; returns the build summary."""
    from transforms import pipeline  # the whole extraction stack, loaded only when someone uploads

    return pipeline.build(build_inputs(manifest, root), Path(root), quiet=True, progress=progress)


def rejected(articles: pd.DataFrame, saved: list[Path]) -> pd.DataFrame:
    """The uploaded records that did not become ``ok`` articles, with why (``articles``: source, status,
    source_id, reason)."""
    full = {str(p.resolve()) for p in saved}
    tails = tuple(f"{UPLOADS}/{p.name}" for p in saved)

    def is_upload(source: object) -> bool:  # the build records absolute or input-relative paths
        text = str(source).replace("\\", "/")
        return text in full or text.endswith(tails)

    mine = articles[articles["source"].map(is_upload)] if len(articles) else articles
    return mine[mine["status"] != "ok"][["source_id", "status", "reason"]].reset_index(drop=True)
