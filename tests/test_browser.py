"""The dashboard in a real browser: Debian's chromium driven by Playwright against `sinoties serve`.

Starts the server on the small test tables, waits for the world map to draw (from the outline files the app
serves itself: the browser is offline except for localhost), changes a filter, downloads the events CSV and
checks it, and saves screenshots under tests/output/.
"""

from __future__ import annotations

import csv
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.test_dashboard_data import write_small_tables

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = Path(__file__).resolve().parent / "output"
REPO = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
# bubbles on the first (world) map of the page
WORLD_BUBBLES = "() => document.querySelectorAll('.js-plotly-plot')[0].querySelectorAll('.scattergeo .point').length"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_health(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("the dashboard did not start within a minute")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent (install Debian's chromium: `make chromium`)")
    tables = write_small_tables(tmp_path_factory.mktemp("browser_tables"))
    port = _free_port()
    log = (tmp_path_factory.mktemp("log") / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "transforms.cli", "serve", "--data", str(tables), "--port", str(port)],
        cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def _outside_requests(page, url: str) -> list[str]:
    """Record every request that leaves the local server (there must be none: the app works offline)."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url) if not request.url.startswith(
        (url, "data:", "blob:")) else None)
    return seen


def test_map_filter_and_download(server, browser):
    OUTPUT.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    outside = _outside_requests(page, server)
    page.goto(server + "/map", wait_until="domcontentloaded")

    # the world map draws its countries from /app/static/world_110m.json
    page.wait_for_selector(".js-plotly-plot .geo .countries path", timeout=60_000)
    page.wait_for_selector("text=Where the ties lead")
    page.wait_for_timeout(1500)
    page.screenshot(path=str(OUTPUT / "map.png"), full_page=True)
    assert page.evaluate(WORLD_BUBBLES) == 5  # São Paulo, Nairobi, Frankfurt, Moscow, Addis Ababa (a capital)

    # narrow to Europe with the sidebar's region filter: the URL follows, and the map redraws with fewer bubbles
    page.get_by_label("Region (continent)").first.click()
    page.get_by_role("option", name="Europe").click()
    page.keyboard.press("Escape")
    page.wait_for_url("**region=Europe**", timeout=20_000)
    page.wait_for_function(f"() => ({WORLD_BUBBLES})() === 2", timeout=20_000)  # Frankfurt and Moscow

    # the events CSV of the filtered view
    page.goto(server + "/data?region=Europe", wait_until="domcontentloaded")
    button = page.get_by_role("button", name="events.csv")
    button.wait_for(timeout=30_000)
    with page.expect_download(timeout=30_000) as download_info:
        button.click()
    raw = Path(download_info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert sorted(r["event_id"] for r in rows) == ["e3", "e5"]
    assert next(r for r in rows if r["event_id"] == "e3")["summary"].startswith("'=")
    page.screenshot(path=str(OUTPUT / "data.png"), full_page=True)

    # the article view: the <script> in the text is shown as text, not run
    page.goto(server + "/events?event=e5&region=Europe", wait_until="domcontentloaded")
    page.wait_for_selector("text=Extracted facts and their evidence", timeout=30_000)
    page.wait_for_timeout(1000)
    assert page.get_by_text("<script>alert('x')</script>", exact=False).count() >= 1
    links = page.locator("a[href*='tracker.example']")
    assert links.count() == 0, [links.nth(i).evaluate("e => e.parentElement.outerHTML") for i in range(links.count())]
    page.screenshot(path=str(OUTPUT / "events.png"), full_page=True)

    # a reload keeps the filters and the open event (both live in the URL)
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector("text=Extracted facts and their evidence", timeout=30_000)
    assert "event=e5" in page.url and "region=Europe" in page.url
    assert page.get_by_text("Agreement · 2024-09-10").count() == 1

    for name in ("overview", "timeline", "sectors", "partners"):
        page.goto(f"{server}/{'' if name == 'overview' else name}", wait_until="domcontentloaded")
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(OUTPUT / f"{name}.png"), full_page=True)
    context.close()
    assert outside == []
