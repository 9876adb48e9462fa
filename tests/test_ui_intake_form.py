"""Pilot tests of the intake form as a volunteer meets it: what the keys do, what the
form shows, and that nothing typed is lost or linked wrongly (issue 19)."""

from __future__ import annotations

from textual.widgets import Input

from screens.base.modals import ConfirmModal
from screens.cases.intake import IntakeScreen
from screens.shell.dashboard import DashboardScreen
from tests.helpers import burst, type_text, wait_for
from tests.ui_fixtures import SIZE, make_app, open_intake, unlock


def _value(app, selector: str) -> str:
    return app.screen.query_one(selector, Input).value


async def test_keys_typed_while_the_intake_opens_reach_its_first_field(data_dir):
    """Finding 9: keys typed right after n reached the dashboard and were lost."""
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await burst(pilot, "n", *"Yerzhanat Abai")
        await wait_for(pilot, lambda: isinstance(app.screen, IntakeScreen)
                       and app.focused is not None and app.focused.value == "Yerzhanat Abai")


async def test_a_field_typed_tab_and_the_next_field_stay_apart_when_typed_fast(data_dir):
    """Finding 9: a contact's name, Tab, "lawyer" typed faster than the app handled them
    ran together in one field: Tab moved the focus only after the letters behind it."""
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        app.screen.query_one("#contacts .col-name", Input).focus()
        await pilot.pause()
        await burst(pilot, *"Daulet", "tab", *"lawyer")
        await wait_for(pilot, lambda: _value(app, "#contacts .col-role") == "lawyer")
        assert _value(app, "#contacts .col-name") == "Daulet"


async def test_quitting_with_an_unsaved_intake_asks_first(data_dir):
    """Finding 6: ctrl+q quit at once, and the typing was lost."""
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        await type_text(pilot, "Yerzhanat Abai")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert "the new intake" in _modal_text(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, IntakeScreen))
        assert app.is_running and _value(app, ".col-text") == "Yerzhanat Abai"
        await pilot.press("ctrl+q", "y")
        await wait_for(pilot, lambda: not app.is_running)


async def test_quitting_from_the_dashboard_does_not_ask(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running)


def _modal_text(app) -> str:
    return "\n".join(str(static.render()) for static in app.screen.query("Static"))
