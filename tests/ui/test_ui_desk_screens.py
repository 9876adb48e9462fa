"""The desk's other screens: receipts, the shift's counts, the place finder, help, the
lock; and that no key or palette entry of a desk leads to a case (docs/architecture.md
§11)."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable

from caseworker.cases.case_write import create_case
from caseworker.opening.unlocking import open_store
from screens.base.messages import CaseChosen
from screens.desk.desk_home import DeskScreen
from screens.desk.desk_intake import DeskIntakeScreen
from screens.desk.desk_places import DeskPlacesScreen
from screens.desk.receipts_list import ReceiptsScreen
from screens.desk.shift_summary import TOTAL, ShiftScreen
from screens.desk.volunteer_prompt import VolunteerPrompt
from screens.shell.help import HelpScreen
from screens.shell.unlock import LockScreen
from tests.conftest import PASSPHRASE
from tests.support.case_factory import author, simple_draft
from tests.support.desk_screens import (
    DeskInstall,
    at_the_desk,
    desk_app,
    desk_install,
    desk_screen,
    seal_a_name,
)
from tests.support.helpers import type_text, wait_for
from tests.support.running_timers import repeating, running_timers
from tests.support.ui_fixtures import SIZE

IDLE_LOCK = {"CaseworkerApp: idle lock"}  # the one timer that repeats (test_ui_idle.py)


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def _back_to_the_desk(pilot) -> DeskScreen:
    await pilot.press("enter", "escape")  # the receipt, then the empty intake form
    return await desk_screen(pilot)


def _cells(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_receipts_and_shift_counts(template_store, tmp_path):
    install = desk_install(template_store, tmp_path)
    app = desk_app(install)
    async with app.run_test(size=SIZE) as pilot:
        await at_the_desk(pilot, "Aigerim")
        first = (await seal_a_name(pilot, "Yerzhanat Abai")).reference
        await _back_to_the_desk(pilot)
        second = (await seal_a_name(pilot, "Qalymbek Shahman")).reference
        desk = await _back_to_the_desk(pilot)
        await wait_for(pilot, lambda: "since" in _text(desk, "#desk-count")
                       and _text(desk, "#desk-count").endswith("2. Today: 2."))
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ReceiptsScreen)
                       and app.screen.rows is not None)
        rows = _cells(app.screen.query_one(DataTable))
        assert [(r[0], r[2], r[3]) for r in rows] == [("2", second, "Aigerim"),
                                                      ("1", first, "Aigerim")]
        assert "Yerzhanat" not in repr(rows) and "Qalymbek" not in repr(rows)
        await pilot.press("escape", "s")
        await wait_for(pilot, lambda: isinstance(app.screen, ShiftScreen)
                       and app.screen.counts is not None)
        assert _cells(app.screen.query_one(DataTable)) == [["Aigerim", "2", "2"],
                                                            [TOTAL, "2", "2"]]
    install.office.close()


async def test_the_place_finder_says_what_a_place_is(template_store, tmp_path):
    install = desk_install(template_store, tmp_path)
    app = desk_app(install)
    async with app.run_test(size=SIZE) as pilot:
        await at_the_desk(pilot, "Aigerim")
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, DeskPlacesScreen)
                       and getattr(app.focused, "id", None) == "place-query")
        await type_text(pilot, "Zharkent")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "F4" in _text(app.screen, "#place-chosen"))
        assert isinstance(app.screen, DeskPlacesScreen)
        await pilot.press("escape")
        await desk_screen(pilot)
    install.office.close()


async def test_help_says_what_a_desk_is(template_store, tmp_path):
    install = desk_install(template_store, tmp_path)
    app = desk_app(install)
    async with app.run_test(size=SIZE) as pilot:
        await at_the_desk(pilot, "Aigerim")
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert "intake desk" in _text(app.screen, "#help-about")
        keys = _cells(app.screen.query_one(DataTable))
        assert {row[3] for row in keys} >= {"desk.new", "desk.places", "desk.receipts",
                                             "desk.shift", "desk.volunteer"}
    install.office.close()


async def test_after_a_lock_the_desk_asks_again_who_is_there(template_store, tmp_path):
    install = desk_install(template_store, tmp_path)
    app = desk_app(install)
    async with app.run_test(size=SIZE) as pilot:
        await at_the_desk(pilot, "Aigerim")
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen)
                       and getattr(app.focused, "id", None) == "passphrase")
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, VolunteerPrompt)
                       and getattr(app.focused, "id", None) == "volunteer")
        await pilot.press("escape")  # the same volunteer stays
        desk = await desk_screen(pilot)
        assert desk.sitting.volunteer == "Aigerim"
    install.office.close()


async def test_no_desk_screen_keeps_a_repeating_timer(template_store, tmp_path):
    """Left alone, a desk draws nothing, as every screen (docs/architecture.md §8): the
    only timer that repeats is the idle lock's."""
    install = desk_install(template_store, tmp_path)
    app = desk_app(install)
    async with app.run_test(size=SIZE) as pilot:
        await at_the_desk(pilot, "Aigerim")
        await app.workers.wait_for_complete()
        idle = {"desk": repeating(running_timers(app))}
        await seal_a_name(pilot, "Yerzhanat Abai")
        await app.workers.wait_for_complete()
        idle["receipt"] = repeating(running_timers(app))
        await _back_to_the_desk(pilot)
        for key, screen_type in (("n", DeskIntakeScreen), ("l", DeskPlacesScreen),
                                 ("r", ReceiptsScreen), ("s", ShiftScreen)):
            await pilot.press(key)
            await wait_for(pilot, lambda t=screen_type: isinstance(app.screen, t))
            await app.workers.wait_for_complete()
            await pilot.pause()
            idle[key] = repeating(running_timers(app))
            await pilot.press("escape")
            await desk_screen(pilot)
    install.office.close()
    assert idle == dict.fromkeys(idle, IDLE_LOCK)


