"""A change made from the case screen, saved through the domain, and the sentence that
says it was saved (with what else it did: clocks started or cancelled)."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from caseworker.cases import case_write
from caseworker.core.authoring import Author
from storage.store import Store
from storage.tables import ChecklistItem

CHANGE_SAVED = {"add_event": "Event added.", "add_source": "Source added.",
                "add_note": "Note added.", "delete_event": "Event deleted.",
                "correct_event": "Event corrected.",
                "tick": "Ticked off, with your name and the time.",
                "court_date": "Due date set by the court saved.",
                "answer": "Answer saved; the risk indicators are updated."}


def apply_change(store: Store, case_id: str, what: str, payload: Any, author: Author) -> str:
    """Save one change to the case; returns what else it did, in words ("" if nothing)."""
    if what == "delete_event":
        cancelled = case_write.delete_event(store, payload, author)
        return f"{cancelled} open checklist item(s) it started were cancelled." \
            if cancelled else ""
    if what == "correct_event":
        event_id, draft = payload
        changes = case_write.correct_event(store, event_id, draft, author)
        return ("Checklist: " + "; ".join(changes) + ".") if changes else ""
    if what == "add_event":
        event_id = case_write.add_event(store, case_id, payload, author)
        return _clocks_started(store, event_id)
    getattr(case_write, what)(store, case_id, payload, author)
    return ""


def _clocks_started(store: Store, event_id: str) -> str:
    with store.read() as session:
        clocks = session.exec(select(ChecklistItem.clock_id).where(
            ChecklistItem.event_id == event_id)).all()
    return f"It started {len(clocks)} clock(s): {', '.join(clocks)}." if clocks else ""
