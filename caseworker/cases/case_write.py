"""Every change to a case goes through here, in one transaction with its revisions and
its refreshed summary. Callers pass a validated draft (caseworker/cases/validation.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeAlias, TypeVar

from sqlmodel import Session, SQLModel, col, select

from caseworker.cases.case_read import edit_version
from caseworker.cases.case_refresh import refresh_case_views
from caseworker.cases.new_records import NewRecords
from caseworker.cases.second_reports import (
    add_second_sources,
    differences_note,
    event_moment,
    fill_case,
    fill_person,
    fold_words,
    same_event,
)
from caseworker.core.authoring import Author, editor_for
from caseworker.core.drafts import (
    CaseDraft,
    EventDraft,
    PersonDraft,
    SourceDraft,
)
from caseworker.core.user_errors import UserError
from caseworker.deadlines.checklist_items import (
    counts_from_earlier_events,
    planned_items,
    restart_clocks,
    start_clocks,
    stop_clocks,
)
from caseworker.matching.match_decisions import record_decision
from caseworker.matching.person_index import refresh_persons
from storage.columns import new_id
from storage.history import Editor
from storage.store import Store
from storage.tables import (
    Case,
    CaseSource,
    Contact,
    Document,
    Event,
    NameForm,
    Note,
    Person,
    Relative,
    Source,
)
from storage.tables.base import Record, table_of

Model = TypeVar("Model", bound=SQLModel)
Shared = TypeVar("Shared", bound=Record)
# The rows a person has lists of, made from and copied from drafts by field name.
PersonRow: TypeAlias = NameForm | Document | Relative | Contact

# -- new cases ---------------------------------------------------------------------------


def create_case(store: Store, draft: CaseDraft, author: Author,
                decided: dict[str, str] | None = None) -> str:
    """Save a new case. `decided` holds what the person saving said about the possible
    duplicates they were shown (person id -> different | unsure), recorded with it.

    Every record here is new, so they are written a table at a time (`NewRecords`)."""
    with store.write() as session:
        case_id = new_id()
        editor = editor_for(session, author, case_id)
        new = NewRecords(editor)
        person = Person()
        _apply_person(person, draft.person)
        new.add(person)
        for name in draft.person.names:
            new.add(_new(NameForm, person_id=person.id, draft=name))
        for model, drafts in _person_lists(draft.person):
            for item in drafts:
                new.add(_new(model, person.id, item))
        case = Case(id=case_id, person_id=person.id)
        _apply_case(case, draft)
        new.add(case)
        for event in draft.events:
            _new_event(new, case.id, event)
        _new_sources(new, case.id, draft.sources)
        if draft.notes:
            new.add(Note(case_id=case.id, text=draft.notes))
        new.write()
        for other_id, decision in (decided or {}).items():
            record_decision(session, editor, person.id, other_id, decision)
        refresh_case_views(session, [case.id])
        refresh_persons(session, [person.id])
        return case.id


def _new_event(new: NewRecords, case_id: str, draft: EventDraft) -> None:
    session = new.editor.session
    event = _event(case_id, draft)
    new.add(event)
    if counts_from_earlier_events(session, event.type):
        new.write_rows()  # its clocks read the case's events saved so far
    for item in planned_items(session, event):
        new.add(item)


def _new_sources(new: NewRecords, case_id: str, drafts: list[SourceDraft]) -> None:
    """Link the sources to a new case, reusing stored sources with the same address (the
    first stored, as `_link_source` does), each linked once."""
    urls = {draft.url for draft in drafts if draft.url}
    stored: dict[str, str] = {}
    if urls:
        for source_id, url in new.editor.session.execute(
                select(Source.id, Source.url).where(col(Source.url).in_(urls))):
            stored.setdefault(url, source_id)
    linked = set()
    for draft in drafts:
        source_id = stored.get(draft.url) if draft.url else None
        if source_id is None:
            source = _source(draft)
            new.add(source)
            source_id = source.id
            if draft.url:
                stored[draft.url] = source_id
        if source_id not in linked:
            new.add(CaseSource(case_id=case_id, source_id=source_id))
            linked.add(source_id)


def attach_to_case(store: Store, case_id: str, draft: CaseDraft, author: Author) -> list[str]:
    """Add a new report about a person already on file to their case ("same person").

    New names, documents, events and sources are added; fields already filled keep their
    value, and every value that differs is kept in a note, so nothing is lost.
    Returns the differences noted.
    """
    with store.write() as session:
        editor = editor_for(session, author, case_id)
        case = _get(session, Case, case_id)
        person = _get(session, Person, case.person_id)
        known = {fold_words(f.text) for f in _children(session, NameForm, person.id)}
        for name in draft.person.names:
            if fold_words(name.text) not in known:
                editor.save(_new(NameForm, person_id=person.id, draft=name))
                known.add(fold_words(name.text))
        differences = fill_person(person, draft.person)
        editor.save(person)
        _save_person_lists(editor, person.id, draft.person, skip_existing=session)
        differences += fill_case(case, draft)
        editor.save(case)
        sources = [(_link_source(editor, case.id, source), source) for source in draft.sources]
        existing = list(_children(session, Event, case.id, key="case_id"))
        for event in draft.events:
            same = next((e for e in existing if same_event(e, event)), None)
            if same is None:
                _save_event(editor, case.id, event)
            else:
                add_second_sources(editor, same, sources)
        text = "\n".join(filter(None, [draft.notes, differences_note(differences)]))
        if text:
            editor.save(Note(case_id=case.id, text=text))
        refresh_case_views(session, [case.id])
        refresh_persons(session, [person.id])
        return differences


# -- edits -------------------------------------------------------------------------------


class EditedElsewhere(UserError):
    """An edit made on a version of the case that another save has since replaced."""


def update_case(store: Store, case_id: str, draft: CaseDraft, author: Author) -> None:
    """Apply an edited person and case (the edit form): fields, names, documents,
    relatives and contacts. Rows left out of the draft are deleted."""
    with store.write() as session:
        if draft.loaded_version and \
                edit_version(session, case_id) != draft.loaded_version:
            raise EditedElsewhere(
                "the case was changed elsewhere (another window, or an imported bundle) "
                "since this form opened it. Your edits are still here: note them, close "
                "the form and edit the case again.")
        editor = editor_for(session, author, case_id)
        case = _get(session, Case, case_id)
        person = _get(session, Person, case.person_id)
        _apply_person(person, draft.person)
        editor.save(person)
        _apply_case(case, draft)
        editor.save(case)
        lists: list[tuple[type[PersonRow], list]] = [
            (NameForm, draft.person.names), (Document, draft.person.documents),
            (Relative, draft.person.relatives), (Contact, draft.person.contacts)]
        for model, drafts in lists:
            _sync(editor, _children(session, model, person.id), drafts,
                  lambda d, model=model: _new(model, person_id=person.id, draft=d))
        refresh_case_views(session, [case.id])
        refresh_persons(session, [person.id])


def add_event(store: Store, case_id: str, event: EventDraft, author: Author) -> str:
    with store.write() as session:
        _get(session, Case, case_id)
        event_id = _save_event(editor_for(session, author, case_id), case_id, event)
        refresh_case_views(session, [case_id])
        return event_id


def correct_event(store: Store, event_id: str, draft: EventDraft, author: Author) -> list[str]:
    """Correct an event (a validated draft) and bring the checklist items it started up to
    date; returns what changed in them, in words, to show the person."""
    with store.write() as session:
        event = _get(session, Event, event_id)
        editor = editor_for(session, author, event.case_id)
        moment = event_moment(draft)
        event.type, event.at, event.at_precision, event.zone = (
            draft.type, moment.at, moment.precision, moment.zone)
        event.location_id, event.location_text, event.note = (
            draft.location_id, draft.location, draft.note)
        editor.save(event)
        changes = restart_clocks(editor, event)
        refresh_case_views(session, [event.case_id])
        return changes


def delete_event(store: Store, event_id: str, author: Author) -> int:
    """Delete an event and cancel the open checklist items it started; returns how many."""
    with store.write() as session:
        event = _get(session, Event, event_id)
        editor = editor_for(session, author, event.case_id)
        cancelled = stop_clocks(editor, event.id)
        editor.delete(event)
        refresh_case_views(session, [event.case_id])
        return cancelled


def add_source(store: Store, case_id: str, source: SourceDraft, author: Author) -> str:
    with store.write() as session:
        _get(session, Case, case_id)
        source_id = _link_source(editor_for(session, author, case_id), case_id, source)
        refresh_case_views(session, [case_id])
        return source_id


def add_note(store: Store, case_id: str, text: str, author: Author) -> str:
    with store.write() as session:
        _get(session, Case, case_id)
        note = Note(case_id=case_id, text=text)
        editor_for(session, author, case_id).save(note)
        return note.id


# -- mapping drafts onto rows ------------------------------------------------------------

_ROW_FIELDS = {
    NameForm: ("text", "script", "given", "father", "surname", "source"),
    Document: ("kind", "status", "number", "note"),
    Relative: ("name", "relation", "citizenship", "whereabouts", "note"),
    Contact: ("name", "role", "phone", "note"),
}


def _new(model: type[PersonRow], person_id: str, draft) -> PersonRow:
    # Which fields are blank depends on the model: the checker cannot tell their types.
    blank: dict[str, Any] = {f: "" for f in _ROW_FIELDS[model]}
    row = model(person_id=person_id, **blank)
    _copy(row, draft)
    return row


def _copy(row: PersonRow, draft) -> None:
    for field in _ROW_FIELDS[type(row)]:
        setattr(row, field, getattr(draft, field))
    if isinstance(row, Document):
        row.expires = draft.expires or None


def _apply_person(person: Person, draft: PersonDraft) -> None:
    person.sex = draft.sex
    person.birth_date = draft.birth.iso() if draft.birth else None
    person.birth_precision = draft.birth.precision if draft.birth else None
    person.age_reported = int(draft.age) if draft.age and not draft.birth_date else None
    person.age_reported_on = draft.age_on if person.age_reported is not None else None
    person.ethnicity = draft.ethnicity
    person.citizenships = list(draft.citizenships)
    person.home_place = draft.home_place
    person.languages = list(draft.languages)


def _apply_case(case: Case, draft: CaseDraft) -> None:
    for field in ("status", "situation", "assigned_to", "entry_method", "route",
                  "reported_by", "consent_level", "consent_condition"):
        setattr(case, field, getattr(draft, field))
    case.tags = list(draft.tags)


def _save_person_lists(editor: Editor, person_id: str, draft: PersonDraft,
                       skip_existing: Session | None = None) -> None:
    for model, drafts in _person_lists(draft):
        known = set()
        if skip_existing is not None:
            known = {_row_key(row) for row in _children(skip_existing, model, person_id)}
        for item in drafts:
            row = _new(model, person_id, item)
            if _row_key(row) not in known:
                editor.save(row)


def _person_lists(draft: PersonDraft) -> list[tuple[type[PersonRow], list]]:
    return [(Document, draft.documents), (Relative, draft.relatives), (Contact, draft.contacts)]


def _row_key(row: PersonRow) -> tuple:
    return tuple(fold_words(str(getattr(row, field))) for field in _ROW_FIELDS[type(row)])


def _event(case_id: str, draft: EventDraft) -> Event:
    moment = event_moment(draft)
    return Event(case_id=case_id, type=draft.type, at=moment.at, at_precision=moment.precision,
                 zone=moment.zone, location_id=draft.location_id,
                 location_text=draft.location, note=draft.note)


def _source(draft: SourceDraft) -> Source:
    return Source(url=draft.url, outlet=draft.outlet, title=draft.title,
                  published=draft.published or None, language=draft.language,
                  reliability=draft.reliability, note=draft.note)


def _save_event(editor: Editor, case_id: str, draft: EventDraft) -> str:
    event = _event(case_id, draft)
    editor.save(event)
    start_clocks(editor, event)
    return event.id


def _link_source(editor: Editor, case_id: str, draft: SourceDraft) -> str:
    """Link a source to the case, reusing a stored source with the same address."""
    session = editor.session
    source = None
    if draft.url:
        source = session.exec(select(Source).where(Source.url == draft.url)).first()
    if source is None:
        source = _source(draft)
        editor.save(source)
        session.flush()
    linked = session.exec(select(CaseSource).where(
        CaseSource.case_id == case_id, CaseSource.source_id == source.id)).first()
    if linked is None:
        editor.save(CaseSource(case_id=case_id, source_id=source.id))
    return source.id


def _sync(editor: Editor, rows: Iterable[PersonRow], drafts: list, make: Callable) -> None:
    by_id = {row.id: row for row in rows}
    kept = set()
    for draft in drafts:
        row = by_id.get(draft.id) if draft.id else None
        if row is None:
            editor.save(make(draft))
        else:
            _copy(row, draft)
            editor.save(row)
            kept.add(row.id)
    for row_id, row in by_id.items():
        if row_id not in kept:
            editor.delete(row)


# -- small helpers -----------------------------------------------------------------------


def _get(session: Session, model: type[Model], record_id: str) -> Model:
    row = session.get(model, record_id)
    if row is None:
        raise UserError(f"there is no {table_of(model).name.rstrip('s').replace('_', ' ')} "
                        "with that id.")
    return row


def _children(session: Session, model: type[Shared], parent_id: str,
              key: str = "person_id") -> Sequence[Shared]:
    return session.exec(select(model).where(getattr(model, key) == parent_id)).all()
