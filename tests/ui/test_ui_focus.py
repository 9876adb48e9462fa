"""Pilot tests: the field the next key goes to can be seen, a list opens with a border
of its own, one Enter chooses in a list, and an opened case takes keys at once
(issue 19, finding 10)."""

from __future__ import annotations

from textual.color import Color
from textual.widgets import DataTable, Select
from textual.widgets._select import SelectCurrent, SelectOverlay

from tests.support.case_factory import seed_cases, simple_draft
from tests.support.helpers import type_text, wait_for
from tests.support.ui_fixtures import SIZE, make_app, open_first_case, open_intake, unlock


def _distance(a: Color, b: Color) -> float:
    return sum((x - y) ** 2 for x, y in zip(a.rgb, b.rgb, strict=True)) ** 0.5


def _shown(widget) -> Color:
    return widget.background_colors[1]


async def test_the_focused_field_stands_out_from_the_others(data_dir):
    """The focused dropdown's background changed by one grey step, the focused text field
    by about as little."""
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        sex = app.screen.query_one("#sex", Select)
        age = app.screen.query_one("#age")
        for field, painted in ((sex, lambda: sex.query_one(SelectCurrent)), (age, lambda: age)):
            app.screen.query_one("#situation").focus()
            await pilot.pause()
            before = _shown(painted())
            field.focus()
            await pilot.pause()
            assert _distance(before, _shown(painted())) > 60, field.id


async def test_one_enter_chooses_in_a_list_and_the_open_list_has_a_border(data_dir):
    """Lists needed two Enters, and an open list had no border: the Sex list read as the
    values of the fields below it."""
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        sex = app.screen.query_one("#sex", Select)
        sex.focus()
        await pilot.pause()
        await type_text(pilot, "Fe")
        overlay = sex.query_one(SelectOverlay)
        await wait_for(pilot, lambda: sex.expanded)
        assert overlay.styles.border_top[0] != "" and overlay.styles.border_left[0] != ""
        await pilot.press("enter")
        await wait_for(pilot, lambda: not sex.expanded)
        assert sex.value == "female"


async def test_an_opened_case_takes_keys_on_its_timeline_at_once(data_dir):
    seed_cases(data_dir, simple_draft("Qalymbek Shahman"))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        view = await open_first_case(pilot)
        timeline = view.query_one("#timeline DataTable", DataTable)
        await wait_for(pilot, lambda: app.focused is timeline)
