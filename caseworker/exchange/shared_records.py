"""The records that travel between installs in bundles, and how a revision's fields
become a row again, checked column by column (a bundle is input like any other)."""

from __future__ import annotations

import math
from datetime import datetime

from sqlalchemy import Boolean, Float, Integer, String
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

from caseworker.core import vocab
from caseworker.core.partial_dates import known_zone
from caseworker.core.user_errors import UserError
from storage.columns import JSONList, UTCDateTime, parse_utc
from storage.history import NOT_FIELDS
from storage.tables import (
    Case,
    CaseSource,
    ChecklistItem,
    Contact,
    Document,
    Event,
    MatchDecision,
    NameForm,
    Note,
    Person,
    Place,
    Relative,
    RiskAnswer,
    Source,
)

# In the order rows are written, parents before the rows that refer to them.
SHARED_TABLES: dict[str, type[SQLModel]] = {
    model.__tablename__: model
    for model in (Person, Source, Place, Case, NameForm, Document, Relative, Contact,
                  CaseSource, Event, Note, ChecklistItem, RiskAnswer, MatchDecision)
}
MAX_TEXT = 100_000
# Fields every screen reads as one of a fixed set, or as a time zone or a coordinate: a
# bundle may not bring other values, which would trip each screen that shows them.
CHOICES = {
    ("cases", "status"): vocab.STATUSES, ("cases", "situation"): vocab.SITUATIONS,
    ("cases", "entry_method"): vocab.ENTRY_METHODS,
    ("cases", "consent_level"): vocab.CONSENT_LEVELS, ("persons", "sex"): vocab.SEXES,
    ("events", "type"): vocab.EVENT_TYPES, ("places", "type"): vocab.PLACE_TYPES,
    ("places", "crossing_mode"): vocab.CROSSING_MODES,
    ("documents", "kind"): vocab.DOCUMENT_KINDS,
    ("documents", "status"): vocab.DOCUMENT_STATUSES,
    ("sources", "reliability"): vocab.RELIABILITY, ("name_forms", "script"): vocab.SCRIPTS,
}
# An event keeps the offset it was typed with (+03:00) when that was not its place's own.
ZONES = {("events", "zone"): True, ("checklist_items", "zone"): False}
RANGES = {("places", "lat"): (-90.0, 90.0), ("places", "lon"): (-180.0, 180.0),
          ("places", "precision_km"): (0.0, 20_000.0)}
# What a person calls each kind of record, in the conflict inbox and import previews.
RECORD_LABELS = {"persons": "person", "sources": "source", "places": "place", "cases": "case",
                 "name_forms": "name", "documents": "document", "relatives": "relative",
                 "contacts": "contact", "case_sources": "source link", "events": "event",
                 "notes": "note", "checklist_items": "checklist item",
                 "risk_answers": "risk answer", "match_decisions": "duplicate decision"}


class BadRecord(UserError):
    """A revision whose fields do not fit its table."""


def row_values(table: str, record_id: str, fields: dict, updated_at: datetime,
               changed_by: str) -> dict:
    """The row a revision describes, every column checked; BadRecord if any does not fit."""
    model = SHARED_TABLES[table]
    columns = model.__table__.columns
    unknown = set(fields) - {c.name for c in columns}
    if unknown:
        raise BadRecord(f"A {table} record has a field this version does not know "
                        f"({sorted(unknown)[0][:40]}).")
    values = {"id": record_id, "updated_at": updated_at, "changed_by": changed_by}
    for column in columns:
        if column.name in NOT_FIELDS:
            continue
        if column.name in fields:
            values[column.name] = _checked(table, column, fields[column.name])
        else:
            values[column.name] = _default(model, table, column)
    return values


def check_value(table: str, name: str, value):
    """`value` as column `name` of `table` stores it, or BadRecord saying why it cannot be."""
    column = SHARED_TABLES[table].__table__.columns.get(name)
    if column is None or name in NOT_FIELDS:
        raise BadRecord(f"{table} has no field {name[:40]}.")
    return _checked(table, column, value)


def _checked(table: str, column, value):
    value = _typed(table, column, value)
    name, key = f"{table}.{column.name}", (table, column.name)
    if key in CHOICES and value is not None and value not in CHOICES[key]:
        raise BadRecord(f"{name} is not one of the values this app knows.")
    if key in ZONES and value is not None and not known_zone(value, offsets=ZONES[key]):
        raise BadRecord(f"{name} is not a time zone this install knows.")
    if key in RANGES and value is not None and not RANGES[key][0] <= value <= RANGES[key][1]:
        raise BadRecord(f"{name} is out of range.")
    return value


def _typed(table: str, column, value):
    name = f"{table}.{column.name}"
    if value is None:
        if not column.nullable:
            raise BadRecord(f"{name} may not be empty.")
        return None
    kind = column.type
    if isinstance(kind, UTCDateTime):
        if not isinstance(value, str):
            raise BadRecord(f"{name} must be a time.")
        try:
            return parse_utc(value)
        except ValueError:
            raise BadRecord(f"{name} is not a time.") from None
    if isinstance(kind, JSONList):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise BadRecord(f"{name} must be a list of texts.")
        if sum(len(v) for v in value) > MAX_TEXT:
            raise BadRecord(f"{name} is too long.")
        return value
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise BadRecord(f"{name} must be true or false.")
        return value
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 2**53:
            raise BadRecord(f"{name} must be a whole number.")
        return value
    if isinstance(kind, Float):
        if isinstance(value, bool) or not isinstance(value, int | float) or \
                abs(value) > 2**53 or not math.isfinite(value):
            raise BadRecord(f"{name} must be a number.")
        return float(value)
    if isinstance(kind, String | AutoString):
        if not isinstance(value, str):
            raise BadRecord(f"{name} must be text.")
        if len(value) > MAX_TEXT:
            raise BadRecord(f"{name} is too long.")
        return value
    raise BadRecord(f"{name} cannot be carried in a bundle.")


def _default(model: type[SQLModel], table: str, column):
    info = model.model_fields.get(column.name)
    if info is not None and info.default_factory is not None:
        return info.default_factory()
    if info is not None and not info.is_required():
        return info.default
    if column.nullable:
        return None
    raise BadRecord(f"A {table} record lacks {column.name}.")
