"""The intake desk: sealing an intake against saving the same intake, and the office
importing a day's outbox of sealed intakes into a 10,000-case store with `inbox import`
(docs/architecture.md §11)."""

from __future__ import annotations

import json
import random
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.report import Figure, median
from bench.synthetic import FAMILY, GIVEN, PASSPHRASE, SEED, synthetic_store

SEED_CASE = Path(__file__).resolve().parents[2] / "tests" / "data" / "qalymbek-shahman.json"
ZONE = "Asia/Almaty"


def desk_figures(work: Path, rounds: int, intakes: int, cases: int) -> list[Figure]:
    from caseworker.core.authoring import Author
    from caseworker.desk.desk_mode import make_desk
    from caseworker.exchange.install_keys import add_contact, own_keys
    from caseworker.opening.unlocking import create_store, open_store

    root = work / "desk"
    shutil.rmtree(root, ignore_errors=True)
    outbox = root / "outbox"
    outbox.mkdir(parents=True)
    shutil.copytree(synthetic_store(work / f"cases-{cases}", cases=cases), root / "office")
    office = open_store(root / "office", PASSPHRASE)
    desk = create_store(root / "desk", PASSPHRASE)
    plain = create_store(root / "plain", PASSPHRASE)
    author = Author("bench", datetime.now(UTC))
    try:
        with office.read() as session:
            office_key = own_keys(session).contact_key
        with desk.read() as session:
            desk_key = own_keys(session).contact_key
        make_desk(desk, office_key, outbox, author)
        add_contact(office, "front desk", desk_key, author)
        seal_ms, save_ms = _seal_against_save(desk, plain, rounds)
        _fill_outbox(desk, intakes - rounds)
        import_s, floor_s, imported = _import(office, outbox)
    finally:
        for store in (office, desk, plain):
            store.close()
        shutil.rmtree(root, ignore_errors=True)
    extra = seal_ms - save_ms
    return [
        Figure("seal an intake at a desk (Qalymbek Shahman, 17 records)", seal_ms, "ms",
               "<= 100 ms above a save", extra <= 100, save_ms, seal_ms / save_ms,
               f"median of {rounds}; {extra:.0f} ms above the baseline: a plain save of the "
               "same intake into an empty store"),
        Figure(f"inbox import of {imported:,} sealed intakes into {cases:,} cases", import_s,
               "s", "<= 60 s", import_s <= 60, floor_s, import_s / floor_s,
               "each checked and imported, matched against every case, kept in the inbox; "
               "baseline: decrypting and unpacking the same files only"),
    ]


def _seal_against_save(desk, plain, rounds: int) -> tuple[float, float]:
    from caseworker.cases.case_file import draft_from_json
    from caseworker.cases.case_write import create_case
    from caseworker.cases.validation import validate_case
    from caseworker.core.authoring import Author
    from caseworker.desk.sealing import seal_intake

    data = json.loads(SEED_CASE.read_text())
    seals, saves = [], []
    for _ in range(rounds):
        now = datetime.now(UTC)
        draft = draft_from_json(data)
        started = time.perf_counter()
        seal_intake(desk, draft, "Aigerim", Author("bench", now), ZONE)
        seals.append((time.perf_counter() - started) * 1000)
        draft = draft_from_json(data)
        # The seal validates inside its timing; so does the save's.
        started = time.perf_counter()
        validate_case(draft, ZONE, now)
        create_case(plain, draft, Author("Aigerim", now))
        saves.append((time.perf_counter() - started) * 1000)
    return median(seals), median(saves)


def _fill_outbox(desk, count: int) -> None:
    """`count` more intakes of people with names like the store's, by two volunteers."""
    from caseworker.cases.case_file import draft_from_json
    from caseworker.core.authoring import Author
    from caseworker.desk.sealing import seal_intake

    rng = random.Random(SEED + 1)
    for number in range(count):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        name = rng.choice([f"{given[0]} {family[0]}", f"{given[1]} {family[1]}",
                           f"{given[3]} {family[3]}"])
        data = {"person": {"names": [{"text": name}], "birth_date": str(rng.randint(1960, 2006))},
                "situation": "detained",
                "events": [{"type": "detained", "at": "2026-11-20", "location": "Almaty"}]}
        seal_intake(desk, draft_from_json(data), ("Aigerim", "Dana")[number % 2],
                    Author("bench", datetime.now(UTC)), ZONE)


def _import(office, outbox: Path) -> tuple[float, float, int]:
    from caseworker.core.authoring import Author
    from caseworker.desk.inbox_import import import_folder
    from caseworker.exchange import bundle_format
    from caseworker.exchange.install_keys import own_keys

    files = sorted(outbox.iterdir())
    with office.read() as session:
        identity = own_keys(session).age_identity
    started = time.perf_counter()
    for path in files:
        bundle_format.unpack(bundle_format.open_with_identity(path.read_bytes(), identity))
    floor = time.perf_counter() - started
    started = time.perf_counter()
    outcomes = import_folder(office, outbox, Author("bench", datetime.now(UTC)))
    took = time.perf_counter() - started
    imported = sum(1 for o in outcomes if o.outcome == "imported")
    assert imported == len(files), [o.reason for o in outcomes if o.reason][:3]
    return took, floor, imported
