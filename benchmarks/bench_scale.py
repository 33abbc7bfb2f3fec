"""Scale: `sinoties build` on a synthetic corpus of N articles (speed per worker, peak memory, incremental re-run).

    .venv/bin/python benchmarks/bench_scale.py N [N ...] [--workers W] [--engine local|dask] [--keep DIR]
                                               [--json OUT]

For each N: writes a corpus of N articles (~3 KB each, eight languages; in turn a folder of 1,000 .txt files, a
JSONL file of 1,000 records and a CSV file of 500 rows, so 40/40/20 %; ~5 % exact and ~3 % near copies, ~10 % off
topic) into a temporary folder (or DIR), runs `sinoties build CORPUS --out OUT --workers W --quiet` as a child
process while sampling the memory of its whole process tree (PSS: pages forked workers share are counted once),
then adds one corpus-like article and builds again (incremental: "+1"), then one more on a company, country and
year the corpus never names, which the build can splice in without re-reading the rest ("+1 lone"). A corpus-like
article usually copies an old one closely enough and names old partners in the same weeks, so "+1" is a normal
re-run (every old verdict and event made again); "+1 lone" is the splice (transforms/incremental.py). Wall and CPU
seconds of both are reported (CPU: the machine is shared). The code is run
from a snapshot (see ``snapshot``). Prints one row per N and, with --json, writes every figure, including the
build's own per-stage CPU seconds (from its manifest).

The corpus is made from sentence templates written here (with random companies, places, figures and dates) mixed
with sentences drawn from the sample corpus in data/sample/articles/pages, shuffled so that articles are distinct
(the deduplicator must not take one for another). It is deterministic for a given N.
"""

from __future__ import annotations

import csv
import json
import os
import platform
import random
import re
import shutil
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "data" / "sample" / "articles" / "pages"
OFF_TOPIC_NAMES = re.compile(r"weather|wetter|pogoda|sport|crime|advert|politics")
SENTENCE = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")

TXT_PER_FOLDER, JSONL_PER_FILE, CSV_PER_FILE = 1000, 1000, 500
TARGET_CHARS = {"zh": 1100, "zh-Hant": 1100}  # CJK: ~3 bytes a character, so ~3 KB as the others
DEFAULT_TARGET_CHARS = 2900

CHINESE_FIRMS = ["China Railway Group", "PowerChina", "CATL", "BYD", "COSCO Shipping", "Huawei", "China Harbour",
                 "Sinopec", "CNPC", "State Grid", "ZTE", "Geely", "China Merchants Port", "CRRC", "Midea",
                 "China Development Bank", "Bank of China", "Haier", "Longi Green Energy", "Tsingshan"]
PARTNERS = {  # a foreign partner and its country, per language of the article
    "en": [("Kenya Ports Authority", "Kenya"), ("Rio Tinto", "Australia"), ("Petrobras", "Brazil"),
           ("Egyptian Electricity Holding", "Egypt"), ("Pakistan Railways", "Pakistan"), ("Ayala Land", "Philippines")],
    "en-b": [("Jamaica Roads Agency", "Jamaica"), ("Lagos State", "Nigeria"), ("Serbian Railways", "Serbia")],
    "de": [("Siemens", "Deutschland"), ("Volkswagen", "Deutschland"), ("Voestalpine", "Österreich")],
    "fr": [("TotalEnergies", "France"), ("Société nationale d'électricité", "Sénégal"), ("EDF", "France")],
    "es": [("YPF", "Argentina"), ("Codelco", "Chile"), ("Ecopetrol", "Colombia"), ("Pemex", "México")],
    "pt": [("Vale", "Brasil"), ("Sonangol", "Angola"), ("Eletrobras", "Brasil")],
    "ru": [("Газпром", "Россия"), ("Роснефть", "Россия"), ("Казахтелеком", "Казахстан")],
    "ar": [("أرامكو السعودية", "السعودية"), ("موانئ دبي العالمية", "الإمارات"), ("هيئة قناة السويس", "مصر")],
    "zh": [("肯尼亚港务局", "肯尼亚"), ("巴西国家石油公司", "巴西"), ("埃及电力控股公司", "埃及")],
    "zh-Hant": [("肯亞港務局", "肯亞"), ("巴西國家石油公司", "巴西"), ("埃及電力控股公司", "埃及")],
}
CITIES = ["Mombasa", "Lagos", "Santos", "Karachi", "Piraeus", "Duisburg", "Budapest", "Belgrade", "Jakarta",
          "Lima", "Astana", "Dhaka", "Casablanca", "Abidjan", "Hamburg", "Valencia", "Durban", "Colombo"]
