"""Build caseworker/data/gazetteer.json from the research draft (gazetteer-draft.csv).

    python scripts/build_gazetteer.py PATH/TO/gazetteer-draft.csv

The draft packs several facts into free-text columns (names in three scripts in one cell,
precision and the pre-2022 region inside notes). This script splits them into fields and
adds what the draft lacks: a short name for lists and the holding authority where known.
Raise VERSION whenever the output changes, so installed stores pick the change up.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

VERSION = 1
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
    return {"version": VERSION, "built_from": draft.name, "places": places}


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: python scripts/build_gazetteer.py PATH/TO/gazetteer-draft.csv")
    data = build(Path(sys.argv[1]))
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(data['places'])} places to {OUTPUT}")


if __name__ == "__main__":
    main()
