"""A stored case turned back into a draft, for the edit form."""

from __future__ import annotations

from sqlmodel import Session

from caseworker.cases.case_read import CaseRecord, edit_version, load_case
from caseworker.core.drafts import (
    CaseDraft,
    ContactDraft,
    DocumentDraft,
    EventDraft,
    NameDraft,
    PersonDraft,
    RelativeDraft,
)
from caseworker.core.partial_dates import zone_or_problem


def draft_for_editing(session: Session, case_id: str) -> CaseDraft:
    """The stored case as the edit form starts from it, marked with the version it was
    read at, so saving it cannot overwrite a change made meanwhile."""
    draft = draft_from_record(load_case(session, case_id))
    draft.loaded_version = edit_version(session, case_id)
    return draft


def draft_from_record(record: CaseRecord) -> CaseDraft:
    person, case = record.person, record.case
    birth = ""
    if person.birth_date and person.age_reported is None:
        birth = ("~" if person.birth_precision == "estimated" else "") + person.birth_date
    return CaseDraft(
        id=case.id,
        person=PersonDraft(
            id=person.id,
            names=[NameDraft(text=n.text, script=n.script, given=n.given, father=n.father,
                             surname=n.surname, source=n.source, id=n.id)
                   for n in record.names],
            sex=person.sex,
            birth_date=birth,
            age=str(person.age_reported) if person.age_reported is not None else "",
            age_on=person.age_reported_on or "",
            ethnicity=person.ethnicity,
            citizenships=list(person.citizenships),
            home_place=person.home_place,
            languages=list(person.languages),
            documents=[DocumentDraft(kind=d.kind, status=d.status, number=d.number,
                                     expires=d.expires or "", note=d.note, id=d.id)
                       for d in record.documents],
            relatives=[RelativeDraft(name=r.name, relation=r.relation,
                                     citizenship=r.citizenship, whereabouts=r.whereabouts,
                                     note=r.note, id=r.id) for r in record.relatives],
            contacts=[ContactDraft(name=c.name, role=c.role, phone=c.phone, note=c.note,
                                   id=c.id) for c in record.contacts],
        ),
        status=case.status,
        situation=case.situation,
        assigned_to=case.assigned_to,
        entry_method=case.entry_method,
        route=case.route,
        reported_by=case.reported_by,
        consent_level=case.consent_level,
        consent_condition=case.consent_condition,
        tags=list(case.tags),
    )


_LOCAL_FORMS = {"exact": "%Y-%m-%dT%H:%M", "day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def draft_from_event(event) -> EventDraft:
    """A stored event as the draft the event dialog edits: its time as typed, in the zone
    it was read in, to the precision it was known."""
    local = event.at.astimezone(zone_or_problem(event.zone))  # an IANA name or +05:00
    return EventDraft(type=event.type, at=local.strftime(_LOCAL_FORMS[event.at_precision]),
                      location=event.location_text, note=event.note, zone=event.zone,
                      location_id=event.location_id, id=event.id)

