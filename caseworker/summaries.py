"""Case summaries: the one row per case that lists and the dashboard read.

Every change to a case refreshes its summary in the same transaction; a new version of
this module (SUMMARY_VERSION) rebuilds them all when a store is opened.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import delete, insert
from sqlmodel import Session, select

from storage.tables import Case, CaseSummary, NameForm

SUMMARY_VERSION = 1
# The script shown first when a person has names in several: what most readers of the
# dashboard can read, then the others.
SCRIPT_PREFERENCE = ["latn", "latn-press", "latn-kk", "latn-ug", "pinyin", "kk-cyrl", "ru-cyrl"]


def display_name(forms: Iterable[tuple[str, str]]) -> str:
    """The name to show for a person, from their (text, script) name forms."""
    ranked = sorted(
        forms,
        key=lambda form: SCRIPT_PREFERENCE.index(form[1]) if form[1] in SCRIPT_PREFERENCE
        else len(SCRIPT_PREFERENCE),
    )
    return ranked[0][0] if ranked else "(no name)"


def refresh_summaries(session: Session, case_ids: Iterable[str]) -> None:
    case_ids = list(case_ids)
    if not case_ids:
        return
    session.execute(delete(CaseSummary).where(CaseSummary.case_id.in_(case_ids)))
    _insert(session, select(Case).where(Case.id.in_(case_ids)))


def rebuild_summaries(session: Session) -> None:
    session.execute(delete(CaseSummary))
    _insert(session, select(Case))


def _insert(session: Session, cases_query) -> None:
    cases = session.exec(cases_query).all()
    person_ids = {case.person_id for case in cases}
    forms: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for person_id, text, script in session.execute(
        select(NameForm.person_id, NameForm.text, NameForm.script)
        .where(NameForm.person_id.in_(person_ids))
        .order_by(NameForm.created_at)
    ):
        forms[person_id].append((text, script))
    rows = [
        {
            "case_id": case.id,
            "status": case.status,
            "situation": case.situation,
            "display_name": display_name(forms[case.person_id]),
            "updated_at": case.updated_at,
        }
        for case in cases
    ]
    for start in range(0, len(rows), 5000):
        session.execute(insert(CaseSummary), rows[start:start + 5000])
