"""bench/run: measure every figure, print the table, write bench/results.json."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.report import print_table, write_json

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench/run")
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a smoke run)")
    parser.add_argument("only", nargs="*", help="run only figures whose group matches")
    args = parser.parse_args()
    rounds = 3 if args.quick else 9
    work = HERE / ".work"
    work.mkdir(exist_ok=True)

    from bench.figures import (
        bundles,
        cases,
        dashboard,
        desk,
        erasure,
        evidence,
        footprint,
        hostile_chain,
        matching,
        places,
        reliability,
        startup,
    )

    groups = {
        "startup": lambda: startup.first_frame(work, rounds)
        + startup.unlock_to_dashboard(work, 10_000, max(3, rounds // 3)),
        "dashboard": lambda: dashboard.dashboard_figures(work, 10_000, rounds),
        "cases": lambda: cases.case_filter(work, 100_000)
        + cases.intake_save(work, 100_000, rounds * 2),
        "places": lambda: places.place_search(work, rounds),
        "bundles": lambda: bundles.bundle_figures(work, 10_000, max(3, rounds // 3))
        + hostile_chain.hostile_chain(work, max(3, rounds // 3)),
        "matching": lambda: matching.name_match(work, 100_000, rounds)
        + matching.index_rebuild(work, 100_000),
        "erasure": lambda: erasure.erasure_figures(work, 10_000, max(3, rounds // 3)),
        "idle": lambda: footprint.idle_cpu(work, args.quick),
        "unlock-memory": lambda: footprint.unlock_memory(work),
        "walk-memory": lambda: footprint.walk_memory(work),
        "desk": lambda: desk.desk_figures(work, rounds * 3, 1_000, 10_000),
        "evidence": lambda: evidence.evidence_figures(work, 64 if args.quick else 256,
                                                      max(3, rounds // 3))
        + evidence.bundle_memory(work, 64 if args.quick else 1024),
        "reliability": lambda: reliability.edit_save(work, 10_000, rounds * 2)
        + reliability.bundle_record_checks(work, 10_000, max(3, rounds // 3)),
    }
    figures = []
    for name, measure in groups.items():
        if args.only and name not in args.only:
            continue
        print(f"measuring {name}...", file=sys.stderr, flush=True)
        figures.extend(measure())
    print_table(figures)
    write_json(figures, HERE / "results.json")
    return 0 if all(f.passed for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
