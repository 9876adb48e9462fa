"""Which records a bundle carries: everything, some cases, or what changed since the last
bundle to a contact. A case brings everything that belongs to it: its person and their
names, documents, relatives and contacts; its events, notes, sources, checklist, risk
answers and match decisions; the places it was linked to that someone edited; and the
tombstones of what was deleted from it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from caseworker.cases.case_read import resolve_case_id
from caseworker.exchange.shared_records import SHARED_TABLES
from storage.tables import (
    BundleLog,
    Case,
    CaseSource,
    ChecklistItem,
    Contact,
    Document,
    Event,
    EvidenceFile,
    MatchDecision,
    NameForm,
    Note,
    RecordHead,
    Relative,
    Revision,
    RiskAnswer,
)

CHUNK = 900  # SQLite's limit on bound parameters is 999 in older builds
RecordKey = tuple[str, str]  # (table, record id)
# progress(done, total, what): called after each batch a bundle's records are read or
# written in, so a screen can show how far an export or import has got.
Progress = Callable[[int, int, str], None]


def chunks(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


def rows_where_in(session: Session, sql: str, values: Iterable,
                  before: tuple = ()) -> Iterator[tuple]:
    """The rows of `sql`, its `{marks}` the placeholders of a chunk of `values` (after the
    parameters `before`), chunk by chunk, straight on the driver: an import looks up tens
    of thousands of ids, and SQLAlchemy's expanding IN parameters cost more to bind than
    the queries cost to run. Values come back as stored (text)."""
    connection = session.connection()
    for part in chunks(values):
        statement = sql.format(marks=", ".join("?" * len(part)))
        yield from connection.exec_driver_sql(statement, (*before, *part))


def resolve_cases(session: Session, given: Iterable[str]) -> list[str]:
    """Full case ids from ids or their first six or more characters."""
    return sorted({resolve_case_id(session, text) for text in given})


def last_sent_seq(session: Session, contact: str) -> int:
    value = session.exec(select(func.max(BundleLog.last_seq)).where(
        BundleLog.direction == "sent", BundleLog.peer == contact)).one()
    return value or 0


def changed_since(session: Session, seq: int) -> tuple[list[str], set[RecordKey]]:
    """The cases with any revision after local revision `seq`, and the changed records
    that belong to no case (places people edited)."""
    rows = session.exec(select(Revision.case_id, Revision.table_name, Revision.record_id)
                        .where(col(Revision.seq) > seq)).all()
    cases = sorted({case_id for case_id, _, _ in rows if case_id})
    loose = {(table, record) for case_id, table, record in rows
             if not case_id and table in SHARED_TABLES}
    return cases, loose


def records_of_cases(session: Session, case_ids: list[str]) -> set[RecordKey]:
    keys: set[RecordKey] = set()
    person_ids: list[str] = []
    for part in chunks(case_ids):
        rows = session.exec(select(Case.id, Case.person_id).where(col(Case.id).in_(part))).all()
        keys |= {("cases", case_id) for case_id, _ in rows}
        person_ids += [person_id for _, person_id in rows]
        keys |= {(table, record) for table, record in session.exec(
            select(Revision.table_name, Revision.record_id).where(col(Revision.case_id).in_(part)))}
        for model in (Event, Note, EvidenceFile, CaseSource, ChecklistItem, RiskAnswer):
            keys |= {(model.__tablename__, record_id) for record_id in session.exec(
                select(model.id).where(col(model.case_id).in_(part)))}
        for source_id in session.exec(select(CaseSource.source_id)
                                      .where(col(CaseSource.case_id).in_(part))):
            keys.add(("sources", source_id))
        for place_id in session.exec(select(Event.location_id).where(
                col(Event.case_id).in_(part), col(Event.location_id).is_not(None))):
            if place_id is not None:  # always, as the query asks; the type cannot say so
                keys.add(("places", place_id))
    for part in chunks(person_ids):
        keys |= {("persons", person_id) for person_id in part}
        for person_model in (NameForm, Document, Relative, Contact):
            keys |= {(person_model.__tablename__, record_id) for record_id in session.exec(
                select(person_model.id).where(col(person_model.person_id).in_(part)))}
        keys |= {("match_decisions", record_id) for record_id in session.exec(
            select(MatchDecision.id).where(or_(col(MatchDecision.person_a).in_(part),
                                               col(MatchDecision.person_b).in_(part))))}
    return {key for key in keys if key[0] in SHARED_TABLES}


def with_history(session: Session, keys: set[RecordKey]) -> set[RecordKey]:
    """The records among `keys` that have a history (shipped places unedited have none)."""
    kept = set()
    by_table: dict[str, list[str]] = {}
    for table, record in keys:
        by_table.setdefault(table, []).append(record)
    for table, records in by_table.items():
        for part in chunks(records):
            kept |= {(table, r) for r in session.exec(select(RecordHead.record_id).where(
                RecordHead.table_name == table, col(RecordHead.record_id).in_(part)))}
    return kept
