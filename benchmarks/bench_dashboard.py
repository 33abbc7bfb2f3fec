"""How fast the dashboard answers on a million events.

Writes synthetic tables (1,000,000 events with their partners, sectors, amounts and articles) to Parquet in a
temporary folder (or ``--tables DIR``, kept and reused), then measures on the server side, without a browser:
- time to first page: loading the build (``open_store``) plus the Overview page's queries and figures, first
  with no saved index (the first start after a build: the index is built in memory, then saved in the
  background) and then with it (every later start);
- per page, the time from a filter change to its figures built (open the filtered scope, run the page's
  view function): the median over a series of different filter states; and a row click in the Events explorer
  (``views.event_facts``: one event's facts and its article's text). The goal is 300 ms or less. Pages run
  in turn for each state: the first (Overview) also selects the state's events, as the first page shown after
  a filter change does, and the others reuse that selection (``Store.selection``). The app also keeps each
  page's result per state (``ui.page_view``); the benchmark does not, so every figure here is built anew.
With ``--browser``, also the real thing: ``sinoties serve`` started on the tables (saved index present), and the
time until Debian's chromium, driven by Playwright, shows the Overview's first chart.

    .venv/bin/python benchmarks/bench_dashboard.py [--events N] [--repeat R] [--tables DIR] [--browser]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import views  # noqa: E402
from dashboard.data import INDEX_FILE, open_store  # noqa: E402
from dashboard.filters import FilterState  # noqa: E402
from transforms import schema  # noqa: E402

GOAL_MS = 300
FOREIGN = ["BR", "KE", "DE", "RU", "ET", "US", "FR", "ID", "PK", "NG", "AR", "KZ", "EG", "TH", "VN", "ZA", "IT",
           "GB", "SA", "AE", "MY", "CL", "PE", "HU", "RS", "IR", "TR", "MX", "AU", "JP"]
CN_PLACES = ["Guangdong", "Zhejiang", "Jiangsu", "Shandong", "Shanghai", "Beijing", "Sichuan", "Hubei", "Henan",
             "Fujian", "Yunnan", "Heilongjiang", "Xinjiang", "Chongqing", "Tianjin"]
CN_COORDS = {p: (20 + 25 * (i % 5) / 5 + i * 0.7, 100 + 2.1 * i) for i, p in enumerate(CN_PLACES)}
LANGUAGES = ["en", "zh", "ru", "pt", "es", "fr", "de", "ar"]


def synthetic_tables(n: int, seed: int = 7) -> dict[str, pa.Table]:
    rng = np.random.default_rng(seed)
    ids = np.char.add("e", np.arange(n).astype(str))
    article_ids = np.char.add("a", np.arange(n).astype(str))
    start = np.datetime64("2013-01-01")
    dates = start + rng.integers(0, 4380, n).astype("timedelta64[D]")
    date_known = rng.random(n) > 0.05
    country = rng.choice(FOREIGN, n)
    has_coords = rng.random(n) > 0.3
    lat = np.where(has_coords, rng.uniform(-50, 65, n), np.nan)
    lon = np.where(has_coords, rng.uniform(-120, 150, n), np.nan)
    domestic = rng.random(n) < 0.08
    amount = np.where(rng.random(n) < 0.6, np.exp(rng.uniform(np.log(1e6), np.log(5e10), n)), np.nan)
    types = rng.choice(schema.EVENT_TYPES, n)
    events = pa.table({
        "event_id": ids, "article_id": article_ids,
        "date": pa.array(np.where(date_known, dates, np.datetime64("NaT")).astype("datetime64[D]"),
                         type=pa.date32(), from_pandas=True),
        "date_precision": pa.array(np.where(date_known, "day", None)),
        "event_type": types,
        "summary": np.char.add("Synthetic event ", ids),
        "evidence": np.char.add("A partner signed an agreement number ", ids),
        "place": pa.array(np.where(has_coords, "Somewhere", None)),
        "country": pa.array(np.where(domestic, "CN", country)),
        "lat": pa.array(lat, from_pandas=True), "lon": pa.array(lon, from_pandas=True),
        "domestic": domestic, "amount_cny": pa.array(amount, from_pandas=True),
        "confidence": pa.array(rng.uniform(0.5, 1, n).astype(np.float32)),
    })
    # partners: one Chinese and one or two foreign per event
    n_extra = rng.random(n) < 0.3
    chinese_place = rng.choice(CN_PLACES, n)
    cn_company = np.char.add("China Company ", rng.integers(0, 2000, n).astype(str))
    cn_is_local = rng.random(n) < 0.4
    cn_names = np.where(cn_is_local, chinese_place, cn_company)
    cn_lat = np.array([CN_COORDS[p][0] for p in chinese_place])
    cn_lon = np.array([CN_COORDS[p][1] for p in chinese_place])
    foreign_names = np.char.add(np.char.add(country, " Company "), rng.integers(0, 3000, n).astype(str))
    rows_event = np.concatenate([ids, ids, ids[n_extra]])
    partner_country = np.concatenate([np.full(n, "CN"), np.where(domestic, "CN", country),
                                      np.where(domestic, "CN", country)[n_extra]])
    side = np.where(partner_country == "CN", "chinese", "foreign")
    names = np.concatenate([cn_names, foreign_names, np.char.add("Bank of ", country[n_extra])])
    kinds = np.concatenate([np.where(cn_is_local, "local_government", "company"), np.full(n, "company"),
                            np.full(int(n_extra.sum()), "bank")])
    m = len(rows_event)
    partners = pa.table({
        "event_id": rows_event, "partner_id": np.char.add("p", np.arange(m).astype(str)),
        "name": names, "canonical_name": names, "kind": kinds, "country": partner_country, "side": side,
        "role": np.full(m, "signatory"),
        "lat": pa.array(np.concatenate([cn_lat, lat, lat[n_extra]]), from_pandas=True),
        "lon": pa.array(np.concatenate([cn_lon, lon, lon[n_extra]]), from_pandas=True),
        "evidence": names,
    })
    second = rng.random(n) < 0.4
    sector_a = rng.choice(schema.SECTORS, n)
    sector_b = np.array(schema.SECTORS)[(np.searchsorted(schema.SECTORS, sector_a) + 1 + rng.integers(0, 14, n))
                                        % len(schema.SECTORS)]
    sectors = pa.table({
        "event_id": np.concatenate([ids, ids[second]]),
        "sector": np.concatenate([sector_a, sector_b[second]]),
        "evidence": np.full(n + int(second.sum()), "keyword"),
    })
    disclosed = ~np.isnan(amount)
    k = int(disclosed.sum())
    amounts = pa.table({
        "event_id": ids[disclosed], "amount_id": np.char.add("m", np.arange(k).astype(str)),
        "value": amount[disclosed], "currency": np.full(k, "CNY"), "amount_cny": amount[disclosed],
        "fx_rate": np.ones(k), "fx_date": pa.nulls(k, pa.date32()), "fx_source": pa.nulls(k, pa.string()),
        "qualifier": np.full(k, "exact"), "kind": np.full(k, "investment"), "evidence": np.full(k, "amount"),
        "counted": np.ones(k, dtype=bool), "note": pa.nulls(k, pa.string()),
    })
    articles = pa.table({
        "article_id": article_ids, "source_id": np.char.add(article_ids, ".txt"),
        "source": np.char.add("/in/", article_ids), "url": pa.nulls(n, pa.string()),
        "title": np.char.add("Title ", ids), "published": events.column("date"),
        "language": rng.choice(LANGUAGES, n), "status": np.full(n, "ok"), "reason": pa.nulls(n, pa.string()),
        "duplicate_of": pa.nulls(n, pa.string()), "n_chars": np.full(n, 600, dtype=np.int32),
        "text": np.char.add("Synthetic article text for ", ids),
    })
    event_sources = pa.table({"event_id": ids, "article_id": article_ids})
    tables = dict(events=events, partners=partners, sectors=sectors, amounts=amounts, articles=articles,
                  event_sources=event_sources)
    return {name: table.cast(schema.TABLES[name]) for name, table in tables.items()}


FILTER_STATES = [
    FilterState(),
    FilterState(countries=("BR", "KE")),
    FilterState(regions=("Africa",), event_types=("investment", "finance")),
    FilterState(sectors=("energy",), date_from=dt.date(2018, 1, 1)),
    FilterState(cn_places=("Guangdong",), amount_min=1e9),
    FilterState(partner_kinds=("bank",), languages=("en", "zh")),
    FilterState(search="company 12"),
    FilterState(include_domestic=True, date_to=dt.date(2016, 12, 31)),
]
PAGES = {
    "Overview": views.overview,
    "Map": views.world,
    "Timeline": views.timeline,
    "Sectors": views.sectors,
    "Partners": views.partners,
    "Events explorer": views.explorer,
}


def write_tables(folder: Path, n: int) -> None:
    """Synthetic tables of ``n`` events in ``folder``, unless it already holds them (``--tables``)."""
    if (folder / "events.parquet").exists() and pq.read_metadata(folder / "events.parquet").num_rows == n:
        print(f"synthetic tables: reusing {folder}")
        return
    folder.mkdir(parents=True, exist_ok=True)
    (folder / INDEX_FILE).unlink(missing_ok=True)
    started = time.perf_counter()
    tables = synthetic_tables(n)
    for name, table in tables.items():
        pq.write_table(table, folder / f"{name}.parquet", compression="zstd")
    rows = ", ".join(f"{t.num_rows:,} {n}" for n, t in tables.items())
    print(f"synthetic tables: {rows} ({time.perf_counter() - started:.1f} s to write)")


def first_page(folder: Path, label: str):
    started = time.perf_counter()
    store = open_store(folder)
    loaded = time.perf_counter()
    with store.scope(FilterState()) as scope:
        views.overview(scope)
    done = time.perf_counter()
    print(f"time to first page, {label}: {done - started:.2f} s "
          f"(loading {loaded - started:.2f} s + Overview {1000 * (done - loaded):.0f} ms)")
    return store


def browser_first_page(folder: Path) -> None:
    """Seconds from starting ``sinoties serve`` to the Overview's first chart drawn in chromium."""
    from playwright.sync_api import sync_playwright

    repo = Path(__file__).resolve().parent.parent
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                              args=["--headless", "--no-sandbox", "--disable-gpu"])
        started = time.perf_counter()
        server = subprocess.Popen([sys.executable, "-m", "transforms.cli", "serve", "--data", str(folder),
                                   "--port", str(port)], cwd=repo, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, env=dict(os.environ, PYTHONUNBUFFERED="1"))
        try:
            deadline = started + 300
            while time.perf_counter() < deadline:
                try:
                    with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                        break
                except OSError:
                    time.sleep(0.1)
            healthy = time.perf_counter()
            page = chromium.new_page()
            page.goto(url, wait_until="domcontentloaded")
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=300_000)
            drawn = time.perf_counter()
            print(f"browser: first Overview chart {drawn - started:.2f} s after `sinoties serve` started "
                  f"(server up {healthy - started:.2f} s, page {drawn - healthy:.2f} s)")
        finally:
            server.terminate()
            server.wait(timeout=30)
            chromium.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1, help="passes over the filter states")
    parser.add_argument("--tables", type=Path, help="write (or reuse) the synthetic tables here, and keep them")
    parser.add_argument("--browser", action="store_true", help="also time `sinoties serve` in chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.tables or Path(scratch)
        write_tables(folder, args.events)
        (folder / INDEX_FILE).unlink(missing_ok=True)
        store = first_page(folder, "no saved index (first start after a build)")
        started = time.perf_counter()
        if store.saving is not None:
            store.saving.join()
            print(f"  index saved in the background, done {time.perf_counter() - started:.2f} s after the page "
                  f"({(folder / INDEX_FILE).stat().st_size / 2**20:.0f} MB)")
        store.con.close()
        store = first_page(folder, "saved index (later starts)")

        timings: dict[str, list[float]] = {page: [] for page in PAGES}
        cpu: dict[str, list[float]] = {page: [] for page in PAGES}
        for _ in range(args.repeat):
            for state in FILTER_STATES:
                for page, view in PAGES.items():
                    t0, c0 = time.perf_counter(), time.process_time()
                    with store.scope(state) as scope:
                        view(scope)
                    timings[page].append(1000 * (time.perf_counter() - t0))
                    cpu[page].append(1000 * (time.process_time() - c0))
        clicks, clicks_cpu = [], []  # the explorer's row click: one event's facts and article (any filters)
        for _ in range(args.repeat):
            for state in FILTER_STATES:
                with store.scope(state) as scope:
                    listed = views.explorer(scope).frames["events"]["event_id"]
                if listed.empty:
                    continue
                t0, c0 = time.perf_counter(), time.process_time()
                views.event_facts(store, listed.iloc[0])
                clicks.append(1000 * (time.perf_counter() - t0))
                clicks_cpu.append(1000 * (time.process_time() - c0))
        if clicks:  # no filter state listed an event (tiny tables): no click to time, and no row
            timings["Event facts"], cpu["Event facts"] = clicks, clicks_cpu
        print(f"\nfilter change -> figures built, over {len(FILTER_STATES) * args.repeat} filter states "
              f"(goal <= {GOAL_MS} ms wall; CPU is this process's, all threads: DuckDB may use several, and on a "
              "shared machine it is the steadier figure)")
        print(f"{'page':<18}{'median ms':>10}{'max ms':>9}{'CPU median':>11}{'CPU max':>9}  goal")
        for page, values in timings.items():
            median = statistics.median(values)
            print(f"{page:<18}{median:>10.0f}{max(values):>9.0f}{statistics.median(cpu[page]):>11.0f}"
                  f"{max(cpu[page]):>9.0f}  {'ok' if median <= GOAL_MS else 'MISSED'}")
        store.con.close()
        if args.browser:
            browser_first_page(folder)


if __name__ == "__main__":
    main()
