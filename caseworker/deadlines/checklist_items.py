"""The checklist: events start legal clocks, and each clock is an item with an action,
its legal basis and a due time in the jurisdiction's zone.

An event's jurisdiction is the country of its place (linked, or recognised from the words
as written), else, for an event with no place, the country whose zone its time was read
in. Items are created in the transaction that saves the event, and
cancelled (never silently deleted) when the event is. A person ticks an item off, or
enters the date a court or authority set, which overrides the template's.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from caseworker.core.authoring import Author, editor_for
from caseworker.core.i18n import SOURCE_LANGUAGE, _, current_language, pgettext
from caseworker.core.localized_fields import shown
from caseworker.core.partial_dates import DateProblem, parse_moment
from caseworker.core.user_errors import UserError
from caseworker.core.vocab import COUNTRY_ZONES, ZONE_COUNTRIES
from caseworker.deadlines.clock_overrides import templates_in_effect
from caseworker.deadlines.clock_start import count_start
from caseworker.deadlines.clock_templates import TemplateSet, due_at, item_text
from caseworker.places.event_places import recognised_place
from caseworker.risk.risk_facts import passed_before_intake
from caseworker.risk.risk_rules import shipped_rules
from caseworker.risk.urgency import COURT_SETS, refresh_urgency
from storage.history import Editor
from storage.store import Store
from storage.tables import Case, ChecklistItem, Event, Place

EVENT_DELETED = "cancelled: the event that started this clock was deleted"
EVENT_CORRECTED = ("cancelled: the event that started this clock was corrected and no longer "
                   "starts it")


def event_country(session: Session, event: Event) -> str | None:
    """The country whose law the event's clocks follow, or None when unknown.

    A linked place decides. Place words as written ("Tashkent airport transit zone")
    decide when the gazetteer knows them well; words it cannot place ("Thailand") mean
    the country is unknown, so no clock of the wrong country starts. Only an event with
    no place at all is read by the zone of its time (the install's own, by default).
    """
    if event.location_id:
        place = session.get(Place, event.location_id)
        return place.country if place is not None and place.country in COUNTRY_ZONES else None
    if event.location_text.strip():
        hit = recognised_place(session, event.location_text)
        return hit.country if hit is not None and hit.country in COUNTRY_ZONES else None
    return ZONE_COUNTRIES.get(event.zone)


def start_clocks(editor: Editor, event: Event,
                 templates: TemplateSet | None = None) -> list[ChecklistItem]:
    """Create the items the event's clocks call for (none when its country is not one
    this tool knows the law of)."""
    items = planned_items(editor.session, event, templates)
    for item in items:
        editor.save(item)
    return items


def counts_from_earlier_events(session: Session, event_type: str) -> bool:
    """Whether planning an event of this type reads the case's other events (a clock it
    starts counts from an earlier one): they must be written before it is planned."""
    return any(template.trigger == event_type and template.counted_from != "trigger"
               for template in templates_in_effect(session).templates)


def planned_items(session: Session, event: Event,
                  templates: TemplateSet | None = None) -> list[ChecklistItem]:
    """The items the event's clocks call for, unsaved."""
    templates = templates or templates_in_effect(session)
    if not any(template.trigger == event.type for template in templates.templates):
        return []  # most events start no clock: no need to place them
    country = event_country(session, event)
    if country is None:
        return []
    zone = COUNTRY_ZONES[country]
    return [ChecklistItem(
        case_id=event.case_id, event_id=event.id, clock_id=template.id,
        template_version=templates.version, jurisdiction=country, zone=zone,
        action=template.action, legal_basis=template.legal_basis,
        as_stated=template.as_stated, verified=template.verified,
        due=due_at(template, count_start(session, event, template), zone))
        for template in templates.for_event(event.type, country)]


