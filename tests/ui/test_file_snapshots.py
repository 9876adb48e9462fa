"""Snapshots of a case's Files tab with a file kept on it, and of the dialog that keeps
one and the one that saves a copy, at 80×24 and 140×45."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable, TabbedContent

from caseworker.core.authoring import Author
from caseworker.evidence.attaching import attach_file
from caseworker.opening.unlocking import open_store
from screens.cases.file_modals import AttachFileModal, ExportFileModal
from tests.conftest import PASSPHRASE
from tests.support.case_factory import NOW
from tests.support.helpers import wait_for
from tests.support.photo_files import sized_jpeg
from tests.support.snapshot_app import first_case, paste, shown, snap_app
from tests.support.snapshot_stores import USER

SIZES = pytest.mark.parametrize("size", [(80, 24), (140, 45)], ids=["80x24", "140x45"])
pytestmark = pytest.mark.usefixtures("derive_each_key_once")


def _with_a_file(seeded: Path, folder: Path) -> Path:
    photo = folder / "detention-notice.jpg"
    photo.write_bytes(sized_jpeg(1200, 1600))
    store = open_store(seeded, PASSPHRASE)
    try:
        with store.read() as session:
            case_id = session.connection().exec_driver_sql(
                "SELECT case_id FROM case_summaries WHERE display_name LIKE 'Qalymbek%'"
            ).scalar_one()
        attach_file(store, case_id, photo, Author(USER, NOW - timedelta(hours=3)),
                    note="Photo of the notice his brother was shown in Tashkent")
    finally:
        store.close()
    return seeded


@SIZES
def test_files_tab(snap_compare, seeded, tmp_path, size):
    data = _with_a_file(seeded, tmp_path)

    async def steps(pilot):
        screen = await first_case(pilot)
        await pilot.press("8")
        await wait_for(pilot, lambda: screen.query_one(TabbedContent).active == "files"
                       and screen.query_one("#file-table", DataTable).row_count == 1)
        await wait_for(pilot, lambda: "pixels" in str(screen.query_one("#detail").render()))
        await pilot.wait_for_scheduled_animations()

    assert snap_app(snap_compare, data, size, steps)


@SIZES
def test_attach_dialog(snap_compare, seeded, size):
    async def steps(pilot):
        await first_case(pilot)
        await pilot.press("8", "f")
        await shown(pilot, AttachFileModal)
        await paste(pilot, "~/Downloads/passport.jpg")

    assert snap_app(snap_compare, seeded, size, steps)


@SIZES
def test_export_dialog_for_a_photo(snap_compare, seeded, tmp_path, size):
    data = _with_a_file(seeded, tmp_path)

    async def steps(pilot):
        screen = await first_case(pilot)
        await pilot.press("8")
        await wait_for(pilot, lambda: screen.query_one("#file-table", DataTable).row_count == 1)
        await pilot.press("x")
        await shown(pilot, ExportFileModal)
        pilot.app.screen.query_one("#export-path").value = "~/Desktop/notice-to-publish.jpg"
        await pilot.press("tab", "space")
        await pilot.wait_for_scheduled_animations()

    assert snap_app(snap_compare, data, size, steps)
