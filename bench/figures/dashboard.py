"""The dashboard over 10,000 open cases and 100,000 checklist items: how long a first
render takes, and what the live countdowns cost while nobody touches the keyboard."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from pathlib import Path

from bench.report import Figure, median
from bench.synthetic import PASSPHRASE, synthetic_store

ITEMS_PER_CASE = 10


def dashboard_store(work: Path, cases: int) -> Path:
    return synthetic_store(work / f"dashboard-{cases}", cases=cases,
                           items_per_case=ITEMS_PER_CASE)


def dashboard_figures(work: Path, cases: int, rounds: int) -> list[Figure]:
    return asyncio.run(_measure(dashboard_store(work, cases), cases, rounds))


async def _measure(data_dir: Path, cases: int, rounds: int) -> list[Figure]:
    from textual.widgets import DataTable

    from caseworker.app import CaseworkerApp
    from caseworker.cases import open_cases as dashboard_data
    from caseworker.cases.open_cases import DASHBOARD_ROWS, FIRST_PAINT_ROWS
    from caseworker.core.config import Config
    from screens.shell.dashboard import COUNTDOWN_SECONDS, DashboardScreen

    app = CaseworkerApp(data_dir, Config(user="bench"))
    async with app.run_test(size=(120, 40)) as pilot:
        while getattr(app.focused, "id", None) != "passphrase" or not app.warmed_up:
            await pilot.pause(0.01)
        app.focused.value = PASSPHRASE
        await pilot.press("enter")
        while not isinstance(app.screen, DashboardScreen) or not app.screen.loaded:
            await pilot.pause(0.01)
        screen = app.screen
        table = screen.query_one("#cases", DataTable)

        full = min(cases, DASHBOARD_ROWS)

        async def render_once() -> tuple[float, float]:
            """Seconds until the first screenful is painted, and until every row is in."""
            painted: list[float] = []
            show = screen.show

            def timed(dashboard) -> None:
                show(dashboard)
                screen.call_after_refresh(lambda: painted.append(time.perf_counter()))

            screen.show = timed
            started = time.perf_counter()
            screen.load()
            while not painted:
                await pilot.pause(0.005)
            screen.show = show
            while table.row_count < full:
                await pilot.pause(0.005)
            return painted[0] - started, time.perf_counter() - started

        urgent, plain = [], []
        ordered_by_urgency = dashboard_data._ROWS
        # Baseline: the same rows read and drawn in the order of the last change, which
        # needs no look at risk or deadlines.
        by_last_change = type(ordered_by_urgency)(
            str(ordered_by_urgency).replace(
                "rank, u.next_due IS NULL, u.next_due, u.case_updated_at DESC",
                "u.case_updated_at DESC").replace(
                "r.rank, r.next_due IS NULL, r.next_due, r.case_updated_at DESC",
                "r.case_updated_at DESC"))
        assert str(by_last_change) != str(ordered_by_urgency), "the baseline lost its order"
        await render_once()  # warm the page cache for both
        for _ in range(rounds):
            dashboard_data._ROWS = by_last_change
            plain.append(await render_once())
            dashboard_data._ROWS = ordered_by_urgency
            urgent.append(await render_once())
        rows = table.row_count
        everything = [complete for _, complete in urgent]
        urgent, plain = [first for first, _ in urgent], [first for first, _ in plain]

        # Idle: a tick every COUNTDOWN_SECONDS. Worst case, every countdown on screen
        # changes (the clock moved an hour); best case, none does.
        clock = [app.workspace.now()]
        app.workspace.now = lambda: clock[0]
        screen.dashboard = type(screen.dashboard)(**{**screen.dashboard.__dict__,
                                                     "next_change": None})

        def cpu_per_tick(step: timedelta) -> float:
            samples = []
            for _ in range(rounds):
                clock[0] += step
                started = time.process_time()
                screen.tick()
                samples.append(time.process_time() - started)
            return median(samples)

        changed = cpu_per_tick(timedelta(hours=1))
        unchanged = cpu_per_tick(timedelta(0))
    render_ms, base_ms = median(urgent) * 1000, median(plain) * 1000
    share = changed / COUNTDOWN_SECONDS * 100
    return [
        Figure(f"dashboard first render, {cases:,} cases, {cases * ITEMS_PER_CASE:,} items",
               render_ms, "ms", "<= 150 ms", render_ms <= 150, base_ms, render_ms / base_ms,
               f"the first {FIRST_PAINT_ROWS} rows by risk and deadline painted (all {rows} "
               f"listed after {median(everything) * 1000:.0f} ms); baseline: the same rows by "
               f"last change; median of {rounds}"),
        Figure("dashboard idle refresh, CPU per tick", changed * 1000, "ms",
               "reported", True, unchanged * 1000, None,
               f"every {COUNTDOWN_SECONDS} s, all {rows} countdowns changed: "
               f"{share:.3f}% of one core; baseline: a tick with nothing to change"),
    ]
