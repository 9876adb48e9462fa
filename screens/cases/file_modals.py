"""The dialogs of a case's Files tab: which file to keep on the case, and where to write a
copy of one. Each checks what it can at once, so a mistyped path stays to be corrected."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Static

from caseworker.core.i18n import N_, _
from caseworker.core.user_errors import UserError
from caseworker.evidence.attaching import check_path
from screens.base.footer import KeyFooter
from screens.base.modals import DIALOG_CSS
from screens.widgets.form import TextField
from screens.widgets.path_input import PathSuggester, chosen_path

MAX_NOTE = 2000


class AttachFileModal(ModalScreen[tuple[Path, str] | None]):
    """Dismisses with the file's path and a note, or None."""

    DEFAULT_CSS = DIALOG_CSS.format(name="AttachFileModal")
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="attach_file.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Keep a file on this case: a photo, a scan, a recording."),
                         classes="question")
            yield Static(_("Caseworker keeps a sealed copy in its store. The original stays "
                           "where it is: delete it afterwards if it should not stay on "
                           "this computer."))
            yield Static(_("File"))
            yield TextField(placeholder="~/Downloads/passport.jpg", id="file-path",
                            suggester=PathSuggester(), max_length=4096)
            yield Static(_("Note (what it shows, who gave it)"))
            yield TextField(id="file-note", max_length=MAX_NOTE)
            yield Static("", id="file-problem", classes="problem")
            yield Static(_("→: complete the name    Enter: keep it    Esc: cancel"),
                         classes="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#file-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = chosen_path(self.query_one("#file-path", Input).value)
        try:
            check_path(path)
        except UserError as problem:
            self.query_one("#file-problem", Static).update(str(problem))
            self.query_one("#file-path", Input).focus()
            return
        self.dismiss((path, self.query_one("#file-note", Input).value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)


class SpaceTicks(Checkbox, inherit_bindings=False):
    """A box Space ticks, leaving Enter to the dialog: Enter saves wherever the cursor
    is, as a volunteer expects after ticking."""

    BINDINGS = [Binding("space", "toggle_button", show=False)]


class ExportFileModal(ModalScreen[tuple[Path, bool] | None]):
    """Where to write a copy of a file, and whether its metadata is to be taken out (for
    a photo or PDF): dismisses with a path that does not exist yet and that choice."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ExportFileModal")
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="export_file.cancel"),
                # the path field submits on its own; this is Enter on the box below it
                Binding("enter", "save", N_("Save"), show=False, id="export_file.save")]

    def __init__(self, suggested: Path, cleanable: bool = False) -> None:
        super().__init__()
        self.suggested = suggested
        self.cleanable = cleanable

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Save a copy of the file"), classes="question")
            yield Static(_("The copy is outside the encrypted store: anyone with this "
                           "computer can open it. Delete it when it has served."))
            yield TextField(value=str(self.suggested), id="export-path",
                            suggester=PathSuggester(), max_length=4096)
            yield Static("", id="export-problem", classes="problem")
            if self.cleanable:
                yield SpaceTicks(_("A copy to publish: without GPS, phone, author, dates"),
                                 id="export-clean")
                yield Static(_("→: complete the name    Tab, Space: remove the metadata    "
                               "Enter: save    Esc: cancel"), classes="hint")
            else:
                yield Static(_("→: complete the name    Enter: save    Esc: cancel"),
                             classes="hint")
        yield KeyFooter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        given = self.query_one("#export-path", TextField).value
        path = chosen_path(given)
        problem = (_("Give the new file's name.") if not given.strip() else
                   _("That file exists already; give a new name.") if path.exists() else
                   _("That folder does not exist.") if not path.parent.is_dir() else "")
        if problem:
            self.query_one("#export-problem", Static).update(problem)
            return
        clean = self.cleanable and self.query_one("#export-clean", Checkbox).value
        self.dismiss((path, clean))

    def action_cancel(self) -> None:
        self.dismiss(None)
