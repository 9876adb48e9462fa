"""The Textual application shell: unlock, the main screens, idle lock, panic wipe, help,
palette.

Importing this module loads Textual and the first screens only; the store (SQLAlchemy,
SQLCipher) is imported by the unlock worker after the first frame is on screen.

Locking the app that `caseworker` runs ends the process's run with RESTART, and the
command line starts the program afresh in the same process (os.execv): the key, the
passphrase and every case text the process read go with the old memory, which Python
cannot be made to overwrite. (Embedded in tests, locking covers the screen instead.)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from caseworker.core.config import Config
from caseworker.core.i18n import N_, _
from caseworker.opening.workspace import Workspace
from screens.base.held_keys import HoldsEarlyKeys
from screens.base.messages import (
    CaseChosen,
    DeskUnlocked,
    ReportsFailedWork,
    StoreUnlocked,
    WorkFailed,
)
from screens.shell.dashboard import DashboardScreen
from screens.shell.unlock import LockScreen, locked_notice

RESTART = "restart"
WIPED = "wiped"
IDLE_CHECK_SECONDS = 5.0
# A jump of the wall clock against the monotonic clock this large means the laptop slept.
SUSPEND_JUMP_SECONDS = 60.0
NO_SCREENSHOTS = "Screenshots are disabled: they would write case data to disk unencrypted."


def _case_finder() -> type:
    """The palette's case search, loaded when the palette first opens: start-up speed."""
    from screens.shell.case_finder import CaseFinder  # on first use: start-up speed

    return CaseFinder


