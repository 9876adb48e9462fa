"""`match NAME`: persons on file who may be the person of that name."""

from __future__ import annotations

import sys

from caseworker.cli.output import print_json, print_lines
from caseworker.cli.unlocked import unlocked_store
from caseworker.matching.candidates import match_name
from caseworker.names.name_keys import explain_name

NO_PERSONS = "no persons on file have a name like that"


def match(args) -> int:
    with unlocked_store(args) as (store, _), store.read() as session:
        found = match_name(session, args.name, birth_year=args.birth_year,
                           county=args.county, limit=args.limit)
    if args.explain:
        # With --json, stdout stays valid JSON: the explanation goes to stderr.
        explain = sys.stderr if args.json else sys.stdout
        explain.write("\n".join(explain_name(args.name)) + "\n")
    if not found:
        sys.stderr.write(f"caseworker: {NO_PERSONS}.\n")
    if args.json:
        print_json([{"person_id": c.person_id, "case_id": c.case_id,
                     "display_name": c.display_name, "score": c.score,
                     "reasons": list(c.reasons)} for c in found])
    else:
        lines = []
        for c in found:
            lines.append(f"{c.score:>3}  {(c.case_id or '')[:8]:<8}  {c.display_name}")
            lines += [f"        {reason}" for reason in c.reasons]
        print_lines(lines)
    return 0
