"""The office's Inbox screen (docs/architecture.md §11): a folder of sealed intakes
imported with progress, each intake shown with the persons on file it may be and the
reasons, kept as a new case or attached to a candidate, opened, and acknowledged; all
typed at 80×24."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.widgets import DataTable, Input, Static

from caseworker.desk.inbox_import import import_folder
from caseworker.matching.match_decisions import decisions_about
from screens.base.modals import ConfirmModal
from screens.exchange.inbox import InboxScreen
from screens.exchange.inbox_paths import PathModal
from storage.tables import Case, InboxIntake
from tests.support.case_factory import add_case, author, seed_draft
from tests.support.desk_helpers import desk_and_office
from tests.support.helpers import type_text, wait_for
from tests.support.inbox_helpers import FERGANA_SPELLING, OTHERS, RFA_SPELLING, seal
from tests.support.store_helpers import fingerprint
from tests.support.ui_fixtures import case_shown, make_app, unlock

SMALL = (80, 24)


@pytest.fixture
def office(tmp_path, template_store):
    """The office, closed for the app to open, holding Qalymbek Shahman's case in RFA's
    spelling; its desk has sealed him in Fergana's spelling, and one other person."""
    desk, office, outbox = desk_and_office(template_store, tmp_path / "installs")
    on_file = add_case(office, seed_draft("qalymbek-shahman"))
    seal(desk, FERGANA_SPELLING)
    seal(desk, OTHERS[0], "Dana", minutes=1)
    desk.close()
    yield office, outbox, on_file
    office.close()


def _imported(office) -> None:
    """The outbox imported before the app opens, as `inbox import` would have."""
    store, outbox, _ = office
    import_folder(store, outbox, author())
    store.close()


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _table(app, selector: str) -> DataTable:
    return app.screen.query_one(selector, DataTable)


async def _inbox(pilot, rows: int) -> InboxScreen:
    """From the dashboard to the Inbox screen by its keys, once it lists `rows` intakes."""
    await unlock(pilot)
    await pilot.press("x", "n")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, InboxScreen)
                   and pilot.app.screen.loaded)
    await wait_for(pilot, lambda: _table(pilot.app, "#intakes").row_count == rows)
    return pilot.app.screen


async def _move_to(pilot, name: str) -> None:
    """The cursor of the intakes list onto the intake of `name`."""
    screen = pilot.app.screen
    index = next(i for i, p in enumerate(screen.intakes) if p.shown["display_name"] == name)
    _table(pilot.app, "#intakes").focus()
    for _ in range(index):
        await pilot.press("down")
    await wait_for(pilot, lambda: screen._intake() == screen.intakes[index].shown["intake"])


async def test_a_folder_typed_in_is_imported_and_him_shown_with_the_reasons(office):
    store, outbox, on_file = office
    store.close()
    app = make_app(store.paths.root)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _inbox(pilot, 0)
        assert "No intakes are waiting" in _text(app, "#reasons")
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, PathModal)
                       and app.focused is app.screen.query_one("#path", Input))
        await type_text(pilot, str(outbox))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen)
                       and "Imported: 2; imported before: 0; refused: 0." in
                       _text(app, "#status"))
        await wait_for(pilot, lambda: _table(app, "#intakes").row_count == 2)
        assert not screen.busy and not screen.query("ProgressBar")

        fergana = next(p.shown for p in screen.intakes if p.shown["candidates"])
        await _move_to(pilot, fergana["display_name"])
        candidates = _table(app, "#candidates")
        assert candidates.row_count == 1
        assert on_file[:8] in [str(cell) for cell in candidates.get_row_at(0)]
        reasons = _text(app, "#reasons")
        assert FERGANA_SPELLING in reasons and RFA_SPELLING in reasons
        assert "Dana" in [str(c) for c in _table(app, "#intakes").get_row_at(
            next(i for i, p in enumerate(screen.intakes) if not p.shown["candidates"]))]

        # the same folder again: nothing new
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, PathModal))
        app.screen.query_one("#path", Input).value = str(outbox)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Imported: 0; imported before: 2; refused: 0." in
                       _text(app, "#status"))


