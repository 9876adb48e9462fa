"""Column types and defaults shared by every table.

Times are stored as ISO 8601 text in UTC ("2025-05-12T04:00:00Z") so they sort as text,
read the same in any SQLite tool, and come back as timezone-aware datetimes.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator


def new_id() -> str:
    return uuid.uuid4().hex


def utc_now() -> datetime:
    """Now, to the millisecond: what the store keeps, so values compare equal after a save."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def format_utc(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("naive datetimes are not stored; attach a time zone first")
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


class UTCDateTime(TypeDecorator):
    """An aware datetime stored as UTC ISO text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else format_utc(value)

    def process_result_value(self, value, dialect):
        return None if value is None else parse_utc(value)


class JSONList(TypeDecorator):
    """A list of strings stored as compact JSON text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return json.dumps(list(value or []), ensure_ascii=False, separators=(",", ":"))

    def process_result_value(self, value, dialect):
        return json.loads(value) if value else []
