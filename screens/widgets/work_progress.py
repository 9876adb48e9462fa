"""A progress bar that exists only while its work runs.

Textual's ProgressBar keeps a timer that fires every second from the moment it is
mounted, and until it is given a total it redraws fifteen times a second to animate, even
while hidden. A bar composed with its screen and hidden between runs kept the export and
import screens awake all the time they stood idle (docs/architecture.md §8: idle means
idle). So the bar is mounted when work starts and removed when it ends: before and after,
there is nothing here that can wake the app.
"""

from __future__ import annotations

from textual.containers import Vertical
from textual.widgets import ProgressBar


class WorkProgress(Vertical):
    # A container: empty, it takes no room and draws nothing (a bare Widget would show
    # its name as a placeholder).
    DEFAULT_CSS = "WorkProgress { height: auto; }"

    def start(self) -> None:
        """An empty bar: the work has begun and its size is not known yet."""
        # A fresh one each time: the last run's may still be on its way out.
        self.remove_children()
        self.mount(ProgressBar(show_eta=False))

    def report(self, done: int, total: int) -> None:
        for bar in self.query(ProgressBar):
            bar.update(total=max(total, 1), progress=done)

    def finish(self) -> None:
        self.remove_children()
