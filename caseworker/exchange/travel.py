"""Travel mode: before a border, send everything changed to the office escrow, and once
the office confirms it has the bundle, keep on this laptop only the cases marked to travel.

Two steps, because only a person can know the bundle arrived: `prepare_travel` writes the
bundle and remembers it (with the cases to keep) in `meta`; `finish_travel` forgets every
other case here (`forget_cases`: no tombstone, no
redaction, since the office keeps them and a bundle from it brings them back).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlmodel import select

from caseworker.cases.case_read import resolve_case_id
from caseworker.core.authoring import Author
from caseworker.core.user_errors import UserError
from caseworker.exchange.bundle_export import export_bundle
from caseworker.exchange.bundle_selection import chunks
from caseworker.exchange.erasure import (
    PENDING_KEY,
    clear_derived,
    finish_erasure,
    records_of_case,
)
from caseworker.exchange.shared_records import SHARED_TABLES
from storage.file_contents import drop_unreferenced_contents
from storage.meta_values import forget_meta, get_meta, set_meta
from storage.store import Store
from storage.tables import Case, KeyContact

PENDING = "travel.pending"


@dataclass(frozen=True)
class TravelPlan:
    bundle_id: str | None  # None when the office already had everything
    out: str | None
    keep: tuple[str, ...]
    leaving: int  # cases that will leave this laptop


def prepare_travel(store: Store, out: Path, author: Author, keep: list[str]) -> TravelPlan:
    with store.read() as session:
        escrow = session.exec(select(KeyContact.name).where(KeyContact.escrow)).first()
        if escrow is None:
            raise UserError("travel mode needs the office escrow among the contacts "
                            "('keys add-contact NAME KEY --escrow').")
        kept = tuple(sorted({resolve_case_id(session, given) for given in keep}))
        total = len(session.exec(select(Case.id)).all())
    try:
        done = export_bundle(store, out, author, to=[escrow], since_last=True)
        bundle_id, written = done.bundle_id, str(out)
    except UserError as exc:
        if "Nothing has changed" not in str(exc):
            raise
        bundle_id, written = None, None
    plan = TravelPlan(bundle_id, written, kept, total - len(kept))
    with store.write() as session:
        set_meta(session, PENDING, json.dumps({"bundle_id": bundle_id, "out": written,
                                               "keep": list(kept)}))
    return plan


def pending_travel(store: Store) -> TravelPlan | None:
    with store.read() as session:
        raw = get_meta(session, PENDING)
        if raw is None:
            return None
        data = json.loads(raw)
        total = len(session.exec(select(Case.id)).all())
    keep = tuple(data.get("keep") or [])
    return TravelPlan(data.get("bundle_id"), data.get("out"), keep, total - len(keep))


def finish_travel(store: Store) -> int:
    """Forget every case but those marked to travel; returns how many were forgotten."""
    plan = pending_travel(store)
    if plan is None:
        raise UserError("there is no travel bundle waiting for the office's confirmation; "
                        "run 'caseworker travel prepare' first.")
    with store.read() as session:
        leaving = [c for c in session.exec(select(Case.id)) if c not in plan.keep]
    forget_cases(store, leaving)
    with store.write() as session:
        forget_meta(session, PENDING)
        # Revision numbers are reused once the highest are gone: no contact's "sent up to"
        # mark may stay above what is left, or new changes would never be sent.
        session.execute(text(
            "UPDATE bundle_log SET last_seq = min(last_seq, "
            "(SELECT coalesce(max(seq), 0) FROM revisions)) WHERE direction = 'sent'"))
    return len(leaving)


def forget_cases(store: Store, case_ids: list[str]) -> int:
    """Remove these cases from this install only: rows, history, heads and derived data,
    with no tombstone or redaction (the office keeps them; a bundle from it brings them
    back). Returns how many records were forgotten."""
    with store.write() as session:
        keys = set()
        for case_id in case_ids:
            keys |= records_of_case(session, case_id)
        connection = session.connection()
        connection.execute(text("PRAGMA defer_foreign_keys = ON"))
        by_table: dict[str, list[str]] = {}
        for table, record in keys:
            by_table.setdefault(table, []).append(record)
        for table in reversed(list(SHARED_TABLES)):
            for part in chunks(by_table.get(table, [])):
                marks = ", ".join(f":r{i}" for i in range(len(part)))
                params = {f"r{i}": r for i, r in enumerate(part)} | {"t": table}
                for statement in (f'DELETE FROM "{table}" WHERE id IN ({marks})',
                                  f"DELETE FROM revisions WHERE table_name = :t AND "
                                  f"record_id IN ({marks})",
                                  f"DELETE FROM record_heads WHERE table_name = :t AND "
                                  f"record_id IN ({marks})",
                                  f"DELETE FROM conflicts WHERE table_name = :t AND "
                                  f"record_id IN ({marks})"):
                    connection.execute(text(statement), params)
        persons = {r for t, r in keys if t == "persons"}
        clear_derived(session, set(case_ids), persons)
        drop_unreferenced_contents(session)  # the files of the cases left at the office
        set_meta(session, PENDING_KEY, "1")
    finish_erasure(store)
    return len(keys)
