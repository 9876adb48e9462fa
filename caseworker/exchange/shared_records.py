"""The records that travel between installs in bundles, and how a revision's fields
become a row again, checked column by column (a bundle is input like any other)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, Integer, String
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

from caseworker.core import vocab
from caseworker.core.i18n import N_, _
from caseworker.core.input_checks import Reader
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
    EvidenceFile,
    MatchDecision,
    NameForm,
    Note,
    Person,
    Place,
    Relative,
    RiskAnswer,
    Source,
)
from storage.tables.base import Record, table_of

# In the order rows are written, parents before the rows that refer to them.
SHARED_TABLES: dict[str, type[Record]] = {
    model.__tablename__: model
    for model in (Person, Source, Place, Case, NameForm, Document, Relative, Contact,
                  CaseSource, Event, Note, EvidenceFile, ChecklistItem, RiskAnswer,
                  MatchDecision)
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
# English here; `record_label` gives a label in the language shown.
RECORD_LABELS = {"persons": N_("person"), "sources": N_("source"), "places": N_("place"),
                 "cases": N_("case"), "name_forms": N_("name"), "documents": N_("document"),
                 "relatives": N_("relative"), "contacts": N_("contact"),
                 "case_sources": N_("source link"), "events": N_("event"), "notes": N_("note"),
                 "evidence_files": N_("file"), "checklist_items": N_("checklist item"),
                 "risk_answers": N_("risk answer"), "match_decisions": N_("duplicate decision")}


def record_label(table: str) -> str:
    """What a person calls a record of `table`, in the language shown."""
    return _(RECORD_LABELS[table])

# A record from a newer version may carry a field this one has not heard of.
_UNKNOWN = "is not a field this version knows"


class BadRecord(UserError):
    """A revision whose fields do not fit its table."""


def row_values(table: str, record_id: str, fields: dict, updated_at: datetime,
               changed_by: str, memo: dict | None = None) -> dict:
    """The row a revision describes, every column checked; BadRecord if any does not fit.
    `memo` keeps what text values came to, per column, across the revisions of one
    bundle: a status, a zone or a time shared by thousands of them is checked once."""
    model = SHARED_TABLES[table]
    names, columns = _COLUMNS[table]
    read = _reader(table)
    if not names.issuperset(fields):
        read.table("", fields, names, unknown=_UNKNOWN)
    values = {"id": record_id, "updated_at": updated_at, "changed_by": changed_by}
    for column, plain in columns:
        name = column.name
        if name not in fields:
            values[name] = _default(read, model, column)
            continue
        value = fields[name]
        kind = value.__class__
        # An import checks every column of every revision: a value already of the one
        # type its column keeps unchanged, with nothing else to check, is taken as is.
        if (kind is plain and (kind is not str or len(value) <= MAX_TEXT)) or \
                (value is None and column.nullable):
            values[name] = value
        elif kind is str and memo is not None:
            # A text's check depends on its column and nothing else, and what it makes
            # (the text, or a time) is immutable; text only, since 0.0 == -0.0 and
            # 1 == True would meet in a dict.
            key = (table, name, value)
            if key not in memo:
                memo[key] = _checked(read, table, column, value)
            values[name] = memo[key]
        else:
            values[name] = _checked(read, table, column, value)
    return values


def check_value(table: str, name: str, value):
    """`value` as column `name` of `table` stores it, or BadRecord saying why it cannot be."""
    read = _reader(table)
    column = table_of(SHARED_TABLES[table]).columns.get(name)
    if column is None or name in NOT_FIELDS:
        read.problem(name[:40], _UNKNOWN)
    return _checked(read, table, column, value)


def _reader(table: str) -> Reader:
    """Named as the conflict inbox and import previews name records (`event, zone`);
    refused at the first problem, since one bad field refuses the whole bundle."""
    return Reader(within=RECORD_LABELS[table], labels={}, limit=MAX_TEXT,
                  stop=lambda problem: BadRecord(f"{problem}."))


def _plain(table: str, column) -> type | None:
    """The type `_checked` returns a value of unchanged when it passes, if one does: text
    (within MAX_TEXT) and flags with no fixed set, zone or range to be in."""
    if (table, column.name) in CHOICES or (table, column.name) in ZONES or \
            (table, column.name) in RANGES:
        return None
    if isinstance(column.type, Boolean):
        return bool
    if isinstance(column.type, String | AutoString):
        return str
    return None


# Per table: the names of its fields, and each field's column with its plain type.
_COLUMNS = {
    table: ({c.name for c in table_of(model).columns},
            [(c, _plain(table, c)) for c in table_of(model).columns if c.name not in NOT_FIELDS])
    for table, model in SHARED_TABLES.items()}


def _checked(read: Reader, table: str, column, value):
    value = _typed(read, column, value)
    name, key = column.name, (table, column.name)
    if value is None:
        return None
    if key in CHOICES:
        read.choice(name, value, CHOICES[key], listed=False)
    if key in ZONES and not known_zone(value, offsets=ZONES[key]):
        read.problem(name, "is not a time zone this install knows")
    if key in RANGES:
        read.number(name, value, *RANGES[key])
    return value


def _typed(read: Reader, column, value):
    """The value as its column's type holds it; text is kept exactly as sent."""
    name, kind = column.name, column.type
    if value is None:
        if not column.nullable:
            read.problem(name, "is required")
        return None
    if isinstance(kind, UTCDateTime):
        try:
            return parse_utc(read.text(name, value, strip=False))
        except ValueError:
            read.problem(name, "must be a time")
            return None
    if isinstance(kind, JSONList):
        texts = read.texts(name, value, strip=False)
        if sum(len(text) for text in texts) > MAX_TEXT:
            read.problem(name, f"is too long (at most {MAX_TEXT:,} characters in all)")
        return texts
    if isinstance(kind, Boolean):
        return read.flag(name, value)
    if isinstance(kind, Integer):
        return read.whole(name, value)
    if isinstance(kind, Float):
        number = read.number(name, value)
        return None if number is None else float(number)
    if isinstance(kind, String | AutoString):
        return read.text(name, value, strip=False)
    read.problem(name, "cannot be carried in a bundle")
    return None


def _default(read: Reader, model: type[SQLModel], column):
    info = model.model_fields.get(column.name)
    if info is not None and info.default_factory is not None:
        return info.get_default(call_default_factory=True)
    if info is not None and not info.is_required():
        return info.default
    if not column.nullable:
        read.problem(column.name, "is required")
    return None