SECTORS = {
    "en": ["port", "railway", "solar power", "battery", "steel", "telecoms", "highway", "hydropower"],
    "de": ["Hafen", "Bahnstrecke", "Solarpark", "Batteriewerk", "Stahlwerk"],
    "fr": ["port", "chemin de fer", "centrale solaire", "usine de batteries"],
    "es": ["puerto", "ferrocarril", "parque solar", "planta de baterías", "mina de cobre"],
    "pt": ["porto", "ferrovia", "usina solar", "fábrica de baterias"],
    "ru": ["порт", "железная дорога", "солнечная электростанция", "завод"],
    "ar": ["ميناء", "سكة حديد", "محطة طاقة شمسية", "مصنع"],
    "zh": ["港口", "铁路", "光伏电站", "电池工厂", "钢铁"],
    "zh-Hant": ["港口", "鐵路", "光伏電站", "電池工廠", "鋼鐵"],
}
# our own sentences, one lead and one follow-up per language; slots are filled at random
LEADS = {
    "en": "{firm} signed an agreement with {partner} in {city} on {date} to build a {sector} project in {country} "
          "worth {amount} million US dollars, the {n}th such deal this year.",
    "de": "{firm} hat am {date} in {city} mit {partner} einen Vertrag über ein {sector}-Projekt in {country} im Wert "
          "von {amount} Millionen Euro unterzeichnet, bereits das {n}. Abkommen dieser Art.",
    "fr": "{firm} a signé le {date} à {city} un accord avec {partner} pour un projet de {sector} au {country} d'un "
          "montant de {amount} millions d'euros, le {n}e accord de ce type.",
    "es": "{firm} firmó el {date} en {city} un acuerdo con {partner} para un proyecto de {sector} en {country} por "
          "{amount} millones de dólares, el acuerdo número {n} de este tipo.",
    "pt": "A {firm} assinou em {date} em {city} um acordo com a {partner} para um projeto de {sector} no {country} "
          "no valor de {amount} milhões de dólares, o {n}º acordo do género.",
    "ru": "Компания {firm} {date} в городе {city} подписала с {partner} соглашение о проекте ({sector}) в стране "
          "{country} стоимостью {amount} млн долларов, это уже {n}-е подобное соглашение.",
    "ar": "وقعت شركة {firm} في {date} في مدينة {city} اتفاقية مع {partner} لإنشاء مشروع {sector} في {country} "
          "بقيمة {amount} مليون دولار، وهي الاتفاقية رقم {n} من نوعها.",
    "zh": "{date}，{firm}与{partner}在{city}签署协议，将在{country}投资{amount}亿元人民币建设{sector}项目，这是今年第{n}个同类项目。",
    "zh-Hant": "{date}，{firm}與{partner}在{city}簽署協議，將在{country}投資{amount}億元人民幣建設{sector}項目，這是今年第{n}個同類項目。",
}
FOLLOW_UPS = {
    "en": "Officials said the first phase of the {sector} works would employ about {jobs} people from {city}.",
    "de": "Nach Angaben der Behörden sollen in der ersten Phase rund {jobs} Menschen aus {city} beschäftigt werden.",
    "fr": "Selon les autorités, la première phase emploiera environ {jobs} personnes de la région de {city}.",
    "es": "Según las autoridades, la primera fase dará empleo a unas {jobs} personas de {city}.",
    "pt": "Segundo as autoridades, a primeira fase vai empregar cerca de {jobs} pessoas de {city}.",
    "ru": "По словам чиновников, на первом этапе будут заняты около {jobs} человек из города {city}.",
    "ar": "وقال مسؤولون إن المرحلة الأولى ستوفر نحو {jobs} فرصة عمل لسكان {city}.",
    "zh": "官员表示，项目一期将为{city}提供约{jobs}个就业岗位。",
    "zh-Hant": "官員表示，項目一期將為{city}提供約{jobs}個就業崗位。",
}
OFF_TOPIC_LEADS = {
    "en": "Forecasters expect {jobs} millimetres of rain in {city} over the weekend, and the {n}th match of the "
          "season was called off.",
    "de": "Für {city} werden am Wochenende {jobs} Millimeter Regen erwartet; das {n}. Spiel der Saison fällt aus.",
    "fr": "Les prévisionnistes attendent {jobs} millimètres de pluie à {city} ce week-end; le {n}e match est reporté.",
    "es": "Se esperan {jobs} litros de lluvia en {city} este fin de semana y se aplazó el partido número {n}.",
    "pt": "A previsão é de {jobs} milímetros de chuva em {city} no fim de semana; o {n}º jogo foi adiado.",
    "ru": "Синоптики ожидают в городе {city} {jobs} мм осадков, {n}-й матч сезона перенесён.",
    "ar": "يتوقع خبراء الأرصاد هطول {jobs} ملم من الأمطار في {city} هذا الأسبوع، وتأجلت المباراة رقم {n}.",
    "zh": "气象部门预计本周末{city}降雨量将达{jobs}毫米，第{n}场比赛因此推迟。",
    "zh-Hant": "氣象部門預計本週末{city}降雨量將達{jobs}毫米，第{n}場比賽因此推遲。",
}
LANGUAGE_CODE = {"en-b": "en", "zh-Hant": "zh"}
ISOLATED_ARTICLE = (
    "Brewers sign deal in Reykjavik\n2031-04-09\n\nTsingtao Brewery signed an agreement with the Icelandic "
    "Fisheries Cooperative in Reykjavik on 8 April 2031 to open a malting plant worth 40 million US dollars. "
    "The cooperative will supply barley grown on reclaimed volcanic fields, and the brewery plans to hire "
    "about 60 people for the first season."
)
# more lone articles for later runs over a kept corpus (--keep): the same text again would be a copy of the
# first, which the build must re-deduplicate (a full re-run), so each run adds the first one not yet there
MORE_ISOLATED = [
    "Glassmakers open plant in Nuuk\n2032-09-14\n\nFuyao Glass signed an agreement with the Greenland Harbour "
    "Board in Nuuk on 13 September 2032 to build a float glass works worth 75 million US dollars. The board will "
    "lease quay land beside the old cannery, and the company expects to train about 90 local workers.",
    "Ferry line for the Faroes\n2033-02-20\n\nCOSCO Shipping agreed with the Faroese Ports Company in Torshavn on "
    "19 February 2033 to run a weekly freight ferry, a lease worth 30 million US dollars over eight years. Salmon "
    "farmers said chilled cargo would reach Asian buyers four days sooner.",
    "Kiwi orchards get a packing hub\n2034-06-03\n\nJoyvio Group signed a contract with the Vanuatu Agriculture "
    "Board in Port Vila on 2 June 2034 for a fruit packing hub worth 12 million US dollars, with cold stores and "
    "a laboratory; growers on three islands will deliver there from next season.",
]


