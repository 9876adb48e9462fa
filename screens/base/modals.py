"""Small dialogs that answer one question: typed ModalScreens that dismiss with the answer."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from caseworker.core.i18n import N_, _
from caseworker.matching.candidates import Candidate
from screens.base.footer import KeyFooter, TranslatedFooter

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 90; max-width: 100%; height: auto; max-height: 90%;
                    border: thick $primary; background: $surface; padding: 1 2; }}
{name} .question {{ text-style: bold; margin-bottom: 1; }}
{name} .hint {{ color: $text-muted; margin-top: 1; }}
{name} .problem {{ color: $error; }}
"""


def reasons_text(reasons) -> Text:
    """Why the matcher suggests a person, one reason a line (user text, never markup)."""
    return Text("\n".join([_("Why:"), *(f"  • {reason}" for reason in reasons)]))


class ConfirmModal(ModalScreen[bool]):
    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmModal")
    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes"), id="confirm.yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, classes="question")
            if self.detail:
                yield Static(Text(self.detail))
            yield Static(_("y: yes    n or Esc: no"), classes="hint")
        yield KeyFooter()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class TypedConfirmModal(ModalScreen[bool]):
    """A yes that a slip of a key cannot give: for what cannot be undone, the word must be
    typed. Dismisses with True only when it was."""

    DEFAULT_CSS = DIALOG_CSS.format(name="TypedConfirmModal")
    BINDINGS = [Binding("escape", "answer(False)", N_("Cancel"), id="typed_confirm.cancel")]

    def __init__(self, question: str, detail: str, word: str) -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.word = word

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, classes="question")
            yield Static(Text(self.detail))
            yield Input(placeholder=_("type {word} and press Enter").format(word=self.word),
                        id="word")
            yield Static(_("Type {word} and Enter to go on; Esc: cancel").format(
                word=self.word), classes="hint")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.query_one("#word", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip().lower() == self.word)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class DuplicateModal(ModalScreen[str | None]):
    """Before saving: people already on file who may be this person.

    Dismisses with a case id ("same person"), "new" (a different person: not suggested
    again), "unsure" (a separate case, still suggested), or None (go back).
    """

    DEFAULT_CSS = DIALOG_CSS.format(name="DuplicateModal") + """
    DuplicateModal DataTable { height: auto; max-height: 6; }
    DuplicateModal #facts { margin-top: 1; }
    """
    BINDINGS = [
        Binding("enter,s", "same", N_("Same person: add to that case"), id="duplicate.same",
                priority=True),
        Binding("n", "new", N_("Different person: new case"), id="duplicate.new"),
        Binding("u", "unsure", N_("Not sure: new case, keep suggesting"), id="duplicate.unsure"),
        Binding("escape", "back", N_("Back to the form"), id="duplicate.back"),
    ]

    def __init__(self, candidates: list[Candidate], facts: dict[str, str]) -> None:
        """`facts`: what tells each candidate apart (names, birth, situation, last place
        and event, sources), by person id."""
        super().__init__()
        self.candidates = candidates
        self.facts = facts

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("This person may already be on file."), classes="question")
            yield Static(_("If one of these is the same person, the new names, events and "
                           "sources are added to that case instead of starting a second one."))
            yield DataTable(cursor_type="row")
            yield Static("", id="facts")
            yield Static("", id="reasons")
            yield Static(_("Enter or s: same person as the highlighted one    "
                           "n: a different person (not suggested again)    "
                           "u: not sure (a new case; still suggested)    Esc: back to the form"),
                         classes="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Score"), _("Name"), _("Case"))
        for candidate in self.candidates:
            table.add_row(str(candidate.score), Text(candidate.display_name),
                          candidate.case_id[:8] if candidate.case_id else _("(no case)"),
                          key=candidate.person_id)
        table.focus()
        self._show_reasons(0)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_reasons(event.cursor_row)

    def _show_reasons(self, index: int) -> None:
        if 0 <= index < len(self.candidates):
            candidate = self.candidates[index]
            # the words are people's own: text, not markup
            self.query_one("#facts", Static).update(Text(
                self.facts.get(candidate.person_id, _("No case yet."))))
            self.query_one("#reasons", Static).update(reasons_text(candidate.reasons))

    def action_same(self) -> None:
        index = self.query_one(DataTable).cursor_row
        self.dismiss(self.candidates[index].case_id)

    def action_new(self) -> None:
        self.dismiss("new")

    def action_unsure(self) -> None:
        self.dismiss("unsure")

    def action_back(self) -> None:
        self.dismiss(None)
