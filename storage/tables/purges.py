"""Purges: which records' content was erased, by whom, when and on which install.

A redaction travels in bundles (caseworker/exchange/erasure.py) so every install that
holds the records erases them too; the revisions keep their ids, parents and metadata and
lose their fields. The history still says that a purge happened, by whom and when; never
what was erased."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.columns import JSONList, UTCDateTime, empty_list


class Redaction(SQLModel, table=True):
    __tablename__ = "redactions"

    # SHA-256 of the canonical [author, origin, at, records]: the same on every install.
    id: str = Field(primary_key=True)
    author: str = Field(nullable=False)
    origin: str = Field(nullable=False)  # the install the purge was made on
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    # [[table, record id], ...], sorted: ids only, which say nothing of the content.
    records: list[list[str]] = Field(default_factory=empty_list, sa_type=JSONList, nullable=False)
    seq: int | None = Field(default=None, unique=True)  # local arrival order
    # The signed batch listing this redaction's id: its install's word that it purged
    # these records (caseworker/exchange/signed_history.py). None until signed.
    batch: str | None = Field(default=None)


class PurgedRecord(SQLModel, table=True):
    """A record whose content is erased here: any revision of it that arrives later is
    stored redacted, and its row never comes back."""

    __tablename__ = "purged_records"

    table_name: str = Field(primary_key=True)
    record_id: str = Field(primary_key=True)
    redaction_id: str = Field(nullable=False, index=True)
