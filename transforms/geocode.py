"""Place name to coordinates: the offline gazetteer first, then an on-disk cache, then (opt-in) a geopy geocoder.

Resolution order for ``Geocoder.locate(name, country)``:

1. ``gazetteer.lookup`` — countries (centroids), Chinese provinces/cities/zones, world cities above 15,000 people —
   then the first plain place the matcher finds inside the name ("Zhejiang Chamber of Commerce in Shanghai" ->
   Shanghai; places inside organisation names and adjectives are skipped). Regions (Africa) stop here: known, not
   a point. Other provinces (ISO 3166-2) have no point in the gazetteer: they go on to the cache and the online
   step, asked within the province's country;
2. the cache ``<cache_dir>/geocode_cache.json`` — earlier online answers *and misses*, kept across builds;
3. only with ``online=True``: geopy's Nominatim (user agent ``sinoties/<version>`` unless given) behind geopy's
   RateLimiter (one request a second, no retries) with a short timeout.

Nothing here may stop or stall a build: the first network failure prints one warning line on stderr and switches the
online step off for the rest of the run. Failures are not cached (the next run may be online); misses are.

The cache is the one file this module writes. It is written atomically (temp file + ``os.replace``) by
``close()``, which the resolve stage calls once at the end of a build.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

# geopy is imported inside the two functions that use it: importing it costs about a second (its geocoders pull in
# requests/urllib3/...), and a build that never measures a distance nor asks online should not pay that at start.

from . import __version__, gazetteer

CACHE_FILE = "geocode_cache.json"
DEFAULT_DOMAIN = "nominatim.openstreetmap.org"


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic (WGS-84) distance in kilometres between two (lat, lon) points."""
    from geopy.distance import geodesic

    return geodesic(a, b).kilometers


def _cache_key(name: str, country: str | None) -> str:
    return f"{(country or '').upper()}|{gazetteer.normalise_key(name)}"


class Geocoder:
    def __init__(self, *, online: bool = False, user_agent: str | None = None, cache_dir: Path | None = None,
                 domain: str = DEFAULT_DOMAIN, scheme: str = "https", timeout: float = 5.0,
                 min_delay_seconds: float = 1.0) -> None:
        self.online = online
        self.user_agent = user_agent or f"sinoties/{__version__}"
        self.cache_path = Path(cache_dir) / CACHE_FILE if cache_dir else None
        self._cache: dict[str, list[float] | None] = self._read_cache()
        self._dirty = False
        self._domain, self._scheme, self._timeout, self._delay = domain, scheme, timeout, min_delay_seconds
        self._geocode = None  # built on first online use
        self.warned = False

    def _read_cache(self) -> dict[str, list[float] | None]:
        if self.cache_path is None or not self.cache_path.exists():
            return {}
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # a damaged cache is only lost speed: start afresh
        return data if isinstance(data, dict) else {}

    def locate(self, name: str, country: str | None = None) -> tuple[float, float] | None:
        """(lat, lon) for a place name, or None when unknown (never 0,0)."""
        if not name or not name.strip():
            return None
        place = gazetteer.lookup(name, country)
        if place is not None and place.lat is not None:
            return place.lat, place.lon
        if place is not None and place.kind == "region":
            return None  # a region: known, but not a point
        if place is not None and not country:
            country = place.country  # a province the gazetteer knows without a point: ask within its country
        for match in gazetteer.find_places(name, country):  # "Shenzhen, Guangdong", "a chamber in Shanghai"
            if match.place.lat is not None and not match.adjectival and match.organisation is None:
                return match.place.lat, match.place.lon
        key = _cache_key(name, country)
        if key in self._cache:
            hit = self._cache[key]
            return (hit[0], hit[1]) if hit else None
        if not self.online or self.warned:
            return None
        point = self._ask_online(name, country)
        if point is not False:
            self._cache[key] = list(point) if point else None
            self._dirty = True
            return point
        return None

    def _ask_online(self, name: str, country: str | None) -> tuple[float, float] | None | bool:
        """The online answer, None for "no such place", or False when the service failed (then stop asking)."""
        try:
            if self._geocode is None:
                from geopy.extra.rate_limiter import RateLimiter
                from geopy.geocoders import Nominatim

                nominatim = Nominatim(user_agent=self.user_agent, domain=self._domain, scheme=self._scheme,
                                      timeout=self._timeout)
                self._geocode = RateLimiter(nominatim.geocode, min_delay_seconds=self._delay, max_retries=0,
                                            swallow_exceptions=False)
            kwargs = {"exactly_one": True}
            if country and len(country) == 2:
                kwargs["country_codes"] = country.lower()
            location = self._geocode(name, **kwargs)
        except Exception as exc:  # noqa: BLE001 — any failure (network, HTTP, parse) must not stop a build
            print(f"sinoties: online geocoding disabled for this run ({type(exc).__name__}: {exc})",
                  file=sys.stderr)
            self.warned = True
            return False
        if location is None:
            return None
        return float(location.latitude), float(location.longitude)

    def close(self) -> None:
        """Write the cache if it changed (atomically: a crash never leaves a half-written file)."""
        if not self._dirty or self.cache_path is None:
            return
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".geocode_cache.", suffix=".tmp", dir=self.cache_path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(self._cache, f, ensure_ascii=False, sort_keys=True, indent=0)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.cache_path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._dirty = False
