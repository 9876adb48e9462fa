"""The office's inbox of intakes from desks: what is pending, with the persons on file
who may be the same person, and a caseworker's decision about each intake
(docs/architecture.md §11).

Both decisions are recorded as match decisions (caseworker/matching/match_decisions.py),
in the intake case's history, so they travel and show beside the case like any other:
"accept" records the candidates offered as different persons, so they are not suggested
again; "attach" records the intake's person as the same person as the case's. Nothing is
copied or merged: the intake case keeps what the volunteer wrote, signed by the desk."""

from __future__ import annotations

import json

from sqlmodel import Session, col, select

from caseworker.cases.case_read import id_prefix, resolve_case_id
from caseworker.core.authoring import Author, editor_for
from caseworker.core.user_errors import UserError
from caseworker.desk.inbox_import import PENDING, candidate_to_json
from caseworker.matching.candidates import Candidate, candidates_among
from caseworker.matching.match_decisions import record_decision
from storage.columns import format_utc
from storage.store import Store
from storage.tables import Case, CaseSummary, InboxIntake

ACCEPTED, ATTACHED = "accepted", "attached"


def pending_intakes(session: Session) -> list[InboxIntake]:
    """Intakes waiting for a decision whose case is on file (not purged since), in the
    order they arrived from each desk."""
    return list(session.exec(select(InboxIntake).where(
        InboxIntake.state == PENDING, col(InboxIntake.case_id).in_(select(Case.id)))
        .order_by(col(InboxIntake.received_at), col(InboxIntake.desk),
                  col(InboxIntake.sequence))))


def intake_to_json(session: Session, row: InboxIntake) -> dict:
    """What `inbox list` shows: the name `case list` shows, who took the intake at which
    desk, and the candidates with the reasons `match` gives, worded from the store as it
    is now; nothing else of the case."""
    name = session.exec(select(CaseSummary.display_name).where(
        CaseSummary.case_id == row.case_id)).first()
    return {"intake": row.case_id, "display_name": name or "", "desk": row.desk,
            "sequence": row.sequence, "volunteer": row.volunteer,
            "received_at": format_utc(row.received_at), "state": row.state,
            "candidates": [candidate_to_json(c) for c in _offered(session, row)]}


def accept(store: Store, given: str, author: Author) -> InboxIntake:
    """Keep the intake as a new case: every candidate offered becomes a "different"
    decision, unless someone already decided about that pair."""
    with store.write() as session:
        row = _pending(session, given)
        person = _person_of(session, row.case_id)
        editor = editor_for(session, author, row.case_id)
        for candidate in _offered(session, row):
            if candidate.decision is None:
                record_decision(session, editor, person, candidate.person_id, "different")
        return _decided(session, row, ACCEPTED, author)


def attach(store: Store, given: str, case: str, author: Author) -> InboxIntake:
    """Record the intake's person as the same person as the person of `case`."""
    with store.write() as session:
        row = _pending(session, given)
        try:
            case_id = resolve_case_id(session, case)
        except UserError as exc:
            raise UserError(f"CASE: {exc}") from None
        if case_id == row.case_id:
            raise UserError("CASE is the intake's own case; give the case on file it is "
                            "the same person as.")
        record_decision(session, editor_for(session, author, row.case_id),
                        _person_of(session, row.case_id), _person_of(session, case_id), "same")
        row.same_as = case_id
        return _decided(session, row, ATTACHED, author)


def _offered(session: Session, row: InboxIntake) -> list[Candidate]:
    """The candidates found when the intake was imported, as they are on file now."""
    return candidates_among(session, _person_of(session, row.case_id),
                            [c["person_id"] for c in json.loads(row.candidates)])


def _pending(session: Session, given: str) -> InboxIntake:
    wanted = id_prefix(given)
    rows = session.exec(select(InboxIntake).where(
        col(InboxIntake.case_id).startswith(wanted)).limit(2)).all() if wanted else []
    if len(rows) != 1:
        raise UserError("INTAKE: no single intake has an id starting like that; see "
                        "'caseworker inbox list'.")
    if rows[0].state != PENDING:
        raise UserError(f"INTAKE: that intake was {rows[0].state} already.")
    return rows[0]


def _person_of(session: Session, case_id: str) -> str:
    person = session.exec(select(Case.person_id).where(Case.id == case_id)).first()
    if person is None:
        raise UserError("INTAKE: its case is no longer on file.")
    return person


def _decided(session: Session, row: InboxIntake, state: str, author: Author) -> InboxIntake:
    row.state, row.decided_at, row.decided_by = state, author.now, author.name
    session.add(row)
    session.flush()
    session.refresh(row)
    session.expunge(row)
    return row
