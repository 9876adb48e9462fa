"""The import screen's other paths: a bundle sent with a passphrase asks for it, a sender
who is not a contact yet is added with ctrl+t, a damaged file is named as such and
imports nothing; and removing a contact on the Exchange screen."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.widgets import DataTable, Input, Static

from caseworker.exchange.bundle_export import export_bundle
from caseworker.exchange.install_keys import add_contact, list_contacts
from caseworker.opening.unlocking import open_store
from screens.base.modals import ConfirmModal
from screens.exchange.contact_form import AddContactModal
from screens.exchange.import_preview import ImportScreen
from screens.exchange.overview import ExchangeScreen
from storage.tables import Case
from tests.conftest import PASSPHRASE
from tests.support.bundle_helpers import send
from tests.support.case_factory import add_case, author, seed_draft
from tests.support.helpers import type_text, wait_for
from tests.support.install_helpers import contact_key, introduce, new_install
from tests.support.ui_fixtures import SIZE, make_app, unlock

BUNDLE_PASSPHRASE = "copper meadow quietly harbour ninety"


@pytest.fixture
def two(tmp_path, template_store):
    """Installs "a" (with Qalymbek Shahman's case) and "b", contacts of each other."""
    a = new_install(template_store, tmp_path / "a")
    b = new_install(template_store, tmp_path / "b")
    introduce({"a": a, "b": b})
    case_id = add_case(a, seed_draft("qalymbek-shahman"))
    yield a, b, case_id, tmp_path
    a.close()
    b.close()


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _case_ids(app) -> list[str]:
    with app.workspace.store.read() as session:
        return list(session.exec(select(Case.id)))


async def _check(pilot, path) -> ImportScreen:
    """From the dashboard to the import screen, the bundle's path typed and checked."""
    await unlock(pilot)
    await pilot.press("x", "i")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ImportScreen))
    await type_text(pilot, str(path))
    await pilot.press("enter")
    return pilot.app.screen


async def test_a_passphrase_bundle_asks_for_it_and_a_wrong_one_is_said(two):
    a, b, case_id, folder = two
    bundle = folder / "oneoff.cwb"
    export_bundle(a, bundle, author(), passphrase=BUNDLE_PASSPHRASE)
    root = b.paths.root
    b.close()
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _check(pilot, bundle)
        await wait_for(pilot, lambda: "sent with a passphrase" in _text(app, "#problem"))
        field = screen.query_one("#passphrase", Input)
        assert field.display and app.focused is field  # typing goes straight into it
        await type_text(pilot, "copper meadow loudly harbour ninety")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Wrong passphrase" in _text(app, "#problem"))
        assert "ctrl+s" not in _text(app, "#preview")
        field.value = ""
        await type_text(pilot, BUNDLE_PASSPHRASE)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "ctrl+s" in _text(app, "#preview"))
        assert _text(app, "#problem") == ""
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: _text(app, "#preview").startswith("Imported"))
        assert _case_ids(app) == [case_id]


async def test_a_sender_not_yet_a_contact_is_added_with_ctrl_t_then_imported(two,
                                                                            template_store):
    _, b, _, folder = two
    stranger = new_install(template_store, folder / "stranger")
    add_contact(stranger, "b", contact_key(b), author())
    theirs = add_case(stranger, seed_draft("yerzhanat-abai"))
    bundle = send(stranger, "b", folder)
    key = contact_key(stranger)
    stranger.close()
    root = b.paths.root
    b.close()
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await _check(pilot, bundle)
        await wait_for(pilot, lambda: "not among your contacts" in _text(app, "#problem"))
        assert "ctrl+t" in _text(app, "#preview")
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, AddContactModal))
        # the key comes from the bundle; only a name is typed
        assert app.screen.query_one("#key", Input).value == key
        await type_text(pilot, "Stranger")
        await pilot.press("ctrl+s")
        # added, and the bundle checked again at once
        await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen)
                       and "ctrl+s" in _text(app, "#preview"))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: _text(app, "#preview").startswith("Imported"))
        assert _case_ids(app) == [theirs]
        with app.workspace.store.read() as session:
            assert sorted(c.name for c in list_contacts(session)) == ["Stranger", "a"]


async def test_a_damaged_bundle_is_named_and_nothing_is_imported(two):
    a, b, _, folder = two
    bundle = send(a, "b", folder)
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x01
    bundle.write_bytes(bytes(data))
    not_a_bundle = folder / "notes.txt"
    not_a_bundle.write_text("Qalymbek Shahman, detained\n")
    root = b.paths.root
    b.close()
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _check(pilot, bundle)
        await wait_for(pilot, lambda: "damaged or altered" in _text(app, "#problem"))
        assert "ctrl+s" not in _text(app, "#preview")
        await pilot.press("ctrl+s")  # checks again, and refuses again: nothing to import
        await wait_for(pilot, lambda: "damaged or altered" in _text(app, "#problem")
                       and not _text(app, "#preview").startswith("Checking"))
        field = screen.query_one("#path", Input)
        field.focus()
        field.value = str(not_a_bundle)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "This is not a bundle" in _text(app, "#problem"))
        assert _case_ids(app) == []


async def test_removing_a_contact_on_the_exchange_screen_asks_first(two):
    _, b, _, _ = two
    root = b.paths.root
    b.close()
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ExchangeScreen))
        table = app.screen.query_one(DataTable)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["a"]
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert "Remove the contact a?" in _text(app, ".question")
        await pilot.press("n")                       # kept
        await wait_for(pilot, lambda: isinstance(app.screen, ExchangeScreen))
        assert table.row_count == 1
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, ExchangeScreen)
                       and table.row_count == 0)
    reopened = open_store(root, PASSPHRASE)
    try:
        with reopened.read() as session:
            assert list_contacts(session) == []
    finally:
        reopened.close()
