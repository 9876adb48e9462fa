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
from caseworker.core.i18n import N_, _
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

PASSED = N_("passed before intake")
CANCELLED_BECAUSE = {EVENT_DELETED: N_("event deleted"), EVENT_CORRECTED: N_("event corrected")}


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
        clock = item.clock_id + ("" if item.verified else " · " + _("verify locally"))
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
            local = " " + _("Due {time} {zone}.").format(
                time=shown_time(item.due, item.zone), zone=zone_name(item.zone, item.due))
        details[item.id] = (f"{clock}: {item_text(item.clock_id, 'action', item.action)} "
                            + _("Legal basis: {basis}.").format(basis=basis)
                            + f"{local} {long_status}")
    return details


def _due_text(item: ChecklistItem, drift: dict[str, datetime | None], zone: str) -> str:
    def shown(instant: datetime) -> str:
        return shown_time(instant, zone) + other_clock(instant, item.zone, zone)

    due = shown(item.due) if item.due else _("enter the date")
    if item.due_set_by == "authority":
        due += " " + _("(set by court)")
    if item.id in drift:  # shown beside the due time, never moved silently
        now_due = drift[item.id]
        due += " → " + _("template now: {due}").format(
            due=shown(now_due) if now_due else _("a court sets it"))
    return due


def _status(item: ChecklistItem, view: ChecklistView) -> tuple[str, str, str]:
    """(status as the list shows it, its style, the status said in full)."""
    if item.status == "done":
        when = shown_time(item.done_at, view.zone) if item.done_at else ""
        short = _("done by {name}").format(name=item.done_by) + (f", {when[:10]}" if when else "")
        note = " " + _("Note: {note}").format(note=item.note) if item.note else ""
        return short, f"{view.theme.success}", _("Done by {name} on {when}.").format(
            name=item.done_by, when=when) + note
    if item.status.startswith("cancelled"):
        reason = item.note or item.status.partition(":")[2].strip()
        short = _(CANCELLED_BECAUSE[reason]) if reason in CANCELLED_BECAUSE else reason
        return (_("cancelled: {why}").format(why=short) if short else _("cancelled"), "dim",
                _("Cancelled: {why}.").format(why=reason or _("no reason recorded")))
    if passed_before_intake(item):
        return (_(PASSED), "dim", _("This clock had run out before the case was entered: "
                                    "nothing can be done about it now, and it raises no "
                                    "alarm."))
    left = time_left(item.due, view.now)
    late = item.due is not None and item.due < view.now
    return (left, f"bold {view.theme.error}" if late else "",
            _("Open: {left}.").format(left=left) if item.due
            else _("Open: enter the date the court set (c)."))
