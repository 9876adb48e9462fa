"""Left alone, the app draws nothing: no text cursor blinks unless config.toml asks for
it, and no screen keeps a timer that repaints; the dashboard wakes when a countdown can
next read differently (docs/architecture.md §8). The CPU this saves is a bench figure."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Checkbox, Input, Static

from caseworker.core.config import Config
from screens.cases.all_cases import CasesScreen
from screens.cases.case_view import CaseScreen
from screens.cases.intake import IntakeScreen
from screens.exchange.export_form import ExportScreen
from screens.exchange.import_preview import ImportScreen
from screens.exchange.overview import ExchangeScreen
from screens.places.all_places import PlacesScreen
from screens.shell.dashboard import PAST_THE_MINUTE, DashboardScreen
from screens.shell.unlock import LockScreen
from tests.support.case_factory import NOW
from tests.support.dashboard_cases import Clock, dashboard_app, seeded_dashboard
from tests.support.helpers import wait_for
from tests.support.running_timers import repeating, running_timers
from tests.support.ui_fixtures import SIZE, make_app, unlock

# The one timer that repeats: locking after idle minutes, and after the laptop slept
# (the monotonic clock stops while it sleeps, so no deadline set on it can notice).
IDLE_LOCK = {"CaseworkerApp: idle lock"}
TABS = ("timeline", "person", "sources", "notes", "history", "checklist", "risk")


async def _settled(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_no_screen_keeps_a_repeating_timer(data_dir):
    seeded_dashboard(data_dir)
    app = dashboard_app(data_dir, Clock())
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await _settled(pilot)
        idle = {"dashboard": repeating(running_timers(app))}
        for name, action, screen_type in (("cases", "action_cases", CasesScreen),
                                          ("intake", "action_new_intake", IntakeScreen),
                                          ("places", "action_locations", PlacesScreen),
                                          ("exchange", "action_exchange", ExchangeScreen)):
            getattr(app.screen, action)()
            await wait_for(pilot, lambda t=screen_type: isinstance(app.screen, t))
            await _settled(pilot)
            idle[name] = repeating(running_timers(app))
            app.pop_screen()
            await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen)
                       and app.screen.record is not None)
        for tab in TABS:
            app.screen.action_tab(tab)
            await _settled(pilot)
            idle[f"case, {tab}"] = repeating(running_timers(app))
    assert idle == dict.fromkeys(idle, IDLE_LOCK)


async def test_export_and_import_keep_no_timer_before_or_after_their_work(data_dir, tmp_path):
    # Textual's progress bar ticks every second, and animates 15 times a second until it
    # has a total, hidden or not: these screens hold one only while their work runs.
    seeded_dashboard(data_dir)
    app = dashboard_app(data_dir, Clock())
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await _settled(pilot)
        app.screen.action_exchange()
        await wait_for(pilot, lambda: isinstance(app.screen, ExchangeScreen))
        idle = {}
        for key, name, screen_type in (("i", "import", ImportScreen),
                                       ("e", "export", ExportScreen)):
            await pilot.press(key)
            await wait_for(pilot, lambda t=screen_type: isinstance(app.screen, t))
            await _settled(pilot)
            idle[name] = repeating(running_timers(app))
            if name == "import":
                app.pop_screen()
                await wait_for(pilot, lambda: isinstance(app.screen, ExchangeScreen))
        export = app.screen
        export.query_one("#use-passphrase", Checkbox).value = True
        await pilot.pause()
        export.query_one("#passphrase", Input).value = "quartz lantern mosaic thimble orbit"
        export.query_one("#out", Input).value = str(tmp_path / "every-case.cwb")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Wrote" in str(export.query_one("#done", Static).render()))
        await _settled(pilot)
        idle["export, written"] = repeating(running_timers(app))
    assert idle == dict.fromkeys(idle, IDLE_LOCK)


async def test_a_focused_field_holds_its_cursor_still_unless_asked_to_blink(data_dir):
    for blink in (False, True):
        app = make_app(data_dir, config=Config(user="v", cursor_blink=blink))
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: isinstance(pilot.app.focused, Input))
            await pilot.pause()
            field = app.focused
            assert field.cursor_blink is blink
            assert (field._blink_timer in running_timers(app)) is blink


async def test_the_dashboard_wakes_on_the_minute_and_when_a_case_turns_critical(data_dir):
    seeded_dashboard(data_dir)
    clock = Clock()
    clock.now = NOW.replace(second=20, microsecond=0)
    app = dashboard_app(data_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await _settled(pilot)
        screen = app.screen
        assert screen.dashboard.next_change is None or \
            screen.dashboard.next_change > clock.now + timedelta(seconds=40)
        (wake,) = [t for t in running_timers(app) if t.name == "countdowns"]
        assert wake._interval == 40 + PAST_THE_MINUTE
        # a case turns CRITICAL ten seconds from now: the screen wakes then
        screen.dashboard = type(screen.dashboard)(**{
            **screen.dashboard.__dict__, "next_change": clock.now + timedelta(seconds=10)})
        screen._wake_next()
        (wake,) = [t for t in running_timers(app) if t.name == "countdowns"]
        assert wake._interval == 10 + PAST_THE_MINUTE


async def test_a_covered_dashboard_sets_no_wake_until_it_is_back(data_dir):
    seeded_dashboard(data_dir)
    app = dashboard_app(data_dir, Clock())
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await _settled(pilot)
        dashboard = app.screen

        def wakes() -> list[str]:
            return [t.name for t in running_timers(app, covered=True) if t.name == "countdowns"]

        assert wakes() == ["countdowns"]
        for cover, screen_type in ((dashboard.action_cases, CasesScreen),
                                   (app.action_lock, LockScreen)):
            cover()
            await wait_for(pilot, lambda t=screen_type: isinstance(app.screen, t))
            await _settled(pilot)
            # Covered, its wake would do nothing but let the covered screen catch up on
            # what it put off (Textual rebuilds its footer then): none is left set.
            assert wakes() == []
            if screen_type is LockScreen:
                await unlock(pilot)  # and back to the list
            else:
                app.pop_screen()
            await wait_for(pilot, lambda: app.screen is dashboard)
            await _settled(pilot)
            assert wakes() == ["countdowns"]
