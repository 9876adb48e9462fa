"""A case's Files tab as a volunteer uses it: keep a file by typing its path (completed
with →), see it with its chain of custody, save a copy, open it from a folder in memory
that is gone once the app locks, purge it; and a mistyped path that stays to be corrected."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from caseworker.evidence import viewing
from screens.base.modals import TypedConfirmModal
from screens.cases.file_modals import AttachFileModal, ExportFileModal
from tests.support.case_factory import seed_cases, seed_draft
from tests.support.helpers import wait_for
from tests.support.photo_files import LATITUDE, sized_jpeg
from tests.support.ui_fixtures import SIZE, make_app, open_first_case, unlock

PNG = b"\x89PNG\r\n\x1a\n" + os.urandom(3000)


def _rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def _files_tab(pilot) -> DataTable:
    await pilot.press("8")
    table = pilot.app.screen.query_one("#file-table", DataTable)
    await wait_for(pilot, lambda: table.region.area > 0)
    return table


async def _type_into_dialog(pilot, dialog: type, text: str) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, dialog))
    field = pilot.app.focused
    assert isinstance(field, Input)
    field.value = ""
    field.insert_text_at_cursor(text)
    await pilot.pause()


async def _keep(pilot, path: Path, note: str = "") -> None:
    await pilot.press("f")
    await _type_into_dialog(pilot, AttachFileModal, str(path))
    if note:
        await pilot.press("tab")
        pilot.app.focused.insert_text_at_cursor(note)
    await pilot.press("enter")


async def test_keep_see_save_and_purge_a_file(data_dir, tmp_path):
    seed_cases(data_dir, seed_draft("qalymbek-shahman"))
    photo = tmp_path / "passport page.png"
    photo.write_bytes(PNG)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        view = await open_first_case(pilot)
        table = await _files_tab(pilot)
        assert table.row_count == 0
        await _keep(pilot, photo, "from his sister")
        await wait_for(pilot, lambda: table.row_count == 1)
        [row] = _rows(table)
        assert "passport page.png" in row and "2.9 KiB" in row
        detail = str(view.query_one("#detail", Static).render())
        assert hashlib.sha256(PNG).hexdigest() in detail and "from his sister" in detail

        copy = tmp_path / "copy.png"
        await pilot.press("x")
        await _type_into_dialog(pilot, ExportFileModal, str(copy))
        await pilot.press("enter")
        await wait_for(pilot, lambda: copy.exists())
        assert copy.read_bytes() == PNG

        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, TypedConfirmModal))
        pilot.app.focused.insert_text_at_cursor("purge")
        await pilot.press("enter")
        await wait_for(pilot, lambda: table.row_count == 0)


async def test_a_path_is_completed_and_a_wrong_one_stays_to_be_corrected(data_dir, tmp_path):
    seed_cases(data_dir, seed_draft("qalymbek-shahman"))
    (tmp_path / "detention-notice.pdf").write_bytes(b"%PDF-1.4 notice")
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await open_first_case(pilot)
        table = await _files_tab(pilot)
        await pilot.press("f")
        await _type_into_dialog(pilot, AttachFileModal, str(tmp_path / "nothing-here.pdf"))
        await pilot.press("enter")
        problem = pilot.app.screen.query_one("#file-problem", Static)
        await wait_for(pilot, lambda: "There is no file nothing-here.pdf" in str(
            problem.render()))
        assert isinstance(pilot.app.screen, AttachFileModal)  # still there, to correct
        await _type_into_dialog(pilot, AttachFileModal, str(tmp_path / "deten"))
        field = pilot.app.focused
        await wait_for(pilot, lambda: field._suggestion.endswith("detention-notice.pdf"))
        await pilot.press("right", "enter")
        await wait_for(pilot, lambda: table.row_count == 1)
        assert "detention-notice.pdf" in _rows(table)[0]


@pytest.mark.skipif(not viewing.can_view(), reason="needs a folder in memory (/dev/shm)")
async def test_an_opened_copy_is_in_memory_and_gone_when_the_app_locks(data_dir, tmp_path,
                                                                        monkeypatch):
    shown: list[Path] = []
    monkeypatch.setattr(viewing, "find_viewer", lambda: "/usr/bin/xdg-open")
    monkeypatch.setattr(viewing, "show_in_viewer", lambda path, opener: shown.append(path))
    seed_cases(data_dir, seed_draft("qalymbek-shahman"))
    (tmp_path / "photo.png").write_bytes(PNG)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await open_first_case(pilot)
        table = await _files_tab(pilot)
        await _keep(pilot, tmp_path / "photo.png")
        await wait_for(pilot, lambda: table.row_count == 1)
        await pilot.press("o")
        await wait_for(pilot, lambda: len(shown) == 1)
        [copy] = shown
        assert copy.parent.parent == viewing.RAM_FOLDER and copy.read_bytes() == PNG
        assert copy.parent.stat().st_mode & 0o077 == 0
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: app.locked)
        assert not copy.exists() and not copy.parent.exists()


async def test_without_a_viewer_no_copy_is_made(data_dir, tmp_path, monkeypatch):
    from caseworker.core.user_errors import UserError

    def missing() -> str:
        raise UserError("No viewer is set up on this computer.")

    monkeypatch.setattr(viewing, "find_viewer", missing)
    made: list[str] = []
    monkeypatch.setattr(viewing, "open_copy", lambda *args: made.append("copy"))
    seed_cases(data_dir, seed_draft("qalymbek-shahman"))
    (tmp_path / "photo.png").write_bytes(PNG)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await open_first_case(pilot)
        table = await _files_tab(pilot)
        await _keep(pilot, tmp_path / "photo.png")
        await wait_for(pilot, lambda: table.row_count == 1)
        await pilot.press("o")
        await wait_for(pilot, lambda: any("No viewer" in str(n.message)
                                          for n in app._notifications))
        assert made == []



async def test_a_photos_size_and_gps_position_show_without_a_viewer(data_dir, tmp_path):
    seed_cases(data_dir, seed_draft("qalymbek-shahman"))
    photo = tmp_path / "detention notice.jpg"
    photo.write_bytes(sized_jpeg(1200, 1600))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        view = await open_first_case(pilot)
        table = await _files_tab(pilot)
        await _keep(pilot, photo)
        await wait_for(pilot, lambda: table.row_count == 1)
        detail = view.query_one("#detail", Static)
        await wait_for(pilot, lambda: "pixels" in str(detail.render()))
        assert "1200 × 1600 pixels; holds EXIF metadata (with a GPS position), a comment" \
            in str(detail.render())


async def test_a_copy_to_publish_is_saved_without_its_gps_position(data_dir, tmp_path):
    seed_cases(data_dir, seed_draft("qalymbek-shahman"))
    photo = tmp_path / "detention notice.jpg"
    photo.write_bytes(sized_jpeg(1200, 1600))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await open_first_case(pilot)
        table = await _files_tab(pilot)
        await _keep(pilot, photo)
        await wait_for(pilot, lambda: table.row_count == 1)
        copy = tmp_path / "to publish.jpg"
        await pilot.press("x")
        await _type_into_dialog(pilot, ExportFileModal, str(copy))
        await pilot.press("tab", "space", "enter")  # tick the box, save from it
        await wait_for(pilot, lambda: copy.exists())
        assert LATITUDE not in copy.read_bytes() and LATITUDE in photo.read_bytes()
        shown = [str(n.message) for n in app._notifications]
        assert any("metadata removed: EXIF metadata (with a GPS position), a comment" in text
                   for text in shown)
