"""Attaching a file to a case: read in chunks and sealed into the store's files folder
inside one write, so the memory used is one chunk's whatever the size, and a process
killed half-way leaves only a ciphertext the next unlock removes (docs/architecture.md
§13).

The original is never copied anywhere else: no temp file, no cache, no thumbnail."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlmodel import Session, col, func, select

from caseworker.cases.case_read import id_prefix
from caseworker.core.authoring import Author, editor_for
from caseworker.core.user_errors import UserError
from caseworker.core.vocab import MAX_LONG_TEXT
from caseworker.evidence.media_types import SNIFF_BYTES, media_type
from storage.file_contents import store_contents
from storage.store import Store
from storage.tables import Case, CaseSource, Event, EvidenceFile

# A phone's hour of testimony in HD is some 4 GB; a case's files are counted in tens.
MAX_FILE_BYTES = 8 << 30
MAX_FILES_PER_CASE = 1000
MAX_NAME = 255

Progress = Callable[[int, int], None]  # (bytes done, bytes in all)


@dataclass(frozen=True)
class AddedFile:
    id: str
    name: str
    media_type: str
    size: int
    sha256: str
    already_held: bool  # the same bytes were in the store: kept once, named twice


def attach_file(store: Store, case_id: str, path: Path, author: Author,
                event: str | None = None, source: str | None = None, note: str = "",
                progress: Progress | None = None) -> AddedFile:
    """Keep the file at `path` on the case, linked to one of its events or sources if
    given (an id or its first six or more characters)."""
    if len(note) > MAX_LONG_TEXT:
        raise UserError(f"The note is longer than {MAX_LONG_TEXT:,} characters.")
    with _opened(path) as (file, total):
        head = file.read(SNIFF_BYTES)
        kind = media_type(head, path.name)
        read = _ChunkReader(file, head, total, progress)
        with store.write() as session:
            case = session.get(Case, case_id)
            if case is None:
                raise UserError("There is no such case.")
            held = session.exec(select(func.count()).select_from(EvidenceFile).where(
                EvidenceFile.case_id == case_id)).one()
            if held >= MAX_FILES_PER_CASE:
                raise UserError(f"The case holds {MAX_FILES_PER_CASE:,} files, as many as "
                                "one case may; purge some before adding more.")
            event_id = _own_event(session, case_id, event) if event else None
            source_id = _own_source(session, case_id, source) if source else None
            stored = store_contents(store.paths, session, read)
            record = EvidenceFile(case_id=case_id, event_id=event_id, source_id=source_id,
                                  name=_shown_name(path), media_type=kind, size=stored.size,
                                  sha256=stored.sha256, added_by=author.name,
                                  added_at=author.now, note=note.strip())
            editor_for(session, author, case_id).save(record)
    return AddedFile(record.id, record.name, kind, stored.size, stored.sha256,
                     stored.already_held)


def check_path(path: Path) -> None:
    """A sentence if `path` is not a file to read (the app asks before it starts)."""
    if path.is_dir():
        raise UserError(f"{path.name or path} is a folder; give a file in it.")
    if not path.is_file():
        raise UserError(f"There is no file {path.name or path}.")


@contextmanager
def _opened(path: Path) -> Iterator[tuple[BinaryIO, int]]:
    """The file open for reading, with its size; every way it cannot be is a sentence."""
    check_path(path)
    try:
        file = path.open("rb")
    except OSError as exc:
        raise UserError(f"{path.name} cannot be read ({exc.strerror or 'read failed'}).") \
            from None
    with file:
        total = os.fstat(file.fileno()).st_size
        if total == 0:
            raise UserError(f"{path.name} is empty: there is nothing to keep.")
        if total > MAX_FILE_BYTES:
            raise UserError(f"{path.name} is larger than {MAX_FILE_BYTES >> 30} GiB, the "
                            "most one file may be.")
        yield file, total


class _ChunkReader:
    """The file's bytes chunk by chunk, the sniffed head first; a sentence if it grows
    past the limit or fails while it is read (a stick pulled out)."""

    def __init__(self, file: BinaryIO, head: bytes, total: int,
                 progress: Progress | None) -> None:
        self.file, self.head, self.total, self.progress = file, head, total, progress
        self.done = 0

    def __call__(self, size: int) -> bytes:
        first, self.head = self.head, b""
        try:
            chunk = first + self.file.read(max(size - len(first), 0))
        except OSError as exc:
            raise UserError(f"The file could not be read to the end "
                            f"({exc.strerror or 'read failed'}); nothing was kept.") from None
        self.done += len(chunk)
        if self.done > MAX_FILE_BYTES:
            raise UserError(f"The file grew past {MAX_FILE_BYTES >> 30} GiB while it was "
                            "read; nothing was kept.")
        if self.progress is not None and chunk:
            self.progress(self.done, max(self.total, self.done))
        return chunk


def _shown_name(path: Path) -> str:
    name = "".join(c for c in path.name if c.isprintable())
    return name[:MAX_NAME] or "file"


def _own_event(session: Session, case_id: str, given: str) -> str:
    prefix = id_prefix(given)
    found = [] if prefix is None else session.exec(select(Event.id).where(
        Event.case_id == case_id, col(Event.id).startswith(prefix)).limit(2)).all()
    if len(found) != 1:
        raise UserError("The event is not one of this case's: give its id or its first "
                        "six or more characters.")
    return found[0]


def _own_source(session: Session, case_id: str, given: str) -> str:
    prefix = id_prefix(given)
    found = [] if prefix is None else session.exec(select(CaseSource.source_id).where(
        CaseSource.case_id == case_id, col(CaseSource.source_id).startswith(prefix))
        .limit(2)).all()
    if len(found) != 1:
        raise UserError("The source is not one of this case's: give its id or its first "
                        "six or more characters.")
    return found[0]

