"""Open deadlines as an iCalendar file, so a caseworker's own calendar reminds them too.

The file leaves the encrypted store, unencrypted, and calendars are synced and shared:
by default it says only that something is due, when. Each case gets a pseudonym drawn at
random for this export (not its id, which the command line and bundle previews show), the
calendar's name and PRODID are neutral, entry ids are random, and there is no category,
country, clock or legal text. `details` adds the clock, the action and its legal basis;
`names` the person's name. The due times stay exact: a reminder must be on time. (Who
reads the file can still count back from a due time to the event that started its clock:
the README says so.)
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from icalendar import Alarm, Calendar
from icalendar import Event as CalendarEvent

from caseworker.deadlines.clock_templates import TemplateSet
from storage.tables import ChecklistItem

DEFAULT_ALERTS_HOURS = (24, 2)
ENTRY_LENGTH = timedelta(minutes=30)
CALENDAR_NAME = "Reminders"
PRODID = "-//Reminders//EN"
PSEUDONYM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
PSEUDONYM_LENGTH = 4
NOT_ENCRYPTED = ("The calendar file is not encrypted: anyone who gets it (or the calendar "
                 "it is imported into, or that calendar's sync service) can read it.")


def pseudonyms(case_ids: Iterable[str]) -> dict[str, str]:
    """A random, distinct label per case, new for every export."""
    chosen: dict[str, str] = {}
    taken: set[str] = set()
    for case_id in sorted(set(case_ids)):
        while True:
            label = "".join(secrets.choice(PSEUDONYM_ALPHABET) for _ in range(PSEUDONYM_LENGTH))
            if label not in taken:
                break
        taken.add(label)
        chosen[case_id] = label
    return chosen


def deadlines_calendar(items: Iterable[ChecklistItem], templates: TemplateSet, now: datetime,
                       names: dict[str, str] | None = None, details: bool = False) -> bytes:
    """An iCalendar file with one entry per dated item, each with alarms at the clock's
    alert offsets. Items whose date a court sets and no one has entered are left out."""
    items = [item for item in items if item.due is not None]
    alerts = {t.id: t.alerts_hours for t in templates.templates}
    labels = pseudonyms(item.case_id for item in items)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    for item in items:
        due = item.due
        assert due is not None  # left out above
        who = (names or {}).get(item.case_id) or f"Deadline {labels[item.case_id]}"
        entry = CalendarEvent()
        entry.add("uid", f"{uuid.uuid4()}@local")
        entry.add("dtstamp", now)
        entry.add("dtstart", due)
        entry.add("dtend", due + ENTRY_LENGTH)
        if details:
            badge = "" if item.verified else " [verify locally]"
            entry.add("summary", f"{item.clock_id} due: {who}{badge}")
            entry.add("description", f"{item.action}\n\nLegal basis: {item.legal_basis}\n"
                                     f"As the law states it: {item.as_stated}\n"
                                     f"Due time set by: {item.due_set_by}")
            entry.add("categories", [item.jurisdiction])
        else:
            entry.add("summary", who)
            entry.add("description", "Open the case list for what is due.")
        for hours in alerts.get(item.clock_id) or DEFAULT_ALERTS_HOURS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{who}: due in {hours} h")
            alarm.add("trigger", timedelta(hours=-hours))
            entry.add_component(alarm)
        calendar.add_component(entry)
    return calendar.to_ical()
