"""One case: timeline, person, sources, notes, history, the checklist of legal clocks, the
risk indicators and the evidence files, with keys to edit, add an event, a source or a
note, delete an event, tick items off, answer risk questions, keep, open or save a file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from caseworker.cases.case_read import case_history, load_case
from caseworker.cases.edit_drafts import draft_from_event
from caseworker.core.i18n import N_, _, ngettext
from caseworker.core.user_errors import UserError
from caseworker.deadlines.checklist_items import case_checklist
from caseworker.deadlines.clock_overrides import template_drift, templates_in_effect
from caseworker.evidence.file_records import files_of_case
from caseworker.names.writing_systems import display_name
from caseworker.opening.workspace import Workspace
from caseworker.risk.assessment import assess_case
from caseworker.risk.questionnaire import answer_question
from caseworker.risk.risk_rules import shipped_rules
from screens.base.footer import KeyFooter
from screens.base.messages import ReadAnswer, failure_text
from screens.base.modals import ConfirmModal
from screens.base.reloading import ReloadsOnReturn
from screens.base.times import zone_name
from screens.cases.case_changes import CHANGE_SAVED, apply_change
from screens.cases.case_files import FileActions, file_columns, fill_files
from screens.cases.case_keys import CASE_BINDINGS, TAB_ACTIONS
from screens.cases.case_purging import CasePurged, CasePurging
from screens.cases.case_tab_rows import (
    ChecklistView,
    fill_checklist,
    fill_history,
    fill_sources,
    fill_timeline,
)
from screens.cases.case_text import notes_text, person_text, summary_line
from screens.cases.checklist_actions import ChecklistActions
from screens.cases.entry_modals import EventModal, NoteModal, SourceModal
from screens.cases.intake import IntakeScreen
from screens.cases.possible_duplicates import PossibleDuplicatesScreen
from screens.cases.risk_panel import RiskPanel
from screens.exchange.export_form import ExportScreen
from screens.widgets.header import Header
from screens.widgets.tables import Col, FitTable
from screens.widgets.work_progress import WorkProgress
from storage.tables import ChecklistItem, Event

if TYPE_CHECKING:
    from caseworker.cases.case_read import CaseRecord
    from caseworker.evidence.file_records import FileInfo
    from caseworker.risk.assessment import Assessment
    from storage.tables import ChecklistItem, Revision


class CaseScreen(FileActions, CasePurging, ChecklistActions, ReloadsOnReturn, Screen):
    DEFAULT_CSS = """
    CaseScreen #summary { padding: 0 1; height: auto; max-height: 3; color: $text-muted; }
    CaseScreen TabbedContent { height: 1fr; }
    CaseScreen Tab { padding: 0 1 0 0; }  /* eight tabs in 80 columns, one space apart */
    CaseScreen ContentSwitcher { height: 1fr; }
    CaseScreen TabPane { padding: 0; height: 1fr; }
    CaseScreen DataTable { height: 1fr; }
    CaseScreen .prose { padding: 0 1; height: 1fr; }
    CaseScreen #detail { height: auto; max-height: 4; padding: 0 1; color: $text-muted;
                         border-top: hkey $primary 40%; }
    """
    BINDINGS = CASE_BINDINGS

    @dataclass
    class Loaded(ReadAnswer):
        record: CaseRecord
        history: list[Revision]
        checklist: list[ChecklistItem]
        risk: Assessment
        drift: dict[str, datetime | None]  # item id -> the due time its template now gives
        files: list[FileInfo]

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
        # the detail line of each list's rows: what a narrow table leaves out, in full
        self.details: dict[str, dict[str, str]] = {}
        self.files: dict[str, FileInfo] = {}
        self.pictures: dict[str, str] = {}  # a photo's size and metadata, read once

    @property
    def preparing(self) -> bool:
        """Keys typed while the case loads wait for it (↓ moves in its timeline)."""
        return self.record is None

    @property
    def zone(self) -> str:
        """The one zone recorded times are shown in: the install's."""
        return self.workspace.config.default_zone

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Loading..."), id="summary")
        zone = zone_name(self.zone, self.workspace.now())
        with TabbedContent(initial="timeline"):
            with TabPane(_("1 Timeline"), id="timeline"):
                yield FitTable(Col("when", N_("When"), 26, narrow_width=17),
                               Col("type", N_("Event"), 26, narrow_width=20),
                               Col("where", N_("Where"), 36, narrow_width=None),
                               Col("note", N_("Note"), narrow=False), id="events")
            with TabPane(_("2 Person"), id="person"), VerticalScroll(classes="prose"):
                yield Static("", id="person-text")
            with TabPane(_("3 Sources"), id="sources"):
                yield FitTable(Col("published", N_("Published"), 10),
                               Col("outlet", N_("Outlet"), 16, narrow_width=12),
                               Col("title", N_("Title")),
                               Col("url", N_("Address"), 40, narrow=False),
                               Col("reliability", N_("Reliability"), 22, narrow=False),
                               id="source-table")
            with TabPane(_("4 Notes"), id="notes"), VerticalScroll(classes="prose"):
                yield Static("", id="notes-text")
            with TabPane(_("5 History"), id="history"):
                yield FitTable(Col("when", _("When ({zone})").format(zone=zone), 26,
                                   narrow_width=16, narrow_label=N_("When")),
                               Col("who", N_("Who"), 14, narrow_width=10),
                               Col("record", N_("Record"), 14, narrow=False),
                               Col("what", N_("What changed")), id="history-table")
            with TabPane(_("6 Checklist"), id="checklist"):
                yield FitTable(Col("due", _("Due ({zone})").format(zone=zone), 34,
                                   narrow_width=16, narrow_label=N_("Due")),
                               Col("status", N_("Status"), 22),
                               Col("clock", N_("Clock"), 14, narrow=False),
                               Col("action", N_("Action")),
                               Col("basis", N_("Legal basis"), 22, narrow=False),
                               id="checklist-table")
            with TabPane(_("7 Risk"), id="risk"):
                yield RiskPanel(id="risk-panel")
            with TabPane(_("8 Files"), id="files"):
                yield FitTable(*file_columns(), id="file-table")
        yield WorkProgress(id="file-progress")
        yield Static("", id="detail")
        yield KeyFooter()

    def on_mount(self) -> None:
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
            files = files_of_case(session, self.case_id)
        self.post_message(self.Loaded(record, history, checklist, risk, drift, files))

    def on_case_screen_loaded(self, message: Loaded) -> None:
        if message.overtaken:
            return
        first = self.record is None
        self.record = record = message.record
        self.title = display_name((n.text, n.script) for n in record.names)
        self.sub_title = message.risk.level
        self.details = {}
        self.details["events"] = fill_timeline(self.query_one("#events", FitTable), record)
        self.query_one("#person-text", Static).update(person_text(record))
        self.details["source-table"] = fill_sources(
            self.query_one("#source-table", FitTable), record)
        zone = self.zone
        self.query_one("#notes-text", Static).update(
            notes_text(record, zone, self.workspace.now()))
        self.files = {info.record.id: info for info in message.files}
        self.details["file-table"] = fill_files(self.query_one("#file-table", FitTable),
                                                message.files, zone, self.pictures)
        self._show_history(message.history)
        self._show_checklist(message.checklist, message.drift)
        panel = self.query_one(RiskPanel)
        panel.show(message.risk, shipped_rules())
        self.details["questions"] = panel.details
        self.query_one("#summary", Static).update(Text.assemble(
            (f"{message.risk.level} ", "bold"), summary_line(record), " · ",
            ", ".join(n.text for n in record.names),
            " · " + _("times in {zone}").format(zone=zone_name(zone, self.workspace.now()))))
        if first:  # keys work on the list at once: ↓ moves, Enter…
            # (the tab shown is not set again: its header may not be mounted yet)
            self._focus_list(self.query_one(TabbedContent).active or "timeline")
        self._show_detail()

    def _show_history(self, revisions: list[Revision]) -> None:
        self.details["history-table"] = fill_history(
            self.query_one("#history-table", FitTable), revisions, self.zone)

    def _show_checklist(self, items: list[ChecklistItem],
                        drift: dict[str, datetime | None]) -> None:
        self.details["checklist-table"] = fill_checklist(
            self.query_one("#checklist-table", FitTable), items, drift,
            ChecklistView(self.workspace.now(), self.zone, self.app.current_theme))

    # -- the highlighted row, in full -------------------------------------------------

    @on(DataTable.RowHighlighted)
    def row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    @on(TabbedContent.TabActivated)
    def tab_activated(self) -> None:
        self.refresh_bindings()  # the footer shows this tab's keys
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        tab = self.query_one(TabbedContent).active
        tables = self.query_one(f"TabPane#{tab}").query(FitTable)
        table = tables.first() if tables else None
        text = ""
        if table is not None and table.id in self.details:
            text = self.details[table.id].get(table.highlighted_key() or "", "")
        detail.update(Text(text))
        detail.display = bool(text)
        if tab == "files":
            self.describe_highlighted()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tab = TAB_ACTIONS.get(action)
        if tab is None or not self.is_mounted:
            return True
        return self.query_one(TabbedContent).active == tab

    def action_anywhere(self, action: str) -> None:
        """A tab's key pressed on another tab: a list's keys (t, c) show that list first,
        since they act on its highlighted row; the others act at once."""
        tab = TAB_ACTIONS[action]
        if action in ("tick_off", "court_date"):
            self.action_tab(tab)
            self.notify(_("Here is the checklist: choose an item, then press the key again."))
            return
        getattr(self, f"action_{action}")()  # not run_action: that would check the tab

    # -- actions -----------------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self._focus_list(tab)

    def _focus_list(self, tab: str) -> None:
        # Keys then work on the tab's list at once (↓ moves, t ticks off, y answers yes),
        # and ↓ scrolls a page of text.
        pane = self.query_one(f"TabPane#{tab}")
        focusable: list[Widget] = [*pane.query(DataTable)] or [*pane.query(VerticalScroll)]
        if focusable:
            # after the switch: a widget in a hidden pane cannot take focus
            self.call_after_refresh(focusable[-1].focus)

    def action_duplicates(self) -> None:
        if self.record is not None:
            self.app.push_screen(PossibleDuplicatesScreen(
                self.workspace, self.record.person.id, self.title or "this person"))

    # -- checklist ---------------------------------------------------------------------

    def chosen_item(self) -> str | None:
        """The highlighted checklist item (t and c work on the checklist tab only)."""
        return self.query_one("#checklist-table", FitTable).highlighted_key()

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

        self.app.push_screen(EventModal(self.workspace, draft, _(
            "Correct the event: what, when, where. Its checklist items follow.")), corrected)

    def action_delete_event(self) -> None:
        event_id = self._chosen_event()
        if event_id is None:
            return
        table = self.query_one("#events", DataTable)
        what = " ".join(str(cell) for cell in table.get_row(event_id)[:3])

        def answered(yes: bool | None) -> None:
            if yes:
                self.change("delete_event", event_id)

        self.app.push_screen(ConfirmModal(_("Delete this event?"), what), answered)

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
        try:
            detail = apply_change(self.workspace.require_store(), self.case_id, what, payload,
                                  self.workspace.change_author())
        except Exception as exc:  # e.g. the store busy in another window: nothing was saved
            self.post_message(self.ChangeFailed(failure_text(exc)))
            return
        self.post_message(self.Changed(what, detail))

    def on_case_purged(self, message: CasePurged) -> None:
        self.notify(ngettext(
            "Purged {n} record. The next bundle carries the purge to the office and contacts.",
            "Purged {n} records. The next bundle carries the purge to the office and "
            "contacts.", message.records).format(n=message.records))
        if message.whole_case:
            self.app.pop_screen()
        else:
            self.load()

    def purge_failed(self, reason: str) -> None:
        self.post_message(self.ChangeFailed(reason))

    def on_case_screen_change_failed(self, message: ChangeFailed) -> None:
        self.notify(_("Not saved: {reason} Nothing was changed.").format(
            reason=message.reason), severity="error", timeout=10)

    def on_case_screen_changed(self, message: Changed) -> None:
        self.notify(_(CHANGE_SAVED[message.what])
                    + (f" {message.detail}" if message.detail else ""))
        self.load()

