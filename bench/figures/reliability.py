"""What the reliability work costs on paths people wait on: the check that an edit is not
saved over someone else's newer save, and the checks on every value a bundle brings."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bench.report import Figure, median
from bench.synthetic import PASSPHRASE, synthetic_store_with_history


def edit_save(work: Path, cases: int, rounds: int) -> list[Figure]:
    """Saving an edited case, as the edit form does, against the same save without the
    lost-update check (a draft that does not say which version it was made on)."""
    from sqlmodel import select

    from caseworker.cases.case_write import update_case
    from caseworker.cases.edit_drafts import draft_for_editing
    from caseworker.core.authoring import Author
    from caseworker.opening.unlocking import open_store
    from storage.tables import Case

    store = open_store(synthetic_store_with_history(work / f"history-{cases}", cases=cases),
                       PASSPHRASE)
    checked, unchecked = [], []
    try:
        with store.read() as session:
            case_ids = session.exec(select(Case.id).limit(rounds * 2)).all()
        for number, case_id in enumerate(case_ids):
            with store.read() as session:
                draft = draft_for_editing(session, case_id)
            draft.route = f"edited {number}"
            samples, draft = (checked, draft) if number % 2 else \
                (unchecked, replace(draft, loaded_version=""))
            started = time.perf_counter()
            update_case(store, case_id, draft, Author("bench", datetime.now(UTC)))
            samples.append((time.perf_counter() - started) * 1000)
    finally:
        store.close()
    value, baseline = median(checked), median(unchecked)
    return [Figure("edit save with the lost-update check", value, "ms", "<= 50 ms",
                   value <= 50, baseline, value / baseline,
                   f"median of {len(checked)} edits in a {cases:,}-case store; baseline: "
                   "the same save without the check")]


def bundle_record_checks(work: Path, cases: int, rounds: int) -> list[Figure]:
    """Reading a bundle's records: every line parsed, hashed and checked value by value,
    against parsing the same lines as JSON and nothing else."""
    import json

    from sqlalchemy import text

    from caseworker.exchange.bundle_records import COLUMNS, decode, encode
    from caseworker.opening.unlocking import open_store

    store = open_store(synthetic_store_with_history(work / f"history-{cases}", cases=cases),
                       PASSPHRASE)
    try:
        with store.read() as session:
            rows = session.connection().execute(text(f"SELECT {COLUMNS} FROM revisions")).all()
    finally:
        store.close()
    records = "".join(encode(tuple(row)) for row in rows).encode()
    ours, baseline = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        decode(records)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        for line in records.decode().splitlines():
            json.loads(line)
        baseline.append(time.perf_counter() - started)
    value, base = median(ours), median(baseline)
    return [Figure(f"bundle records checked, {len(rows):,} revisions", value, "s", "reported",
                   True, base, value / base,
                   f"median of {rounds}; every value checked against its column, choices, "
                   "time zones and ranges; baseline: json.loads of each line")]
