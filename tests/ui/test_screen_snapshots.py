"""Every screen and dialog, at 80×24 and at 140×45, over the two seed cases.

The stores are built once per session with fixed keys, ids and times
(tests/support/snapshot_stores.py), and the app runs with a fixed wall clock and `now`, so
countdowns, dates, fingerprints and short case ids hold still between runs.

After an intended visual change:
    .venv/bin/pytest tests/ui/test_screen_snapshots.py --snapshot-update
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static, TabbedContent

from screens.base.modals import ConfirmModal, DuplicateModal, TypedConfirmModal
from screens.cases.all_cases import CasesScreen
from screens.cases.entry_modals import CourtDateModal, EventModal, NoteModal, SourceModal
from screens.cases.intake import IntakeScreen
from screens.cases.possible_duplicates import PossibleDuplicatesScreen
from screens.exchange.conflicts import ConflictsScreen, SettleModal
from screens.exchange.contact_form import AddContactModal
from screens.exchange.export_form import ExportScreen
from screens.exchange.import_preview import ImportScreen
from screens.exchange.overview import ExchangeScreen
from screens.places.all_places import PlacesScreen
from screens.places.place_form import PlaceFormScreen
from screens.places.place_picker import PlacePicker
from screens.places.place_view import PlaceScreen
from screens.shell.create_store import CreateStoreScreen
from screens.shell.help import HelpScreen
from screens.shell.settings import SettingsModal
from screens.shell.unlock import LockScreen
from screens.shell.wipe import COUNTDOWN_SECONDS, WipeCountdown
from tests.support.helpers import wait_for
from tests.support.snapshot_app import dashboard, first_case, paste, shown, snap_app

SIZES = pytest.mark.parametrize("size", [(80, 24), (140, 45)], ids=["80x24", "140x45"])


pytestmark = pytest.mark.usefixtures("derive_each_key_once")


def _data(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(source, target)
    return target


def _text(pilot: Pilot, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


def _rows(pilot: Pilot, selector: str = "DataTable") -> int:
    return pilot.app.screen.query_one(selector, DataTable).row_count


@SIZES
class TestFirstRun:
    def test_create_store(self, snap_compare, tmp_path, size, monkeypatch):
        # The suggested passphrase is drawn at random: one fixed suggestion here.
        monkeypatch.setattr("screens.shell.create_store.generate_passphrase",
                            lambda: "amber tundra kettle ninety violet harbour")

        async def steps(pilot):
            await shown(pilot, CreateStoreScreen)
            await wait_for(pilot, lambda: pilot.app.focused is not None)
            await paste(pilot, "Aigerim Sadykova")  # who is working: asked first
            await pilot.press("tab")
            await paste(pilot, "violet harbour")
            await wait_for(pilot, lambda: _text(pilot, "#strength").startswith("Strength"))

        assert snap_app(snap_compare, tmp_path / "data", size, steps)


@SIZES
class TestLocking:
    def test_unlock_form_over_the_dashboard(self, snap_compare, seeded, size):
        async def steps(pilot):
            await wait_for(pilot, lambda: getattr(pilot.app.focused, "id", None)
                           == "passphrase")

        assert snap_app(snap_compare, seeded, size, steps)

    def test_lock_screen(self, snap_compare, seeded, size):
        async def steps(pilot):
            await dashboard(pilot)
            await pilot.press("ctrl+l")
            await shown(pilot, LockScreen)
            await wait_for(pilot, lambda: getattr(pilot.app.focused, "id", None)
                           == "passphrase")

        assert snap_app(snap_compare, seeded, size, steps)

    def test_panic_wipe_countdown(self, snap_compare, seeded, size, monkeypatch):
        # A clock that stands still: the countdown shows its first second and never ends.
        monkeypatch.setattr(WipeCountdown.__init__, "__defaults__",
                            (COUNTDOWN_SECONDS, lambda: 0.0))

        async def steps(pilot):
            await wait_for(pilot, lambda: getattr(pilot.app.focused, "id", None)
                           == "passphrase")
            await pilot.press("f10")
            await shown(pilot, WipeCountdown)

        assert snap_app(snap_compare, seeded, size, steps)


@SIZES
class TestDashboard:
    def test_dashboard(self, snap_compare, seeded, size):
        async def steps(pilot):
            await dashboard(pilot)
            assert _rows(pilot, "#cases") == 2

        assert snap_app(snap_compare, seeded, size, steps)

    def test_security_settings(self, snap_compare, seeded, size):
        async def steps(pilot):
            await dashboard(pilot)
            pilot.app.action_settings()
            await shown(pilot, SettingsModal)

        assert snap_app(snap_compare, seeded, size, steps)

    def test_help(self, snap_compare, seeded, size):
        async def steps(pilot):
            await dashboard(pilot)
            await pilot.press("f1")
            await shown(pilot, HelpScreen)
            await wait_for(pilot, lambda: _rows(pilot) > 0)

        assert snap_app(snap_compare, seeded, size, steps)

    def test_command_palette_with_a_query(self, snap_compare, seeded, size):
        async def steps(pilot):
            await dashboard(pilot)
            await pilot.press("ctrl+p")
            await shown(pilot, CommandPalette)
            await paste(pilot, "qaly")
            await wait_for(pilot, lambda: _palette_shows(pilot, "Open case: Qalymbek"))

        assert snap_app(snap_compare, seeded, size, steps)


def _palette_shows(pilot: Pilot, first: str) -> bool:
    """The palette's search has finished and its first hit starts with `first`."""
    palette = pilot.app.screen
    if not isinstance(palette, CommandPalette) or not palette.has_class("-ready"):
        return False
    if any(w.is_running for w in pilot.app.workers
           if w.group == CommandPalette._GATHER_COMMANDS_GROUP):
        return False
    hits = palette.query_one(CommandList)
    return hits.option_count > 0 and str(hits.get_option_at_index(0).prompt).startswith(first)


