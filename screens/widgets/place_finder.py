"""A search box over the gazetteer with its results: type a place in any script or
spelling and Enter chooses the best match; Down moves into the results to choose another
with Enter. Used by the locations screen and by the place picker of intake and the case
view.

Results come from a worker, a moment after each key: an Enter typed before the results of
the words now in the box have arrived waits for them, so it never chooses from the list of
an earlier query."""

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
from caseworker.core.i18n import N_, _, ngettext
from caseworker.opening.workspace import Workspace
from caseworker.places.place_records import list_places
from caseworker.places.place_search import search_places
from screens.base.messages import ReportsFailedWork
from screens.widgets.form import TextField
from screens.widgets.tables import Col, FitTable

SHOWN_PLACES = 50
# On an 80-column screen the border distance makes way (the place's own screen has it).
RESULT_COLUMNS = (Col("place", N_("Place"), least=20),
                  Col("type", N_("Type"), 16, narrow_width=12),
                  Col("country", N_("Country"), 7),
                  Col("border", N_("Straight-line to border"), 34, narrow=False),
                  Col("matched", N_("Matched"), 24, narrow_width=16))


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
    BINDINGS = [Binding("down", "to_results", N_("Results"), show=False, id="places.results")]

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
        self.shown_query: str | None = None  # the query the results on screen answer
        self._choose_when_found: int | None = None  # a row chosen before its results came

    def compose(self) -> ComposeResult:
        yield TextField(self.initial_query, id="place-query",
                    placeholder=_("A place in any script or spelling: Zharkent, Жаркент, "
                                  "霍尔果斯…"))
        yield Static("", id="place-count")
        yield FitTable(*RESULT_COLUMNS, id="place-results")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.refresh_results()

    def refresh_results(self) -> None:
        self.search(self.query_one(Input).value)

    @on(Input.Changed, "#place-query")
    def query_changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    def _current(self) -> bool:
        return self.shown_query == self.query_one(Input).value

    @on(Input.Submitted, "#place-query")
    def choose_the_first(self) -> None:
        """One Enter chooses the best match, once the results answer what was typed."""
        if self._current():
            if self.rows:
                self._choose(0)
        else:
            self._choose_when_found = 0

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
        table = self.query_one(FitTable)
        table.clear_cells()
        self.rows = {row.id: row for row in message.rows}
        for row in message.rows:
            table.add_cells({"place": Text(row.short_name),
                             "type": vocab.label(vocab.PLACE_TYPES, row.type),
                             "country": row.country, "border": row.border,
                             "matched": Text(row.matched)}, key=row.id)
        self.shown_query = message.query
        count = self.query_one("#place-count", Static)
        if not message.rows:
            count.update(_("No places found. Try another spelling, or fewer letters."))
        elif message.query.strip():
            count.update(ngettext(
                "{n} place, best first. Enter chooses the first; ↓ then Enter, another.",
                "{n} places, best first. Enter chooses the first; ↓ then Enter, another.",
                len(message.rows)).format(n=len(message.rows)))
        else:
            count.update(ngettext("{n} place. Type to search.", "{n} places. Type to search.",
                                  len(message.rows)).format(n=len(message.rows)))
        waiting, self._choose_when_found = self._choose_when_found, None
        if waiting is not None and message.rows:
            self._choose(min(waiting, len(message.rows) - 1))

    @on(DataTable.RowSelected, "#place-results")
    def chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if not self._current():  # the list is of an earlier query: wait for this one's
            self._choose_when_found = event.cursor_row
            return
        self._choose(event.cursor_row)

    def _choose(self, index: int) -> None:
        row = list(self.rows.values())[index]
        self.post_message(self.Chosen(row.id, row.short_name, row.country))


def _border(border) -> str:
    return "" if border is None else _("{km} km ({crossing})").format(
        km=f"{border.km:,.0f}", crossing=border.crossing_name)
