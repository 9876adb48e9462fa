"""Driving the real `caseworker` in a pseudo-terminal (tmux) as a person types: one key
at a time at a human pace, reading the screen as they would before going on."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

KEY_PAUSE = 0.12  # seconds between two keys: a steady typist (about 80 words a minute)
ROOT = Path(__file__).resolve().parents[2]


def tmux_available() -> bool:
    return shutil.which("tmux") is not None


class Terminal:
    """An 80x24 tmux session running `python -m caseworker --data-dir DIR`."""

    def __init__(self, name: str, data_dir: Path, size: tuple[int, int] = (80, 24),
                 language: str = "en") -> None:
        self.name = name
        self.keys = 0
        env = {"HOME": str(data_dir.parent), "PATH": os.environ.get("PATH", ""),
               "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color",
               "COLORTERM": "truecolor",
               # chosen, so the first run does not ask (tests/ui/test_ui_language.py does)
               "CASEWORKER_LANG": language}
        command = f"{sys.executable} -m caseworker --data-dir {data_dir}"
        subprocess.run(["tmux", "-L", name, "-f", "/dev/null", "new-session", "-d", "-s", name,
                        "-x", str(size[0]), "-y", str(size[1]), command],
                       check=True, cwd=ROOT, env=env)

    def screen(self) -> str:
        return subprocess.run(["tmux", "-L", self.name, "capture-pane", "-p", "-t", self.name],
                              capture_output=True, text=True, check=False).stdout

    def wait_for(self, words: str, timeout: float = 60.0) -> str:
        """Wait until the screen shows `words`, as a person waits to see it."""
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if words in shown:
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"{words!r} never showed; the screen:\n{shown}")
            time.sleep(0.1)

    def type(self, text: str) -> None:
        for character in text:
            self._send("-l", character)

    def press(self, *keys: str) -> None:
        """tmux key names: Tab, BTab (shift+Tab), Enter, F2, C-s…"""
        for key in keys:
            self._send(key)

    def fill(self, text: str) -> None:
        """Type into the field the cursor is in, then Tab to the next."""
        self.type(text)
        self.press("Tab")

    def choose(self, start: str) -> None:
        """Open the list the cursor is on, type the start of an option, choose it."""
        self.press("Enter")
        self.type(start)
        self.press("Enter")

    def tabs(self, count: int) -> None:
        self.press(*["Tab"] * count)

    def _send(self, *args: str) -> None:
        subprocess.run(["tmux", "-L", self.name, "send-keys", "-t", self.name, *args],
                       check=True)
        self.keys += 1
        time.sleep(KEY_PAUSE)

    def running(self) -> bool:
        return subprocess.run(["tmux", "-L", self.name, "has-session", "-t", self.name],
                              capture_output=True, check=False).returncode == 0

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.name, "kill-server"], capture_output=True,
                       check=False)
