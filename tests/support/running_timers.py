"""What could wake the app while nothing happens: its timers that are not paused."""

from __future__ import annotations

from textual.app import App
from textual.timer import Timer


def running_timers(app: App, covered: bool = False) -> list[Timer]:
    """Timers of the app, its current screen and every widget on it that are set to fire
    (a paused timer waits for a resume and never wakes the process). With `covered`, the
    screens under the current one and their widgets too."""
    screens = app.screen_stack if covered else [app.screen]
    nodes = [app, *(node for screen in screens
                    for node in (screen, *screen.walk_children(with_self=False)))]
    return [timer for node in nodes for timer in list(node._timers)
            if timer._active.is_set() and timer._task is not None and not timer._task.done()]


def repeating(timers: list[Timer]) -> set[str]:
    """The names of the timers that fire again and again, with whose they are."""
    return {f"{type(t.target).__name__}: {t.name}" for t in timers if t._repeat is None}
