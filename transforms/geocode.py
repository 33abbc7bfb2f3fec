"""Place name to coordinates. (First cut: no lookups; the gazetteer and geopy resolver land with the places work.)"""

from __future__ import annotations

from pathlib import Path


class Geocoder:
    def __init__(self, *, online: bool = False, user_agent: str | None = None, cache_dir: Path | None = None):
        self.online = online

    def locate(self, name: str, country: str | None = None) -> tuple[float, float] | None:
        return None

    def close(self) -> None:
        pass