@SIZES
class TestCasesList:
    def test_all_cases(self, snap_compare, seeded, size):
        async def steps(pilot):
            await dashboard(pilot)
            await pilot.press("c")
            await shown(pilot, CasesScreen)
            await wait_for(pilot, lambda: _rows(pilot) == 2)

        assert snap_app(snap_compare, seeded, size, steps)

    def test_filtered(self, snap_compare, seeded, size):
        async def steps(pilot):
            await dashboard(pilot)
            await pilot.press("c")
            await shown(pilot, CasesScreen)
            await wait_for(pilot, lambda: _rows(pilot) == 2)
            await paste(pilot, "zhark")
            await wait_for(pilot, lambda: _text(pilot, "#count") == "1 case matches")

        assert snap_app(snap_compare, seeded, size, steps)


@SIZES
class TestCaseView:
    @pytest.mark.parametrize("key, tab", [
        pytest.param(str(number), tab, id=tab) for number, tab in enumerate(
            ("timeline", "person", "sources", "notes", "history", "checklist", "risk"), 1)])
    def test_tab(self, snap_compare, seeded, size, key, tab):
        async def steps(pilot):
            screen = await first_case(pilot)
            await pilot.press(key)
            await wait_for(pilot, lambda: screen.query_one(TabbedContent).active == tab)
            await pilot.wait_for_scheduled_animations()

        assert snap_app(snap_compare, seeded, size, steps)


@SIZES
class TestCaseDialogs:
    def test_event_dialog(self, snap_compare, seeded, size):
        async def steps(pilot):
            await first_case(pilot)
            await pilot.press("a")
            await shown(pilot, EventModal)

        assert snap_app(snap_compare, seeded, size, steps)

    def test_source_dialog(self, snap_compare, seeded, size):
        async def steps(pilot):
            await first_case(pilot)
            await pilot.press("s")
            await shown(pilot, SourceModal)

        assert snap_app(snap_compare, seeded, size, steps)

    def test_note_dialog(self, snap_compare, seeded, size):
        async def steps(pilot):
            await first_case(pilot)
            await pilot.press("m")
            await shown(pilot, NoteModal)

        assert snap_app(snap_compare, seeded, size, steps)

    def test_court_date_dialog_with_a_mistyped_date(self, snap_compare, seeded, size):
        async def steps(pilot):
            screen = await first_case(pilot)
            await pilot.press("6")
            table = screen.query_one("#checklist-table", DataTable)
            await wait_for(pilot, lambda: pilot.app.focused is table)
            await pilot.press("c")
            await shown(pilot, CourtDateModal)
            await paste(pilot, "next tuesday")
            await pilot.press("enter")
            await wait_for(pilot, lambda: _text(pilot, "#court-date-problem") != "")

        assert snap_app(snap_compare, seeded, size, steps)

    def test_confirm_delete_event(self, snap_compare, seeded, size):
        async def steps(pilot):
            await first_case(pilot)
            await pilot.press("delete")
            await shown(pilot, ConfirmModal)

        assert snap_app(snap_compare, seeded, size, steps)

    def test_confirm_purge_case(self, snap_compare, seeded, size):
        async def steps(pilot):
            await first_case(pilot)
            await pilot.press("P")
            await shown(pilot, TypedConfirmModal)

        assert snap_app(snap_compare, seeded, size, steps)


