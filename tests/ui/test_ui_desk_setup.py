"""The first run sets a computer up as the office's intake desk, as `init --desk` does:
the office's contact key and the outbox folder, each refused by name when wrong, and no
store left when the set-up fails (issue 22)."""

from __future__ import annotations

from textual.widgets import Checkbox, Input, Static

from caseworker.desk.desk_mode import desk_settings
from caseworker.opening.unlocking import open_store
from screens.desk.volunteer_prompt import VolunteerPrompt
from screens.shell.create_store import CreateStoreScreen
from tests.conftest import PASSPHRASE
from tests.support.helpers import type_text, wait_for
from tests.support.install_helpers import contact_key, new_install
from tests.support.ui_fixtures import SIZE, make_app


async def _fill(pilot, office_key: str, outbox: str) -> None:
    """Who is working, the passphrase twice, the desk ticked, its two fields."""
    screen = pilot.app.screen
    assert isinstance(screen, CreateStoreScreen)
    await type_text(pilot, "Aigerim")
    for field in ("#first", "#second"):
        screen.query_one(field, Input).value = PASSPHRASE
    screen.query_one("#desk", Checkbox).value = True
    screen.query_one("#office-key", Input).value = office_key
    outbox_field = screen.query_one("#outbox", Input)
    outbox_field.value = outbox
    outbox_field.focus()
    await pilot.pause()
    await pilot.press("enter")


def _status(pilot) -> str:
    return str(pilot.app.screen.query_one("#status", Static).render())


async def test_the_first_run_sets_up_a_desk_that_asks_who_is_at_it(template_store,
                                                                    tmp_path):
    office = new_install(template_store, tmp_path / "office")
    key = contact_key(office)
    office.close()
    outbox = tmp_path / "usb"
    outbox.mkdir()
    data_dir = tmp_path / "desk"
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _fill(pilot, key, str(outbox))
        await wait_for(pilot, lambda: isinstance(app.screen, VolunteerPrompt), timeout=60)
        assert app.workspace.on_desk
    store = open_store(data_dir, PASSPHRASE)
    try:
        with store.read() as session:
            assert desk_settings(session).outbox == outbox
    finally:
        store.close()


async def test_a_wrong_key_or_folder_is_refused_by_name_and_nothing_is_made(template_store,
                                                                          tmp_path):
    office = new_install(template_store, tmp_path / "office")
    key = contact_key(office)
    office.close()
    data_dir = tmp_path / "desk"
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _fill(pilot, "not a key", str(tmp_path))
        await wait_for(pilot, lambda: _status(pilot).startswith("Office contact key: "))
        assert app.focused is app.screen.query_one("#office-key")
        app.screen.query_one("#office-key", Input).value = ""
        await pilot.press("enter", "enter")  # to the outbox folder, then create
        await wait_for(pilot, lambda: "paste the key" in _status(pilot))
    assert not (data_dir / "store.key").exists()
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _fill(pilot, key, str(tmp_path / "no such stick"))
        await wait_for(pilot, lambda: _status(pilot).startswith(
            "Outbox folder: there is no folder"))
        assert app.focused is app.screen.query_one("#outbox")
    assert not (data_dir / "store.key").exists()
