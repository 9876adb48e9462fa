"""Small helpers for UI tests: wait on a condition, never on a fixed sleep."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot


async def wait_for(pilot: Pilot, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met in time; {_situation(pilot)}")
        await pilot.pause(0.02)


def _situation(pilot: Pilot) -> str:
    """What the screen shows, to explain a failed wait."""
    screen = pilot.app.screen
    problems = screen.query("#problems")
    shown = str(problems.first().render()) if problems else ""
    return f"screen {type(screen).__name__}, focused {pilot.app.focused!r}, problems: {shown}"


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*[_key(ch) for ch in text])


def _key(ch: str) -> str:
    named = {" ": "space", "-": "minus", ".": "full_stop", ",": "comma", "/": "slash",
             ":": "colon", "+": "plus", "'": "apostrophe", "(": "left_parenthesis",
             ")": "right_parenthesis", "@": "at", "_": "underscore"}
    return named.get(ch, ch)


async def choose(pilot: Pilot, label_start: str) -> None:
    """Pick an option of the focused Select by typing the start of its label."""
    await pilot.press("enter")
    await pilot.pause()
    await type_text(pilot, label_start)
    await pilot.press("enter")
    await pilot.pause()


async def fill(pilot: Pilot, text: str, then_tab: bool = True) -> None:
    """Type into the focused field and move to the next one."""
    await type_text(pilot, text)
    if then_tab:
        await pilot.press("tab")


async def tab_to(pilot: Pilot, wanted: str, limit: int = 80) -> None:
    """Press Tab until the focused field has id `#wanted`, or class `.wanted` (the next one
    of that kind after the current field)."""
    def here() -> bool:
        focused = pilot.app.focused
        if focused is None:
            return False
        if wanted.startswith("#"):
            return focused.id == wanted[1:]
        return focused.has_class(wanted.lstrip("."))

    for _ in range(limit):
        await pilot.press("tab")
        if here():
            return
    raise AssertionError(f"Tab never reached {wanted}")


async def burst(pilot: Pilot, *keys: str) -> None:
    """Keys sent all at once, as a fast typist on a busy machine sends them: each is
    queued before the app has handled the one before (Pilot.press waits in between)."""
    from textual import events

    driver = pilot.app._driver
    for key in keys:
        name = _key(key) if len(key) == 1 else key
        character = key if len(key) == 1 else None
        event = events.Key(name, character)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await pilot.pause()
