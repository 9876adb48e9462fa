"""Choosing a gazetteer place for an event: the place finder in a dialog that dismisses
with the place chosen (id, short name, time zone, country), or None when the person keeps
their own words unlinked."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from caseworker.core import vocab
from caseworker.core.i18n import N_, _
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.base.modals import DIALOG_CSS
from screens.widgets.place_finder import PlaceFinder


@dataclass(frozen=True)
class PickedPlace:
    place_id: str
    short_name: str
    zone: str  # the time zone of its country, "" if this tool knows none
    country: str


class PlacePicker(ModalScreen[PickedPlace | None]):
    DEFAULT_CSS = DIALOG_CSS.format(name="PlacePicker") + """
    PlacePicker > Vertical { width: 110; height: 30; max-height: 100%; padding: 0 1; }
    """
    BINDINGS = [Binding("escape", "cancel", N_("Keep the words as written"), id="picker.cancel")]

    def __init__(self, workspace: Workspace, query: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self.initial_query = query

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Which place is it? The event is linked to the place you choose, "
                           "and the words you typed are kept in its note."), classes="question")
            yield PlaceFinder(self.workspace, self.initial_query)
            yield Static(_("Enter: the first    ↓ then Enter: another    Esc: no link"),
                         classes="hint")
        yield KeyFooter()

    @on(PlaceFinder.Chosen)
    def chosen(self, message: PlaceFinder.Chosen) -> None:
        self.dismiss(PickedPlace(message.place_id, message.short_name,
                                 vocab.COUNTRY_ZONES.get(message.country, ""),
                                 message.country))

    def action_cancel(self) -> None:
        self.dismiss(None)
