"""Cases in the command palette: type a person's name in any script or spelling and
open their case. The same search as the cases screen (caseworker/cases/case_list.py).

The palette answers a few moments after each key; until then it still lists what the
words before answered. An Enter typed in that moment waits for the answer to the words
now typed, so it never opens the case of an earlier query."""

from __future__ import annotations

import asyncio
from functools import partial

from rich.text import Text
from textual import on
from textual.command import CommandPalette, Hit, Hits, Provider
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from caseworker.core import vocab
from caseworker.core.i18n import _
from screens.base.messages import CaseChosen

PALETTE_ROWS = 8
MIN_QUERY = 2


class CaseFinder(Provider):
    async def search(self, query: str) -> Hits:
        workspace = getattr(self.app, "workspace", None)
        if getattr(self.app, "locked", True) or workspace is None or workspace.store is None:
            return
        if workspace.on_desk:  # a desk keeps no cases, and offers no way to look for one
            return
        if len(query.strip()) < MIN_QUERY:
            return
        from caseworker.cases.case_list import search_cases  # the store's code: after unlock

        matches = await asyncio.to_thread(search_cases, workspace.store, query, PALETTE_ROWS)
        how = _("name in another spelling") if matches.by_spelling else _("case")
        for rank, row in enumerate(matches.rows):
            label = Text(_("Open case: {name}").format(name=row.display_name))
            situation = vocab.label(vocab.SITUATIONS, row.situation).lower()
            help_text = (_("{how}; {situation}, last at {place}").format(
                how=how, situation=situation, place=row.place) if row.place else
                _("{how}; {situation}").format(how=how, situation=situation))
            yield Hit(1.0 - rank / (PALETTE_ROWS + 1), label, partial(self._open, row.case_id),
                      help=help_text)

    def _open(self, case_id: str) -> None:
        self.app.post_message(CaseChosen(case_id))


class CasePalette(CommandPalette):
    def __init__(self) -> None:
        super().__init__(id="--command-palette")
        self._enter_waiting = False

    def _searching(self) -> bool:
        return any(worker.group == self._GATHER_COMMANDS_GROUP and not worker.is_finished
                   for worker in self.workers)

    @on(Input.Submitted)
    def _enter_after_the_answer(self, event: Input.Submitted) -> None:
        # Runs before the palette's own handler, which it stands in for while the search
        # for the words now typed is still running.
        if self._searching():
            event.stop()
            event.prevent_default()
            self._enter_waiting = True

    @on(Input.Changed)
    def _typed_again(self) -> None:
        self._enter_waiting = False  # an Enter then more letters: the Enter is spent

    @on(Worker.StateChanged)
    def _answered(self, event: Worker.StateChanged) -> None:
        if (self._enter_waiting and event.worker.group == self._GATHER_COMMANDS_GROUP
                and event.state == WorkerState.SUCCESS and not self._searching()):
            self._enter_waiting = False
            self._select_or_command()
