"""Running the app for a screen snapshot: at a fixed instant, with every cursor steady,
its unlock cheap, and text put into fields as a paste (tests/ui/test_screen_snapshots.py,
tests/ui/test_desk_snapshots.py, tests/ui/test_inbox_snapshots.py)."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from caseworker.core.config import Config
from caseworker.opening.workspace import Workspace
from screens.cases.case_view import CaseScreen
from storage import keyfile
from storage.kdf import derive, floor_params
from tests.conftest import PASSPHRASE
from tests.support.case_factory import NOW
from tests.support.helpers import wait_for
from tests.support.snapshot_stores import USER
from tests.support.ui_fixtures import make_app, open_first_case

Steps = Callable[[Pilot], Awaitable[None]]


@contextmanager
def remembered_keys() -> Iterator[None]:
    """Every store of a snapshot is a copy of one template, so one passphrase and one
    salt: the key is derived once and remembered, and each test's unlock only unwraps it."""
    remembered = functools.cache(lambda *args, **kwargs: bytes(derive(*args, **kwargs)))
    with pytest.MonkeyPatch.context() as patch:
        # A fresh bytearray each time: the caller zeroes the one it gets.
        patch.setattr(keyfile, "derive",
                      lambda *args, **kwargs: bytearray(remembered(*args, **kwargs)))
        yield


def snap_app(snap_compare, data_dir: Path, size: tuple[int, int], steps: Steps) -> bool:
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


async def shown(pilot: Pilot, screen_type: type) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, screen_type))


async def paste(pilot: Pilot, text: str, into: str | None = None) -> None:
    """`text` into the focused field (or the field `#into`, emptied first), as a paste:
    key by key it costs a Pilot round trip a character, and the snapshot is the same."""
    if into is not None:
        field = pilot.app.screen.query_one(f"#{into}", Input)
        field.focus()
        field.value = ""
    else:
        field = pilot.app.focused
        assert isinstance(field, Input), field
    field.insert_text_at_cursor(text)
    await pilot.pause()


async def dashboard(pilot: Pilot) -> None:
    """The passphrase form, then the dashboard with the cases."""
    app = pilot.app
    await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "passphrase")
    await paste(pilot, PASSPHRASE)
    await pilot.press("enter")
    await wait_for(pilot, lambda: not app.locked and getattr(app.screen, "loaded", False))
    await pilot.wait_for_scheduled_animations()


async def first_case(pilot: Pilot) -> CaseScreen:
    """Qalymbek Shahman's case: first on the dashboard (his clocks are the oldest)."""
    await dashboard(pilot)
    screen = await open_first_case(pilot)
    assert screen.title == "Qalymbek Shahman"
    return screen
