"""Pilot tests of the rows of intake (events, names, contacts…): removing a row from any
of its fields without losing what the next key was meant for, and F4 putting the chosen
place in the row for everyone to see (issue 19)."""

from __future__ import annotations

from textual.widgets import Input

from screens.base.modals import ConfirmModal
from screens.cases.intake import IntakeScreen
from screens.places.place_picker import PlacePicker
from tests.support.helpers import type_text, wait_for
from tests.support.ui_fixtures import SIZE, case_shown, make_app, open_intake


def _rows(app) -> list:
    return list(app.screen.query("#events EventRow"))


async def test_ctrl_x_removes_the_row_from_a_text_field_and_the_next_key_destroys_nothing(
        data_dir):
    """Finding 6: ctrl+x in a text field cut text instead of removing the row (the
    field's own ctrl+x won), and after a removal the cursor landed in the row before with
    all of its note selected, so the next key replaced the note."""
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        first = _rows(app)[0]
        first.field("note").focus()
        await type_text(pilot, "held two days")
        await pilot.press("f6")
        await wait_for(pilot, lambda: len(_rows(app)) == 2)
        second = _rows(app)[1]
        second.field("note").focus()
        await type_text(pilot, "wrong row")
        await pilot.press("ctrl+x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, IntakeScreen)
                       and len(_rows(app)) == 1)
        assert app.focused is first.field("note")
        await type_text(pilot, ", then moved")
        assert first.field("note").value == "held two days, then moved"

        # an empty row goes without asking, from whichever field the cursor is in
        await pilot.press("f6")
        await wait_for(pilot, lambda: len(_rows(app)) == 2)
        _rows(app)[1].field("at").focus()
        await pilot.press("ctrl+x")
        await wait_for(pilot, lambda: len(_rows(app)) == 1)
        assert isinstance(app.screen, IntakeScreen)


async def test_removing_a_row_that_holds_words_can_be_taken_back(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        await pilot.press("f6")
        await wait_for(pilot, lambda: len(_rows(app)) == 2)
        _rows(app)[1].field("location").focus()
        await type_text(pilot, "Khorgos")
        await pilot.press("ctrl+x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, IntakeScreen))
        assert len(_rows(app)) == 2 and _rows(app)[1].field("location").value == "Khorgos"


async def test_f4_puts_the_chosen_place_in_the_row_and_keeps_the_words_typed(data_dir):
    """Finding 2: F4, a new query and Enter linked the event to the place chosen while
    the row kept the words typed before: "Tashkent" linked to the Zharkent IVS, read as
    "Zharkent police IVS (Tashkent)", and nothing in the row showed the link."""
    from caseworker.cases.case_read import load_case

    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        await type_text(pilot, "Yerzhanat Abai")
        row = _rows(app)[0]
        row.field("type").focus()
        await pilot.pause()
        await type_text(pilot, "Det")
        await pilot.press("enter", "tab")
        await type_text(pilot, "12.05.2025 09:00")
        await pilot.press("tab")
        await type_text(pilot, "Tashkent")
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, PlacePicker))
        query = app.screen.query_one("#place-query", Input)
        await wait_for(pilot, lambda: app.focused is query)
        await pilot.press("ctrl+u")  # the words are replaced by a new search
        await type_text(pilot, "Zharkent IVS")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, IntakeScreen))
        assert row.field("location").value == "Zharkent police IVS"
        assert row.field("location").has_class("-linked")
        assert str(row.query_one(".mark-location").render()) == "→KZ"
        assert row.field("note").value == "place as written: Tashkent"
        await pilot.press("f2")
        await wait_for(pilot, lambda: case_shown(app))
        with app.workspace.store.read() as session:
            record = load_case(session, app.screen.case_id)
    [event] = record.events
    assert event.location_id == "KZ-DET-ZHARKENT-IVS"
    assert record.event_place(event) == "Zharkent police IVS"
