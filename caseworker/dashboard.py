"""The coordinator's view: the open cases, most urgent first.

Only the most urgent DASHBOARD_ROWS are listed: beyond a few hundred, a list ordered by
urgency stops being read, and the cases screen searches all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import select

from storage.store import Store
from storage.tables import CaseSummary

DASHBOARD_ROWS = 500


@dataclass(frozen=True)
class DashboardRow:
    case_id: str
    name: str
    situation: str
    place: str  # where the person was last reported to be (held, if detained)


@dataclass(frozen=True)
class Dashboard:
    rows: list[DashboardRow]
    open_cases: int


def load_dashboard(store: Store, limit: int = DASHBOARD_ROWS) -> Dashboard:
    statement = (
        select(CaseSummary.case_id, CaseSummary.display_name, CaseSummary.situation,
               CaseSummary.place)
        .where(CaseSummary.status == "open")
        .order_by(CaseSummary.updated_at.desc())
        .limit(limit)
    )
    count = select(func.count()).select_from(CaseSummary).where(CaseSummary.status == "open")
    with store.read() as session:
        rows = [DashboardRow(*row) for row in session.execute(statement)]
        return Dashboard(rows, session.execute(count).scalar_one())
