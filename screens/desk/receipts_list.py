"""Every receipt this desk keeps, the latest first: number, time, volunteer, reference,
and whether the office has acknowledged it. That is all a receipt holds; the intake
itself went to the office sealed."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from caseworker.core.i18n import N_, _, ngettext
from caseworker.desk.receipts import ReceiptSummary, is_overdue, list_receipts, receipt_summary
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.base.messages import ReadAnswer, ReportsFailedWork
from screens.base.times import shown_time, zone_name
from screens.desk.desk_help import AtTheDesk
from screens.widgets.header import Header
from screens.widgets.tables import Col, FitTable

COLUMNS = (Col("number", N_("No."), 6), Col("sealed", N_("Sealed"), 17),
           Col("reference", N_("Reference"), 10), Col("volunteer", N_("Volunteer"), least=20),
           Col("delivered", N_("Delivered"), 17, narrow_width=12))


@dataclass(frozen=True)
class ReceiptRow:
    number: int
    sealed: str
    reference: str
    volunteer: str
    delivered: str  # when the office acknowledged it, or "" while it has not
    overdue: bool  # not acknowledged a day after it was sealed


class ReceiptsScreen(AtTheDesk, ReportsFailedWork, Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", N_("Back"), id="receipts.back")]
    DEFAULT_CSS = """
    ReceiptsScreen #receipts-count { padding: 0 1; height: 1; color: $text-muted; }
    ReceiptsScreen FitTable { height: 1fr; }
    """

    @dataclass
    class Loaded(ReadAnswer):
        rows: list[ReceiptRow]
        summary: ReceiptSummary

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
        self.title = _("Receipts")
        self.sub_title = zone_name(self.workspace.config.default_zone, self.workspace.now())
        self.query_one(FitTable).focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="receipts",
          description="load the receipts")
    def load(self) -> None:
        zone, now = self.workspace.config.default_zone, self.workspace.now()
        with self.workspace.require_store().read() as session:
            rows = [ReceiptRow(r.number, shown_time(r.sealed_at, zone), r.reference,
                               r.volunteer,
                               shown_time(r.delivered_at, zone) if r.delivered_at else "",
                               is_overdue(r, now)) for r in list_receipts(session)]
            summary = receipt_summary(session, now)
        self.post_message(self.Loaded(rows, summary))

    def on_receipts_screen_loaded(self, message: Loaded) -> None:
        if message.overtaken:
            return
        self.rows = message.rows
        table = self.query_one(FitTable)
        table.clear_cells()
        for row in message.rows:
            delivered = Text(row.delivered) if row.delivered else (
                Text(_("not after a day"), style="bold") if row.overdue else Text(_("not yet")))
            table.add_cells({"number": str(row.number), "sealed": row.sealed,
                             "reference": row.reference, "volunteer": Text(row.volunteer),
                             "delivered": delivered}, key=str(row.number))
        self.query_one("#receipts-count", Static).update(summary_text(message.summary))


def summary_text(summary: ReceiptSummary) -> str:
    """"14 sealed, 14 delivered", and how many the office has not acknowledged after a
    day: those may not have reached it (a lost stick, an outbox never carried)."""
    if not summary.sealed:
        return _("No intakes sealed here yet.")
    text = ngettext("{sealed} sealed, {delivered} delivered, the latest first.",
                    "{sealed} sealed, {delivered} delivered, the latest first.",
                    summary.sealed).format(sealed=summary.sealed, delivered=summary.delivered)
    if summary.overdue:
        text += " " + ngettext(
            "{n} not delivered after a day: take the outbox to the office again.",
            "{n} not delivered after a day: take the outbox to the office again.",
            summary.overdue).format(n=summary.overdue)
    return text
