"""Cases in the command palette: type a person's name in any script or spelling and
open their case. The same search as the cases screen (caseworker/cases/case_list.py)."""

from __future__ import annotations

import asyncio
from functools import partial

from rich.text import Text
from textual.command import Hit, Hits, Provider

from screens.base.messages import CaseChosen

PALETTE_ROWS = 8
MIN_QUERY = 2


class CaseFinder(Provider):
    async def search(self, query: str) -> Hits:
        workspace = getattr(self.app, "workspace", None)
        if getattr(self.app, "locked", True) or workspace is None or workspace.store is None:
            return
        if len(query.strip()) < MIN_QUERY:
            return
        from caseworker.cases.case_list import search_cases  # the store's code: after unlock

        matches = await asyncio.to_thread(search_cases, workspace.store, query, PALETTE_ROWS)
        how = "name in another spelling" if matches.by_spelling else "case"
        for rank, row in enumerate(matches.rows):
            label = Text(f"Open case: {row.display_name}")
            yield Hit(1.0 - rank / (PALETTE_ROWS + 1), label, partial(self._open, row.case_id),
                      help=f"{how}; {row.situation.replace('_', ' ')}"
                           + (f", last at {row.place}" if row.place else ""))

    def _open(self, case_id: str) -> None:
        self.app.post_message(CaseChosen(case_id))
