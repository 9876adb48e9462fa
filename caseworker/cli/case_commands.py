"""`case add/list/show` and `event add`."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from caseworker.cases.case_file import case_to_json, read_case_file
from caseworker.cases.case_read import load_case, resolve_case_id
from caseworker.cases.case_write import add_event, attach_to_case, create_case
from caseworker.cases.validation import validate_case, validate_event
from caseworker.cli.output import print_json, print_lines
from caseworker.cli.risk_commands import describe_assessment
from caseworker.cli.unlocked import author, unlocked_store
from caseworker.core.drafts import EventDraft
from caseworker.core.user_errors import UserError
from caseworker.deadlines.checklist_items import case_checklist, item_to_json
from caseworker.matching.candidates import find_candidates
from caseworker.places.event_places import link_event_places
from caseworker.risk.assessment import assess_case, assessment_to_json


def add(args) -> int:
    draft = read_case_file(args.file)
    with unlocked_store(args) as (store, config):
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
    from caseworker.cases.case_list import list_case_rows

    with unlocked_store(args) as (store, _):
        rows = list_case_rows(store, include_closed=args.all)
    if args.json:
        print_json(rows)
    else:
        print_lines([f"{r['id'][:8]}  {r['risk_level']:<8}  {r['status']:<6}  "
                     f"{r['situation']:<20}  {r['display_name']}" for r in rows])
    return 0


def show(args) -> int:
    with unlocked_store(args) as (store, _), store.read() as session:
        record = load_case(session, resolve_case_id(session, args.id))
        data = case_to_json(record)
        now = datetime.now(UTC)
        data["risk"] = assessment_to_json(assess_case(session, record.case.id, now))
        data["checklist"] = [item_to_json(item, now)
                             for item in case_checklist(session, record.case.id)]
    if args.json:
        print_json(data)
    else:
        print_lines(_describe(data))
    return 0


def add_event_command(args) -> int:
    event = EventDraft(type=args.type, at=args.at, location=args.location or "",
                       note=args.note or "", zone=args.zone or "")
    with unlocked_store(args) as (store, config):
        who = author(config)
        with store.read() as session:
            link_event_places(session, [event])
            case_id = resolve_case_id(session, args.id)
        validate_event(event, config.default_zone, who.now)
        event_id = add_event(store, case_id, event, who)
    print_json({"id": event_id, "case_id": case_id})
    return 0


def _describe(data: dict) -> list[str]:
    person = data["person"]
    lines = [f"Case {data['id']}  ({data['status']}, {data['situation']})"]
    lines += [f"  name: {n['text']}  [{n['script']}]" for n in person["names"]]
    if person.get("birth_date"):
        lines.append(f"  born: {person['birth_date']}")
    lines += [f"  {e['at']}  {e['type']}  {e['location_name']}" for e in data["events"]]
    lines += [f"  source: {s['outlet']} {s['url']}".rstrip() for s in data["sources"]]
    lines += [f"  {i['clock_id']:<12} {i['due'] or 'date to be entered'}  {i['status']}"
              + ("  OVERDUE" if i["overdue"] else "") for i in data["checklist"]]
    return lines + describe_assessment(data["risk"])
