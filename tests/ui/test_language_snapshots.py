"""The screens a volunteer and a caseworker use most, in Kazakh and in Russian at 80×24:
Kazakh's longer words must fit where English ones did (docs/architecture.md §12).

After an intended visual change:
    .venv/bin/pytest tests/ui/test_language_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, TabbedContent

from caseworker.core.i18n import use_language
from screens.cases.intake import IntakeScreen
from screens.exchange.overview import ExchangeScreen
from screens.places.all_places import PlacesScreen
from tests.support.helpers import wait_for
from tests.support.snapshot_app import dashboard, first_case, paste, shown, snap_app

SIZE = (80, 24)
pytestmark = pytest.mark.usefixtures("derive_each_key_once")


@pytest.fixture(params=["kk", "ru"])
def language(request):
    use_language(request.param)
    yield request.param
    use_language("en")


async def _tab(pilot, key: str, tab: str) -> None:
    screen = await first_case(pilot)
    await pilot.press(key)
    await wait_for(pilot, lambda: screen.query_one(TabbedContent).active == tab)
    await pilot.wait_for_scheduled_animations()


class TestInTheirLanguage:
    def test_dashboard(self, snap_compare, seeded, language):
        assert snap_app(snap_compare, seeded, SIZE, dashboard)

    def test_new_intake(self, snap_compare, seeded, language):
        async def steps(pilot):
            await dashboard(pilot)
            await pilot.press("n")
            await shown(pilot, IntakeScreen)
            await wait_for(pilot, lambda: isinstance(pilot.app.focused, Input))

        assert snap_app(snap_compare, seeded, SIZE, steps)

    def test_checklist(self, snap_compare, seeded, language):
        async def steps(pilot):
            await _tab(pilot, "6", "checklist")

        assert snap_app(snap_compare, seeded, SIZE, steps)

    def test_risk(self, snap_compare, seeded, language):
        async def steps(pilot):
            await _tab(pilot, "7", "risk")

        assert snap_app(snap_compare, seeded, SIZE, steps)

    def test_place_finder(self, snap_compare, seeded, language):
        async def steps(pilot):
            await dashboard(pilot)
            await pilot.press("l")
            await shown(pilot, PlacesScreen)
            await wait_for(pilot, lambda: getattr(pilot.app.focused, "id", None)
                           == "place-query")
            await paste(pilot, "Жаркент")
            await wait_for(pilot, lambda: pilot.app.screen.query_one(
                "#place-results", DataTable).row_count > 0)

        assert snap_app(snap_compare, seeded, SIZE, steps)

    def test_exchange(self, snap_compare, seeded, language):
        async def steps(pilot):
            await dashboard(pilot)
            await pilot.press("x")
            await shown(pilot, ExchangeScreen)
            await wait_for(pilot, lambda: pilot.app.screen.query_one(
                "#contacts", DataTable).row_count == 1)

        assert snap_app(snap_compare, seeded, SIZE, steps)
