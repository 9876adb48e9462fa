"""Reading and writing install-wide values in the `meta` table."""

from __future__ import annotations

from sqlmodel import Session

from storage.tables import Meta


def get_meta(session: Session, key: str) -> str | None:
    row = session.get(Meta, key)
    return None if row is None else row.value


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value


def forget_meta(session: Session, *keys: str) -> None:
    """Remove these values; a reader then sees them as never set."""
    for key in keys:
        row = session.get(Meta, key)
        if row is not None:
            session.delete(row)
