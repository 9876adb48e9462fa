"""Build caseworker/data/gazetteer.json from the research draft (gazetteer-draft.csv).

    python scripts/build_gazetteer.py PATH/TO/gazetteer-draft.csv

The draft packs several facts into free-text columns (names in three scripts in one cell,
precision and the pre-2022 region inside notes). This script splits them into fields and
adds what the draft lacks: a short name for lists and the holding authority where known.
Then it applies the December 2026 check of the places against public sources (REVISED,
ADDED, MOVED below): the draft stays as the research left it, and each correction here
names the page it rests on. Raise VERSION whenever the output changes, so installed
stores pick the change up.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

VERSION = 3
OUTPUT = Path(__file__).resolve().parent.parent / "caseworker" / "data" / "gazetteer.json"

# Draft type -> (type, crossing mode, closed)
TYPES = {
    "border_crossing_road": ("border_crossing", "road", False),
    "border_crossing_rail": ("border_crossing", "rail", False),
    "border_crossing_road_rail": ("border_crossing", "road_rail", False),
    "border_free_zone": ("border_zone", "", False),
    "airport": ("airport", "", False),
    "detention_ivs_police": ("ivs", "", False),
    "detention_sizo": ("sizo", "", False),
    "detention_sizo_closed": ("sizo", "", True),
    "reception_distribution_center": ("reception_centre", "", False),
    "special_reception_center": ("special_reception_centre", "", False),
    "foreigners_detention_center": ("foreigners_detention_centre", "", False),
    "police_hq": ("police_department", "", False),
    "court": ("court", "", False),
    "asylum_office": ("asylum_office", "", False),
    "un_office": ("un_office", "", False),
    "town_reference": ("town", "", False),
    "city_reference": ("town", "", False),
}

SHORT_NAMES = {
    "KZ-BC-NURZHOLY": "Nur Zholy / Khorgos crossing",
    "KZ-BC-ICBC": "Khorgos ICBC border zone",
    "KZ-BC-ALTYNKOL": "Altynkol rail crossing",
    "KZ-BC-KALZHAT": "Kalzhat crossing",
    "KZ-BC-DOSTYK": "Dostyk crossing",
    "KZ-BC-BAKHTY": "Bakhty crossing",
    "KZ-BC-MAIKAPSHAGAI": "Maikapshagai crossing",
    "KG-BC-TORUGART": "Torugart crossing",
    "KG-BC-IRKESHTAM": "Irkeshtam crossing",
    "KZ-AP-ALA": "Almaty airport (ALA)",
    "KZ-AP-NQZ": "Astana airport (NQZ)",
    "KZ-AP-CIT": "Shymkent airport (CIT)",
    "UZ-AP-TAS": "Tashkent airport (TAS)",
    "KG-AP-FRU": "Bishkek Manas airport (FRU)",
    "KZ-DET-ZHARKENT-IVS": "Zharkent police IVS",
    "KZ-CRT-PANFILOV": "Panfilov district court, Zharkent",
    "KZ-TOWN-ZHARKENT": "Zharkent",
    "KZ-CRT-ZAYSAN": "Zaysan district court",
    "KZ-SIZO-ALMATY-18": "Almaty SIZO LA-155/18",
    "KZ-SIZO-ALMATY-1-CLOSED": "Almaty SIZO-1 (closed)",
    "KZ-PR-ALMATY": "Almaty reception centre",
    "KZ-SPR-ALMATY": "Almaty special reception centre",
    "KZ-DP-ASTANA": "Astana police department",
    "KZ-SIZO-ASTANA": "Astana SIZO",
    "KZ-SIZO-TALDYKORGAN": "Taldykorgan SIZO",
    "KZ-SIZO-SHYMKENT": "Shymkent SIZO",
    "KZ-ASY-ALMATY": "Almaty asylum office",
    "KZ-ASY-ASTANA": "Astana asylum office",
    "KZ-ASY-SHYMKENT": "Shymkent asylum office",
    "KZ-ASY-KONAEV": "Konaev asylum office",
    "KZ-UN-UNHCR-ALMATY": "UNHCR Almaty",
    "UZ-SIZO-TASHKENT-1": "Tashkent SIZO-1 (Tashturma)",
    "UZ-SIZO-TASHREG-1": "Tashkent region SIZO-1, Zangiata",
    "UZ-CITY-TASHKENT": "Tashkent",
    "KG-DET-GANSI": "Gansi foreigners' centre, Chui",
    "KG-SIZO-BISHKEK-1": "Bishkek SIZO-1",
    "KG-SIZO-OSH": "Osh SIZO",
    "KG-CITY-BISHKEK": "Bishkek",
    "KG-TOWN-NARYN": "Naryn",
    "KZ-CITY-ALMATY": "Almaty",
    "KZ-CITY-ASTANA": "Astana",
    "KZ-CITY-SHYMKENT": "Shymkent",
    "KZ-TOWN-ZAYSAN": "Zaysan",
    "KZ-TOWN-SHONZHY": "Shonzhy (Chundzha)",
    "KZ-TOWN-KHORGOS": "Khorgos village",
}

# Who holds people there, where the draft's sources say or the institution's type fixes it.
_KZ_MVD_POLICE = "Police, Ministry of Internal Affairs of Kazakhstan"
_KZ_PENAL = "Criminal-Executive System Committee, Ministry of Internal Affairs of Kazakhstan"
_KZ_BORDER = "Border Service of the National Security Committee of Kazakhstan"
AUTHORITIES = {
    "KZ-DET-ZHARKENT-IVS": "Panfilov district police department, " + _KZ_MVD_POLICE,
    "KZ-PR-ALMATY": "Almaty Police Department, " + _KZ_MVD_POLICE,
    "KZ-SPR-ALMATY": "Almaty Police Department, " + _KZ_MVD_POLICE,
    "KZ-DP-ASTANA": "Astana Police Department, " + _KZ_MVD_POLICE,
    "KZ-SIZO-ALMATY-18": _KZ_PENAL,
    "KZ-SIZO-ALMATY-1-CLOSED": _KZ_PENAL,
    "KZ-SIZO-ASTANA": _KZ_PENAL,
    "KZ-SIZO-TALDYKORGAN": _KZ_PENAL,
    "KZ-SIZO-SHYMKENT": _KZ_PENAL,
    "KZ-BC-NURZHOLY": _KZ_BORDER,
    "KZ-BC-ALTYNKOL": _KZ_BORDER,
    "KZ-BC-KALZHAT": _KZ_BORDER,
    "KZ-BC-DOSTYK": _KZ_BORDER,
    "KZ-BC-BAKHTY": _KZ_BORDER,
    "KZ-BC-MAIKAPSHAGAI": _KZ_BORDER,
    "KZ-ASY-ALMATY": "Almaty city Department of Employment and Social Programs",
    "KZ-ASY-ASTANA": "Astana city Department of Employment and Social Programs",
    "KZ-ASY-SHYMKENT": "Shymkent city Department of Employment and Social Programs",
    "KZ-ASY-KONAEV": "Almaty Region Department of Employment and Social Programs",
    "KZ-UN-UNHCR-ALMATY": "UNHCR",
    "KZ-CRT-PANFILOV": "Judiciary of Kazakhstan",
    "KZ-CRT-ZAYSAN": "Judiciary of Kazakhstan",
}

# Where the draft's name_local cell is too irregular to split by rule.
NAME_OVERRIDES = {
    "KZ-BC-NURZHOLY": {"kk": "Нұр жолы (Қорғас)", "ru": "Нур Жолы (Хоргос)",
                       "zh": "霍尔果斯口岸"},
    "KZ-BC-BAKHTY": {"kk": "Бақты", "ru": "Бахты", "zh": "巴克图口岸"},
    "KZ-BC-MAIKAPSHAGAI": {"kk": "Майқапшағай", "ru": "Майкапчагай", "zh": "吉木乃口岸"},
    "KG-BC-TORUGART": {"ky": "Торугарт", "ru": "Торугарт", "zh": "吐尔尕特口岸"},
    "KG-BC-IRKESHTAM": {"ky": "Эркечтам", "ru": "Иркештам", "zh": "伊尔克什坦口岸"},
    "KG-AP-FRU": {"ky": "Манас эл аралык аэропорту", "ru": "Международный аэропорт Манас"},
    "KZ-TOWN-ZHARKENT": {"kk": "Жаркент", "ru": "Жаркент"},
    "KZ-SIZO-SHYMKENT": {"kk": "Шымкент тергеу изоляторы", "ru": "СИЗО г. Шымкент"},
    "KZ-ASY-ALMATY": {"kk": "Алматы қ. Жұмыспен қамту және әлеуметтік бағдарламалар "
                            "басқармасы", "ru": "Управление занятости и социальных программ "
                                                "г. Алматы"},
}
_KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_KYRGYZ_LETTERS = set("ңөүҢӨҮ")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_PRECISION = re.compile(r"precision:\s*([^|]+)")
_PLUS_MINUS_KM = re.compile(r"±\s*(\d+(?:\.\d+)?)\s*km")
_LEVEL_KM = {"street": 1.0, "district": 5.0, "town": 3.0, "city": 10.0}


def _pieces(local: str) -> list[str]:
    """The separate names inside the draft's name_local cell."""
    local = re.sub(r"CN counterpart:\s*", "; ", local)
    pieces = []
    for part in re.split(r"\s+/\s+|\s*;\s*", local):
        part = part.strip(" ,")
        if part:
            pieces.append(part)
    return pieces


