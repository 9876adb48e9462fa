"""Where the inbox's work reads or writes: the folder of sealed intakes to import and the
file the acknowledgement goes to, each asked in a small dialog and checked there, so
that a mistyped path is one sentence naming the field and no work starts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from caseworker.core.i18n import N_, _
from screens.base.footer import KeyFooter
from screens.base.modals import DIALOG_CSS
from screens.widgets.form import TextField

# What the typed text is checked with: the path, or None and why not (one sentence).
Check = Callable[[str], tuple[Path | None, str]]


def intake_folder(typed: str) -> tuple[Path | None, str]:
    """The folder to import sealed intakes from, or why it cannot be."""
    words = typed.strip()
    if not words:
        return None, _("Folder: type the folder the desk's outbox was copied to.")
    path = Path(words).expanduser()
    if not path.exists():
        return None, _("Folder: there is no folder {path}.").format(path=words)
    if not path.is_dir():
        return None, _("Folder: {path} is a file; give the folder that holds the "
                       "intakes.").format(path=words)
    return path, ""


def acknowledgement_file(typed: str) -> tuple[Path | None, str]:
    """The file to write the acknowledgement to, or why it cannot be."""
    words = typed.strip()
    if not words:
        return None, _("File: type where to write the acknowledgement.")
    path = Path(words).expanduser()
    if path.is_dir():
        return None, _("File: {path} is a folder; add a file name at its end.").format(
            path=words)
    if not path.absolute().parent.is_dir():
        return None, _("File: there is no folder {path}.").format(
            path=str(path.absolute().parent))
    return path, ""


class PathModal(ModalScreen[Path | None]):
    """One path field; dismisses with the path once `check` accepts it, None on Esc."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PathModal")
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="path.cancel")]

    def __init__(self, question: str, check: Check, value: str = "",
                 placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.check = check
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, classes="question")
            # not selected on focus: a letter typed there adds to the path
            yield TextField(self.value, placeholder=self.placeholder, id="path")
            yield Static("", id="problem", classes="problem")
            yield Static(_("Enter: go on    Esc: cancel"), classes="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path, problem = self.check(event.value)
        # a path is the person's own text: never markup
        self.query_one("#problem", Static).update(Text(problem))
        if path is not None:
            self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
