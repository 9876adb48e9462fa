"""Evidence files: photos of documents, court decisions, recorded testimony.

A file is two things. Its record (`evidence_files`) is shared like any other: who added
it, when, from which source, its name, type, size and the SHA-256 of the original, so a
bundle always carries the chain of custody. Its contents are this install's own: sealed
in the store's `files` folder (storage/file_contents.py), held when `file_contents` has a
row for them, stored once however many records name the same bytes
(docs/architecture.md §13)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.columns import UTCDateTime
from storage.tables.base import Record


class EvidenceFile(Record, table=True):
    __tablename__ = "evidence_files"

    case_id: str = Field(foreign_key="cases.id", index=True, nullable=False)
    # What it shows, when it is about one event or came with one source. Not foreign keys:
    # an event deleted later leaves the file on the case, where it still belongs.
    event_id: str | None = Field(default=None)
    source_id: str | None = Field(default=None)
    name: str = Field(nullable=False)  # the file's name when it was added, without folders
    media_type: str = Field(nullable=False)  # image/jpeg, application/pdf, ...
    size: int = Field(nullable=False)
    sha256: str = Field(nullable=False)  # of the original bytes: checked on every export
    added_by: str = Field(nullable=False)
    added_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    note: str = Field(default="", nullable=False)


class FileContent(SQLModel, table=True):
    """One original held here. `content_key` is HMAC-SHA256, under a key kept in the store,
    of the original's SHA-256, and the name of its sealed file: the same bytes are kept
    once, and the name does not say which known file they are."""

    __tablename__ = "file_contents"

    content_key: str = Field(primary_key=True)
    size: int = Field(nullable=False)
