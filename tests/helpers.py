"""Small helpers for UI tests: wait on a condition, never on a fixed sleep."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot


async def wait_for(pilot: Pilot, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.02)


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*[_key(ch) for ch in text])


def _key(ch: str) -> str:
    named = {" ": "space", "-": "minus", ".": "full_stop", ",": "comma", "/": "slash",
             ":": "colon", "+": "plus", "'": "apostrophe", "(": "left_parenthesis",
             ")": "right_parenthesis", "@": "at", "_": "underscore"}
    return named.get(ch, ch)
