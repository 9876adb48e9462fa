"""The conflict inbox: fields two installs changed differently, until a person settles
them by picking a side or typing a value. Any later change to such a field settles it
too, whether made here or arriving in a bundle: it was made knowing both sides."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from caseworker.cases.case_refresh import refresh_case_views
from caseworker.core.authoring import Author, editor_for
from caseworker.core.user_errors import UserError
from caseworker.deadlines.checklist_items import stop_clocks
from caseworker.exchange.bundle_records import stored_history
from caseworker.exchange.revision_merge import (
    DELETED_FIELD,
    FieldConflict,
    History,
    Rev,
    Side,
    conflict_id,
)
from caseworker.exchange.shared_records import SHARED_TABLES, check_value
from storage.columns import format_utc, parse_utc
from storage.store import Store
from storage.tables import Case, CaseSummary, Conflict

# Whole cases and persons are never deleted in this app; a bundle that says so is refused
# at the inbox rather than cascading.
_NOT_DELETABLE = {"cases", "persons"}


@dataclass(frozen=True)
class Found:
    merge: Rev
    conflict: FieldConflict


@dataclass(frozen=True)
class ConflictView:
    id: str
    table: str
    record_id: str
    field: str
    case_id: str | None
    case_name: str
    sides: tuple[Side, ...]
    current: object  # what the record shows now (for "deleted": False, it is kept)


def record_found(session: Session, found: Iterable[Found], now) -> None:
    for item in found:
        key = conflict_id(item.merge.id, item.conflict.field)
        if session.get(Conflict, key) is not None:
            continue
        case_id = item.merge.fields.get("case_id") if item.merge.table != "cases" \
            else item.merge.record
        session.add(Conflict(
            id=key, table_name=item.merge.table, record_id=item.merge.record,
            field=item.conflict.field, case_id=case_id or item.merge.case,
            merge_revision=item.merge.id,
            sides=json.dumps([asdict(s) for s in item.conflict.sides], ensure_ascii=False),
            found_at=now))
    session.flush()


def settle_answered(session: Session, records: set[tuple[str, str]] | None = None) -> int:
    """Mark settled the open conflicts whose field a later revision set; returns how many."""
    query = select(Conflict).where(col(Conflict.settled_at).is_(None))
    rows = [row for row in session.exec(query)
            if records is None or (row.table_name, row.record_id) in records]
    histories: dict[tuple[str, str], History] = {}
    settled = 0
    for row in rows:
        key = (row.table_name, row.record_id)
        if key not in histories:
            histories[key] = History(stored_history(session, *key))
        history = histories[key]
        later = sorted((r for r in history.revisions.values()
                        if r.id != row.merge_revision and r.parents
                        and history.descends(r.id, row.merge_revision)
                        and (r.writes(row.field) or r.deleted)),
                       key=lambda r: (history.depth(r.id), r.id))
        if later:
            row.settled_at, row.settled_by = parse_utc(later[0].at), later[0].author
            session.add(row)
            settled += 1
    return settled


def open_conflicts(store: Store) -> list[ConflictView]:
    """The conflicts still waiting for a person, oldest first."""
    with store.write() as session:
        settle_answered(session)
        rows = list(session.exec(select(Conflict).where(col(Conflict.settled_at).is_(None))
                                 .order_by(col(Conflict.found_at), col(Conflict.id))))
        names = {s.case_id: s.display_name for s in session.exec(select(CaseSummary).where(
            col(CaseSummary.case_id).in_([r.case_id for r in rows if r.case_id])))}
        views = []
        for row in rows:
            record = session.get(SHARED_TABLES[row.table_name], row.record_id)
            current = (record is None) if row.field == DELETED_FIELD else \
                getattr(record, row.field, None)
            views.append(ConflictView(
                row.id, row.table_name, row.record_id, row.field, row.case_id,
                names.get(row.case_id or "", ""), tuple(Side(**s) for s in json.loads(row.sides)),
                _plain(current)))
        return views


def count_open(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Conflict)
                        .where(col(Conflict.settled_at).is_(None))).one()


def settle(store: Store, conflict: str, value, author: Author) -> None:
    """Settle a conflict with `value`: one side's value, or one a person typed. For a
    record deleted on one side, True deletes it and False keeps it."""

    with store.write() as session:
        row = session.get(Conflict, conflict)
        if row is None or row.settled_at is not None:
            raise UserError("That conflict is no longer open; someone settled it already.")
        record = session.get(SHARED_TABLES[row.table_name], row.record_id)
        editor = editor_for(session, author, row.case_id)
        if record is None:
            pass  # deleted since: nothing is left to choose between
        elif row.field == DELETED_FIELD and value is True:
            if row.table_name in _NOT_DELETABLE:
                raise UserError("A whole case or person is not deleted; keep it.")
            if row.table_name == "events":
                stop_clocks(editor, record.id)
            editor.delete(record)
        elif row.field == DELETED_FIELD:
            editor.save(record, settling=[DELETED_FIELD])
        else:
            setattr(record, row.field, check_value(row.table_name, row.field, value))
            editor.save(record, settling=[row.field])
        row.settled_at, row.settled_by = author.now, author.name
        session.add(row)
        session.flush()
        if row.case_id and session.get(Case, row.case_id) is not None:
            refresh_case_views(session, [row.case_id])


def _plain(value):
    """A value as JSON would carry it (times as text), to compare with the sides."""

    return format_utc(value) if isinstance(value, datetime) else value