async def test_a_folder_that_does_not_exist_is_refused_by_name(office, tmp_path):
    _imported(office)
    store = office[0]
    before = _rows(store)
    app = make_app(store.paths.root)
    async with app.run_test(size=SMALL) as pilot:
        await _inbox(pilot, 2)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, PathModal))
        missing = tmp_path / "no-such-folder"
        await type_text(pilot, str(missing))
        await pilot.press("enter")
        await wait_for(pilot, lambda: _text(app, "#problem") ==
                       f"Folder: there is no folder {missing}.")
        assert isinstance(app.screen, PathModal)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen))
        assert _text(app, "#status") == ""
    assert _rows(store) == before


async def test_attach_and_accept_empty_the_inbox_and_record_the_decisions(office):
    _imported(office)
    store, _, on_file = office
    app = make_app(store.paths.root)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _inbox(pilot, 2)
        fergana = next(p.shown for p in screen.intakes if p.shown["candidates"])
        other = next(p.shown for p in screen.intakes if not p.shown["candidates"])
        await _move_to(pilot, fergana["display_name"])
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_for(pilot, lambda: "recorded as the same person as case "
                       f"{on_file[:8]}" in _text(app, "#status"))
        await wait_for(pilot, lambda: _table(app, "#intakes").row_count == 1)

        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_for(pilot, lambda: "kept as a new case" in _text(app, "#status"))
        await wait_for(pilot, lambda: _table(app, "#intakes").row_count == 0)

    reopened = _reopen(store)
    with reopened.read() as session:
        rows = {row.case_id: row for row in session.exec(select(InboxIntake))}
        assert rows[fergana["intake"]].state == "attached"
        assert rows[fergana["intake"]].same_as == on_file
        assert rows[fergana["intake"]].decided_by == "volunteer"
        assert rows[other["intake"]].state == "accepted"
        intake_person = session.exec(select(Case.person_id).where(
            Case.id == fergana["intake"])).one()
        on_file_person = session.exec(select(Case.person_id).where(Case.id == on_file)).one()
        assert decisions_about(session, intake_person)[on_file_person].decision == "same"
    reopened.close()


async def test_no_answers_no_and_enter_opens_the_intake_case(office):
    _imported(office)
    store = office[0]
    before = _rows(store)
    app = make_app(store.paths.root)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _inbox(pilot, 2)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen))
        assert _table(app, "#intakes").row_count == 2
        intake = screen._intake()
        _table(app, "#intakes").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: case_shown(app))
        assert app.screen.case_id == intake
    assert _rows(store) == before


async def test_the_acknowledgement_is_written_where_typed(office, tmp_path):
    _imported(office)
    store = office[0]
    app = make_app(store.paths.root)
    async with app.run_test(size=SMALL) as pilot:
        await _inbox(pilot, 2)
        await pilot.press("k")
        await wait_for(pilot, lambda: isinstance(app.screen, PathModal))
        out = tmp_path / "ack.txt"
        app.screen.query_one("#path", Input).value = str(out)
        await pilot.press("enter")
        await wait_for(pilot, lambda: f"Wrote {out}: 2 bundles acknowledged." in
                       _text(app, "#status"))
    assert out.is_file() and out.stat().st_size > 0


def _reopen(store):
    from caseworker.opening.unlocking import open_store
    from tests.conftest import PASSPHRASE

    return open_store(store.paths.root, PASSPHRASE)


def _rows(store) -> dict:
    """Every table's rows but `meta`, which opening the app writes to (the unlock time)."""
    reopened = _reopen(store)
    try:
        return {table: rows for table, rows in fingerprint(reopened).items()
                if table != "meta"}
    finally:
        reopened.close()


async def test_an_intake_decided_elsewhere_meanwhile_is_refused_in_one_sentence(office):
    from caseworker.desk.inbox_queue import accept

    _imported(office)
    store = office[0]
    app = make_app(store.paths.root)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _inbox(pilot, 2)
        intake = screen._intake()
        # a colleague at the command line was quicker
        accept(app.workspace.store, intake, author("colleague"))
        before = {t: r for t, r in fingerprint(app.workspace.store).items() if t != "meta"}
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_for(pilot, lambda: "that intake was accepted already." in
                       _text(app, "#status"))
        assert _text(app, "#status").count("\n") == 0 and not screen.busy
        await wait_for(pilot, lambda: _table(app, "#intakes").row_count == 1)
        after = {t: r for t, r in fingerprint(app.workspace.store).items() if t != "meta"}
        assert after == before
