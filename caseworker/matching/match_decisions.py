"""What people decided about possible duplicates: same, different or not sure, with who
and when. The matcher never merges on its own; a "different" decision stops the pair
being suggested again, and "same" and "unsure" are shown beside the suggestion."""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, or_, select

from caseworker.core.authoring import Author, editor_for
from caseworker.core.i18n import _
from caseworker.core.user_errors import UserError
from caseworker.core.vocab import MATCH_DECISIONS
from storage.history import Editor
from storage.store import Store
from storage.tables import Case, MatchDecision, Person

# Decision ids are derived from the pair, so that two installs deciding about the same
# two persons write one record, which merges like any other.
_NAMESPACE = uuid.UUID("5a0f3e36-8c1b-4a4e-9d7e-2f5b8c0d7e11")


def decision_id(person_a: str, person_b: str) -> str:
    first, second = sorted((person_a, person_b))
    return uuid.uuid5(_NAMESPACE, f"{first}|{second}").hex


def decide(store: Store, person_id: str, other_id: str, decision: str, author: Author,
           note: str = "") -> MatchDecision:
    """Record what a person decided about two persons, in the history of the first
    person's case."""
    with store.write() as session:
        case_id = session.exec(select(Case.id).where(Case.person_id == person_id)).first()
        return record_decision(session, editor_for(session, author, case_id), person_id,
                               other_id, decision, note)


def record_decision(session: Session, editor: Editor, person_a: str, person_b: str,
                    decision: str, note: str = "") -> MatchDecision:
    if decision not in MATCH_DECISIONS:
        raise UserError(_("A decision is one of: {choices}.").format(
            choices=", ".join(MATCH_DECISIONS)))
    if person_a == person_b:
        raise UserError(_("A person cannot be compared with themselves."))
    for person_id in (person_a, person_b):
        if session.get(Person, person_id) is None:
            raise UserError(_("No person with id {id} is on file.").format(id=person_id[:12]))
    first, second = sorted((person_a, person_b))
    record = session.get(MatchDecision, decision_id(first, second))
    if record is None:
        record = MatchDecision(id=decision_id(first, second), person_a=first,
                               person_b=second, decision=decision)
    record.decision, record.note = decision, note
    editor.save(record)
    return record


def decisions_about(session: Session, person_id: str) -> dict[str, MatchDecision]:
    """Every decision involving this person, by the other person's id."""
    rows = session.exec(select(MatchDecision).where(or_(MatchDecision.person_a == person_id,
                                                        MatchDecision.person_b == person_id)))
    return {(row.person_b if row.person_a == person_id else row.person_a): row for row in rows}


def same_person_cases(session: Session, person_id: str) -> list[str]:
    """The cases of the persons someone decided are this same person (an intake attached
    to a case at the office, docs/architecture.md §11), so each case names the other."""
    same = [other for other, row in decisions_about(session, person_id).items()
            if row.decision == "same"]
    if not same:
        return []
    return sorted(session.exec(select(Case.id).where(col(Case.person_id).in_(same))))
