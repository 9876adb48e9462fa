"""The instant a legal clock counts from: its event, or an earlier event on the same case
that the template names (the 40 days of custody run from the detention, not the order)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from caseworker.deadlines.clock_templates import ClockTemplate
from storage.tables import Event


def count_start(session: Session, event: Event, template: ClockTemplate) -> datetime:
    if template.counted_from == "trigger":
        return event.at
    earlier = session.exec(select(Event).where(
        Event.case_id == event.case_id, Event.type == template.counted_from,
        Event.at <= event.at).order_by(col(Event.at).desc())).first()
    return earlier.at if earlier is not None else event.at
