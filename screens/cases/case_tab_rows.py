"""The rows of a case's tables: timeline, sources, history and checklist. Each `fill_*`
puts one row per record in its table and returns, per row key, the row said in full,
which the case screen shows under the table for the highlighted row (on 80 columns a
row's cells are cut)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text

from caseworker.cases.history_text import describe
from caseworker.core import vocab
from caseworker.core.partial_dates import Moment
from caseworker.core.vocab import EVENT_TYPES
from caseworker.deadlines.checklist_items import EVENT_CORRECTED, EVENT_DELETED, time_left
from caseworker.deadlines.clock_templates import item_text
from caseworker.risk.risk_facts import passed_before_intake
from screens.base.times import other_clock, shown_time, zone_name
from screens.widgets.tables import FitTable

if TYPE_CHECKING:
    from caseworker.cases.case_read import CaseRecord
    from storage.tables import ChecklistItem, Revision

PASSED = "passed before intake"
CANCELLED_BECAUSE = {EVENT_DELETED: "event deleted", EVENT_CORRECTED: "event corrected"}


def fill_timeline(table: FitTable, record: CaseRecord) -> dict[str, str]:
    table.clear_cells()
    details = {}
    for event in record.events:
        moment = Moment(event.at, event.at_precision, event.zone).display()
        kind = EVENT_TYPES.get(event.type, event.type)
        where = record.event_place(event)
        table.add_cells({"when": Text(moment), "type": Text(kind), "where": Text(where),
                         "note": Text(event.note)}, key=event.id)
        details[event.id] = " · ".join(part for part in (moment, kind, where, event.note)
                                       if part)
    return details


def fill_sources(table: FitTable, record: CaseRecord) -> dict[str, str]:
    table.clear_cells()
    details = {}
    for source in record.sources:
        reliability = vocab.label(vocab.RELIABILITY, source.reliability)
        table.add_cells({"published": Text(source.published or ""),
                         "outlet": Text(source.outlet), "title": Text(source.title),
                         "url": Text(source.url), "reliability": Text(reliability)},
                        key=source.id)
        details[source.id] = " · ".join(part for part in (
            source.title, source.url, reliability) if part)
    return details


def fill_history(table: FitTable, revisions: list[Revision], zone: str) -> dict[str, str]:
    table.clear_cells()
    details = {}
    for index, revision in enumerate(revisions):
        record = revision.table_name.rstrip("s").replace("_", " ")
        what = describe(revision)
        key = f"revision-{index}"
        when = shown_time(revision.at, zone)
        table.add_cells({
            "when": Text(when), "who": Text(revision.author), "record": Text(record),
            "what": Text(what if not table.narrow else f"{record} {what}")}, key=key)
        details[key] = f"{when}, {revision.author}: {record} {what}"
    return details


@dataclass(frozen=True)
class ChecklistView:
    """What the checklist is read against: the time now, the install's zone, the colours."""

    now: datetime
    zone: str
    theme: Any


def fill_checklist(table: FitTable, items: list[ChecklistItem],
                   drift: dict[str, datetime | None], view: ChecklistView) -> dict[str, str]:
    """Every item with what became of it: open (with its countdown), passed before the
    case was entered, done (by whom and when), or cancelled (and why)."""
    table.clear_cells()
    details = {}
    for item in items:
        due = _due_text(item, drift, view.zone)
        status, style, long_status = _status(item, view)
        clock = item.clock_id + ("" if item.verified else " · verify locally")
        # the English the item stored, in the language shown
        action = item_text(item.clock_id, "action", item.action)
        basis = item_text(item.clock_id, "legal_basis", item.legal_basis)
        if table.narrow:
            action = f"{item.clock_id}: {action}"
        table.add_cells({"due": Text(due, style="dim" if style == "dim" else ""),
                         "status": Text(status, style=style), "clock": Text(clock),
                         "action": Text(action, style="dim" if style == "dim" else ""),
                         "basis": Text(basis)}, key=item.id)
        local = ""
        if item.due is not None:
            local = f" Due {shown_time(item.due, item.zone)} {zone_name(item.zone, item.due)}."
        details[item.id] = (f"{clock}: {item_text(item.clock_id, 'action', item.action)} "
                            f"Legal basis: {basis}."
                            f"{local} {long_status}")
    return details


def _due_text(item: ChecklistItem, drift: dict[str, datetime | None], zone: str) -> str:
    def shown(instant: datetime) -> str:
        return shown_time(instant, zone) + other_clock(instant, item.zone, zone)

    due = shown(item.due) if item.due else "enter the date"
    if item.due_set_by == "authority":
        due += " (set by court)"
    if item.id in drift:  # shown beside the due time, never moved silently
        now_due = drift[item.id]
        due += " → template now: " + (shown(now_due) if now_due else "a court sets it")
    return due


def _status(item: ChecklistItem, view: ChecklistView) -> tuple[str, str, str]:
    """(status as the list shows it, its style, the status said in full)."""
    if item.status == "done":
        when = shown_time(item.done_at, view.zone) if item.done_at else ""
        short = f"done by {item.done_by}" + (f", {when[:10]}" if when else "")
        return short, f"{view.theme.success}", f"Done by {item.done_by} on {when}." + (
            f" Note: {item.note}" if item.note else "")
    if item.status.startswith("cancelled"):
        reason = item.note or item.status.partition(":")[2].strip()
        short = CANCELLED_BECAUSE.get(reason, reason)
        return (f"cancelled: {short}" if short else "cancelled", "dim",
                f"Cancelled: {reason or 'no reason recorded'}.")
    if passed_before_intake(item):
        return (PASSED, "dim", "This clock had run out before the case was entered: "
                               "nothing can be done about it now, and it raises no alarm.")
    left = time_left(item.due, view.now)
    late = item.due is not None and item.due < view.now
    return (left, f"bold {view.theme.error}" if late else "",
            f"Open: {left}." if item.due else "Open: enter the date the court set (c).")
