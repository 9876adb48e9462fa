"""Ticking a checklist item off and entering the date a court set: the same two actions
on the dashboard (the case's next item) and in a case's checklist (the chosen item)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from caseworker.core.user_errors import UserError
from caseworker.opening.workspace import Workspace
from screens.base.messages import ReportsFailedWork

if TYPE_CHECKING:  # checked as the Screen it is always mixed into
    from textual.screen import Screen

    _Screen = Screen
else:
    _Screen = object  # at run time the Screen comes later in each screen's own bases


@dataclass
class ChecklistChanged(Message):
    what: str  # "tick" or "court_date"


@dataclass
class ChecklistChangeRefused(Message):
    reason: str  # the app's own sentence: the item was settled meanwhile, a bad date


class ChecklistActions(ReportsFailedWork, _Screen):
    """For screens with a `workspace`; they say which item (`chosen_item`) and what to do
    once the change is saved (`checklist_changed`)."""

    workspace: Workspace

    def chosen_item(self) -> str | None:
        raise NotImplementedError

    def checklist_changed(self, what: str) -> None:
        raise NotImplementedError

    def action_tick_off(self) -> None:
        item_id = self.chosen_item()
        if item_id is not None:
            self.checklist_change("tick", item_id, "")

    def action_court_date(self) -> None:
        from screens.cases.entry_modals import CourtDateModal  # deferred: start-up speed

        item_id = self.chosen_item()
        if item_id is None:
            return

        def entered(text: str | None) -> None:
            if text:
                self.checklist_change("court_date", item_id, text)

        self.app.push_screen(CourtDateModal(), entered)

    @work(thread=True, exit_on_error=False, group="checklist-change",
          description="change the checklist")
    def checklist_change(self, what: str, item_id: str, text: str) -> None:
        # Deferred: the dashboard mixes this in, and the first frame comes before the store.
        from caseworker.deadlines import checklist_items as checklist

        store = self.workspace.require_store()
        author = self.workspace.change_author()
        try:
            if what == "tick":
                checklist.tick_off(store, item_id, author)
            else:
                checklist.set_authority_due(store, item_id, text, author)
        except UserError as exc:
            self.post_message(ChecklistChangeRefused(str(exc)))
            return
        self.post_message(ChecklistChanged(what))

    def on_checklist_changed(self, message: ChecklistChanged) -> None:
        message.stop()
        self.checklist_changed(message.what)

    def on_checklist_change_refused(self, message: ChecklistChangeRefused) -> None:
        message.stop()
        self.notify(f"Not changed: {message.reason}", severity="error", timeout=8)
