"""`intake add` and `receipts list | ack`: what an intake desk does (docs/architecture.md §11).

Handlers import the store's code when they run, so that building the parser stays fast."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from caseworker.cli.arguments import Commands, actions, command, json_option
from caseworker.cli.output import print_json, print_lines
from caseworker.core.i18n import _


def register(commands: Commands) -> None:
    intake = actions(commands, "intake", _("on an intake desk: seal intakes for the office"))
    add = command(intake, "add", add_intake,
                  _("seal one intake from a case file (docs/case-json.md) for the office, and "
                  "print its receipt"))
    add.add_argument("file", metavar="FILE.json")
    # Required: the desk's login and its settings are shared by every volunteer.
    add.add_argument("--volunteer", metavar="NAME", required=True, help=_("who took the intake"))
    json_option(add)
    receipts = actions(commands, "receipts", _("on an intake desk: the receipts of sealed "
                                             "intakes"))
    json_option(command(receipts, "list", list_receipts,
                        _("every receipt, the latest first, and whether the office has it")))
    ack = command(receipts, "ack", take_acknowledgement,
                  _("mark delivered the receipts an acknowledgement from the office names"))
    ack.add_argument("file", metavar="FILE", help=_("the acknowledgement the office wrote with "
                                                  "'caseworker inbox ack'"))
    json_option(ack)


def add_intake(args) -> int:
    # deferred: loads the database code
    from caseworker.cases.case_file import read_case_file
    from caseworker.cli.unlocked import author, unlocked_store
    from caseworker.desk.desk_mode import desk_settings
    from caseworker.desk.receipts import receipt_to_json
    from caseworker.desk.sealing import seal_intake

    with unlocked_store(args, on_desk=True) as (store, config):
        with store.read() as session:
            desk_settings(session)  # a desk, before the file is even read
        draft = read_case_file(args.file)
        sealed = seal_intake(store, draft, args.volunteer, author(config),
                             config.default_zone)
    for warning in sealed.warnings:
        sys.stderr.write(f"caseworker: warning: {warning}\n")
    receipt = receipt_to_json(sealed.receipt)
    if args.json:
        print_json(receipt)
    else:
        print_lines(_describe(receipt))
    return 0


def list_receipts(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import unlocked_store
    from caseworker.desk import receipts
    from caseworker.desk.desk_mode import desk_settings

    now = datetime.now(UTC)
    with unlocked_store(args, on_desk=True) as (store, _config), store.read() as session:
        desk_settings(session)
        rows = [receipts.receipt_to_json(r, now) for r in receipts.list_receipts(session)]
        summary = receipts.receipt_summary(session, now)
    if args.json:
        print_json(rows)
    else:
        print_lines([f"{r['number']:>5}  {r['sealed_at']}  {r['reference']}  "
                     f"{_delivery(r):<27}  {r['volunteer']}" for r in rows]
                    + [summary.describe() + "."] if rows else ["No intakes sealed yet."])
    return 0


def take_acknowledgement(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import author, unlocked_store
    from caseworker.desk.delivery import take_acknowledgement as take

    with unlocked_store(args, on_desk=True) as (store, config):
        summary = take(store, Path(args.file), author(config))
    if args.json:
        print_json({"sealed": summary.sealed, "delivered": summary.delivered,
                    "overdue": summary.overdue})
    else:
        print_lines([summary.describe() + "."])
    return 0


def _delivery(receipt: dict) -> str:
    if receipt["delivered_at"]:
        return "delivered"
    return "not delivered after a day" if receipt["overdue"] else "not delivered yet"


def _describe(receipt: dict) -> list[str]:
    return [f"Intake {receipt['number']} sealed for the office at {receipt['sealed_at']} "
            f"by {receipt['volunteer']}.",
            f"Reference for the visitor: {receipt['reference']}",
            f"Bundle: {receipt['bundle_file']}  sha256 {receipt['bundle_sha256']}"]
