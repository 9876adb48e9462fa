"""Evidence files: photos of documents, court decisions, recorded testimony.

A file is two things. Its record (`evidence_files`) is shared like any other: who added
it, when, from which source, its name, type, size and the SHA-256 of the original, so a
bundle always carries the chain of custody. Its contents are this install's own: chunks
inside the encrypted store (`file_chunks`), found by a keyed hash of the original
(`file_contents.content_key`), stored once however many records name the same bytes
(docs/architecture.md §12)."""

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
    """One stored original. `content_key` is HMAC-SHA256, under a key kept in the store, of
    the original's SHA-256: the same bytes are stored once, and the key names them without
    saying which known file they are. None while the chunks are still being written."""

    __tablename__ = "file_contents"

    id: int | None = Field(default=None, primary_key=True)
    content_key: str | None = Field(default=None, unique=True)
    size: int = Field(default=0, nullable=False)


class FileChunk(SQLModel, table=True):
    __tablename__ = "file_chunks"

    content: int = Field(foreign_key="file_contents.id", primary_key=True,
                         ondelete="CASCADE")
    seq: int = Field(primary_key=True)
    data: bytes = Field(nullable=False)
