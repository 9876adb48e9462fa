"""Seeded synthetic stores for the benchmarks: realistic names in several scripts.

Stores are cached in bench/.work keyed by their size and GENERATOR_VERSION; bump the
version when the schema or the generator changes.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

PASSPHRASE = "bench passphrase violet harbour"
GENERATOR_VERSION = 13
SEED = 20261122

# (Latin press spelling, Kazakh Cyrillic, Chinese characters, pinyin) for given names ...
GIVEN = [
    ("Yerzhanat", "Ержанат", "叶尔扎纳提", "Ye'erzhanati"), ("Qalymbek", "Қалымбек", "哈力木别克", "Halimubieke"),
    ("Sayragul", "Сайрагүл", "沙依拉古丽", "Shayilaguli"), ("Murager", "Мұрагер", "木拉格尔", "Mulageer"),
    ("Kaster", "Қастер", "哈斯特尔", "Hasiteer"), ("Dilnigar", "Ділнигар", "迪丽尼格尔", "Dilinigeer"),
    ("Nurlan", "Нұрлан", "努尔兰", "Nuerlan"), ("Aigerim", "Әйгерім", "阿依格林", "Ayigelin"),
    ("Serik", "Серік", "赛力克", "Sailike"), ("Gulnar", "Гүлнар", "古丽娜尔", "Gulinaer"),
    ("Erlan", "Ерлан", "叶尔兰", "Ye'erlan"), ("Baurzhan", "Бауыржан", "包尔江", "Baoerjiang"),
    ("Zhanar", "Жанар", "加娜尔", "Jianaer"), ("Askar", "Асқар", "阿斯卡尔", "Asikaer"),
    ("Madina", "Мадина", "玛迪娜", "Madina"), ("Bakhyt", "Бақыт", "巴合提", "Baheti"),
    ("Ilham", "Ілхам", "伊力哈木", "Yilihamu"), ("Aliya", "Әлия", "阿丽娅", "Aliya"),
    ("Tursun", "Тұрсын", "吐尔逊", "Tuerxun"), ("Meruert", "Меруерт", "麦吾尔特", "Maiwuerte"),
]
# ... and for family or father's names.
FAMILY = [
    ("Abai", "Абай", "阿拜", "Abai"), ("Shahman", "Шахман", "沙赫曼", "Shaheman"),
    ("Sauytbay", "Сауытбай", "沙吾提拜", "Shawutibai"), ("Alimuly", "Әлімұлы", "阿力木", "Alimu"),
    ("Musakhanuly", "Мұсаханұлы", "木沙汗", "Mushahan"), ("Akan", "Ақан", "阿汗", "Ahan"),
    ("Tohti", "Тохти", "土赫提", "Tuheti"), ("Israil", "Исраил", "伊斯拉伊力", "Yisilayili"),
    ("Bekov", "Беков", "别克", "Bieke"), ("Nurbekuly", "Нұрбекұлы", "努尔别克", "Nuerbieke"),
    ("Kasymov", "Касымов", "哈斯木", "Hasimu"), ("Zhumabay", "Жұмабай", "朱马拜", "Zhumabai"),
    ("Omarov", "Омаров", "乌马尔", "Wumaer"), ("Tabarikuly", "Табарықұлы", "塔巴热克", "Tabareke"),
    ("Serikuly", "Серікұлы", "赛力克", "Sailike"), ("Dauletov", "Даулетов", "达吾列提", "Dawuliti"),
]
SITUATIONS = ["detained", "detained", "whereabouts_unknown", "at_liberty", "released"]
COUNTIES = ["Gongliu", "Emin", "Yining", "Tacheng", "Qapqal", "Huocheng", "Altay", "Ghulja"]
PLACES = ["Zharkent IVS", "Almaty SIZO", "Tashkent airport transit zone", "Khorgos checkpoint",
          "Taldykorgan SIZO", "Bishkek", "Astana", "Жаркент", "Алматы", "Шымкент"]


def synthetic_store(path: Path, cases: int, items_per_case: int = 0) -> Path:
    """A store with `cases` open cases (one person each), and `items_per_case` checklist
    items each, built once and cached."""
    return _cached_store(path, f"{cases}-{items_per_case}",
                         lambda store: _fill(store, cases, items_per_case))


def _cached_store(path: Path, kind: str, fill: Callable) -> Path:
    """The store at `path`, created and filled by `fill(store)` unless a marker says this
    generator version already built it."""
    marker = path / f".generated-v{GENERATOR_VERSION}-{kind}"
    if marker.exists():
        return path
    shutil.rmtree(path, ignore_errors=True)
    from caseworker.opening.unlocking import create_store

    store = create_store(path, PASSPHRASE)
    try:
        fill(store)
    finally:
        store.close()
    marker.touch()
    return path


def _fill(store, cases: int, items_per_case: int = 0) -> None:
    from sqlalchemy import insert

    from caseworker.cases.derived_data import REBUILDERS
    from caseworker.deadlines.clock_templates import shipped_templates
    from storage.columns import new_id
    from storage.tables import Case, ChecklistItem, Event, NameForm, Person

    rng = random.Random(SEED)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    persons, names, case_rows, events, items = [], [], [], [], []
    clocks = shipped_templates().templates
    for _ in range(cases):
        person_id = new_id()
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        stamp = now - timedelta(minutes=rng.randint(0, 500_000))
        common = {"created_at": stamp, "updated_at": stamp, "changed_by": "bench"}
        persons.append({"id": person_id, "sex": rng.choice(["male", "female"]),
                        "birth_date": str(rng.randint(1960, 2006)), "birth_precision": "year",
                        "ethnicity": rng.choice(["Kazakh", "Uyghur", "Kyrgyz"]),
                        "citizenships": ["CN"], "home_place": rng.choice(COUNTIES),
                        "languages": [], "age_reported": None, "age_reported_on": None, **common})
        forms = [(f"{given[0]} {family[0]}", "latn"), (f"{given[1]} {family[1]}", "kk-cyrl")]
        if rng.random() < 0.5:
            forms.append((f"{given[2]}·{family[2]}", "zh-hans"))
        if rng.random() < 0.3:
            forms.append((f"{given[3]} {family[3]}", "pinyin"))
        for text, script in forms:
            names.append({"id": new_id(), "person_id": person_id, "text": text, "script": script,
                          "given": "", "father": "", "surname": "", "source": "", **common})
        case_id = new_id()
        case_rows.append({"id": case_id, "person_id": person_id, "status": "open",
                          "situation": rng.choice(SITUATIONS), "assigned_to": "",
                          "entry_method": "unknown", "route": "", "reported_by": "",
                          "consent_level": "none", "consent_condition": "", "tags": [],
                          **common})
        event_id = new_id()
        events.append({"id": event_id, "case_id": case_id, "type": "detained",
                       "at": stamp - timedelta(days=rng.randint(1, 60)), "at_precision": "day",
                       "zone": "Asia/Almaty", "location_id": None,
                       "location_text": rng.choice(PLACES), "source_id": None, "note": "",
                       **common})
        for _ in range(items_per_case):
            # due from a month ago to two months ahead of the bench's "now"; some done
            clock = rng.choice(clocks)
            due = now + timedelta(hours=rng.randint(-24 * 30, 24 * 60))
            done = rng.random() < 0.3
            items.append({"id": new_id(), "case_id": case_id, "event_id": event_id,
                          "clock_id": clock.id, "template_version": "bench",
                          "jurisdiction": "KZ", "zone": "Asia/Almaty", "action": clock.action,
                          "legal_basis": clock.legal_basis, "as_stated": clock.as_stated,
                          "verified": clock.verified, "due": due, "due_set_by": "template",
                          "status": "done" if done else "open",
                          "done_at": due if done else None, "done_by": "bench" if done else "",
                          "note": "", **common})
    with store.write() as session:
        for table, rows in ((Person, persons), (NameForm, names), (Case, case_rows),
                            (Event, events), (ChecklistItem, items)):
            for start in range(0, len(rows), 5000):
                session.execute(insert(table), rows[start:start + 5000])
        # Bulk rows bypass the save path, so derived data is rebuilt as an upgrade would.
        for _, rebuild in REBUILDERS.values():
            rebuild(session)


def synthetic_store_with_history(path: Path, cases: int, items_per_case: int = 0) -> Path:
    """As synthetic_store, and every row has its first revision, as if typed in: what a
    bundle carries."""
    return _cached_store(path, f"{cases}-{items_per_case}-history",
                         lambda store: (_fill(store, cases, items_per_case),
                                        _first_revisions(store)))


def _first_revisions(store) -> None:
    from sqlalchemy import insert
    from sqlmodel import select

    from caseworker.exchange.shared_records import SHARED_TABLES
    from storage.columns import format_utc
    from storage.history import canonical, revision_id, snapshot
    from storage.meta_values import get_meta
    from storage.tables import RecordHead, Revision

    with store.write() as session:
        # Made on this install, as if typed in here: its next bundle signs them.
        origin = get_meta(session, "install_id")
        revisions, heads = [], []
        case_of_person = {person: case for case, person in session.exec(
            select(SHARED_TABLES["cases"].id, SHARED_TABLES["cases"].person_id))}
        for table, model in SHARED_TABLES.items():
            if table == "places":  # shipped with the app: no one typed them
                continue
            for row in session.exec(select(model)):
                fields = canonical(snapshot(row))
                at = format_utc(row.updated_at)
                case_id = getattr(row, "case_id", None) or (row.id if table == "cases" else None)
                if table in ("persons", "name_forms"):
                    case_id = case_of_person[getattr(row, "person_id", row.id)]
                rid = revision_id(table, row.id, [], fields, [], row.changed_by, origin,
                                  case_id, at)
                revisions.append({"id": rid, "table_name": table, "record_id": row.id,
                                  "parents": [], "fields": fields, "changed": [],
                                  "author": row.changed_by, "origin": origin,
                                  "case_id": case_id, "at": row.updated_at})
                heads.append({"table_name": table, "record_id": row.id, "head": rid})
        for model, rows in ((Revision, revisions), (RecordHead, heads)):
            for start in range(0, len(rows), 5000):
                session.execute(insert(model), rows[start:start + 5000])


# Place names are built from the syllables Central Asian place names are made of, in
# Latin and Cyrillic, with a type word, the way gazetteer aliases look.
_PLACE_STARTS = [("Zhar", "Жар"), ("Kara", "Қара"), ("Taldy", "Талды"), ("Ak", "Ақ"),
                 ("Kok", "Көк"), ("Sary", "Сары"), ("Uzyn", "Ұзын"), ("Shu", "Шу"),
                 ("Bakan", "Бақан"), ("Kegen", "Кеген"), ("Tekes", "Текес"), ("Ush", "Үш"),
                 ("Shelek", "Шелек"), ("Koktal", "Көктал"), ("Alma", "Алма"), ("Shon", "Шон")]
_PLACE_ENDS = [("kent", "кент"), ("bulak", "бұлақ"), ("korgan", "қорған"), ("tobe", "төбе"),
               ("su", "су"), ("kol", "көл"), ("agash", "ағаш"), ("tau", "тау"),
               ("zhol", "жол"), ("ozek", "өзек"), ("aryk", "арық"), ("bastau", "бастау")]
_PLACE_KINDS = [("IVS", "ИВС", "ivs"), ("SIZO", "СИЗО", "sizo"), ("court", "соты", "court"),
                ("police", "полициясы", "police_department"), ("station", "бекеті", "town"),
                ("airport", "әуежайы", "airport"), ("village", "ауылы", "town")]
PLACE_NAMES_PER_PLACE = 10


def synthetic_places(path: Path, places: int) -> Path:
    """A store holding `places` generated places (ten names each) besides the gazetteer.
    None is a border crossing: there are a handful of those in the world this tool serves."""
    return _cached_store(path, f"places-{places}", lambda store: _fill_places(store, places))


def _fill_places(store, count: int) -> None:
    from sqlalchemy import insert

    from caseworker.places.place_index import rebuild_place_names
    from storage.tables import Place

    rng = random.Random(SEED)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    rows = []
    for number in range(count):
        (start_latn, start_cyrl), (end_latn, end_cyrl) = (rng.choice(_PLACE_STARTS),
                                                          rng.choice(_PLACE_ENDS))
        kind_latn, kind_cyrl, place_type = rng.choice(_PLACE_KINDS)
        latn, cyrl = f"{start_latn}{end_latn}", f"{start_cyrl}{end_cyrl}"
        aliases = [f"{cyrl} {kind_cyrl}", f"{latn}-{number}", f"{latn} No.{number % 9 + 1}",
                   f"{cyrl} №{number % 9 + 1}", f"{latn} {kind_latn} {number % 97}",
                   f"{latn} district", f"{cyrl} ауданы"]
        rows.append({"id": f"BENCH-{number}", "short_name": f"{latn} {kind_latn} {number}",
                     "type": place_type, "crossing_mode": "", "borders_china": False,
                     "closed": False, "name_en": f"{latn} {kind_latn}", "name_kk": cyrl,
                     "name_ru": "", "name_ky": "", "name_uz": "", "name_zh": "",
                     "aliases": aliases[:PLACE_NAMES_PER_PLACE - 3], "authority": "",
                     "country": "KZ", "region": "", "region_before_2022": "",
                     "lat": 40 + rng.random() * 10, "lon": 68 + rng.random() * 15,
                     "precision": "", "precision_km": None, "sources": [], "notes": "",
                     "origin": "user", "edited_fields": [], "created_at": now, "updated_at": now,
                     "changed_by": "bench"})
    with store.write() as session:
        for first in range(0, len(rows), 5000):
            session.execute(insert(Place), rows[first:first + 5000])
        rebuild_place_names(session)
