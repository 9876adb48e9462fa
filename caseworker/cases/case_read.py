"""Reading one case in full, and finding a case by a short id or a name."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import ColumnClause, literal_column, tuple_
from sqlmodel import Session, col, select

from caseworker.core.user_errors import UserError
from caseworker.places.event_places import place_names
from storage.tables import (
    Case,
    CaseSource,
    Contact,
    Document,
    Event,
    NameForm,
    Note,
    Person,
    RecordHead,
    Relative,
    Revision,
    Source,
)

MIN_ID_PREFIX = 6
NAMED_CASES_SHOWN = 5  # cases listed when a name matches several
# Rows saved together share their creation time; SQLite's rowid keeps the order they
# were entered in.
ENTRY_ORDER: ColumnClause[int] = literal_column("rowid")


@dataclass
class CaseRecord:
    case: Case
    person: Person
    names: list[NameForm]
    documents: list[Document]
    relatives: list[Relative]
    contacts: list[Contact]
    events: list[Event]
    sources: list[Source]
    notes: list[Note]
    places: dict[str, str]  # short names of the places events are linked to, by id

    def event_place(self, event: Event) -> str:
        """Where an event happened, as a reader wants it: the linked place's name, with
        the words first written when they differ."""
        name = self.places.get(event.location_id or "", "")
        if name and event.location_text and event.location_text != name:
            return f"{name} ({event.location_text})"
        return name or event.location_text


def id_prefix(given: str) -> str | None:
    """`given` as the start of a record id (hex, six or more characters), else None: a
    name, or a LIKE wildcard that would match any id."""
    lowered = given.strip().lower()
    if len(lowered) >= MIN_ID_PREFIX and all(c in "0123456789abcdef" for c in lowered):
        return lowered
    return None


def resolve_case_id(session: Session, given: str) -> str:
    """The case named by `given`: its id, a unique prefix of it (six or more characters),
    or words that find one case the way the cases screen does (a name in any script or
    spelling). Several cases: a UserError that lists them, to choose one by its id."""
    wanted = given.strip()
    lowered = id_prefix(wanted)
    if lowered is not None:
        matches = session.exec(select(Case.id).where(col(Case.id).startswith(lowered))
                               .limit(2)).all()
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise UserError("several cases start with that id; give more characters.")
    # Not an id: a name (deferred: the person matcher is needed only for names).
    from caseworker.cases.case_list import cases_matching

    found = cases_matching(session, wanted, NAMED_CASES_SHOWN + 1).rows if wanted else []
    if len(found) == 1:
        return found[0].case_id
    if not found:
        raise UserError("there is no case with that id or name.")
    listed = "; ".join(f"{row.case_id[:8]} {row.display_name}"
                       for row in found[:NAMED_CASES_SHOWN])
    more = " and more" if len(found) > NAMED_CASES_SHOWN else ""
    raise UserError(f"{'several' if more else len(found)} cases match that name: "
                    f"{listed}{more}. Give the case id (its first six characters are enough).")


def load_case(session: Session, case_id: str) -> CaseRecord:
    case = session.get(Case, case_id)
    if case is None:
        raise UserError("there is no case with that id.")
    person = session.get_one(Person, case.person_id)  # a case's person is there (foreign key)

    def of_person(model):
        return list(session.exec(select(model).where(model.person_id == person.id)
                                 .order_by(model.created_at, ENTRY_ORDER)))

    source_ids = select(CaseSource.source_id).where(CaseSource.case_id == case_id)
    events = list(session.exec(select(Event).where(Event.case_id == case_id)
                               .order_by(col(Event.at), col(Event.created_at), ENTRY_ORDER)))
    return CaseRecord(
        case=case,
        person=person,
        names=of_person(NameForm),
        documents=of_person(Document),
        relatives=of_person(Relative),
        contacts=of_person(Contact),
        events=events,
        sources=list(session.exec(select(Source).where(col(Source.id).in_(source_ids))
                                  .order_by(col(Source.created_at), ENTRY_ORDER))),
        notes=list(session.exec(select(Note).where(Note.case_id == case_id)
                                .order_by(col(Note.created_at), ENTRY_ORDER))),
        places=place_names(session, (event.location_id for event in events)),
    )


def edit_version(session: Session, case_id: str) -> str:
    """Which version of the person and case the edit form shows: the newest revision of
    each of those records, and which records there are. Another window's save, or an
    imported bundle, changes it; a save compares it with its draft's `loaded_version`."""
    case = session.get(Case, case_id)
    if case is None:
        raise UserError("there is no case with that id.")
    keys = [(Case.__tablename__, case.id), (Person.__tablename__, case.person_id)]
    for model in (NameForm, Document, Relative, Contact):
        keys += [(model.__tablename__, record_id) for record_id in session.exec(
            select(model.id).where(model.person_id == case.person_id))]
    heads = session.exec(select(RecordHead.table_name, RecordHead.record_id, RecordHead.head)
                         .where(tuple_(RecordHead.table_name, RecordHead.record_id)
                                .in_(keys))).all()
    stamps = sorted("/".join(head) for head in heads)
    return hashlib.sha256("\n".join(stamps).encode()).hexdigest()


def case_history(session: Session, case_id: str, limit: int = 500) -> list[Revision]:
    """The revisions made in this case, newest first: its audit trail."""
    statement = (select(Revision).where(Revision.case_id == case_id)
                 .order_by(col(Revision.seq).desc()).limit(limit))
    return list(session.exec(statement))
