"""The app's side of erasure: the panic wipe's countdown, locking by restarting the
process, the clipboard kept inside the app, settings kept in the store, purging a case."""

from __future__ import annotations

import time

from textual.widgets import Input

from caseworker.app import RESTART, WIPED
from caseworker.core.config import Config
from screens.cases.case_view import CaseScreen
from screens.shell.dashboard import DashboardScreen
from screens.shell.wipe import WipeCountdown
from storage.paths import StorePaths
from tests.support.case_factory import seed_cases, simple_draft
from tests.support.helpers import type_text, wait_for
from tests.support.ui_fixtures import SIZE, make_app, open_first_case, unlock


async def test_the_wipe_key_counts_down_and_a_key_cancels_it(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "passphrase")
        await pilot.press("f10")  # locked: the wipe works without the passphrase
        await wait_for(pilot, lambda: isinstance(app.screen, WipeCountdown))
        await pilot.press("x")
        await wait_for(pilot, lambda: not isinstance(app.screen, WipeCountdown))
        assert StorePaths(data_dir).key_file.exists()


async def test_the_wipe_destroys_the_store_when_the_countdown_ends(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, WipeCountdown))
        started = time.monotonic()
        await wait_for(pilot, lambda: not StorePaths(data_dir).exists(), timeout=6)
        assert time.monotonic() - started < 3.0 + 1.0
    assert app.return_value == WIPED
    assert app.workspace.store is None
    assert not StorePaths(data_dir).database.exists()


async def test_locking_the_real_app_restarts_it_and_clears_the_clipboard(data_dir):
    app = make_app(data_dir)
    app.restart_on_lock = True
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        store = app.workspace.store
        app.copy_to_clipboard("Qalymbek Shahman")
        assert app.clipboard == "Qalymbek Shahman"
        assert not getattr(app, "_system_clipboard_used", False)
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: app.return_value is not None)
    assert app.return_value == RESTART and app.locked_reason == "on request"
    assert app.clipboard == "" and not store.is_open


async def test_the_command_line_restarts_the_program_after_a_lock(data_dir, monkeypatch):
    import sys

    from caseworker.app import CaseworkerApp
    from caseworker.cli import main as cli_main

    calls = []
    monkeypatch.setattr(CaseworkerApp, "run", lambda self: RESTART)
    monkeypatch.setattr("os.execv", lambda *args: calls.append(args))
    cli_main.main(["--data-dir", str(data_dir)])
    assert calls and calls[0][0] == sys.executable
    assert calls[0][1][1:] == sys.orig_argv[1:]


async def test_locked_the_clipboard_is_emptied_in_place(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        app.copy_to_clipboard("case text")
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: app.locked)
        assert app.clipboard == ""


async def test_security_settings_come_from_the_store_not_the_file(data_dir):
    app = make_app(data_dir, config=Config(user="aigerim", idle_lock_minutes=3))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)  # the first unlock copies them into the store
        assert app.workspace.config.idle_lock_minutes == 3
    # Someone edits the file (here: the settings it gives) to stretch the idle lock.
    app = make_app(data_dir, config=Config(user="intruder", idle_lock_minutes=240,
                                           keymap={"app.lock": "f20"}))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        config = app.workspace.config
        assert config.idle_lock_minutes == 3 and config.user == "aigerim"
        assert config.keymap.get("app.lock") is None


async def test_settings_are_changed_in_the_app(data_dir):
    from screens.shell.settings import SettingsModal

    app = make_app(data_dir, config=Config(user="aigerim"))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        app.action_settings()
        await wait_for(pilot, lambda: isinstance(app.screen, SettingsModal)
                       and app.screen.query("#idle"))
        field = app.screen.query_one("#idle", Input)
        field.value = "7"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, SettingsModal))
        assert app.workspace.config.idle_lock_minutes == 7


async def test_every_setting_can_be_reached_on_an_80_by_24_screen(data_dir):
    from textual.widgets import Checkbox

    from screens.shell.settings import SettingsModal

    app = make_app(data_dir, config=Config(user="aigerim"))
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        app.action_settings()
        await wait_for(pilot, lambda: isinstance(app.screen, SettingsModal)
                       and app.screen.query("#clipboard"))
        clipboard = app.screen.query_one("#clipboard", Checkbox)
        for _ in range(6):  # Tab through the fields to the last one
            if app.focused is clipboard:
                break
            await pilot.press("tab")
        # What is drawn at the checkbox's place is the checkbox, not the dialog over it.
        await wait_for(pilot, lambda: app.focused is clipboard
                       and app.screen.get_widget_at(*clipboard.region.offset)[0] is clipboard)
        await pilot.press("space")
        assert clipboard.value


async def test_a_case_is_purged_from_the_app_after_typing_purge(data_dir):
    from screens.base.modals import TypedConfirmModal

    [case_id] = seed_cases(data_dir, simple_draft("Qalymbek Shahman", situation="detained"))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await open_first_case(pilot)
        await pilot.press("P")
        await wait_for(pilot, lambda: isinstance(app.screen, TypedConfirmModal))
        await type_text(pilot, "no")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen))
        await pilot.press("P")
        await wait_for(pilot, lambda: isinstance(app.screen, TypedConfirmModal))
        await type_text(pilot, "purge")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), timeout=20)
        from storage.tables import Case

        with app.workspace.require_store().read() as session:
            assert session.get(Case, case_id) is None
