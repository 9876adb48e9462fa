"""The office's Inbox screen at 80×24 and at 140×45: one intake sealed at a desk, with
the person on file it may be and the matcher's reasons.

After an intended visual change:
    .venv/bin/pytest tests/ui/test_inbox_snapshots.py --snapshot-update
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from screens.exchange.inbox import InboxScreen
from tests.conftest import PASSPHRASE
from tests.support.helpers import type_text, wait_for
from tests.support.inbox_snapshot_store import build_inbox
from tests.support.snapshot_app import snap_app

SIZES = pytest.mark.parametrize("size", [(80, 24), (140, 45)], ids=["80x24", "140x45"])


@pytest.fixture(scope="module")
def office(template_store, tmp_path_factory) -> Path:
    return build_inbox(template_store, tmp_path_factory.mktemp("inbox-store"))


async def _inbox(pilot: Pilot) -> None:
    """Unlocked, then x and n: the Inbox, its intake and candidate drawn."""
    app = pilot.app
    await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "passphrase")
    await type_text(pilot, PASSPHRASE)
    await pilot.press("enter")
    await wait_for(pilot, lambda: not app.locked and getattr(app.screen, "loaded", False))
    await pilot.press("x", "n")
    await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen) and app.screen.loaded
                   and app.screen.query_one("#candidates", DataTable).row_count == 1)
    await pilot.wait_for_scheduled_animations()


@SIZES
class TestInbox:
    def test_one_intake_and_its_candidate(self, snap_compare, office, tmp_path, size):
        data = tmp_path / "data"
        shutil.copytree(office, data)
        assert snap_app(snap_compare, data, size, _inbox)
