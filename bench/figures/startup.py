"""Time to the first painted frame, and unlock to a populated dashboard."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

from bench.report import Figure, median
from bench.synthetic import PASSPHRASE, synthetic_store

ROOT = Path(__file__).resolve().parents[2]


def _first_frame_seconds(which: str, data_dir: Path) -> float:
    started = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-m", "bench.first_frame_probe", which, str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=60,
    ).stdout
    return float(out.split()[-1]) - started


def first_frame(work: Path, rounds: int) -> list[Figure]:
    data_dir = synthetic_store(work / "startup", cases=0)
    bare, ours = [], []
    _first_frame_seconds("bare", data_dir)  # warm the file cache for both
    _first_frame_seconds("caseworker", data_dir)
    for _ in range(rounds):  # alternate, so drift hits both sides alike
        bare.append(_first_frame_seconds("bare", data_dir))
        ours.append(_first_frame_seconds("caseworker", data_dir))
    ratio = median(ours) / median(bare)
    return [Figure("first frame (process start to paint)", median(ours) * 1000, "ms",
                   "<= 1.15x bare Textual app", ratio <= 1.15, median(bare) * 1000, ratio,
                   f"median of {rounds} alternating runs each")]


def unlock_to_dashboard(work: Path, cases: int, rounds: int) -> list[Figure]:
    from bench.figures.dashboard import dashboard_store

    data_dir = dashboard_store(work, cases)
    overheads, kdf = [], []
    for _ in range(rounds):
        total, kdf_seconds = asyncio.run(_unlock_once(data_dir, cases))
        overheads.append(total - kdf_seconds)
        kdf.append(kdf_seconds)
    overhead_ms = median(overheads) * 1000
    return [Figure(f"unlock to dashboard, {cases:,} open cases, minus KDF", overhead_ms, "ms",
                   "<= 150 ms over key derivation", overhead_ms <= 150, median(kdf) * 1000,
                   None, f"baseline column: the key derivation itself; median of {rounds}")]


async def _unlock_once(data_dir: Path, cases: int) -> tuple[float, float]:
    from textual.widgets import DataTable

    from caseworker.app import CaseworkerApp
    from caseworker.core.config import Config
    from screens.shell.dashboard import DashboardScreen
    from screens.shell.unlock import FIRST_PAINT_ROWS

    shown_at: list[float] = []
    show = DashboardScreen.show

    def timed_show(screen, dashboard) -> None:  # records when the rows have been painted
        show(screen, dashboard)
        screen.call_after_refresh(lambda: shown_at.append(time.perf_counter()))

    DashboardScreen.show = timed_show
    try:
        app = CaseworkerApp(data_dir, Config(user="bench"))
        async with app.run_test(size=(120, 40)) as pilot:
            # A person takes seconds to type a passphrase; the app loads the store's code
            # meanwhile, so the clock starts at Enter once that is done.
            while getattr(app.focused, "id", None) != "passphrase" or not app.warmed_up:
                await pilot.pause(0.01)
            app.focused.value = PASSPHRASE
            started = time.perf_counter()
            await pilot.press("enter")
            while not shown_at:
                await pilot.pause(0.01)
            rows = app.screen.query_one("#cases", DataTable).row_count
            assert isinstance(app.screen, DashboardScreen) and rows >= min(cases, FIRST_PAINT_ROWS)
            return shown_at[0] - started, app.workspace.store.kdf_seconds
    finally:
        DashboardScreen.show = show
