"""What saving a new case writes, and in how many statements: the intake writes its
records a table at a time (caseworker/cases/new_records.py), and the store must come out
exactly as if each record had gone through the history editor."""

from __future__ import annotations

import json
import random
import uuid

import pytest
from sqlalchemy import event

from caseworker.cases import case_write
from caseworker.cases.case_file import draft_from_json
from caseworker.cases.validation import validate_case
from tests.support.case_factory import NOW, ZONE, add_case, seed_draft
from tests.support.paths import DATA

# Statements one intake of the seed case (17 records and 2 clocks) may take, from BEGIN to
# the refreshed derived rows. Saving each record on its own took 92.
MOST_STATEMENTS = 50


class _Captured(Exception):
    def __init__(self, rows: dict) -> None:
        super().__init__("captured")
        self.rows = rows


class _ThroughTheEditor:
    """NewRecords as it was before: every record saved by the editor and the ORM."""

    def __init__(self, editor) -> None:
        self.editor = editor

    def add(self, record) -> None:
        self.editor.save(record)
        self.editor.session.flush()

    def write_rows(self) -> None:
        self.editor.session.flush()

    def write(self) -> None:
        self.editor.session.flush()


def _tricky_draft():
    """The seed case with what tests the edges: clocks counted from an earlier event
    (custody ordered after a detention, and before one), sources repeated by address,
    sources without one."""
    data = json.loads((DATA / "qalymbek-shahman.json").read_text())
    data["events"] = [
        {"type": "custody_ordered", "at": "2025-05-10", "location": "Zharkent IVS"},
        *data["events"],
        {"type": "detained", "at": "2025-05-08T10:00+05:00", "location": "Zharkent IVS"},
        {"type": "custody_ordered", "at": "2025-05-12", "location": ""},
    ]
    data["sources"] += [data["sources"][0], {"outlet": "word of mouth"},
                        {"outlet": "word of mouth"}]
    draft = draft_from_json(data)
    validate_case(draft, ZONE, NOW)
    return draft


refresh_persons_for_real = case_write.refresh_persons


def _rows_written(store, monkeypatch, seed: int) -> dict:
    """Every row of every table as the intake's transaction leaves it (then rolled back),
    with ids drawn from a fixed seed."""
    rng = random.Random(seed)
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=rng.getrandbits(128), version=4))
    refresh_persons = refresh_persons_for_real

    def capture(session, person_ids) -> None:
        refresh_persons(session, person_ids)
        connection = session.connection()
        tables = connection.exec_driver_sql(
            "SELECT name, sql LIKE '%WITHOUT ROWID%' FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite%' AND name NOT LIKE '%search%'").all()
        raise _Captured({name: connection.exec_driver_sql(  # in the order rows were written
            f'SELECT * FROM "{name}"' + (" ORDER BY 1" if no_rowid else " ORDER BY rowid")
        ).all() for name, no_rowid in tables})

    monkeypatch.setattr(case_write, "refresh_persons", capture)
    with pytest.raises(_Captured) as captured:
        add_case(store, _tricky_draft())
    return captured.value.rows


def test_an_intake_writes_what_the_editor_would_have_written(store, monkeypatch):
    monkeypatch.setattr("caseworker.risk.urgency.utc_now", lambda: NOW)
    add_case(store, seed_draft("qalymbek-shahman"))  # its sources are stored: reused below
    ours = _rows_written(store, monkeypatch, 7)
    monkeypatch.setattr(case_write, "NewRecords", _ThroughTheEditor)
    theirs = _rows_written(store, monkeypatch, 7)
    assert ours.keys() == theirs.keys()
    for table in theirs:
        assert ours[table] == theirs[table], table
    assert len(ours["checklist_items"]) > 2  # clocks were started, some counted from before


def test_an_intake_takes_a_bounded_number_of_statements(store):
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        add_case(store, seed_draft("qalymbek-shahman"))
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    assert 0 < len(statements) <= MOST_STATEMENTS, "\n".join(statements)
    assert sum(s.startswith("INSERT INTO revisions") for s in statements) == 1
    # Everything goes through the engine, where it is counted: the places recognised in
    # the events' words (for their clocks) included.
    assert any("place_search MATCH" in s for s in statements)
