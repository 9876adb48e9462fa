"""The intake form on a desk: the same form and checks as anywhere, but saving seals the
intake for the office (caseworker/desk/sealing.py) instead of writing a case, shows its
receipt, and leaves an empty form for the next visitor.

What is being typed lives only in the form's widgets, in memory: no draft is written
anywhere, so nothing of it is left to remove once it is sealed (docs/architecture.md §11).
Nobody on file is looked for either: a desk has no cases to compare with."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.message import Message

from caseworker.core.i18n import _
from caseworker.desk.desk_session import Sitting
from caseworker.desk.sealing import seal_intake
from caseworker.opening.workspace import Workspace
from screens.base.held_keys import HoldsEarlyKeys
from screens.base.messages import failure_text
from screens.cases.intake import IntakeScreen
from screens.desk.desk_help import AtTheDesk
from screens.desk.receipt_display import ReceiptModal


class DeskIntakeScreen(AtTheDesk, IntakeScreen):
    @dataclass
    class Sealed(Message):
        number: int
        reference: str
        warnings: tuple[str, ...]

    def __init__(self, workspace: Workspace, sitting: Sitting) -> None:
        super().__init__(workspace)
        self.sitting = sitting

    def on_mount(self) -> None:
        super().on_mount()
        self.title = _("New intake at the desk")
        self.sub_title = _("{volunteer}: ctrl+s or F2 seals it for the office").format(
            volunteer=self.sitting.volunteer)

    def save_checked(self) -> None:
        self.seal(self.sitting.volunteer)

    @work(thread=True, exclusive=True, exit_on_error=False, group="intake",
          description="seal the intake")
    def seal(self, volunteer: str) -> None:
        try:
            sealed = seal_intake(self.workspace.require_store(), self._saving_draft(),
                                 volunteer, self.workspace.change_author(),
                                 self.workspace.config.default_zone)
        except Exception as exc:  # the form keeps everything; say what happened
            self.post_message(self.Failed(failure_text(exc)))
            return
        self.post_message(self.Sealed(sealed.receipt.number, sealed.receipt.reference,
                                      sealed.warnings))

    async def on_desk_intake_screen_sealed(self, message: Sealed) -> None:
        # The form goes first, so what the visitor said is off the screen even under the
        # receipt; the next visitor gets an empty one. Still `saving` meanwhile: keys
        # typed now wait for the receipt (`preparing`), not go into the new form.
        await self.start_again()
        for warning in message.warnings:  # they name fields, never what was typed
            self.notify(_("Sealed with a warning: {warning}").format(warning=warning),
                        severity="warning")
        # Keys typed while it was sealing (a second Enter) were meant for the form that
        # is gone: the receipt stays until a key pressed once it is there.
        if isinstance(self.app, HoldsEarlyKeys):
            self.app.forget_held_keys()
        await self.app.push_screen(ReceiptModal(message.number, message.reference))
        self.saving = False
