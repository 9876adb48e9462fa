"""All cases as a list, and the as-you-type filter over them (the cases screen).

The filter asks a full-text index over the case summaries (SQLite FTS5) for words that
start with each typed term, in their own script or folded to Latin letters. The index
keeps prefix lists for the first three letters, so each key press costs a few
milliseconds however many cases there are. When no word matches, the query is taken as
a name in another spelling (Yilihamu Tuheti for Ilham Tohti) and the person matcher
answers instead (caseworker/matching/candidates.py, match_name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, text

from caseworker.core.user_errors import UserError
from caseworker.matching.candidates import match_name
from caseworker.names.text_folding import query_terms
from caseworker.risk.assessment import LEVELS
from caseworker.risk.urgency import LEVEL_RANK_SQL
from storage.columns import format_utc, parse_utc, utc_now
from storage.store import Store

COUNT_LIMIT = 10_000
MIN_SPELLING_QUERY = 3  # fewer letters than this are not yet a name to match
SPELLING_LIMIT = 20


@dataclass(frozen=True)
class CaseRow:
    case_id: str
    display_name: str
    status: str
    situation: str
    place: str
    updated_at: str


@dataclass(frozen=True)
class CaseMatches:
    rows: list[CaseRow]
    total: int | None  # None: more than can be counted cheaply ("many")
    by_spelling: bool = False  # found by the person matcher: names like the query


_COLUMNS = "s.case_id, s.display_name, s.status, s.situation, s.place, s.updated_at"
# Summaries are rewritten on every change with a lower rowid than any before (see
# caseworker/cases/summaries.py), so ascending rowid is "latest change first".
_NEWEST_FIRST = "ORDER BY rowid"


def search_cases(store: Store, query: str, limit: int = 100) -> CaseMatches:
    with store.read() as session:
        return cases_matching(session, query, limit)


def cases_matching(session, query: str, limit: int = 100) -> CaseMatches:
    """`search_cases` in a session already open."""
    terms = query_terms(query)
    conn = session.connection()
    if not terms:
        rows = [CaseRow(*r) for r in conn.execute(text(
            f"SELECT {_COLUMNS} FROM case_summaries s {_NEWEST_FIRST} LIMIT :limit"),
            {"limit": limit})]
        return CaseMatches(rows, conn.execute(text(
            "SELECT count(*) FROM case_summaries")).scalar_one())
    match = " AND ".join(_prefix(term) for term in terms)
    rows = [CaseRow(*r) for r in conn.execute(text(
        f"SELECT {_COLUMNS} FROM case_summaries s WHERE s.rowid IN ("
        f"SELECT rowid FROM case_search WHERE case_search MATCH :m {_NEWEST_FIRST} "
        f"LIMIT :limit) ORDER BY s.rowid"),
        {"m": match, "limit": limit})]
    if not rows:
        return _names_alike(session, query, limit)
    if len(rows) < limit:
        return CaseMatches(rows, len(rows))
    total = conn.execute(text(
        "SELECT count(*) FROM (SELECT rowid FROM case_search WHERE case_search MATCH :m "
        "LIMIT :cap)"), {"m": match, "cap": COUNT_LIMIT}).scalar_one()
    return CaseMatches(rows, None if total >= COUNT_LIMIT else total)


def _names_alike(session, query: str, limit: int) -> CaseMatches:
    """Cases of persons whose names are like the query in any spelling, best first."""

    if len(query.strip()) < MIN_SPELLING_QUERY:
        return CaseMatches([], 0)
    try:
        found = match_name(session, query, limit=min(limit, SPELLING_LIMIT))
    except UserError:  # no letters, or longer than a name: nothing is like it
        return CaseMatches([], 0)
    order = [c.case_id for c in found if c.case_id]
    statement = text(f"SELECT {_COLUMNS} FROM case_summaries s WHERE s.case_id IN :ids"
                     ).bindparams(bindparam("ids", expanding=True))
    rows = {r[0]: CaseRow(*r) for r in session.connection().execute(statement, {"ids": order})}
    ranked = [rows[case_id] for case_id in order if case_id in rows]
    return CaseMatches(ranked, len(ranked), by_spelling=True)


def _prefix(term: str) -> str:
    """An FTS5 prefix query for one typed term: its words, each as a word start."""
    words = [w for w in re.split(r"\W+", term) if w]
    return " ".join('"' + word + '"*' for word in words) or '""'


def list_case_rows(store: Store, include_closed: bool = False,
                   now: datetime | None = None) -> list[dict]:
    """Every case (open ones unless `include_closed`), latest change first, with its risk
    level and next deadline."""
    statement = text(f"SELECT {_COLUMNS}, {LEVEL_RANK_SQL}, u.next_due, u.next_action "
                     "FROM case_summaries s LEFT JOIN case_urgency u ON u.case_id = s.case_id"
                     + ("" if include_closed else " WHERE s.status = 'open'")
                     + " ORDER BY s.rowid")
    with store.read() as session:
        return [{"id": r[0], "display_name": r[1], "status": r[2], "situation": r[3],
                 "location": r[4], "updated_at": r[5], "risk_level": LEVELS[r[6]],
                 "next_deadline": parse_utc(r[7]).isoformat() if r[7] else None,
                 "next_action": r[8] or ""}
                for r in session.execute(statement, {"now": format_utc(now or utc_now())})]
