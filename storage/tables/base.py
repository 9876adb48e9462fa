"""Columns every shared record carries (docs/architecture.md §2)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.columns import UTCDateTime, new_id, utc_now


class Record(SQLModel):
    """A record that can travel between installs: a UUID id and who changed it when."""

    id: str = Field(default_factory=new_id, primary_key=True)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime, nullable=False)
    changed_by: str = Field(default="", nullable=False)
