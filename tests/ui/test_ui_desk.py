"""The app on an intake desk: its screens list, show and edit cases, so it does not open
there (docs/architecture.md §11)."""

from __future__ import annotations

from textual.widgets import Input, Static

from caseworker.desk.desk_mode import make_desk
from caseworker.opening.unlocking import open_store
from tests.conftest import PASSPHRASE
from tests.support.case_factory import author
from tests.support.helpers import type_text, wait_for
from tests.support.install_helpers import contact_key, new_install
from tests.support.ui_fixtures import SIZE, make_app


async def test_the_app_does_not_open_on_a_desk(data_dir, template_store, tmp_path):
    office = new_install(template_store, tmp_path / "office")
    (tmp_path / "outbox").mkdir()
    desk = open_store(data_dir, PASSPHRASE)
    make_desk(desk, contact_key(office), tmp_path / "outbox", author())
    desk.close()
    office.close()
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "passphrase")
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        status = app.screen.query_one("#status", Static)
        await wait_for(pilot, lambda: "intake desk" in str(status.render()))
        assert app.workspace.store is None
        assert not app.screen.query_one("#passphrase", Input).disabled
