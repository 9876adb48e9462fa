"""Matching one name against 100,000 persons, and rebuilding the match index."""

from __future__ import annotations

import time
from pathlib import Path

from bench.report import Figure, p95
from bench.synthetic import FAMILY, GIVEN, PASSPHRASE, synthetic_store


def _names() -> list[tuple[str, int | None]]:
    """Names as they reach a desk: every script of the synthetic persons, word orders
    swapped, one-letter typos, names nobody has, with and without a birth year."""
    names: list[tuple[str, int | None]] = []
    for index, (given, family) in enumerate(zip(GIVEN, FAMILY * 2, strict=False)):
        year = 1960 + index * 2 if index % 2 else None
        names += [(f"{given[0]} {family[0]}", year), (f"{family[1]} {given[1]}", year),
                  (f"{given[2]}·{family[2]}", None), (f"{given[3]} {family[3]}", year),
                  (f"{given[0][:-1]}{given[0][-1] * 2} {family[0]}", None)]
    names += [("Zhanibek Oralbay", None), ("Ilham", 1969), ("Абай", None),
              ("Ilham Tohti " * 16, None)]
    return names


def name_match(work: Path, persons: int, rounds: int) -> list[Figure]:
    from caseworker.matching.candidates import match_name
    from caseworker.matching.match_profile import build_profile
    from caseworker.matching.person_index import CANDIDATES, nearest_persons
    from caseworker.opening.unlocking import open_store

    store = open_store(synthetic_store(work / f"cases-{persons}", cases=persons), PASSPHRASE)
    ours, blocking = [], []
    try:
        with store.read() as session:
            for _ in range(max(1, rounds // 3)):
                for name, year in _names():
                    started = time.perf_counter()
                    match_name(session, name, birth_year=year)
                    ours.append((time.perf_counter() - started) * 1000)
                    profile = build_profile([(name, "")],
                                            birth=f"{year}" if year else None)
                    started = time.perf_counter()
                    nearest_persons(session, profile)
                    blocking.append((time.perf_counter() - started) * 1000)
    finally:
        store.close()
    value, base = p95(ours), p95(blocking)
    return [Figure(f"name match, {persons:,} persons, p95", value, "ms", "<= 20 ms",
                   value <= 20, base, value / base,
                   f"{len(ours)} names in five scripts, swaps and typos, the first round "
                   "on a cold cache; baseline: the index lookup alone (the "
                   f"{CANDIDATES} best-connected persons, read, not scored)")]


def index_rebuild(work: Path, persons: int) -> list[Figure]:
    from caseworker.cases.summaries import rebuild_summaries
    from caseworker.matching.person_index import rebuild_match_index
    from caseworker.opening.unlocking import open_store

    store = open_store(synthetic_store(work / f"cases-{persons}", cases=persons), PASSPHRASE)
    try:
        with store.write() as session:
            started = time.perf_counter()
            rebuild_match_index(session)
            ours = time.perf_counter() - started
        with store.write() as session:
            started = time.perf_counter()
            rebuild_summaries(session)
            baseline = time.perf_counter() - started
    finally:
        store.close()
    return [Figure(f"match index rebuild, {persons:,} persons", ours, "s", "reported",
                   True, baseline, ours / baseline,
                   "one transaction, as a migration or upgrade runs it; baseline: rebuilding "
                   "the case summaries and their full-text index in the same store")]
