"""A revision as a line of the audit trail: what was added, changed or deleted."""

from __future__ import annotations

import json

from storage.history import is_tombstone
from storage.tables import Revision

# The field that names a record best, per table.
_HEADLINE = {"name_forms": "text", "events": "type", "sources": "url", "notes": "text",
             "documents": "kind", "relatives": "name", "contacts": "name"}
_HIDDEN = {"created_at", "person_id", "case_id", "source_id"}
MAX_VALUE = 60


def describe(revision: Revision) -> str:
    fields = json.loads(revision.fields)
    if is_tombstone(fields):
        return "deleted"
    if not revision.parents:
        headline = _HEADLINE.get(revision.table_name)
        return f"added: {_short(fields.get(headline))}" if headline else "added"
    return "; ".join(f"{name.replace('_', ' ')} → {_short(fields.get(name))}"
                     for name in revision.changed if name not in _HIDDEN)


def _short(value) -> str:
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    text = " ".join(str(value if value is not None else "").split())
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"
