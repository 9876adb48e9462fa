"""Screens that show stored data reload it when they come back into view: whatever was
opened over them (an edit, an intake, a place form) may have changed it."""

from __future__ import annotations


class ReloadsOnReturn:
    """Mix into a Screen (before Screen) and define `reload`."""

    _covered = False

    def on_screen_suspend(self) -> None:
        self._covered = True

    def on_screen_resume(self) -> None:
        if self._covered:
            self._covered = False
            self.reload()

    def reload(self) -> None:
        raise NotImplementedError
