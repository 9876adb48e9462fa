"""`case add/list/show` and `event add`.

Handlers import the store's code when they run, so that building the parser stays fast."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from caseworker.cli.arguments import Commands, actions, command, free_text, json_option
from caseworker.cli.output import confirm, print_json, print_lines
from caseworker.cli.risk_commands import describe_assessment
from caseworker.core.i18n import N_, _
from caseworker.core.local_formats import shown_iso
from caseworker.core.user_errors import UserError
from caseworker.core.vocab import EVENT_TYPES, SCRIPTS, SITUATIONS, STATUSES, label

# What `case purge --note ID` and its kin erase, instead of the whole case.
_PURGE_ONLY = {
    "note": N_("only this note of the case (its id or first characters)"),
    "source": N_("only this source of the case (its id or first characters)"),
    "event": N_("only this event of the case (its id or first characters)"),
    "document": N_("only this document of the case (its id or first characters)"),
    "relative": N_("only this relative of the case (its id or first characters)"),
    "contact": N_("only this contact of the case (its id or first characters)"),
    "name": N_("only this name of the case (its id or first characters)"),
}


def register(commands: Commands) -> None:
    cases = actions(commands, "case", _("add, list, show and purge cases"))
    add = command(cases, "add", add_case, _("add a case from a JSON file (docs/case-json.md)"))
    add.add_argument("file", metavar="FILE.json")
    joining = add.add_mutually_exclusive_group()
    joining.add_argument("--same-as", metavar="CASE_ID",
                         help=_("the person is already on file: add this report to that case"))
    joining.add_argument("--new", action="store_true",
                         help=_("add a separate case even if the person may already be on file"))
    listing = command(cases, "list", list_cases, _("open cases, newest first"))
    json_option(listing)
    listing.add_argument("--all", action="store_true", help=_("closed cases too"))
    show = command(cases, "show", show_case, _("one case in full"))
    show.add_argument("id", metavar="ID", help=_("case id (its first six or more characters), "
                                               "or a name that finds one case"))
    json_option(show)
    purge = command(cases, "purge", purge_case,
                    _("erase a case (or one of its records) from every revision, here and, "
                    "through bundles, at the office and contacts"))
    purge.add_argument("id", metavar="ID", help=_("case id, or its first six or more characters"))
    only = purge.add_mutually_exclusive_group()
    for kind, text in _PURGE_ONLY.items():
        only.add_argument(f"--{kind}", metavar="ID", help=_(text))
    purge.add_argument("--yes", action="store_true", help=_("do not ask to confirm"))
    json_option(purge)

    events = actions(commands, "event", _("add events to a case's timeline"))
    event = command(events, "add", add_event_to_case, _("add an event to a case"))
    event.add_argument("id", metavar="ID", help=_("case id (its first six or more characters), "
                                                "or a name that finds one case"))
    event.add_argument("--type", required=True, help=_("event type, e.g. detained"))
    event.add_argument("--at", required=True, metavar="ISO8601",
                       help=_("2025-05-12T09:00+05:00, 2025-05-12 or 2025-05"))
    event.add_argument("--location", metavar="LOC",
                       help=_("a place id (see 'locations search'), or the place as written "
                            "('-': read it from standard input)"))
    notes = event.add_mutually_exclusive_group()
    notes.add_argument("--note-file", metavar="FILE",
                       help=_("what happened, read from FILE ('-': standard input), so it is "
                            "not on the command line for other users to see"))
    notes.add_argument("--note", help=_("what happened (visible to other users through ps "
                                      "while the command runs: prefer --note-file -)"))
    event.add_argument("--zone", help=_("time zone of --at when it has no offset"))


def add_case(args) -> int:
    # deferred: loads the database code
    from caseworker.cases.case_file import read_case_file
    from caseworker.cases.case_read import resolve_case_id
    from caseworker.cases.case_write import attach_to_case, create_case
    from caseworker.cases.validation import validate_case
    from caseworker.cli.unlocked import author, unlocked_store
    from caseworker.matching.candidates import find_candidates
    from caseworker.places.event_places import link_event_places

    with unlocked_store(args) as (store, config):
        # Read once the store is open: an intake desk refuses this before any file is read.
        draft = read_case_file(args.file)
        who = author(config)
        with store.read() as session:
            link_event_places(session, draft.events)
        warnings = validate_case(draft, config.default_zone, who.now)
        for warning in warnings:
            sys.stderr.write(f"caseworker: warning: {warning}\n")
        if args.same_as:
            with store.read() as session:
                case_id = resolve_case_id(session, args.same_as)
            attach_to_case(store, case_id, draft, who)
            print_json({"id": case_id, "attached": True})
            return 0
        if not args.new:
            with store.read() as session:
                candidates = find_candidates(session, draft.person)
            if candidates:
                # One person must not become two cases by accident: say who it may be.
                print_json({"possible_duplicates": [
                    {"case_id": c.case_id, "person_id": c.person_id,
                     "display_name": c.display_name, "score": c.score,
                     "reasons": list(c.reasons)} for c in candidates]})
                raise UserError(
                    f"this person may already be on file as case {candidates[0].case_id}; "
                    "nothing was added. Use --same-as CASE_ID to add this report to that case, "
                    "or --new to add a separate case.")
        case_id = create_case(store, draft, who)
    print_json({"id": case_id})
    return 0


def list_cases(args) -> int:
    # deferred: loads the database code
    from caseworker.cases.case_list import list_case_rows
    from caseworker.cli.unlocked import unlocked_store

    with unlocked_store(args) as (store, _config):
        rows = list_case_rows(store, include_closed=args.all)
    if args.json:
        print_json(rows)
    else:
        print_lines([f"{r['id'][:8]}  {r['risk_level']:<8}  {label(STATUSES, r['status']):<6}  "
                     f"{label(SITUATIONS, r['situation']):<20}  {r['display_name']}"
                     for r in rows])
    return 0


def show_case(args) -> int:
    # deferred: loads the database code
    from caseworker.cases.case_file import case_to_json
    from caseworker.cases.case_read import load_case, resolve_case_id
    from caseworker.cli.unlocked import unlocked_store
    from caseworker.deadlines.checklist_items import case_checklist, item_to_json
    from caseworker.matching.match_decisions import same_person_cases
    from caseworker.risk.assessment import assess_case, assessment_to_json

    with unlocked_store(args) as (store, _config), store.read() as session:
        record = load_case(session, resolve_case_id(session, args.id))
        data = case_to_json(record)
        now = datetime.now(UTC)
        data["risk"] = assessment_to_json(assess_case(session, record.case.id, now))
        data["checklist"] = [item_to_json(item, now)
                             for item in case_checklist(session, record.case.id)]
        data["same_person_as"] = same_person_cases(session, record.case.person_id)
    if args.json:
        print_json(data)
    else:
        print_lines(_describe(data))
    return 0


def add_event_to_case(args) -> int:
    # deferred: loads the database code
    from caseworker.cases.case_read import resolve_case_id
    from caseworker.cases.case_write import add_event
    from caseworker.cases.validation import validate_event
    from caseworker.cli.unlocked import author, unlocked_store
    from caseworker.core.drafts import EventDraft
    from caseworker.places.event_places import link_event_places

    location = free_text("--location", "-") if args.location == "-" else args.location
    note = free_text("--note", args.note, args.note_file, instead="--note-file -")
    event = EventDraft(type=args.type, at=args.at, location=location or "",
                       note=note or "", zone=args.zone or "")
    with unlocked_store(args) as (store, config):
        who = author(config)
        with store.read() as session:
            link_event_places(session, [event])
            case_id = resolve_case_id(session, args.id)
        validate_event(event, config.default_zone, who.now)
        event_id = add_event(store, case_id, event, who)
    print_json({"id": event_id, "case_id": case_id})
    return 0


def purge_case(args) -> int:
    # deferred: loads the database code
    from caseworker.cases.case_read import resolve_case_id
    from caseworker.cli.unlocked import author, unlocked_store
    from caseworker.exchange.erasure import SINGLE_RECORDS, purge, records_of_case

    kind = next((k for k in SINGLE_RECORDS if getattr(args, k, None)), None)
    with unlocked_store(args) as (store, config):
        with store.read() as session:
            case_id = resolve_case_id(session, args.id)
            keys = records_of_case(session, case_id, kind, getattr(args, kind) if kind else None)
        what = f"this {kind}" if kind else "this whole case"
        if not args.yes:
            confirm(f"Erase {what} ({len(keys)} record(s) of case {case_id[:8]}) from every "
                    "revision, here and wherever bundles take it? This cannot be undone.",
                    "a purge cannot be undone: pass --yes to confirm.", "nothing was purged.")
        done = purge(store, keys, author(config), case_id)
    if args.json:
        print_json({"case_id": case_id, "redaction": done.redaction, "records": done.records})
    else:
        sys.stderr.write(f"Purged {done.records} record(s). Their history keeps only that "
                         "they were purged, by whom and when; the next bundle carries the "
                         "purge to the office and contacts.\n")
    return 0


def _describe(data: dict) -> list[str]:
    person = data["person"]
    lines = [_("Case {id}  ({status}, {situation})").format(
        id=data["id"], status=label(STATUSES, data["status"]),
        situation=label(SITUATIONS, data["situation"]))]
    lines += ["  " + _("name: {name}  ({script})").format(name=n["text"],
                                                       script=label(SCRIPTS, n["script"]))
              for n in person["names"]]
    if person.get("birth_date"):
        lines.append("  " + _("born: {date}").format(date=shown_iso(person["birth_date"])))
    lines += [f"  {shown_iso(e['at'])}  {label(EVENT_TYPES, e['type'])}  {e['location_name']}"
              for e in data["events"]]
    lines += [("  " + _("source: {outlet} {url}").format(outlet=s["outlet"], url=s["url"]))
              .rstrip() for s in data["sources"]]
    lines += ["  " + _("same person as case {id}").format(id=case_id)
              for case_id in data["same_person_as"]]
    for item in data["checklist"]:
        if item["passed_before_intake"]:
            state = _("passed before the case was entered")
        elif item["status"] == "done":
            state = _("done by {name}").format(name=item["done_by"])
        elif item["status"] != "open":
            state = _("cancelled")
        else:
            state = _("open, overdue") if item["overdue"] else _("open")
        due = shown_iso(item["due"]) if item["due"] else _("date to be entered")
        lines.append(f"  {item['clock_id']:<12} {due}  {state}")
    return lines + describe_assessment(data["risk"])