def restart_clocks(editor: Editor, event: Event) -> list[str]:
    """After an event was corrected: move its open items to the due times the corrected
    event gives, cancel those it no longer starts, and start new ones. Ticked-off items
    and dates a court set stay as they are. Returns each change, in words."""
    planned = {item.clock_id: item for item in planned_items(editor.session, event)}
    changes = []
    for item in editor.session.exec(select(ChecklistItem).where(
            ChecklistItem.event_id == event.id, ChecklistItem.status != "cancelled")):
        fresh = planned.pop(item.clock_id, None)
        if item.status != "open":
            continue  # done is done, whatever the correction
        if fresh is None:
            item.status, item.note = "cancelled", EVENT_CORRECTED
            changes.append(f"{item.clock_id} cancelled")
        elif item.due_set_by == "template" and (item.due, item.zone) != (fresh.due, fresh.zone):
            changes.append(f"{item.clock_id} due {_when(item)} → {_when(fresh)}")
            item.due, item.zone, item.jurisdiction = fresh.due, fresh.zone, fresh.jurisdiction
        editor.save(item)
    for item in planned.values():
        editor.save(item)
        changes.append(f"{item.clock_id} started, due {_when(item)}")
    return changes


def _when(item: ChecklistItem) -> str:
    if item.due is None:
        return "when the court sets it"
    return item.due.astimezone(ZoneInfo(item.zone)).strftime("%Y-%m-%d %H:%M")


def stop_clocks(editor: Editor, event_id: str) -> int:
    """Cancel the open items an event started (it was deleted). Returns how many."""
    items = editor.session.exec(select(ChecklistItem).where(
        ChecklistItem.event_id == event_id, ChecklistItem.status == "open")).all()
    for item in items:
        item.status, item.note = "cancelled", EVENT_DELETED
        editor.save(item)
    return len(items)


# -- a person's changes to an item -----------------------------------------------------------


def tick_off(store: Store, item_id: str, author: Author, note: str = "") -> ChecklistItem:
    """Mark an item done, with who and when."""
    if len(note) > 2000:
        raise UserError("A note on a checklist item is at most 2,000 characters.")
    with store.write() as session:
        item = _open_item(session, item_id)
        item.status, item.done_at, item.done_by = "done", author.now, author.name
        if note.strip():
            item.note = note.strip()
        editor_for(session, author, item.case_id).save(item)
        refresh_urgency(session, [item.case_id], author.now)
        return item


def set_authority_due(store: Store, item_id: str, due_text: str,
                      author: Author) -> ChecklistItem:
    """Enter the due date a court or authority set; it replaces the template's. A date
    without a time is read as the start of that day in the jurisdiction's zone."""
    with store.write() as session:
        item = _open_item(session, item_id)
        item.due, item.due_set_by = read_authority_due(due_text, item.zone), "authority"
        editor_for(session, author, item.case_id).save(item)
        refresh_urgency(session, [item.case_id], author.now)
        return item


def read_authority_due(text: str, zone: str) -> datetime:
    """The instant a court-set date means in `zone`; UserError if it is not one."""
    try:
        moment = parse_moment(text.strip(), zone)
    except DateProblem:
        moment = None
    if moment is None or moment.precision not in ("exact", "day"):
        raise UserError("The date set by the authority needs at least a day, as "
                        "12.06.2025 or 12.06.2025 10:00 (or 2025-06-12T10:00).")
    return moment.at


def _open_item(session: Session, item_id: str) -> ChecklistItem:
    item = session.get(ChecklistItem, item_id.strip())
    if item is None:
        raise UserError(f"No checklist item with id {item_id.strip()[:40]!r}.")
    if item.status != "open":
        raise UserError(f"This item is already {item.status.split(':')[0]}.")
    return item


# -- reading ---------------------------------------------------------------------------


