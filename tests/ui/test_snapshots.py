"""A few deliberate snapshots (textual is pinned exactly, so these only change on purpose).

After an intended visual change: .venv/bin/pytest tests/ui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from textual.widgets import Input

from tests.support.ui_fixtures import SIZE, make_app, unlock


async def _steady(pilot) -> None:
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_unlock_screen(snap_compare, data_dir):
    assert snap_compare(make_app(data_dir), terminal_size=SIZE, run_before=_steady)


def test_empty_dashboard(snap_compare, data_dir):
    async def unlocked(pilot):
        await unlock(pilot)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()

    assert snap_compare(make_app(data_dir), terminal_size=SIZE, run_before=unlocked)


def test_populated_dashboard(snap_compare, data_dir):
    """Five cases by risk and deadline, at a fixed instant so the countdowns hold still."""
    from tests.support.dashboard_cases import Clock, dashboard_app, seeded_dashboard

    seeded_dashboard(data_dir)

    async def unlocked(pilot):
        await unlock(pilot)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()

    assert snap_compare(dashboard_app(data_dir, Clock()), terminal_size=SIZE, run_before=unlocked)
