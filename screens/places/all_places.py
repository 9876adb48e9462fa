"""The gazetteer: search every place by any name, open one, add a place."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from caseworker.core.i18n import N_, _
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.base.reloading import ReloadsOnReturn
from screens.places.place_form import PlaceFormScreen
from screens.places.place_view import PlaceScreen
from screens.widgets.header import Header
from screens.widgets.place_finder import PlaceFinder


class PlacesScreen(ReloadsOnReturn, Screen):
    BINDINGS = [
        Binding("slash", "focus_search", N_("Search"), id="locations.search"),
        Binding("ctrl+n", "new_place", N_("Add a place"), id="locations.new"),
        Binding("escape", "app.pop_screen", N_("Back"), id="locations.back"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        yield Header()
        yield PlaceFinder(self.workspace)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Places")
        self.sub_title = _("detention facilities, crossings, airports, courts, offices, towns")

    def reload(self) -> None:
        self.query_one(PlaceFinder).refresh_results()

    @on(PlaceFinder.Chosen)
    def open_place(self, message: PlaceFinder.Chosen) -> None:
        self.app.push_screen(PlaceScreen(self.workspace, message.place_id))

    def action_focus_search(self) -> None:
        self.query_one("#place-query").focus()

    def action_new_place(self) -> None:
        self.app.push_screen(PlaceFormScreen(self.workspace))
