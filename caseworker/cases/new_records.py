"""New records of one save, written with one statement per table rather than one unit of
work each: an intake saves some twenty records, and the ORM spent more on them than
SQLite did (docs/architecture.md §8).

Each record gets exactly the revision `storage.history.Editor.save` gives a record with
no history (the same fields, changed fields, id and time), in the order they were added,
and its head. Only records made in this save belong here: one already stored has a head,
and is saved through the editor."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Table, insert
from sqlmodel import SQLModel

from storage.columns import format_utc
from storage.history import Editor, canonical, revision_id, snapshot
from storage.tables import RecordHead, Revision
from storage.tables.base import Record, table_of


class NewRecords:
    """Rows and first revisions waiting to be written; `write` writes them."""

    def __init__(self, editor: Editor) -> None:
        self.editor = editor
        self._rows: dict[Table, list[dict[str, Any]]] = defaultdict(list)
        self._revisions: list[dict[str, Any]] = []

    def add(self, record: Record) -> None:
        """What `Editor.save` does for a new record, kept until `write`."""
        editor = self.editor
        fields = snapshot(record)
        changed = sorted(name for name, value in fields.items() if value is not None)
        record.created_at = record.updated_at = editor.now
        record.changed_by = editor.author
        at = format_utc(editor.now)
        fields["created_at"] = at
        table = table_of(record)
        self._rows[table].append({column.name: getattr(record, column.name)
                                  for column in table.columns})
        fields_json = canonical(fields)
        self._revisions.append({
            "id": revision_id(table.name, record.id, [], fields_json, changed, editor.author,
                              editor.origin, editor.case_id, at),
            "table_name": table.name, "record_id": record.id, "parents": [],
            "fields": fields_json, "changed": changed, "author": editor.author,
            "origin": editor.origin, "case_id": editor.case_id, "at": editor.now,
            "batch": None})

    def write_rows(self) -> None:
        """Write the records added so far (their revisions wait for `write`), parents
        before children, so the rest of the save can read them."""
        connection = self.editor.session.connection()
        for table in SQLModel.metadata.sorted_tables:
            rows = self._rows.pop(table, None)
            if rows:
                connection.execute(insert(table), rows)

    def write(self) -> None:
        """Write every record added, then their revisions in the order they were added
        (the order of their `seq`) and their heads."""
        self.write_rows()
        if not self._revisions:
            return
        connection = self.editor.session.connection()
        connection.execute(insert(table_of(Revision)), self._revisions)
        connection.execute(insert(table_of(RecordHead)), [
            {"table_name": r["table_name"], "record_id": r["record_id"], "head": r["id"]}
            for r in self._revisions])
        self._revisions = []
