"""The first run's choice to set this computer up as the office's intake desk: a box to
tick, and then the office's contact key and the outbox folder (docs/architecture.md §11).
The same as `caseworker init --desk --office KEY --outbox DIR`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Label

from caseworker.core.i18n import _
from caseworker.core.user_errors import UserError
from caseworker.exchange.install_keys import parse_contact_key
from screens.widgets.form import TextField


@dataclass(frozen=True)
class DeskChoice:
    office_key: str
    outbox: Path


class FieldProblem(UserError):
    """A sentence about one of the desk's fields, and which (its widget id)."""

    def __init__(self, field: str, sentence: str) -> None:
        super().__init__(sentence)
        self.field = field


class DeskSetup(Vertical):
    DEFAULT_CSS = """
    DeskSetup { height: auto; margin-top: 1; }
    DeskSetup #desk-fields { display: none; height: auto; }
    DeskSetup.-desk #desk-fields { display: block; }
    """

    def compose(self) -> ComposeResult:
        yield Checkbox(_("This computer is the office's intake desk"), id="desk",
                       compact=True)
        with Vertical(id="desk-fields"):
            yield Label(_("Volunteers take cases here; each is sealed for the office at once "
                          "and nothing readable stays. Office contact key (on the office's "
                          "Exchange screen)"))
            yield TextField(id="office-key", compact=True, placeholder="AGE1…:RW…")
            yield Label(_("Outbox folder: where sealed intakes are written (a USB stick)"))
            yield TextField(id="outbox", compact=True,
                            placeholder=_("e.g. E:\\intakes or /media/usb/intakes"))

    @on(Checkbox.Changed, "#desk")
    def shown(self, event: Checkbox.Changed) -> None:
        self.set_class(event.value, "-desk")

    @on(Input.Submitted, "#office-key")
    def to_outbox(self) -> None:
        self.query_one("#outbox", Input).focus()

    def choice(self) -> DeskChoice | None:
        """The desk to set up, None for an ordinary install, or FieldProblem."""
        if not self.query_one("#desk", Checkbox).value:
            return None
        key = self.query_one("#office-key", Input).value.strip()
        folder = self.query_one("#outbox", Input).value.strip()
        if not key:
            raise FieldProblem("office-key", _("Office contact key: paste the key the office "
                                               "shows on its Exchange screen."))
        try:
            parse_contact_key(key)
        except UserError as exc:
            raise FieldProblem("office-key", _("Office contact key: {problem}").format(
                problem=exc)) from None
        if not folder:
            raise FieldProblem("outbox", _("Outbox folder: type the folder sealed intakes "
                                           "are written to."))
        outbox = Path(folder).expanduser().absolute()
        if not outbox.is_dir():
            raise FieldProblem("outbox", _("Outbox folder: there is no folder {path}.").format(
                path=outbox))
        return DeskChoice(key, outbox)
