"""Columns every shared record carries (docs/architecture.md §2)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Table, inspect
from sqlmodel import Field, SQLModel

from storage.columns import UTCDateTime, new_id, utc_now


class Record(SQLModel):
    """A record that can travel between installs: a UUID id and who changed it when."""

    id: str = Field(default_factory=new_id, primary_key=True)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime, nullable=False)
    changed_by: str = Field(default="", nullable=False)


def table_of(model: type[SQLModel] | SQLModel) -> Table:
    """The table a `table=True` model (or one of its rows) is mapped to: the `__table__`
    SQLModel sets on the class, which it declares no type for."""
    cls = model if isinstance(model, type) else type(model)
    table = inspect(cls).local_table
    if not isinstance(table, Table):
        raise TypeError(f"{cls.__name__} is not mapped to a table")
    return table
