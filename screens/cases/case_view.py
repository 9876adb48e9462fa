"""One case: timeline, person, sources, notes, the history of every change, the
checklist of legal clocks and the risk indicators, with keys to edit, add an event, a
source or a note, delete an event, tick items off and answer the risk questions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rich.markup import escape
from rich.text import Text
from sqlmodel import select
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from caseworker.cases import case_write
from caseworker.cases.case_read import case_history, load_case
from caseworker.cases.edit_drafts import draft_from_event
from caseworker.cases.history_text import describe
from caseworker.core import vocab
from caseworker.core.partial_dates import Moment
from caseworker.core.user_errors import UserError
from caseworker.core.vocab import EVENT_TYPES
from caseworker.deadlines.checklist_items import case_checklist, time_left
from caseworker.deadlines.clock_overrides import template_drift, templates_in_effect
from caseworker.names.writing_systems import display_name
from caseworker.opening.workspace import Workspace
from caseworker.risk.assessment import assess_case
from caseworker.risk.questionnaire import answer_question
from caseworker.risk.risk_rules import shipped_rules
from screens.base.messages import failure_text
from screens.base.modals import ConfirmModal, TypedConfirmModal
from screens.base.reloading import ReloadsOnReturn
from screens.cases.case_text import person_text, summary_line
from screens.cases.checklist_actions import ChecklistActions
from screens.cases.entry_modals import EventModal, NoteModal, SourceModal
from screens.cases.intake import IntakeScreen
from screens.cases.possible_duplicates import PossibleDuplicatesScreen
from screens.cases.risk_panel import RiskPanel
from screens.exchange.export_form import ExportScreen
from screens.widgets.header import Header
from storage.tables import ChecklistItem, Event

if TYPE_CHECKING:
    from caseworker.cases.case_read import CaseRecord
    from caseworker.risk.assessment import Assessment
    from storage.tables import ChecklistItem, Revision


class CaseScreen(ChecklistActions, ReloadsOnReturn, Screen):
    DEFAULT_CSS = """
    CaseScreen #summary { padding: 0 1; height: auto; color: $text-muted; }
    CaseScreen TabPane { padding: 0; }
    CaseScreen DataTable { height: 1fr; }
    CaseScreen .prose { padding: 0 1; }
    """
    BINDINGS = [
        Binding("e", "edit", "Edit person and case", id="case.edit"),
        Binding("a", "add_event", "Add event", id="case.add_event"),
        Binding("s", "add_source", "Add source", id="case.add_source"),
        Binding("m", "add_note", "Add note", id="case.add_note"),
        Binding("delete", "delete_event", "Delete event", id="case.delete_event"),
        Binding("shift+delete", "purge_event", "Purge event", show=False, id="case.purge_event"),
        Binding("P", "purge", "Purge case", id="case.purge"),
        Binding("r", "correct_event", "Correct event", id="case.correct_event"),
        Binding("d", "duplicates", "Possible duplicates", id="case.duplicates"),
        Binding("b", "send", "Send in a bundle", id="case.send"),
        Binding("1", "tab('timeline')", "Timeline", show=False, id="case.tab_timeline"),
        Binding("2", "tab('person')", "Person", show=False, id="case.tab_person"),
        Binding("3", "tab('sources')", "Sources", show=False, id="case.tab_sources"),
        Binding("4", "tab('notes')", "Notes", show=False, id="case.tab_notes"),
        Binding("5", "tab('history')", "History", show=False, id="case.tab_history"),
        Binding("6", "tab('checklist')", "Checklist", show=False, id="case.tab_checklist"),
        Binding("7", "tab('risk')", "Risk", show=False, id="case.tab_risk"),
        Binding("t", "tick_off", "Tick off item", id="case.tick_off"),
        Binding("c", "court_date", "Court-set date", id="case.court_date"),
        Binding("escape", "app.pop_screen", "Back", id="case.back"),
    ]

    @dataclass
    class Loaded(Message):
        record: CaseRecord
        history: list[Revision]
        checklist: list[ChecklistItem]
        risk: Assessment
        drift: dict[str, datetime | None]  # item id -> the due time its template now gives

    @dataclass
    class Changed(Message):
        what: str
        detail: str = ""  # what else the change did (clocks started or cancelled)

    @dataclass
    class ChangeFailed(Message):
        reason: str

    def __init__(self, workspace: Workspace, case_id: str) -> None:
        super().__init__()
        self.workspace = workspace
        self.case_id = case_id
        self.record: CaseRecord | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading...", id="summary")
        with TabbedContent(initial="timeline"):
            with TabPane("1 Timeline", id="timeline"):
                yield DataTable(id="events", cursor_type="row", zebra_stripes=True)
            with TabPane("2 Person", id="person"):
                yield Static("", id="person-text", classes="prose")
            with TabPane("3 Sources", id="sources"):
                yield DataTable(id="source-table", cursor_type="row", zebra_stripes=True)
            with TabPane("4 Notes", id="notes"):
                yield Static("", id="notes-text", classes="prose")
            with TabPane("5 History", id="history"):
                yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
            with TabPane("6 Checklist", id="checklist"):
                yield DataTable(id="checklist-table", cursor_type="row", zebra_stripes=True)
            with TabPane("7 Risk", id="risk"):
                yield RiskPanel(id="risk-panel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#events", DataTable).add_columns("When", "Event", "Where", "Note")
        self.query_one("#source-table", DataTable).add_columns(
            "Published", "Outlet", "Title", "Address", "Reliability")
        self.query_one("#history-table", DataTable).add_columns(
            "When (UTC)", "Who", "Record", "What changed")
        self.query_one("#checklist-table", DataTable).add_columns(
            "Due (local)", "Left", "Clock", "Action", "Legal basis", "Status")
        self.load()

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="case",
          description="load the case")
    def load(self) -> None:
        with self.workspace.require_store().read() as session:
            record = load_case(session, self.case_id)
            history = case_history(session, self.case_id)
            checklist = case_checklist(session, self.case_id)
            risk = assess_case(session, self.case_id, self.workspace.now())
            drift = {d.item.id: d.template_due for d in template_drift(
                session, templates_in_effect(session), self.case_id)}
        self.post_message(self.Loaded(record, history, checklist, risk, drift))

    def on_case_screen_loaded(self, message: Loaded) -> None:
        self.record = record = message.record
        self.title = display_name((n.text, n.script) for n in record.names)
        self.sub_title = summary_line(record)
        events = self.query_one("#events", DataTable)
        events.clear()
        for row, key in _event_rows(record):
            events.add_row(*map(Text, row), key=key)
        self.query_one("#person-text", Static).update(person_text(record))
        sources = self.query_one("#source-table", DataTable)
        sources.clear()
        for source in record.sources:
            cells = (source.published or "", source.outlet, source.title, source.url,
                     vocab.RELIABILITY.get(source.reliability, source.reliability))
            sources.add_row(*map(Text, cells), key=source.id)
        self.query_one("#notes-text", Static).update("\n\n".join(
            f"[b]{note.created_at:%Y-%m-%d %H:%M} UTC, {escape(note.changed_by)}[/b]\n"
            f"{escape(note.text)}" for note in record.notes) or "No notes yet. Press m to add one.")
        history = self.query_one("#history-table", DataTable)
        history.clear()
        for revision in message.history:
            history.add_row(Text(f"{revision.at:%Y-%m-%d %H:%M}"), Text(revision.author),
                            Text(revision.table_name.rstrip("s").replace("_", " ")),
                            Text(describe(revision)))
        self._show_checklist(message.checklist, message.drift)
        self.query_one(RiskPanel).show(message.risk, shipped_rules())
        self.query_one("#summary", Static).update(Text.assemble(
            (f"{message.risk.level} ", "bold"), ", ".join(n.text for n in record.names)))

    def _show_checklist(self, items: list[ChecklistItem],
                        drift: dict[str, datetime | None]) -> None:
        table = self.query_one("#checklist-table", DataTable)
        table.clear()
        now = self.workspace.now()
        late_style = f"bold {self.app.current_theme.error}"

        def local(instant: datetime, zone: str) -> str:
            return f"{instant.astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M}"

        for item in items:
            due = local(item.due, item.zone) if item.due else "enter the date"
            if item.due_set_by == "authority":
                due += " (set by court)"
            if item.id in drift:  # shown beside the due time, never moved silently
                now_due = drift[item.id]
                due += (" → template now: "
                        + (local(now_due, item.zone) if now_due else "a court sets it"))
            left = time_left(item.due, now) if item.status == "open" else ""
            late = item.status == "open" and item.due is not None and item.due < now
            clock = item.clock_id + ("" if item.verified else " · verify locally")
            status = {"open": "open", "done": f"done by {item.done_by}"}.get(
                item.status, item.status.split(":")[0])
            table.add_row(Text(due), Text(left, style=late_style if late else ""),
                          Text(clock), Text(item.action), Text(item.legal_basis),
                          Text(status), key=item.id)

    # -- actions -----------------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        # Keys then work on the tab's list at once (t ticks off, y answers yes).
        tables = self.query_one(f"TabPane#{tab}").query(DataTable)
        if tables:
            # after the switch: a widget in a hidden pane cannot take focus
            self.call_after_refresh(tables.last().focus)

    def action_duplicates(self) -> None:
        if self.record is not None:
            self.app.push_screen(PossibleDuplicatesScreen(
                self.workspace, self.record.person.id, self.title or "this person"))

    # -- checklist ---------------------------------------------------------------------

    def chosen_item(self) -> str | None:
        """The highlighted checklist item; outside the checklist, open it instead."""
        table = self.query_one("#checklist-table", DataTable)
        if self.query_one(TabbedContent).active != "checklist" or table.row_count == 0:
            self.action_tab("checklist")
            self.notify("Choose an item in the checklist first.")
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def checklist_changed(self, what: str) -> None:
        self.post_message(self.Changed(what))

    @on(RiskPanel.Answered)
    def answer_risk_question(self, message: RiskPanel.Answered) -> None:
        self.risk_answer(message.question, message.answer)

    @work(thread=True, exit_on_error=False, group="case-change",
          description="save the risk answer")
    def risk_answer(self, question: str, answer: str) -> None:
        try:
            answer_question(self.workspace.require_store(), self.case_id, question, answer,
                            self.workspace.change_author())
        except UserError as exc:
            self.post_message(self.ChangeFailed(failure_text(exc)))
            return
        self.post_message(self.Changed("answer"))

    def action_edit(self) -> None:
        self.app.push_screen(IntakeScreen(self.workspace, self.case_id))

    def action_add_event(self) -> None:
        self.app.push_screen(EventModal(self.workspace), self._added_event)

    def action_add_source(self) -> None:
        self.app.push_screen(SourceModal(self.workspace), self._added_source)

    def action_add_note(self) -> None:
        self.app.push_screen(NoteModal(), self._added_note)

    def action_send(self) -> None:
        self.app.push_screen(ExportScreen(self.workspace, self.case_id))

    def _chosen_event(self) -> str | None:
        table = self.query_one("#events", DataTable)
        if self.query_one(TabbedContent).active != "timeline" or table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_correct_event(self) -> None:
        event_id = self._chosen_event()
        if event_id is None:
            return
        with self.workspace.require_store().read() as session:
            draft = draft_from_event(session.get(Event, event_id))

        def corrected(new_draft) -> None:
            if new_draft is not None:
                self.change("correct_event", (event_id, new_draft))

        self.app.push_screen(EventModal(self.workspace, draft, "Correct the event: what, "
                                        "when, where. Its checklist items follow."), corrected)

    def action_delete_event(self) -> None:
        event_id = self._chosen_event()
        if event_id is None:
            return
        table = self.query_one("#events", DataTable)
        what = " ".join(str(cell) for cell in table.get_row(event_id)[:3])

        def answered(yes: bool | None) -> None:
            if yes:
                self.change("delete_event", event_id)

        self.app.push_screen(ConfirmModal("Delete this event?", what), answered)

    def action_purge(self) -> None:
        self._ask_to_purge(None, "this whole case")

    def action_purge_event(self) -> None:
        event_id = self._chosen_event()
        if event_id is not None:
            self._ask_to_purge(("event", event_id), "this event")

    def _ask_to_purge(self, only: tuple[str, str] | None, what: str) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.purge(only)

        self.app.push_screen(TypedConfirmModal(
            f"Purge {what}?",
            "For when the person withdraws consent. Its content is erased from every "
            "revision of its history, from the backups and from this computer's store; "
            "the next bundle erases it at the office and at contacts too. The history "
            "keeps only that it was purged, by you, now. This cannot be undone.",
            "purge"), answered)

    @work(thread=True, exit_on_error=False, group="case-change", description="purge")
    def purge(self, only: tuple[str, str] | None) -> None:
        from caseworker.exchange.erasure import purge, records_of_case  # on first purge only

        store = self.workspace.require_store()
        try:
            with store.read() as session:
                keys = records_of_case(session, self.case_id, *(only or (None, None)))
            done = purge(store, keys, self.workspace.change_author(), self.case_id)
        except Exception as exc:
            self.post_message(self.ChangeFailed(failure_text(exc)))
            return
        self.post_message(self.Purged(done.records, only is None))

    @dataclass
    class Purged(Message):
        records: int
        whole_case: bool

    def on_case_screen_purged(self, message: Purged) -> None:
        self.notify(f"Purged {message.records} record(s). The next bundle carries the purge "
                    "to the office and contacts.")
        if message.whole_case:
            self.app.pop_screen()
        else:
            self.load()

    def _added_event(self, draft) -> None:
        if draft is not None:
            self.change("add_event", draft)

    def _added_source(self, draft) -> None:
        if draft is not None:
            self.change("add_source", draft)

    def _added_note(self, text: str | None) -> None:
        if text:
            self.change("add_note", text)

    @work(thread=True, exit_on_error=False, group="case-change", description="change the case")
    def change(self, what: str, payload) -> None:
        store = self.workspace.require_store()
        author = self.workspace.change_author()
        detail = ""
        try:
            if what == "delete_event":
                cancelled = case_write.delete_event(store, payload, author)
                if cancelled:
                    detail = f"{cancelled} open checklist item(s) it started were cancelled."
            elif what == "correct_event":
                event_id, draft = payload
                changes = case_write.correct_event(store, event_id, draft, author)
                detail = ("Checklist: " + "; ".join(changes) + ".") if changes else ""
            elif what == "add_event":
                event_id = case_write.add_event(store, self.case_id, payload, author)
                detail = _clocks_started(store, event_id)
            else:
                getattr(case_write, what)(store, self.case_id, payload, author)
        except Exception as exc:  # e.g. the store busy in another window: nothing was saved
            self.post_message(self.ChangeFailed(failure_text(exc)))
            return
        self.post_message(self.Changed(what, detail))

    def on_case_screen_change_failed(self, message: ChangeFailed) -> None:
        self.notify(f"Not saved: {message.reason} Nothing was changed.", severity="error",
                    timeout=10)

    def on_case_screen_changed(self, message: Changed) -> None:
        self.notify({"add_event": "Event added.", "add_source": "Source added.",
                     "add_note": "Note added.", "delete_event": "Event deleted.",
                     "correct_event": "Event corrected.",
                     "tick": "Ticked off, with your name and the time.",
                     "court_date": "Due date set by the court saved.",
                     "answer": "Answer saved; the risk indicators are updated."}[message.what]
                    + (f" {message.detail}" if message.detail else ""))
        self.load()


def _clocks_started(store, event_id: str) -> str:
    with store.read() as session:
        clocks = session.exec(select(ChecklistItem.clock_id).where(
            ChecklistItem.event_id == event_id)).all()
    return f"It started {len(clocks)} clock(s): {', '.join(clocks)}." if clocks else ""


def _event_rows(record: CaseRecord):
    for event in record.events:
        moment = Moment(event.at, event.at_precision, event.zone)
        yield ((moment.display(), EVENT_TYPES.get(event.type, event.type),
                record.event_place(event), event.note), event.id)
