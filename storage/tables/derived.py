"""Derived tables: computed from the records, rebuilt whenever the code computing them
changes, never exchanged between installs."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.columns import UTCDateTime


class CaseSummary(SQLModel, table=True):
    """One row per case with what lists and the dashboard show, so they read one table."""

    __tablename__ = "case_summaries"

    case_id: str = Field(primary_key=True, foreign_key="cases.id")
    status: str = Field(nullable=False, index=True)
    situation: str = Field(nullable=False)
    display_name: str = Field(nullable=False)
    place: str = Field(nullable=False)  # where the person was last reported to be
    place_id: str | None = Field(default=None, index=True)  # that place, when linked
    # Every name form and the place, in their own letters and folded to Latin, for the
    # filter on the cases screen.
    search_text: str = Field(nullable=False)
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
