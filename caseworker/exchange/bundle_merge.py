"""Merging a bundle's histories into the store, record by record.

Every revision this install holds for a record is in the history of the record's current
version (each change and each merge builds on it), so a bundle whose revisions are all
known changes nothing: re-imports and old bundles replayed are no-ops without reading
any history. A record whose current version the bundle's history contains fast-forwards;
only records changed on both sides are merged field by field
(caseworker/exchange/revision_merge.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter

from sqlalchemy import delete, text
from sqlmodel import Session, col

from caseworker.cases.case_refresh import refresh_case_views
from caseworker.core.authoring import Author
from caseworker.core.user_errors import AuthFailure
from caseworker.exchange.bundle_records import COLUMNS, stored_history
from caseworker.exchange.bundle_selection import Progress, chunks, rows_where_in
from caseworker.exchange.conflict_inbox import Found, record_found, settle_answered
from caseworker.exchange.revision_merge import MERGE_ORIGIN, History, Rev, conflicts_of
from caseworker.exchange.shared_records import RECORD_LABELS, SHARED_TABLES, row_values
from caseworker.matching.person_index import refresh_persons
from caseworker.places.place_index import refresh_place_names
from storage.columns import JSONList, UTCDateTime, parse_utc
from storage.history import canonical
from storage.tables.base import table_of

RecordKey = tuple[str, str]
# advance(count, what): `count` more of an import's items are written, doing `what`.
Advance = Callable[[int, str], None]


@dataclass
class RecordOutcome:
    table: str
    record: str
    case_id: str | None
    kind: str  # added | changed | deleted | unchanged (new history, same current version)
    head: Rev
    new_revisions: list[Rev]  # the bundle's revisions not yet held, and merges made
    conflicts: list[Found] = field(default_factory=list)
    before: Mapping | None = None  # the record's fields here before, if it was here


def plan_records(session: Session, records: dict[RecordKey, list[Rev]],
                 known: set[str] | None = None,
                 signed: dict[str, str] | None = None) -> list[RecordOutcome]:
    """What merging `records` would do, record by record. A merge revision among them
    must be the one this install makes of its parents (`signed`: ids a known install
    signed, which merges from before need instead)."""
    if known is None:
        known = known_ids(session, [r.id for revs in records.values() for r in revs])
    heads = _heads(session, [key for key, revs in records.items()
                             if any(r.id not in known for r in revs)])
    outcomes = []
    for key, revisions in records.items():
        new = [r for r in revisions if r.id not in known]
        if not new:
            continue
        outcomes.append(_plan_record(session, key, revisions, new, heads.get(key),
                                     signed or {}))
    return outcomes


class ForgedMerge(AuthFailure):
    """A merge revision that is not the merge of its parents."""


def _plan_record(session: Session, key: RecordKey, revisions: list[Rev], new: list[Rev],
                 local_head: str | None, signed: dict[str, str]) -> RecordOutcome:
    history = History(revisions)
    for revision in new:
        if revision.origin == MERGE_ORIGIN and revision.id not in signed and \
                not history.remade(revision):
            raise ForgedMerge(f"This bundle carries a merge of a {RECORD_LABELS[key[0]]}'s "
                              "versions that is not what merging them makes: it was forged. "
                              "Nothing was imported.")
    incoming_heads = history.heads()
    if local_head is not None and local_head not in history:
        for revision in stored_history(session, *key):
            history.add(revision)
    current, made, found = local_head, [], []
    for tip in incoming_heads:
        current, merges, merged = history.advance(current, tip)
        made += merges
        if merged is not None and merged.conflicts:
            found += [Found(merges[0], c) for c in merged.conflicts]
    for revision in new:  # merges made elsewhere bring their conflicts with them
        found += [Found(revision, c) for c in conflicts_of(history, revision)]
    assert current is not None, "a record comes with at least one revision"
    head = history.revisions[current]
    was_alive = local_head is not None and not history.revisions[local_head].deleted
    if current == local_head:
        kind = "unchanged"
    elif head.deleted:
        kind = "deleted" if was_alive else "unchanged"
    else:
        kind = "changed" if was_alive else "added"
    case_id = head.fields.get("case_id") if key[0] != "cases" else key[1]
    before = history.revisions[local_head].fields if local_head is not None else None
    return RecordOutcome(key[0], key[1], case_id or head.case, kind, head, new + made,
                         _unique(found), before)


def _unique(found: list[Found]) -> list[Found]:
    seen, kept = set(), []
    for item in found:
        if (item.merge.id, item.conflict.field) not in seen:
            seen.add((item.merge.id, item.conflict.field))
            kept.append(item)
    return kept


def known_ids(session: Session, ids: list[str]) -> set[str]:
    return {rid for (rid,) in rows_where_in(
        session, "SELECT id FROM revisions WHERE id IN ({marks})", ids)}


def _heads(session: Session, keys: list[RecordKey]) -> dict[RecordKey, str]:
    heads: dict[RecordKey, str] = {}
    by_table: dict[str, list[str]] = {}
    for table, record in keys:
        by_table.setdefault(table, []).append(record)
    for table, records in by_table.items():
        for record, head in rows_where_in(
                session, "SELECT record_id, head FROM record_heads WHERE table_name = ? AND "
                "record_id IN ({marks})", records, (table,)):
            heads[(table, record)] = head
    return heads


# -- applying ------------------------------------------------------------------------------


def apply_outcomes(session: Session, outcomes: list[RecordOutcome], author: Author,
                   progress: Progress | None = None,
                   batch_of: dict[str, str] | None = None,
                   checked: dict[str, dict] | None = None,
                   texts: dict[str, str] | None = None) -> None:
    """Write the planned revisions, heads and rows, then what is derived from them.
    `progress` hears of each batch written: revisions, heads and rows count one each, and
    the derived lists one more at the end. `checked` and `texts` are the rows and the
    canonical fields decoding made of the bundle's revisions, by revision id."""
    if not outcomes:
        return
    report = progress or (lambda done, total, what: None)
    revisions = [r for o in outcomes for r in o.new_revisions]
    changed = [o for o in outcomes if o.kind != "unchanged"]
    total, done = len(revisions) + len(outcomes) + len(changed) + 1, 0

    def advance(count: int, what: str) -> None:
        nonlocal done
        done += count
        report(done, total, what)

    # Rows arrive in table order, but a bundle may hold a child whose parent it deletes;
    # the constraints are checked once, at commit, on the finished state.
    session.connection().execute(text("PRAGMA defer_foreign_keys = ON"))
    # Thousands of rows land at random places in the indexes; with SQLite's default 2 MB
    # cache each page would be evicted, encrypted and re-read many times over.
    session.connection().execute(text("PRAGMA cache_size = -131072"))
    _insert_revisions(session, revisions, advance, batch_of or {}, texts or {})
    _set_heads(session, outcomes, advance)
    _write_rows(session, changed, advance, checked or {})
    found = [f for o in outcomes for f in o.conflicts]
    if found:
        record_found(session, found, author.now)
    settle_answered(session, {(o.table, o.record) for o in outcomes})
    _refresh_derived(session, changed)
    advance(1, "updating the lists")


