"""What lists and the dashboard read about a case, refreshed after every change to it:
its summary (names, place, search text) and its urgency (risk and next deadline)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session

from caseworker.cases.summaries import refresh_summaries
from caseworker.risk.urgency import refresh_urgency


def refresh_case_views(session: Session, case_ids: Iterable[str]) -> None:
    case_ids = list(case_ids)
    refresh_summaries(session, case_ids)
    refresh_urgency(session, case_ids)
