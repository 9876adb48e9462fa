"""The conflict inbox: each field two installs changed differently, both sides with who
and when; Enter opens one to pick a side or type the right value."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option

from caseworker.core.i18n import N_, _
from caseworker.core.parsing import load_json
from caseworker.core.user_errors import UserError
from caseworker.exchange.conflict_inbox import ConflictView, open_conflicts, settle
from caseworker.exchange.shared_records import RECORD_LABELS
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.base.modals import DIALOG_CSS
from screens.widgets.header import Header


def shown(value) -> str:
    if value is None:
        return _("(empty)")
    if isinstance(value, list):
        return ", ".join(map(str, value)) or _("(empty)")
    return str(value)


def side_label(field: str, value) -> str:
    if field == "deleted":
        return _("delete it") if value else _("keep it")
    return shown(value)


class ConflictsScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", N_("Back"), id="conflicts.back")]
    DEFAULT_CSS = """
    ConflictsScreen #empty { padding: 1 2; }
    ConflictsScreen DataTable { height: 1fr; }
    """

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.views: dict[str, ConflictView] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="empty")
        table: DataTable[str | Text] = DataTable(id="conflicts", cursor_type="row",
                                                 zebra_stripes=True)
        table.add_columns(_("Case"), _("Record"), _("Field"), _("Shown now"), _("Sides"))
        yield table
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Conflicts to settle")
        self.reload()

    def reload(self) -> None:
        views = open_conflicts(self.workspace.require_store())
        self.views = {v.id: v for v in views}
        table = self.query_one(DataTable)
        table.clear()
        for view in views:
            table.add_row(Text(view.case_name or "—"), RECORD_LABELS[view.table],
                          view.field.replace("_", " "),
                          Text(side_label(view.field, view.current) if view.field == "deleted"
                               else shown(view.current)[:40]),
                          str(len(view.sides)), key=view.id)
        self.query_one("#empty", Static).update(
            _("Enter on a row: pick a side or type the right value.") if views else
            _("No conflicts: every merged change fitted together."))
        table.focus()

    @on(DataTable.RowSelected)
    def open_conflict(self, event: DataTable.RowSelected) -> None:
        view = self.views.get(event.row_key.value or "")
        if view is not None:
            self.app.push_screen(SettleModal(self.workspace, view), lambda _: self.reload())


class SettleModal(ModalScreen[bool]):
    DEFAULT_CSS = DIALOG_CSS.format(name="SettleModal") + """
    SettleModal OptionList { height: auto; max-height: 12; }
    """
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="settle.cancel")]

    def __init__(self, workspace: Workspace, view) -> None:
        super().__init__()
        self.workspace = workspace
        self.view = view

    def compose(self) -> ComposeResult:
        view = self.view
        whose = view.case_name or view.table
        question = (_("{whose}: deleted on one side, changed on the other. Delete it or "
                      "keep it?").format(whose=whose) if view.field == "deleted" else
                    _("{whose}: {field} was changed differently on two laptops. Which is "
                      "right?").format(whose=whose, field=view.field.replace("_", " ")))
        with Vertical():
            yield Static(Text(question), classes="question")
            yield Static("", classes="problem", id="problem")
            yield OptionList(*[
                Option(Text(_("{value}   — {author}, {at} UTC").format(
                    value=side_label(view.field, side.value), author=side.author or "?",
                    at=side.at[:16].replace("T", " "))), id=str(number))
                for number, side in enumerate(view.sides)], id="sides")
            if view.field != "deleted":
                yield Input(placeholder=_("…or type the right value and press Enter"), id="typed")
            yield Static(_("Enter: choose    Esc: decide later"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        self._settle(self.view.sides[event.option_index].value)

    @on(Input.Submitted, "#typed")
    def typed(self, event: Input.Submitted) -> None:
        current = self.view.sides[-1].value
        text = event.value.strip()
        if isinstance(current, str) or current is None:
            self._settle(text)
            return
        try:
            self._settle(load_json(text))
        except ValueError:
            self.query_one("#problem", Static).update(_("That is not a value this field holds."))

    def _settle(self, value) -> None:
        try:
            settle(self.workspace.require_store(), self.view.id, value,
                   self.workspace.change_author())
        except UserError as problem:
            self.query_one("#problem", Static).update(Text(str(problem)))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
