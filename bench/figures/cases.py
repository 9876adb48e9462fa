"""The case list filter over 100,000 persons, and saving one intake."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from bench.report import Figure, median, p95
from bench.synthetic import FAMILY, GIVEN, PASSPHRASE, synthetic_store


def _typed_queries() -> list[str]:
    """What volunteers type, key by key: names in Latin, Cyrillic and Chinese, places."""
    words = [g[0] for g in GIVEN[:8]] + [f[1] for f in FAMILY[:6]] + [g[2] for g in GIVEN[:3]]
    words += ["Zharkent", "detained", "Жаркент"]
    queries = []
    for word in words:
        queries += [word[:length] for length in range(1, len(word) + 1)]
    queries += ["abai detained", "shahman tashkent", "qalym", "ержан"]
    return queries


def case_filter(work: Path, persons: int) -> list[Figure]:
    from caseworker.cases.case_list import search_cases
    from caseworker.names.text_folding import query_terms
    from caseworker.opening.unlocking import open_store

    store = open_store(synthetic_store(work / f"cases-{persons}", cases=persons), PASSPHRASE)
    try:
        ours, baseline = [], []
        with store.engine.connect() as conn:
            for query in _typed_queries():
                started = time.perf_counter()
                search_cases(store, query)
                ours.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                conn.exec_driver_sql(
                    "SELECT case_id FROM case_summaries WHERE search_text LIKE ? LIMIT 100",
                    (f"%{(query_terms(query) or [''])[0]}%",)).all()
                baseline.append((time.perf_counter() - started) * 1000)
    finally:
        store.close()
    value = p95(ours)
    return [Figure(f"case filter, {persons:,} persons, p95 per key press", value, "ms",
                   "<= 20 ms", value <= 20, p95(baseline), value / p95(baseline),
                   f"{len(ours)} typed queries (rows and count); baseline: one SQL LIKE "
                   "for the first term, rows only")]


def intake_save(work: Path, persons: int, rounds: int) -> list[Figure]:
    import json

    from caseworker.cases.case_file import draft_from_json
    from caseworker.cases.case_write import create_case
    from caseworker.cases.validation import validate_case
    from caseworker.core.authoring import Author
    from caseworker.opening.unlocking import open_store

    seed = Path(__file__).resolve().parents[2] / "tests" / "data" / "qalymbek-shahman.json"
    data = json.loads(seed.read_text())
    store = open_store(synthetic_store(work / f"cases-{persons}", cases=persons), PASSPHRASE)
    saves, baseline = [], []
    try:
        for _ in range(rounds):
            draft = draft_from_json(data)
            now = datetime.now(UTC)
            validate_case(draft, "Asia/Almaty", now)
            started = time.perf_counter()
            create_case(store, draft, Author("bench", now))
            saves.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            with store.write() as session:  # one durable commit of one row
                session.connection().exec_driver_sql(
                    "INSERT INTO meta (key, value) VALUES ('bench', 'x') "
                    "ON CONFLICT(key) DO UPDATE SET value = value || 'x'")
            baseline.append((time.perf_counter() - started) * 1000)
    finally:
        store.close()
    value = median(saves)
    return [Figure("intake save (Qalymbek Shahman, 17 records)", value, "ms", "<= 50 ms",
                   value <= 50, median(baseline), value / median(baseline),
                   f"median of {rounds} saves into a {persons:,}-case store; baseline: one "
                   "durable one-row commit")]
