"""The intake desk's screens at 80×24 and at 140×45 (docs/architecture.md §11): the
question who is at the desk, the desk's screen, a receipt, the receipts and the shift.

The desk has sealed two intakes before, at fixed times and with fixed references, so
the names offered and the receipts hold still between runs.

After an intended visual change:
    .venv/bin/pytest tests/ui/test_desk_snapshots.py --snapshot-update
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from caseworker.core.authoring import Author
from caseworker.desk.sealing import seal_intake
from screens.desk.desk_home import DeskScreen
from screens.desk.receipt_display import ReceiptModal
from screens.desk.receipts_list import ReceiptsScreen
from screens.desk.shift_summary import ShiftScreen
from screens.desk.volunteer_prompt import VolunteerPrompt
from tests.conftest import PASSPHRASE
from tests.support.case_factory import NOW, ZONE, simple_draft
from tests.support.desk_helpers import desk_and_office
from tests.support.helpers import wait_for
from tests.support.snapshot_app import paste, shown, snap_app

SIZES = pytest.mark.parametrize("size", [(80, 24), (140, 45)], ids=["80x24", "140x45"])
# Sealed before the sitting shown, by two volunteers; then the one sealed in the snapshot.
EARLIER = (("Aigerim Sadykova", -3, "K7QM-3RXT"), ("Dana Bekova", -2, "P4HW-9CNA"))
NEXT_REFERENCE = "D2LB-6YFE"


pytestmark = pytest.mark.usefixtures("derive_each_key_once")


@pytest.fixture
def desk(template_store, tmp_path, monkeypatch) -> Path:
    """A desk that sealed two intakes earlier today; its next reference is fixed too."""
    references = iter([reference for _, _, reference in EARLIER] + [NEXT_REFERENCE])
    monkeypatch.setattr("caseworker.desk.sealing.new_reference",
                        lambda session: next(references))
    store, office, _ = desk_and_office(template_store, tmp_path / "installs")
    for volunteer, hours, _ in EARLIER:
        seal_intake(store, simple_draft("Earlier Visitor"), volunteer,
                    Author(volunteer, NOW + timedelta(hours=hours)), ZONE)
    store.close()
    office.close()
    return tmp_path / "installs" / "desk"


async def _asked(pilot: Pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "passphrase")
    await paste(pilot, PASSPHRASE)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, VolunteerPrompt)
                   and app.screen.query_one("#known-names").has_class("-filled"))


async def _at_the_desk(pilot: Pilot) -> None:
    await _asked(pilot)
    await paste(pilot, "Aigerim Sadykova")
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DeskScreen)
                   and "Today: 2" in str(pilot.app.screen.query_one("#desk-count").render()))


async def _sealed(pilot: Pilot) -> None:
    await _at_the_desk(pilot)
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(pilot.app.focused, Input))
    await paste(pilot, "Yerzhanat Abai")
    await pilot.press("ctrl+s")
    await shown(pilot, ReceiptModal)


@SIZES
class TestDesk:
    def test_who_is_at_the_desk(self, snap_compare, desk, size):
        async def steps(pilot):
            await _asked(pilot)
            await paste(pilot, "Aig")

        assert snap_app(snap_compare, desk, size, steps)

    def test_desk_screen(self, snap_compare, desk, size):
        assert snap_app(snap_compare, desk, size, _at_the_desk)

    def test_receipt(self, snap_compare, desk, size):
        assert snap_app(snap_compare, desk, size, _sealed)

    def test_receipts(self, snap_compare, desk, size):
        async def steps(pilot):
            await _sealed(pilot)
            await pilot.press("enter", "escape")
            await shown(pilot, DeskScreen)
            await pilot.press("r")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReceiptsScreen)
                           and pilot.app.screen.rows is not None)

        assert snap_app(snap_compare, desk, size, steps)

    def test_shift_summary(self, snap_compare, desk, size):
        async def steps(pilot):
            await _sealed(pilot)
            await pilot.press("enter", "escape")
            await shown(pilot, DeskScreen)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, ShiftScreen)
                           and pilot.app.screen.counts is not None)

        assert snap_app(snap_compare, desk, size, steps)