def _insert_revisions(session: Session, revisions: list[Rev], advance: Advance,
                      batch_of: dict[str, str], texts: dict[str, str]) -> None:
    # Straight to the driver, in the forms the columns store (JSON lists, and times as
    # format_utc writes them, which bundle_records checks `at` is already in): binding
    # 58,000 revisions one by one through the column types took seconds. The fields are
    # the text each id was checked against when decoded (merges made here are encoded).
    rows = [(r.id, r.table, r.record, _listed(r.parents),
             texts.get(r.id) or canonical(dict(r.fields)), _listed(r.changed),
             r.author, r.origin, r.case, r.at, batch_of.get(r.id)) for r in revisions]
    for part in chunks(rows, 5000):
        session.connection().exec_driver_sql(
            f"INSERT INTO revisions ({COLUMNS}, batch) VALUES ({', '.join('?' * 11)})", part)
        advance(len(part), "writing the history")


def _listed(values: tuple[str, ...]) -> str:
    """canonical(list(values)); a first revision's parents and changed fields are none."""
    return canonical(list(values)) if values else "[]"


def _set_heads(session: Session, outcomes: list[RecordOutcome], advance: Advance) -> None:
    # Straight to the driver too: the heads are plain text, and binding them through
    # SQLAlchemy cost as much as writing the history itself.
    rows = [(o.table, o.record, o.head.id) for o in outcomes]
    for part in chunks(rows, 5000):
        session.connection().exec_driver_sql(
            "INSERT INTO record_heads (table_name, record_id, head) VALUES (?, ?, ?) "
            "ON CONFLICT (table_name, record_id) DO UPDATE SET head = excluded.head", part)
        advance(len(part), "writing the history")


