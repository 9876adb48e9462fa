"""The passphrase form that opens the store, and the screen that covers the app when locked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from caseworker.core.i18n import _, ngettext
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.base.held_keys import HoldsEarlyKeys
from screens.base.messages import DeskUnlocked, ReportsFailedWork, StoreUnlocked
from storage.errors import StoreError

# More rows than a tall terminal shows: the unlock worker reads these for the dashboard's
# first frame, and the dashboard reads the rest after it is painted.
FIRST_PAINT_ROWS = 60

BANNER = "Caseworker"


class UnlockForm(ReportsFailedWork, Vertical):
    """Passphrase field, a status line, and the worker that opens the store."""

    @dataclass
    class Failed(Message):
        reason: str

    DEFAULT_CSS = """
    UnlockForm { width: 64; height: auto; border: round $primary; padding: 1 2;
                 background: $surface; }
    UnlockForm #banner { text-style: bold; color: $accent; width: 100%;
                         content-align: center middle; }
    UnlockForm .status { height: auto; margin-top: 1; color: $text-muted; }
    UnlockForm .status.-error { color: $error; }
    """

    def __init__(self, workspace: Workspace, prompt: str) -> None:
        super().__init__()
        self.workspace = workspace
        self.prompt = prompt
        self._passphrase = ""
        # From Enter until the store is open or refused: keys typed meanwhile are for
        # what comes next (the dashboard, the desk's question), and wait for it.
        self.unlocking = False

    def compose(self) -> ComposeResult:
        yield Static(BANNER, id="banner")
        yield Static(self.prompt, id="prompt")
        yield Input(password=True, placeholder=_("passphrase"), id="passphrase")
        yield Static(_("Press Enter to unlock."), classes="status", id="status")

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()

    @on(Input.Submitted, "#passphrase")
    def submitted(self, event: Input.Submitted) -> None:
        if not event.value:
            self.show_status(_("Type the passphrase first."), error=True)
            return
        self._passphrase = event.value
        self.unlocking = True
        event.input.disabled = True
        self.show_status(_("Unlocking..."))
        self.unlock()

    @work(thread=True, exclusive=True, exit_on_error=False, group="unlock",
          description="unlock the store")
    def unlock(self) -> None:
        # The store's code: the app imports it in the background while the passphrase is
        # typed (CaseworkerApp.warm_up), so these are usually loaded already.
        from caseworker.cases.open_cases import load_dashboard
        from caseworker.desk.desk_mode import is_desk
        from caseworker.opening.unlocking import open_store

        passphrase, self._passphrase = self._passphrase, ""
        try:
            store = open_store(self.workspace.data_dir, passphrase)
        except StoreError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        except Exception as exc:  # never leave the form saying "Unlocking..." for ever
            self.post_message(self.Failed(_internal(exc)))
            return
        try:
            with store.read() as session:
                desk = is_desk(session)
            # a screenful now; the dashboard reads the rest once it is painted. A desk
            # keeps no cases, and opens on its own screens (docs/architecture.md §11).
            dashboard = None if desk else load_dashboard(store, limit=FIRST_PAINT_ROWS,
                                                         now=self.workspace.now())
        except Exception as exc:
            store.close()
            self.post_message(self.Failed(_internal(exc)))
            return
        self.post_message(DeskUnlocked(store) if dashboard is None
                          else StoreUnlocked(store, dashboard))

    def on_unlock_form_failed(self, message: Failed) -> None:
        self.unlocking = False
        if isinstance(self.app, HoldsEarlyKeys):
            self.app.forget_held_keys()  # not typed into the passphrase field
        field = self.query_one("#passphrase", Input)
        field.disabled = False
        field.value = ""
        field.focus()
        self.show_status(_("{reason} Try again.").format(reason=message.reason), error=True)

    def show_status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(text)
        status.set_class(error, "-error")


def _internal(exc: Exception) -> str:
    # Only the kind of failure: the message of an unexpected error could quote case data.
    return _("The store could not be opened (internal error: {kind}).").format(
        kind=type(exc).__name__)


def unlocking(screen) -> bool:
    """Whether the passphrase form on `screen` is opening the store: its `preparing`."""
    return any(form.unlocking for form in screen.query(UnlockForm))


class LockScreen(ModalScreen):
    """Covers everything while the app is locked; drafts underneath are kept."""

    DEFAULT_CSS = "LockScreen { align: center middle; background: $background; }"

    @property
    def preparing(self) -> bool:
        return unlocking(self)

    def __init__(self, workspace: Workspace, reason: str) -> None:
        super().__init__()
        self.workspace = workspace
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Center():
            yield UnlockForm(self.workspace, locked_prompt(self.reason))
        yield KeyFooter()


def locked_notice(reason: str) -> str:
    """The note shown once the app has started again after locking, by the same reasons
    as `locked_prompt`."""
    if reason == "on request":
        return _("Caseworker locked on request.")
    if reason == "after the computer slept":
        return _("Caseworker locked after the computer slept.")
    idle = re.fullmatch(r"after (\d+) idle minutes", reason)
    if idle:
        minutes = int(idle.group(1))
        return ngettext("Caseworker locked after {n} idle minute.",
                        "Caseworker locked after {n} idle minutes.", minutes).format(n=minutes)
    return _("Caseworker locked {reason}.").format(reason=reason)


def locked_prompt(reason: str) -> str:
    """The lock screen's first line. The app names why it locked in English words
    (caseworker/app.py); each reason it gives has its own whole sentence here."""
    if reason == "on request":
        return _("Locked on request. Enter your passphrase.")
    if reason == "after the computer slept":
        return _("Locked after the computer slept. Enter your passphrase.")
    idle = re.fullmatch(r"after (\d+) idle minutes", reason)
    if idle:
        minutes = int(idle.group(1))
        return ngettext("Locked after {n} idle minute. Enter your passphrase.",
                        "Locked after {n} idle minutes. Enter your passphrase.",
                        minutes).format(n=minutes)
    return _("Locked {reason}. Enter your passphrase.").format(reason=reason)
