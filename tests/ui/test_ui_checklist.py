"""Pilot tests: a case's checklist shows its clocks; ticking an item off and entering the
date a court set."""

from __future__ import annotations

from textual.widgets import DataTable

from caseworker.core.drafts import EventDraft
from screens.cases.entry_modals import CourtDateModal
from storage.tables import ChecklistItem
from tests.support.case_factory import seed_cases, simple_draft
from tests.support.helpers import type_text, wait_for
from tests.support.ui_fixtures import SIZE, make_app, open_first_case, unlock


def _draft():
    from caseworker.cases.validation import validate_case
    from tests.support.case_factory import NOW, ZONE

    draft = simple_draft("Kaster Musakhanuly")
    draft.events = [EventDraft("extradition_request", "2026-11-20T10:00+05:00")]
    validate_case(draft, ZONE, NOW)
    return draft


def _row(table: DataTable, clock: str) -> int:
    for index in range(table.row_count):
        if str(table.get_row_at(index)[2]).startswith(clock):
            return index
    raise AssertionError(f"{clock} not in the checklist")


async def _open_checklist(pilot) -> DataTable:
    """Unlock, open the seeded case, and show its checklist."""
    await unlock(pilot)
    screen = await open_first_case(pilot)
    await pilot.press("6")
    table = screen.query_one("#checklist-table", DataTable)
    await wait_for(pilot, lambda: table.row_count > 0)
    return table


async def test_tick_off_and_enter_a_court_set_date(data_dir):
    seed_cases(data_dir, _draft())
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        table = await _open_checklist(pilot)
        # the extradition-arrest term is set by the court: the first row asks for it
        arrest = _row(table, "KZ-C5")
        assert arrest == 0 and str(table.get_row_at(0)[0]) == "enter the date"
        assert "verify locally" in str(table.get_row_at(0)[2])
        table.move_cursor(row=arrest)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CourtDateModal))
        await type_text(pilot, "2027-01-15")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "2027-01-15 00:00 (set by court)" in str(
            table.get_row_at(_row(table, "KZ-C5"))[0]))
        # and now it is done
        table.move_cursor(row=_row(table, "KZ-C5"))
        await pilot.press("t")
        # the status column says who ticked it off, and when (issue 19)
        await wait_for(pilot, lambda: str(table.get_row_at(_row(table, "KZ-C5"))[1])
                       .startswith("done by volunteer, "))
        with app.workspace.store.read() as session:
            from sqlmodel import select

            item = session.exec(select(ChecklistItem).where(
                ChecklistItem.clock_id == "KZ-C5")).one()
        assert (item.status, item.done_by, item.due_set_by) == ("done", "volunteer", "authority")


async def test_a_bad_court_date_says_why_and_changes_nothing(data_dir):
    seed_cases(data_dir, _draft())
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        table = await _open_checklist(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CourtDateModal))
        await type_text(pilot, "in January")
        await pilot.press("enter")
        # said in the dialog, which keeps the text to correct; nothing is saved
        modal = app.screen
        await wait_for(pilot, lambda: "needs at least a day" in str(
            modal.query_one("#court-date-problem").render()))
        assert modal.query_one("#court-date").value == "in January"
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, CourtDateModal))
        assert str(table.get_row_at(0)[0]) == "enter the date"


async def test_a_changed_template_is_shown_beside_the_due_time(data_dir):
    from caseworker.cases.validation import validate_case
    from caseworker.deadlines.clock_overrides import set_organisation_clocks
    from caseworker.opening.unlocking import open_store
    from tests.conftest import PASSPHRASE
    from tests.support.case_factory import NOW, ZONE

    detained = simple_draft("Yerzhanat Abai")
    detained.events = [EventDraft("detained", "2026-11-20T10:00+05:00", location="Zharkent")]
    validate_case(detained, ZONE, NOW)
    seed_cases(data_dir, detained)
    store = open_store(data_dir, PASSPHRASE)
    try:
        set_organisation_clocks(store, 'version = "o"\n[[clock]]\nid = "INT-UNHCR"\n'
                                       'duration = 48\n')
    finally:
        store.close()
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        table = await _open_checklist(pilot)
        due = str(table.get_row_at(_row(table, "INT-UNHCR"))[0])
        # kept at 24 h after the detention; the template now gives 48 h
        assert due == "2026-11-21 10:00 → template now: 2026-11-22 10:00"


