"""Exchange: this install's keys to give to others (with a QR code of the contact key),
the contacts bundles go to and come from with any of their bundles that never arrived,
and the way to the export, import, conflict and inbox screens."""

from __future__ import annotations

import segno
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from caseworker.core.i18n import N_, _, ngettext
from caseworker.exchange.conflict_inbox import count_open
from caseworker.exchange.install_keys import (
    list_contacts,
    missing_bundles,
    missing_text,
    own_keys,
    remove_contact,
)
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.base.modals import ConfirmModal
from screens.base.reloading import ReloadsOnReturn
from screens.exchange.conflicts import ConflictsScreen
from screens.exchange.contact_form import AddContactModal
from screens.exchange.export_form import ExportScreen
from screens.exchange.import_preview import ImportScreen
from screens.exchange.inbox import InboxScreen
from screens.widgets.header import Header


class ExchangeScreen(ReloadsOnReturn, Screen):
    BINDINGS = [
        Binding("e", "export", N_("Export bundle"), id="exchange.export"),
        Binding("i", "import_bundle", N_("Import bundle"), id="exchange.import"),
        Binding("f", "conflicts", N_("Conflicts"), id="exchange.conflicts"),
        Binding("n", "inbox", N_("Inbox of intakes"), id="exchange.inbox"),
        Binding("a", "add_contact", N_("Add contact"), id="exchange.add"),
        Binding("delete", "remove_contact", N_("Remove contact"), id="exchange.remove"),
        Binding("q", "qr_code", N_("QR code"), id="exchange.qr"),
        Binding("escape", "app.pop_screen", N_("Back"), id="exchange.back"),
    ]
    DEFAULT_CSS = """
    ExchangeScreen #own { height: auto; padding: 1 2; border: round $primary; }
    ExchangeScreen #conflict-count { height: auto; padding: 0 2; }
    ExchangeScreen #conflict-count.-waiting { color: $warning; text-style: bold; }
    ExchangeScreen #missing { height: auto; padding: 0 2; color: $warning; }
    ExchangeScreen #qr { height: auto; padding: 0 2; display: none; }
    ExchangeScreen #qr.-shown { display: block; }
    ExchangeScreen DataTable { height: 1fr; margin: 0 1; }
    """

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="own")
        yield Static("", id="qr")
        yield Static("", id="conflict-count")
        yield Static("", id="missing")
        contacts: DataTable[str | Text] = DataTable(id="contacts", cursor_type="row",
                                                    zebra_stripes=True)
        contacts.add_columns(_("Contact"), _("Fingerprint"), _("Office escrow"), _("Added"),
                             _("Missing"))
        yield contacts
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Exchange")
        self.sub_title = _("keys, contacts and bundles")
        self.reload()

    def reload(self) -> None:
        with self.workspace.require_store().read() as session:
            keys = own_keys(session)
            contacts = list_contacts(session)
            waiting = count_open(session)
            missing = missing_bundles(session)
        self.query_one("#own", Static).update(Text.assemble(
            (_("This install's fingerprint:") + " ", "bold"), (keys.fingerprint, "bold reverse"),
            "  " + _("(read it to a contact, a group at a time, to compare; q: as a QR code)")
            + "\n" + _("Contact key to give others:") + "\n", keys.contact_key))
        self.query_one("#qr", Static).update(qr_text(keys.contact_key))
        self.query_one("#missing", Static).update(Text("\n".join(
            f"{c.name}: {missing_text(missing[c.fingerprint])}." for c in contacts
            if missing.get(c.fingerprint))))
        count = self.query_one("#conflict-count", Static)
        count.update(ngettext("{n} conflict from merged bundles waits to be settled (f).",
                              "{n} conflicts from merged bundles wait to be settled (f).",
                              waiting).format(n=waiting)
                     if waiting else _("No conflicts to settle."))
        count.set_class(bool(waiting), "-waiting")
        table = self.query_one("#contacts", DataTable)
        table.clear()
        for contact in contacts:
            gaps = missing.get(contact.fingerprint, [])
            table.add_row(Text(contact.name), contact.fingerprint,
                          _("yes") if contact.escrow else "",
                          contact.added_at.strftime("%Y-%m-%d"),
                          ", ".join(_("no. {n}").format(n=n) for n in gaps[:5]),
                          key=contact.name)

    def action_qr_code(self) -> None:
        self.query_one("#qr", Static).toggle_class("-shown")

    def action_export(self) -> None:
        self.app.push_screen(ExportScreen(self.workspace))

    def action_import_bundle(self) -> None:
        self.app.push_screen(ImportScreen(self.workspace))

    def action_conflicts(self) -> None:
        self.app.push_screen(ConflictsScreen(self.workspace))

    def action_inbox(self) -> None:
        self.app.push_screen(InboxScreen(self.workspace))

    def action_add_contact(self) -> None:
        self.app.push_screen(AddContactModal(self.workspace), lambda added: self.reload())

    def action_remove_contact(self) -> None:
        table = self.query_one("#contacts", DataTable)
        if not table.row_count:
            return
        name = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if not name:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                remove_contact(self.workspace.require_store(), name)
                self.reload()

        self.app.push_screen(ConfirmModal(_("Remove the contact {name}?").format(name=name),
                                          _("Bundles from them will be refused until they "
                                            "are added again.")), answered)


def qr_text(data: str) -> Text:
    """`data` as a QR code in half-block characters, two modules a line, dark on light
    whatever the terminal's colours (a phone's scanner wants dark modules)."""
    rows = [list(row) for row in segno.make(data, error="m").matrix_iter(scale=1, border=2)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))
    glyphs = {(1, 1): "█", (1, 0): "▀", (0, 1): "▄", (0, 0): " "}
    lines = ["".join(glyphs[(bool(top), bool(bottom))] for top, bottom in zip(upper, lower,
                                                                             strict=True))
             for upper, lower in zip(rows[::2], rows[1::2], strict=True)]
    return Text("\n".join(lines), style="black on white")
