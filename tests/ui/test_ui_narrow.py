"""Pilot tests at 80x24, the smallest screen Caseworker is laid out for: the columns that
matter are on screen, fields are wide enough to read, the footer shows the keys of what
is on screen, and dialogs fit (issue 19, finding 15, and the footer of finding 14)."""

from __future__ import annotations

from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from screens.places.place_picker import PlacePicker
from tests.support.case_factory import seed_cases, seed_draft
from tests.support.helpers import wait_for
from tests.support.ui_fixtures import make_app, open_first_case, open_intake, unlock

NARROW = (80, 24)


def _columns_on_screen(table: DataTable) -> list[str]:
    """The labels of the columns drawn whole inside the table's width."""
    shown, right = [], 0
    for column in table.columns.values():
        right += column.get_render_width(table)
        if right <= table.scrollable_content_region.width:
            shown.append(str(column.label))
    return shown


def _footer_keys(app) -> dict[str, str]:
    """Keys shown whole in the footer, with what they do."""
    width = app.size.width
    return {key.key: key.description for key in app.screen.query(FooterKey)
            if key.display and key.region.width and key.region.right <= width}


async def test_the_dashboard_shows_the_next_action_and_every_key(data_dir):
    """The Next action column was cut to two letters and x (Exchange) was not in the
    footer."""
    seed_cases(data_dir, seed_draft("qalymbek-shahman"))
    app = make_app(data_dir)
    async with app.run_test(size=NARROW) as pilot:
        await unlock(pilot)
        table = app.screen.query_one("#cases", DataTable)
        await wait_for(pilot, lambda: table.row_count == 1)
        await pilot.pause()
        assert "Next action" in _columns_on_screen(table)
        keys = _footer_keys(app)
        for key in ("n", "c", "l", "t", "s", "x"):
            assert key in keys, key


async def test_intake_fields_are_wide_enough_to_read_what_they_hold(data_dir):
    """The name field was 13 columns wide, Where 8 and Note 4."""
    app = make_app(data_dir)
    async with app.run_test(size=NARROW) as pilot:
        await open_intake(pilot)
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#names .col-text").region.width >= 30
        assert screen.query_one("#events .col-location").region.width >= 20
        assert screen.query_one("#events .col-note").region.width >= 30
        for field in screen.query("#events .col-type, #events .col-at, #events .col-location,"
                                  " #events .col-note"):
            assert field.region.right <= 80


async def test_the_case_tabs_show_their_columns_and_their_keys(data_dir):
    """The checklist's Action column was gone, the risk questions' Answer cut, and the
    footer so long that t and c never showed on the checklist tab."""
    seed_cases(data_dir, seed_draft("qalymbek-shahman"))
    app = make_app(data_dir)
    async with app.run_test(size=NARROW) as pilot:
        await unlock(pilot)
        view = await open_first_case(pilot)
        await pilot.press("6")
        checklist = view.query_one("#checklist-table", DataTable)
        await wait_for(pilot, lambda: checklist.row_count > 0 and checklist.region.width)
        await pilot.pause()
        assert "Action" in _columns_on_screen(checklist)
        keys = _footer_keys(app)
        assert keys.get("t") == "Done" and keys.get("c") == "Court date"
        await pilot.press("7")
        await pilot.pause()
        questions = view.query_one("#risk DataTable", DataTable)
        await wait_for(pilot, lambda: questions.region.width > 0)
        assert {"Answer", "Question"} <= set(_columns_on_screen(questions))


async def test_the_place_finder_fits_the_screen(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=NARROW) as pilot:
        await open_intake(pilot)
        app.screen.query_one("#events .col-location").focus()
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, PlacePicker))
        await pilot.pause()
        dialog = app.screen.query_one("PlacePicker > Vertical")
        assert dialog.region.x >= 0 and dialog.region.right <= 80
        results = app.screen.query_one("#place-results", DataTable)
        await wait_for(pilot, lambda: results.row_count > 0)
        assert {"Place", "Country"} <= set(_columns_on_screen(results))
