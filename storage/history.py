"""Writing shared records: every save and deletion leaves a revision (the audit trail,
and what bundles carry between installs). Use an Editor for every change to them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from storage.columns import format_utc
from storage.tables.base import Record, table_of
from storage.tables.revisions import RecordHead, Revision

# Columns that describe the change rather than the record; the revision holds them.
NOT_FIELDS = {"id", "updated_at", "changed_by"}
DELETED = {"deleted": True}
# What a purged revision's fields become: the redaction that erased them and the digest
# of the fields it had (`redacted_fields`), nothing else.
REDACTED_KEY = "redacted"
DIGEST_KEY = "digest"


def is_tombstone(fields: Mapping) -> bool:
    """A deletion's fields are exactly DELETED: the one definition merge, the audit trail
    and a bundle's checks share. Anything else carrying `deleted` is a record's fields and
    must pass as one (`{"deleted": 1}` is not a tombstone though it compares equal)."""
    return fields.keys() == DELETED.keys() and fields["deleted"] is True


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
    return id_from_digest(table, record_id, parents, fields_digest(fields_json), changed,
                          author, origin, case_id, at)


def id_from_digest(table: str, record_id: str, parents: list[str], digest: str,
                   changed: list[str], author: str, origin: str, case_id: str | None,
                   at: str) -> str:
    """`revision_id` from the digest of the fields: what checks a purged revision, whose
    fields are gone and whose digest stays (`redacted_fields`)."""
    content = canonical([ID_FORMAT, table, record_id, sorted(parents), digest,
                         list(changed), author, origin, case_id, at])
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def redacted_fields(redaction: str, fields_json: str) -> dict[str, str]:
    """What a purged revision's fields become: the redaction that erased them and the
    digest of what they were, which the revision's id covers. The digest tells no more
    than the id already did: both check a guess of the whole content, nothing else."""
    return {REDACTED_KEY: redaction, DIGEST_KEY: fields_digest(fields_json)}


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
        return self._append(table_of(record).name, record.id, fields, changed, pointer, head)

    def delete(self, record: Record) -> Revision:
        pointer, head = self._head(record)
        revision = self._append(table_of(record).name, record.id, DELETED, ["deleted"], pointer,
                                head)
        self.session.delete(record)
        return revision

    def purge(self, table: str, record_id: str) -> Revision:
        """A tombstone that says the record was purged, by whom and when: the last
        revision of its history. The row itself is the caller's to remove."""
        pointer = self.session.get(RecordHead, (table, record_id))
        head = None if pointer is None else self.session.exec(
            select(Revision).where(Revision.id == pointer.head)).one()
        return self._append(table, record_id, DELETED, ["deleted", "purged"], pointer, head)

    def _head(self, record: Record) -> tuple[RecordHead | None, Revision | None]:
        # Without autoflush: looking a head up must not write every pending row first (a
        # new case saves some twenty records, and each lookup would flush the others).
        with self.session.no_autoflush:
            pointer = self.session.get(RecordHead, (table_of(record).name, record.id))
            if pointer is None:
                return None, None
            return pointer, self.session.exec(
                select(Revision).where(Revision.id == pointer.head)).one()

    def _append(self, table: str, record_id: str, fields: dict, changed: list[str],
                pointer: RecordHead | None, head: Revision | None) -> Revision:
        parents = [head.id] if head else []
        fields_json = canonical(fields)
        at = format_utc(self.now)
        revision = Revision(
            id=revision_id(table, record_id, parents, fields_json, changed, self.author,
                           self.origin, self.case_id, at),
            table_name=table, record_id=record_id, parents=parents, fields=fields_json,
            changed=changed, author=self.author, origin=self.origin, at=self.now,
            case_id=self.case_id,
        )
        self.session.add(revision)
        if pointer is None:
            self.session.add(RecordHead(table_name=table, record_id=record_id, head=revision.id))
        else:
            pointer.head = revision.id
        return revision

