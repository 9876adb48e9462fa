"""`match NAME`: persons on file who may be the person of that name.

The handler imports the store's code when it runs, so that building the parser stays fast."""

from __future__ import annotations

import argparse
import sys

from caseworker.cli.arguments import Commands, command, free_text, json_option, limit
from caseworker.cli.output import print_json, print_lines
from caseworker.core.i18n import _

NO_PERSONS = "no persons on file have a name like that"


def register(commands: Commands) -> None:
    match_command = command(commands, "match", match,
                            _("persons on file whose name is like NAME in any script or spelling"))
    match_command.add_argument("name", metavar="NAME",
                               help=_("the name; '-' reads it from standard input, which other "
                                    "users of this computer cannot see (ps shows arguments)"))
    match_command.add_argument("--birth-year", type=birth_year, metavar="Y",
                               help=_("year of birth, if known (strengthens or weakens a match)"))
    match_command.add_argument("--county", metavar="C", default="",
                               help=_("home county or prefecture in Xinjiang, in any script"))
    json_option(match_command)
    match_command.add_argument("--explain", action="store_true",
                               help=_("show each step of the name's normalisation (on stderr "
                                    "with --json)"))
    match_command.add_argument("--limit", type=limit, default=10, metavar="N",
                               help=_("at most N persons (1-500, default 10)"))


def birth_year(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value[:20]!r} is not a year") from None
    if not 1900 <= year <= 2100:
        raise argparse.ArgumentTypeError("must be a year between 1900 and 2100")
    return year


def match(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import unlocked_store
    from caseworker.matching.candidates import match_name
    from caseworker.names.name_keys import explain_name

    if args.name == "-":
        args.name = free_text("NAME", "-")
    with unlocked_store(args) as (store, _config), store.read() as session:
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
