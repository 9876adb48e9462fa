"""Who makes a change and when, and the history editor that records it. Every writer of
shared records (cases, places, checklist items, match decisions) starts here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from storage.history import Editor
from storage.meta_values import get_meta


@dataclass(frozen=True)
class Author:
    """Who is making a change, and when."""

    name: str
    now: datetime


def editor_for(session: Session, author: Author, case_id: str | None) -> Editor:
    """An editor whose changes are recorded in the history of case `case_id` (None for
    records outside any case, such as places)."""
    origin = get_meta(session, "install_id") or ""
    return Editor(session, author.name, origin, author.now, case_id)
