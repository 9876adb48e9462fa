"""First run: choose a passphrase (twice, with a strength hint) and create the store."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static

from caseworker.cases.open_cases import load_dashboard
from caseworker.core.passphrase_strength import assess, generate_passphrase
from caseworker.opening.unlocking import create_store
from caseworker.opening.workspace import Workspace
from screens.base.messages import ReportsFailedWork, StoreUnlocked, WorkFailed
from storage.errors import StoreError

INTRO = (
    "Welcome. Caseworker keeps every case in an encrypted store on this computer.\n"
    "Choose a passphrase: six unrelated words are easy to type and hard to guess.\n"
    "Nobody can recover the cases if it is lost, so write it down somewhere safe."
)


class CreateStoreScreen(ReportsFailedWork, Screen):
    BINDINGS = [Binding("ctrl+g", "suggest", "Another suggestion", id="create.suggest")]
    DEFAULT_CSS = """
    CreateStoreScreen { align: center middle; }
    CreateStoreScreen #form { width: 80; height: auto; border: round $primary; padding: 1 2; }
    CreateStoreScreen #title { text-style: bold; color: $accent; }
    CreateStoreScreen Input { margin-bottom: 1; }
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

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="form"):
            yield Static("Create your case store", id="title")
            yield Static(INTRO)
            yield Static("", id="suggestion")
            yield Label("New passphrase")
            yield Input(password=True, id="first")
            yield Static("", id="strength")
            yield Label("The same passphrase again")
            yield Input(password=True, id="second")
            yield Static("Press Enter in the second field to create the store.", id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.action_suggest()
        self.query_one("#first", Input).focus()

    def action_suggest(self) -> None:
        """Six words drawn at random from the shipped list, to write down and type."""
        self.query_one("#suggestion", Static).update(
            f"A passphrase if you want one: [b]{generate_passphrase()}[/b]")

    def _extra_words(self) -> tuple[str, ...]:
        config = self.workspace.config
        return tuple(w for w in (config.user, config.organisation) if w)

    @on(Input.Changed, "#first")
    def show_strength(self, event: Input.Changed) -> None:
        hint = self.query_one("#strength", Static)
        if not event.value:
            hint.update("")
            return
        strength = assess(event.value, extra_words=self._extra_words())
        hint.update(f"Strength: {strength.label}. {strength.hint}")
        hint.set_class(not strength.acceptable, "-weak")

    @on(Input.Submitted, "#first")
    def next_field(self) -> None:
        self.query_one("#second", Input).focus()

    @on(Input.Submitted, "#second")
    def create(self) -> None:
        first = self.query_one("#first", Input).value
        second = self.query_one("#second", Input).value
        strength = assess(first, extra_words=self._extra_words())
        if not strength.acceptable:
            self._error(f"That passphrase is too easy to guess. {strength.hint}", "#first")
        elif first != second:
            self._error("The two passphrases differ; type the second one again.", "#second")
        else:
            self._passphrase = first
            for field in self.query(Input):
                field.disabled = True
            self._status("Creating the encrypted store...")
            self.create_store()

    @work(thread=True, exclusive=True, exit_on_error=False, group="unlock",
          description="create the store")
    def create_store(self) -> None:
        passphrase, self._passphrase = self._passphrase, ""
        try:
            store = create_store(self.workspace.data_dir, passphrase, self.workspace.kdf_params)
        except (StoreError, OSError) as exc:
            self.post_message(self.Failed(str(exc) if isinstance(exc, StoreError)
                                          else "The data folder cannot be written."))
            return
        self.post_message(StoreUnlocked(store, load_dashboard(store, now=self.workspace.now())))

    def on_create_store_screen_failed(self, message: Failed) -> None:
        for field in self.query(Input):
            field.disabled = False
        self._error(message.reason, "#first")

    def on_work_failed(self, message: WorkFailed) -> None:
        # The app says what failed; the form must not stay disabled, saying "Creating...".
        for field in self.query(Input):
            field.disabled = False
        self._status("")
        self.query_one("#first", Input).focus()

    def _error(self, text: str, focus: str) -> None:
        self._status(text, error=True)
        field = self.query_one(focus, Input)
        field.value = ""
        field.focus()

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(text)
        status.set_class(error, "-error")
