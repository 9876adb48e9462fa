"""Pilot tests: the dashboard lists open cases by risk level and nearest deadline, marks
a case's next action done, takes a court-set date, and keeps its countdowns live."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable

from screens.base.modals import ConfirmModal
from screens.cases.case_view import CaseScreen
from screens.cases.entry_modals import CourtDateModal
from screens.shell.dashboard import DashboardScreen
from tests.support.case_factory import NOW, seed_cases, seed_draft
from tests.support.dashboard_cases import Clock, dashboard_app, draft_with, seeded_dashboard
from tests.support.helpers import type_text, wait_for
from tests.support.ui_fixtures import SIZE, unlock


def _names(table: DataTable) -> list[str]:
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


def _cell(table: DataTable, name: str, column: int) -> str:
    return str(table.get_row_at(_names(table).index(name))[column])


async def test_cases_are_ordered_by_level_then_nearest_deadline(data_dir):
    seeded_dashboard(data_dir)
    app = dashboard_app(data_dir, Clock())
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        table = app.screen.query_one("#cases", DataTable)
        levels = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert levels == ["CRITICAL"] * 3 + ["ELEVATED", "WATCH"]
        # CRITICAL by the nearest deadline: Yerzhanat's of 2025, overdue since; then the
        # extradition request whose date the court sets, and Qalymbek (red flags, but
        # every clock of 2019 had run out before his case was entered: no deadline, and
        # his next action is what can still be done); Nurlan's custody clock has 71 h
        # left (ELEVATED until 48 h remain); the calm case last
        names = _names(table)
        assert names[0] == "Yerzhanat Abai" and set(names[1:3]) == {"Kaster Musakhanuly",
                                                                     "Qalymbek Shahman"}
        assert names[3:] == ["Nurlan Hearing", "Aigerim Calm"]
        assert _cell(table, "Yerzhanat Abai", 2).startswith("overdue by")
        assert _cell(table, "Qalymbek Shahman", 2) == ""
        assert not _cell(table, "Qalymbek Shahman", 4).startswith(("UZ-", "INT-"))
        assert "critical" in app.screen.sub_title
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen)
                       and app.screen.record is not None)
        assert app.screen.title == "Yerzhanat Abai"


async def test_marking_the_next_action_done_asks_first_and_moves_to_the_next(data_dir):
    seeded_dashboard(data_dir)
    app = dashboard_app(data_dir, Clock())
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        table = app.screen.query_one("#cases", DataTable)
        table.move_cursor(row=_names(table).index("Nurlan Hearing"))
        before = _cell(table, "Nurlan Hearing", 4)
        assert before.startswith("KZ-C6")
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("n")  # a slip: nothing happens
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        assert _cell(table, "Nurlan Hearing", 4) == before
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_for(pilot, lambda: "Nurlan Hearing" in _names(table)
                       and not _cell(table, "Nurlan Hearing", 4).startswith("KZ-C6"))


async def test_a_court_set_date_is_entered_from_the_dashboard(data_dir):
    seeded_dashboard(data_dir)
    app = dashboard_app(data_dir, Clock())
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        table = app.screen.query_one("#cases", DataTable)
        table.move_cursor(row=_names(table).index("Kaster Musakhanuly"))
        assert "enter the date the court set" in _cell(table, "Kaster Musakhanuly", 4)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, CourtDateModal))
        # a mistyped date: the dialog says so and keeps what was typed
        await type_text(pilot, "next tuesday")
        await pilot.press("enter")
        modal = app.screen
        await wait_for(pilot, lambda: "at least a day" in str(
            modal.query_one("#court-date-problem").render()))
        field = modal.query_one("#court-date")
        assert isinstance(app.screen, CourtDateModal) and field.value == "next tuesday"
        field.value = ""
        await type_text(pilot, "2026-11-23T09:00")
        await pilot.press("enter")
        # due in 16 h (09:00 Almaty is 04:00 UTC): the countdown shows it
        await wait_for(pilot, lambda: _cell(table, "Kaster Musakhanuly", 2) == "in 16 h 0 min")


async def test_countdowns_run_without_reading_the_store(data_dir):
    seeded_dashboard(data_dir)
    clock = Clock()
    app = dashboard_app(data_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        screen = app.screen
        table = screen.query_one("#cases", DataTable)
        first = _cell(table, "Nurlan Hearing", 2)
        loads = []
        screen.load = lambda: loads.append(1)  # a tick must not read the store
        clock.now = NOW + timedelta(minutes=5)
        screen.tick()
        await pilot.pause()
        assert _cell(table, "Nurlan Hearing", 2) != first and not loads
        # past the instant a case turns CRITICAL by the clock, the list is read again
        clock.now = screen.dashboard.next_change or NOW + timedelta(days=400)
        screen.tick()
        assert loads


async def test_risk_questions_are_answered_with_one_key_in_the_case(data_dir):
    from screens.cases.risk_panel import RiskPanel

    seed_cases(data_dir, seed_draft("yerzhanat-abai"))
    app = dashboard_app(data_dir, Clock())
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen)
                       and app.screen.record is not None)
        await pilot.press("7")
        questions = app.screen.query_one(RiskPanel).query_one("#questions", DataTable)
        await wait_for(pilot, lambda: app.focused is questions)
        row = [str(k.value) for k in questions.rows].index("prc_officials_present")
        questions.move_cursor(row=row)
        await pilot.press("y")
        # the answer comes first, so that a narrow screen shows it (issue 19)
        await wait_for(pilot, lambda: str(questions.get_row_at(row)[0]) == "yes")
        assert "answered yes by volunteer" in str(questions.get_row_at(row)[2])
        findings = str(app.screen.query_one("#risk-findings").render())
        assert "RF-PRC-PRESENCE" in findings and "does not mean" in findings
        assert questions.cursor_row == row  # the cursor stays on the answered question


async def test_a_screenful_comes_first_and_the_rest_follows(data_dir):
    from screens.shell.unlock import FIRST_PAINT_ROWS

    count = FIRST_PAINT_ROWS + 7
    seed_cases(data_dir, *(draft_with(f"Person Number{i}", situation="at_liberty")
                           for i in range(count)))
    app = dashboard_app(data_dir, Clock())
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        table = app.screen.query_one("#cases", DataTable)
        await wait_for(pilot, lambda: table.row_count == count)
        assert app.screen.sub_title == f"{count} open"
        assert len(set(_names(table))) == count
        # read again (on return to the screen): the cursor stays on its case
        table.move_cursor(row=count - 2)
        kept = _names(table)[count - 2]
        app.screen.load()
        await pilot.pause(0.5)
        await wait_for(pilot, lambda: table.row_count == count)
        assert _names(table)[table.cursor_row] == kept
