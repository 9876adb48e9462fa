"""The change history: every version of every shared record, content-addressed.

A revision's id is the SHA-256 of its canonical content (table, record, parents,
fields, author, time), so the same revision has the same id on every install, and
parents link versions into a history that bundles can carry and merge.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from storage.columns import JSONList, UTCDateTime


class Revision(SQLModel, table=True):
    __tablename__ = "revisions"
    __table_args__ = (
        Index("ix_revisions_record", "table_name", "record_id"),
        Index("ix_revisions_case", "case_id", "seq"),
    )

    seq: int | None = Field(default=None, primary_key=True)  # local arrival order
    id: str = Field(unique=True, nullable=False)
    table_name: str = Field(nullable=False)
    record_id: str = Field(nullable=False)
    parents: list[str] = Field(default_factory=list, sa_type=JSONList, nullable=False)
    # The record's fields after the change, as canonical JSON; {"deleted": true} for a
    # deletion.
    fields: str = Field(nullable=False)
    changed: list[str] = Field(default_factory=list, sa_type=JSONList, nullable=False)
    author: str = Field(nullable=False)
    origin: str = Field(nullable=False)  # the install that made the change
    case_id: str | None = None  # the case the change was made in, for its history
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class RecordHead(SQLModel, table=True):
    """The revision a record's current row corresponds to."""

    __tablename__ = "record_heads"

    table_name: str = Field(primary_key=True)
    record_id: str = Field(primary_key=True)
    head: str = Field(nullable=False)
