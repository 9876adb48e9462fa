"""Persons on file who may be the person of this case, with the reasons, and what people
decided about them. s: same person, x: different, u: not sure, Enter: open their case.
Nothing is merged: a decision is recorded with who and when, and "different" stops the
pair being suggested again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from caseworker.core import vocab
from caseworker.core.i18n import N_, _
from caseworker.core.user_errors import UserError
from caseworker.matching.candidates import candidates_for_person
from caseworker.matching.match_decisions import decide
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.base.messages import CaseChosen, ReportsFailedWork
from screens.base.modals import reasons_text
from screens.widgets.header import Header

if TYPE_CHECKING:
    from caseworker.matching.candidates import Candidate


class PossibleDuplicatesScreen(ReportsFailedWork, Screen):
    DEFAULT_CSS = """
    PossibleDuplicatesScreen #intro { padding: 0 1; color: $text-muted; height: auto; }
    PossibleDuplicatesScreen DataTable { height: 1fr; }
    PossibleDuplicatesScreen #reasons { padding: 0 1; height: auto; min-height: 3; }
    """
    BINDINGS = [
        Binding("s", "decide('same')", N_("Same person"), id="duplicates.same"),
        Binding("x", "decide('different')", N_("Different"), id="duplicates.different"),
        Binding("u", "decide('unsure')", N_("Not sure"), id="duplicates.unsure"),
        Binding("escape", "app.pop_screen", N_("Back"), id="duplicates.back"),
    ]

    @dataclass
    class Loaded(Message):
        candidates: list[Candidate]

    @dataclass
    class Decided(Message):
        display_name: str
        decision: str

    @dataclass
    class NotRecorded(Message):
        reason: str

    def __init__(self, workspace: Workspace, person_id: str, name: str) -> None:
        super().__init__()
        self.workspace = workspace
        self.person_id = person_id
        self.person_name = name
        self.candidates: list[Candidate] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Persons on file who may be {name}. Nothing is merged: say what you "
                       "know, and it is recorded with your name.").format(
                           name=self.person_name), id="intro")
        yield DataTable(id="candidates", cursor_type="row", zebra_stripes=True)
        yield Static("", id="reasons")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Possible duplicates of {name}").format(name=self.person_name)
        self.query_one(DataTable).add_columns(_("Score"), _("Name"), _("Case"), _("Decided"))
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="duplicates",
          description="look for possible duplicates")
    def load(self) -> None:
        with self.workspace.require_store().read() as session:
            found = candidates_for_person(session, self.person_id)
        self.post_message(self.Loaded(found))

    def on_possible_duplicates_screen_loaded(self, message: Loaded) -> None:
        self.candidates = message.candidates
        table = self.query_one(DataTable)
        table.clear()
        for candidate in self.candidates:
            decided = ""
            if candidate.decision:
                decided = _("{decision} ({who}, {day})").format(
                    decision=vocab.label(vocab.MATCH_DECISIONS, candidate.decision),
                    who=candidate.decided_by, day=f"{candidate.decided_at:%Y-%m-%d}")
            table.add_row(str(candidate.score), Text(candidate.display_name),
                          (candidate.case_id or "")[:8], Text(decided), key=candidate.person_id)
        if not self.candidates:
            self.query_one("#reasons", Static).update(
                _("No one on file looks like this person (or every suggestion was marked "
                  "different)."))
        else:
            table.focus()
            self._show_reasons(table.cursor_row)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_reasons(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        candidate = self.candidates[event.cursor_row]
        if candidate.case_id:
            self.post_message(CaseChosen(candidate.case_id))

    def _show_reasons(self, index: int) -> None:
        if 0 <= index < len(self.candidates):
            reasons = self.candidates[index].reasons
            self.query_one("#reasons", Static).update(reasons_text(reasons))

    def action_decide(self, decision: str) -> None:
        index = self.query_one(DataTable).cursor_row
        if 0 <= index < len(self.candidates):
            self.record(self.candidates[index], decision)

    @work(thread=True, exclusive=True, exit_on_error=False, group="duplicates-write",
          description="record the decision")
    def record(self, candidate: Candidate, decision: str) -> None:
        author = self.workspace.change_author()
        try:
            decide(self.workspace.require_store(), self.person_id, candidate.person_id,
                   decision, author)
        except UserError as exc:  # the other person was removed meanwhile, say
            self.post_message(self.NotRecorded(str(exc)))
            return
        self.post_message(self.Decided(candidate.display_name, decision))

    def on_possible_duplicates_screen_not_recorded(self, message: NotRecorded) -> None:
        self.notify(_("Not recorded: {reason}").format(reason=message.reason), severity="error")

    def on_possible_duplicates_screen_decided(self, message: Decided) -> None:
        label = vocab.label(vocab.MATCH_DECISIONS, message.decision).lower()
        self.notify(_("Recorded: {name} — {decision}.").format(name=message.display_name,
                                                               decision=label))
        self.load()
