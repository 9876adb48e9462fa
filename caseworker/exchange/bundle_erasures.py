"""Purges arriving in a bundle: which of its records they take out of the ordinary merge,
and erasing those here once the merge has stored their revisions redacted. The purge itself,
and what erasing does, are in erasure.py; whose purges are carried out, in
redaction_trust.py."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from caseworker.exchange.bundle_selection import chunks
from caseworker.exchange.erasure import (
    DELETED_JSON,
    RecordKey,
    RedactionRecord,
    erase,
    owner_redaction,
    purged_keys,
    purged_owners,
    redacted_json,
    stored_redaction,
)
from caseworker.exchange.revision_merge import Rev
from storage.history import canonical
from storage.tables import PurgedRecord, Redaction


@dataclass
class ErasurePlan:
    """What a bundle's purges do here.

    `accepted`: the redactions new here, each with the records it erases here (its
    signature and its signer's scope checked by redaction_trust.check_redactions);
    `refused`: records a purge names that this install will not erase on its signer's
    word, left out of the import whole;
    `skip`: every record the ordinary merge must leave alone (purged now or before,
    refused, or belonging to a purged case, person or source), with the redaction its
    arriving revisions are stored under (None for refused ones, not stored at all)."""

    accepted: list[tuple[RedactionRecord, set[RecordKey]]]
    refused: set[RecordKey]
    skip: dict[RecordKey, str | None]

    @property
    def erased(self) -> int:
        return sum(len(keys) for _, keys in self.accepted)


def plan_erasures(session: Session, records: dict[RecordKey, list[Rev]],
                  accepted: list[tuple[RedactionRecord, set[RecordKey]]],
                  refused: set[RecordKey]) -> ErasurePlan:
    """Which records of the bundle the purges take out of the ordinary merge: those the
    accepted redactions erase, those refused, those purged here before, and those of a
    purged case, person or source."""
    skip: dict[RecordKey, str | None] = {key: None for key in refused}
    new_owner: dict[str, dict[str, str]] = {}
    for redaction, keys in accepted:
        for key in keys:
            skip[key] = redaction.id
            new_owner.setdefault(key[0], {})[key[1]] = redaction.id
    skip |= {key: rid for key, rid in purged_keys(session, records).items() if key not in skip}
    owners = purged_owners(session)
    for table, found in new_owner.items():
        owners.setdefault(table, {}).update(found)
    for key, revisions in records.items():
        if key in skip:
            continue
        for revision in revisions:
            owner = owner_redaction(key[0], revision.fields, owners)
            if owner is not None:
                skip[key] = owner
                break
    return ErasurePlan(accepted, refused, skip)


def apply_erasures(session: Session, plan: ErasurePlan, records: dict[RecordKey, list[Rev]],
                   batch_of: dict[str, str]) -> None:
    """Store the arriving revisions of purged records redacted (with the batches that sign
    them, `batch_of`), then erase them here."""
    if not plan.skip:
        return
    known: set[str] = set()
    ids = [r.id for key, rid in plan.skip.items() if rid for r in records.get(key, [])]
    for part in chunks(ids):
        known |= {row[0] for row in session.connection().exec_driver_sql(
            f"SELECT id FROM revisions WHERE id IN ({', '.join('?' * len(part))})",
            tuple(part))}
    rows = []
    # Erased here anew: what a redaction now accepted names, and records purged before
    # whose revisions arrive only now.
    fresh: set[RecordKey] = {key for redaction, keys in plan.accepted for key in keys
                             if session.get(PurgedRecord, key) is None}
    for key, rid in plan.skip.items():
        if rid is None:
            continue
        for r in records.get(key, []):
            if r.id in known:
                continue
            fresh.add(key)
            fields = DELETED_JSON if r.deleted else redacted_json(rid,
                                                                  canonical(dict(r.fields)))
            rows.append((r.id, r.table, r.record, canonical(list(r.parents)), fields,
                         canonical(list(r.changed)), r.author, r.origin, r.case, r.at,
                         batch_of.get(r.id)))
    for part in chunks(rows, 5000):
        session.connection().exec_driver_sql(
            "INSERT INTO revisions (id, table_name, record_id, parents, fields, changed, "
            "author, origin, case_id, at, batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            part)
    by_redaction: dict[str, set[RecordKey]] = {}
    for key, rid in plan.skip.items():
        if rid is not None and key in fresh:
            by_redaction.setdefault(rid, set()).add(key)
    accepted = {redaction.id: redaction for redaction, _ in plan.accepted}
    for rid, keys in by_redaction.items():
        redaction = accepted.get(rid)
        if redaction is None:
            row = session.get(Redaction, rid)
            if row is None:
                continue
            redaction = stored_redaction(row)
        erase(session, redaction, keys)
