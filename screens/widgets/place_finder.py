"""A search box over the gazetteer with its results: type a place in any script or
spelling, Enter or Down moves into the results, Enter there chooses a place. Used by the
locations screen and by the place picker of intake and the case view."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from caseworker.core import vocab
from caseworker.opening.workspace import Workspace
from caseworker.places.place_records import list_places
from caseworker.places.place_search import search_places
from screens.base.messages import ReportsFailedWork

SHOWN_PLACES = 50


@dataclass(frozen=True)
class PlaceRow:
    id: str
    short_name: str
    matched: str
    type: str
    country: str
    border: str


class PlaceFinder(ReportsFailedWork, Vertical):
    DEFAULT_CSS = """
    PlaceFinder { height: 1fr; }
    PlaceFinder #place-query { margin: 0 0 0 0; }
    PlaceFinder #place-count { color: $text-muted; height: 1; padding: 0 1; }
    PlaceFinder DataTable { height: 1fr; }
    """
    BINDINGS = [Binding("down", "to_results", "Results", show=False, id="places.results")]

    @dataclass
    class Found(Message):
        query: str
        rows: list[PlaceRow]

    @dataclass
    class Chosen(Message):
        place_id: str
        short_name: str
        country: str

    def __init__(self, workspace: Workspace, query: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.workspace = workspace
        self.initial_query = query
        self.rows: dict[str, PlaceRow] = {}

    def compose(self) -> ComposeResult:
        yield Input(self.initial_query, id="place-query",
                    placeholder="A place in any script or spelling: Zharkent, Жаркент, 霍尔果斯…")
        yield Static("", id="place-count")
        yield DataTable(id="place-results", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Place", "Type", "Country", "Straight-line to border",
                                              "Matched")
        self.query_one(Input).focus()
        self.refresh_results()

    def refresh_results(self) -> None:
        self.search(self.query_one(Input).value)

    @on(Input.Changed, "#place-query")
    def query_changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted, "#place-query")
    def action_to_results(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            table.focus()

    @work(thread=True, exclusive=True, exit_on_error=False, group="places",
          description="find places")
    def search(self, query: str) -> None:
        with self.workspace.require_store().read() as session:
            if query.strip():
                rows = [PlaceRow(h.id, h.short_name, h.matched_name, h.type, h.country,
                                 _border(h.border)) for h in search_places(session, query,
                                                                            SHOWN_PLACES)]
            else:
                rows = [PlaceRow(p.id, p.short_name, "", p.type, p.country, _border(border))
                        for p, border in list_places(session)]
        self.post_message(self.Found(query, rows))

    def on_place_finder_found(self, message: Found) -> None:
        message.stop()
        if message.query != self.query_one(Input).value:
            return  # an answer to an earlier key press
        table = self.query_one(DataTable)
        table.clear()
        self.rows = {row.id: row for row in message.rows}
        for row in message.rows:
            table.add_row(Text(row.short_name), vocab.PLACE_TYPES.get(row.type, row.type),
                          row.country, row.border, Text(row.matched), key=row.id)
        count = self.query_one("#place-count", Static)
        if not message.rows:
            count.update("No places found. Try another spelling, or fewer letters.")
        elif message.query.strip():
            count.update(f"{len(message.rows)} places, best first. Enter or ↓ to choose.")
        else:
            count.update(f"{len(message.rows)} places. Type to search.")

    @on(DataTable.RowSelected, "#place-results")
    def chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            row = self.rows[event.row_key.value]
            self.post_message(self.Chosen(row.id, row.short_name, row.country))


def _border(border) -> str:
    return "" if border is None else f"{border.km:,.0f} km ({border.crossing_name})"
