"""The coordinator's view: every open case, most urgent first.

Urgent means: the risk level (CRITICAL, then HIGH, ELEVATED, WATCH), then the nearest
undone deadline, then the latest change. Red flags that wait on time are compared with
the clock here, so a case whose deadline comes within 48 hours rises without anyone
saving anything; `critical_from` lets the screen know when to read the list again.

Only the most urgent DASHBOARD_ROWS are listed: beyond a few hundred, a list ordered by
urgency stops being read, and the cases screen searches all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text

from caseworker.deadlines.checklist_items import time_left
from caseworker.risk.assessment import LEVELS
from caseworker.risk.urgency import LEVEL_RANK_SQL
from storage.columns import format_utc, parse_utc, utc_now
from storage.store import Store

DASHBOARD_ROWS = 500

# The order is worked out on the narrow urgency table alone; names and places are read
# for the rows shown only (reading 10,000 summaries with their search text costs more
# than all the rest of a render).
_ROWS = text(f"""
WITH ranked AS (
    SELECT u.case_id, {LEVEL_RANK_SQL} AS rank, u.score, u.critical_from, u.next_due,
           u.next_action, u.next_verified, u.gaps, u.next_item_id, u.case_updated_at
    FROM case_urgency AS u
    WHERE u.is_open
    ORDER BY rank, u.next_due IS NULL, u.next_due, u.case_updated_at DESC
    LIMIT :limit)
SELECT r.case_id, s.display_name, s.situation, s.place, r.rank, r.score, r.critical_from,
       r.next_due, r.next_action, r.next_verified, r.gaps, r.next_item_id
FROM ranked AS r JOIN case_summaries AS s ON s.case_id = r.case_id
ORDER BY r.rank, r.next_due IS NULL, r.next_due, r.case_updated_at DESC
""")
_COUNTS = text("""
SELECT count(*), sum(CASE WHEN u.critical_from <= :now THEN 1 ELSE 0 END),
       min(CASE WHEN u.critical_from > :now THEN u.critical_from END)
FROM case_urgency AS u
WHERE u.is_open
""")


@dataclass(frozen=True)
class DashboardRow:
    case_id: str
    name: str
    situation: str
    place: str  # where the person was last reported to be (held, if detained)
    level: str
    score: int | None
    next_due: datetime | None
    next_action: str
    next_verified: bool
    gaps: int
    next_item_id: str | None  # the checklist item the next action is, if it is one

    def countdown(self, now: datetime) -> str:
        return time_left(self.next_due, now) if self.next_due is not None else ""

    def overdue(self, now: datetime) -> bool:
        return self.next_due is not None and self.next_due < now


@dataclass(frozen=True)
class Dashboard:
    rows: list[DashboardRow]
    open_cases: int
    critical: int
    read_at: datetime
    # The next instant a case listed or not turns CRITICAL: read the list again then.
    next_change: datetime | None


def load_dashboard(store: Store, limit: int = DASHBOARD_ROWS,
                   now: datetime | None = None) -> Dashboard:
    now = now or utc_now()
    params = {"now": format_utc(now), "limit": limit}
    with store.read() as session:
        rows = [_row(*values) for values in session.execute(_ROWS, params)]
        total, critical, next_change = session.execute(_COUNTS, params).one()
    return Dashboard(rows, total or 0, critical or 0, now,
                     parse_utc(next_change) if next_change else None)


def _row(case_id, name, situation, place, rank, score, critical_from, next_due, action,
         verified, gaps, item_id) -> DashboardRow:
    return DashboardRow(case_id, name, situation, place, LEVELS[rank], score,
                        parse_utc(next_due) if next_due else None, action or "",
                        bool(verified) if verified is not None else True, gaps or 0, item_id)
