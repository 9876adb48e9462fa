"""Record counts for `caseworker status`."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from storage.tables import Case, Event, NameForm, Person, Source


def record_counts(session: Session) -> dict[str, int]:
    def count(statement) -> int:
        return session.exec(statement).one()

    return {
        "persons": count(select(func.count()).select_from(Person)),
        "name_forms": count(select(func.count()).select_from(NameForm)),
        "cases": count(select(func.count()).select_from(Case)),
        "open_cases": count(select(func.count()).select_from(Case).where(Case.status == "open")),
        "events": count(select(func.count()).select_from(Event)),
        "sources": count(select(func.count()).select_from(Source)),
    }