def _names(row: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Names by language (en, kk, ru, ky, zh, uz) and the rest of name_local as aliases."""
    names = {"en": row["name_en"].strip()}
    leftovers = []
    for piece in _pieces(row["name_local"]):
        core = re.sub(r"\s*\((?:қаз\./рус\.|бывш\.[^)]*)\)", "", piece).strip()
        if _HAN.search(core):
            language = "zh"
            core = re.sub(r"\s*\([^)]*\)\s*$", "", core)
        elif _CYRILLIC.search(core):
            letters = set(core)
            if row["country"] == "KG":
                language = "ky" if letters & _KYRGYZ_LETTERS else "ru"
            else:
                language = "kk" if letters & _KAZAKH_LETTERS else "ru"
        elif row["country"] == "UZ":
            language = "uz"
        else:
            leftovers.append(core)
            continue
        if language in names:
            leftovers.append(core)
        else:
            names[language] = core
    if row["id"] in NAME_OVERRIDES:
        names.update(NAME_OVERRIDES[row["id"]])
        leftovers = []
    # A Cyrillic name without Kazakh letters is the same in Kazakh and Russian.
    if "kk" not in names and "ru" in names and row["country"].startswith("KZ"):
        names["kk"] = names["ru"]
    return names, leftovers


def _region(text: str) -> tuple[str, str]:
    """The region now and, when it changed in the 2022 reform, the one before."""
    before = ""
    match = re.search(r";\s*was (.+?) before 2022", text)
    if match:
        before = match.group(1).strip()
        text = text[:match.start()] + text[match.end():]
    match = re.search(r';\s*media still say "([^"]+)"', text)
    if match:
        before = match.group(1).strip().replace("region", "Region")
        text = text[:match.start()] + text[match.end():]
    if not before and "was Almaty Region" in text:
        before = "Almaty Region"
        text = re.sub(r";\s*was Almaty Region", "", text)
    return text.strip(" ;"), before


def _precision(notes: str) -> tuple[str, float | None]:
    match = _PRECISION.search(notes)
    if not match:
        return "", None
    text = match.group(1).strip()
    km = _PLUS_MINUS_KM.search(text)
    if km:
        return text, float(km.group(1))
    for level, value in _LEVEL_KM.items():
        if text.startswith(level):
            return text, value
    return text, None


def _notes(notes: str) -> str:
    """The draft's notes without the precision and distance it carries (computed here)."""
    kept = [part.strip() for part in notes.split("|")
            if not part.strip().startswith(("precision:", "nearest "))]
    return " ".join(part for part in kept if part)


def _aliases(row: dict[str, str], names: dict[str, str], leftovers: list[str]) -> list[str]:
    aliases: list[str] = []
    for alias in [*row["aliases"].split(";"), *leftovers]:
        alias = alias.strip()
        if alias and alias not in aliases and alias not in names.values():
            aliases.append(alias)
    return aliases


# -- December 2026: places checked against public sources --------------------------------

# Kazakhstan's regions since 8 June 2022: Zhetysu took Aksu, Alakol, Eskeldi, Karatal,
# Kerbulak, Koksu, Panfilov and Sarkand districts from Almaty Region; Abay took Aksuat,
# Abay, Ayagoz, Beskaragay, Borodulikha, Zharma, Urzhar and Kokpekti districts, Semey and
# Kurchatov from East Kazakhstan (decree of 4 May 2022, as published by Kazpravda; in
# force 8 June per The Village). Uygur district (Kalzhat) is in neither list: it stayed in
# Almaty Region.
_REGIONS_2022 = ["https://kazpravda.kz/n/ukaz-o-sozdanii-treh-novyh-oblastey-podpisal-tokaev",
                 "https://www.the-village-kz.com/village/city/news-city/"
                 "23099-v-kazahstane-obrazovany-tri-novye-oblasti"]
_TASHTURMA_MOVE = ["https://www.rferl.org/a/uzbekistan-prison-turned-into-park/29124138.html",
                   "https://www.centralasian.org/a/28979898.html",
                   "http://tashkenttimes.uz/national/"
                   "2182-gov-t-oks-building-of-park-in-place-of-relocated-toshturma",
                   "https://news.net.uz/tag/arev-aleksandr-leonidovich"]
_UNHCR_2021 = "https://docslib.org/doc/6377992/central-asia-march-2021"
_KNB_PRISONS = "https://rus.azattyq.org/amp/izolyator-knb-uzhas/29196347.html"
_KZ_KNB = "National Security Committee (KNB) of Kazakhstan"

# Field values that replace the draft's; "+sources" and "+aliases" add to the draft's.
REVISED: dict[str, dict] = {
    # Version 3: Kazakh names for the airports and cities the draft named only in Russian,
    # Uzbek or Kyrgyz, so a volunteer typing "Ташкент әуежайы" finds the airport, not the
    # city (seen typing a whole intake in Kazakh).
    "UZ-AP-TAS": {
        "names": {"en": "Tashkent International Airport (TAS) — incl. transit/restricted zone",
                  "kk": "Ташкент халықаралық әуежайы",
                  "uz": "Toshkent xalqaro aeroporti", "ru": "Международный аэропорт Ташкент"},
        "+aliases": ["Ташкент әуежайы"]},
    "KG-AP-FRU": {
        "names": {"en": "Manas International Airport, Bishkek (FRU)",
                  "kk": "Манас халықаралық әуежайы",
                  "ru": "Международный аэропорт Манас", "ky": "Манас эл аралык аэропорту"},
        "+aliases": ["Бішкек әуежайы"]},
    "UZ-CITY-TASHKENT": {"names": {"en": "Tashkent (city)", "kk": "Ташкент қаласы",
                                   "uz": "Toshkent", "ru": "Ташкент"}},
    "KG-CITY-BISHKEK": {"names": {"en": "Bishkek (city)", "kk": "Бішкек қаласы",
                                  "ru": "Бишкек"}},
    "KZ-BC-NURZHOLY": {"+sources": _REGIONS_2022},
    "KZ-BC-ICBC": {"region_before_2022": "Almaty Region", "+sources": _REGIONS_2022},
    "KZ-BC-ALTYNKOL": {"region_before_2022": "Almaty Region", "+sources": _REGIONS_2022},
    "KZ-BC-KALZHAT": {"region": "Almaty Region (Uygur district)", "+sources": _REGIONS_2022},
    "KZ-BC-DOSTYK": {"region": "Zhetysu Region (Alakol district)", "+sources": _REGIONS_2022},
    "KZ-BC-BAKHTY": {
        # Bakhty lies in the former Makanshy district, merged into Urzhar in 1997; the
        # President decided to restore it (Tengrinews, June 2023), date not confirmed.
        "region": "Abay Region (Urzhar district; Makanshy district being restored - verify)",
        "+sources": [*_REGIONS_2022, "https://tengrinews.kz/kazakhstan_news/"
                     "abayskoy-oblasti-nachali-vozrojdat-novyiy-rayon-granitse-503126"]},
    "KZ-TOWN-KHORGOS": {"region_before_2022": "Almaty Region", "+sources": _REGIONS_2022},
    "KZ-TOWN-ZHARKENT": {"region_before_2022": "Almaty Region", "+sources": _REGIONS_2022},
    "KZ-CRT-PANFILOV": {"region_before_2022": "Almaty Region", "+sources": _REGIONS_2022},
    "KZ-SIZO-TALDYKORGAN": {"region_before_2022": "Almaty Region (its centre until 2022)",
                            "+sources": _REGIONS_2022},
    "KZ-UN-UNHCR-ALMATY": {
        "names": {"en": "UNHCR Multi-Country Office for Central Asia, Almaty",
                  "kk": "БҰҰ БЖКБ Орталық Азиядағы өңірлік өкілдігі",
                  "ru": "Региональное представительство УВКБ ООН в Центральной Азии"},
        "+aliases": ["UNHCR Multi-Country Office", "UNHCR Regional Representation"],
        "+sources": [_UNHCR_2021],
        "notes": "UNHCR's Multi-Country Office for Central Asia (fact sheet, March 2021), with "
                 "national offices in Astana and Bishkek; no office in Uzbekistan since April "
                 "2006. Street address not verified - city-level coordinates."},
    # Tashturma (SIZO No.1 on Namanganskaya 1) was emptied in January 2018: its detainees
    # went to a new prison in Zangiata district, the old buildings were handed to the city
    # by the Cabinet's order of 22 March 2018 and demolished for a park (RFE/RL, Tashkent
    # Times; the Tashkent hokimiyat dates the move to 2017, news.net.uz). The Ombudsman's
    # "pre-trial detention centre No. 1 of the Zangiata district of the Tashkent region"
    # (May 2023) is that prison. The old row stays, closed, for older case notes.
    "UZ-SIZO-TASHKENT-1": {
        "short_name": "Old Tashturma site, Tashkent (closed 2018)",
        "closed": True,
        "names": {"en": "Former pre-trial detention centre No.1 \"Tashturma\", Namanganskaya 1, "
                        "Tashkent (closed 2018, moved to Zangiata)",
                  "uz": "Sobiq 1-son tergov hibsxonasi (eski Toshturma)",
                  "ru": "бывший СИЗО №1 «Таштюрьма», ул. Наманганская 1 (закрыт в 2018)"},
        "aliases": ["old Tashturma", "former Tashturma", "Namanganskaya 1",
                    "Наманганская 1", "старая Таштюрьма"],
        "+sources": _TASHTURMA_MOVE,
        "notes": "Closed: detainees moved to the new SIZO No.1 in Zangiata district in January "
                 "2018 (RFE/RL; the Tashkent hokimiyat says 2017); buildings handed to the city "
                 "on 22 March 2018 and demolished for a park. Events here from 15 January 2018 "
                 "on were moved to UZ-SIZO-TASHREG-1 by the December 2026 gazetteer. Address per "
                 "Fergana: Namanganskaya St 1, Yunusabad district."},
    "UZ-SIZO-TASHREG-1": {
        "short_name": "Tashkent region SIZO-1, Zangiata (Tashturma)",
        "names": {"en": "Pre-trial detention centre No.1 of Tashkent Region, Zangiata district "
                        "(the \"Tashturma\" since 2018)",
                  "uz": "Toshkent viloyati 1-son tergov hibsxonasi, Zangiota tumani",
                  "ru": "СИЗО №1 Ташкентской области, Зангиатинский р-н (Таштюрьма)"},
        "aliases": ["Zangiata SIZO", "Zangiota", "Зангиата", "Tashturma", "Таштюрьма",
                    "Toshturma", "Tashtyurma", "new Tashturma", "SIZO-1 Tashkent",
                    "СИЗО №1 Ташкент"],
        "+sources": _TASHTURMA_MOVE,
        "notes": "Where Tashturma's detainees were moved in January 2018 (RFE/RL, Tashkent "
                 "Times); Ombudsman monitoring visit May 2023 (Nukus defendants held here). "
                 "District-level coordinates (estimate): geocode before relying on the pin."},
}

# The old site, the prison its detainees moved to, from when (transfers began on 15
# January 2018, Ozodi via centralasian.org), and the gazetteer version that moves them:
# events linked to the old site from that day on are moved to the new one, with a note,
# once, by the upgrade to that version.
MOVED = {"UZ-SIZO-TASHKENT-1": ("UZ-SIZO-TASHREG-1", "2018-01-15", 2)}


_FIELD_ORDER = ("id", "short_name", "type", "crossing_mode", "borders_china", "closed",
                "names", "aliases", "authority", "country", "region", "region_before_2022",
                "lat", "lon", "precision", "precision_km", "sources", "notes")


def _place(**fields) -> dict:
    """A place the draft lacks, with its fields in the order built places have them."""
    fields = {"crossing_mode": "", "borders_china": False, "closed": False, "aliases": [],
              "authority": "", "region_before_2022": "", **fields}
    return {key: fields[key] for key in _FIELD_ORDER}


ADDED = [
    # Third Kyrgyz-China crossing, opened 4 Sep 2024 under a simplified procedure with a
    # temporary 58 km Barskoon-Uchturfan-Aksu road (24.kg; Trend). On the Kyrgyz side at
    # Bedel, Issyk-Kul Region (News.az); on the Chinese side in Uchturpan county (Xinhua
    # via catstreet.shop). Coordinates: the Bedel pass, from general reference geography.
    _place(id="KG-BC-BEDEL", short_name="Bedel crossing", type="border_crossing",
           crossing_mode="road", borders_china=True,
           names={"en": "Bedel checkpoint (Bedel-Avtodorozhny), Bedel pass",
                  "ky": "Бедел өткөрүү пункту", "ru": "Бедел-Автодорожный",
                  "zh": "别迭里口岸"},
           # Not the Chinese county's name (Uchturpan): an event written there is in China,
           # and must not be placed in Kyrgyzstan.
           aliases=["Bedel", "Бедел", "Bedel pass", "Bedel-Avtodorozhny", "Bedel checkpoint",
                    "Бедел-Автодорожный", "别迭里"],
           country="KG", region="Issyk-Kul Region", lat=41.40, lon=78.43,
           precision="approx ±15 km (pass area; checkpoint site not verified)",
           precision_km=15.0,
           sources=["https://24.kg/english/303987_Bedel-Avtodorozhny_checkpoint_on_border_"
                    "with_China_officially_opened/",
                    "https://news.az/news/kyrgyzstan-china-commission-new-border-checkpoint",
                    "https://www.trend.az/casia/kyrgyzstan/4086564.html",
                    "general reference geography for the coordinates and the Chinese name "
                    "(verify)"],
           notes="Opened 4 Sep 2024, the third Kyrgyz-China road crossing after Torugart and "
                 "Irkeshtam; temporary infrastructure, full build-out planned by 2027."),
    # KNB pre-trial prisons: monitors visited five in 2017, once each; those in Almaty,
    # Karaganda and Shymkent are in basements or semi-basements; Almaty's building dates
    # from 1936, Astana's from 1975 (Azattyq, 2018). Addresses not verified.
    *[_place(id=f"KZ-SIZO-KNB-{key}", short_name=f"{city} KNB SIZO", type="sizo",
             names={"en": f"Pre-trial detention centre of the National Security Committee "
                          f"(KNB), {city}",
                    "ru": f"Следственный изолятор КНБ, {city_ru}",
                    "kk": f"ҰҚК тергеу изоляторы, {city_kk}"},
             aliases=[f"KNB SIZO {city}", f"СИЗО КНБ {city_ru}", f"{city} KNB isolator"],
             authority=_KZ_KNB, country="KZ", region=region, lat=lat, lon=lon,
             precision="city-level (±10 km)", precision_km=10.0,
             sources=[_KNB_PRISONS,
                      "http://insecure.zan.kz/rus/docs/V2500037151/compare/kaz"],
             notes=note + " Address unverified: city-level coordinates.")
      for key, city, city_ru, city_kk, region, lat, lon, note in [
          ("ALMATY", "Almaty", "Алматы", "Алматы", "Almaty city", 43.238, 76.889,
           "In a 1936 building, cells in a basement or semi-basement (Azattyq, 2018)."),
          ("ASTANA", "Astana", "Астана", "Астана", "Astana (capital)", 51.167, 71.433,
           "In a 1975 building, renovated about 2016 (Azattyq, 2018)."),
          ("KARAGANDA", "Karaganda", "Караганда", "Қарағанды", "Karaganda Region", 49.806,
           73.085, "Cells in a basement or semi-basement (Azattyq, 2018)."),
          ("SHYMKENT", "Shymkent", "Шымкент", "Шымкент", "Shymkent", 42.317, 69.583,
           "Cells in a basement or semi-basement (Azattyq, 2018)."),
      ]],
    _place(id="KG-SIZO-GKNB-BISHKEK", short_name="Bishkek GKNB SIZO", type="sizo",
           names={"en": "Pre-trial detention centre of the State Committee for National "
                        "Security (GKNB), Bishkek",
                  "ru": "СИЗО ГКНБ, г. Бишкек", "ky": "УКМК тергөө абагы, Бишкек"},
           aliases=["GKNB SIZO", "СИЗО ГКНБ", "GKNB isolator Bishkek"],
           authority="State Committee for National Security (GKNB) of the Kyrgyz Republic",
           country="KG", region="Bishkek city", lat=42.867, lon=74.600,
           precision="city-level (±10 km)", precision_km=10.0,
           sources=["https://24.kg/obschestvo/123982_VIP-arestantyi_kyirgyizstana_kak_"
                    "sidyat_vsizo_gknb",
                    "https://24.kg/obschestvo/341030_ntspp_priznal_udovletvoritelnyim_"
                    "soderjanie_zaklyuchennyih_vivs_guvd_bishkeka_/"],
           notes="The GKNB's own pre-trial prison, used for former officials and politicians "
                 "(24.kg). In 2025 the Bishkek police IVS moved into a \"former GKNB "
                 "building\" (24.kg): check where the GKNB SIZO is now. City-level "
                 "coordinates."),
    _place(id="KZ-UN-UNHCR-ASTANA", short_name="UNHCR Astana", type="un_office",
           names={"en": "UNHCR National Office in Astana",
                  "ru": "Национальный офис УВКБ ООН в Астане",
                  "kk": "БҰҰ БЖКБ Астанадағы ұлттық кеңсесі"},
           aliases=["UNHCR Astana", "UNHCR Nur-Sultan", "УВКБ ООН Астана"],
           authority="UNHCR", country="KZ", region="Astana (capital)", lat=51.167,
           lon=71.433, precision="city-level (±10 km)", precision_km=10.0,
           sources=[_UNHCR_2021, "https://webarchive.archive.unhcr.org/20151216151410mp_/"
                                 "http://unhcr.org/406acf424.html"],
           notes="National office under the Multi-Country Office in Almaty (UNHCR fact sheet, "
                 "March 2021); opened 31 March 2004. Street address not verified."),
    _place(id="KG-UN-UNHCR-BISHKEK", short_name="UNHCR Bishkek", type="un_office",
           names={"en": "UNHCR office in the Kyrgyz Republic, Bishkek",
                  "ru": "Представительство УВКБ ООН в Кыргызской Республике, Бишкек",
                  "ky": "БУУнун Качкындар боюнча жогорку комиссарынын Бишкектеги кеңсеси"},
           aliases=["UNHCR Bishkek", "UNHCR Kyrgyzstan", "УВКБ ООН Бишкек"],
           authority="UNHCR", country="KG", region="Bishkek city", lat=42.867, lon=74.600,
           precision="city-level (±10 km)", precision_km=10.0,
           sources=[_UNHCR_2021, "https://webarchive.archive.unhcr.org/20190218101203mp_/"
                                 "https://www.unhcr.kz/eng/resources/briefs/kyrgyzstan/"],
           notes="Representation in Bishkek since December 1995 (UNHCR archive); a national "
                 "office under the Almaty Multi-Country Office in 2021. Kyrgyz cases go here. "
                 "Street address not verified."),
    # One SIZO per regional centre (Tengrinews, 2024). Oskemen's is confirmed on its own:
    # the old fortress prison, institution OV-156/1 (Tengrinews, 2020; yk.kz, 2010). The
    # Semey SIZO is not added: the only report found (Kazakhstan Today, 2007) says its
    # main block was closed in 2006 pending a new building, and no later report was found.
    _place(id="KZ-SIZO-OSKEMEN", short_name="Oskemen SIZO", type="sizo",
           names={"en": "Oskemen (Ust-Kamenogorsk) pre-trial detention centre",
                  "ru": "СИЗО г. Усть-Каменогорск (учреждение ОВ-156/1)",
                  "kk": "Өскемен тергеу изоляторы"},
           aliases=["SIZO Oskemen", "SIZO Ust-Kamenogorsk", "СИЗО Усть-Каменогорск",
                    "ОВ-156/1", "OV-156/1"],
           authority=_KZ_PENAL, country="KZ", region="East Kazakhstan Region (regional centre)",
           lat=49.948, lon=82.628, precision="city-level (±5 km)", precision_km=5.0,
           sources=["https://tengrinews.kz/news/kak-jivet-stareyshee-sizo-kazahstana-394040/amp",
                    "https://yk.kz/news/gorod/kazematnyij-raj-80764.html",
                    "https://test.tengrinews.kz/article/"
                    "podzemnyiy-tunnel-glazok-kameru-vyiglyadit-odno-stareyshih-2301"],
           notes="Kazakhstan's oldest SIZO, in the old fortress prison (Tengrinews, 2020); "
                 "institution code OV-156/1 as of 2010 (yk.kz) - may have changed. City-level "
                 "coordinates."),
]


# City references for the cities whose only other rows are the prisons above: a place
# written as just "Karaganda" is the city, not its KNB prison (whose authority would
# otherwise make it security-service custody).
ADDED += [
    _place(id=f"KZ-CITY-{key}", short_name=name, type="town",
           names={"en": f"{name} (city)", "kk": kk, "ru": ru}, aliases=aliases,
           country="KZ", region=region, lat=lat, lon=lon, precision="city-level",
           precision_km=10.0, sources=["general reference geography (not verified; verify)"],
           notes=note)
    for key, name, kk, ru, aliases, region, lat, lon, note in [
        ("KARAGANDA", "Karaganda", "Қарағанды", "Караганда",
         ["Karaganda", "Qaraghandy", "Karagandy", "Қарағанды", "Караганда"],
         "Karaganda Region (regional centre)", 49.806, 73.085, "City reference."),
        ("OSKEMEN", "Oskemen", "Өскемен", "Усть-Каменогорск",
         ["Oskemen", "Öskemen", "Ust-Kamenogorsk", "Өскемен", "Усть-Каменогорск"],
         "East Kazakhstan Region (regional centre)", 49.948, 82.628, "City reference."),
    ]
]


def _revise(place: dict) -> dict:
    changes = REVISED.get(place["id"], {})
    for key, value in changes.items():
        if key.startswith("+"):
            field = key[1:]
            place[field] = [*place[field], *(v for v in value if v not in place[field])]
        else:
            place[key] = value
    if place["id"] in MOVED:
        place["moved_to"], place["moved_on"], place["moved_in_version"] = MOVED[place["id"]]
    return place


def build(draft: Path) -> dict:
    places = []
    with draft.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            place_type, mode, closed = TYPES[row["type"]]
            names, leftovers = _names(row)
            region, region_before = _region(row["region"])
            precision, precision_km = _precision(row["notes"])
            places.append({
                "id": row["id"],
                "short_name": SHORT_NAMES[row["id"]],
                "type": place_type,
                "crossing_mode": mode,
                "borders_china": place_type == "border_crossing",
                "closed": closed,
                "names": names,
                "aliases": _aliases(row, names, leftovers),
                "authority": AUTHORITIES.get(row["id"], ""),
                "country": row["country"].split("/")[0],
                "region": region,
                "region_before_2022": region_before,
                "lat": float(row["lat"]),
                "lon": float(row["lon"]),
                "precision": precision,
                "precision_km": precision_km,
                "sources": [s.strip() for s in row["source"].split(" ; ") if s.strip()],
                "notes": _notes(row["notes"]),
            })
    places = [_revise(place) for place in places]
    known = {place["id"] for place in places}
    places += [place for place in ADDED if place["id"] not in known]
    return {"version": VERSION, "built_from": draft.name, "places": places}


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: python scripts/build_gazetteer.py PATH/TO/gazetteer-draft.csv")
    data = build(Path(sys.argv[1]))
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(data['places'])} places to {OUTPUT}")


if __name__ == "__main__":
    main()
