"""The panic wipe's countdown: three seconds to take it back, then the store is destroyed
(storage/shredding.py) and the app closes. It works locked or unlocked."""

from __future__ import annotations

import time

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from caseworker.core.i18n import _

COUNTDOWN_SECONDS = 3.0
TICK_SECONDS = 0.1


class WipeCountdown(ModalScreen[bool]):
    """Dismisses with True when the countdown ran out, False when a key cancelled it."""

    DEFAULT_CSS = """
    WipeCountdown { align: center middle; background: $error 30%; }
    WipeCountdown > Vertical { width: 64; height: auto; border: thick $error;
                               background: $surface; padding: 1 2; }
    WipeCountdown #count { text-style: bold; color: $error; }
    """

    def __init__(self, seconds: float = COUNTDOWN_SECONDS, clock=time.monotonic) -> None:
        super().__init__()
        self.seconds = seconds
        self._clock = clock
        self._started = clock()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("", id="count")
            yield Static(_("Every case on this computer will be destroyed. The office escrow "
                           "can restore them.\nPress any key to cancel."))

    def on_mount(self) -> None:
        self._started = self._clock()
        self.tick()
        self.set_interval(TICK_SECONDS, self.tick, name="wipe countdown")

    def tick(self) -> None:
        left = self.seconds - (self._clock() - self._started)
        if left <= 0:
            self.dismiss(True)
            return
        self.query_one("#count", Static).update(_("Wiping in {seconds} s").format(
            seconds=f"{left:.0f}"))

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.dismiss(False)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        event.stop()
        self.dismiss(False)
