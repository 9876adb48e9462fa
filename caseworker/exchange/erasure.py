"""Erasing records for good: a purge (consent withdrawn: everywhere the records went), and
the erasing that travel mode and purges arriving in bundles (bundle_erasures.py) share.

A purge, in one transaction:
- appends to each record's history a tombstone saying it was purged, by whom and when;
- replaces the fields of every other revision of the records with the redaction's id and
  the SHA-256 of the fields they had (`storage.history.redacted_fields`), keeping the
  revision's id, parents, table, record, author, install, case and time, so histories on
  other installs still line up and merge, and the id and its signed batch still check
  against the rest. The digest tells no more than the id did: either checks a guess of
  the whole content (a short field, a birth year or a yes or no, can be guessed that way;
  a note cannot);
- stores a redaction record (who, on which install, when, which record ids) that bundles
  carry, signed like a revision in a batch of this install's, so the office and contacts
  erase the same records (bundle_import.py applies it once revision_trust.py has checked
  its signature and its signer's scope);
- deletes the rows, and clears what was derived from them: summaries and their full-text
  index (rebuilt, so no old term stays in its segments), the match index, urgency,
  conflicts that quote their values.
Then, outside the transaction (`finish_erasure`): the WAL is checkpointed and truncated,
the database is VACUUMed (with `secure_delete` on, freed pages were zeroed already), and
every backup is overwritten and removed, since backups are older copies of everything.
A flag in `meta` makes the next unlock finish this if the process was killed first.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlmodel import Session, col, select

from caseworker.cases.case_refresh import refresh_case_views
from caseworker.core.authoring import Author, editor_for
from caseworker.core.user_errors import UserError
from caseworker.exchange.bundle_selection import chunks, records_of_cases, rows_where_in
from caseworker.exchange.shared_records import SHARED_TABLES
from caseworker.matching.person_index import refresh_persons
from storage.columns import format_utc, parse_utc
from storage.file_contents import drop_unreferenced_contents, sweep_contents
from storage.history import DELETED, DIGEST_KEY, REDACTED_KEY, canonical, redacted_fields
from storage.meta_values import forget_meta, get_meta, set_meta
from storage.shredding import shred
from storage.store import Store
from storage.tables import (
    Case,
    CaseSource,
    ChecklistItem,
    PurgedRecord,
    RecordHead,
    Redaction,
)

RecordKey = tuple[str, str]
PENDING_KEY = "erasure.pending"  # set with every erasure, cleared once VACUUMed
DELETED_JSON = canonical(DELETED)
# What a purge of one record of a case may name, and the table it is in.
SINGLE_RECORDS = {"note": "notes", "source": "sources", "event": "events",
                  "document": "documents", "relative": "relatives", "contact": "contacts",
                  "name": "name_forms", "file": "evidence_files"}
# A record arriving later that refers to a purged case, person or source through one of
# these columns is erased with it: (owner table, column, the tables it applies to).
_OWNERS = (("cases", "case_id", None), ("persons", "person_id", None),
           ("persons", "person_a", {"match_decisions"}),
           ("persons", "person_b", {"match_decisions"}),
           ("sources", "source_id", {"case_sources"}))


@dataclass(frozen=True)
class RedactionRecord:
    """A purge as it travels: who, on which install, when, and the ids of the records."""

    id: str
    author: str
    origin: str
    at: str
    records: tuple[RecordKey, ...]
    # The signed batch listing the id, when known here: not part of the redaction.
    batch: str | None = field(default=None, compare=False)

    @staticmethod
    def make(author: str, origin: str, at: str, records: Iterable[RecordKey]) -> RedactionRecord:
        keys = tuple(sorted(set(records)))
        return RedactionRecord(redaction_id(author, origin, at, keys), author, origin, at, keys)

    def to_json(self) -> dict:
        return {"id": self.id, "author": self.author, "origin": self.origin, "at": self.at,
                "records": [list(k) for k in self.records]}


def redaction_id(author: str, origin: str, at: str, records: Iterable[RecordKey]) -> str:
    content = canonical(["redaction", author, origin, at, sorted(list(k) for k in records)])
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Purged:
    redaction: str
    records: int


# -- which records ------------------------------------------------------------------------


def records_of_case(session: Session, case_id: str, kind: str | None = None,
                    record_id: str | None = None) -> set[RecordKey]:
    """The records a purge of the case (or of one of its records) erases: everything
    that belongs to the case and its person, deleted ones included; not the places it
    was linked to, nor a source another case also cites."""
    if kind is None:
        keys = {k for k in records_of_cases(session, [case_id]) if k[0] != "places"}
        shared = set(session.exec(select(CaseSource.source_id).where(
            CaseSource.case_id != case_id)))
        return {k for k in keys if not (k[0] == "sources" and k[1] in shared)}
    table = SINGLE_RECORDS[kind]
    own = {k for k in records_of_cases(session, [case_id]) if k[0] == table}
    matching = sorted(r for t, r in own if r == record_id or r.startswith(record_id or "~"))
    if len(matching) != 1:
        raise UserError(f"the case has {'no' if not matching else 'more than one'} {kind} "
                        "with that id.")
    keys = {(table, matching[0])}
    if table == "events":  # the clocks it started copy its time
        keys |= {("checklist_items", item) for item in session.exec(
            select(ChecklistItem.id).where(ChecklistItem.event_id == matching[0]))}
    if table == "sources":  # every link to it: a link cannot outlive what it links
        keys |= {("case_sources", link) for link in session.exec(select(CaseSource.id).where(
            CaseSource.source_id == matching[0]))}
    return keys


# -- purging here ------------------------------------------------------------------------


def purge(store: Store, keys: set[RecordKey], author: Author, case_id: str | None) -> Purged:
    """Purge `keys` here and record the redaction that tells other installs to."""
    if not keys:
        raise UserError("there is nothing to purge.")
    with store.write() as session:
        editor = editor_for(session, author, case_id)
        for table, record in sorted(keys):
            editor.purge(table, record)
        redaction = RedactionRecord.make(author.name, editor.origin, format_utc(author.now),
                                         keys)
        erase(session, redaction, keys)
    finish_erasure(store)
    return Purged(redaction.id, len(keys))


def erase(session: Session, redaction: RedactionRecord, keys: Iterable[RecordKey]) -> None:
    """Store the redaction and erase `keys` under it here: revisions redacted (tombstones
    kept), heads on the newest tombstone, rows and what was derived from them gone."""
    keys = sorted(set(keys))
    session.flush()  # the tombstones just appended, before the history is rewritten
    stored = session.get(Redaction, redaction.id)
    if stored is None:
        latest = session.execute(text("SELECT coalesce(max(seq), 0) FROM redactions")).scalar_one()
        session.add(Redaction(id=redaction.id, author=redaction.author,
                              origin=redaction.origin, at=parse_utc(redaction.at),
                              records=[list(k) for k in redaction.records], seq=latest + 1,
                              batch=redaction.batch))
    elif stored.batch is None and redaction.batch is not None:
        stored.batch = redaction.batch
        session.add(stored)
    connection = session.connection()
    connection.execute(text("PRAGMA defer_foreign_keys = ON"))
    cases: set[str] = set()
    persons: set[str] = set()
    for table, record in keys:
        if session.get(PurgedRecord, (table, record)) is None:
            session.add(PurgedRecord(table_name=table, record_id=record,
                                     redaction_id=redaction.id))
        row = connection.execute(text(f'SELECT * FROM "{table}" WHERE id = :r'),
                                 {"r": record}).mappings().first()
        if row is not None:
            case = record if table == "cases" else row.get("case_id")
            person = record if table == "persons" else row.get("person_id")
            if case is not None:
                cases.add(case)
            if person is not None:
                persons.add(person)
        contents = connection.execute(text(
            "SELECT id, fields FROM revisions WHERE table_name = :t AND record_id = :r "
            "AND fields != :deleted"), {"t": table, "r": record,
                                        "deleted": DELETED_JSON}).all()
        updates = [(redacted_json(redaction.id, fields), rid) for rid, fields in contents]
        if updates:
            connection.exec_driver_sql("UPDATE revisions SET fields = ? WHERE id = ?",
                                       updates)
        tombstone = connection.execute(text(
            "SELECT id FROM revisions WHERE table_name = :t AND record_id = :r "
            "AND fields = :deleted ORDER BY at DESC, id DESC LIMIT 1"),
            {"t": table, "r": record, "deleted": DELETED_JSON}).scalar()
        if tombstone is not None:
            head = session.get(RecordHead, (table, record))
            if head is None:
                session.add(RecordHead(table_name=table, record_id=record, head=tombstone))
            else:
                head.head = tombstone
        connection.execute(text("DELETE FROM conflicts WHERE table_name = :t AND "
                                "record_id = :r"), {"t": table, "r": record})
    session.flush()
    by_table: dict[str, list[str]] = {}
    for table, record in keys:
        by_table.setdefault(table, []).append(record)
    for table in reversed(list(SHARED_TABLES)):
        for part in chunks(by_table.get(table, [])):
            marks = ", ".join(f":r{i}" for i in range(len(part)))
            connection.execute(text(f'DELETE FROM "{table}" WHERE id IN ({marks})'),
                               {f"r{i}": r for i, r in enumerate(part)})
    clear_derived(session, cases, persons)
    drop_unreferenced_contents(session)  # a purged file's bytes go with its record
    set_meta(session, PENDING_KEY, "1")


def redacted_json(redaction: str, fields_json: str) -> str:
    """A revision's fields once `redaction` erased them; a revision erased already (it
    arrived so) keeps the digest it has."""
    held = json.loads(fields_json)
    if isinstance(held, dict) and set(held) == {REDACTED_KEY, DIGEST_KEY}:
        return canonical({REDACTED_KEY: redaction, DIGEST_KEY: held[DIGEST_KEY]})
    return canonical(redacted_fields(redaction, fields_json))


def clear_derived(session: Session, cases: set[str], persons: set[str]) -> None:
    session.expire_all()
    existing = {c for part in chunks(sorted(cases))
                for c in session.exec(select(Case.id).where(col(Case.id).in_(part)))}
    for part in chunks(sorted(cases - existing)):
        marks = ", ".join(f":c{i}" for i in range(len(part)))
        params = {f"c{i}": c for i, c in enumerate(part)}
        for table in ("case_summaries", "case_urgency"):
            session.execute(text(f"DELETE FROM {table} WHERE case_id IN ({marks})"), params)
    if existing:
        refresh_case_views(session, sorted(existing))
    if persons:
        refresh_persons(session, sorted(persons))
    # An external-content full-text index keeps deleted terms in its segments until they
    # are merged: rebuilding it from the summaries leaves only the terms still there.
    session.execute(text("INSERT INTO case_search (case_search) VALUES ('rebuild')"))


def purged_keys(session: Session, keys: Iterable[RecordKey]) -> dict[RecordKey, str]:
    """Which of `keys` are purged here, with the redaction that purged them."""
    found: dict[RecordKey, str] = {}
    by_table: dict[str, list[str]] = {}
    for table, record in keys:
        by_table.setdefault(table, []).append(record)
    for table, records in by_table.items():
        for record, redaction in rows_where_in(
                session, "SELECT record_id, redaction_id FROM purged_records WHERE "
                "table_name = ? AND record_id IN ({marks})", records, (table,)):
            found[(table, record)] = redaction
    return found


def erased_unnamed(session: Session, keys: Iterable[RecordKey]) -> set[RecordKey]:
    """Which of `keys` were erased here under a purge that does not name them: records of a
    purged case, person or source that arrived after it."""
    purged = purged_keys(session, keys)
    named: dict[str, set[RecordKey]] = {}
    for part in chunks(sorted(set(purged.values()))):
        for row in session.exec(select(Redaction).where(col(Redaction.id).in_(part))):
            named[row.id] = {(k[0], k[1]) for k in row.records}
    return {key for key, rid in purged.items() if key not in named.get(rid, set())}


def purged_owners(session: Session) -> dict[str, dict[str, str]]:
    """The purged cases, persons and sources, with the redaction that purged each."""
    owners: dict[str, dict[str, str]] = {}
    for table in {owner for owner, _, _ in _OWNERS}:
        owners[table] = dict(session.exec(select(PurgedRecord.record_id,
                                                 PurgedRecord.redaction_id).where(
            PurgedRecord.table_name == table)).all())
    return owners


def owner_redaction(table: str, fields, owners: dict[str, dict[str, str]]) -> str | None:
    """The redaction of the purged case, person or source a record belongs to, if any."""
    for owner, column, tables in _OWNERS:
        if tables is not None and table not in tables:
            continue
        value = fields.get(column)
        if isinstance(value, str) and value in owners.get(owner, {}):
            return owners[owner][value]
    return None


def redactions_covering(session: Session, keys: Iterable[RecordKey]) -> list[RedactionRecord]:
    """The redaction records that erased any of `keys`, to carry in a bundle with them."""
    ids = set(purged_keys(session, keys).values())
    found = []
    for part in chunks(sorted(ids)):
        for row in session.exec(select(Redaction).where(col(Redaction.id).in_(part))):
            found.append(stored_redaction(row))
    return sorted(found, key=lambda r: (r.at, r.id))


def all_redactions(session: Session) -> list[RedactionRecord]:
    return [stored_redaction(row) for row in session.exec(select(Redaction).order_by(
        col(Redaction.seq)))]


def stored_redaction(row: Redaction) -> RedactionRecord:
    return RedactionRecord(row.id, row.author, row.origin, format_utc(row.at),
                           tuple((k[0], k[1]) for k in row.records), row.batch)


# -- afterwards --------------------------------------------------------------------------


def finish_erasure(store: Store) -> bool:
    """If an erasure is pending: checkpoint and truncate the WAL, VACUUM, and destroy the
    backups. Run after each erasure, and at unlock in case the process was killed before
    it finished. Returns whether there was anything to do."""
    with store.read() as session:
        if get_meta(session, PENDING_KEY) is None:
            return False
    raw = store.engine.raw_connection()
    try:
        cursor = raw.driver_connection
        assert cursor is not None  # a pool's connection always has its driver's
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("VACUUM")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()
    for backup in store.paths.backup_files():
        shred(backup)
    sweep_contents(store)  # the purged files' sealed contents
    with store.write() as session:
        forget_meta(session, PENDING_KEY)
    raw = store.engine.raw_connection()
    try:
        cursor = raw.driver_connection
        assert cursor is not None
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()
    return True
