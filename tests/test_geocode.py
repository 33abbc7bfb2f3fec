"""Geocoding: gazetteer first, then the on-disk cache, then (opt-in) Nominatim — tested against a local server."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from transforms.geocode import CACHE_FILE, Geocoder, distance_km

# Our own answers in Nominatim's /search JSON format (a list of places; lat/lon are strings).
FAKE_PLACES = {
    "vila nova de cerveira": {"lat": "41.9406", "lon": "-8.7442", "display_name": "Vila Nova de Cerveira, Portugal"},
    "kastoria": {"lat": "40.5193", "lon": "21.2687", "display_name": "Kastoria, Greece"},
    "omusati": {"lat": "-18.2000", "lon": "14.8000", "display_name": "Omusati Region, Namibia"},
}


class _FakeNominatim(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        query["_path"] = url.path
        query["_agent"] = self.headers.get("User-Agent", "")
        type(self).requests.append(query)
        hit = FAKE_PLACES.get(query.get("q", "").lower())
        body = json.dumps([dict(hit, place_id=1, importance=0.5, type="town", boundingbox=[
            hit["lat"], hit["lat"], hit["lon"], hit["lon"]])] if hit else []).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def nominatim():
    _FakeNominatim.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeNominatim)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}", _FakeNominatim.requests
    server.shutdown()
    server.server_close()


def online(tmp_path, domain, **kw):
    return Geocoder(online=True, cache_dir=tmp_path, domain=domain, scheme="http", timeout=2,
                    min_delay_seconds=0, **kw)


def test_gazetteer_answers_without_network_or_cache(tmp_path):
    geo = Geocoder(cache_dir=tmp_path)
    lat, lon = geo.locate("Shenzhen", "CN")
    assert distance_km((lat, lon), (22.54, 114.06)) < 20
    assert distance_km(geo.locate("Лиссабон"), (38.72, -9.14)) < 20
    assert distance_km(geo.locate("Zhejiang Chamber of Commerce in Shanghai"), (31.23, 121.47)) < 30
    assert geo.locate("Africa") is None  # a region is known but is not a point
    assert geo.locate("Qwxzville") is None
    assert geo.locate("") is None
    geo.close()
    assert not (tmp_path / CACHE_FILE).exists()  # nothing new learnt, nothing written


def test_offline_never_asks_the_network(tmp_path, nominatim):
    domain, requests = nominatim
    geo = Geocoder(online=False, cache_dir=tmp_path, domain=domain, scheme="http")
    assert geo.locate("Vila Nova de Cerveira", "PT") is None
    assert requests == []


def test_online_answer_and_miss_are_cached_across_runs(tmp_path, nominatim):
    domain, requests = nominatim
    geo = online(tmp_path, domain, user_agent="sinoties-test/1")
    assert geo.locate("Vila Nova de Cerveira", "PT") == (41.9406, -8.7442)
    assert geo.locate("Nowhere Special Hamlet", "PT") is None
    assert [r["q"] for r in requests] == ["Vila Nova de Cerveira", "Nowhere Special Hamlet"]
    assert requests[0]["_path"] == "/search" and requests[0]["countrycodes"] == "pt"
    assert requests[0]["_agent"] == "sinoties-test/1"
    geo.close()
    cache = json.loads((tmp_path / CACHE_FILE).read_text(encoding="utf-8"))
    assert cache == {"PT|vila nova de cerveira": [41.9406, -8.7442], "PT|nowhere special hamlet": None}
    assert not list(tmp_path.glob(".geocode_cache.*"))  # no temp file left behind

    again = online(tmp_path, domain)  # a new build: answers and misses come from the cache
    assert again.locate("Vila Nova de Cerveira", "PT") == (41.9406, -8.7442)
    assert again.locate("Nowhere Special Hamlet", "PT") is None
    assert len(requests) == 2
    offline = Geocoder(cache_dir=tmp_path)  # the cache serves offline builds too
    assert offline.locate("vila nova de cerveira", "pt") == (41.9406, -8.7442)


def test_default_user_agent_names_the_project(tmp_path, nominatim):
    domain, requests = nominatim
    geo = online(tmp_path, domain)
    geo.locate("Kastoria", "GR")
    assert requests[0]["_agent"].startswith("sinoties/")


def test_gazetteer_wins_before_the_network(tmp_path, nominatim):
    domain, requests = nominatim
    geo = online(tmp_path, domain)
    assert geo.locate("Macau") is not None
    assert requests == []


def test_unreachable_server_is_asked_once_then_left_alone(tmp_path, capsys, monkeypatch):
    geo = Geocoder(online=True, cache_dir=tmp_path, domain="127.0.0.1:9", scheme="http", timeout=2,
                   min_delay_seconds=0)
    asked = []
    ask_online = geo._ask_online
    monkeypatch.setattr(geo, "_ask_online", lambda *args: asked.append(args) or ask_online(*args))
    results = [geo.locate(name, "PT") for name in ("Aldeia Um", "Aldeia Dois", "Aldeia Tres", "Aldeia Quatro")]
    assert results == [None, None, None, None]
    assert asked == [("Aldeia Um", "PT")]  # one timeout at most, however many places follow: no stall
    err = capsys.readouterr().err
    assert err.count("online geocoding disabled") == 1
    geo.close()
    assert not (tmp_path / CACHE_FILE).exists()  # failures are not misses: nothing cached


def test_damaged_cache_is_ignored(tmp_path):
    (tmp_path / CACHE_FILE).write_text("{not json", encoding="utf-8")
    geo = Geocoder(cache_dir=tmp_path)
    assert geo.locate("Aldeia Um") is None


def test_distance_km_uses_the_geodesic():
    assert distance_km((22.1987, 113.5439), (22.3193, 114.1694)) == pytest.approx(65.6, abs=1.5)  # Macao-HK
    assert distance_km((0.0, 0.0), (0.0, 0.0)) == 0.0


def test_a_province_without_a_point_is_asked_online_within_its_country(tmp_path, nominatim):
    domain, requests = nominatim
    assert Geocoder(cache_dir=tmp_path).locate("Omusati") is None  # offline: known to the gazetteer, no point
    geo = online(tmp_path, domain)
    assert geo.locate("Omusati") == (-18.2, 14.8)
    assert [(r["q"], r["countrycodes"]) for r in requests] == [("Omusati", "na")]
    assert geo.locate("Africa") is None and len(requests) == 1  # a region is never asked


def test_importing_the_module_does_not_import_geopy():
    # geopy costs about a second to import: a build that never asks online must not pay it at start
    import subprocess
    import sys

    code = "import sys, transforms.geocode; print(any(m.split('.')[0] == 'geopy' for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
