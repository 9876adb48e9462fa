"""Dialogs that add one entry to a case from its view: an event, a source, a note, the
date a court set for a checklist item.

Each validates with the same rules as intake and dismisses with a ready draft (or None).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

from caseworker.cases.validation import InvalidCase, validate_event, validate_source
from caseworker.core.drafts import EventDraft, SourceDraft
from caseworker.core.i18n import N_, _
from caseworker.core.input_checks import labelled
from caseworker.core.user_errors import UserError
from caseworker.deadlines.checklist_items import read_authority_due
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.base.modals import DIALOG_CSS
from screens.cases.form_rows import DraftRow, EventRow, SourceRow
from screens.widgets.form import ProblemList, TextField

_ENTRY_CSS = """
{name} > Vertical {{ width: 110; }}
"""


class _RowEntryModal(ModalScreen):
    """One DraftRow in a dialog; ctrl+s or F2 checks it (the subclass's `check`) and
    closes with the draft."""

    BINDINGS = [
        Binding("ctrl+s,f2", "submit", N_("Add"), id="entry.add", priority=True),
        Binding("escape", "cancel", N_("Cancel"), id="entry.cancel"),
    ]
    ROW: type[DraftRow]
    QUESTION = ""

    def __init__(self, workspace: Workspace, draft=None, question: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self.draft = draft
        self.question = question or _(self.QUESTION)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, classes="question")
            yield ProblemList()
            yield self.ROW(self.draft)
            yield Static(_("ctrl+s or F2: add    Esc: cancel"), classes="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(self.ROW).first_field().focus()

    def check(self, draft: Any) -> None:
        raise NotImplementedError

    def action_submit(self) -> None:
        draft = self.query_one(self.ROW).to_draft()
        try:
            self.check(draft)
        except InvalidCase as exc:
            # Named by the columns the row shows: "When", not "event.at".
            titles = {"event": "", "source": "",
                      **{column.name: _(column.title) for column in self.ROW.COLUMNS}}
            self.query_one(ProblemList).show_problems(
                exc.problems, label=lambda path: labelled(path, titles) or _("This entry"))
            return
        self.dismiss(draft)

    def action_cancel(self) -> None:
        self.dismiss(None)


class EventModal(_RowEntryModal):
    DEFAULT_CSS = DIALOG_CSS.format(name="EventModal") + _ENTRY_CSS.format(name="EventModal")
    ROW = EventRow
    QUESTION = N_("Add an event to the timeline: what, when, where.")

    def check(self, draft: EventDraft) -> None:
        validate_event(draft, self.workspace.config.default_zone, self.workspace.now())


class SourceModal(_RowEntryModal):
    DEFAULT_CSS = DIALOG_CSS.format(name="SourceModal") + _ENTRY_CSS.format(name="SourceModal")
    ROW = SourceRow
    QUESTION = N_("Add a source: an article, a statement, a call.")

    def check(self, draft: SourceDraft) -> None:
        validate_source(draft)


class NoteModal(ModalScreen[str | None]):
    DEFAULT_CSS = DIALOG_CSS.format(name="NoteModal") + """
    NoteModal TextArea { height: 10; }
    """
    BINDINGS = [
        Binding("ctrl+s,f2", "submit", N_("Add note"), id="note.add", priority=True),
        Binding("escape", "cancel", N_("Cancel"), id="note.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Add a note. It is kept with your name and the time."),
                         classes="question")
            yield TextArea(id="note")
            yield Static(_("ctrl+s or F2: add    Esc: cancel"), classes="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_submit(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if text:
            self.dismiss(text[:100_000])

    def action_cancel(self) -> None:
        self.dismiss(None)


class CourtDateModal(ModalScreen[str | None]):
    """The due date a court or authority set for a checklist item."""

    DEFAULT_CSS = DIALOG_CSS.format(name="CourtDateModal")
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="court_date.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("The date the court or authority set"), classes="question")
            yield Static(_("It replaces the template's due time. A date alone means the "
                           "start of that day in the country's time."))
            yield TextField(placeholder=_("12.06.2025 or 12.06.2025 10:00"), id="court-date",
                        max_length=40)
            yield Static("", id="court-date-problem", classes="problem")
            yield Static(_("Enter: save    Esc: cancel"), classes="hint")
        yield KeyFooter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Checked here, so a mistyped date stays in the field to be corrected. The zone
        # only changes what a valid date means, so any zone tells whether it is one.
        if not event.value.strip():
            return
        try:
            read_authority_due(event.value, "UTC")
        except UserError as problem:
            self.query_one("#court-date-problem", Static).update(str(problem))
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
