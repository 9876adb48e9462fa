"""Writing shared records: every save and deletion leaves a revision (the audit trail,
and what bundles carry between installs). Use an Editor for every change to them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import Session, SQLModel, select

from storage.columns import format_utc
from storage.tables.revisions import RecordHead, Revision

# Columns that describe the change rather than the record; the revision holds them.
NOT_FIELDS = {"id", "updated_at", "changed_by"}
DELETED = {"deleted": True}
# What a purged revision's fields become: the redaction that erased them, nothing else.
REDACTED_KEY = "redacted"


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def snapshot(record: SQLModel) -> dict[str, Any]:
    """The record's fields as JSON-ready values."""
    fields = {}
    for column in record.__table__.columns:
        if column.name in NOT_FIELDS:
            continue
        value = getattr(record, column.name)
        fields[column.name] = format_utc(value) if isinstance(value, datetime) else value
    return fields


def revision_id(table: str, record_id: str, parents: list[str], fields_json: str,
                author: str, at: str) -> str:
    content = canonical([table, record_id, sorted(parents), fields_json, author, at])
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


class Editor:
    """Saves and deletes records in one session, recording who changed what and when."""

    def __init__(self, session: Session, author: str, origin: str, now: datetime,
                 case_id: str | None = None) -> None:
        self.session = session
        self.author = author
        self.origin = origin
        self.now = now
        self.case_id = case_id

    def save(self, record: SQLModel, settling: Iterable[str] = ()) -> Revision | None:
        """Add or update `record`; returns the new revision, or None if nothing changed.
        Fields in `settling` count as set even when their value stays: a person settled a
        conflict on them, and the revision says so to every install."""
        fields = snapshot(record)
        pointer, head = self._head(record)
        previous = json.loads(head.fields) if head else {}
        changed = sorted({k for k in fields if previous.get(k) != fields[k]} | set(settling))
        if head is not None and not changed:
            return None
        if head is None:
            record.created_at = self.now
            fields["created_at"] = format_utc(self.now)
        record.updated_at = self.now
        record.changed_by = self.author
        self.session.add(record)
        return self._append(record, fields, changed, pointer, head)

    def delete(self, record: SQLModel) -> Revision:
        pointer, head = self._head(record)
        revision = self._append(record, DELETED, ["deleted"], pointer, head)
        self.session.delete(record)
        return revision

    def purge(self, table: str, record_id: str) -> Revision:
        """A tombstone that says the record was purged, by whom and when: the last
        revision of its history. The row itself is the caller's to remove."""
        pointer = self.session.get(RecordHead, (table, record_id))
        head = None if pointer is None else self.session.exec(
            select(Revision).where(Revision.id == pointer.head)).one()
        stub = _Stub(table, record_id)
        return self._append(stub, DELETED, ["deleted", "purged"], pointer, head)

    def _head(self, record: SQLModel) -> tuple[RecordHead | None, Revision | None]:
        # Without autoflush: looking a head up must not write every pending row first (a
        # new case saves some twenty records, and each lookup would flush the others).
        with self.session.no_autoflush:
            pointer = self.session.get(RecordHead, (record.__tablename__, record.id))
            if pointer is None:
                return None, None
            return pointer, self.session.exec(
                select(Revision).where(Revision.id == pointer.head)).one()

    def _append(self, record: SQLModel, fields: dict, changed: list[str],
                pointer: RecordHead | None, head: Revision | None) -> Revision:
        table = record.__tablename__
        parents = [head.id] if head else []
        fields_json = canonical(fields)
        at = format_utc(self.now)
        revision = Revision(
            id=revision_id(table, record.id, parents, fields_json, self.author, at),
            table_name=table, record_id=record.id, parents=parents, fields=fields_json,
            changed=changed, author=self.author, origin=self.origin, at=self.now,
            case_id=self.case_id,
        )
        self.session.add(revision)
        if pointer is None:
            self.session.add(RecordHead(table_name=table, record_id=record.id, head=revision.id))
        else:
            pointer.head = revision.id
        return revision


class _Stub:
    """Stands for a record whose row may already be gone (a purge of a deleted note)."""

    def __init__(self, table: str, record_id: str) -> None:
        self.__tablename__ = table
        self.id = record_id
