"""Writing shared records: every save and deletion leaves a revision (the audit trail,
and what bundles carry between installs). Use an Editor for every change to them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from storage.columns import format_utc
from storage.tables.base import Record, table_of
from storage.tables.revisions import RecordHead, Revision

# Columns that describe the change rather than the record; the revision holds them.
NOT_FIELDS = {"id", "updated_at", "changed_by"}
DELETED = {"deleted": True}


# Built once: an import hashes several texts per revision, and json.dumps with these
# options builds a new encoder every call.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical(data: Any) -> str:
    return _CANONICAL.encode(data)


def snapshot(record: Record) -> dict[str, Any]:
    """The record's fields as JSON-ready values."""
    fields = {}
    for column in table_of(record).columns:
        if column.name in NOT_FIELDS:
            continue
        value = getattr(record, column.name)
        fields[column.name] = format_utc(value) if isinstance(value, datetime) else value
    return fields


# Names the layout `revision_id` hashes; revisions made before it (format 1 left out
# `changed`, `origin` and `case`) are hashed again when a store is upgraded.
ID_FORMAT = "revision/2"


def fields_digest(fields_json: str) -> str:
    """The SHA-256 of a revision's fields: the id covers the fields through it, so a
    revision whose content is later purged keeps an id (and a signature) that still
    checks against the rest of it."""
    return hashlib.sha256(fields_json.encode("utf-8")).hexdigest()


def revision_id(table: str, record_id: str, parents: list[str], fields_json: str,
                changed: list[str], author: str, origin: str, case_id: str | None,
                at: str) -> str:
    """The SHA-256 of everything a revision says: what, which fields changed, who, on
    which install, in which case and when. Signing the id signs all of it."""
    content = canonical([ID_FORMAT, table, record_id, sorted(parents), fields_digest(fields_json),
                         list(changed), author, origin, case_id, at])
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

    def save(self, record: Record, settling: Iterable[str] = ()) -> Revision | None:
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

    def delete(self, record: Record) -> Revision:
        pointer, head = self._head(record)
        revision = self._append(record, DELETED, ["deleted"], pointer, head)
        self.session.delete(record)
        return revision

    def _head(self, record: Record) -> tuple[RecordHead | None, Revision | None]:
        # Without autoflush: looking a head up must not write every pending row first (a
        # new case saves some twenty records, and each lookup would flush the others).
        with self.session.no_autoflush:
            pointer = self.session.get(RecordHead, (table_of(record).name, record.id))
            if pointer is None:
                return None, None
            return pointer, self.session.exec(
                select(Revision).where(Revision.id == pointer.head)).one()

    def _append(self, record: Record, fields: dict, changed: list[str],
                pointer: RecordHead | None, head: Revision | None) -> Revision:
        table = table_of(record).name
        parents = [head.id] if head else []
        fields_json = canonical(fields)
        at = format_utc(self.now)
        revision = Revision(
            id=revision_id(table, record.id, parents, fields_json, changed, self.author,
                           self.origin, self.case_id, at),
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
