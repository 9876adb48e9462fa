"""Who might this person already be? Asked before an intake is saved, from a case (its
possible duplicates), and by a search for a name in any spelling.

Each question becomes a match profile (caseworker/matching/match_profile.py); the match index
finds the persons worth scoring, the matcher scores them with reasons, and decisions
people already made are applied: a pair marked "different" is not suggested again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from caseworker.core.drafts import PersonDraft
from caseworker.core.i18n import _
from caseworker.core.user_errors import UserError
from caseworker.matching.match_decisions import decisions_about
from caseworker.matching.match_profile import MatchProfile, build_profile, is_father
from caseworker.matching.person_index import IndexedPerson, nearest_persons
from caseworker.matching.person_match import FIND_AT, SUGGEST_AT, compare, score_only
from caseworker.names.name_keys import MAX_NAME_CHARS
from caseworker.names.similarity import WordSimilarity
from storage.tables import MatchPerson


@dataclass(frozen=True)
class Candidate:
    person_id: str
    case_id: str | None
    display_name: str
    score: int
    reasons: tuple[str, ...]
    decision: str | None = None  # same | unsure, when a person already decided
    decided_by: str = ""
    decided_at: datetime | None = None


def find_candidates(session: Session, person: PersonDraft, limit: int = 5) -> list[Candidate]:
    """Persons on file who may be the person of this (validated) intake draft."""
    profile = build_profile(
        [(name.text, name.script) for name in person.names if name.text],
        birth=person.birth.iso() if person.birth else None,
        birth_estimated=bool(person.birth and person.birth.estimated), sex=person.sex,
        home_text=person.home_place,
        fathers=[n.father for n in person.names if n.father]
        + [r.name for r in person.relatives if is_father(r.relation)],
        document_numbers=[d.number for d in person.documents if d.kind == "prc_id"])
    exclude = {person.id} if person.id else set()
    return _ranked(session, profile, exclude, {}, SUGGEST_AT, limit)


def candidates_for_person(session: Session, person_id: str,
                          limit: int = 10) -> list[Candidate]:
    """Other persons on file who may be this one, with any decision already made."""
    row = session.exec(select(MatchPerson).where(MatchPerson.person_id == person_id)).first()
    if row is None:
        return []
    decisions = decisions_about(session, person_id)
    return _ranked(session, MatchProfile.from_json(row.profile), {person_id}, decisions,
                   SUGGEST_AT, limit)


def candidates_among(session: Session, person_id: str,
                     others: list[str]) -> list[Candidate]:
    """These persons as candidates for this one, scored and worded as they are on file now,
    in the order given. One no longer on file (purged since) is left out, so nothing of
    it is shown again, and so is one decided "different", as everywhere."""
    rows = {row.person_id: row for row in session.exec(select(MatchPerson).where(
        col(MatchPerson.person_id).in_([person_id, *others])))}
    if person_id not in rows:
        return []
    profile = MatchProfile.from_json(rows[person_id].profile)
    decisions = decisions_about(session, person_id)
    similarity = WordSimilarity()
    found = []
    for other in others:
        row, decided = rows.get(other), decisions.get(other)
        if row is None or other == person_id or (decided and decided.decision == "different"):
            continue
        person = IndexedPerson(row.person_id, row.case_id, row.display_name,
                               MatchProfile.from_json(row.profile))
        match = compare(profile, person.profile, similarity)
        found.append(_candidate(person, match.reasons, match.score, decided))
    return found


def match_name(session: Session, name: str, *, birth_year: int | None = None,
               county: str = "", limit: int = 10, min_score: int = FIND_AT) -> list[Candidate]:
    """Persons whose names are like `name` in any spelling (the CLI's `match`, and the
    cases filter when no word matches)."""
    if not name.strip():
        raise UserError(_("Give a name to match."))
    if len(name) > MAX_NAME_CHARS:
        raise UserError(_("A name is at most {most} characters; this is {count}.").format(
            most=MAX_NAME_CHARS, count=len(name)))
    profile = build_profile([(name, "")], birth=f"{birth_year:04d}" if birth_year else None,
                            home_text=county)
    if not profile.names:
        raise UserError(_("The name has no letters to match."))
    return _ranked(session, profile, set(), {}, min_score, limit)


def _ranked(session: Session, profile: MatchProfile, exclude: set[str], decisions: dict,
            min_score: int, limit: int) -> list[Candidate]:
    similarity = WordSimilarity()
    scored = []
    for person in nearest_persons(session, profile):
        decided = decisions.get(person.person_id)
        if person.person_id in exclude or (decided and decided.decision == "different"):
            continue
        score = score_only(profile, person.profile, similarity)
        if score >= min_score:
            scored.append((score, person, decided))
    scored.sort(key=lambda item: (-item[0], item[1].display_name))
    # Reasons are worded only for the persons shown.
    return [_candidate(person, compare(profile, person.profile, similarity).reasons, score,
                       decided) for score, person, decided in scored[:limit]]


def _candidate(person: IndexedPerson, reasons: tuple[str, ...], score: int,
               decided) -> Candidate:
    if decided is None:
        return Candidate(person.person_id, person.case_id, person.display_name, score, reasons)
    return Candidate(person.person_id, person.case_id, person.display_name, score, reasons,
                     decided.decision, decided.changed_by, decided.updated_at)
