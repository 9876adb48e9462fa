"""What this install knows about bundles it sent and received, and the conflicts merging
them left for a person to settle. Kept by each install for itself: none of it travels."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.columns import UTCDateTime


class BundleLog(SQLModel, table=True):
    """One bundle written or imported, one row per contact it went to or came from."""

    __tablename__ = "bundle_log"

    bundle_id: str = Field(primary_key=True)
    direction: str = Field(primary_key=True)  # sent | received
    peer: str = Field(primary_key=True)  # the contact's name, or "(passphrase)"
    peer_fingerprint: str = Field(default="", nullable=False)
    sequence: int = Field(nullable=False)  # the sender's count of bundles it has written
    # Sent: the highest local revision number included, so "what changed since my last
    # bundle to this contact" starts after it.
    last_seq: int = Field(default=0, nullable=False)
    revisions: int = Field(nullable=False)
    cases: int = Field(nullable=False)
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    # The bundle's number among those its sender wrote to this peer (1, 2, 3...): a gap
    # among those received is a bundle that never arrived. 0 for a passphrase bundle.
    peer_sequence: int = Field(default=0, nullable=False)


class Conflict(SQLModel, table=True):
    """A field two installs changed differently, found when their histories merged.

    The record shows one side (the later change) until a person picks a side or edits it;
    any later change to the field settles it, on this install or arriving from another."""

    __tablename__ = "conflicts"

    id: str = Field(primary_key=True)  # the merge revision and the field, hashed
    table_name: str = Field(nullable=False)
    record_id: str = Field(nullable=False, index=True)
    field: str = Field(nullable=False)
    case_id: str | None = None
    merge_revision: str = Field(nullable=False)
    # JSON list of the sides: {"revision", "author", "origin", "at", "value"}.
    sides: str = Field(nullable=False)
    found_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    settled_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    settled_by: str = Field(default="", nullable=False)
