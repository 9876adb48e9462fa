"""Purging a whole case, or one of its events, from the case screen: asked with the word
typed, done in a worker, carried to the office and contacts by the next bundle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from caseworker.core.i18n import _, pgettext
from caseworker.opening.workspace import Workspace
from screens.base.messages import ReportsFailedWork, failure_text
from screens.base.modals import TypedConfirmModal

if TYPE_CHECKING:  # checked as the Screen it is always mixed into
    from textual.screen import Screen

    _Screen = Screen
else:
    _Screen = object  # at run time the Screen comes later in the screen's own bases


@dataclass
class CasePurged(Message):
    records: int
    whole_case: bool


class CasePurging(ReportsFailedWork, _Screen):
    """For the case screen: it has a `workspace` and a `case_id`, says which event is
    chosen (`_chosen_event`), and handles `CasePurged` and `purge_failed`."""

    workspace: Workspace
    case_id: str

    if TYPE_CHECKING:  # what the case screen provides
        def _chosen_event(self) -> str | None: ...

        def purge_failed(self, reason: str) -> None: ...

    def action_purge(self) -> None:
        self._ask_to_purge(None, _("Purge this whole case?"))

    def action_purge_event(self) -> None:
        event_id = self._chosen_event()
        if event_id is not None:
            self._ask_to_purge(("event", event_id), _("Purge this event?"))

    def _ask_to_purge(self, only: tuple[str, str] | None, question: str) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.purge(only)

        self.app.push_screen(TypedConfirmModal(
            question,
            _("For when the person withdraws consent. Its content is erased from every "
              "revision of its history, from the backups and from this computer's store; "
              "the next bundle erases it at the office and at contacts too. The history "
              "keeps only that it was purged, by you, now. This cannot be undone."),
            # typed in the reader's own keyboard layout
            pgettext("the word typed to confirm a purge", "purge")), answered)

    @work(thread=True, exit_on_error=False, group="case-change", description="purge")
    def purge(self, only: tuple[str, str] | None) -> None:
        from caseworker.exchange.erasure import purge, records_of_case  # on first purge only

        store = self.workspace.require_store()
        try:
            with store.read() as session:
                keys = records_of_case(session, self.case_id, *(only or (None, None)))
            done = purge(store, keys, self.workspace.change_author(), self.case_id)
        except Exception as exc:
            self.purge_failed(failure_text(exc))
            return
        self.post_message(CasePurged(done.records, only is None))
