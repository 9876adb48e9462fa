"""The shift in counts: intakes sealed in this sitting and today, by volunteer. Counts
only; there is nothing else on a desk to show."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from caseworker.core.i18n import N_, _
from caseworker.desk.desk_session import ShiftCounts, Sitting, shift_counts
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.base.messages import ReadAnswer, ReportsFailedWork
from screens.base.times import shown_time
from screens.desk.desk_help import AtTheDesk
from screens.widgets.header import Header
from screens.widgets.tables import Col, FitTable

COLUMNS = (Col("volunteer", N_("Volunteer"), least=20),
           Col("sitting", N_("This sitting"), 14), Col("today", N_("Today"), 8))
TOTAL = N_("All volunteers")


class ShiftScreen(AtTheDesk, ReportsFailedWork, Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", N_("Back"), id="shift.back")]
    DEFAULT_CSS = """
    ShiftScreen #shift-since { padding: 0 1; height: auto; color: $text-muted; }
    ShiftScreen FitTable { height: 1fr; }
    """

    @dataclass
    class Counted(ReadAnswer):
        counts: ShiftCounts

    def __init__(self, workspace: Workspace, sitting: Sitting) -> None:
        super().__init__()
        self.workspace = workspace
        self.sitting = sitting
        self.counts: ShiftCounts | None = None  # None until read

    def compose(self) -> ComposeResult:
        yield Header()
        zone = self.workspace.config.default_zone
        yield Static(_("This sitting began at {time}; today is since midnight at the desk.")
                     .format(time=shown_time(self.sitting.started, zone)), id="shift-since")
        yield FitTable(*COLUMNS, id="shift")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Shift summary")
        self.query_one(FitTable).focus()
        self.count()

    @work(thread=True, exclusive=True, exit_on_error=False, group="shift",
          description="load the shift's counts")
    def count(self) -> None:
        with self.workspace.require_store().read() as session:
            counts = shift_counts(session, self.sitting.started, self.workspace.now(),
                                  self.workspace.config.default_zone)
        self.post_message(self.Counted(counts))

    def on_shift_screen_counted(self, message: Counted) -> None:
        if message.overtaken:
            return
        self.counts = counts = message.counts
        table = self.query_one(FitTable)
        table.clear_cells()
        # the busiest today first; names in the order of the alphabet among equals
        for name in sorted(counts.today, key=lambda n: (-counts.today[n], n)):
            table.add_cells({"volunteer": Text(name), "sitting": str(counts.sitting.get(name, 0)),
                             "today": str(counts.today[name])}, key=name)
        table.add_cells({"volunteer": Text(_(TOTAL), style="bold"),
                         "sitting": str(sum(counts.sitting.values())),
                         "today": str(sum(counts.today.values()))})
