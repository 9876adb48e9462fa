"""A change made from the case screen, saved through the domain, and the sentence that
says it was saved (with what else it did: clocks started or cancelled)."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from caseworker.cases import case_write
from caseworker.core.authoring import Author
from caseworker.core.i18n import N_, _, ngettext
from storage.store import Store
from storage.tables import ChecklistItem

# Marked here, translated where they are shown.
CHANGE_SAVED = {"add_event": N_("Event added."), "add_source": N_("Source added."),
                "add_note": N_("Note added."), "delete_event": N_("Event deleted."),
                "correct_event": N_("Event corrected."),
                "tick": N_("Ticked off, with your name and the time."),
                "court_date": N_("Due date set by the court saved."),
                "answer": N_("Answer saved; the risk indicators are updated.")}


def apply_change(store: Store, case_id: str, what: str, payload: Any, author: Author) -> str:
    """Save one change to the case; returns what else it did, in words ("" if nothing)."""
    if what == "delete_event":
        cancelled = case_write.delete_event(store, payload, author)
        return ngettext("{n} open checklist item it started was cancelled.",
                        "{n} open checklist items it started were cancelled.",
                        cancelled).format(n=cancelled) if cancelled else ""
    if what == "correct_event":
        event_id, draft = payload
        changes = case_write.correct_event(store, event_id, draft, author)
        return _("Checklist: {changes}.").format(changes="; ".join(changes)) if changes else ""
    if what == "add_event":
        event_id = case_write.add_event(store, case_id, payload, author)
        return _clocks_started(store, event_id)
    getattr(case_write, what)(store, case_id, payload, author)
    return ""


def _clocks_started(store: Store, event_id: str) -> str:
    with store.read() as session:
        clocks = session.exec(select(ChecklistItem.clock_id).where(
            ChecklistItem.event_id == event_id)).all()
    return ngettext("It started {n} clock: {clocks}.", "It started {n} clocks: {clocks}.",
                    len(clocks)).format(n=len(clocks), clocks=", ".join(clocks)) if clocks else ""
