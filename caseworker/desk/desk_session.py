"""A sitting at the desk in the app: who is at it, the names already used on its
receipts to choose from, and the shift's counts (docs/architecture.md §11).

Everything here reads receipts only: a desk holds nothing else about an intake."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from caseworker.core.partial_dates import known_zone
from storage.tables import DeskReceipt

# The names offered at the prompt: enough for a day's rota, few enough to read at once.
NAMES_OFFERED = 12


@dataclass
class Sitting:
    """The app's time at the desk since it was unlocked. The volunteer changes when another
    person sits down; each intake sealed is theirs."""

    volunteer: str
    started: datetime


@dataclass(frozen=True)
class ShiftCounts:
    """Intakes sealed, by volunteer: in this sitting, and since midnight at the desk."""

    sitting: dict[str, int]
    today: dict[str, int]


def volunteers_seen(session: Session) -> list[str]:
    """The names on this desk's receipts, the most recently active first (there is no
    office list of volunteers: the desk knows only who sealed here before)."""
    latest = func.max(DeskReceipt.number)
    rows = session.exec(select(DeskReceipt.volunteer, latest)
                        .group_by(col(DeskReceipt.volunteer))
                        .order_by(latest.desc()).limit(NAMES_OFFERED))
    return [name for name, _ in rows]


def shift_counts(session: Session, sitting_started: datetime, now: datetime,
                 zone: str) -> ShiftCounts:
    """Counts only: the receipts of today (in `zone`, the desk's) and of this sitting."""
    local = now.astimezone(ZoneInfo(zone if known_zone(zone) else "UTC"))
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    since = min(midnight, sitting_started)
    rows = session.exec(select(DeskReceipt.volunteer, DeskReceipt.sealed_at)
                        .where(DeskReceipt.sealed_at >= since)).all()
    return ShiftCounts(
        sitting=dict(Counter(name for name, at in rows if at >= sitting_started)),
        today=dict(Counter(name for name, at in rows if at >= midnight)))

