"""The office's inbox of intakes sealed at a desk (docs/architecture.md §11)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.columns import UTCDateTime


class InboxIntake(SQLModel, table=True):
    """One intake imported from a desk's bundle, and what a caseworker decided about it.
    Kept by the office for itself: it never travels. The case itself is an ordinary case,
    imported with its history; this row is the office's queue of work about it."""

    __tablename__ = "intake_inbox"

    case_id: str = Field(primary_key=True)  # the case the bundle carried
    bundle_id: str = Field(nullable=False, unique=True)
    bundle_sha256: str = Field(nullable=False)  # of the file as it arrived, for the ack
    desk: str = Field(nullable=False)  # the desk's contact name
    desk_fingerprint: str = Field(nullable=False)
    sequence: int = Field(nullable=False)  # the desk's number of the bundle: 1, 2, 3...
    volunteer: str = Field(nullable=False)  # who took the intake: its author here
    received_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    # JSON: the persons on file who may be the intake's person when it was imported,
    # [{"person_id", "case_id", "score"}], best first. Ids only: names and reasons are
    # worded when shown, so a person purged since leaves nothing of them here.
    candidates: str = Field(nullable=False)
    state: str = Field(nullable=False)  # pending | accepted | attached
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_by: str | None = None
    same_as: str | None = None  # attached: the case of the same person
