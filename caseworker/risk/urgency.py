"""Each case's urgency: its risk assessment and next deadline, kept as derived data so
the dashboard orders every open case by reading one table.

Every change to a case, its checklist or its questionnaire refreshes its row in the same
transaction. Red flags that wait on time (a deadline within 48 h) are stored as the
instant they fire, `critical_from`, and compared with the clock when read: a case turns
CRITICAL on the dashboard at the right minute with no one writing anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col

from caseworker.risk.assessment import LEVEL_RANK, LEVELS, Assessment, assess
from caseworker.risk.risk_facts import CaseFacts, gather_facts
from caseworker.risk.risk_rules import shipped_rules
from storage.columns import format_utc, utc_now
from storage.tables import CaseUrgency, ChecklistItem

# Bumped when what is stored here is computed differently; the rules' version is part
# of the stored version, so new rules re-assess every case. (Clock templates are not:
# urgency reads the items, which keep the due time they were created with.)
URGENCY_CODE_VERSION = 3


# The risk level rank of a case `u` (case_urgency) at the instant :now, in SQL: red flags
# that wait on time are compared with the clock; a case not yet assessed ranks as WATCH.
LEVEL_RANK_SQL = ("CASE WHEN u.critical_from <= :now THEN 0 "
                  f"ELSE coalesce(u.level_rank, {len(LEVELS) - 1}) END")


def urgency_version() -> str:
    return f"{URGENCY_CODE_VERSION}:{shipped_rules().version}"


def refresh_urgency(session: Session, case_ids: Iterable[str],
                    now: datetime | None = None) -> None:
    case_ids = list(case_ids)
    if not case_ids:
        return
    session.flush()  # the facts are read from the rows this transaction just wrote
    session.execute(delete(CaseUrgency).where(col(CaseUrgency.case_id).in_(case_ids)))
    _insert(session, gather_facts(session, case_ids).values(), now or utc_now())


def rebuild_urgency(session: Session) -> None:
    session.execute(delete(CaseUrgency))
    _insert(session, gather_facts(session).values(), utc_now())


def _insert(session: Session, all_facts: Iterable[CaseFacts], now: datetime) -> None:
    rules = shipped_rules()
    rows = []
    assessed_at = format_utc(now)
    for facts in all_facts:
        assessment = assess(facts, rules, now)
        item, action = next_action(facts, assessment)
        rows.append((
            facts.case_id, facts.is_open, format_utc(facts.case_updated_at or now),
            LEVEL_RANK[assessment.weighted_level], assessment.score,
            _utc(assessment.critical_from), _utc(item.due) if item else None,
            item.id if item else None, action, item.verified if item else True,
            len(assessment.gaps), assessment.rules_version, assessed_at))
    # Straight to the driver, times as their columns store them: binding ten thousand
    # rows through SQLAlchemy's column types cost more than writing them.
    for start in range(0, len(rows), 5000):
        session.connection().exec_driver_sql(_INSERT, rows[start:start + 5000])


_COLUMNS = ("case_id", "is_open", "case_updated_at", "level_rank", "score", "critical_from",
            "next_due", "next_item_id", "next_action", "next_verified", "gaps",
            "rules_version", "assessed_at")
_INSERT = (f"INSERT INTO case_urgency ({', '.join(_COLUMNS)}) "
           f"VALUES ({', '.join('?' * len(_COLUMNS))})")


def _utc(value: datetime | None) -> str | None:
    return None if value is None else format_utc(value)


# Before the action of a clock whose date a court sets (next_action_shown reads it back).
COURT_SETS = "enter the date the court set. "


def next_action(facts: CaseFacts,
                assessment: Assessment) -> tuple[ChecklistItem | None, str]:
    """What should happen next for the person: the open clock due soonest; else a clock
    whose date a court sets and no one has entered; else the weightiest information gap.
    Returns the item (None for a gap) and the action in words."""
    dated = [(item.due, item) for item in facts.open_items if item.due is not None]
    if dated:
        _due, item = min(dated, key=lambda pair: pair[0])
        return item, f"{item.clock_id}: {item.action}"
    undated = sorted(facts.open_items, key=lambda i: i.created_at)
    if undated:
        item = undated[0]
        return item, f"{item.clock_id}: {COURT_SETS}{item.action}"
    if assessment.gaps:
        return None, assessment.gaps[0].todo
    return None, ""