class CaseworkerApp(ReportsFailedWork, HoldsEarlyKeys, App):
    TITLE = "Caseworker"
    CSS_PATH = Path(__file__).with_name("app.tcss")
    BINDINGS = [
        # Priority: Tab moves the focus the moment it is read, so the keys typed after it
        # go to the next field even when the app is busy (Textual otherwise moves it only
        # once the key has passed through the field, after later keys were delivered).
        Binding("tab", "focus_next", show=False, priority=True, id="app.focus_next"),
        Binding("shift+tab", "focus_previous", show=False, priority=True,
                id="app.focus_previous"),
        Binding("f1,question_mark", "help", N_("Help"), id="app.help"),
        Binding("ctrl+l,f12", "lock", N_("Lock"), id="app.lock"),
        # Not in the footer: listed by F1 and the palette, away from a stray press.
        Binding("f10", "wipe", N_("Panic wipe"), id="app.wipe", priority=True, show=False),
        Binding("ctrl+q", "quit", N_("Quit"), id="app.quit", priority=True),
    ]
    COMMANDS = App.COMMANDS | {_case_finder}
    # Actions that still work while the app is locked or not yet unlocked: moving between
    # the fields of the passphrase forms is one of them.
    ALWAYS_ALLOWED = frozenset({"quit", "help", "wipe", "focus_next", "focus_previous"})

    def __init__(
        self,
        data_dir: Path,
        config: Config,
        *,
        workspace: Workspace | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        restart_on_lock: bool = False,
        locked_reason: str = "",
    ) -> None:
        super().__init__()
        self.workspace = workspace or Workspace(data_dir=data_dir, config=config)
        self.restart_on_lock = restart_on_lock
        self.locked_reason = locked_reason
        self._monotonic = monotonic
        self._wall_clock = wall_clock
        self._last_activity = monotonic()
        self._clock_offset = wall_clock() - monotonic()
        self.locked = True
        self.warmed_up = False

    # -- start-up and unlocking ------------------------------------------------------

    def get_default_screen(self) -> Screen:
        if self.workspace.store_exists:
            return DashboardScreen(self.workspace)  # locked: it shows the passphrase form
        from screens.shell.create_store import CreateStoreScreen  # once per install

        return CreateStoreScreen(self.workspace)

    def on_mount(self) -> None:
        self.set_keymap(self.workspace.config.keymap)
        self.set_interval(IDLE_CHECK_SECONDS, self.check_idle_lock, name="idle lock")
        # After the screen's first paint: importing the store's code in a thread holds the
        # interpreter lock for most of a second and would delay that paint.
        self.screen.call_after_refresh(self.warm_up)
        if self.locked_reason:
            self.notify(locked_notice(self.locked_reason), timeout=8)

    @work(thread=True, exit_on_error=False, group="warm-up", description="load store code")
    def warm_up(self) -> None:
        """Import the store's code while the user types the passphrase (after the first
        frame, so start-up stays as fast as a bare Textual app)."""
        # Deferred on purpose: loading these is this worker's whole job.
        import caseworker.cases.open_cases
        import caseworker.opening.unlocking  # noqa: F401

        self.warmed_up = True

    def on_store_unlocked(self, message: StoreUnlocked) -> None:
        self.workspace.store = message.store
        self.apply_store_settings()
        self.locked = False
        self._note_activity()
        if isinstance(self.screen, LockScreen):
            self.pop_screen()
        elif isinstance(self.screen, DashboardScreen):
            self.screen.unlocked(message.dashboard)
        else:  # the store was just created
            self.push_screen(DashboardScreen(self.workspace, message.dashboard))
        self.refresh_bindings()

    def on_desk_unlocked(self, message: DeskUnlocked) -> None:
        """An intake desk opens on its own screen, which asks who is at the desk; after a
        lock it asks again, since whoever unlocked may be someone else."""
        from screens.desk.desk_home import DeskScreen  # a desk's screens: only on a desk

        self.workspace.store = message.store
        self.workspace.on_desk = True
        self.apply_store_settings()
        self.locked = False
        self._note_activity()
        if isinstance(self.screen, LockScreen):
            self.pop_screen()
            next(s for s in self.screen_stack if isinstance(s, DeskScreen)).ask_who_is_here()
        else:  # over the locked dashboard, for good: no key of the desk's screens pops it
            self.push_screen(DeskScreen(self.workspace))
        self.refresh_bindings()

    def on_case_chosen(self, message: CaseChosen) -> None:
        if self.workspace.on_desk:  # a desk keeps no cases: nothing to open
            return
        from screens.cases.case_view import CaseScreen  # imported on first use: start-up speed

        screen = CaseScreen(self.workspace, message.case_id)
        if message.instead_of_this_screen:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def on_work_failed(self, message: WorkFailed) -> None:
        # The one place a failed worker becomes words: whichever screen it ran on, the
        # person sees one sentence and the screen stays as it was.
        self.notify(message.sentence, severity="error", timeout=10)

    # -- settings kept in the store -------------------------------------------------

    def apply_store_settings(self) -> None:
        """The idle lock, author, lock and wipe keys and clipboard from the store, in place
        of config.toml's (caseworker/core/store_settings.py)."""
        # After unlock: the store's code is loaded by then.
        from caseworker.core.store_settings import config_with_store_settings, migrate

        with self.workspace.require_store().write() as session:
            migrate(session, self.workspace.config)
            self.workspace.config = config_with_store_settings(session, self.workspace.config)
        self.set_keymap(self.workspace.config.keymap)

    def action_settings(self) -> None:
        # After unlock only: the store's code is loaded by then.
        from caseworker.core.store_settings import read_settings, write_settings
        from screens.shell.settings import SettingsModal

        with self.workspace.require_store().read() as session:
            current = read_settings(session, self.workspace.config)

        def chosen(settings) -> None:
            if settings is None or self.workspace.store is None:
                return
            with self.workspace.require_store().write() as session:
                write_settings(session, settings)
            self.apply_store_settings()
            self.notify("Settings saved in the encrypted store.")

        self.push_screen(SettingsModal(current), chosen)

    # -- clipboard -------------------------------------------------------------------

    def copy_to_clipboard(self, text: str) -> None:
        """Copied text stays inside the app unless the system clipboard is turned on: any
        program of this user can read the system clipboard, and it outlives the lock."""
        self._clipboard = text
        if self.workspace.config.system_clipboard:
            super().copy_to_clipboard(text)
            self._system_clipboard_used = True

    def _clear_clipboard(self) -> None:
        self._clipboard = ""
        if getattr(self, "_system_clipboard_used", False):
            super().copy_to_clipboard("")
            self._system_clipboard_used = False

    # -- locking ---------------------------------------------------------------------

    def action_lock(self, reason: str = "on request") -> None:
        if self.locked:
            return
        self.locked = True
        self._clear_clipboard()
        self.workspace.lock()
        if self.restart_on_lock:
            self.locked_reason = reason
            self.exit(RESTART)
            return
        self.push_screen(LockScreen(self.workspace, reason))
        self.refresh_bindings()

    # -- panic wipe ------------------------------------------------------------------

    def action_wipe(self) -> None:
        from screens.shell.wipe import WipeCountdown  # imported when it is needed

        if isinstance(self.screen, WipeCountdown):
            return

        def counted(go: bool | None) -> None:
            if go:
                self.wipe_now()
            else:
                self.notify("Wipe cancelled; nothing was destroyed.")

        self.push_screen(WipeCountdown(), counted)

    def wipe_now(self) -> None:
        """Destroy the store's keys (storage/shredding.py), then close."""
        from storage.shredding import wipe_store  # light: files only, no database code

        wipe_store(self.workspace.data_dir)
        self._clear_clipboard()
        self.locked = True
        self.workspace.lock()
        self.exit(WIPED, message="The store was wiped. The office escrow can restore the "
                                 "cases (see the README).")

    def check_idle_lock(self) -> None:
        now = self._monotonic()
        offset = self._wall_clock() - now
        jumped = abs(offset - self._clock_offset) > SUSPEND_JUMP_SECONDS
        self._clock_offset = offset
        if self.locked:
            return
        if jumped:
            self.action_lock("after the computer slept")
        elif now - self._last_activity > self.workspace.config.idle_lock_minutes * 60:
            self.action_lock(f"after {self.workspace.config.idle_lock_minutes} idle minutes")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.MouseScrollDown
                      | events.MouseScrollUp | events.Paste):
            self._note_activity()
        if isinstance(event, events.Key) and not event.is_forwarded \
                and self.hold_early_key(event):
            return
        await super().on_event(event)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # A text cursor blinks only while its field has focus, and every blink redraws the
        # screen: holding it still here covers every field of every screen, present and
        # future, before its first blink (docs/architecture.md §8). Any widget with a
        # `cursor_blink` (Input, TextArea) is meant; naming TextArea would load it at start.
        field = event.widget
        if not self.workspace.config.cursor_blink and hasattr(field, "cursor_blink"):
            field.cursor_blink = False

    def _note_activity(self) -> None:
        self._last_activity = self._monotonic()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self.locked and action not in self.ALWAYS_ALLOWED)

    # -- quitting --------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit, but ask first when a form holds typing not yet saved (ctrl+q is one key
        away from ctrl+s, and a whole intake would go with it)."""
        unsaved = [what for screen in self.screen_stack
                   if (what := getattr(screen, "unsaved_work", None))]
        if not unsaved:
            self.exit()
            return
        from screens.base.modals import ConfirmModal  # imported on first use: start-up speed

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        await self.push_screen(ConfirmModal(
            "Quit without saving?",
            f"Not saved yet: {', '.join(unsaved)}. Press n or Esc to go back and save it "
            "(ctrl+s or F2)."), answered)

    # -- help, palette, screenshots --------------------------------------------------

    def action_help(self) -> None:
        from screens.shell.help import HelpScreen  # imported on first use: start-up speed

        if isinstance(self.screen, HelpScreen):
            return
        title = self.screen.title or type(self.screen).__name__
        # A screen may say what it is for above its keys (the desk's do).
        self.push_screen(HelpScreen(title, self.screen.active_bindings, self.get_key_display,
                                    getattr(self.screen, "help_about", "")))

    def action_command_palette(self) -> None:
        # the palette whose Enter waits for the answer to the words typed (case_finder.py)
        from screens.shell.case_finder import CasePalette  # on first use: start-up speed

        if self.use_command_palette and not CasePalette.is_open(self):
            self.push_screen(CasePalette())

    def action_language(self) -> None:
        from screens.shell.language_choice import ask_language  # on first use: start-up speed

        ask_language(self, self.workspace)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":
                yield command
        if not self.locked:
            yield SystemCommand(_("Lock"), _("Lock Caseworker now"), self.action_lock)
            yield SystemCommand(_("Settings"), _("Idle lock, your name, lock and wipe keys, "
                                                 "clipboard (kept in the encrypted store)"),
                                self.action_settings)
        # Found by its name in any of the three, whichever is shown now.
        yield SystemCommand(_("Language"), "Тіл · Язык · Language: Қазақша, Русский, English",
                            self.action_language)
        yield SystemCommand(_("Panic wipe"), _("Destroy the store on this computer now (three "
                                               "seconds to cancel)"), self.action_wipe)
        yield SystemCommand(_("Help"), _("Every key that works on this screen"),
                            self.action_help)

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        self.notify(NO_SCREENSHOTS, severity="warning")

    def deliver_screenshot(self, *args, **kwargs) -> None:
        self.notify(NO_SCREENSHOTS, severity="warning")

    def save_screenshot(self, *args, **kwargs) -> str:
        raise PermissionError(NO_SCREENSHOTS)

    def _fatal_error(self) -> None:
        # Textual's own crash report prints a traceback with local variables, which can
        # hold case data, to the terminal. Say only what kind of failure it was.
        kind = type(self._exception).__name__ if self._exception else "error"
        self.bell()
        self._exit_renderables.append(
            f"Caseworker stopped after an internal error ({kind}). "
            "Nothing was written outside the encrypted store."
        )
        self._close_messages_no_wait()
