"""A revision as a line of the audit trail: what was added, changed or deleted."""

from __future__ import annotations

import json

from caseworker.core import vocab
from storage.history import is_tombstone
from storage.tables import Revision

# The field that names a record best, per table.
_HEADLINE = {"name_forms": "text", "events": "type", "sources": "url", "notes": "text",
             "documents": "kind", "relatives": "name", "contacts": "name",
             "evidence_files": "name"}
_HIDDEN = {"created_at", "person_id", "case_id", "source_id"}
MAX_VALUE = 60
# Fields whose values are codes: the trail shows the words the forms show for them.
_WORDS = {"type": vocab.EVENT_TYPES, "situation": vocab.SITUATIONS,
          "status": vocab.STATUSES, "consent_level": vocab.CONSENT_LEVELS,
          "entry_method": vocab.ENTRY_METHODS, "sex": vocab.SEXES,
          "kind": vocab.DOCUMENT_KINDS, "reliability": vocab.RELIABILITY,
          "script": vocab.SCRIPTS}


def describe(revision: Revision) -> str:
    fields = json.loads(revision.fields)
    if is_tombstone(fields):
        return "deleted"
    if not revision.parents:
        headline = _HEADLINE.get(revision.table_name)
        return f"added: {_word(headline, fields.get(headline))}" if headline else "added"
    return "; ".join(f"{name.replace('_', ' ')} → {_word(name, fields.get(name))}"
                     for name in revision.changed if name not in _HIDDEN)


def _word(field: str, value) -> str:
    words = _WORDS.get(field, {})
    return _short(words.get(value, value) if isinstance(value, str) else value)


def _short(value) -> str:
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    text = " ".join(str(value if value is not None else "").split())
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"
