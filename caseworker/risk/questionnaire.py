"""The risk questionnaire: a person answers yes, no or unknown about a case.

Each answer is a record in the case's history, under an id derived from the case and
the question, so answers from two installs about one question merge as one record.
"""

from __future__ import annotations

import uuid

from sqlmodel import Session, select

from caseworker.core.authoring import Author, editor_for
from caseworker.core.user_errors import UserError
from caseworker.risk.risk_rules import ANSWERS, shipped_rules
from caseworker.risk.urgency import refresh_urgency
from storage.store import Store
from storage.tables import Case, RiskAnswer

_NAMESPACE = uuid.UUID("0c7c1d0e-55a4-4b53-9a57-7d1e8f3b2a60")
MAX_NOTE = 2000


def answer_id(case_id: str, question: str) -> str:
    return uuid.uuid5(_NAMESPACE, f"{case_id}|{question}").hex


def answer_question(store: Store, case_id: str, question: str, answer: str, author: Author,
                    note: str = "") -> RiskAnswer:
    """Record an answer; "unknown" takes a former answer back (kept in the history)."""
    questions = {info.name for info in shipped_rules().questions()}
    if question not in questions:
        raise UserError(f"{question[:60]!r} is not a question of the risk questionnaire.")
    if answer not in ANSWERS:
        raise UserError("An answer is yes, no or unknown.")
    if len(note) > MAX_NOTE:
        raise UserError(f"A note on an answer is at most {MAX_NOTE:,} characters.")
    with store.write() as session:
        if session.get(Case, case_id) is None:
            raise UserError(f"No case with id {case_id[:40]!r}.")
        record = session.get(RiskAnswer, answer_id(case_id, question)) or RiskAnswer(
            id=answer_id(case_id, question), case_id=case_id, question=question, answer="")
        record.answer, record.note = answer, note.strip() or record.note
        editor_for(session, author, case_id).save(record)
        refresh_urgency(session, [case_id], author.now)
        return record


def answers_of(session: Session, case_id: str) -> dict[str, RiskAnswer]:
    rows = session.exec(select(RiskAnswer).where(RiskAnswer.case_id == case_id)).all()
    return {row.question: row for row in rows}