@SIZES
class TestIntake:
    def test_new_intake(self, snap_compare, seeded, size):
        async def steps(pilot):
            await dashboard(pilot)
            await pilot.press("n")
            await shown(pilot, IntakeScreen)
            await wait_for(pilot, lambda: isinstance(pilot.app.focused, Input))

        assert snap_app(snap_compare, seeded, size, steps)

    def test_problems_after_a_bad_save(self, snap_compare, seeded, size):
        async def steps(pilot):
            await dashboard(pilot)
            await pilot.press("n")
            await shown(pilot, IntakeScreen)
            await wait_for(pilot, lambda: isinstance(pilot.app.focused, Input))
            await paste(pilot, "31.02.1990", into="birth-date")
            await paste(pilot, "65432119900231", into="prc-id")
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: pilot.app.screen.query_one("#problems").display)

        assert snap_app(snap_compare, seeded, size, steps)

    def test_duplicate_dialog_on_saving(self, snap_compare, seeded, size):
        async def steps(pilot):
            await dashboard(pilot)
            await pilot.press("n")
            await shown(pilot, IntakeScreen)
            await wait_for(pilot, lambda: isinstance(pilot.app.focused, Input))
            await paste(pilot, "Kalymbek Shakhman")
            await pilot.press("ctrl+s")
            await shown(pilot, DuplicateModal)
            await wait_for(pilot, lambda: _rows(pilot) > 0)

        assert snap_app(snap_compare, seeded, size, steps)

    def test_edit_form(self, snap_compare, seeded, size):
        async def steps(pilot):
            await first_case(pilot)
            await pilot.press("e")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, IntakeScreen)
                           and pilot.app.screen.query("#ethnicity")
                           and isinstance(pilot.app.focused, Input))

        assert snap_app(snap_compare, seeded, size, steps)


@SIZES
class TestDuplicates:
    def test_possible_duplicates(self, snap_compare, stores, tmp_path, size):
        async def steps(pilot):
            await first_case(pilot)
            await pilot.press("d")
            await shown(pilot, PossibleDuplicatesScreen)
            await wait_for(pilot, lambda: _rows(pilot) == 1)

        assert snap_app(snap_compare, _data(stores.with_duplicate, tmp_path), size, steps)


async def _places(pilot: Pilot, query: str) -> None:
    await dashboard(pilot)
    await pilot.press("l")
    await shown(pilot, PlacesScreen)
    await wait_for(pilot, lambda: pilot.app.focused is not None
                   and pilot.app.focused.id == "place-query")
    await paste(pilot, query)
    await wait_for(pilot, lambda: "best first" in _text(pilot, "#place-count"))


async def _place(pilot: Pilot) -> None:
    """The Zharkent police IVS, where Yerzhanat Abai was last reported held."""
    await _places(pilot, "Panfilov City")
    await pilot.press("enter", "enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PlaceScreen)
                   and pilot.app.screen.detail is not None)
    assert pilot.app.screen.detail.place.id == "KZ-DET-ZHARKENT-IVS"


