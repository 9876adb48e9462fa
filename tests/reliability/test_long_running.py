"""Left running: the app locks itself when idle or after the laptop slept (the timer, not
a call from the test), and a day of dashboard refreshes does not make it grow."""

from __future__ import annotations

import gc
import tracemalloc
from datetime import UTC, datetime, timedelta

from caseworker.core.config import Config
from caseworker.opening.workspace import Workspace
from screens.shell.dashboard import DashboardScreen
from screens.shell.unlock import LockScreen
from storage.kdf import floor_params
from tests.support.case_factory import seed_cases, seed_draft
from tests.support.helpers import wait_for
from tests.support.ui_fixtures import SIZE, FakeClocks, make_app, unlock


async def test_the_idle_timer_itself_locks_an_unlocked_app(data_dir):
    clocks = FakeClocks()
    app = make_app(data_dir, config=Config(user="v", idle_lock_minutes=1), clocks=clocks)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        clocks.advance(61, wall_too=True)
        # No call from here: the app's own interval notices within IDLE_CHECK_SECONDS.
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen), timeout=15)
        assert app.workspace.store is None


async def test_memory_does_not_grow_across_a_thousand_dashboard_refreshes(data_dir):
    seed_cases(data_dir, seed_draft("qalymbek-shahman"), seed_draft("yerzhanat-abai"))
    clock = [datetime(2026, 11, 22, 12, 0, tzinfo=UTC)]
    workspace = Workspace(data_dir=data_dir, config=Config(user="v", idle_lock_minutes=240),
                          kdf_params=floor_params(), now=lambda: clock[0])
    app = make_app(data_dir, workspace=workspace)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)

        async def refresh(times: int) -> None:
            for number in range(times):
                clock[0] += timedelta(seconds=30)  # every countdown changes each minute
                if number % 10 == 9:  # and the whole list is read again now and then
                    dashboard.load()
                    await pilot.pause()
                else:
                    dashboard.tick()
            await app.workers.wait_for_complete()
            await pilot.pause()

        tracemalloc.start()
        try:
            await refresh(100)  # warm caches first: styles, fonts, compiled queries
            gc.collect()
            settled, _ = tracemalloc.get_traced_memory()
            await refresh(1000)
            gc.collect()
            after, _ = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    growth = after - settled
    assert growth < 512 * 1024, f"grew {growth / 1024:.0f} KiB over 1,000 refreshes"
