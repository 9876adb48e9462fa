"""First run: who is working here, a passphrase (twice, with a strength hint), and the
store is created."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from caseworker.cases.open_cases import load_dashboard
from caseworker.core.config import MAX_USER_NAME
from caseworker.core.i18n import LANGUAGE_VARIABLE, N_, _
from caseworker.core.passphrase_strength import assess, generate_passphrase
from caseworker.core.user_errors import UserError
from caseworker.opening.unlocking import create_desk_store, create_store
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.base.messages import DeskUnlocked, ReportsFailedWork, StoreUnlocked, WorkFailed
from screens.shell.desk_setup import DeskChoice, DeskSetup, FieldProblem
from screens.shell.language_choice import ask_language
from screens.widgets.form import TextField
from storage.errors import StoreError

INTRO = N_(
    "Welcome. Caseworker keeps every case in an encrypted store on this computer, and "
    "writes your name beside every change you make.\n"
    "Choose a passphrase: six unrelated words are easy to type and hard to guess.\n"
    "Nobody can recover the cases if it is lost, so write it down somewhere safe."
)
FIELDS = ("#name", "#first", "#second")


class CreateStoreScreen(ReportsFailedWork, Screen):
    BINDINGS = [Binding("ctrl+g", "suggest", N_("Another suggestion"), id="create.suggest")]
    DEFAULT_CSS = """
    CreateStoreScreen { align: center middle; }
    CreateStoreScreen #form { width: 80; max-width: 100%; height: auto; max-height: 100%;
                              border: round $primary; padding: 0 1; }
    CreateStoreScreen #title { text-style: bold; color: $accent; }
    CreateStoreScreen #intro { margin-bottom: 1; }
    CreateStoreScreen Label { margin-top: 1; }
    CreateStoreScreen #strength { color: $text-muted; height: auto; }
    CreateStoreScreen #suggestion { height: auto; }
    CreateStoreScreen #strength.-weak { color: $warning; }
    CreateStoreScreen #status { height: auto; margin-top: 1; }
    CreateStoreScreen #status.-error { color: $error; }
    """

    @dataclass
    class Failed(Message):
        reason: str

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self._passphrase = ""
        self._desk: DeskChoice | None = None  # set up as an intake desk, when chosen
        self.creating = False

    @property
    def preparing(self) -> bool:
        """Keys typed while the store is being created wait for the dashboard."""
        return self.creating

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form"):
            yield Static(_("Create your case store"), id="title")
            yield Static(_(INTRO), id="intro")
            yield Label(_("Your name (recorded with every change you make)"))
            yield TextField(id="name", max_length=MAX_USER_NAME, compact=True,
                            placeholder=_("e.g. Aigerim Sadykova"))
            yield Static("", id="suggestion")
            yield Label(_("New passphrase"))
            yield TextField(password=True, id="first", compact=True)
            yield Static("", id="strength")
            yield Label(_("The same passphrase again"))
            yield TextField(password=True, id="second", compact=True)
            yield DeskSetup()
            yield Static(_("Tab moves to the next field; Enter in the last one creates the "
                           "store."), id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._ready()
        # Nothing has chosen a language yet (config.toml, CASEWORKER_LANG): the first screen
        # asks, in all three, and is drawn again in the one chosen.
        if not self.workspace.config.language and not os.environ.get(LANGUAGE_VARIABLE):
            ask_language(self.app, self.workspace, then=self._in_chosen_language,
                         first_run=True)

    def _ready(self) -> None:
        self.action_suggest()
        self.query_one("#name", Input).focus()

    async def _in_chosen_language(self) -> None:
        await self.recompose()
        self._ready()

    def action_suggest(self) -> None:
        """Six words drawn at random from the shipped list, to write down and type."""
        self.query_one("#suggestion", Static).update(
            _("A passphrase if you want one: [b]{words}[/b]").format(
                words=generate_passphrase()))

    def _extra_words(self) -> tuple[str, ...]:
        config = self.workspace.config
        typed = self.query_one("#name", Input).value.strip()  # the name is guessable too
        return tuple(w for w in (typed, config.user, config.organisation) if w)

    @on(Input.Changed, "#first")
    def show_strength(self, event: Input.Changed) -> None:
        hint = self.query_one("#strength", Static)
        if not event.value:
            hint.update("")
            return
        strength = assess(event.value, extra_words=self._extra_words())
        hint.update(_("Strength: {label}. {hint}").format(label=strength.label,
                                                         hint=strength.hint))
        hint.set_class(not strength.acceptable, "-weak")

    @on(Input.Submitted, "#name")
    @on(Input.Submitted, "#first")
    def next_field(self, event: Input.Submitted) -> None:
        following = FIELDS[FIELDS.index(f"#{event.input.id}") + 1]
        self.query_one(following, Input).focus()

    @on(Input.Submitted, "#second")
    @on(Input.Submitted, "#outbox")
    def create(self) -> None:
        name = " ".join(self.query_one("#name", Input).value.split())
        first = self.query_one("#first", Input).value
        second = self.query_one("#second", Input).value
        strength = assess(first, extra_words=self._extra_words())
        if not name:
            self._error(_("Type your name first: it is recorded with every change."), "#name",
                        keep=True)
        elif not strength.acceptable:
            self._error(_("That passphrase is too easy to guess. {hint}").format(
                hint=strength.hint), "#first")
        elif first != second:
            self._error(_("The two passphrases differ; type the second one again."),
                        "#second")
        else:
            try:
                self._desk = self.query_one(DeskSetup).choice()
            except FieldProblem as problem:
                self._error(str(problem), f"#{problem.field}", keep=True)
                return
            self._passphrase = first
            self.workspace.config = replace(self.workspace.config, user=name)
            for field in self.query("Input, Checkbox"):
                field.disabled = True
            self.creating = True
            self._status(_("Creating the encrypted store..."))
            self.create_store()

    @work(thread=True, exclusive=True, exit_on_error=False, group="unlock",
          description="create the store")
    def create_store(self) -> None:
        passphrase, self._passphrase = self._passphrase, ""
        try:
            # the name typed goes into the store with its settings when the app takes
            # it (workspace.config, set above; caseworker/core/store_settings.py)
            if self._desk is None:
                store = create_store(self.workspace.data_dir, passphrase,
                                     self.workspace.kdf_params)
            else:  # set up as a desk, or no store at all
                store = create_desk_store(self.workspace.data_dir, passphrase,
                                          self._desk.office_key, self._desk.outbox,
                                          self.workspace.change_author(),
                                          params=self.workspace.kdf_params)
                self.post_message(DeskUnlocked(store))
                return
        except (StoreError, UserError, OSError) as exc:
            self.post_message(self.Failed(str(exc) if isinstance(exc, StoreError | UserError)
                                          else _("The data folder cannot be written.")))
            return
        self.post_message(StoreUnlocked(store, load_dashboard(store, now=self.workspace.now())))

    def on_create_store_screen_failed(self, message: Failed) -> None:
        self._usable()
        self._error(message.reason, "#first")

    def on_work_failed(self, message: WorkFailed) -> None:
        # The app says what failed; the form must not stay disabled, saying "Creating...".
        self._usable()
        self._status("")
        self.query_one("#first", Input).focus()

    def _usable(self) -> None:
        self.creating = False
        for field in self.query("Input, Checkbox"):
            field.disabled = False

    def _error(self, text: str, focus: str, keep: bool = False) -> None:
        self._status(text, error=True)
        field = self.query_one(focus, Input)
        if not keep:
            field.value = ""
        field.focus()

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(text)
        status.set_class(error, "-error")
