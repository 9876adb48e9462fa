"""What an intake desk keeps of each intake it sealed (docs/architecture.md §11)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.columns import UTCDateTime


class DeskReceipt(SQLModel, table=True):
    """One sealed intake: when, by which volunteer, the reference the visitor was given,
    and which bundle carries it. Nothing the visitor said: that left in the bundle, which
    this install cannot open. Kept by the desk for itself: receipts never travel."""

    __tablename__ = "desk_receipts"

    number: int = Field(primary_key=True)  # 1, 2, 3... in the order sealed
    sealed_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    volunteer: str = Field(nullable=False)
    reference: str = Field(nullable=False, unique=True)
    bundle_file: str = Field(nullable=False)
    bundle_id: str = Field(nullable=False)
    bundle_sha256: str = Field(nullable=False)
    # When an acknowledgement signed by the office named this bundle; None until then.
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
