"""A sealed intake's receipt, large enough to read out across the desk: its number and
the reference the visitor keeps to ask the office about it. Nothing else of the intake
is shown: nothing else is left."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Digits, Static

from caseworker.core.i18n import N_, _
from screens.base.footer import KeyFooter
from screens.base.modals import DIALOG_CSS
from screens.desk.desk_help import AtTheDesk

TOLD = N_("Write this reference down for the visitor: the office asks for it when they "
        "call. Only this receipt stays on this computer.")


def spaced(reference: str) -> str:
    """K7QM-3RXT as "K 7 Q M   3 R X T": each letter on its own, to be read out."""
    return "   ".join(" ".join(group) for group in reference.split("-"))


class ReceiptModal(AtTheDesk, ModalScreen[None]):
    DEFAULT_CSS = DIALOG_CSS.format(name="ReceiptModal") + """
    ReceiptModal > Vertical { width: 64; }
    ReceiptModal .label { color: $text-muted; }
    ReceiptModal #receipt-number { width: auto; margin-bottom: 1; }
    ReceiptModal #receipt-reference { text-style: bold; color: $text; background: $boost;
                                      border: round $accent; padding: 0 2; width: 100%;
                                      content-align: center middle; margin-bottom: 1; }
    """
    BINDINGS = [Binding("enter,escape", "next", N_("Next visitor"), id="receipt.next")]

    def __init__(self, number: int, reference: str) -> None:
        super().__init__()
        self.number = number
        self.reference = reference

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Sealed for the office"), classes="question")
            yield Static(_("Intake number"), classes="label")
            yield Digits(str(self.number), id="receipt-number")
            yield Static(_("Reference for the visitor"), classes="label")
            yield Static(spaced(self.reference), id="receipt-reference")
            yield Static(_(TOLD))
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Receipt {number}").format(number=self.number)

    def action_next(self) -> None:
        self.dismiss(None)
