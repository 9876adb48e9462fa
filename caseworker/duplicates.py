"""Who might this person already be? Run before an intake is saved.

The scoring here is deliberately plain (names folded to Latin letters, compared
order-free, plus the birth year); caseworker/matching replaces it behind the same
`find_candidates` interface.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from anyascii import anyascii
from rapidfuzz import fuzz
from sqlmodel import Session, select

from caseworker.drafts import PersonDraft
from caseworker.summaries import display_name
from storage.tables import Case, NameForm, Person

SUGGEST_AT = 80


@dataclass(frozen=True)
class Candidate:
    person_id: str
    case_id: str | None
    display_name: str
    score: int
    reasons: tuple[str, ...]


def fold(text: str) -> str:
    """Latin letters only, lower case, letters romanisations disagree on merged."""
    text = anyascii(text).casefold()
    for a, b in (("kh", "h"), ("q", "k"), ("zh", "j"), ("y", "i"), ("-", " "), ("'", "")):
        text = text.replace(a, b)
    return " ".join(sorted("".join(c if c.isalnum() else " " for c in text).split()))


def find_candidates(session: Session, person: PersonDraft, limit: int = 5) -> list[Candidate]:
    wanted = [(fold(name.text), name.text) for name in person.names if name.text]
    if not wanted:
        return []
    forms: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for person_id, text, script in session.exec(
            select(NameForm.person_id, NameForm.text, NameForm.script)):
        forms[person_id].append((text, script))
    scored = []
    for person_id, names in forms.items():
        best, reason = 0.0, ""
        for text, _ in names:
            folded = fold(text)
            for query, typed in wanted:
                score = fuzz.token_sort_ratio(query, folded)
                if score > best:
                    best, reason = score, f"name {text} is like {typed} ({score:.0f}%)"
        if best >= SUGGEST_AT - 10:
            scored.append((person_id, best, reason))
    scored.sort(key=lambda item: -item[1])
    candidates = []
    for person_id, score, reason in scored[: limit * 3]:
        reasons = [reason]
        stored = session.get(Person, person_id)
        if person.birth and stored.birth_date:
            if stored.birth_date[:4] == f"{person.birth.year:04d}":
                score += 10
                reasons.append("same birth year")
            else:
                score -= 15
                reasons.append("different birth year")
        if score < SUGGEST_AT:
            continue
        case_id = session.exec(select(Case.id).where(Case.person_id == person_id)).first()
        candidates.append(Candidate(person_id, case_id, display_name(forms[person_id]),
                                    min(100, round(score)), tuple(reasons)))
    candidates.sort(key=lambda c: -c.score)
    return candidates[:limit]
