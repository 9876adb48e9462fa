"""Pilot tests for the app shell: first run, unlock, locking, help, palette."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from caseworker.core.config import Config
from screens.shell.create_store import CreateStoreScreen
from screens.shell.dashboard import DashboardScreen
from screens.shell.help import HelpScreen
from screens.shell.unlock import LockScreen
from tests.conftest import PASSPHRASE
from tests.support.helpers import type_text, wait_for
from tests.support.ui_fixtures import SIZE, FakeClocks, make_app, unlock


async def test_first_run_creates_the_store_after_two_matching_entries(tmp_path):
    data_dir = tmp_path / "fresh"
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, CreateStoreScreen)
        status = app.screen.query_one("#status", Static)
        # The first run asks who is working here first (issue 19).
        await type_text(pilot, "Aigerim")
        await pilot.press("enter")
        # Too weak: refused with a hint, nothing created.
        await type_text(pilot, "password1")
        await pilot.press("enter")
        await pilot.press("enter")
        assert "too easy to guess" in str(status.render())
        assert not data_dir.exists()
        # Strong but the second entry differs.
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await type_text(pilot, "something else entirely")
        await pilot.press("enter")
        assert "differ" in str(status.render())
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen) and app.screen.loaded)
        assert "No open cases yet" in str(app.screen.query_one("#empty", Static).render())
    assert (data_dir / "store.key").exists() and (data_dir / "config.toml").exists()


async def test_first_run_moves_between_fields_with_tab_and_keeps_the_name(tmp_path):
    """Issue 19, finding 1: Tab did nothing on the first-run form (the app refused every
    action while locked), so the second typing of the passphrase went into the first
    field, and the store was made with both copies run together."""
    from caseworker.core.config import load_config
    from caseworker.core.store_settings import read_settings
    from caseworker.opening.unlocking import open_store

    data_dir = tmp_path / "fresh"
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "name")
        await type_text(pilot, "Aigerim Sadykova")
        await pilot.press("tab")
        await type_text(pilot, PASSPHRASE)
        await pilot.press("tab")
        assert app.focused.id == "second"
        await pilot.press("shift+tab")
        assert app.focused.id == "first"
        await pilot.press("tab")
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen) and app.screen.loaded)
        assert app.workspace.author == "Aigerim Sadykova"
    store = open_store(data_dir, PASSPHRASE)  # the passphrase is the one typed, once
    try:
        with store.read() as session:  # the name is kept in the store, with its settings
            assert read_settings(session, load_config(data_dir)).user == "Aigerim Sadykova"
    finally:
        store.close()


async def test_strength_hint_follows_typing(tmp_path):
    app = make_app(tmp_path / "fresh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")
        await type_text(pilot, "abc")
        hint = app.screen.query_one("#strength", Static)
        assert "very weak" in str(hint.render()) and hint.has_class("-weak")
        await type_text(pilot, "-juniper-canyon-marble")
        assert "strong" in str(hint.render()) and not hint.has_class("-weak")


async def test_wrong_passphrase_says_so_and_allows_a_retry(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, DashboardScreen) and app.screen.locked
        await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "passphrase")
        await type_text(pilot, "not my passphrase")
        await pilot.press("enter")
        status = app.screen.query_one("#status", Static)
        await wait_for(pilot, lambda: "wrong" in str(status.render()))
        field = app.screen.query_one("#passphrase", Input)
        assert field.value == "" and not field.disabled and field.has_focus
        await unlock(pilot)
        assert app.workspace.store is not None


async def test_keys_typed_while_unlocking_wait_for_the_dashboard(data_dir):
    """n typed right after the passphrase's Enter opens the intake once the store is open
    (docs/architecture.md §9); typed after a wrong passphrase, keys are dropped rather
    than typed into the passphrase field."""
    from screens.cases.intake import IntakeScreen
    from tests.support.helpers import burst

    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "passphrase")
        await burst(pilot, *"not my passphrase", "enter", *"abc")
        status = app.screen.query_one("#status", Static)
        await wait_for(pilot, lambda: "wrong" in str(status.render()))
        await pilot.pause(0.2)
        assert app.screen.query_one("#passphrase", Input).value == ""
        await burst(pilot, *PASSPHRASE, "enter", "n")
        await wait_for(pilot, lambda: isinstance(app.screen, IntakeScreen))


async def test_an_unexpected_failure_while_opening_is_said_and_allows_a_retry(data_dir,
                                                                            monkeypatch):
    from caseworker.cases import open_cases as dashboard

    def broken(store, **_):
        raise RuntimeError("a message that could hold case data")

    monkeypatch.setattr(dashboard, "load_dashboard", broken)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "passphrase")
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        status = app.screen.query_one("#status", Static)
        await wait_for(pilot, lambda: "internal error: RuntimeError" in str(status.render()))
        assert "case data" not in str(status.render())
        assert not app.screen.query_one("#passphrase", Input).disabled
        assert app.workspace.store is None


async def test_idle_minutes_lock_the_app_and_drop_the_store(data_dir):
    clocks = FakeClocks()
    app = make_app(data_dir, config=Config(user="v", idle_lock_minutes=3), clocks=clocks)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        clocks.advance(2 * 60)
        app.check_idle_lock()
        assert not app.locked
        await pilot.press("down")  # activity resets the idle timer
        clocks.advance(2 * 60)
        app.check_idle_lock()
        assert not app.locked
        clocks.advance(3 * 60 + 1)
        app.check_idle_lock()
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
        assert app.locked and app.workspace.store is None
        await wait_for(pilot, lambda: "idle" in _lock_prompt(app))
        await unlock(pilot)
        assert not app.locked and app.workspace.store is not None


async def test_locking_closes_the_store_it_had_open(data_dir):
    """The workspace forgetting the store is not enough: the store itself must be closed,
    or a screen still holding it could read on behind the lock screen."""
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        store = app.workspace.store
        assert store is not None and store.is_open
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
        assert app.locked and app.workspace.store is None
        assert not store.is_open


async def test_a_wall_clock_jump_means_suspend_and_locks(data_dir):
    clocks = FakeClocks()
    app = make_app(data_dir, clocks=clocks)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        clocks.wall += 3600  # suspended for an hour: monotonic time did not move
        app.check_idle_lock()
        await wait_for(pilot, lambda: "slept" in _lock_prompt(app))


async def test_lock_key_and_keymap_from_config(data_dir):
    app = make_app(data_dir, config=Config(user="v", keymap={"app.lock": "f9"}))
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
        # While locked, the palette and the app's other actions are off.
        assert app.check_action("command_palette", ()) is False
        assert app.check_action("lock", ()) is False


async def test_help_screen_lists_the_active_bindings_with_ids(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        table = app.screen.query_one(DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert any(row[1] == "Lock" and row[3] == "app.lock" for row in rows)
        assert any(row[1] == "Quit" for row in rows)
        # Issue 19, finding 7: "[keymap]" was read as markup and vanished.
        hint = str(app.screen.query_one(".hint", Static).render())
        assert "under [keymap] with the binding id" in hint
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))


async def test_screenshot_command_is_removed_and_refused(data_dir, tmp_path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Screenshot" not in titles and "Lock" in titles
        app.action_screenshot()
        await pilot.pause()
    assert not list(tmp_path.rglob("*.svg"))


def _lock_prompt(app) -> str:
    if not isinstance(app.screen, LockScreen) or not app.screen.query("#prompt"):
        return ""
    return str(app.screen.query_one("#prompt").render())


async def test_a_title_change_while_a_header_is_taken_down_does_not_stop_the_app(data_dir):
    from textual.widgets._header import HeaderTitle

    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await app.screen.query_one(HeaderTitle).remove()
        app.screen.title = "A new title"  # Textual's own header would raise NoMatches here
        app.screen.sub_title = "and a new sub-title"
        await pilot.pause()
        assert app.is_running and app.return_code is None
