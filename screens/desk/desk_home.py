"""The desk's first screen, in place of the dashboard: who is at the desk, how many intakes
this sitting sealed, and the desk's few keys. Nothing here reads a case: a desk has none."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from caseworker.core.i18n import N_, _
from caseworker.desk.desk_session import ShiftCounts, Sitting, shift_counts
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.base.messages import ReadAnswer, ReportsFailedWork
from screens.base.reloading import ReloadsOnReturn
from screens.base.times import shown_time
from screens.desk.desk_help import AtTheDesk
from screens.desk.desk_intake import DeskIntakeScreen
from screens.desk.desk_places import DeskPlacesScreen
from screens.desk.receipts_list import ReceiptsScreen
from screens.desk.shift_summary import ShiftScreen
from screens.desk.volunteer_prompt import VolunteerPrompt
from screens.widgets.header import Header

WHAT_TO_DO = N_(
    "Press n to take a new intake. Saving it (ctrl+s or F2) seals it for the office at "
    "once, and the screen shows the reference to give the visitor; then the form is "
    "empty for the next one.\n\n"
    "Nothing the visitor says is kept on this computer: only a receipt with its number, "
    "time, your name and the reference. Press F1 for every key.")


class DeskScreen(AtTheDesk, ReloadsOnReturn, ReportsFailedWork, Screen):
    # Priority, as on the dashboard: a key that opens a screen acts when it is read, so
    # what is typed after it reaches that screen. Locked, the app turns them off.
    BINDINGS = [
        Binding("n", "new_intake", N_("New intake"), id="desk.new", priority=True),
        Binding("l", "places", N_("Places"), id="desk.places", priority=True),
        Binding("r", "receipts", N_("Receipts"), id="desk.receipts", priority=True),
        Binding("s", "shift", N_("Shift"), id="desk.shift", priority=True,
                tooltip=N_("Intakes sealed in this sitting and today, by volunteer")),
        Binding("v", "volunteer", N_("Volunteer"), id="desk.volunteer", priority=True,
                tooltip=N_("Someone else sits down at the desk")),
    ]
    DEFAULT_CSS = """
    DeskScreen #desk { padding: 1 2; height: 1fr; max-width: 84; }
    DeskScreen #at-desk { text-style: bold; color: $accent; margin-bottom: 1; }
    DeskScreen #desk-count { margin-top: 1; color: $text-muted; }
    """

    @dataclass
    class Counted(ReadAnswer):
        counts: ShiftCounts

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.sitting: Sitting | None = None  # until the first volunteer gives a name

    @property
    def preparing(self) -> bool:
        """Keys typed before anyone is at the desk wait for the question who is."""
        return self.sitting is None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="desk"):
            yield Static("", id="at-desk")
            yield Static(_(WHAT_TO_DO), id="desk-intro")
            yield Static("", id="desk-count")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Intake desk")
        self.ask_who_is_here()

    def ask_who_is_here(self) -> None:
        """Asked after every unlock and whenever someone else sits down (once: a lock
        that came while the question was open leaves it open)."""
        if any(isinstance(screen, VolunteerPrompt) for screen in self.app.screen_stack):
            return

        def answered(name: str | None) -> None:
            if name is None:
                return
            if self.sitting is None:
                self.sitting = Sitting(name, self.workspace.now())
            else:
                self.sitting.volunteer = name
            self.sub_title = _("at the desk: {name}").format(name=name)
            self.query_one("#at-desk", Static).update(Text(_("At the desk: {name}").format(
                name=name)))
            self.reload()

        self.app.push_screen(VolunteerPrompt(self.workspace, self.sitting is not None),
                             answered)

    def reload(self) -> None:
        if self.sitting is not None and self.workspace.store is not None:
            self.count(self.sitting)

    @work(thread=True, exclusive=True, exit_on_error=False, group="desk",
          description="load the shift's counts")
    def count(self, sitting: Sitting) -> None:
        with self.workspace.require_store().read() as session:
            counts = shift_counts(session, sitting.started, self.workspace.now(),
                                  self.workspace.config.default_zone)
        self.post_message(self.Counted(counts))

    def on_desk_screen_counted(self, message: Counted) -> None:
        if message.overtaken or self.sitting is None:
            return
        started = shown_time(self.sitting.started, self.workspace.config.default_zone)
        self.query_one("#desk-count", Static).update(
            _("Intakes sealed in this sitting (since {started}): {sitting}. Today: {today}.")
            .format(started=started, sitting=sum(message.counts.sitting.values()),
                    today=sum(message.counts.today.values())))

    def _with_volunteer(self, screen_type: type) -> None:
        if self.sitting is not None:
            self.app.push_screen(screen_type(self.workspace, self.sitting))

    def action_new_intake(self) -> None:
        self._with_volunteer(DeskIntakeScreen)

    def action_shift(self) -> None:
        self._with_volunteer(ShiftScreen)

    def action_places(self) -> None:
        self.app.push_screen(DeskPlacesScreen(self.workspace))

    def action_receipts(self) -> None:
        self.app.push_screen(ReceiptsScreen(self.workspace))

    def action_volunteer(self) -> None:
        self.ask_who_is_here()
