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
from caseworker.cases.validation import InvalidCase, Problem
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
from caseworker.core.parsing import load_json
from caseworker.core.partial_dates import Moment
from caseworker.core.user_errors import UserError
from storage.columns import format_utc

MAX_FILE_BYTES = 5 * 1024 * 1024
# Output-only keys: accepted on input and ignored.
_SHOWN_ONLY = {"id", "created_at", "updated_at", "precision", "birth_precision", "author",
               "note_entries", "risk", "checklist", "location_name", "display_name", "facts",
               "location_id", "at_utc"}


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


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def obj(self, path: str, value: Any, allowed: set[str]) -> dict:
        if not isinstance(value, dict):
            self.problems.append(Problem(path or "(top level)", "must be an object"))
            return {}
        for key in value:
            if key not in allowed and key not in _SHOWN_ONLY:
                self.problems.append(Problem(f"{path}.{key}".lstrip("."), "is not a known field"))
        return value

    def str(self, path: str, data: dict, key: str, default: str = "") -> str:
        value = data.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str):
            self.problems.append(Problem(f"{path}.{key}".lstrip("."), "must be text"))
            return default
        return value

    def strings(self, path: str, data: dict, key: str) -> list[str]:
        value = data.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problems.append(Problem(f"{path}.{key}".lstrip("."), "must be a list of text"))
            return []
        return value

    def objects(self, path: str, data: dict, key: str) -> list[tuple[str, Any]]:
        value = data.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list):
            self.problems.append(Problem(f"{path}.{key}".lstrip("."), "must be a list"))
            return []
        return [(f"{path}.{key}[{i}]".lstrip("."), item) for i, item in enumerate(value)]


def draft_from_json(data: Any) -> CaseDraft:
    r = _Reader()
    top = r.obj("", data, {"person", "status", "situation", "assigned_to", "entry_method",
                           "route", "reported_by", "consent", "tags", "events", "sources",
                           "notes"})
    draft = CaseDraft()
    for key in ("status", "situation", "assigned_to", "entry_method", "route", "reported_by",
                "notes"):
        setattr(draft, key, r.str("", top, key, getattr(draft, key)))
    draft.tags = r.strings("", top, "tags")
    if "person" not in top and isinstance(data, dict):
        r.problems.append(Problem("person", "is required"))
    draft.person = _person(r, top.get("person", {}))
    consent = r.obj("consent", top.get("consent", {}), {"level", "condition"})
    draft.consent_level = r.str("consent", consent, "level", "none")
    draft.consent_condition = r.str("consent", consent, "condition")
    for path, item in r.objects("", top, "events"):
        event = r.obj(path, item, {"type", "at", "location", "note", "zone"})
        draft.events.append(EventDraft(
            type=r.str(path, event, "type"), at=r.str(path, event, "at"),
            location=r.str(path, event, "location"), note=r.str(path, event, "note"),
            zone=r.str(path, event, "zone")))
    for path, item in r.objects("", top, "sources"):
        source = r.obj(path, item, {"url", "outlet", "title", "published", "language",
                                    "reliability", "note"})
        draft.sources.append(SourceDraft(**{
            key: r.str(path, source, key, default) for key, default in (
                ("url", ""), ("outlet", ""), ("title", ""), ("published", ""),
                ("language", ""), ("reliability", "unassessed"), ("note", ""))}))
    if r.problems:
        raise InvalidCase(r.problems)
    return draft


def _person(r: _Reader, data: Any) -> PersonDraft:
    person_data = r.obj("person", data, {"names", "sex", "birth_date", "age", "ethnicity",
                                         "citizenships", "home_place", "languages",
                                         "documents", "relatives", "contacts"})
    person = PersonDraft(
        sex=r.str("person", person_data, "sex", "unknown"),
        birth_date=r.str("person", person_data, "birth_date"),
        ethnicity=r.str("person", person_data, "ethnicity"),
        citizenships=r.strings("person", person_data, "citizenships"),
        home_place=r.str("person", person_data, "home_place"),
        languages=r.strings("person", person_data, "languages"),
    )
    if person_data.get("age") is not None:
        age = r.obj("person.age", person_data["age"], {"years", "on"})
        years = age.get("years")
        if isinstance(years, int) and not isinstance(years, bool):
            person.age = str(years)
        elif years is not None:
            r.problems.append(Problem("person.age.years", "must be a whole number"))
        person.age_on = r.str("person.age", age, "on")
    if "names" not in person_data and isinstance(data, dict):
        r.problems.append(Problem("person.names", "is required"))
    for path, item in r.objects("person", person_data, "names"):
        name = r.obj(path, item, {"text", "script", "given", "father", "surname", "source"})
        person.names.append(NameDraft(**{key: r.str(path, name, key) for key in (
            "text", "script", "given", "father", "surname", "source")}))
    for path, item in r.objects("person", person_data, "documents"):
        document = r.obj(path, item, {"kind", "status", "number", "expires", "note"})
        person.documents.append(DocumentDraft(
            kind=r.str(path, document, "kind"), status=r.str(path, document, "status", "held"),
            number=r.str(path, document, "number"), expires=r.str(path, document, "expires"),
            note=r.str(path, document, "note")))
    for path, item in r.objects("person", person_data, "relatives"):
        relative = r.obj(path, item, {"name", "relation", "citizenship", "whereabouts", "note"})
        person.relatives.append(RelativeDraft(**{key: r.str(path, relative, key) for key in (
            "name", "relation", "citizenship", "whereabouts", "note")}))
    for path, item in r.objects("person", person_data, "contacts"):
        contact = r.obj(path, item, {"name", "role", "phone", "note"})
        person.contacts.append(ContactDraft(**{key: r.str(path, contact, key) for key in (
            "name", "role", "phone", "note")}))
    return person


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
