"""A case's Files tab: the evidence files kept on it with their chain of custody, and the
keys that keep one, save a copy, open one in the system's viewer and purge one
(caseworker/evidence/, docs/architecture.md §13). Reading and sealing run in workers: a
recording of an hour takes seconds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.message import Message

from caseworker.core.i18n import N_, _
from caseworker.evidence.media_types import CLEANABLE, PICTURES, size_text
from caseworker.opening.workspace import Workspace
from screens.base.messages import ReportsFailedWork, failure_text
from screens.base.modals import TypedConfirmModal
from screens.base.times import shown_time
from screens.cases.file_modals import AttachFileModal, ExportFileModal
from screens.widgets.tables import Col, FitTable
from screens.widgets.work_progress import WorkProgress

if TYPE_CHECKING:  # checked as the Screen it is always mixed into
    from textual.screen import Screen

    from caseworker.evidence.file_records import FileInfo

    _Screen = Screen
else:
    _Screen = object  # at run time the Screen comes later in the screen's own bases

RECORD_ONLY = N_("record only: the contents are not on this install")


def file_columns() -> list[Col]:
    return [Col("added", N_("Added"), 17, narrow_width=10), Col("name", N_("File")),
            Col("kind", N_("Type"), 16, narrow=False), Col("size", N_("Size"), 10),
            Col("by", N_("By"), 14, narrow=False)]


def fill_files(table: FitTable, files: list[FileInfo], zone: str,
               pictures: dict[str, str]) -> dict[str, str]:
    table.clear_cells()
    details = {}
    for info in files:
        row = info.record
        table.add_cells({"added": Text(shown_time(row.added_at, zone)), "name": Text(row.name),
                         "kind": Text(row.media_type), "size": Text(size_text(row.size)),
                         "by": Text(row.added_by)}, key=row.id)
        details[row.id] = file_detail(info, zone, pictures.get(row.id, ""))
    return details


def file_detail(info: FileInfo, zone: str, picture: str) -> str:
    """The line under the list: the chain of custody in full, and a photo's size and
    metadata once read (`picture`)."""
    row = info.record
    return " · ".join(part for part in (
        row.name, row.media_type, size_text(row.size), picture,
        _("added by {who}, {when}").format(who=row.added_by,
                                           when=shown_time(row.added_at, zone)),
        "SHA-256 " + row.sha256, row.note,
        "" if info.contents_here else _(RECORD_ONLY)) if part)


@dataclass
class FilesChanged(Message):
    text: str  # what was done, in words: shown, then the case is read again


@dataclass
class FileWorkRefused(Message):
    reason: str


@dataclass
class PictureDescribed(Message):
    file_id: str
    text: str  # its size in pixels and the metadata it holds, in words


@dataclass
class FileProgress(Message):
    done: int
    total: int


class FileActions(ReportsFailedWork, _Screen):
    """For the case screen: it has a `workspace`, a `case_id`, the files it shows by id
    (`files`) in `#file-table`, a `WorkProgress` `#file-progress`, and reads the case
    again (`reload`)."""

    workspace: Workspace
    case_id: str
    files: dict[str, FileInfo]
    pictures: dict[str, str]  # what a photo holds, by file id, once read (PictureDescribed)
    details: dict[str, dict[str, str]]

    if TYPE_CHECKING:  # what the case screen provides
        def reload(self) -> None: ...

        def _show_detail(self) -> None: ...

        @property
        def zone(self) -> str: ...

    def chosen_file(self) -> str | None:
        return self.query_one("#file-table", FitTable).highlighted_key()

    def chosen_file_name(self) -> str:
        chosen = self.files.get(self.chosen_file() or "")
        return chosen.record.name if chosen else "file"

    def _progress(self, done: int, total: int) -> None:
        """From the worker: each MiB read or written."""
        self.post_message(FileProgress(done, total))

    def on_file_progress(self, message: FileProgress) -> None:
        message.stop()
        self.query_one("#file-progress", WorkProgress).report(message.done, message.total)

    def action_attach_file(self) -> None:
        def chosen(answer: tuple[Path, str] | None) -> None:
            if answer is not None:
                self.query_one("#file-progress", WorkProgress).start()
                self.attach(*answer)

        self.app.push_screen(AttachFileModal(), chosen)

    def action_export_file(self) -> None:
        file_id = self.chosen_file()
        if file_id is None:
            return

        def chosen(answer: tuple[Path, bool] | None) -> None:
            if answer is not None:
                self.query_one("#file-progress", WorkProgress).start()
                self.export(file_id, *answer)

        kind = self.files[file_id].record.media_type
        self.app.push_screen(ExportFileModal(Path.home() / self.chosen_file_name(),
                                             cleanable=kind in CLEANABLE), chosen)

    def action_view_file(self) -> None:
        file_id = self.chosen_file()
        if file_id is not None:
            self.view(file_id, self.chosen_file_name())

    def action_purge_file(self) -> None:
        file_id = self.chosen_file()
        if file_id is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.purge_one_file(file_id)

        self.app.push_screen(TypedConfirmModal(
            _("Purge this file?"),
            _("Its contents are erased from this computer's store, and its record from "
              "every revision; the next bundle erases the record at the office and at "
              "contacts too. The history keeps only that a file was purged, by you, now. "
              "This cannot be undone."), "purge"), answered)

    @work(thread=True, exit_on_error=False, group="case-change", description="keep a file")
    def attach(self, path: Path, note: str) -> None:
        from caseworker.evidence.attaching import attach_file  # deferred: start-up speed

        try:
            added = attach_file(self.workspace.require_store(), self.case_id, path,
                                self.workspace.change_author(), note=note,
                                progress=self._progress)
        except Exception as exc:
            self.post_message(FileWorkRefused(failure_text(exc)))
            return
        self.post_message(FilesChanged(
            _("Kept {name} ({size}) on the case.").format(name=added.name,
                                                        size=size_text(added.size))
            + (" " + _("The same bytes were in the store already: they are kept once.")
               if added.already_held else "")))

    @work(thread=True, exit_on_error=False, group="case-change", description="save a copy")
    def export(self, file_id: str, out: Path, clean: bool = False) -> None:
        from caseworker.evidence.exporting import export_file  # deferred: start-up speed

        try:
            done = export_file(self.workspace.require_store(), file_id, out, self._progress,
                               clean=clean)
        except Exception as exc:
            self.post_message(FileWorkRefused(failure_text(exc)))
            return
        if clean:
            removed = ", ".join(_(words) for words in done.removed) or _("nothing")
            self.post_message(FilesChanged(_(
                "Saved a copy to publish as {path}, its metadata removed: {removed}. The "
                "copy is outside the encrypted store.").format(path=out, removed=removed)))
            return
        self.post_message(FilesChanged(_(
            "Saved a copy as {path}; it matches the SHA-256 recorded when the file was "
            "added. The copy is outside the encrypted store.").format(path=out)))

    @work(thread=True, exit_on_error=False, group="case-change", description="look at a file")
    def view(self, file_id: str, name: str) -> None:
        from caseworker.evidence import viewing  # deferred: start-up speed

        try:
            opener = viewing.find_viewer()
            copy = viewing.open_copy(self.workspace.require_store(), file_id, name)
            if viewing.remove_copies not in self.workspace.on_lock:
                self.workspace.on_lock.append(viewing.remove_copies)
            viewing.show_in_viewer(copy, opener)
        except Exception as exc:
            self.post_message(FileWorkRefused(failure_text(exc)))
            return
        self.post_message(FilesChanged(_(
            "Opened in the viewer from a folder in memory, removed when the app locks or "
            "quits. The viewer may keep copies of its own (recent files, thumbnails).")))

    @work(thread=True, exit_on_error=False, group="case-change", description="purge a file")
    def purge_one_file(self, file_id: str) -> None:
        from caseworker.evidence.purging import purge_file  # deferred: start-up speed

        try:
            purge_file(self.workspace.require_store(), file_id,
                       self.workspace.change_author())
        except Exception as exc:
            self.post_message(FileWorkRefused(failure_text(exc)))
            return
        self.post_message(FilesChanged(_(
            "Purged the file. The next bundle carries the purge to the office and "
            "contacts.")))

    def describe_highlighted(self) -> None:
        """A photo's size and metadata (a GPS position above all) under the list, read
        from the stored copy once per file, without a viewer. The case screen calls it
        whenever the Files tab's line under the list changes."""
        info = self.files.get(self.chosen_file() or "")
        if info is not None and info.contents_here and info.record.media_type in PICTURES \
                and info.record.id not in self.pictures:
            self.pictures[info.record.id] = ""
            self.describe(info)

    @work(thread=True, exit_on_error=False, group="picture", description="read a photo")
    def describe(self, info: FileInfo) -> None:
        from caseworker.evidence.picture_facts import describe_picture  # deferred: start-up

        self.post_message(PictureDescribed(
            info.record.id, describe_picture(self.workspace.require_store(), info)))

    def on_picture_described(self, message: PictureDescribed) -> None:
        message.stop()
        self.pictures[message.file_id] = message.text
        info, details = self.files.get(message.file_id), self.details.get("file-table")
        if info is not None and details is not None and message.text:
            details[message.file_id] = file_detail(info, self.zone, message.text)
            self._show_detail()

    def on_files_changed(self, message: FilesChanged) -> None:
        message.stop()
        self.query_one("#file-progress", WorkProgress).finish()
        self.notify(message.text, timeout=8)
        self.reload()

    def on_file_work_refused(self, message: FileWorkRefused) -> None:
        message.stop()
        self.query_one("#file-progress", WorkProgress).finish()
        self.notify(_("Not done: {reason}").format(reason=message.reason), severity="error",
                    timeout=10)
