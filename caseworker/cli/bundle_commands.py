"""`bundle export | verify | import` and `conflicts list | settle`: moving cases between
installs as signed, encrypted files, and settling what two installs changed differently.

Handlers import the store's code and pyrage when they run, so that building the parser
stays fast."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Any

from caseworker.cli.arguments import (
    Commands,
    actions,
    byte_size,
    command,
    free_text,
    json_option,
)
from caseworker.cli.output import print_json, print_lines, show_progress
from caseworker.core.i18n import _
from caseworker.core.user_errors import AuthFailure, UserError


def register(commands: Commands) -> None:
    bundles = actions(commands, "bundle", _("signed, encrypted files of cases to move between "
                      "installs"))
    writing = command(bundles, "export", export,
                      _("write cases (all, or --case) to an encrypted, signed bundle"))
    writing.add_argument("--out", required=True, metavar="FILE", help=_("the file to write"))
    writing.add_argument("--to", action="append", metavar="CONTACT",
                         help=_("a contact to encrypt to (repeat for more; the office's escrow "
                              "key is added)"))
    writing.add_argument("--bundle-passphrase-file", metavar="F",
                         help=_("encrypt to the passphrase on F's first line instead (a one-off "
                              "transfer)"))
    writing.add_argument("--case", action="append", metavar="ID",
                         help=_("only this case (repeat for more)"))
    writing.add_argument("--since-last", action="store_true",
                         help=_("only what changed since the last bundle to --to"))
    carrying = writing.add_mutually_exclusive_group()
    carrying.add_argument("--with-files", action="store_true",
                          help=_("carry the contents of the cases' files too, in a folder "
                               "beside the bundle (FILE.files)"))
    carrying.add_argument("--files-up-to", metavar="SIZE", type=byte_size,
                          help=_("carry the contents of files no larger than SIZE (500KB, "
                               "20MB, 1GB)"))
    json_option(writing)
    for name, handler, does in (
            ("verify", verify, "check a bundle and show what it would change; writes nothing"),
            ("import", import_, "check a bundle, then merge it into the store")):
        reading = command(bundles, name, handler, does)
        reading.add_argument("file", metavar="FILE")
        reading.add_argument("--bundle-passphrase-file", metavar="F",
                             help=_("the bundle's passphrase, if it was sent with one"))
        reading.add_argument("--trust-as", metavar="NAME",
                             help=_("the sender is not a contact yet: add them as NAME; needs "
                                  "--fingerprint"))
        reading.add_argument("--fingerprint", metavar="FP",
                             help=_("with --trust-as: the sender's fingerprint as they read it "
                                  "to you; the bundle's must match it"))
        if name == "import":
            reading.add_argument("--yes", action="store_true",
                                 help=_("import without asking (needed when not at a terminal; "
                                      "see what it changes with 'bundle verify' first)"))
        json_option(reading)

    conflicts = actions(commands, "conflicts", _("fields two installs changed differently"))
    json_option(command(conflicts, "list", list_conflicts, _("conflicts waiting to be settled")))
    settling = command(conflicts, "settle", settle_conflict,
                       _("settle a conflict with one side's value or a new one"))
    settling.add_argument("id", metavar="ID", help=_("the conflict's id or first characters"))
    choice = settling.add_mutually_exclusive_group(required=True)
    choice.add_argument("--take", type=int, metavar="N", help=_("the value of side N (1, 2, ...)"))
    choice.add_argument("--value", metavar="JSON", help=_("a new value, as JSON ('-': read it "
                                                        "from standard input)"))


def export(args) -> int:
    # deferred: loads the database code and pyrage
    from caseworker.cli.passphrase_input import new_passphrase
    from caseworker.cli.unlocked import author, unlocked_store
    from caseworker.core.passphrase_strength import BUNDLE_MIN_SCORE
    from caseworker.exchange.bundle_export import export_bundle

    passphrase = None
    if args.bundle_passphrase_file:
        passphrase = new_passphrase(args.bundle_passphrase_file, "--bundle-passphrase-file",
                                    allow_environment=False, minimum=BUNDLE_MIN_SCORE)
    with unlocked_store(args) as (store, config):
        done = export_bundle(store, Path(args.out), author(config), to=args.to or [],
                             passphrase=passphrase, cases=args.case, since_last=args.since_last,
                             progress=show_progress if sys.stderr.isatty() else None,
                             contents_up_to=(sys.maxsize if args.with_files
                                             else args.files_up_to))
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    data = {"file": str(done.path), "bundle_id": done.bundle_id, "sequence": done.sequence,
            "cases": done.cases, "revisions": done.revisions,
            "recipients": list(done.recipients), "bytes": done.size,
            "files": done.files, "files_bytes": done.files_size}
    if args.json:
        print_json(data)
    else:
        to = ", ".join(done.recipients) or "whoever has the passphrase"
        print_lines([f"Wrote {done.path.name}: {done.cases} case(s), {done.revisions} "
                     f"revision(s), for {to}.",
                     *([f"The contents of {done.files} file(s) are beside it, in "
                        f"{done.path.name}.files: take that folder too."] if done.files
                       else [])])
    return 0


def verify(args) -> int:
    from caseworker.cli.unlocked import unlocked_store  # deferred: loads the database code

    with unlocked_store(args) as (store, config):
        plan = _open_and_plan(store, config, args)
    _report(plan, args.json, applied=False)
    return 0


def import_(args) -> int:
    # deferred: loads the database code and pyrage
    from caseworker.cli.unlocked import author, unlocked_store
    from caseworker.exchange.bundle_contents import apply_with_contents

    if not args.yes and not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise UserError("bundle import asks before it imports, and there is no terminal to "
                        "ask at: see what it changes with 'bundle verify', then import with "
                        "--yes.")
    with unlocked_store(args) as (store, config):
        plan = _open_and_plan(store, config, args)
        if not args.yes:
            if plan.changes_nothing:
                _report(plan, args.json, applied=False)
                return 0
            # deferred: loads the database code
            from caseworker.exchange.bundle_summary import describe_plan

            sys.stderr.write(describe_plan(plan) + "\n")
            answer = input("Import it? Type yes to import: ")
            if answer.strip().lower() not in ("y", "yes"):
                raise UserError("Not imported.")
        plan, contents = apply_with_contents(store, Path(args.file), plan.bundle,
                                             author(config))
    _report(plan, args.json, applied=True)
    if contents:
        sys.stderr.write(f"The contents of {contents} file(s) came with it.\n")
    return 0


def _open_and_plan(store, config, args):
    # deferred: loads the database code and pyrage
    from caseworker.cli.passphrase_input import read_passphrase_file
    from caseworker.cli.unlocked import author
    from caseworker.exchange.bundle_import import (
        NeedsPassphrase,
        UnknownSender,
        open_bundle,
        plan_import,
        read_bundle_file,
    )

    # deferred: loads the database code
    from caseworker.exchange.install_keys import add_contact, same_fingerprint

    data = read_bundle_file(Path(args.file))
    passphrase = (read_passphrase_file(args.bundle_passphrase_file, "--bundle-passphrase-file")
                  if args.bundle_passphrase_file else None)
    try:
        opened = open_bundle(store, data, passphrase)
    except NeedsPassphrase:
        if not sys.stdin.isatty():
            raise
        opened = open_bundle(store, data, getpass.getpass("The bundle's passphrase: "))
    except UnknownSender as unknown:
        if not getattr(args, "trust_as", None):
            raise AuthFailure(f"{unknown} Then run this again with --trust-as NAME "
                              "--fingerprint FP, FP as they read it to you; their contact "
                              f"key is {unknown.contact_key}") from None
        if not args.fingerprint:
            raise UserError("--trust-as needs --fingerprint: the sender's fingerprint as they "
                            "read it to you, which must match the bundle's.") from None
        if not same_fingerprint(args.fingerprint, unknown.fingerprint):
            raise AuthFailure("The bundle's sender does not have the fingerprint given: it "
                              "is not who you compared with. Nothing was added or imported."
                              ) from None
        add_contact(store, args.trust_as, unknown.contact_key, author(config))
        opened = open_bundle(store, data, passphrase)
    return plan_import(store, opened)


def _report(plan, as_json: bool, applied: bool) -> None:
    manifest = plan.bundle.manifest
    data = {
        "bundle_id": manifest.bundle_id, "sender": plan.bundle.sender,
        "sender_fingerprint": manifest.sender.fingerprint, "sequence": manifest.sequence,
        "created_at": manifest.created_at, "cases_in_bundle": manifest.cases,
        "revisions_in_bundle": manifest.revisions, "applied": applied,
        "cases_added": plan.cases("added"), "cases_changed": plan.changed_cases,
        "records_added": _count(plan, "added"), "records_changed": _count(plan, "changed"),
        "records_deleted": _count(plan, "deleted"),
        "conflicts": [{"table": f.merge.table, "record": f.merge.record,
                       "field": f.conflict.field} for f in plan.conflicts],
        "imported_before": plan.imported_before, "older_than_sequence": plan.older_than,
        "changes": _changes(plan),
    }
    if as_json:
        print_json(data)
        return
    # deferred: loads the database code
    from caseworker.exchange.bundle_summary import describe_plan

    lines = describe_plan(plan, applied).splitlines()
    if data["conflicts"] and applied:
        lines.append("See them with 'caseworker conflicts list'.")
    print_lines(lines)


def _changes(plan) -> list[dict]:
    # deferred: loads the database code
    from caseworker.exchange.bundle_summary import describe_outcome

    return [{"case_id": o.case_id, "table": o.table, "record": o.record, "kind": o.kind,
             "change": describe_outcome(o, plan.place_distances.get(o.record))}
            for o in plan.outcomes if o.kind != "unchanged"]


def _count(plan, kind: str) -> int:
    return sum(1 for o in plan.outcomes if o.kind == kind)


def list_conflicts(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import unlocked_store
    from caseworker.exchange.conflict_inbox import open_conflicts

    with unlocked_store(args) as (store, _config):
        views = open_conflicts(store)
    rows: list[dict[str, Any]] = [
        {"id": v.id, "case_id": v.case_id, "case": v.case_name, "table": v.table,
         "record": v.record_id, "field": v.field, "current": v.current,
         "sides": [{"value": s.value, "author": s.author, "at": s.at, "origin": s.origin}
                   for s in v.sides]} for v in views]
    if args.json:
        print_json(rows)
    else:
        print_lines([f"{r['id'][:8]}  {r['case'] or r['table']}: {r['field']} "
                     f"({len(r['sides'])} sides)" for r in rows] or ["No conflicts to settle."])
    return 0


def settle_conflict(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import author, unlocked_store
    from caseworker.core.parsing import load_json
    from caseworker.exchange.conflict_inbox import open_conflicts, settle

    with unlocked_store(args) as (store, config):
        matches = [v for v in open_conflicts(store) if v.id.startswith(args.id.strip())]
        if len(matches) != 1 or len(args.id.strip()) < 6:
            raise UserError("No single open conflict has an id starting like that; see "
                            "'conflicts list'.")
        view = matches[0]
        if args.take is not None:
            if not 1 <= args.take <= len(view.sides):
                raise UserError(f"--take is a side's number, 1 to {len(view.sides)}.")
            value = view.sides[args.take - 1].value
        else:
            try:
                value = load_json((free_text("--value", args.value) or "") if args.value == "-"
                                  else args.value)
            except ValueError:
                raise UserError("--value is a JSON value, e.g. '\"text\"' or true.") from None
        settle(store, view.id, value, author(config))
    print_lines(["Settled."])
    return 0