def _write_rows(session: Session, outcomes: list[RecordOutcome], advance: Advance,
                checked: dict[str, dict]) -> None:
    alive: dict[str, list[dict]] = {}
    gone: dict[str, list[str]] = {}
    for outcome in outcomes:
        head = outcome.head
        if head.deleted:
            gone.setdefault(outcome.table, []).append(outcome.record)
        else:
            values = checked.get(head.id) or row_values(
                outcome.table, outcome.record, dict(head.fields), parse_utc(head.at),
                head.author)
            alive.setdefault(outcome.table, []).append(values)
    seen: dict[datetime, str] = {}
    for table, model in SHARED_TABLES.items():
        rows = alive.get(table)
        if not rows:
            continue
        # Straight to the driver, each value in the form its column stores: binding ten
        # thousand rows through SQLAlchemy's parameters cost more than writing them.
        columns = list(table_of(model).columns)
        names = ", ".join(c.name for c in columns)
        updates = ", ".join(f"{c.name} = excluded.{c.name}" for c in columns if c.name != "id")
        statement = (f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))}) "
                     f"ON CONFLICT (id) DO UPDATE SET {updates}")
        in_order = itemgetter(*(c.name for c in columns))
        binds = [(index, c.type.process_bind_param) for index, c in enumerate(columns)
                 if isinstance(c.type, UTCDateTime | JSONList)]
        tuples = [_bound(in_order(row), binds, seen) for row in rows]
        for part in chunks(tuples, 2000):
            session.connection().exec_driver_sql(statement, part)
            advance(len(part), "writing the records")
    for table, model in reversed(SHARED_TABLES.items()):
        for part in chunks(gone.get(table, [])):
            session.execute(delete(model).where(col(model.id).in_(part)))
            advance(len(part), "writing the records")


def _bound(values: tuple, binds: list[tuple[int, Callable]], seen: dict) -> tuple:
    """A row's values with those of time and list columns as their columns store them.
    `seen` keeps the text of each time met: the records of one save share theirs."""
    if not binds:
        return values
    stored = list(values)
    for index, bind in binds:
        value = stored[index]
        if value.__class__ is datetime:
            if value not in seen:
                seen[value] = bind(value, None)
            stored[index] = seen[value]
        else:
            stored[index] = bind(value, None)
    return tuple(stored)


def _refresh_derived(session: Session, outcomes: list[RecordOutcome]) -> None:
    case_ids = {o.case_id for o in outcomes if o.case_id}
    named = {o.record if o.table == "persons" else o.head.fields.get("person_id")
             for o in outcomes if o.table in _PERSON_TABLES}
    person_ids = {person_id for person_id in named if person_id is not None}
    case_ids |= {case for (case,) in rows_where_in(
        session, "SELECT id FROM cases WHERE person_id IN ({marks})", person_ids)}
    existing = {case for (case,) in rows_where_in(
        session, "SELECT id FROM cases WHERE id IN ({marks})", case_ids)}
    if existing:
        refresh_case_views(session, sorted(existing))
    if person_ids:
        refresh_persons(session, sorted(person_ids))
    places = [o.record for o in outcomes if o.table == "places"]
    if places:
        refresh_place_names(session, places)


_PERSON_TABLES = {"persons", "name_forms", "documents", "relatives", "contacts"}
