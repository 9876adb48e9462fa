"""The place finder on a desk: to look a place up while a visitor talks. A desk has no
cases, so choosing a place says what it is rather than opening the cases there."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from caseworker.core.i18n import N_, _
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.desk.desk_help import AtTheDesk
from screens.widgets.header import Header
from screens.widgets.place_finder import PlaceFinder


class DeskPlacesScreen(AtTheDesk, Screen):
    BINDINGS = [
        Binding("slash", "focus_search", N_("Search"), id="desk_places.search"),
        Binding("escape", "app.pop_screen", N_("Back"), id="desk_places.back"),
    ]
    DEFAULT_CSS = "DeskPlacesScreen #place-chosen { height: auto; padding: 0 1; }"

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        yield Header()
        yield PlaceFinder(self.workspace)
        yield Static("", id="place-chosen")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Places")
        self.sub_title = _("detention facilities, crossings, airports, courts, offices, towns")

    @on(PlaceFinder.Chosen)
    def chosen(self, message: PlaceFinder.Chosen) -> None:
        self.query_one("#place-chosen", Static).update(Text(
            _("{place} ({country}). In an intake, type the place in an event's place and "
              "press F4 to link the event to it.").format(place=message.short_name,
                                                          country=message.country)))

    def action_focus_search(self) -> None:
        self.query_one("#place-query").focus()
