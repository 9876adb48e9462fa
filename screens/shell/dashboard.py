"""The main screen: the open cases, most urgent first.

It is also the first screen of every start: locked, it shows the passphrase form over an
empty list. Unlocking then only fills the list, which is why opening the store feels
immediate (drawing a whole new screen costs about as much as the unlock itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Static

from caseworker.core.i18n import N_, _
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.base.messages import CaseChosen, ReadAnswer
from screens.base.reloading import ReloadsOnReturn
from screens.cases.checklist_actions import ChecklistActions
from screens.shell.unlock import FIRST_PAINT_ROWS, UnlockForm, unlocking
from screens.widgets.header import Header
from screens.widgets.tables import Col, FitTable

if TYPE_CHECKING:
    from caseworker.cases.open_cases import Dashboard, DashboardRow

# Countdowns read in minutes and deadlines fall on whole minutes, so a countdown can
# read differently only just after the clock's minute turns: the screen wakes then, and
# at the instant a case turns CRITICAL, and at no other time (docs/architecture.md §8).
COUNTDOWN_SECONDS = 60
# Past the minute by this much, so that the countdowns are read on the new minute's side.
PAST_THE_MINUTE = 0.05
ACTION_WIDTH = 56  # the rest of the action is one key away, in the case
# On an 80-column screen the place makes way: what is left to do matters more, and the
# case shows where.
COLUMNS = (Col("risk", N_("Risk"), 8), Col("name", N_("Name"), 24, narrow_width=18),
           Col("deadline", N_("Next deadline"), 16, narrow_width=14,
               narrow_label=N_("Deadline")),
           Col("where", N_("Where"), 24, narrow=False),
           Col("action", N_("Next action"), least=24))

# One paragraph a line: the screen wraps them, at any width and in any language.
EMPTY_TEXT = N_(
    "No open cases yet.\n\n"
    "To enter the first one, press [b]n[/b] for a new intake: names in any script, what "
    "happened and where, who reported it, and consent. Cases from a colleague arrive as "
    "bundles.\n"
    "Press [b]F1[/b] at any time to see every key that works where you are.")


class DashboardScreen(ChecklistActions, ReloadsOnReturn, Screen):
    # Priority: a key that opens a screen acts when it is read, so what is typed after it
    # reaches that screen (held by the app until it is ready), not the list underneath.
    # Locked, check_action turns them off and the keys go to the passphrase field.
    BINDINGS = [
        Binding("n", "new_intake", N_("New intake"), id="dashboard.new", priority=True),
        Binding("c", "cases", N_("All cases"), id="dashboard.cases", priority=True),
        Binding("l", "locations", N_("Places"), id="dashboard.locations", priority=True),
        Binding("t", "tick_off", N_("Done"), id="dashboard.tick_off", priority=True,
                tooltip=N_("Mark the highlighted case's next action done")),
        Binding("s", "court_date", N_("Court date"), id="dashboard.court_date", priority=True,
                tooltip=N_("Enter the date a court set for the next action")),
        Binding("x", "exchange", N_("Exchange"), id="dashboard.exchange", priority=True),
    ]
    DEFAULT_CSS = """
    DashboardScreen { layers: base overlay; align: center middle; }
    DashboardScreen #empty { padding: 2 4; height: auto; }
    DashboardScreen DataTable { height: 1fr; display: none; }
    DashboardScreen DataTable.-filled { display: block; }
    DashboardScreen UnlockForm { layer: overlay; }
    """

    @dataclass
    class Loaded(ReadAnswer):
        dashboard: Dashboard
        rest: bool = False  # the rows below a first screenful already shown

    def __init__(self, workspace: Workspace, dashboard: Dashboard | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.initial = dashboard
        self.loaded = False
        self.dashboard: Dashboard | None = None
        self.countdowns: dict[str, str] = {}  # case id -> the countdown text shown
        self.kept: str | None = None  # the case the cursor stays on across a reload
        self._wake: Timer | None = None  # the next countdown refresh

    @property
    def locked(self) -> bool:
        return self.workspace.store is None

    @property
    def preparing(self) -> bool:
        """Keys typed while its passphrase form opens the store wait for the list (or,
        on a desk, for the question who is at the desk)."""
        return unlocking(self)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="empty")
        yield FitTable(*COLUMNS, id="cases")
        if self.locked:
            yield UnlockForm(self.workspace, _("Enter your passphrase to open the case store."))
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Locked") if self.locked else _("Open cases")
        if self.initial is not None:
            self.show(self.initial)
            self.initial = None
        elif not self.locked:
            self.load()

    def unlocked(self, dashboard: Dashboard) -> None:
        """The store was opened from this screen's own passphrase form."""
        for form in self.query(UnlockForm):
            form.remove()
        self.title = _("Open cases")
        self.show(dashboard)
        self._read_the_rest(dashboard)

    def reload(self) -> None:
        # Locked, there is nothing to load: unlocking fills the list itself.
        if not self.locked:
            self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="dashboard",
          description="load the dashboard")
    def load(self) -> None:
        """A screenful first; the rest is read once it is painted (`_read_the_rest`):
        the first rows paint in a third of the time all of them take to read."""
        from caseworker.cases.open_cases import load_dashboard  # the store's code: after unlock

        self.post_message(self.Loaded(load_dashboard(self.workspace.require_store(),
                                                     limit=FIRST_PAINT_ROWS,
                                                     now=self.workspace.now())))

    @work(thread=True, exclusive=True, exit_on_error=False, group="dashboard",
          description="load the rest of the dashboard")
    def load_rest(self) -> None:
        from caseworker.cases.open_cases import load_dashboard  # the store's code: after unlock

        self.post_message(self.Loaded(load_dashboard(self.workspace.require_store(),
                                                     now=self.workspace.now()), rest=True))

    def on_dashboard_screen_loaded(self, message: Loaded) -> None:
        if message.overtaken:
            return
        shown = self.dashboard.rows if self.dashboard is not None else []
        full = message.dashboard.rows
        if message.rest and [r.case_id for r in full[:len(shown)]] == [r.case_id
                                                                       for r in shown]:
            # the same first rows: only the ones below them are new
            self.dashboard = message.dashboard
            self._add_rows(full[len(shown):], self.kept)
            self._describe(message.dashboard)
        else:
            self.show(message.dashboard)
            if not message.rest:
                self._read_the_rest(message.dashboard)

    def _read_the_rest(self, dashboard: Dashboard) -> None:
        if len(dashboard.rows) == FIRST_PAINT_ROWS < dashboard.open_cases:
            self.load_rest()

    def show(self, dashboard: Dashboard) -> None:
        table = self.query_one("#cases", FitTable)
        # The list is read again after every return to it: keep the cursor on the same
        # person, wherever their case now ranks, or a key meant for them acts on another.
        keep = self.kept = self.highlighted_case()
        table.clear_cells()
        self.dashboard, self.countdowns = dashboard, {}
        # A screenful first, the rest after it is painted: adding hundreds of rows to a
        # DataTable takes longer than drawing the screen.
        self._add_rows(dashboard.rows[:FIRST_PAINT_ROWS], keep)
        if len(dashboard.rows) > FIRST_PAINT_ROWS:
            self.call_after_refresh(self._add_rows, dashboard.rows[FIRST_PAINT_ROWS:], keep)
        table.set_class(bool(dashboard.rows), "-filled")
        empty = self.query_one("#empty", Static)
        empty.update(_(EMPTY_TEXT))
        empty.display = not dashboard.rows
        self._describe(dashboard)
        if dashboard.rows:
            table.focus()
        self.loaded = True
        self._wake_next()

    def _describe(self, dashboard: Dashboard) -> None:
        shown = len(dashboard.rows)
        total = f"{dashboard.open_cases:,}"
        listed = (_("{total} open").format(total=total) if shown == dashboard.open_cases
                  else _("most urgent {shown} of {total} open").format(shown=f"{shown:,}",
                                                                       total=total))
        self.sub_title = (_("{listed} · {critical} critical").format(
            listed=listed, critical=f"{dashboard.critical:,}") if dashboard.critical
            else listed)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.locked

    def action_new_intake(self) -> None:
        from screens.cases.intake import IntakeScreen  # deferred: start-up speed

        self.app.push_screen(IntakeScreen(self.workspace))

    def action_locations(self) -> None:
        from screens.places.all_places import PlacesScreen  # deferred: start-up speed

        self.app.push_screen(PlacesScreen(self.workspace))

    def action_exchange(self) -> None:
        from screens.exchange.overview import ExchangeScreen  # deferred: start-up speed

        self.app.push_screen(ExchangeScreen(self.workspace))

    def action_cases(self) -> None:
        from screens.cases.all_cases import CasesScreen  # deferred: start-up speed

        self.app.push_screen(CasesScreen(self.workspace))

    @on(DataTable.RowSelected, "#cases")
    def open_case(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.post_message(CaseChosen(event.row_key.value))

    def chosen_item(self) -> str | None:
        """The next action's checklist item of the highlighted case."""
        case_id = self.highlighted_case()
        if self.dashboard is None or case_id is None:
            return None
        row = next((r for r in self.dashboard.rows if r.case_id == case_id), None)
        if row is None or row.next_item_id is None:
            self.notify(_("This case's next action is not a checklist item: open the case "
                          "(Enter) to see what is missing."))
            return None
        return row.next_item_id

    def action_tick_off(self) -> None:
        # From the list, a slip of a key must not make a deadline disappear: ask first.
        from caseworker.deadlines.checklist_items import (
            next_action_shown,  # deferred: as in _action
        )
        from screens.base.modals import ConfirmModal  # deferred: start-up speed

        item_id = self.chosen_item()
        if item_id is None or self.dashboard is None:  # an item is chosen from the dashboard
            return
        row = next(r for r in self.dashboard.rows if r.next_item_id == item_id)

        def answered(yes: bool | None) -> None:
            if yes:
                self.checklist_change("tick", item_id, "")

        self.app.push_screen(ConfirmModal(_("Mark done for {name}?").format(name=row.name),
                                          next_action_shown(row.next_action)), answered)

    def checklist_changed(self, what: str) -> None:
        self.notify(_("Ticked off, with your name and the time.") if what == "tick"
                    else _("Due date set by the court saved."))
        self.load()

    def on_screen_suspend(self) -> None:
        # Covered (by another screen, or the lock), no countdown can be seen: nothing
        # wakes until the list is back in view and read again, which starts the chain.
        # A wake left set would do nothing itself, but it lets the covered screen run
        # what it put off until it is next idle: Textual's footer rebuilds itself then,
        # about 60 ms on the CPU while the screen on top stands idle.
        self._stop_waking()

    def _stop_waking(self) -> None:
        if self._wake is not None:
            self._wake.stop()
            self._wake = None

    def _wake_next(self) -> None:
        """Wake when a countdown can next read differently: the next minute of the clock,
        or sooner when a case turns CRITICAL then."""
        self._stop_waking()
        if self._covered:  # a list read while covered: coming back reads it again
            return
        now = self.workspace.now()
        wait = COUNTDOWN_SECONDS - now.second - now.microsecond / 1e6
        change = self.dashboard.next_change if self.dashboard is not None else None
        if change is not None and change > now:
            wait = min(wait, (change - now).total_seconds())
        self._wake = self.set_timer(wait + PAST_THE_MINUTE, self._woken, name="countdowns")

    def _woken(self) -> None:
        # Covered or locked, the chain stops: coming back into view reads the list again,
        # and showing it starts the chain anew.
        if self.app.screen is self:
            self.tick()
            self._wake_next()

    def tick(self) -> None:
        """Bring the countdowns up to the minute; read the list again when a case turns
        CRITICAL by the clock. Nothing is read from the store otherwise."""
        dashboard = self.dashboard
        if dashboard is None or self.locked or self.app.screen is not self:
            return
        now = self.workspace.now()
        if dashboard.next_change is not None and now >= dashboard.next_change:
            self.load()
            return
        # Rows not added yet have no countdown shown: they are drawn with the time then.
        changed = {}
        for row in dashboard.rows:
            text = row.countdown(now)
            if self.countdowns.get(row.case_id, text) != text:
                changed[row.case_id] = self._countdown(row, now)
                self.countdowns[row.case_id] = text
        if changed:
            # All at once, and only these cells: most minutes change none on screen, and
            # a redraw of every row would be most of what the idle screen costs.
            self.query_one("#cases", FitTable).replace_cells("deadline", changed)

    def _add_rows(self, rows: list[DashboardRow], keep: str | None = None) -> None:
        table = self.query_one("#cases", FitTable)
        now = self.workspace.now()
        for row in rows:
            table.add_cells({"risk": self._level(row), "name": Text(row.name),
                             "deadline": self._countdown(row, now), "where": Text(row.place),
                             "action": self._action(row)}, key=row.case_id)
            self.countdowns[row.case_id] = row.countdown(now)
        if keep is not None and any(row.case_id == keep for row in rows):
            table.move_cursor(row=table.get_row_index(keep))

    def highlighted_case(self) -> str | None:
        table = self.query_one("#cases", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _level(self, row: DashboardRow) -> Text:
        theme = self.app.current_theme
        colours = {"CRITICAL": f"bold {theme.error}", "HIGH": f"bold {theme.warning}",
                   "ELEVATED": theme.warning or "", "WATCH": "dim"}
        return Text(row.level, style=colours.get(row.level) or "")

    def _countdown(self, row: DashboardRow, now) -> Text:
        style = f"bold {self.app.current_theme.error}" if row.overdue(now) else ""
        return Text(row.countdown(now), style=style)

    @staticmethod
    def _action(row: DashboardRow) -> Text:
        # deferred: the risk rules' code loads once the store is open, not before the
        # first frame
        from caseworker.deadlines.checklist_items import next_action_shown

        whole = next_action_shown(row.next_action)
        action = Text(whole[:ACTION_WIDTH] + ("…" if len(whole) > ACTION_WIDTH else ""))
        if not row.next_verified:
            action.append(" ")
            action.append(_("[verify locally]"), style="italic")
        return action
