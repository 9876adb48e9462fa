"""Erasure on a full store: moving it to a new key, purging one case, the panic wipe.

Each round works on a fresh copy of the cached 10,000-case store, since all three change
it for good."""

from __future__ import annotations

import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.report import Figure, median
from bench.synthetic import PASSPHRASE, synthetic_store_with_history


def erasure_figures(work: Path, cases: int, rounds: int) -> list[Figure]:
    source = synthetic_store_with_history(work / f"history-{cases}", cases=cases)
    copy = work / "erasure-copy"
    rekeys, purges, vacuums, wipes, unlinks = [], [], [], [], []
    size = sum(p.stat().st_size for p in source.rglob("*") if p.is_file())
    for _ in range(rounds):
        rekeys.append(_timed_on_copy(source, copy, _rekey))
        purges.append(_timed_on_copy(source, copy, _purge_one_case))
        vacuums.append(_timed_on_copy(source, copy, _vacuum))
        wipes.append(_timed_on_copy(source, copy, _wipe))
        unlinks.append(_timed_on_copy(source, copy, _unlink_all))
    shutil.rmtree(copy, ignore_errors=True)
    rekey, purge, wipe = median(rekeys), median(purges), median(wipes)
    vacuum_s, unlink_s = median(vacuums), median(unlinks)
    return [
        Figure(f"rekey, {cases:,} cases ({size / 1e6:.0f} MB with backups)", rekey, "s",
               "<= 60 s and <= 3x VACUUM", rekey <= 60 and rekey <= 3 * vacuum_s, vacuum_s,
               rekey / vacuum_s,
               f"median of {rounds}; the database re-encrypted under a new random key, its "
               "backup too, the old key file overwritten, one key derivation at the bench "
               "store's cost; baseline: VACUUM of the same database, which also rewrites "
               "and encrypts every page once (a rekey rewrites the database and each backup)"),
        Figure(f"purge one case, {cases:,}-case store", purge, "s", "<= 2x VACUUM",
               purge <= 2 * vacuum_s, vacuum_s, purge / vacuum_s,
               f"median of {rounds}; every revision of the case's records redacted, then "
               "WAL truncated, VACUUM, backups shredded; baseline: VACUUM of the same store"),
        Figure("panic wipe", wipe, "s", "<= 1 s", wipe <= 1, unlink_s, wipe / unlink_s,
               f"median of {rounds}; keys and database heads overwritten in place, fsynced, "
               "removed; baseline: removing the same files"),
    ]


def _timed_on_copy(source: Path, copy: Path, operation) -> float:
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(source, copy)
    return operation(copy)


def _rekey(root: Path) -> float:
    from caseworker.opening.unlocking import open_store

    store = open_store(root, PASSPHRASE)
    try:
        started = time.perf_counter()
        store.rekey(PASSPHRASE)
        return time.perf_counter() - started
    finally:
        store.close()


def _purge_one_case(root: Path) -> float:
    from sqlmodel import select

    from caseworker.core.authoring import Author
    from caseworker.exchange.erasure import purge, records_of_case
    from caseworker.opening.unlocking import open_store
    from storage.tables import Case

    store = open_store(root, PASSPHRASE)
    try:
        with store.read() as session:
            case_id = session.exec(select(Case.id).limit(1)).one()
            keys = records_of_case(session, case_id)
        started = time.perf_counter()
        purge(store, keys, Author("bench", datetime.now(UTC)), case_id)
        return time.perf_counter() - started
    finally:
        store.close()


def _vacuum(root: Path) -> float:
    from caseworker.opening.unlocking import open_store

    store = open_store(root, PASSPHRASE)
    raw = store.engine.raw_connection()
    try:
        started = time.perf_counter()
        raw.driver_connection.execute("VACUUM")
        return time.perf_counter() - started
    finally:
        raw.close()
        store.close()


def _wipe(root: Path) -> float:
    from storage.shredding import wipe_store

    started = time.perf_counter()
    wipe_store(root)
    return time.perf_counter() - started


def _unlink_all(root: Path) -> float:
    started = time.perf_counter()
    for path in [p for p in root.rglob("*") if p.is_file()]:
        path.unlink()
    return time.perf_counter() - started
