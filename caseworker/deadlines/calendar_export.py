"""Open deadlines as an iCalendar file, so a caseworker's own calendar reminds them too.

The file leaves the encrypted store, so it carries no one's name: each entry names the
case by its short id, and says the clock, the action and its legal basis (text from the
clock templates, the same for every person). Names are added only when asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from icalendar import Alarm, Calendar
from icalendar import Event as CalendarEvent

from caseworker import __version__
from caseworker.deadlines.clock_templates import TemplateSet
from storage.tables import ChecklistItem

DEFAULT_ALERTS_HOURS = (24, 2)
ENTRY_LENGTH = timedelta(minutes=30)


def deadlines_calendar(items: Iterable[ChecklistItem], templates: TemplateSet, now: datetime,
                       names: dict[str, str] | None = None) -> bytes:
    """An iCalendar file with one entry per dated item, each with alarms at the clock's
    alert offsets. Items whose date a court sets and no one has entered are left out."""
    alerts = {t.id: t.alerts_hours for t in templates.templates}
    calendar = Calendar()
    calendar.add("prodid", f"-//Caseworker//Caseworker {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Caseworker deadlines")
    for item in items:
        if item.due is None:
            continue
        who = (names or {}).get(item.case_id) or f"case {item.case_id[:8]}"
        badge = "" if item.verified else " [verify locally]"
        entry = CalendarEvent()
        entry.add("uid", f"{item.id}@caseworker")
        entry.add("dtstamp", now)
        entry.add("dtstart", item.due)
        entry.add("dtend", item.due + ENTRY_LENGTH)
        entry.add("summary", f"{item.clock_id} due: {who}{badge}")
        entry.add("description", f"{item.action}\n\nLegal basis: {item.legal_basis}\n"
                                 f"As the law states it: {item.as_stated}\n"
                                 f"Due time set by: {item.due_set_by}")
        entry.add("categories", ["Caseworker", item.jurisdiction])
        for hours in alerts.get(item.clock_id) or DEFAULT_ALERTS_HOURS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{item.clock_id} due in {hours} h: {who}")
            alarm.add("trigger", timedelta(hours=-hours))
            entry.add_component(alarm)
        calendar.add_component(entry)
    return calendar.to_ical()
