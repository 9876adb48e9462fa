"""Risk: the questionnaire's answers (records) and each case's urgency (derived)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.columns import UTCDateTime
from storage.tables.base import Record


class RiskAnswer(Record, table=True):
    """A person's answer to one risk question about a case: yes | no | unknown.

    The id is derived from the case and the question, so two installs answering the same
    question edit one record and their bundles merge instead of duplicating it."""

    __tablename__ = "risk_answers"

    case_id: str = Field(foreign_key="cases.id", index=True, nullable=False)
    question: str = Field(nullable=False)
    answer: str = Field(nullable=False)
    note: str = Field(default="", nullable=False)


class CaseUrgency(SQLModel, table=True):
    """Derived: each case's risk assessment and next deadline, so the dashboard orders
    every open case by reading one table (caseworker/risk/urgency.py)."""

    __tablename__ = "case_urgency"

    case_id: str = Field(primary_key=True, foreign_key="cases.id")
    # The case's status and last change, so the dashboard orders open cases from this
    # narrow table and reads names only for the rows it shows.
    is_open: bool = Field(nullable=False, index=True)
    case_updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    # The level of the weighted indicators: 1 HIGH, 2 ELEVATED, 3 WATCH.
    level_rank: int = Field(nullable=False)
    score: int = Field(nullable=False)
    # The earliest instant a red flag makes the case CRITICAL; red flags that depend on
    # time (a deadline within 48 h) fire later, so the level is read against the clock.
    critical_from: datetime | None = Field(default=None, sa_type=UTCDateTime)
    next_due: datetime | None = Field(default=None, sa_type=UTCDateTime)
    next_item_id: str | None = None  # the checklist item of the next action, if it is one
    next_action: str = Field(nullable=False)
    next_verified: bool = Field(nullable=False)
    gaps: int = Field(nullable=False)
    rules_version: str = Field(nullable=False)
    assessed_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
