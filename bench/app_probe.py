"""Child process: the real app on a terminal (a pty the parent drains), driven from inside
its own event loop, measuring what the process itself costs. Results go to a JSON file,
since the terminal is the app's.

    python -m bench.app_probe idle DATA_DIR SECONDS OUT   idle CPU on each screen
    python -m bench.app_probe bare - SECONDS OUT          the same for a bare Textual app
    python -m bench.app_probe walk DATA_DIR QUERY OUT     resident memory through a walk
    python -m bench.app_probe walk DATA_DIR - OUT         ... up to the unlocked dashboard

CPU is `time.process_time()` (every thread of the process); memory is the resident set.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import psutil
from textual.app import App
from textual.pilot import Pilot

from bench.synthetic import PASSPHRASE

# A screen has settled when its workers are done and two seconds pass with the process
# below 3% of a core: a long form takes seconds to lay out on a busy old machine.
QUIET_SECONDS, QUIET_SHARE, SETTLE_LIMIT = 2.0, 3.0, 120.0
TAB_SECONDS = 5.0
TABS = ("timeline", "person", "sources", "notes", "history", "checklist", "risk")


def resident_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


async def until(check: Callable[[], object], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.02)


async def idle_cpu(seconds: float) -> float:
    """Share of one core the process used while nothing happened for `seconds`."""
    started = time.process_time()
    await asyncio.sleep(seconds)
    return (time.process_time() - started) / seconds * 100


async def work_done(app: App) -> None:
    """Every worker but the one driving the app has finished."""
    others = [w for w in app.workers if w.group != "bench"]
    if others:  # an empty list would mean every worker, this one too
        await app.workers.wait_for_complete(others)


async def settled(app: App) -> None:
    deadline = time.monotonic() + SETTLE_LIMIT
    await work_done(app)
    while await idle_cpu(QUIET_SECONDS) > QUIET_SHARE and time.monotonic() < deadline:
        await work_done(app)


async def unlock(app, pilot: Pilot) -> None:
    from screens.shell.dashboard import DashboardScreen

    await until(lambda: getattr(app.focused, "id", None) == "passphrase" and app.warmed_up)
    app.focused.value = PASSPHRASE
    await pilot.press("enter")
    await until(lambda: not app.locked and isinstance(app.screen, DashboardScreen)
                and app.screen.loaded)
    await work_done(app)  # the rest of the list, below the first screenful


async def open_screen(app, action: str, screen_type: type) -> None:
    getattr(app.screen, action)()
    await until(lambda: isinstance(app.screen, screen_type))
    await settled(app)


async def open_case(app, case_id: str) -> None:
    from screens.base.messages import CaseChosen
    from screens.cases.case_view import CaseScreen

    app.screen.post_message(CaseChosen(case_id))
    await until(lambda: isinstance(app.screen, CaseScreen) and app.screen.record is not None)


async def idle_walk(app, seconds: float) -> dict[str, float]:
    """Each screen the issue names, idle for `seconds` (a case's tabs share them, a few
    seconds each at least)."""
    from screens.cases.all_cases import CasesScreen
    from screens.cases.intake import IntakeScreen
    from screens.exchange.overview import ExchangeScreen
    from screens.places.all_places import PlacesScreen

    pilot = Pilot(app)
    await unlock(app, pilot)
    await settled(app)
    shares = {"dashboard": await idle_cpu(seconds)}
    for name, action, screen_type in (("cases", "action_cases", CasesScreen),
                                      ("intake", "action_new_intake", IntakeScreen),
                                      ("places", "action_locations", PlacesScreen),
                                      ("exchange", "action_exchange", ExchangeScreen)):
        await open_screen(app, action, screen_type)
        shares[name] = await idle_cpu(seconds)
        app.pop_screen()
        await settled(app)
    await open_case(app, app.screen.highlighted_case())
    each = []
    for tab in TABS:
        app.screen.action_tab(tab)
        await settled(app)
        # a few seconds at least: over less, one stray frame reads as a busy tab
        each.append(await idle_cpu(max(seconds / len(TABS), TAB_SECONDS)))
    shares["a case, each of its tabs"] = sum(each) / len(each)
    return shares


def _peak_sampler(peak: list[float], stop: threading.Event) -> threading.Thread:
    def sample() -> None:
        while not stop.wait(0.02):
            peak[0] = max(peak[0], resident_mb())

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    return thread


async def memory_walk(app, query: str | None, folder: Path) -> dict[str, float]:
    """Resident memory at each step of a working session on a big store, its peak once
    the store is open, and the peak while unlocking; with no query, up to the dashboard."""
    pilot = Pilot(app)
    await until(lambda: getattr(app.focused, "id", None) == "passphrase" and app.warmed_up)
    await settled(app)
    steps = {"before unlock": resident_mb()}
    await unlock(app, pilot)
    # Deriving the key takes its whole memory cost for under a second, by design: that
    # peak is the parameters' and is reported apart; the walk's own is sampled from here.
    deriving = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak, stop = [0.0], threading.Event()
    sampler = _peak_sampler(peak, stop)
    await settled(app)
    steps["after unlock, dashboard"] = resident_mb()
    if query is not None:
        await _work_through(app, query, folder, steps)
    stop.set()
    sampler.join()
    steps["peak after unlock"] = max(peak[0], *steps.values())
    steps["peak while unlocking"] = deriving
    return steps


async def _work_through(app, query: str, folder: Path, steps: dict[str, float]) -> None:
    from textual.widgets import Input, SelectionList, Static

    from screens.cases.all_cases import CasesScreen
    from screens.exchange.export_form import ExportScreen

    await open_screen(app, "action_cases", CasesScreen)
    app.screen.query_one("#filter", Input).value = query
    await until(lambda: app.screen.matches is not None and app.screen.matches.rows)
    await settled(app)
    steps[f"cases list filtered by {query!r}"] = resident_mb()
    await open_case(app, app.screen.matches.rows[0].case_id)
    await settled(app)
    steps["a case open"] = resident_mb()
    app.screen.action_send()
    await until(lambda: isinstance(app.screen, ExportScreen) and app.screen.query("#to"))
    export = app.screen
    export.query_one("#to", SelectionList).select_all()
    export.query_one("#all").value = True
    out, problem = export.query_one("#out", Input), export.query_one("#problem", Static)
    bundle = folder / "walk.cwb"
    bundle.unlink(missing_ok=True)  # the form refuses to write over a file
    out.value = str(bundle)
    export.action_export()
    # The file name is emptied once the bundle is written; a problem is said instead.
    await until(lambda: not out.value or str(problem.render()), timeout=600)
    if out.value:
        raise RuntimeError(f"the export failed: {problem.render()}")
    await settled(app)
    steps["after exporting every case"] = resident_mb()


def run(mode: str, data_dir: str, argument: str, out: str) -> None:
    if mode == "bare":
        from textual.widgets import DataTable, Footer, Header

        class Bare(App):
            def compose(self):
                yield Header()
                yield DataTable()
                yield Footer()

            async def on_ready(self) -> None:
                await settled(self)
                _finish(self, out, {"bare": await idle_cpu(float(argument))})

        Bare().run()
        return
    from caseworker.app import CaseworkerApp
    from caseworker.core.config import load_config

    root = Path(data_dir)

    class Driven(CaseworkerApp):
        def on_ready(self) -> None:
            async def drive() -> None:
                try:
                    result = (await idle_walk(self, float(argument)) if mode == "idle"
                              else await memory_walk(self, None if argument == "-"
                                                     else argument, root.parent))
                except Exception:  # the parent reports it: the terminal is being drawn on
                    Path(out).write_text(json.dumps({"failed": traceback.format_exc()}))
                    self.exit()
                    return
                _finish(self, out, result)

            self.run_worker(drive(), group="bench", description="drive the app")

    Driven(root, load_config(root)).run()


def _finish(app: App, out: str, result: dict[str, float]) -> None:
    Path(out).write_text(json.dumps(result))
    app.exit()


if __name__ == "__main__":
    run(*sys.argv[1:5])
