"""Places in the app: pick an event's place from intake, see the case on the place, and
add or correct a place with validation."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import DataTable, Input

from caseworker.opening.unlocking import open_store
from screens.cases.case_view import CaseScreen
from screens.cases.intake import IntakeScreen
from screens.places.all_places import PlacesScreen
from screens.places.place_form import PlaceFormScreen
from screens.places.place_picker import PlacePicker
from screens.places.place_view import PlaceScreen
from storage.tables import Place
from tests.conftest import PASSPHRASE
from tests.support.helpers import tab_to, type_text, wait_for
from tests.support.ui_fixtures import SIZE, make_app, open_first_case, open_intake, unlock


def _results(app) -> int:
    return app.screen.query_one("#place-results", DataTable).row_count


async def test_intake_links_an_event_to_a_place_found_by_another_spelling(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        intake = app.screen
        await type_text(pilot, "Yerzhanat Abai")
        await tab_to(pilot, "col-type")
        await type_text(pilot, "Det")
        await pilot.press("enter", "tab")
        await type_text(pilot, "2025-05-12T09:00")
        await pilot.press("tab")
        await type_text(pilot, "Zarkent")  # as a volunteer might hear it
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, PlacePicker) and _results(app) > 0)
        table = app.screen.query_one("#place-results", DataTable)
        assert table.get_row_at(0)[0].plain == "Zharkent police IVS"
        await pilot.press("enter")  # one Enter chooses the best match
        await wait_for(pilot, lambda: app.screen is intake)
        row = intake.query_one("EventRow")
        location = row.field("location")
        assert location.value == "Zharkent police IVS" and location.has_class("-linked")
        assert "→KZ" in str(row.query_one(".mark-location").render())
        assert row.field("note").value == "place as written: Zarkent"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseScreen)
                       and app.screen.record is not None)
        record = app.screen.record
        event = record.events[0]
        assert event.location_id == "KZ-DET-ZHARKENT-IVS"
        assert event.location_text == "Zharkent police IVS"
        assert event.note == "place as written: Zarkent"  # the words as heard are kept
        assert event.zone == "Asia/Almaty"
        assert record.event_place(event) == "Zharkent police IVS"
        # The place lists the case.
        await pilot.press("escape")
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, PlacesScreen)
                       and _results(app) > 40)
        await type_text(pilot, "ИВС Жаркент")
        await wait_for(pilot, lambda: _results(app) and app.screen.query_one(
            "#place-results", DataTable).get_row_at(0)[0].plain == "Zharkent police IVS")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PlaceScreen)
                       and app.screen.detail is not None)
        assert [c.display_name for c in app.screen.detail.cases] == ["Yerzhanat Abai"]
        text = str(app.screen.query_one("#place-text").render())
        assert "30 km straight-line to Nur Zholy / Khorgos crossing" in text


async def test_changing_the_words_after_linking_drops_the_link(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        await tab_to(pilot, "col-location")
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, PlacePicker) and _results(app) > 0)
        await type_text(pilot, "Tashkent airport")
        await wait_for(pilot, lambda: _results(app) < 10)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, IntakeScreen))
        row = app.screen.query_one("EventRow")
        assert row.location_id == "UZ-AP-TAS" and row.zone == "Asia/Tashkent"
        assert row.field("location").value == "Tashkent airport (TAS)"
        await type_text(pilot, "x")
        await pilot.pause()
        assert row.location_id is None and row.to_draft().zone == ""


async def test_add_a_place_with_a_mistake_then_correct_it(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, PlacesScreen))
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: isinstance(app.screen, PlaceFormScreen))
        await type_text(pilot, "Kegen police station")
        form = app.screen
        form.query_one("#lat", Input).value = "143.0"  # a slip of the finger
        form.query_one("#lon", Input).value = "79.22"
        form.query_one("#aliases").text = "Кеген ИВС\nKegen IVS"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Latitude: must be a number from -90 to 90"
                       in str(form.query_one("ProblemList").render()))
        assert app.screen is form
        form.query_one("#lat", Input).value = "43.02"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, PlacesScreen))
        await type_text(pilot, "Кеген")
        await wait_for(pilot, lambda: _results(app) > 0 and app.screen.query_one(
            "#place-results", DataTable).get_row_at(0)[0].plain == "Kegen police station")
    store = open_store(data_dir, PASSPHRASE)
    try:
        with store.read() as session:
            [place] = session.exec(select(Place).where(Place.origin == "user")).all()
    finally:
        store.close()
    assert (place.lat, place.lon, place.aliases) == (43.02, 79.22, ["Кеген ИВС", "Kegen IVS"])


async def test_correcting_a_shipped_place_from_its_view(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, PlacesScreen)
                       and _results(app) > 0)
        await type_text(pilot, "Tashturma")
        # the Zangiata prison (the Tashturma since 2018) first, then the closed old site
        await wait_for(pilot, lambda: _results(app) == 2)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PlaceScreen)
                       and app.screen.detail is not None)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, PlaceFormScreen))
        app.screen.query_one("#authority", Input).value = "Ministry of Internal Affairs"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, PlaceScreen)
                       and app.screen.detail.place.authority == "Ministry of Internal Affairs")
        assert app.screen.detail.place.edited_fields == ["authority"]


async def test_the_case_view_links_a_new_event_to_a_place(data_dir):
    from caseworker.cases.case_read import load_case
    from screens.cases.entry_modals import EventModal
    from tests.support.case_factory import seed_cases, simple_draft

    [case_id] = seed_cases(data_dir, simple_draft("Qalymbek Shahman"))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        view = await open_first_case(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, EventModal))
        await tab_to(pilot, "col-type")
        await type_text(pilot, "Det")
        await pilot.press("enter", "tab")
        await type_text(pilot, "2019-02-01T10:00")
        await pilot.press("tab")
        await type_text(pilot, "Tashkent airport transit zone")
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, PlacePicker) and _results(app) > 0)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventModal))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is view and view.record is not None
                       and len(view.record.events) == 1)
        with app.workspace.store.read() as session:
            event = load_case(session, case_id).events[0]
    assert event.location_id == "UZ-AP-TAS" and event.zone == "Asia/Tashkent"
    assert event.location_text == "Tashkent airport (TAS)"
    assert event.note == "place as written: Tashkent airport transit zone"


async def _new_place_form(pilot) -> PlaceFormScreen:
    """Unlock, open the places, ctrl+n, and fill in a place that passes validation."""
    app = pilot.app
    await unlock(pilot)
    await pilot.press("l")
    await wait_for(pilot, lambda: isinstance(app.screen, PlacesScreen))
    await pilot.press("ctrl+n")
    await wait_for(pilot, lambda: isinstance(app.screen, PlaceFormScreen))
    await type_text(pilot, "Kegen police station")
    form = app.screen
    form.query_one("#lat", Input).value = "43.02"
    form.query_one("#lon", Input).value = "79.22"
    return form


def _errors(app) -> list[str]:
    return [str(n.message) for n in app._notifications if n.severity == "error"]


async def test_an_unexpected_failure_saving_a_place_is_one_sentence_and_the_form_stays(
        data_dir, monkeypatch):
    from caseworker.cases import place_changes

    def broken(store, draft, author):
        # What an unexpected exception says may quote what was typed: it must not show.
        raise RuntimeError(f"cannot store {draft.short_name}")

    monkeypatch.setattr("screens.places.place_form.save_place", broken)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        form = await _new_place_form(pilot)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: _errors(app))
        await pilot.pause()
        assert _errors(app) == ["Not saved: an internal error (RuntimeError)."]
        assert app.screen is form and not form.saving
        assert form.query_one("#short_name", Input).value == "Kegen police station"
        # The form still saves once the fault is gone.
        monkeypatch.setattr("screens.places.place_form.save_place", place_changes.save_place)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, PlacesScreen))
    store = open_store(data_dir, PASSPHRASE)
    try:
        with store.read() as session:
            [place] = session.exec(select(Place).where(Place.origin == "user")).all()
    finally:
        store.close()
    assert place.short_name == "Kegen police station"


async def test_a_store_busy_in_another_window_while_saving_a_place_is_reported(
        data_dir, monkeypatch):
    monkeypatch.setattr("storage.engine.BUSY_TIMEOUT_MS", 200)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        form = await _new_place_form(pilot)
        other_window = open_store(data_dir, PASSPHRASE)
        try:
            with other_window.write() as session:  # a long save in the other window
                session.connection().exec_driver_sql("SELECT 1")
                await pilot.press("ctrl+s")
                await wait_for(pilot, lambda: _errors(app))
        finally:
            other_window.close()
        assert _errors(app) == ["Not saved: The store is busy in another Caseworker window."]
        assert app.screen is form and not form.saving
        await pilot.press("ctrl+s")  # the other window is done: this one saves
        await wait_for(pilot, lambda: isinstance(app.screen, PlacesScreen))
