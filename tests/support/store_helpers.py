"""Comparing a whole store before and after: 'nothing was written' as an assertion."""

from __future__ import annotations

import json

from sqlmodel import select

from caseworker.exchange.shared_records import SHARED_TABLES
from storage.history import DELETED, snapshot
from storage.store import Store
from storage.tables import RecordHead, Revision


def fingerprint(store: Store) -> dict[str, list]:
    """Every row of every table."""
    with store.engine.connect() as conn:
        tables = [row[0] for row in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {table: sorted(map(tuple, conn.exec_driver_sql(f'SELECT * FROM "{table}"')),
                              key=repr)
                for table in tables}


def history_agrees_with_rows(store: Store) -> None:
    """Every shared record's row holds what its newest revision says, and a record with
    a history but no row was deleted: a save wrote its row and its revision together.
    Places shipped in the gazetteer have no history until someone edits them."""
    with store.read() as session:
        newest = dict(session.exec(select(Revision.id, Revision.fields)).all())
        for table, model in SHARED_TABLES.items():
            heads = {head.record_id: head.head for head in session.exec(
                select(RecordHead).where(RecordHead.table_name == table))}
            rows = {row.id: row for row in session.exec(select(model))}
            for record_id, row in rows.items():
                if record_id not in heads:  # only places shipped in the gazetteer
                    assert getattr(row, "origin", "") == "shipped", f"{table} {record_id}"
                    continue
                assert json.loads(newest[heads[record_id]]) == snapshot(row), \
                    f"{table} {record_id} differs from its newest revision"
            for record_id in heads.keys() - rows.keys():
                assert json.loads(newest[heads[record_id]]) == DELETED, \
                    f"{table} {record_id} has a history but no row"
