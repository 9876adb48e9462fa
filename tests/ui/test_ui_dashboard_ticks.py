"""A minute on the dashboard draws only what changed: the countdowns that read
differently, and of those only the ones on screen (docs/architecture.md §8). Drawing the
whole list again each minute was most of what the idle app cost; that CPU is a bench
figure, and what is drawn is counted here by the line."""

from __future__ import annotations

from datetime import timedelta

from screens.widgets.tables import FitTable
from tests.support.case_factory import NOW
from tests.support.dashboard_cases import Clock, dashboard_app, seeded_dashboard
from tests.support.painted_lines import record_painted_lines, shown_text
from tests.support.ui_fixtures import SIZE, unlock

# Nurlan Hearing's appeal is due 71 h after NOW. Two hours before, his countdown reads in
# minutes; every other case's deadline reads in days and hours, or there is none.
TWO_HOURS_BEFORE = NOW + timedelta(hours=69)
NURLAN = 1  # his row: second, under Yerzhanat Abai's overdue case
LINE = 1 + NURLAN  # the table's header is its first line


async def _dashboard(pilot):
    app = pilot.app
    await unlock(pilot)
    await app.workers.wait_for_complete()
    await pilot.pause()
    table = app.screen.query_one("#cases", FitTable)
    assert str(table.get_row_at(NURLAN)[1]) == "Nurlan Hearing"
    assert app.screen.dashboard.next_change is None  # no case turns CRITICAL: no reload
    return app.screen, table


def _at(minutes: int) -> Clock:
    clock = Clock()
    clock.now = TWO_HOURS_BEFORE + timedelta(minutes=minutes)
    return clock


async def test_each_minute_draws_only_the_countdown_that_changed(data_dir):
    seeded_dashboard(data_dir)
    clock = _at(0)
    app = dashboard_app(data_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen, table = await _dashboard(pilot)
        assert "in 2 h 0 min" in shown_text(table, LINE)
        painted = record_painted_lines(table)
        for minute in (1, 2, 3):
            clock.now = _at(minute).now
            screen.tick()
            await pilot.pause()
            assert painted == [LINE], f"minute {minute}"
            painted.clear()
        assert "in 1 h 57 min" in shown_text(table, LINE)
        painted.clear()
        screen.tick()  # the same minute again: nothing reads differently, nothing is drawn
        await pilot.pause()
        assert painted == []


async def test_a_countdown_scrolled_away_is_drawn_new_when_it_comes_back(data_dir):
    seeded_dashboard(data_dir)
    clock = _at(0)
    app = dashboard_app(data_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen, table = await _dashboard(pilot)
        assert "in 2 h 0 min" in shown_text(table, LINE)  # drawn, so its line is kept
        await pilot.resize_terminal(SIZE[0], 6)  # room for the table's header and 3 rows
        table.move_cursor(row=table.row_count - 1)
        await pilot.pause()
        assert table.scroll_offset.y > NURLAN
        painted = record_painted_lines(table)
        clock.now = _at(1).now
        screen.tick()
        await pilot.pause()
        assert painted == []  # his row is off screen: nothing to draw now
        table.move_cursor(row=0)
        await pilot.pause()
        assert table.scroll_offset.y == 0
        assert "in 1 h 59 min" in shown_text(table, LINE)


async def test_a_countdown_stays_current_when_the_list_is_fitted_to_a_new_width(data_dir):
    seeded_dashboard(data_dir)
    clock = _at(0)
    app = dashboard_app(data_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen, table = await _dashboard(pilot)
        clock.now = _at(1).now
        screen.tick()
        await pilot.resize_terminal(80, 24)  # narrow: every row is added again
        await pilot.pause()
        assert table.narrow
        assert str(table.get_row_at(NURLAN)[2]) == "in 1 h 59 min"
