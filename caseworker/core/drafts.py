"""A case as entered, before it is stored: the intake form and the JSON importer both
produce a CaseDraft, and one validator checks it (caseworker/cases/validation.py).

Fields hold text as typed. Validation normalises them and fills the parsed values
(`moment`, `birth`). Sub-records carry the `id` of the stored record when editing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from caseworker.core.partial_dates import Moment, PartialDate


@dataclass
class NameDraft:
    text: str
    script: str = ""  # empty: detected from the letters
    given: str = ""
    father: str = ""
    surname: str = ""
    source: str = ""
    id: str | None = None


@dataclass
class DocumentDraft:
    kind: str
    status: str = "held"
    number: str = ""
    expires: str = ""
    note: str = ""
    id: str | None = None


@dataclass
class RelativeDraft:
    name: str
    relation: str = ""
    citizenship: str = ""
    whereabouts: str = ""
    note: str = ""
    id: str | None = None


@dataclass
class ContactDraft:
    name: str
    role: str = ""
    phone: str = ""
    note: str = ""
    id: str | None = None


@dataclass
class PersonDraft:
    names: list[NameDraft] = field(default_factory=list)
    sex: str = "unknown"
    birth_date: str = ""
    age: str = ""  # "23": an age reported on `age_on`, when the birth date is not known
    age_on: str = ""
    ethnicity: str = ""
    citizenships: list[str] = field(default_factory=list)
    home_place: str = ""
    languages: list[str] = field(default_factory=list)
    documents: list[DocumentDraft] = field(default_factory=list)
    relatives: list[RelativeDraft] = field(default_factory=list)
    contacts: list[ContactDraft] = field(default_factory=list)
    id: str | None = None
    birth: PartialDate | None = None  # set by validation


@dataclass
class EventDraft:
    type: str
    at: str
    location: str = ""  # free text as written, or a gazetteer place id
    note: str = ""
    zone: str = ""  # empty: the place's time zone, else the install's default
    location_id: str | None = None
    id: str | None = None
    moment: Moment | None = None  # set by validation


@dataclass
class SourceDraft:
    url: str = ""
    outlet: str = ""
    title: str = ""
    published: str = ""
    language: str = ""
    reliability: str = "unassessed"
    note: str = ""
    id: str | None = None


@dataclass
class CaseDraft:
    person: PersonDraft = field(default_factory=PersonDraft)
    status: str = "open"
    situation: str = "unknown"
    assigned_to: str = ""
    entry_method: str = "unknown"
    route: str = ""
    reported_by: str = ""
    consent_level: str = "not_asked"
    consent_condition: str = ""
    tags: list[str] = field(default_factory=list)
    events: list[EventDraft] = field(default_factory=list)
    sources: list[SourceDraft] = field(default_factory=list)
    notes: str = ""
    id: str | None = None
    # The case as the edit form opened it (case_read.edit_version); empty for a new case.
    # Saving over a version someone else changed meanwhile is refused, not overwritten.
    loaded_version: str = ""
