"""Importing a bundle in two steps: check it (decrypt, verify, and show what it would add
and change), then import. A bundle from someone not yet a contact shows their
fingerprint and offers to add them."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static

from caseworker.core.user_errors import AuthFailure, UserError
from caseworker.exchange.bundle_import import (
    NeedsPassphrase,
    UnknownSender,
    apply_bundle,
    open_bundle,
    plan_import,
    read_bundle_file,
)
from caseworker.exchange.bundle_summary import describe_plan
from caseworker.opening.workspace import Workspace
from screens.exchange.contact_form import AddContactModal


class ImportScreen(Screen):
    BINDINGS = [
        Binding("ctrl+s,f2", "apply", "Import", id="import.apply", priority=True),
        Binding("ctrl+t", "trust", "Add the sender as a contact", id="import.trust",
                show=False),
        Binding("escape", "app.pop_screen", "Back", id="import.back"),
    ]
    DEFAULT_CSS = """
    ImportScreen VerticalScroll { padding: 0 2; }
    ImportScreen Label { margin-top: 1; text-style: bold; }
    ImportScreen #passphrase { display: none; }
    ImportScreen #passphrase.-needed { display: block; }
    ImportScreen #problem { color: $error; }
    ImportScreen #preview { margin-top: 1; }
    """

    def __init__(self, workspace: Workspace, path: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self.initial_path = path
        self.plan = None
        self.unknown_key: str | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label("Bundle file (Enter checks it; nothing is written until you import)")
            yield Input(self.initial_path, placeholder="/media/usb/caseworker-….cwb", id="path")
            yield Input(placeholder="The bundle's passphrase", password=True, id="passphrase")
            yield Static("", id="problem")
            yield Static("", id="preview")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Import a bundle"
        self.query_one("#path", Input).focus()

    @on(Input.Submitted)
    def check(self) -> None:
        self.plan, self.unknown_key = None, None
        self._show("", "Checking…")
        passphrase_input = self.query_one("#passphrase", Input)
        passphrase = passphrase_input.value if passphrase_input.has_class("-needed") else None
        self.check_bundle(Path(self.query_one("#path", Input).value.strip()).expanduser(),
                          passphrase)

    @work(thread=True, exclusive=True)
    def check_bundle(self, path: Path, passphrase: str | None) -> None:
        store = self.workspace.require_store()
        try:
            plan = plan_import(store, open_bundle(store, read_bundle_file(path), passphrase))
        except NeedsPassphrase as needed:
            self.app.call_from_thread(self._ask_passphrase, str(needed))
        except UnknownSender as unknown:
            self.app.call_from_thread(self._unknown, unknown)
        except (UserError, AuthFailure) as problem:
            self.app.call_from_thread(self._show, str(problem), "")
        else:
            self.app.call_from_thread(self._planned, plan)

    def _ask_passphrase(self, message: str) -> None:
        field = self.query_one("#passphrase", Input)
        field.add_class("-needed")
        field.focus()
        self._show(message, "")

    def _unknown(self, unknown) -> None:
        self.unknown_key = unknown.contact_key
        self._show(str(unknown), "ctrl+t: add the sender as a contact (after comparing the "
                   "fingerprint with them), then the bundle is checked again.")

    def _planned(self, plan) -> None:
        self.plan = plan

        self._show("", describe_plan(plan) + "\n\nctrl+s or F2: import it.")

    def _show(self, problem: str, preview: str) -> None:
        self.query_one("#problem", Static).update(Text(problem))
        self.query_one("#preview", Static).update(Text(preview))

    def action_trust(self) -> None:
        if self.unknown_key is None:
            return

        def added(yes: bool | None) -> None:
            if yes:
                self.check()

        self.app.push_screen(AddContactModal(
            self.workspace, self.unknown_key, "Add the sender of this bundle as a contact"),
            added)

    def action_apply(self) -> None:
        if self.plan is None:
            self.check()
            return

        try:
            plan = apply_bundle(self.workspace.require_store(), self.plan.bundle,
                                self.workspace.change_author())
        except (UserError, AuthFailure) as problem:
            self._show(str(problem), "")
            return

        self.plan = None
        conflicts = len(plan.conflicts)
        self._show("", "Imported. " + describe_plan(plan, applied=True) + (
            f"\n\n{conflicts} conflict(s) wait in the inbox: Esc, then f."
            if conflicts else ""))

