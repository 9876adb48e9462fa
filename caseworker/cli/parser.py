"""Arguments for every command. Handlers are named, not imported, so `--help` stays fast."""

from __future__ import annotations

import argparse
import sys

from caseworker import __version__

EXIT_USAGE = 2


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (DESIGN §7), still exit code 2."""

    def error(self, message: str):
        sys.stderr.write(f"caseworker: {message} (see '{self.prog} --help')\n")
        sys.exit(EXIT_USAGE)


def _common(suppress: bool) -> argparse.ArgumentParser:
    # Global options are accepted before or after the command; inner copies must not
    # overwrite a value given before the command, hence SUPPRESS there.
    default = argparse.SUPPRESS if suppress else None
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=default,
                        help="where the store lives (default: $CASEWORKER_DATA_DIR or the "
                             "platform's user data folder)")
    common.add_argument("--passphrase-file", metavar="FILE", default=default,
                        help="read the passphrase from the first line of FILE "
                             "(else $CASEWORKER_PASSPHRASE, else ask)")
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="caseworker",
        description="Offline, encrypted case management. With no command, opens the app.",
        parents=[_common(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"caseworker {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    inner = [_common(suppress=True)]

    def command(group, name: str, handler: str, help: str) -> argparse.ArgumentParser:
        sub = group.add_parser(name, help=help, description=help, parents=inner)
        sub.set_defaults(handler=handler)
        return sub

    command(commands, "init", "store:init", "create the encrypted store in the data directory")
    status = command(commands, "status", "store:status", "store location, versions, record counts")
    status.add_argument("--json", action="store_true", help="print JSON")
    passphrase = command(commands, "passphrase", "store:change_passphrase",
                         "change the passphrase (re-wraps the key; data is not re-encrypted)")
    passphrase.add_argument("--new-passphrase-file", metavar="FILE",
                            help="read the new passphrase from FILE instead of asking")

    case = commands.add_parser("case", help="add, list and show cases")
    cases = case.add_subparsers(dest="case_command", metavar="ACTION", required=True,
                                parser_class=OneLineParser)
    add = command(cases, "add", "case:add", "add a case from a JSON file (docs/case-json.md)")
    add.add_argument("file", metavar="FILE.json")
    joining = add.add_mutually_exclusive_group()
    joining.add_argument("--same-as", metavar="CASE_ID",
                         help="the person is already on file: add this report to that case")
    joining.add_argument("--new", action="store_true",
                         help="add a separate case even if the person may already be on file")
    listing = command(cases, "list", "case:list_cases", "open cases, newest first")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--all", action="store_true", help="closed cases too")
    show = command(cases, "show", "case:show", "one case in full")
    show.add_argument("id", metavar="ID", help="case id, or its first six or more characters")
    show.add_argument("--json", action="store_true", help="print JSON")

    event = commands.add_parser("event", help="add events to a case's timeline")
    events = event.add_subparsers(dest="event_command", metavar="ACTION", required=True,
                                  parser_class=OneLineParser)
    add_event = command(events, "add", "case:add_event_command", "add an event to a case")
    add_event.add_argument("id", metavar="ID", help="case id or its first characters")
    add_event.add_argument("--type", required=True, help="event type, e.g. detained")
    add_event.add_argument("--at", required=True, metavar="ISO8601",
                           help="2025-05-12T09:00+05:00, 2025-05-12 or 2025-05")
    add_event.add_argument("--location", metavar="LOC",
                           help="a place id (see 'locations search'), or the place as written")
    add_event.add_argument("--note", help="what happened, in a sentence")
    add_event.add_argument("--zone", help="time zone of --at when it has no offset")

    match = command(commands, "match", "match:match",
                    "persons on file whose name is like NAME in any script or spelling")
    match.add_argument("name", metavar="NAME")
    match.add_argument("--birth-year", type=_birth_year, metavar="Y",
                       help="year of birth, if known (strengthens or weakens a match)")
    match.add_argument("--county", metavar="C", default="",
                       help="home county or prefecture in Xinjiang, in any script")
    match.add_argument("--json", action="store_true", help="print JSON")
    match.add_argument("--explain", action="store_true",
                       help="show each step of the name's normalisation (on stderr with --json)")
    match.add_argument("--limit", type=_limit, default=10, metavar="N",
                       help="at most N persons (1-500, default 10)")

    deadlines = command(commands, "deadlines", "deadline:deadlines",
                        "open checklist items across open cases, soonest first")
    deadlines.add_argument("--json", action="store_true", help="print JSON")
    deadlines.add_argument("--within", type=_window, metavar="SPAN",
                           help="only items due within SPAN from now (48h, 3d); overdue "
                                "ones included")
    deadlines.add_argument("--ics", metavar="FILE",
                           help="write the items to FILE as an iCalendar file with alarms "
                                "(cases by short id; no names unless --names)")
    deadlines.add_argument("--names", action="store_true",
                           help="with --ics: put the person's name in each entry (the file "
                                "is not encrypted)")

    clock = commands.add_parser("clocks", help="the legal clock templates in effect, and the "
                                "organisation's own")
    clocks = clock.add_subparsers(dest="clocks_command", metavar="ACTION", required=True,
                                  parser_class=OneLineParser)
    clock_list = command(clocks, "list", "clock:list_clocks", "the clock templates in effect")
    clock_list.add_argument("--json", action="store_true", help="print JSON")
    clock_set = command(clocks, "set", "clock:set_clocks",
                        "use the organisation's clock file (edits, additions, disabled "
                        "clocks; see docs/clocks.md), kept in the store across upgrades")
    which = clock_set.add_mutually_exclusive_group(required=True)
    which.add_argument("file", metavar="FILE.toml", nargs="?")
    which.add_argument("--reset", action="store_true",
                       help="go back to the shipped templates only")
    clock_set.add_argument("--move", action="store_true",
                           help="also move open items to the due time their template now "
                                "gives (otherwise they keep theirs and are listed)")

    key = commands.add_parser("keys", help="this install's public keys, and the contacts "
                              "bundles are exchanged with")
    keys = key.add_subparsers(dest="keys_command", metavar="ACTION", required=True,
                              parser_class=OneLineParser)
    keys_show = command(keys, "show", "key:show",
                        "this install's contact key and fingerprint, to give to others")
    keys_show.add_argument("--json", action="store_true", help="print JSON")
    keys_list = command(keys, "list", "key:list_keys", "the contacts, with fingerprints")
    keys_list.add_argument("--json", action="store_true", help="print JSON")
    keys_add = command(keys, "add-contact", "key:add",
                       "add a contact by the contact key they gave you (compare the "
                       "fingerprint with them by voice)")
    keys_add.add_argument("name", metavar="NAME")
    keys_add.add_argument("pubkey", metavar="PUBKEY", help="their contact key: AGE:MINISIGN")
    keys_add.add_argument("--escrow", action="store_true",
                          help="the office: every bundle is also encrypted to it")
    keys_remove = command(keys, "remove", "key:remove", "remove a contact")
    keys_remove.add_argument("name", metavar="NAME")

    bundle = commands.add_parser("bundle", help="signed, encrypted files of cases to move "
                                 "between installs")
    bundles = bundle.add_subparsers(dest="bundle_command", metavar="ACTION", required=True,
                                    parser_class=OneLineParser)
    bundle_export = command(bundles, "export", "bundle:export",
                            "write cases (all, or --case) to an encrypted, signed bundle")
    bundle_export.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    bundle_export.add_argument("--to", action="append", metavar="CONTACT",
                               help="a contact to encrypt to (repeat for more; the office's "
                                    "escrow key is added)")
    bundle_export.add_argument("--bundle-passphrase-file", metavar="F",
                               help="encrypt to the passphrase on F's first line instead "
                                    "(a one-off transfer)")
    bundle_export.add_argument("--case", action="append", metavar="ID",
                               help="only this case (repeat for more)")
    bundle_export.add_argument("--since-last", action="store_true",
                               help="only what changed since the last bundle to --to")
    bundle_export.add_argument("--json", action="store_true", help="print JSON")
    for name, handler, does in (("verify", "bundle:verify",
                                 "check a bundle and show what it would change; writes nothing"),
                                ("import", "bundle:import_",
                                 "check a bundle, then merge it into the store")):
        reader = command(bundles, name, handler, does)
        reader.add_argument("file", metavar="FILE")
        reader.add_argument("--bundle-passphrase-file", metavar="F",
                            help="the bundle's passphrase, if it was sent with one")
        reader.add_argument("--trust-as", metavar="NAME",
                            help="the sender is not a contact yet: add them as NAME (compare "
                                 "the fingerprint by voice first)")
        reader.add_argument("--json", action="store_true", help="print JSON")

    conflict = commands.add_parser("conflicts", help="fields two installs changed differently")
    conflicts = conflict.add_subparsers(dest="conflicts_command", metavar="ACTION",
                                        required=True, parser_class=OneLineParser)
    conflict_list = command(conflicts, "list", "bundle:list_conflicts",
                            "conflicts waiting to be settled")
    conflict_list.add_argument("--json", action="store_true", help="print JSON")
    conflict_settle = command(conflicts, "settle", "bundle:settle_conflict",
                              "settle a conflict with one side's value or a new one")
    conflict_settle.add_argument("id", metavar="ID", help="the conflict's id or first characters")
    choice = conflict_settle.add_mutually_exclusive_group(required=True)
    choice.add_argument("--take", type=int, metavar="N", help="the value of side N (1, 2, ...)")
    choice.add_argument("--value", metavar="JSON", help="a new value, as JSON")

    risk = command(commands, "risk", "risk:risk",
                   "a case's risk indicators: the rules that fired, the facts behind them, "
                   "and what is unknown")
    risk.add_argument("id", metavar="ID", help="case id, or its first six or more characters")
    risk.add_argument("--json", action="store_true", help="print JSON")
    risk.add_argument("--answer", action="append", metavar="FACT=ANSWER",
                      help="record a questionnaire answer first (yes, no or unknown); "
                           "repeat for more")

    location = commands.add_parser("locations", help="find places: facilities, crossings, "
                                   "airports, courts, offices")
    locations = location.add_subparsers(dest="locations_command", metavar="ACTION",
                                        required=True, parser_class=OneLineParser)
    search = command(locations, "search", "location:search",
                     "places matching a name in any script or spelling, best first")
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument("--limit", type=_limit, default=10, metavar="N",
                        help="at most N places (1-500, default 10)")
    place = command(locations, "show", "location:show", "one place in full, with its cases")
    place.add_argument("id", metavar="ID", help="place id, e.g. KZ-DET-ZHARKENT-IVS")
    place.add_argument("--json", action="store_true", help="print JSON")
    changes = command(locations, "changes", "location:changes",
                      "what the last gazetteer upgrade changed, your corrections kept")
    changes.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _birth_year(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value[:20]!r} is not a year") from None
    if not 1900 <= year <= 2100:
        raise argparse.ArgumentTypeError("must be a year between 1900 and 2100")
    return year


def _window(value: str):
    from datetime import timedelta

    text = value.strip().lower()
    units = {"h": "hours", "d": "days"}
    if len(text) < 2 or text[-1] not in units or not text[:-1].isdigit():
        raise argparse.ArgumentTypeError(f"{value[:20]!r} is not a span like 48h or 3d")
    amount = int(text[:-1])
    if not 1 <= amount <= 24 * 366:
        raise argparse.ArgumentTypeError("must be between 1 hour and a year")
    span = timedelta(**{units[text[-1]]: amount})
    if span > timedelta(days=366):
        raise argparse.ArgumentTypeError("must be between 1 hour and a year")
    return span


def _limit(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not 1 <= number <= 500:
        raise argparse.ArgumentTypeError("must be between 1 and 500")
    return number
