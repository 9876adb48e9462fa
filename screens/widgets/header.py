"""Textual's Header, with a title update that survives a header being taken down.

Textual's header updates its title whenever the app's or its screen's title changes, and
its update only tolerates a missing screen. During a screen switch (intake saved -> the
new case opens) a title can change while the old screen's header has already lost its
title widget, and the query for it would stop the whole app. This header ignores that
one case and does everything else as Textual's does.
"""

from __future__ import annotations

from contextlib import suppress

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widgets import Header as TextualHeader
from textual.widgets._header import HeaderTitle


class Header(TextualHeader):
    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # replaces Textual's handler, which would watch as well

        async def set_title() -> None:
            # NoMatches: the header is being taken down; there is no title to show.
            with suppress(NoScreen, NoMatches):
                self.query_one(HeaderTitle).update(self.format_title())

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
