"""Choosing a gazetteer place for an event: the place finder in a dialog that dismisses
with (place id, short name, time zone), or None when the person keeps their own words."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from caseworker.core import vocab
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.base.modals import DIALOG_CSS
from screens.widgets.place_finder import PlaceFinder


class PlacePicker(ModalScreen[tuple[str, str, str] | None]):
    DEFAULT_CSS = DIALOG_CSS.format(name="PlacePicker") + """
    PlacePicker > Vertical { width: 110; height: 30; }
    """
    BINDINGS = [Binding("escape", "cancel", "Keep the words as written", id="picker.cancel")]

    def __init__(self, workspace: Workspace, query: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self.initial_query = query

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Which place is it? The words written in the form are kept; the "
                         "event is linked to the place you choose.", classes="question")
            yield PlaceFinder(self.workspace, self.initial_query)
            yield Static("Enter: choose    Esc: keep the words, no link", classes="hint")
        yield KeyFooter()

    @on(PlaceFinder.Chosen)
    def chosen(self, message: PlaceFinder.Chosen) -> None:
        self.dismiss((message.place_id, message.short_name,
                      vocab.COUNTRY_ZONES.get(message.country, "")))

    def action_cancel(self) -> None:
        self.dismiss(None)
