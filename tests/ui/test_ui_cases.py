"""Pilot tests: the cases list and its filter, the case view and its actions, leaving
intake with unsaved changes, and a draft that survives a lock."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from caseworker.cases.case_read import load_case
from screens.base.modals import ConfirmModal
from screens.cases.entry_modals import EventModal, NoteModal, SourceModal
from screens.cases.intake import IntakeScreen
from screens.shell.dashboard import DashboardScreen
from screens.shell.unlock import LockScreen
from tests.conftest import PASSPHRASE
from tests.support.case_factory import seed_cases, seed_draft, simple_draft
from tests.support.helpers import choose, fill, type_text, wait_for
from tests.support.ui_fixtures import (
    SIZE,
    case_shown,
    make_app,
    open_cases,
    open_edit_form,
    open_first_case,
    retype,
    unlock,
)


def _record(app, case_id):
    with app.workspace.store.read() as session:
        return load_case(session, case_id)


async def test_dashboard_lists_cases_and_opens_one(data_dir):
    [case_id] = seed_cases(data_dir, seed_draft("yerzhanat-abai"))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        table = app.screen.query_one("#cases", DataTable)
        assert table.row_count == 1 and "1 open" in app.screen.sub_title
        await open_first_case(pilot)
        assert app.screen.case_id == case_id
        assert app.screen.query_one("#events", DataTable).row_count == 3


async def test_cases_filter_as_you_type_in_any_script(data_dir):
    seed_cases(data_dir, simple_draft("Qalymbek Shahman", situation="detained"),
          simple_draft("Сайрагүл Сауытбай"), simple_draft("Yerzhanat Abai"))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_cases(pilot)
        count = app.screen.query_one("#count")
        assert table.row_count == 3
        await type_text(pilot, "сауыт")
        await wait_for(pilot, lambda: table.row_count == 1)
        assert "1 case matches" in str(count.render())
        await pilot.press(*["backspace"] * 5)
        await type_text(pilot, "qalym")
        await wait_for(pilot, lambda: table.row_count == 1
                       and "Qalymbek" in str(table.get_row_at(0)[0]))
        await pilot.press("enter")          # from the filter to the results
        await pilot.press("enter")          # open the highlighted case
        await wait_for(pilot, lambda: case_shown(app))
        await wait_for(pilot, lambda: app.screen.record is not None)
        assert app.screen.title == "Qalymbek Shahman"


def _problems(app) -> str:
    lists = app.screen.query("ProblemList")
    return str(lists.first().render()) if lists else ""


async def test_case_view_adds_an_event_a_source_and_a_note_and_deletes_an_event(data_dir):
    [case_id] = seed_cases(data_dir, simple_draft("Yerzhanat Abai"))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await open_first_case(pilot)
        view = app.screen
        # An event, with a bad date first: the dialog says so and stays open.
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, EventModal))
        await choose(pilot, "Detained")
        await pilot.press("tab")
        await fill(pilot, "2025-13-01")
        await fill(pilot, "Taldykorgan SIZO")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "month" in _problems(app))
        assert isinstance(app.screen, EventModal)
        assert "events" not in _problems(app)
        field = app.screen.query(Input).filter(".col-at").first()
        field.value = ""
        field.focus()
        await type_text(pilot, "2025-05-20T10:00")
        await pilot.press("f2")
        await wait_for(pilot, lambda: app.screen is view
                       and view.query_one("#events", DataTable).row_count == 1)
        # the clocks the detention started are named
        await wait_for(pilot, lambda: any("It started 4 clocks: " in n.message
                                          for n in app._notifications))
        # A source.
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SourceModal))
        await fill(pilot, "https://www.azattyq.org/a/1")
        await fill(pilot, "Azattyq", then_tab=False)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is view
                       and view.query_one("#source-table", DataTable).row_count == 1)
        # A note.
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteModal))
        await type_text(pilot, "Lawyer visited; no copy of the decision")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is view and len(view.record.notes) == 1)
        # Delete the event, after confirming.
        view.query_one("#events", DataTable).focus()
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.screen is view and view.record.events == [])
        await wait_for(pilot, lambda: any("4 open checklist items it started were cancelled"
                                          in n.message for n in app._notifications))
        record = _record(app, case_id)
    assert [s.outlet for s in record.sources] == ["Azattyq"]
    assert [n.text for n in record.notes] == ["Lawyer visited; no copy of the decision"]


async def test_edit_person_and_case_from_the_case_view(data_dir):
    [case_id] = seed_cases(data_dir, seed_draft("yerzhanat-abai"))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_edit_form(pilot)
        await retype(pilot, "ethnicity", "Kazakh (Ili)")
        await pilot.press("f5")
        await type_text(pilot, "Ержанат Абай")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: case_shown(app))
        record = _record(app, case_id)
    assert record.person.ethnicity == "Kazakh (Ili)"
    assert [n.text for n in record.names] == ["Yerzhanat Abai", "Ержанат Абай"]
    assert len(record.events) == 3 and len(record.sources) == 1  # untouched by the edit


async def test_leaving_intake_with_changes_asks_first(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, IntakeScreen))
        await pilot.press("escape")            # nothing typed: leaves at once
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, IntakeScreen))
        await pilot.pause()
        await type_text(pilot, "Qalymbek")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("n")                 # stay
        await wait_for(pilot, lambda: isinstance(app.screen, IntakeScreen))
        assert app.screen.query(Input).first().value == "Qalymbek"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))


async def test_a_draft_survives_a_lock(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, IntakeScreen))
        await pilot.pause()
        await type_text(pilot, "Qalymbek Shahman")
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
        await unlock_again(pilot)
        assert isinstance(app.screen, IntakeScreen)
        assert app.screen.query(Input).first().value == "Qalymbek Shahman"


async def unlock_again(pilot) -> None:
    await wait_for(pilot, lambda: getattr(pilot.app.focused, "id", None) == "passphrase")
    await type_text(pilot, PASSPHRASE)
    await pilot.press("enter")
    await wait_for(pilot, lambda: not pilot.app.locked)
