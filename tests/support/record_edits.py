"""Changing one field of a stored record as a given person at a given minute, and reading
it back: how exchange tests make two installs disagree."""

from __future__ import annotations

from datetime import timedelta

from caseworker.cases.case_refresh import refresh_case_views
from caseworker.core.authoring import Author, editor_for
from storage.tables import Case
from tests.support.case_factory import NOW


def at(minutes: int) -> Author:
    return Author(f"person{minutes}", NOW + timedelta(minutes=minutes))


def edit(store, model, record_id: str, who: Author, **values) -> None:
    with store.write() as session:
        record = session.get(model, record_id)
        for name, value in values.items():
            setattr(record, name, value)
        case_id = record.id if model is Case else record.case_id
        editor_for(session, who, case_id).save(record)
        refresh_case_views(session, [case_id])


def value(store, model, record_id: str, name: str):
    with store.read() as session:
        record = session.get(model, record_id)
        return None if record is None else getattr(record, name)