@SIZES
class TestPlaces:
    def test_places_with_a_query(self, snap_compare, seeded, size):
        async def steps(pilot):
            await _places(pilot, "Zharkent")

        assert snap_app(snap_compare, seeded, size, steps)

    def test_place_view(self, snap_compare, seeded, size):
        assert snap_app(snap_compare, seeded, size, _place)

    def test_place_form(self, snap_compare, seeded, size):
        async def steps(pilot):
            await _place(pilot)
            await pilot.press("e")
            await shown(pilot, PlaceFormScreen)
            await wait_for(pilot, lambda: getattr(pilot.app.focused, "id", "")
                           == "short_name")

        assert snap_app(snap_compare, seeded, size, steps)

    def test_place_picker(self, snap_compare, seeded, size):
        async def steps(pilot):
            await first_case(pilot)
            await pilot.press("a")
            await shown(pilot, EventModal)
            await pilot.press("tab", "tab")
            assert "col-location" in pilot.app.focused.classes
            await paste(pilot, "Zharkent")
            await pilot.press("f4")
            await shown(pilot, PlacePicker)
            await wait_for(pilot, lambda: "best first" in _text(pilot, "#place-count"))

        assert snap_app(snap_compare, seeded, size, steps)


async def _exchange(pilot: Pilot) -> None:
    await dashboard(pilot)
    await pilot.press("x")
    await shown(pilot, ExchangeScreen)


@SIZES
class TestExchange:
    def test_overview(self, snap_compare, seeded, size):
        async def steps(pilot):
            await _exchange(pilot)
            await wait_for(pilot, lambda: _rows(pilot) == 1)

        assert snap_app(snap_compare, seeded, size, steps)

    def test_confirm_removing_a_contact(self, snap_compare, seeded, size):
        async def steps(pilot):
            await _exchange(pilot)
            await wait_for(pilot, lambda: _rows(pilot) == 1)
            await pilot.press("delete")
            await shown(pilot, ConfirmModal)

        assert snap_app(snap_compare, seeded, size, steps)

    def test_add_contact(self, snap_compare, stores, seeded, size):
        async def steps(pilot):
            await _exchange(pilot)
            await pilot.press("a")
            await shown(pilot, AddContactModal)
            await wait_for(pilot, lambda: getattr(pilot.app.focused, "id", "") == "name")
            await paste(pilot, "Bishkek lawyer")
            await paste(pilot, stores.stranger_key, into="key")
            await wait_for(pilot, lambda: "Fingerprint" in _text(pilot, "#fingerprint"))

        assert snap_app(snap_compare, seeded, size, steps)

    def test_export_form(self, snap_compare, seeded, size, monkeypatch):
        # the form offers a file in the home folder: a fixed one, not this test's own
        monkeypatch.setenv("HOME", "/home/volunteer")

        async def steps(pilot):
            await _exchange(pilot)
            await pilot.press("e")
            await shown(pilot, ExportScreen)

        assert snap_app(snap_compare, seeded, size, steps)

    def test_import_preview(self, snap_compare, stores, tmp_path, size):
        # typed as ~/…, so the path on screen does not depend on this test's folder
        home = tmp_path / "home"
        home.mkdir()
        shutil.copy(stores.bundle, home / "from-almaty.cwb")

        async def steps(pilot):
            await _exchange(pilot)
            await pilot.press("i")
            await shown(pilot, ImportScreen)
            await paste(pilot, "~/from-almaty.cwb")
            await pilot.press("enter")
            await wait_for(pilot, lambda: "ctrl+s" in _text(pilot, "#preview"))

        assert snap_app(snap_compare, _data(stores.before_import, tmp_path), size, steps)

    def test_conflicts_inbox(self, snap_compare, stores, tmp_path, size):
        async def steps(pilot):
            await _exchange(pilot)
            await pilot.press("f")
            await shown(pilot, ConflictsScreen)
            await wait_for(pilot, lambda: _rows(pilot) == 1)

        assert snap_app(snap_compare, _data(stores.merged, tmp_path), size, steps)

    def test_settle_dialog(self, snap_compare, stores, tmp_path, size):
        async def steps(pilot):
            await _exchange(pilot)
            await pilot.press("f")
            await shown(pilot, ConflictsScreen)
            await wait_for(pilot, lambda: _rows(pilot) == 1)
            await pilot.press("enter")
            await shown(pilot, SettleModal)

        assert snap_app(snap_compare, _data(stores.merged, tmp_path), size, steps)
