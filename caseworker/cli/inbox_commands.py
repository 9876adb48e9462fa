"""`inbox import | list | accept | attach | ack`: the office's side of the intake desk
(docs/architecture.md §11).

Handlers import the store's code when they run, so that building the parser stays fast."""

from __future__ import annotations

import sys
from pathlib import Path

from caseworker.cli.arguments import Commands, actions, command, json_option
from caseworker.cli.output import print_json, print_lines
from caseworker.core.i18n import _
from caseworker.core.user_errors import UserError


def register(commands: Commands) -> None:
    inbox = actions(commands, "inbox", _("at the office: intakes sealed at desks, waiting for "
                                       "a decision"))
    importing = command(inbox, "import", import_intakes,
                        _("import every sealed intake in DIR once, with the persons on file "
                        "who may be the same person"))
    importing.add_argument("dir", metavar="DIR", help=_("the folder the desk's outbox was "
                                                      "copied to"))
    json_option(importing)
    json_option(command(inbox, "list", list_intakes,
                        _("pending intakes, with possible same persons and the reasons")))
    accepting = command(inbox, "accept", accept_intake,
                        _("keep an intake as a new case: the candidates are recorded as "
                        "different persons"))
    accepting.add_argument("intake", metavar="INTAKE", help=_("the intake's id, or its first "
                                                            "six or more characters"))
    attaching = command(inbox, "attach", attach_intake,
                        _("record an intake as the same person as the case CASE"))
    attaching.add_argument("intake", metavar="INTAKE", help=_("the intake's id, or its first "
                                                            "six or more characters"))
    attaching.add_argument("case", metavar="CASE", help=_("the case on file: its id, the "
                                                        "start of it, or a name"))
    ack = command(inbox, "ack", acknowledge,
                  _("write a file, signed by this install, listing the intake bundles received, "
                  "for the desks to mark their receipts delivered"))
    ack.add_argument("--out", required=True, metavar="FILE", help=_("the file to write"))
    ack.add_argument("--desk", metavar="NAME", help=_("the desk to acknowledge (its contact "
                                                    "name); needed once several desks send"))
    json_option(ack)


def import_intakes(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import author, unlocked_store
    from caseworker.desk.inbox_import import import_folder

    with unlocked_store(args) as (store, config):
        outcomes = import_folder(store, Path(args.dir), author(config))
    refused = [o for o in outcomes if o.outcome == "refused"]
    for outcome in refused:
        sys.stderr.write(f"caseworker: {outcome.file}: {outcome.reason}\n")
    counts = {kind: sum(1 for o in outcomes if o.outcome == kind)
              for kind in ("imported", "already", "refused")}
    if args.json:
        print_json({**counts, "files": [{"file": o.file, "outcome": o.outcome,
                                         "intake": o.case_id, "reason": o.reason}
                                        for o in outcomes]})
    else:
        print_lines([f"{counts['imported']} intake(s) imported, {counts['already']} imported "
                     f"before, {counts['refused']} file(s) refused.",
                     *(["See them with 'caseworker inbox list'."] if counts["imported"]
                       else [])])
    # Each file stands alone: the good ones are imported, and a refused one says so.
    return 2 if refused else 0


def list_intakes(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import unlocked_store
    from caseworker.desk.inbox_queue import intake_to_json, pending_intakes

    with unlocked_store(args) as (store, _config), store.read() as session:
        rows = [intake_to_json(session, row) for row in pending_intakes(session)]
    if args.json:
        print_json(rows)
        return 0
    lines = []
    for row in rows:
        lines.append(f"{row['intake'][:8]}  {row['display_name']}  (intake {row['sequence']} "
                     f"from {row['desk']}, by {row['volunteer']})")
        for candidate in row["candidates"]:
            decided = f", decided: {candidate['decision']}" if candidate["decision"] else ""
            lines.append(f"    may be {(candidate['case_id'] or '')[:8]}  "
                         f"{candidate['display_name']}  ({candidate['score']}{decided})")
            lines += [f"        {reason}" for reason in candidate["reasons"]]
    print_lines(lines or ["No intakes are waiting."])
    return 0


def accept_intake(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import author, unlocked_store
    from caseworker.desk.inbox_queue import accept

    with unlocked_store(args) as (store, config):
        row = accept(store, args.intake, author(config))
    print_lines([f"Intake {row.case_id[:8]} kept as a new case."])
    return 0


def attach_intake(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import author, unlocked_store
    from caseworker.desk.inbox_queue import attach

    with unlocked_store(args) as (store, config):
        row = attach(store, args.intake, args.case, author(config))
    print_lines([f"Intake {row.case_id[:8]} recorded as the same person as case "
                 f"{(row.same_as or '')[:8]}."])
    return 0


def acknowledge(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import author, unlocked_store
    from caseworker.desk.delivery import acknowledge as write_ack

    if args.desk is not None and not args.desk.strip():
        raise UserError("--desk is a contact's name.")
    with unlocked_store(args) as (store, config):
        count = write_ack(store, Path(args.out), author(config), args.desk)
    if args.json:
        print_json({"file": args.out, "bundles": count})
    else:
        print_lines([f"Wrote {Path(args.out).name}: {count} bundle(s) acknowledged."])
    return 0
