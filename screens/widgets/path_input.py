"""A field for a file's path that completes it as it is typed: the rest of the first name
in that folder that starts with what was typed, accepted with → (Textual's suggestion).
Folders end in "/", so → then more typing goes on into them."""

from __future__ import annotations

import os
from itertools import islice
from pathlib import Path

from textual.suggester import Suggester

MAX_LISTED = 2000  # a folder of many thousands of photos: look no further than this


class PathSuggester(Suggester):
    def __init__(self) -> None:
        # Not cached: the folder's files change while the app is open (a stick put in).
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        typed = os.path.expanduser(value)
        folder, start = os.path.split(typed)
        try:
            with os.scandir(folder or ".") as entries:
                names = sorted(
                    (entry.name + ("/" if entry.is_dir() else "")
                     for entry in islice(entries, MAX_LISTED)
                     if entry.name.startswith(start)
                     and (start.startswith(".") or not entry.name.startswith("."))),
                    key=str.lower)
        except OSError:
            return None
        if not names or names[0] == start:
            return None
        # What was typed, as typed (~ kept), and the rest of the name.
        return value + names[0][len(start):]


def chosen_path(value: str) -> Path:
    return Path(os.path.expanduser(value.strip()))
