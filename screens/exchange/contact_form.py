"""Adding a contact: their name and the contact key they gave, with its fingerprint to
compare by voice before it is saved."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Static

from caseworker.core.i18n import N_, _
from caseworker.core.user_errors import UserError
from caseworker.exchange.install_keys import add_contact, fingerprint, parse_contact_key
from caseworker.opening.workspace import Workspace
from screens.base.modals import DIALOG_CSS


class AddContactModal(ModalScreen[bool]):
    """A contact's name and the contact key they gave; the fingerprint is shown to compare
    by voice before it is saved."""

    DEFAULT_CSS = DIALOG_CSS.format(name="AddContactModal")
    BINDINGS = [
        Binding("ctrl+s,f2", "save", N_("Add"), id="contact.add", priority=True),
        Binding("escape", "cancel", N_("Cancel"), id="contact.cancel"),
    ]

    def __init__(self, workspace: Workspace, contact_key: str = "", note: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self.contact_key = contact_key
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.note or _("Add a contact"), classes="question")
            yield Static("", id="problem", classes="problem")
            yield Input(placeholder=_("Name, e.g. Almaty office"), id="name", max_length=60)
            yield Input(self.contact_key, placeholder=_("Their contact key: age1…:RW…"),
                        id="key")
            yield Static("", id="fingerprint")
            yield Checkbox(_("The office's escrow key: every bundle is also encrypted to it"),
                           id="escrow")
            yield Static(_("ctrl+s or F2: add    Esc: cancel"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self.show_fingerprint(self.contact_key)

    @on(Input.Changed, "#key")
    def key_changed(self, event: Input.Changed) -> None:
        self.show_fingerprint(event.value)

    def show_fingerprint(self, key: str) -> None:
        shown = self.query_one("#fingerprint", Static)
        try:
            shown.update(_("Fingerprint: {fingerprint} — compare it with them by "
                           "voice.").format(fingerprint=fingerprint(*parse_contact_key(key))))
        except UserError:
            shown.update("")

    def action_save(self) -> None:
        try:
            add_contact(self.workspace.require_store(), self.query_one("#name", Input).value,
                        self.query_one("#key", Input).value, self.workspace.change_author(),
                        self.query_one("#escrow", Checkbox).value)
        except UserError as problem:
            self.query_one("#problem", Static).update(str(problem))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
