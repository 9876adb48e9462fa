"""The settings kept inside the encrypted store (caseworker/core/store_settings.py): idle
lock, the name changes are recorded under, the lock and wipe keys, the system clipboard."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from caseworker.core.i18n import N_, _
from caseworker.core.store_settings import SecuritySettings, check
from caseworker.core.user_errors import UserError
from screens.base.footer import TranslatedFooter
from screens.base.modals import DIALOG_CSS


class SettingsModal(ModalScreen[SecuritySettings | None]):
    """Dismisses with the settings to save, or None."""

    # At 80×24 the fields run past the dialog's height: it scrolls rather than cutting off
    # the wipe key and the clipboard choice.
    DEFAULT_CSS = DIALOG_CSS.format(name="SettingsModal") + """
    SettingsModal > Vertical { overflow-y: auto; }
    """
    BINDINGS = [Binding("ctrl+s,f2", "save", N_("Save"), id="settings.save"),
                Binding("escape", "cancel", N_("Cancel"), id="settings.cancel")]

    def __init__(self, current: SecuritySettings) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        now = self.current
        with Vertical():
            yield Static(_("Settings kept in the encrypted store"), classes="question")
            yield Label(_("Lock after this many idle minutes (1 to 240)"))
            yield Input(str(now.idle_lock_minutes), id="idle")
            yield Label(_("Your name in the change history"))
            yield Input(now.user, id="user")
            yield Label(_("Keys that lock (comma-separated; empty: ctrl+l,f12)"))
            yield Input(now.bindings.get("app.lock", ""), id="lock")
            yield Label(_("Keys that start the panic wipe (empty: f10)"))
            yield Input(now.bindings.get("app.wipe", ""), id="wipe")
            yield Checkbox(_("Copy to the system clipboard too (other programs can read it)"),
                           now.system_clipboard, id="clipboard")
            yield Static("", classes="problem", id="problem")
            yield Static(_("ctrl+s: save    Esc: cancel"), classes="hint")
        yield TranslatedFooter()

    def action_save(self) -> None:
        idle = self.query_one("#idle", Input).value.strip()
        bindings = {binding: value for binding, field in (("app.lock", "#lock"),
                                                          ("app.wipe", "#wipe"))
                    if (value := self.query_one(field, Input).value.strip())}
        try:
            if not idle.isdigit():
                raise UserError(_("idle lock minutes must be a whole number from 1 to 240."))
            chosen = SecuritySettings(int(idle), self.query_one("#user", Input).value.strip(),
                                      self.query_one("#clipboard", Checkbox).value, bindings)
            check(chosen)
        except UserError as exc:
            self.query_one("#problem", Static).update(str(exc))
            return
        self.dismiss(chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)
