"""The app as the screen snapshots run it: a fixed instant, fixed toasts, steady cursors
(tests/ui/test_screen_snapshots.py, tests/ui/test_inbox_snapshots.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from caseworker.core.config import Config
from caseworker.opening.workspace import Workspace
from storage.kdf import floor_params
from tests.support.case_factory import NOW
from tests.support.snapshot_stores import USER
from tests.support.ui_fixtures import make_app

Steps = Callable[[Pilot], Awaitable[None]]


def snap(snap_compare, data_dir: Path, size: tuple[int, int], steps: Steps) -> bool:
    """The app on `data_dir` at a fixed instant, after `steps`, with every cursor steady."""
    config = Config(user=USER)
    workspace = Workspace(data_dir=data_dir, config=config, kdf_params=floor_params(),
                          now=lambda: NOW)
    app = make_app(data_dir, config=config, workspace=workspace)
    # A toast goes after 5 s, and a busy machine may take longer than that to get to the
    # snapshot: shown toasts stay, so each snapshot has them or not whatever the speed.
    app.NOTIFICATION_TIMEOUT = 600

    async def run_before(pilot: Pilot) -> None:
        await steps(pilot)
        await pilot.pause()
        for screen in pilot.app.screen_stack:
            for field in screen.query("Input, TextArea"):
                field.cursor_blink = False
        await pilot.pause()

    return snap_compare(app, terminal_size=size, run_before=run_before)