async def test_a_lock_while_asked_who_is_there_asks_once(template_store, tmp_path):
    install = desk_install(template_store, tmp_path)
    app = desk_app(install)
    async with app.run_test(size=SIZE) as pilot:
        await at_the_desk(pilot, "Aigerim")
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, VolunteerPrompt))
        app.action_lock()
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen)
                       and getattr(app.focused, "id", None) == "passphrase")
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, VolunteerPrompt))
        await pilot.pause()
        assert sum(isinstance(s, VolunteerPrompt) for s in app.screen_stack) == 1
    install.office.close()


async def test_no_key_or_palette_entry_leads_to_a_case(template_store, tmp_path):
    install = desk_install(template_store, tmp_path)
    # A case the desk should never have: even then, nothing on a desk opens it.
    store = open_store(install.data_dir, PASSPHRASE)
    case_id = create_case(store, simple_draft("Qalymbek Shahman"), author())
    store.close()
    app = desk_app(install)
    async with app.run_test(size=SIZE) as pilot:
        desk = await at_the_desk(pilot, "Aigerim")
        # the dashboard's and the case list's keys: cases, exchange, open, edit, tick off
        for key in ("c", "x", "enter", "e", "t", "d", "slash", "f6", "escape"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is desk, key
        app.post_message(CaseChosen(case_id))
        await pilot.pause()
        assert app.screen is desk
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await type_text(pilot, "qalymbek")
        palette = app.screen
        await wait_for(pilot, lambda: palette.has_class("-ready") and not any(
            w.is_running for w in app.workers
            if w.group == CommandPalette._GATHER_COMMANDS_GROUP))
        await pilot.pause(0.3)
        hits = palette.query_one(CommandList)
        shown = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
        assert not any("case" in s.lower() for s in shown), shown
        await pilot.press("escape")
        assert [type(s).__name__ for s in app.screen_stack][-1] != "CaseScreen"
    install.office.close()


async def test_receipts_say_which_the_office_acknowledged(template_store, tmp_path):
    """Issue 22, delivery: "2 sealed, 1 delivered", and the receipt the office has not
    acknowledged after a day flagged, so the volunteer takes the outbox again."""
    from caseworker.desk.delivery import acknowledge, take_acknowledgement
    from caseworker.desk.inbox_import import import_folder
    from tests.support.desk_helpers import desk_and_office
    from tests.support.inbox_helpers import seal

    desk, office, outbox = desk_and_office(template_store, tmp_path)
    seal(desk, "Yerzhanat Abai")
    import_folder(office, outbox, author())
    acknowledge(office, tmp_path / "ack.json", author())
    take_acknowledgement(desk, tmp_path / "ack.json", author())
    seal(desk, "Qalymbek Shahman", minutes=5)  # never carried to the office
    desk.close()
    app = desk_app(DeskInstall(tmp_path / "desk", office, outbox))
    async with app.run_test(size=SIZE) as pilot:
        await at_the_desk(pilot, "Aigerim")
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ReceiptsScreen)
                       and app.screen.rows is not None)
        count = _text(app.screen, "#receipts-count")
        assert count.startswith("2 sealed, 1 delivered")
        assert "1 not delivered after a day" in count
        rows = _cells(app.screen.query_one(DataTable))
        assert rows[0][0] == "2" and rows[0][4] == "not after a day"
        assert rows[1][0] == "1" and rows[1][4][:4].isdigit()  # when it was acknowledged
    office.close()