async def test_correcting_an_event_moves_its_checklist_and_says_so(data_dir):
    from caseworker.cases.validation import validate_case
    from screens.cases.entry_modals import EventModal
    from tests.support.case_factory import NOW, ZONE

    draft = simple_draft("Yerzhanat Abai")
    draft.events = [EventDraft("detained", "2026-11-20T10:00+05:00", "Zharkent IVS")]
    validate_case(draft, ZONE, NOW)
    seed_cases(data_dir, draft)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        screen = await open_first_case(pilot)
        await pilot.press("1", "r")
        await wait_for(pilot, lambda: isinstance(app.screen, EventModal))
        field = app.screen.query_one("Input.col-at")
        assert field.value == "2026-11-20T10:00"
        field.value = "2026-11-19T10:00"  # he was taken a day earlier
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: any(
            str(n.message).startswith("Event corrected. Checklist:")
            and "KZ-C2 due 2026-11-23 10:00 → 2026-11-22 10:00" in str(n.message)
            for n in app._notifications))


def _status(table: DataTable, clock: str) -> str:
    return str(table.get_row_at(_row(table, clock))[1])


async def test_open_done_and_cancelled_items_each_say_what_became_of_them(data_dir):
    """Issue 19, finding 4: a done item and a cancelled one looked the same (a blank
    "Left" column and no status)."""
    from caseworker.cases.validation import validate_case
    from tests.support.case_factory import NOW, ZONE

    draft = simple_draft("Yerzhanat Abai")
    # the clocks still run when the case is entered (NOW), so none has passed before
    draft.events = [EventDraft("detained", "2026-11-22T15:00+05:00", "Zharkent IVS"),
                    EventDraft("extradition_request", "2026-11-22T16:00+05:00")]
    validate_case(draft, ZONE, NOW)
    seed_cases(data_dir, draft)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        table = await _open_checklist(pilot)
        table.move_cursor(row=_row(table, "KZ-C2"))
        await pilot.press("t")
        await wait_for(pilot, lambda: _status(table, "KZ-C2").startswith("done by volunteer,"))
        # the extradition request is deleted: the items it started are cancelled
        screen = app.screen
        await pilot.press("1")
        events = screen.query_one("#events", DataTable)
        await wait_for(pilot, lambda: app.focused is events)
        events.move_cursor(row=1)
        await pilot.press("delete")
        await pilot.press("y")
        await pilot.press("6")
        await wait_for(pilot, lambda: _status(table, "KZ-C5") == "cancelled: event deleted")
        assert _status(table, "KZ-C1").startswith(("in ", "overdue by "))
        statuses = {_status(table, c) for c in ("KZ-C1", "KZ-C2", "KZ-C5")}
        assert len(statuses) == 3


async def test_clocks_that_ran_out_before_a_case_was_entered_are_shown_apart(data_dir):
    """Issue 19, finding 13: a 2019 case entered today was CRITICAL because "a legal
    clock has less than 48 hours left", and its checklist said "overdue by 2823 d"."""
    from caseworker.cases.validation import validate_case
    from caseworker.risk.assessment import assess_case
    from tests.support.case_factory import NOW, ZONE

    draft = simple_draft("Qalymbek Shahman", situation="at_liberty")
    draft.events = [EventDraft("detained", "2019-02-07T09:00+05:00",
                               "Tashkent airport transit zone")]
    validate_case(draft, ZONE, NOW)
    [case_id] = seed_cases(data_dir, draft)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        row = app.screen.dashboard.rows[0]
        assert row.level != "CRITICAL" and not row.overdue(app.workspace.now())
        assert "overdue" not in row.countdown(app.workspace.now())
        table = await _checklist_of_open_case(pilot)
        statuses = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert statuses == {"passed before intake"}
        with app.workspace.store.read() as session:
            assessment = assess_case(session, case_id, app.workspace.now())
    assert "RF-DEADLINE-48H" not in {flag.id for flag in assessment.red_flags}


async def _checklist_of_open_case(pilot) -> DataTable:
    screen = await open_first_case(pilot)
    await pilot.press("6")
    table = screen.query_one("#checklist-table", DataTable)
    await wait_for(pilot, lambda: table.row_count > 0)
    return table
