"""The case JSON of `caseworker case add` and `case show` (docs/case-json.md).

Reading checks every value's type and every key's name (a misspelt key is an error, not
a silently lost field) and produces a CaseDraft; validation.py checks the values.
Keys that `case show` adds (ids, timestamps, derived values) are accepted and ignored,
so a shown case can be added elsewhere.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from caseworker.cases.case_read import CaseRecord
from caseworker.cases.validation import InvalidCase
from caseworker.core.drafts import (
    CaseDraft,
    ContactDraft,
    DocumentDraft,
    EventDraft,
    NameDraft,
    PersonDraft,
    RelativeDraft,
    SourceDraft,
)
from caseworker.core.input_checks import Reader, Table
from caseworker.core.parsing import load_json
from caseworker.core.partial_dates import Moment
from caseworker.core.user_errors import UserError
from storage.columns import format_utc

MAX_FILE_BYTES = 5 * 1024 * 1024
# Output-only keys: accepted on input and ignored.
_SHOWN_ONLY = {"id", "created_at", "updated_at", "precision", "birth_precision", "author",
               "note_entries", "risk", "checklist", "location_name", "display_name", "facts",
               "location_id", "at_utc", "same_person_as"}


def read_case_file(path: str) -> CaseDraft:
    file = Path(path)
    try:
        size = file.stat().st_size
    except OSError:
        raise UserError(f"{path}: cannot read the file.") from None
    if size > MAX_FILE_BYTES:
        raise UserError(f"{path}: the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB.")
    try:
        data = load_json(file.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise UserError(f"{path}: the file is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}).") \
            from None
    except OSError:
        raise UserError(f"{path}: cannot read the file.") from None
    return draft_from_json(data)


_TOP = {"person", "status", "situation", "assigned_to", "entry_method", "route",
        "reported_by", "consent", "tags", "events", "sources", "notes"}
_PERSON = {"names", "sex", "birth_date", "age", "ethnicity", "citizenships", "home_place",
           "languages", "documents", "relatives", "contacts"}
_NAME = ("text", "script", "given", "father", "surname", "source")
_RELATIVE = ("name", "relation", "citizenship", "whereabouts", "note")
_CONTACT = ("name", "role", "phone", "note")


def draft_from_json(data: Any) -> CaseDraft:
    # Types and keys only, text as given: lengths and vocabularies are validation.py's.
    read = Reader(limit=None, objects=True)
    top = read.table("", data, _TOP, required={"person"}, ignored=_SHOWN_ONLY)
    draft = CaseDraft()
    for key in ("status", "situation", "assigned_to", "entry_method", "route", "reported_by",
                "notes"):
        setattr(draft, key, top.text(key, getattr(draft, key), strip=False))
    draft.tags = top.texts("tags", strip=False)
    draft.person = _person(top.table("person", _PERSON, required={"names"},
                                     ignored=_SHOWN_ONLY))
    consent = top.table("consent", {"level", "condition"}, ignored=_SHOWN_ONLY)
    draft.consent_level = consent.text("level", draft.consent_level, strip=False)
    draft.consent_condition = consent.text("condition", strip=False)
    for event in top.rows("events", {"type", "at", "location", "note", "zone"},
                          ignored=_SHOWN_ONLY):
        draft.events.append(EventDraft(**_texts(event, "type", "at", "location", "note",
                                                "zone")))
    for source in top.rows("sources", {"url", "outlet", "title", "published", "language",
                                       "reliability", "note"}, ignored=_SHOWN_ONLY):
        draft.sources.append(SourceDraft(
            **_texts(source, "url", "outlet", "title", "published", "language", "note"),
            reliability=source.text("reliability", "unassessed", strip=False)))
    if read.problems:
        raise InvalidCase(read.problems)
    return draft


def _person(data: Table) -> PersonDraft:
    person = PersonDraft(
        sex=data.text("sex", "unknown", strip=False),
        **_texts(data, "birth_date", "ethnicity", "home_place"),
        citizenships=data.texts("citizenships", strip=False),
        languages=data.texts("languages", strip=False),
    )
    if "age" in data:
        age = data.table("age", {"years", "on"}, ignored=_SHOWN_ONLY)
        years = age.whole("years")
        if years is not None:
            person.age = str(years)
        person.age_on = age.text("on", strip=False)
    for name in data.rows("names", _NAME, ignored=_SHOWN_ONLY):
        person.names.append(NameDraft(**_texts(name, *_NAME)))
    for document in data.rows("documents", {"kind", "status", "number", "expires", "note"},
                              ignored=_SHOWN_ONLY):
        person.documents.append(DocumentDraft(
            **_texts(document, "kind", "number", "expires", "note"),
            status=document.text("status", "held", strip=False)))
    for relative in data.rows("relatives", _RELATIVE, ignored=_SHOWN_ONLY):
        person.relatives.append(RelativeDraft(**_texts(relative, *_RELATIVE)))
    for contact in data.rows("contacts", _CONTACT, ignored=_SHOWN_ONLY):
        person.contacts.append(ContactDraft(**_texts(contact, *_CONTACT)))
    return person


def _texts(table: Table, *keys: str) -> dict[str, Any]:
    # All text; Any because mypy checks a ** mapping against every field of the draft,
    # not only the keys it holds.
    return {key: table.text(key, strip=False) for key in keys}


def case_to_json(record: CaseRecord) -> dict[str, Any]:
    """The stored case in the same shape `draft_from_json` reads, plus ids and times."""
    case, person = record.case, record.person
    person_json: dict[str, Any] = {
        "id": person.id,
        "names": [_fields(n, "id", "text", "script", "given", "father", "surname", "source")
                  for n in record.names],
        "sex": person.sex,
        "birth_date": _birth_text(person),
        "birth_precision": person.birth_precision,
        "ethnicity": person.ethnicity,
        "citizenships": person.citizenships,
        "home_place": person.home_place,
        "languages": person.languages,
        "documents": [_fields(d, "id", "kind", "status", "number", "expires", "note")
                      for d in record.documents],
        "relatives": [_fields(r, "id", "name", "relation", "citizenship", "whereabouts", "note")
                      for r in record.relatives],
        "contacts": [_fields(c, "id", "name", "role", "phone", "note") for c in record.contacts],
    }
    if person.age_reported is not None:
        person_json["age"] = {"years": person.age_reported, "on": person.age_reported_on}
    return {
        "id": case.id,
        "created_at": format_utc(case.created_at),
        "updated_at": format_utc(case.updated_at),
        "person": person_json,
        "status": case.status,
        "situation": case.situation,
        "assigned_to": case.assigned_to,
        "entry_method": case.entry_method,
        "route": case.route,
        "reported_by": case.reported_by,
        "consent": {"level": case.consent_level, "condition": case.consent_condition},
        "tags": case.tags,
        "events": [_event_json(e, record.places.get(e.location_id or "", ""))
                   for e in record.events],
        "sources": [_fields(s, "id", "url", "outlet", "title", "published", "language",
                            "reliability", "note") for s in record.sources],
        "notes": "\n\n".join(note.text for note in record.notes),
        "note_entries": [{"id": n.id, "text": n.text, "author": n.changed_by,
                          "at": format_utc(n.created_at)} for n in record.notes],
    }


def _event_json(event, place_name: str) -> dict[str, Any]:
    moment = Moment(event.at, event.at_precision, event.zone)
    return {
        "id": event.id,
        "type": event.type,
        "at": moment.iso(),
        "precision": event.at_precision,
        "zone": event.zone,
        "at_utc": format_utc(event.at),
        "location": event.location_id or event.location_text,
        "location_id": event.location_id,
        "location_name": place_name or event.location_text,
        "note": event.note,
    }


def _birth_text(person) -> str | None:
    if person.birth_date is None:
        return None
    return ("~" if person.birth_precision == "estimated" else "") + person.birth_date


def _fields(row, *names: str) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names}