def _sample_sentences() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Sentences of the sample pages by language folder: (on-topic pages, off-topic pages)."""
    on, off = {}, {}
    for folder in sorted(p for p in PAGES.iterdir() if p.is_dir()):
        for page in sorted(folder.glob("*.txt")):
            lines = page.read_text(encoding="utf-8").splitlines()
            body = [line for line in lines if len(line) > 60]  # paragraphs, not menus and titles
            sentences = [s.strip() for line in body for s in SENTENCE.split(line) if len(s.strip()) > 15]
            (off if OFF_TOPIC_NAMES.search(page.name) else on).setdefault(folder.name, []).extend(sentences)
    return on, off


class CorpusWriter:
    """Writes N synthetic articles into a folder, spread over .txt, .jsonl and .csv files."""

    def __init__(self, folder: Path, seed: int = 7) -> None:
        self.folder = folder
        self.rng = random.Random(seed)
        self.on, self.off = _sample_sentences()
        self.languages = sorted(set(self.on) & set(LEADS))
        self.previous: list[dict] = []

    def article(self, n: int) -> dict:
        rng = self.rng
        if self.previous and rng.random() < 0.05:  # an exact copy (syndication)
            return dict(rng.choice(self.previous), id=f"r{n}")
        if self.previous and rng.random() < 0.03:  # a near copy: the same story with a new opening sentence
            copy = rng.choice(self.previous)
            text = copy["text"].split("\n", 1)
            return dict(copy, id=f"r{n}", text=f"{self._filled(copy['folder'], OFF_TOPIC_LEADS, n)}\n{text[-1]}")
        folder = rng.choice(self.languages)
        off_topic = rng.random() < 0.10
        lead = self._filled(folder, OFF_TOPIC_LEADS if off_topic else LEADS, n)
        pool = self.off.get(folder) or self.off["en"] if off_topic else self.on[folder]
        target = TARGET_CHARS.get(folder, DEFAULT_TARGET_CHARS)
        paragraphs, size = [lead], len(lead)
        while size < target:
            chosen = rng.sample(pool, min(len(pool), rng.randint(2, 4)))
            if not off_topic and rng.random() < 0.4:
                chosen.append(self._filled(folder, FOLLOW_UPS, n))
            paragraph = " " if folder not in ("zh", "zh-Hant") else ""
            paragraph = paragraph.join(chosen)
            paragraphs.append(paragraph)
            size += len(paragraph)
        year, month, day = rng.randint(2013, 2025), rng.randint(1, 12), rng.randint(1, 28)
        record = {"id": f"r{n}", "folder": folder, "language": LANGUAGE_CODE.get(folder, folder),
                  "title": lead[:70].rstrip(" ,.，") if rng.random() < 0.8 else "",
                  "published": f"{year}-{month:02}-{day:02}", "text": "\n".join(paragraphs)}
        if len(self.previous) < 2000:
            self.previous.append(record)
        elif rng.random() < 0.01:
            self.previous[rng.randrange(len(self.previous))] = record
        return record

    def _filled(self, folder: str, templates: dict[str, str], n: int) -> str:
        rng = self.rng
        partner, country = rng.choice(PARTNERS.get(folder, PARTNERS["en"]))
        sectors = SECTORS.get(folder, SECTORS["en"])
        return templates[folder].format(
            firm=rng.choice(CHINESE_FIRMS), partner=partner, country=country, city=rng.choice(CITIES),
            sector=rng.choice(sectors), amount=rng.randint(5, 3000), jobs=rng.randint(100, 20000), n=n % 97 + 2,
            date=f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.{rng.randint(2013, 2025)}",
        )

    def write(self, n_articles: int) -> dict[str, int]:
        """Write the corpus; returns how many articles went into each format."""
        counts = {"txt": 0, "jsonl": 0, "csv": 0}
        batch: list[dict] = []
        kind_cycle = ("txt", "jsonl", "csv")
        kind = 0
        for n in range(n_articles):
            batch.append(self.article(n))
            if len(batch) == (TXT_PER_FOLDER if kind_cycle[kind] == "txt" else
                              JSONL_PER_FILE if kind_cycle[kind] == "jsonl" else CSV_PER_FILE) or n == n_articles - 1:
                self._flush(kind_cycle[kind], batch, n)
                counts[kind_cycle[kind]] += len(batch)
                batch, kind = [], (kind + 1) % 3
        return counts

    def _flush(self, kind: str, batch: list[dict], n: int) -> None:
        if kind == "txt":
            folder = self.folder / "txt" / f"{n // TXT_PER_FOLDER:05}"
            folder.mkdir(parents=True, exist_ok=True)
            for record in batch:
                head = f"{record['title']}\n{record['published']}\n\n" if record["title"] else ""
                (folder / f"{record['id']}.txt").write_text(head + record["text"], encoding="utf-8")
        elif kind == "jsonl":
            (self.folder / "jsonl").mkdir(parents=True, exist_ok=True)
            with open(self.folder / "jsonl" / f"part-{n:07}.jsonl", "w", encoding="utf-8") as handle:
                for record in batch:
                    fields = {k: record[k] for k in ("id", "title", "published", "language", "text")}
                    handle.write(json.dumps(fields, ensure_ascii=False) + "\n")
        else:
            (self.folder / "csv").mkdir(parents=True, exist_ok=True)
            with open(self.folder / "csv" / f"part-{n:07}.csv", "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["id", "title", "published", "url", "text"])
                for record in batch:
                    writer.writerow([record["id"], record["title"], record["published"],
                                     f"https://bench.example/{record['id']}", record["text"]])


# --- running and measuring ------------------------------------------------------------------------------------


def _tree_rss_bytes(root_pid: int) -> int:
    """Memory of a process and all its descendants (Linux /proc): the sum of their proportional set sizes (PSS),
    so pages that forked workers share with their parent count once, not once per process as RSS would."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += _pss_bytes(pid)
        stack.extend(children.get(pid, ()))
    return total


