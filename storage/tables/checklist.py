"""Checklist items: what must happen for a case by when, each from a legal clock."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from storage.columns import UTCDateTime
from storage.tables.base import Record


class ChecklistItem(Record, table=True):
    """One clock started by one event. The template's text is copied in, so an item
    reads the same after the templates change; `template_version` says which."""

    __tablename__ = "checklist_items"

    case_id: str = Field(foreign_key="cases.id", index=True, nullable=False)
    event_id: str = Field(nullable=False, index=True)
    clock_id: str = Field(nullable=False)
    template_version: str = Field(nullable=False)
    jurisdiction: str = Field(nullable=False)
    zone: str = Field(nullable=False)  # the jurisdiction's time zone, for display
    action: str = Field(nullable=False)
    legal_basis: str = Field(nullable=False)
    as_stated: str = Field(nullable=False)
    verified: bool = Field(nullable=False)
    # UTC; None until entered when a court or authority sets the date (unit court_set).
    due: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    due_set_by: str = Field(default="template", nullable=False)  # template | authority
    status: str = Field(default="open", nullable=False, index=True)  # open|done|cancelled
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    done_by: str = Field(default="", nullable=False)
    note: str = Field(default="", nullable=False)
