"""Importing a bundle in two steps: check it (decrypt, verify, and show what it would add
and change), then import. A bundle from someone not yet a contact shows their
fingerprint and offers to add them. Both steps run off the screen's thread; the import
shows a progress bar, since a whole office's cases take a few seconds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from caseworker.core.i18n import N_, _, ngettext
from caseworker.core.user_errors import AuthFailure, UserError
from caseworker.exchange.bundle_contents import apply_with_contents
from caseworker.exchange.bundle_import import (
    NeedsPassphrase,
    UnknownSender,
    open_bundle,
    plan_import,
    read_bundle_file,
)
from caseworker.exchange.bundle_summary import describe_plan
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.base.messages import ReportsFailedWork, WorkFailed
from screens.exchange.contact_form import AddContactModal
from screens.widgets.work_progress import WorkProgress

if TYPE_CHECKING:
    from caseworker.exchange.bundle_import import ImportPlan, OpenedBundle


class ImportScreen(ReportsFailedWork, Screen):
    BINDINGS = [
        Binding("ctrl+s,f2", "apply", N_("Import"), id="import.apply", priority=True),
        Binding("ctrl+t", "trust", N_("Add the sender as a contact"), id="import.trust",
                show=False),
        Binding("escape", "back", N_("Back"), id="import.back"),
    ]
    DEFAULT_CSS = """
    ImportScreen VerticalScroll { padding: 0 2; }
    ImportScreen Label { margin-top: 1; text-style: bold; }
    ImportScreen #passphrase { display: none; }
    ImportScreen #passphrase.-needed { display: block; }
    ImportScreen #problem { color: $error; }
    ImportScreen #preview { margin-top: 1; }
    """

    @dataclass
    class PassphraseNeeded(Message):
        reason: str

    @dataclass
    class SenderUnknown(Message):
        reason: str
        contact_key: str

    @dataclass
    class Refused(Message):
        problem: str

    @dataclass
    class Planned(Message):
        plan: ImportPlan

    @dataclass
    class Progressed(Message):
        done: int
        total: int
        what: str

    @dataclass
    class Imported(Message):
        plan: ImportPlan
        contents: int = 0  # files whose contents came beside the bundle

    def __init__(self, workspace: Workspace, path: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self.initial_path = path
        self.plan: ImportPlan | None = None
        self.checked_path: Path | None = None  # the bundle the plan is of
        self.unknown_key: str | None = None
        self.importing = False

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label(_("Bundle file (Enter checks it; nothing is written until you import)"))
            yield Input(self.initial_path, placeholder="/media/usb/caseworker-….cwb", id="path")
            yield Input(placeholder=_("The bundle's passphrase"), password=True, id="passphrase")
            yield Static("", id="problem")
            yield WorkProgress(id="progress")
            yield Static("", id="preview")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Import a bundle")
        self.query_one("#path", Input).focus()

    # -- checking ----------------------------------------------------------------------

    @on(Input.Submitted)
    def check(self) -> None:
        if self.importing:
            return
        self.plan, self.unknown_key = None, None
        self._show("", _("Checking…"))
        passphrase_input = self.query_one("#passphrase", Input)
        passphrase = passphrase_input.value if passphrase_input.has_class("-needed") else None
        self.checked_path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        self.check_bundle(self.checked_path, passphrase)

    @work(thread=True, exclusive=True, exit_on_error=False, group="bundle-check",
          description="check the bundle")
    def check_bundle(self, path: Path, passphrase: str | None) -> None:
        store = self.workspace.require_store()
        try:
            plan = plan_import(store, open_bundle(store, read_bundle_file(path), passphrase))
        except NeedsPassphrase as needed:
            self.post_message(self.PassphraseNeeded(str(needed)))
        except UnknownSender as unknown:
            self.post_message(self.SenderUnknown(str(unknown), unknown.contact_key))
        except (UserError, AuthFailure) as problem:
            self.post_message(self.Refused(str(problem)))
        else:
            self.post_message(self.Planned(plan))

    def on_import_screen_passphrase_needed(self, message: PassphraseNeeded) -> None:
        field = self.query_one("#passphrase", Input)
        field.add_class("-needed")
        field.focus()
        self._show(message.reason, "")

    def on_import_screen_sender_unknown(self, message: SenderUnknown) -> None:
        self.unknown_key = message.contact_key
        self._show(message.reason, _("ctrl+t: add the sender as a contact (after comparing "
                                     "the fingerprint with them), then the bundle is checked "
                                     "again."))

    def on_import_screen_refused(self, message: Refused) -> None:
        self._set_importing(False)
        self._show(message.problem, "")

    def on_import_screen_planned(self, message: Planned) -> None:
        self.plan = message.plan
        self._show("", "\n\n".join((describe_plan(message.plan),
                                      _("ctrl+s or F2: import it."))))

    def action_trust(self) -> None:
        if self.unknown_key is None or self.importing:
            return

        def added(yes: bool | None) -> None:
            if yes:
                self.check()

        self.app.push_screen(AddContactModal(
            self.workspace, self.unknown_key, _("Add the sender of this bundle as a contact")),
            added)

    # -- importing ---------------------------------------------------------------------

    def action_apply(self) -> None:
        if self.importing:
            return
        if self.plan is None:
            self.check()
            return
        self._set_importing(True)
        self._show("", _("Importing…"))
        self.import_bundle(self.plan.bundle, self.checked_path or Path())

    @work(thread=True, exclusive=True, exit_on_error=False, group="bundle-import",
          description="import the bundle")
    def import_bundle(self, bundle: OpenedBundle, path: Path) -> None:
        def progress(done: int, total: int, what: str) -> None:
            self.post_message(self.Progressed(done, total, what))

        try:
            # The contents of files beside it, if any, checked before anything is written.
            plan, contents = apply_with_contents(self.workspace.require_store(), path, bundle,
                                                 self.workspace.change_author(), progress)
        except (UserError, AuthFailure) as problem:
            self.post_message(self.Refused(str(problem)))
            return
        self.post_message(self.Imported(plan, contents))

    def on_import_screen_progressed(self, message: Progressed) -> None:
        if not self.importing:
            return  # a late report of an import already finished
        self.query_one("#progress", WorkProgress).report(message.done, message.total)
        self._show("", _("Importing: {what}…").format(what=message.what))

    def on_import_screen_imported(self, message: Imported) -> None:
        self._set_importing(False)
        self.plan = None
        conflicts = len(message.plan.conflicts)
        parts = [_("Imported."), " ", describe_plan(message.plan, applied=True)]
        if message.contents:
            parts += ["\n\n", ngettext("The contents of {n} file came with it.",
                                         "The contents of {n} files came with it.",
                                         message.contents).format(n=message.contents)]
        if conflicts:
            parts += ["\n\n", ngettext("{n} conflict waits in the inbox: Esc, then f.",
                                         "{n} conflicts wait in the inbox: Esc, then f.",
                                         conflicts).format(n=conflicts)]
        self._show("", "".join(parts))

    def on_work_failed(self, message: WorkFailed) -> None:
        # The app says what failed; nothing here may keep saying "Checking…" or
        # "Importing…", and ctrl+s must work again. The import was rolled back whole.
        self._set_importing(False)
        self._show("", "")

    def action_back(self) -> None:
        if self.importing:
            # Leaving would hide whether the import worked; it ends on its own.
            self.notify(_("The import is still running; it takes a few seconds."))
            return
        self.app.pop_screen()

    def _set_importing(self, running: bool) -> None:
        self.importing = running
        bar = self.query_one("#progress", WorkProgress)
        if running:
            bar.start()
        else:
            bar.finish()

    def _show(self, problem: str, preview: str) -> None:
        self.query_one("#problem", Static).update(Text(problem))
        self.query_one("#preview", Static).update(Text(preview))
