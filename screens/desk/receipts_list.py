"""Every receipt this desk keeps, the latest first: number, time, volunteer, reference.
That is all a receipt holds; the intake itself went to the office sealed."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from caseworker.desk.receipts import list_receipts
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.base.messages import ReadAnswer, ReportsFailedWork
from screens.base.times import shown_time, zone_name
from screens.desk.desk_help import AtTheDesk
from screens.widgets.header import Header
from screens.widgets.tables import Col, FitTable

COLUMNS = (Col("number", "No.", 6), Col("sealed", "Sealed", 17),
           Col("reference", "Reference", 10), Col("volunteer", "Volunteer", least=20))


@dataclass(frozen=True)
class ReceiptRow:
    number: int
    sealed: str
    reference: str
    volunteer: str


class ReceiptsScreen(AtTheDesk, ReportsFailedWork, Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="receipts.back")]
    DEFAULT_CSS = """
    ReceiptsScreen #receipts-count { padding: 0 1; height: 1; color: $text-muted; }
    ReceiptsScreen FitTable { height: 1fr; }
    """

    @dataclass
    class Loaded(ReadAnswer):
        rows: list[ReceiptRow]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.rows: list[ReceiptRow] | None = None  # None until read

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="receipts-count")
        yield FitTable(*COLUMNS, id="receipts")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Receipts"
        self.sub_title = zone_name(self.workspace.config.default_zone, self.workspace.now())
        self.query_one(FitTable).focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="receipts",
          description="load the receipts")
    def load(self) -> None:
        zone = self.workspace.config.default_zone
        with self.workspace.require_store().read() as session:
            rows = [ReceiptRow(r.number, shown_time(r.sealed_at, zone), r.reference,
                               r.volunteer) for r in list_receipts(session)]
        self.post_message(self.Loaded(rows))

    def on_receipts_screen_loaded(self, message: Loaded) -> None:
        if message.overtaken:
            return
        self.rows = message.rows
        table = self.query_one(FitTable)
        table.clear_cells()
        for row in message.rows:
            table.add_cells({"number": str(row.number), "sealed": row.sealed,
                             "reference": row.reference, "volunteer": Text(row.volunteer)},
                            key=str(row.number))
        self.query_one("#receipts-count", Static).update(
            f"{len(message.rows)} intakes sealed here, the latest first." if message.rows
            else "No intakes sealed here yet.")
