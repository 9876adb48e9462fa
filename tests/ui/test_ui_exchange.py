"""Bundles in the app: export to a contact, import a bundle that conflicts with a local
change, and settle the conflict from the inbox; an import runs off the screen's thread
with a progress bar."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import DataTable, Input, ProgressBar, Static

from caseworker.opening.unlocking import open_store
from screens.exchange.conflicts import ConflictsScreen, SettleModal
from screens.exchange.contact_form import AddContactModal
from screens.exchange.import_preview import ImportScreen
from screens.exchange.overview import ExchangeScreen
from storage.tables import Case
from tests.conftest import PASSPHRASE
from tests.support.bundle_helpers import receive, send
from tests.support.case_factory import add_case, seed_draft
from tests.support.helpers import type_text, wait_for
from tests.support.install_helpers import contact_key, introduce, new_install
from tests.support.record_edits import at, edit, value
from tests.support.ui_fixtures import SIZE, make_app, unlock


@pytest.fixture
def two(tmp_path, template_store):
    a = new_install(template_store, tmp_path / "a")
    b = new_install(template_store, tmp_path / "b")
    introduce({"a": a, "b": b})
    case_id = add_case(a, seed_draft("qalymbek-shahman"))
    yield a, b, case_id, tmp_path
    a.close()
    b.close()


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_export_writes_a_bundle_the_contact_can_import(two):
    a, b, case_id, folder = two
    root = a.paths.root
    a.close()
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ExchangeScreen))
        assert "b" in [str(row[0]) for row in
                       (app.screen.query_one(DataTable).get_row_at(i)
                        for i in range(app.screen.query_one(DataTable).row_count))]
        await pilot.press("e")
        await wait_for(pilot, lambda: app.screen.query_one("#out", Input).value != "")
        out = folder / "to-b.cwb"
        app.screen.query_one("#out", Input).value = str(out)
        app.screen.query_one("#to").select("b")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Wrote" in _text(app, "#done"))
        assert "1 case for b" in _text(app, "#done")
    plan = receive(b, out)
    assert plan.cases("added") == [case_id]


async def test_adding_a_contact_shows_the_fingerprint_and_refuses_a_bad_key(two,
                                                                            template_store):
    a, b, _, folder = two
    known, new = contact_key(b), new_install(template_store, folder / "c")
    key = contact_key(new)
    new.close()
    root = a.paths.root
    a.close()
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("x", "a")
        await wait_for(pilot, lambda: isinstance(app.screen, AddContactModal))
        await type_text(pilot, "Almaty office")
        app.screen.query_one("#key", Input).value = "age1nonsense"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "age recipient" in _text(app, "#problem"))
        app.screen.query_one("#key", Input).value = known
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "already the contact 'b'" in _text(app, "#problem"))
        app.screen.query_one("#key", Input).value = key
        await wait_for(pilot, lambda: "Fingerprint" in _text(app, "#fingerprint"))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ExchangeScreen))
        names = [str(app.screen.query_one(DataTable).get_row_at(i)[0])
                 for i in range(app.screen.query_one(DataTable).row_count)]
        assert names == ["Almaty office", "b"]


async def test_importing_a_conflicting_bundle_then_settling_it_in_the_inbox(two):
    a, b, case_id, folder = two
    receive(b, send(a, "b", folder))
    edit(a, Case, case_id, at(1), route="Khorgos, on foot")
    edit(b, Case, case_id, at(2), route="Nur Zholy, by car")
    bundle = send(a, "b", folder)
    root = b.paths.root
    b.close()
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("x", "i")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
        await type_text(pilot, str(bundle))
        await pilot.press("enter")
        await wait_for(pilot, lambda: "ctrl+s" in _text(app, "#preview"))
        preview = _text(app, "#preview")
        assert "Changes 1 case(s) already here: Qalymbek Shahman" in preview
        assert "conflict inbox: case: route" in preview
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: _text(app, "#preview").startswith("Imported"))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ExchangeScreen))
        assert "1 conflict from merged bundles waits" in _text(app, "#conflict-count")
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictsScreen))
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        assert [str(c) for c in table.get_row_at(0)[:3]] == ["Qalymbek Shahman", "case",
                                                              "route"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SettleModal))
        await pilot.press("enter")  # the first side: Aigerim's "Khorgos, on foot"
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictsScreen)
                       and app.screen.query_one(DataTable).row_count == 0)
    reopened = open_store(root, PASSPHRASE)
    try:
        assert value(reopened, Case, case_id, "route") == "Khorgos, on foot"
    finally:
        reopened.close()


async def test_a_case_is_sent_on_its_own_from_its_view(two):
    from screens.exchange.export_form import ExportScreen
    from tests.support.case_factory import simple_draft
    from tests.support.ui_fixtures import open_cases

    a, b, case_id, folder = two
    add_case(a, simple_draft("Yerzhanat Abai"))
    root = a.paths.root
    a.close()
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_cases(pilot)
        await type_text(pilot, "Qalymbek")
        await wait_for(pilot, lambda: table.row_count == 1
                       and "Qalymbek" in str(table.get_row_at(0)[0]))
        await pilot.press("enter", "enter")  # to the results, then open the case
        await wait_for(pilot, lambda: getattr(app.screen, "case_id", None) == case_id)
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        out = folder / "one-case.cwb"
        app.screen.query_one("#out", Input).value = str(out)
        app.screen.query_one("#to").select("b")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Wrote" in _text(app, "#done"))
    plan = receive(b, out)
    assert plan.cases("added") == [case_id] and plan.bundle.manifest.cases == 1


async def test_an_import_shows_its_progress_and_the_screen_keeps_taking_keys(two, monkeypatch):
    from caseworker.exchange import bundle_import

    a, b, case_id, folder = two
    bundle = send(a, "b", folder)
    root = b.paths.root
    b.close()
    reported, go_on = threading.Event(), threading.Event()
    real_apply = bundle_import.apply_bundle

    def slow_import(store, opened, author, progress=None):
        # A large bundle: the import is held after its first batch until the test has
        # seen the screen answer a key meanwhile.
        progress(1, 4, "writing the history")
        reported.set()
        go_on.wait(20)
        return real_apply(store, opened, author, progress=progress)

    monkeypatch.setattr(bundle_import, "apply_bundle", slow_import)
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        try:
            await unlock(pilot)
            await pilot.press("x", "i")
            await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
            screen = app.screen
            await type_text(pilot, str(bundle))
            await pilot.press("enter")
            await wait_for(pilot, lambda: "ctrl+s" in _text(app, "#preview"))
            await pilot.press("ctrl+s")
            bar = screen.query_one(ProgressBar)
            await wait_for(pilot, lambda: reported.is_set() and bar.progress == 1)
            assert bar.total == 4 and bar.display
            assert _text(app, "#preview") == "Importing: writing the history…"
            [worker] = [w for w in app.workers if w.group == "bundle-import"]
            assert worker.is_running and worker.node is screen
            # While the import runs, keys are handled: Esc explains why it stays,
            # and a second ctrl+s starts no second import.
            await pilot.press("escape", "ctrl+s")
            await wait_for(pilot, lambda: any("still running" in str(n.message)
                                              for n in app._notifications))
            assert app.screen is screen
            assert [w.group for w in app.workers].count("bundle-import") == 1
        finally:
            go_on.set()
        await wait_for(pilot, lambda: _text(app, "#preview").startswith("Imported"))
        assert bar.progress == bar.total
        await wait_for(pilot, lambda: not screen.query(ProgressBar))  # gone once done
        with app.workspace.store.read() as session:
            assert session.get(Case, case_id) is not None


async def test_an_import_that_fails_unexpectedly_says_so_and_can_be_tried_again(
        two, monkeypatch):
    from caseworker.exchange import bundle_import

    a, b, case_id, folder = two
    bundle = send(a, "b", folder)
    root = b.paths.root
    b.close()

    real_apply = bundle_import.apply_bundle

    def broken(store, opened, author, progress=None):
        raise KeyError("Qalymbek Shahman")

    monkeypatch.setattr(bundle_import, "apply_bundle", broken)
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("x", "i")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
        screen = app.screen
        await type_text(pilot, str(bundle))
        await pilot.press("enter")
        await wait_for(pilot, lambda: "ctrl+s" in _text(app, "#preview"))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any(n.severity == "error" for n in app._notifications))
        assert [str(n.message) for n in app._notifications if n.severity == "error"] == [
            "Not saved: an internal error (KeyError)."]
        assert not screen.importing
        await wait_for(pilot, lambda: not screen.query(ProgressBar))
        assert "Importing" not in _text(app, "#preview")
        monkeypatch.setattr(bundle_import, "apply_bundle", real_apply)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: _text(app, "#preview").startswith("Imported"))
        with app.workspace.store.read() as session:
            assert session.get(Case, case_id) is not None


async def test_the_exchange_screen_names_a_bundle_that_never_arrived_and_shows_a_qr_code(two):
    a, b, case_id, folder = two
    bundles = []
    for number in range(3):
        edit(a, Case, case_id, at(number + 1), route=f"route {number}")
        bundles.append(send(a, "b", folder))
    receive(b, bundles[0])
    receive(b, bundles[2])
    root = b.paths.root
    b.close()
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ExchangeScreen))
        assert "a: bundle 2 from this contact never arrived." in _text(app, "#missing")
        qr = app.screen.query_one("#qr", Static)
        assert not qr.display
        await pilot.press("q")
        await wait_for(pilot, lambda: qr.display)
        assert "█" in _text(app, "#qr")


async def test_a_space_in_the_file_field_keeps_the_path_and_a_blank_one_is_refused(
        two, monkeypatch):
    """Finding 5: Space in the selected File field replaced the default path, and F2 then
    wrote a file named " " wherever the app had been started."""
    a, _b, _case_id, folder = two
    root = a.paths.root
    a.close()
    monkeypatch.chdir(folder)
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ExchangeScreen))
        await pilot.press("e")
        out = app.screen.query_one("#out", Input)
        await wait_for(pilot, lambda: out.value.endswith(".cwb"))
        default = out.value
        out.focus()
        await pilot.pause()
        await pilot.press("space")
        assert out.value == default + " "
        await pilot.press("ctrl+u", "space")
        assert out.value == " "
        app.screen.query_one("#to").select("b")
        await pilot.press("f2")
        await wait_for(pilot, lambda: _text(app, "#problem") != "")
        assert _text(app, "#problem") == ("File: type where to write the bundle, such as "
                                          "~/caseworker-bundle.cwb.")
        assert app.focused is out
    assert not (folder / " ").exists()
