"""All cases, filtered as you type over every name form (in any script), status,
situation and place. Enter opens a case."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from caseworker.cases.case_list import search_cases
from caseworker.core import vocab
from caseworker.core.i18n import N_, _, ngettext
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.base.messages import CaseChosen, ReportsFailedWork
from screens.base.reloading import ReloadsOnReturn
from screens.cases.intake import IntakeScreen
from screens.widgets.header import Header

if TYPE_CHECKING:
    from caseworker.cases.case_list import CaseMatches

SHOWN_ROWS = 100


class CasesScreen(ReportsFailedWork, ReloadsOnReturn, Screen):
    DEFAULT_CSS = """
    CasesScreen #filter { margin: 0 1; }
    CasesScreen #count { padding: 0 2; color: $text-muted; height: 1; }
    CasesScreen DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("slash", "focus_filter", N_("Filter"), id="cases.filter"),
        Binding("n", "new_intake", N_("New intake"), id="cases.new"),
        Binding("escape", "back", N_("Back"), id="cases.back"),
    ]

    @dataclass
    class Found(Message):
        query: str
        matches: CaseMatches

    def __init__(self, workspace: Workspace, query: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self.initial_query = query
        self.matches: CaseMatches | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(self.initial_query, id="filter",
                    placeholder=_("Type to filter: a name in any script, a place, a "
                                  "situation"))
        yield Static(_("Loading cases..."), id="count")
        yield DataTable(id="cases", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("All cases")
        self.query_one(DataTable).add_columns(_("Name"), _("Status"), _("Situation"),
                                              _("Last place"), _("Updated"))
        self.query_one("#filter", Input).focus()
        self.search(self.initial_query)

    def reload(self) -> None:
        self.search(self.query_one("#filter", Input).value)

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted, "#filter")
    def to_results(self) -> None:
        self.query_one(DataTable).focus()

    @work(thread=True, exclusive=True, exit_on_error=False, group="cases",
          description="filter the cases")
    def search(self, query: str) -> None:
        matches = search_cases(self.workspace.require_store(), query, SHOWN_ROWS)
        self.post_message(self.Found(query, matches))

    def on_cases_screen_found(self, message: Found) -> None:
        if message.query != self.query_one("#filter", Input).value:
            return  # an answer to an earlier key press
        self.matches = matches = message.matches
        table = self.query_one(DataTable)
        table.clear()
        for row in matches.rows:
            table.add_row(Text(row.display_name), vocab.label(vocab.STATUSES, row.status),
                          vocab.label(vocab.SITUATIONS, row.situation), Text(row.place),
                          row.updated_at[:10], key=row.case_id)
        self.query_one("#count", Static).update(_count_text(message.query, matches))

    @on(DataTable.RowSelected)
    def open_case(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.post_message(CaseChosen(event.row_key.value))

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_new_intake(self) -> None:
        self.app.push_screen(IntakeScreen(self.workspace))

    def action_back(self) -> None:
        self.app.pop_screen()


def _count_text(query: str, matches: CaseMatches) -> str:
    shown, total = len(matches.rows), matches.total
    if not query.strip():
        if shown == 0:
            return _("No cases yet. Press n to enter the first one.")
        return (ngettext("{n} case", "{n} cases", total).format(n=f"{total:,}")
                if total is not None
                else _("many cases; the {shown} most recent are shown. Type to filter.")
                .format(shown=shown))
    if shown == 0:
        return _("No case matches. Try fewer letters, or another spelling.")
    if matches.by_spelling:
        return _("No case has these words; {shown} with a name like {query} in another "
                 "spelling, most alike first.").format(shown=shown, query=repr(query.strip()))
    if total is None or total > shown:
        many = _("many") if total is None else f"{total:,}"
        return _("{many} cases match; the {shown} most recent are shown.").format(
            many=many, shown=shown)
    return ngettext("{n} case matches", "{n} cases match", total).format(n=f"{total:,}")
