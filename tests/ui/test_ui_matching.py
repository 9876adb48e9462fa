"""Pilot tests: finding a person by another spelling (cases filter, command palette),
possible duplicates of a case with each decision, and intake's duplicate check recording
"different" so it is not asked again."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import DataTable

from screens.base.modals import DuplicateModal
from screens.cases.intake import IntakeScreen
from screens.cases.possible_duplicates import PossibleDuplicatesScreen
from storage.tables import Case, MatchDecision
from tests.support.case_factory import seed_cases, simple_draft
from tests.support.helpers import fill, type_text, wait_for
from tests.support.ui_fixtures import (
    SIZE,
    case_shown,
    make_app,
    open_cases,
    open_first_case,
    open_intake,
    unlock,
)


async def test_the_cases_filter_finds_a_name_in_another_spelling(data_dir):
    seed_cases(data_dir, simple_draft("Ilham Tohti"), simple_draft("Qalymbek Shahman"))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_cases(pilot)
        await type_text(pilot, "Yilihamu Tuheti")  # the pinyin of the Chinese form
        await wait_for(pilot, lambda: app.screen.matches.by_spelling and table.row_count == 1)
        assert "Ilham Tohti" in str(table.get_row_at(0)[0])
        assert "in another spelling" in str(app.screen.query_one("#count").render())


async def test_the_command_palette_opens_a_case_by_any_spelling(data_dir):
    [case_id] = seed_cases(data_dir, simple_draft("Сайрагүл Сауытбай"))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "Shayilaguli")
        await wait_for(pilot, lambda: "Open case: Сайрагүл Сауытбай" in str(
            [str(o.prompt) for o in app.screen.query("OptionList").first().options]))
        await pilot.press("enter")
        await wait_for(pilot, lambda: case_shown(app))
        assert app.screen.case_id == case_id


async def test_possible_duplicates_show_reasons_and_record_decisions(data_dir):
    seed_cases(data_dir, simple_draft("Kaster Musakhanuly"), simple_draft("Hastier Mushakhan"))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        case_screen = await open_first_case(pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, PossibleDuplicatesScreen)
                       and app.screen.candidates)
        screen = app.screen
        assert "is like" in str(screen.query_one("#reasons").render())
        await pilot.press("u")
        await wait_for(pilot, lambda: screen.candidates and screen.candidates[0].decision)
        assert "Not sure (volunteer" in str(screen.query_one(DataTable).get_row_at(0)[3])
        await pilot.press("x")
        await wait_for(pilot, lambda: not screen.candidates)
        with app.workspace.store.read() as session:
            [decision] = session.exec(select(MatchDecision)).all()
        assert (decision.decision, decision.changed_by) == ("different", "volunteer")
        assert case_screen.record.person.id in (decision.person_a, decision.person_b)


async def test_possible_duplicates_same_person_is_recorded_and_kept_suggested(data_dir):
    """"Same person" links the two without merging: the pair stays on the list, marked."""
    seed_cases(data_dir, simple_draft("Kaster Musakhanuly"), simple_draft("Hastier Mushakhan"))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        case_screen = await open_first_case(pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, PossibleDuplicatesScreen)
                       and app.screen.candidates)
        screen = app.screen
        other = screen.candidates[0].person_id
        await pilot.press("s")
        await wait_for(pilot, lambda: screen.candidates and screen.candidates[0].decision)
        assert "Same person (volunteer" in str(screen.query_one(DataTable).get_row_at(0)[3])
        assert any("same person" in str(n.message) for n in app._notifications)
        with app.workspace.store.read() as session:
            [decision] = session.exec(select(MatchDecision)).all()
            assert len(session.exec(select(Case)).all()) == 2  # nothing merged
    assert (decision.decision, decision.changed_by) == ("same", "volunteer")
    assert {decision.person_a, decision.person_b} == {case_screen.record.person.id, other}


async def test_intake_saying_different_person_is_not_asked_again(data_dir):
    seed_cases(data_dir, simple_draft("Murager Alimuly"))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        await fill(pilot, "Muragel Alimu", then_tab=False)
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, DuplicateModal))
        reasons = str(app.screen.query_one("#reasons").render())
        assert "name Murager Alimuly is like Muragel Alimu" in reasons
        assert "epenthetic final vowel dropped" in reasons
        await pilot.press("n")                      # a different person
        await wait_for(pilot, lambda: case_shown(app))
        new_case = app.screen
        await wait_for(pilot, lambda: new_case.record is not None)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, PossibleDuplicatesScreen))
        await wait_for(pilot, lambda: "No one on file" in str(
            app.screen.query_one("#reasons").render()))
        with app.workspace.store.read() as session:
            assert len(session.exec(select(Case)).all()) == 2
            assert session.exec(select(MatchDecision)).one().decision == "different"
        assert not isinstance(app.screen, IntakeScreen)


async def test_enter_right_after_a_new_query_opens_the_case_of_that_query(data_dir):
    """Finding 3: Enter typed quickly after a new query opened the case the previous
    query had found, still listed while the new search ran."""
    from tests.support.helpers import burst

    ids = seed_cases(data_dir, simple_draft("Ilham Tohti"), simple_draft("Qalymbek Shahman"))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "Ilham")
        await wait_for(pilot, lambda: "Open case: Ilham Tohti" in str(
            [str(o.prompt) for o in app.screen.query("OptionList").first().options]))
        await pilot.press("ctrl+u")
        await burst(pilot, *"Qalymbek", "enter")
        await wait_for(pilot, lambda: case_shown(app))
        assert app.screen.case_id == ids[1]


async def test_the_duplicate_dialog_shows_what_tells_the_persons_apart(data_dir):
    """Finding 14: the dialog showed only a name and a case id, too little to say whether
    the person being entered is the one on file."""
    from tests.support.case_factory import seed_draft

    seed_cases(data_dir, seed_draft("qalymbek-shahman"))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        await type_text(pilot, "Qalymbek Shahman")
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, DuplicateModal))
        facts = str(app.screen.query_one("#facts").render())
    for line in ("Names: Qalymbek Shahman, Қалымбек Шахман", "Born: not known",
                 "Situation: Detained", "Last place: Tashkent airport",
                 "Last event: Detained, 2019-02-07 09:00", "Sources: 2"):
        assert line in facts
