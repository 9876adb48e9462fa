"""A case about one person, its timeline, its sources and its notes."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from storage.columns import JSONList, UTCDateTime, empty_list
from storage.tables.base import Record


class Case(Record, table=True):
    __tablename__ = "cases"

    person_id: str = Field(foreign_key="persons.id", index=True, nullable=False)
    status: str = Field(default="open", nullable=False, index=True)
    situation: str = Field(default="whereabouts_unknown", nullable=False)
    assigned_to: str = Field(default="", nullable=False)
    # How the person entered the country where they are now: regular | irregular |
    # denied_entry | transit | unknown. Asylum clocks and risk rules depend on it.
    entry_method: str = Field(default="unknown", nullable=False)
    route: str = Field(default="", nullable=False)
    reported_by: str = Field(default="", nullable=False)
    consent_level: str = Field(default="none", nullable=False)
    consent_condition: str = Field(default="", nullable=False)
    tags: list[str] = Field(default_factory=empty_list, sa_type=JSONList, nullable=False)


class Event(Record, table=True):
    """Something that happened to the person; some events start legal clocks."""

    __tablename__ = "events"

    case_id: str = Field(foreign_key="cases.id", index=True, nullable=False)
    type: str = Field(nullable=False)
    # The earliest instant the event can have happened, in UTC, and how precisely it
    # is known (exact | day | month | year). Clocks count from this instant, which is
    # the conservative choice when only the day or month is known.
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    at_precision: str = Field(default="exact", nullable=False)
    zone: str = Field(default="UTC", nullable=False)
    location_id: str | None = Field(default=None, index=True)
    location_text: str = Field(default="", nullable=False)
    source_id: str | None = None
    note: str = Field(default="", nullable=False)


class Source(Record, table=True):
    """A report about a case: an article, a statement, a phone call."""

    __tablename__ = "sources"

    url: str = Field(default="", nullable=False)
    outlet: str = Field(default="", nullable=False)
    title: str = Field(default="", nullable=False)
    published: str | None = None
    language: str = Field(default="", nullable=False)
    reliability: str = Field(default="unassessed", nullable=False)
    note: str = Field(default="", nullable=False)


class CaseSource(Record, table=True):
    """Links a source to a case; one article can concern several people."""

    __tablename__ = "case_sources"

    case_id: str = Field(foreign_key="cases.id", index=True, nullable=False)
    source_id: str = Field(foreign_key="sources.id", index=True, nullable=False)


class Note(Record, table=True):
    """A dated note on a case. Notes are separate records so two people's notes never clash."""

    __tablename__ = "notes"

    case_id: str = Field(foreign_key="cases.id", index=True, nullable=False)
    text: str = Field(nullable=False)
