"""Pilot tests of the intake form as a volunteer meets it: what the keys do, what the
form shows, and that nothing typed is lost or linked wrongly (issue 19)."""

from __future__ import annotations

from textual.widgets import Input, Select

from screens.base.modals import ConfirmModal
from screens.cases.intake import IntakeScreen
from screens.places.place_picker import PlacePicker
from screens.shell.dashboard import DashboardScreen
from tests.support.helpers import burst, type_text, wait_for
from tests.support.ui_fixtures import SIZE, case_shown, make_app, open_intake, unlock


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


def _problems(app) -> str:
    return str(app.screen.query_one("#problems").render())


async def _focus(pilot, selector: str) -> None:
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()


async def test_a_missing_report_date_focuses_that_field_and_keeps_the_age(data_dir):
    """Finding 8: the problem pointed at the age, F2 focused the age with its value
    selected, and the date typed next replaced the age."""
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        await type_text(pilot, "Yerzhanat Abai")
        await _focus(pilot, "#age")
        await type_text(pilot, "23")
        await pilot.press("f2")
        await wait_for(pilot, lambda: "reported on" in _problems(app))
        assert "✗ Age reported on: type the day on which the age was reported" in _problems(app)
        assert app.focused.id == "age-on"
        await type_text(pilot, "16.05.2025")
        assert (_value(app, "#age"), _value(app, "#age-on")) == ("23", "16.05.2025")


async def test_problems_name_fields_as_the_screen_shows_them_and_local_dates_are_read(
        data_dir):
    """Finding 11: problems said "events, row 1, at" and "documents, row 1, number", and
    a date written the local way, 15.03.1990, was refused."""
    from caseworker.cases.case_read import load_case

    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        await type_text(pilot, "Yerzhanat Abai")
        await _focus(pilot, "#birth-date")
        await type_text(pilot, "15.03.1990")
        await _focus(pilot, "#prc-id")
        await type_text(pilot, "654321199003150001")
        await _focus(pilot, "#events .col-type")
        await type_text(pilot, "Det")  # the list opens on the first letter: one Enter
        await pilot.press("enter")
        await pilot.press("tab")
        await type_text(pilot, "yesterday")
        await pilot.press("tab")
        await type_text(pilot, "Zharkent")
        await pilot.press("f2")
        await wait_for(pilot, lambda: "✗" in _problems(app))
        shown = _problems(app)
        assert "✗ Events, row 1, When: type a date as 15.03.2025 or 2025-03-15" in shown
        assert "✗ PRC ID number:" in shown
        assert "birth" not in shown.lower()  # 15.03.1990 is a date
        for internal in ("events, row", ", at:", "documents", "number:  "):
            assert internal not in shown
        await _focus(pilot, "#prc-id")
        app.focused.value = ""
        await _focus(pilot, "#events .col-at")
        app.focused.value = ""
        await type_text(pilot, "12.05.2025 09:00")
        await pilot.press("f2")
        await wait_for(pilot, lambda: case_shown(app))
        with app.workspace.store.read() as session:
            record = load_case(session, app.screen.case_id)
    assert (record.person.birth_date, record.person.birth_precision) == ("1990-03-15", "exact")
    assert record.events[0].at.isoformat() == "2025-05-12T04:00:00+00:00"


async def test_a_new_intake_starts_from_defaults_that_say_nothing_yet(data_dir):
    """Finding 12: the situation started as "Whereabouts unknown" (itself a red flag),
    two event rows were filled in "Detained", and consent had no "not asked yet"."""
    from textual.widgets import Select

    from caseworker.risk.assessment import assess_case

    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        screen = app.screen
        assert screen.query_one("#situation", Select).value == "unknown"
        assert screen.query_one("#consent-level", Select).value == "not_asked"
        rows = screen.query("#events EventRow")
        assert len(rows) == 1
        assert rows.first().query_one(".col-type", Select).value == ""
        await type_text(pilot, "Yerzhanat Abai")
        await pilot.press("f2")
        await wait_for(pilot, lambda: case_shown(app))
        case_id = app.screen.case_id
        with app.workspace.store.read() as session:
            assessment = assess_case(session, case_id, app.workspace.now())
            from storage.tables import Case

            case = session.get(Case, case_id)
    assert (case.situation, case.consent_level) == ("unknown", "not_asked")
    # nothing typed, nothing concluded: no red flag, and publicity is a question still open
    assert assessment.red_flags == () and assessment.level == "WATCH"
    assert "publicity" in {gap.fact for gap in assessment.gaps}


async def test_an_event_row_with_words_but_no_type_asks_to_choose_one(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        await type_text(pilot, "Yerzhanat Abai")
        await _focus(pilot, "#events .col-at")
        await type_text(pilot, "12.05.2025")
        await pilot.press("f2")
        await wait_for(pilot, lambda: "✗" in _problems(app))
        assert "✗ Events, row 1, Event: choose what happened" in _problems(app)
        assert app.focused.has_class("col-type")


async def test_keys_typed_as_a_list_closes_go_to_the_field_that_then_has_focus(data_dir):
    """A list chosen with Enter gives the focus back to its field a few steps later: a Tab
    and a date typed meanwhile moved from the closing list, then the field took the focus
    back, and the date opened the list again (typed in a real terminal on a busy machine)."""
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        await _focus(pilot, "#sex")
        await burst(pilot, "enter", *"Ma", "enter", "tab", *"03.1990")
        await wait_for(pilot, lambda: _value(app, "#birth-date") == "03.1990")
        assert app.screen.query_one("#sex", Select).value == "male"
        assert app.focused is app.screen.query_one("#birth-date")


async def test_keys_typed_right_after_adding_an_event_go_to_the_new_row(data_dir):
    """F6 then the event type at once: the keys went to the previous row's note, because
    the new row took the focus a message after the row was made (typed in a terminal)."""
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        rows = app.screen.query("EventRow")
        first_note = rows.last().query_one(".col-note", Input)
        first_note.focus()
        await pilot.pause()
        await burst(pilot, *"Left", "f6", *"Den", "enter", "tab", *"01.2019")
        await wait_for(pilot, lambda: len(app.screen.query("EventRow")) == len(rows) + 1)
        new_row = app.screen.query("EventRow").last()
        await wait_for(pilot, lambda: new_row.query_one(".col-at", Input).value == "01.2019")
        assert first_note.value == "Left"
        assert new_row.query_one(".col-type", Select).value == "denied_entry"


async def test_f4_typed_right_after_a_place_name_searches_for_the_whole_name(data_dir):
    """F4 acts the moment it is read (a priority key), while the letters before it may
    still wait for the field: the finder opened with the place half typed."""
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        row = app.screen.query("EventRow").last()
        row.query_one(".col-location", Input).focus()
        await pilot.pause()
        await burst(pilot, *"Tashkent airport", "f4")
        await wait_for(pilot, lambda: isinstance(app.screen, PlacePicker))
        assert app.screen.initial_query == "Tashkent airport"