def _pss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run_build(argv: list[str], code: Path = ROOT) -> tuple[float, float, int, str]:
    """Run a build command; returns (wall seconds, CPU seconds of its process tree, peak memory (PSS) of the tree in
    bytes, stderr+stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(code))
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=code, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_bytes(process.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"build failed ({process.returncode}): {output[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the build and its workers, once they are waited for
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu, peak, output


def snapshot(workdir: Path) -> Path:
    """A copy of the code and data a build reads, run instead of the working tree: the incremental cache is keyed
    by a fingerprint of that code and data, so an edit made meanwhile (several engineers share the tree) would
    otherwise turn the measured re-run into a full rebuild."""
    target = workdir / "snapshot"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(ROOT / "transforms", target / "transforms", ignore=shutil.ignore_patterns("__pycache__"))
    for folder in ("lexicons", "reference"):
        shutil.copytree(ROOT / "data" / folder, target / "data" / folder)
    return target


def _build_argv(corpus: Path, out: Path, workers: int, engine: str, scheduler: str | None) -> list[str]:
    argv = [sys.executable, "-m", "transforms.cli", "build", str(corpus), "--out", str(out), "--workers",
            str(workers), "--engine", engine]
    if scheduler:
        argv += ["--scheduler", scheduler]
    return argv


def bench(n: int, workdir: Path, code: Path, workers: int, engine: str, scheduler: str | None) -> dict:
    corpus, out = workdir / f"corpus-{n}", workdir / f"out-{n}"
    started = time.perf_counter()
    if not corpus.exists():
        CorpusWriter(corpus).write(n)
    make_seconds = time.perf_counter() - started
    corpus_bytes = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file())
    argv = _build_argv(corpus, out, workers, engine, scheduler)
    seconds, cpu, peak, output = run_build(argv, code)
    manifest = json.loads((out / "current" / "manifest.json").read_text(encoding="utf-8"))

    extra = corpus / "txt" / "incoming"
    extra.mkdir(parents=True, exist_ok=True)
    (extra / f"added-{time.time_ns()}.txt").write_text(
        "One more report\n2024-05-02\n\n" + CorpusWriter(corpus, seed=time.time_ns()).article(n)["text"],
        encoding="utf-8")
    again_seconds, again_cpu, again_peak, again_output = run_build(argv, code)
    again_manifest = json.loads((out / "current" / "manifest.json").read_text(encoding="utf-8"))

    # one more article, on a company, country and year the corpus never names: nothing of the old build can
    # change, so the new rows can be spliced in (transforms/incremental.py)
    present = {p.read_text(encoding="utf-8") for p in extra.glob("isolated-*.txt")}
    lone = next((t for t in [ISOLATED_ARTICLE, *MORE_ISOLATED] if t not in present), None)
    if lone is None:
        raise SystemExit(f"every lone article is already in {extra}: remove isolated-*.txt there or the corpus")
    (extra / f"isolated-{time.time_ns()}.txt").write_text(lone, encoding="utf-8")
    lone_seconds, lone_cpu, lone_peak, lone_output = run_build(argv, code)
    lone_manifest = json.loads((out / "current" / "manifest.json").read_text(encoding="utf-8"))
    return {
        "n": n, "workers": workers, "engine": engine, "corpus_bytes": corpus_bytes,
        "mean_article_bytes": corpus_bytes / n, "make_corpus_seconds": make_seconds,
        "build_seconds": seconds, "build_cpu_seconds": cpu, "articles_per_second_per_worker": n / seconds / workers,
        "articles_per_cpu_second": n / cpu,
        "peak_rss_bytes": peak, "summary": output.strip().splitlines()[-1] if output.strip() else "",
        "rows": manifest.get("rows", {}), "stage_seconds": manifest.get("stage_seconds", {}),
        "incremental_seconds": again_seconds, "incremental_cpu_seconds": again_cpu,
        "incremental_peak_rss_bytes": again_peak,
        "incremental_summary": again_output.strip().splitlines()[-1] if again_output.strip() else "",
        "incremental_stage_seconds": again_manifest.get("stage_seconds", {}),
        "incremental_made_by": again_manifest.get("made_by"),
        "isolated_seconds": lone_seconds, "isolated_cpu_seconds": lone_cpu, "isolated_peak_rss_bytes": lone_peak,
        "isolated_made_by": lone_manifest.get("made_by"),
        "isolated_stage_seconds": lone_manifest.get("stage_seconds", {}),
        "isolated_summary": lone_output.strip().splitlines()[-1] if lone_output.strip() else "",
    }


def main(argv: list[str]) -> int:
    args = list(argv)
    if {"-h", "--help"} & set(args):
        print(__doc__)
        return 0

    def option(name: str, default: str | None) -> str | None:
        if name in args:
            i = args.index(name)
            value = args[i + 1]
            del args[i:i + 2]
            return value
        return default

    out_json = option("--json", None)
    workers = int(option("--workers", "1"))
    engine = option("--engine", "local")
    scheduler = option("--scheduler", None)
    keep = option("--keep", None)
    sizes = [int(a.replace("_", "").replace("k", "000")) for a in args] or [1000]
    results = []
    with tempfile.TemporaryDirectory(prefix="bench_scale-") as tmp:
        workdir = Path(keep) if keep else Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        code = snapshot(workdir)
        for n in sizes:
            results.append(bench(n, workdir, code, workers, engine, scheduler))
            print(f"done N={n:,}", file=sys.stderr)
    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, python {platform.python_version()}; "
          f"engine {engine}, {workers} worker(s)")
    print(f"{'N':>9} {'MB in':>6} {'wall s':>7} {'CPU s':>7} {'art/s/wkr':>9} {'art/CPU-s':>9} {'peak mem':>9} "
          f"{'+1 wall s':>9} {'+1 CPU s':>8} {'+1 lone s':>9} {'lone CPU':>8}")
    for r in results:
        print(f"{r['n']:>9,} {r['corpus_bytes'] / 1e6:>6.0f} {r['build_seconds']:>7.1f} {r['build_cpu_seconds']:>7.1f} "
              f"{r['articles_per_second_per_worker']:>9,.0f} {r['articles_per_cpu_second']:>9,.0f} "
              f"{r['peak_rss_bytes'] / 2**20:>7,.0f}MB {r['incremental_seconds']:>9.1f} "
              f"{r['incremental_cpu_seconds']:>8.1f} {r['isolated_seconds']:>9.1f} {r['isolated_cpu_seconds']:>8.1f}")
        stages = r["stage_seconds"]
        per_article = " ".join(f"{k}={1000 * v / r['n']:.3f}" for k, v in stages.items())
        print(f"{'':>9} CPU ms per article by stage: {per_article}")
        print(f"{'':>9} {r['summary']}")
        print(f"{'':>9} +1 ({r['incremental_made_by']}): {r['incremental_summary']}; stages (s) "
              + " ".join(f"{k}={v:.2f}" for k, v in r["incremental_stage_seconds"].items()))
        print(f"{'':>9} +1 lone ({r['isolated_made_by']}): {r['isolated_summary']}; stages (s) "
              + " ".join(f"{k}={v:.2f}" for k, v in r["isolated_stage_seconds"].items()))
    if out_json:
        Path(out_json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
