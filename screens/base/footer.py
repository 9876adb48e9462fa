"""The footer every screen shows: its keys, compact, so that an 80-column screen has room
for the keys of the screen on it; the command palette's key makes way on a narrow one
(F1 lists it with every other key). Each key's description is marked with `N_` where the
binding is declared and translated here, as it is shown."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from caseworker.core.i18n import _

# Below this many columns a screen is narrow (80x24 is the smallest it is laid out for).
NARROW_BELOW = 100


class TranslatedFooter(Footer):
    """Textual's footer as it is, its keys' descriptions in the language shown."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(widget.description) if widget.description else ""
                if isinstance(widget.tooltip, str):
                    widget.tooltip = _(widget.tooltip)
            yield widget


class KeyFooter(TranslatedFooter):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("compact", True)
        super().__init__(**kwargs)

    def on_resize(self, event: events.Resize) -> None:
        self.show_command_palette = event.size.width >= NARROW_BELOW
