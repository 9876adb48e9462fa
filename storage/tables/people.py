"""A person and what belongs only to them: name forms, documents, relatives, contacts."""

from __future__ import annotations

from sqlmodel import Field

from storage.columns import JSONList, empty_list
from storage.tables.base import Record


class Person(Record, table=True):
    __tablename__ = "persons"

    sex: str = Field(default="unknown", nullable=False)
    # Partial ISO date ("2002", "2002-04", "2002-04-11") with its precision:
    # exact | month | year | estimated.
    birth_date: str | None = None
    birth_precision: str | None = None
    # "23 years old on 2025-05-16" as reported, kept beside the estimate derived from it.
    age_reported: int | None = None
    age_reported_on: str | None = None
    ethnicity: str = Field(default="", nullable=False)
    citizenships: list[str] = Field(default_factory=empty_list, sa_type=JSONList, nullable=False)
    home_place: str = Field(default="", nullable=False)
    languages: list[str] = Field(default_factory=empty_list, sa_type=JSONList, nullable=False)


class NameForm(Record, table=True):
    """One spelling of a person's name, exactly as it came, with its script and origin."""

    __tablename__ = "name_forms"

    person_id: str = Field(foreign_key="persons.id", index=True, nullable=False)
    text: str = Field(nullable=False)
    script: str = Field(default="latn", nullable=False)
    given: str = Field(default="", nullable=False)
    father: str = Field(default="", nullable=False)
    surname: str = Field(default="", nullable=False)
    source: str = Field(default="", nullable=False)


class Document(Record, table=True):
    """Passport, PRC resident ID, Kazakh residence or asylum papers, and the like."""

    __tablename__ = "documents"

    person_id: str = Field(foreign_key="persons.id", index=True, nullable=False)
    kind: str = Field(nullable=False)
    status: str = Field(default="held", nullable=False)
    number: str = Field(default="", nullable=False)
    expires: str | None = None
    note: str = Field(default="", nullable=False)


class Relative(Record, table=True):
    __tablename__ = "relatives"

    person_id: str = Field(foreign_key="persons.id", index=True, nullable=False)
    name: str = Field(nullable=False)
    relation: str = Field(default="", nullable=False)
    citizenship: str = Field(default="", nullable=False)
    whereabouts: str = Field(default="", nullable=False)
    note: str = Field(default="", nullable=False)


class Contact(Record, table=True):
    """Someone to reach about the person: family, lawyer, whoever reported them."""

    __tablename__ = "contacts"

    person_id: str = Field(foreign_key="persons.id", index=True, nullable=False)
    name: str = Field(nullable=False)
    role: str = Field(default="", nullable=False)
    phone: str = Field(default="", nullable=False)
    note: str = Field(default="", nullable=False)