def open_deadlines(session: Session, now: datetime, within: timedelta | None = None,
                   overdue: bool | None = None) -> list[ChecklistItem]:
    """Open items of open cases, soonest first; items with no due time yet (a court
    will set it) come first, since someone must find the date.

    `within`: only items due between now and now + within. `overdue`: items already
    overdue too, and those that had passed before they were recorded (a case entered
    after the fact); by default they are listed unless `within` is given, except the
    ones passed before intake, which only `overdue=True` lists."""
    query = (select(ChecklistItem).join(Case, col(Case.id) == ChecklistItem.case_id)
             .where(ChecklistItem.status == "open", Case.status == "open"))
    if within is not None:
        query = query.where(col(ChecklistItem.due).is_not(None),
                            col(ChecklistItem.due) <= now + within)
        if not overdue:
            query = query.where(col(ChecklistItem.due) >= now)
    items = list(session.exec(query).all())
    if not overdue:
        items = [item for item in items if not passed_before_intake(item)]
    return soonest_first(items)


def soonest_first(items) -> list[ChecklistItem]:
    """Undated items first (someone must find the date the court set), then by due."""
    return sorted(items, key=lambda item: (item.due is not None,
                                           item.due.timestamp() if item.due else 0.0))


def case_checklist(session: Session, case_id: str) -> list[ChecklistItem]:
    """A case's items: open ones soonest first (undated first), then those that had
    passed before they were recorded, then done and cancelled ones, latest first."""
    items = session.exec(select(ChecklistItem).where(ChecklistItem.case_id == case_id)).all()
    open_items = soonest_first(i for i in items if i.status == "open"
                               and not passed_before_intake(i))
    passed = soonest_first(i for i in items if passed_before_intake(i))
    closed = sorted((i for i in items if i.status != "open"),
                    key=lambda i: i.updated_at, reverse=True)
    return open_items + passed + closed


def item_to_json(item: ChecklistItem, now: datetime) -> dict:
    """An item as `deadlines --json` and `case show --json` print it: the due time in
    the jurisdiction's zone, with its offset."""
    return {"case_id": item.case_id, "clock_id": item.clock_id, "action": item.action,
            "due": item.due.astimezone(ZoneInfo(item.zone)).isoformat() if item.due else None,
            "due_set_by": item.due_set_by, "status": item.status,
            "overdue": bool(item.status == "open" and item.due and item.due < now),
            "passed_before_intake": passed_before_intake(item),
            "legal_basis": item.legal_basis, "as_stated": item.as_stated,
            "verified": item.verified, "done_at": item.done_at.isoformat() if item.done_at
            else None, "done_by": item.done_by, "item_id": item.id}


def time_left(due: datetime | None, now: datetime) -> str:
    """"in 2 d 5 h", "in 40 min", "overdue by 3 h": how a countdown reads."""
    if due is None:
        return _("date to be entered")
    seconds = int((due - now).total_seconds())
    span = abs(seconds)
    days, hours, minutes = span // 86400, span % 86400 // 3600, span % 3600 // 60
    if days:
        text = pgettext("countdown", "{days} d {hours} h").format(days=days, hours=hours)
    elif hours:
        text = pgettext("countdown", "{hours} h {minutes} min").format(hours=hours,
                                                                      minutes=minutes)
    else:
        text = pgettext("countdown", "{minutes} min").format(minutes=minutes)
    return (_("in {span}") if seconds >= 0 else _("overdue by {span}")).format(span=text)


def next_action_shown(stored: str) -> str:
    """A case's next action as its row stores it (in English, as all stored data), in the
    language shown: the clock's action or the gap's todo, translated while the shipped
    data still has that English; anything else as stored."""
    if current_language() == SOURCE_LANGUAGE:
        return stored
    clock_id, colon, action = stored.partition(": ")
    if not colon or not clock_id.strip() or " " in clock_id:
        rules = shipped_rules()
        fact = next((info for info in rules.facts.values() if info.todo == stored), None)
        return shown(fact, "todo", stored)
    if action.startswith(COURT_SETS):
        action = item_text(clock_id, "action", action.removeprefix(COURT_SETS))
        return f"{clock_id}: {action} ({_('date to be entered')})"
    return f"{clock_id}: {item_text(clock_id, 'action', action)}"
