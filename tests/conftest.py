"""Shared test helpers. Tests over ../shared skip with a reason when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from transforms import paths

SHARED = paths.SHARED_DIR


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when the shared folder is not beside the project."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is only on development machines and CI)")
    return path


@pytest.fixture
def write(tmp_path):
    """write('name.txt', 'text' or b'bytes') -> path under a fresh input folder."""
    root = tmp_path / "in"
    root.mkdir()

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode(encoding)
        path.write_bytes(data)
        return path

    _write.root = root
    return _write
