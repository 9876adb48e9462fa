"""Exchange: this install's keys to give to others, the contacts bundles go to and come
from, and the way to the export, import and conflict screens."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Checkbox, DataTable, Footer, Input, Static

from caseworker.errors import UserError
from caseworker.workspace import Workspace
from screens.modals import DIALOG_CSS, ConfirmModal
from screens.reloading import ReloadsOnReturn
from screens.widgets.header import Header


class ExchangeScreen(ReloadsOnReturn, Screen):
    BINDINGS = [
        Binding("e", "export", "Export bundle", id="exchange.export"),
        Binding("i", "import_bundle", "Import bundle", id="exchange.import"),
        Binding("f", "conflicts", "Conflicts", id="exchange.conflicts"),
        Binding("a", "add_contact", "Add contact", id="exchange.add"),
        Binding("delete", "remove_contact", "Remove contact", id="exchange.remove"),
        Binding("escape", "app.pop_screen", "Back", id="exchange.back"),
    ]
    DEFAULT_CSS = """
    ExchangeScreen #own { height: auto; padding: 1 2; border: round $primary; }
    ExchangeScreen #conflict-count { height: auto; padding: 0 2; }
    ExchangeScreen #conflict-count.-waiting { color: $warning; text-style: bold; }
    ExchangeScreen DataTable { height: 1fr; margin: 0 1; }
    """

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="own")
        yield Static("", id="conflict-count")
        contacts = DataTable(id="contacts", cursor_type="row", zebra_stripes=True)
        contacts.add_columns("Contact", "Fingerprint", "Office escrow", "Added")
        yield contacts
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Exchange"
        self.sub_title = "keys, contacts and bundles"
        self.reload()

    def reload(self) -> None:
        from caseworker.conflict_inbox import count_open
        from caseworker.install_keys import list_contacts, own_keys

        with self.workspace.require_store().read() as session:
            keys = own_keys(session)
            contacts = list_contacts(session)
            waiting = count_open(session)
        self.query_one("#own", Static).update(Text.assemble(
            ("This install's fingerprint: ", "bold"), (keys.fingerprint, "bold reverse"),
            "  (read it to a contact to compare)\nContact key to give others:\n",
            keys.contact_key))
        count = self.query_one("#conflict-count", Static)
        count.update(f"{waiting} conflict(s) from merged bundles wait to be settled (f)."
                     if waiting else "No conflicts to settle.")
        count.set_class(bool(waiting), "-waiting")
        table = self.query_one("#contacts", DataTable)
        table.clear()
        for contact in contacts:
            table.add_row(Text(contact.name), contact.fingerprint,
                          "yes" if contact.escrow else "",
                          contact.added_at.strftime("%Y-%m-%d"), key=contact.name)

    def action_export(self) -> None:
        from screens.bundle_export import ExportScreen

        self.app.push_screen(ExportScreen(self.workspace))

    def action_import_bundle(self) -> None:
        from screens.bundle_import import ImportScreen

        self.app.push_screen(ImportScreen(self.workspace))

    def action_conflicts(self) -> None:
        from screens.conflicts import ConflictsScreen

        self.app.push_screen(ConflictsScreen(self.workspace))

    def action_add_contact(self) -> None:
        self.app.push_screen(AddContactModal(self.workspace), lambda added: self.reload())

    def action_remove_contact(self) -> None:
        table = self.query_one("#contacts", DataTable)
        if not table.row_count:
            return
        name = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

        def answered(yes: bool | None) -> None:
            if yes:
                from caseworker.install_keys import remove_contact

                remove_contact(self.workspace.require_store(), name)
                self.reload()

        self.app.push_screen(ConfirmModal(f"Remove the contact {name}?",
                                          "Bundles from them will be refused until they are "
                                          "added again."), answered)


class AddContactModal(ModalScreen[bool]):
    """A contact's name and the contact key they gave; the fingerprint is shown to compare
    by voice before it is saved."""

    DEFAULT_CSS = DIALOG_CSS.format(name="AddContactModal")
    BINDINGS = [
        Binding("ctrl+s,f2", "save", "Add", id="contact.add", priority=True),
        Binding("escape", "cancel", "Cancel", id="contact.cancel"),
    ]

    def __init__(self, workspace: Workspace, contact_key: str = "", note: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self.contact_key = contact_key
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.note or "Add a contact", classes="question")
            yield Static("", id="problem", classes="problem")
            yield Input(placeholder="Name, e.g. Almaty office", id="name", max_length=60)
            yield Input(self.contact_key, placeholder="Their contact key: age1…:RW…",
                        id="key")
            yield Static("", id="fingerprint")
            yield Checkbox("The office's escrow key: every bundle is also encrypted to it",
                           id="escrow")
            yield Static("ctrl+s or F2: add    Esc: cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self.show_fingerprint(self.contact_key)

    @on(Input.Changed, "#key")
    def key_changed(self, event: Input.Changed) -> None:
        self.show_fingerprint(event.value)

    def show_fingerprint(self, key: str) -> None:
        from caseworker.install_keys import fingerprint, parse_contact_key

        shown = self.query_one("#fingerprint", Static)
        try:
            shown.update(f"Fingerprint: {fingerprint(*parse_contact_key(key))} — compare it "
                         "with them by voice.")
        except UserError:
            shown.update("")

    def action_save(self) -> None:
        from caseworker.install_keys import add_contact

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
