"""The person match index: every person's match profile, and the keys that find it.

Matching one name against every person on file would cost a full scan per key press.
Instead each person is filed under blocking keys (the consonant skeleton of every word
of every name form, the birth year, the home county, the PRC ID), and a query asks for
the persons that share a key with it or with a one-edit neighbour of its skeletons.
Only those (at most CANDIDATES, the best-connected first) are scored in full.

Derived data: refreshed in the transaction of every change to a person, and rebuilt
when INDEX_VERSION changes (caseworker/derived_data.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, text
from sqlmodel import Session, select

from caseworker.match_profile import MatchProfile, build_profile, is_father
from caseworker.summaries import display_name
from storage.tables import Case, Document, MatchKey, MatchPerson, NameForm, Person, Relative

INDEX_VERSION = 1
CANDIDATES = 150  # persons scored in full per query
# Letters a skeleton can hold after the loose rules (g, h, q are k; r is l; w, y vowels).
_SKELETON_LETTERS = "bcdfjklmnpstvxz"
EXACT, NEIGHBOUR = 1.0, 0.5  # weight of a word whose skeleton meets exactly, or by one edit
EVIDENCE_WEIGHTS = {"y": 0.5, "c": 0.3, "i": 10.0}


@dataclass(frozen=True)
class IndexedPerson:
    person_id: str
    case_id: str | None
    display_name: str
    profile: MatchProfile


# -- building --------------------------------------------------------------------------


def rebuild_match_index(session: Session) -> None:
    session.execute(delete(MatchKey))
    session.execute(delete(MatchPerson))
    person_ids = list(session.exec(select(Person.id)))
    for start in range(0, len(person_ids), 5000):
        _insert(session, _profiles(session, person_ids[start:start + 5000]), {})


def refresh_persons(session: Session, person_ids: Iterable[str]) -> None:
    """Re-file these persons after a change (or remove them, if they are gone)."""
    person_ids = list(set(person_ids))
    old = {row.person_id: row for row in session.exec(
        select(MatchPerson).where(MatchPerson.person_id.in_(person_ids)))}
    for row in old.values():
        # match_keys is keyed by (key, num): delete by the keys the old profile had
        for key in blocking_keys(MatchProfile.from_json(row.profile)):
            session.execute(delete(MatchKey).where(MatchKey.key == key, MatchKey.num == row.num))
    profiles = _profiles(session, person_ids)
    for person_id, row in old.items():
        if person_id not in profiles:
            session.delete(row)
    _insert(session, profiles, {pid: row.num for pid, row in old.items()})


def blocking_keys(profile: MatchProfile) -> set[str]:
    keys = {"n" + form.skeleton for name in profile.names for word in name.words
            for form in word.forms if form.skeleton}
    if profile.birth:
        keys.add("y" + profile.birth[:4])
    if profile.home:
        keys.add("c" + profile.home)
    keys.update("i" + number for number in profile.prc_ids)
    return keys


def _insert(session: Session, profiles: dict[str, IndexedPerson], nums: dict[str, int]) -> None:
    for person_id, person in profiles.items():
        row = session.get(MatchPerson, nums[person_id]) if person_id in nums else None
        if row is None:
            row = MatchPerson(person_id=person_id, display_name="", profile="")
        row.case_id, row.display_name = person.case_id, person.display_name
        row.profile = person.profile.to_json()
        session.add(row)
    session.flush()
    placed = dict(session.execute(select(MatchPerson.person_id, MatchPerson.num)
                                  .where(MatchPerson.person_id.in_(list(profiles)))).all())
    rows = [{"key": key, "num": placed[person_id]} for person_id, person in profiles.items()
            for key in blocking_keys(person.profile)]
    if rows:
        session.execute(text("INSERT OR IGNORE INTO match_keys (key, num) VALUES (:key, :num)"),
                        rows)


def _profiles(session: Session, person_ids: list[str]) -> dict[str, IndexedPerson]:
    """Match profiles of these persons, read from their records in a few queries."""
    names: dict[str, list[tuple[str, str]]] = defaultdict(list)
    fathers: dict[str, list[str]] = defaultdict(list)
    for person_id, written, script, father in session.execute(
            select(NameForm.person_id, NameForm.text, NameForm.script, NameForm.father)
            .where(NameForm.person_id.in_(person_ids)).order_by(NameForm.created_at)):
        names[person_id].append((written, script))
        if father:
            fathers[person_id].append(father)
    for person_id, name, relation in session.execute(
            select(Relative.person_id, Relative.name, Relative.relation)
            .where(Relative.person_id.in_(person_ids))):
        if is_father(relation):
            fathers[person_id].append(name)
    numbers: dict[str, list[str]] = defaultdict(list)
    for person_id, number in session.execute(
            select(Document.person_id, Document.number)
            .where(Document.person_id.in_(person_ids), Document.kind == "prc_id")):
        numbers[person_id].append(number)
    cases = dict(session.execute(select(Case.person_id, Case.id)
                                 .where(Case.person_id.in_(person_ids))).all())
    found = {}
    for person in session.exec(select(Person).where(Person.id.in_(person_ids))):
        profile = build_profile(
            names[person.id], birth=person.birth_date,
            birth_estimated=person.birth_precision == "estimated", sex=person.sex,
            home_text=person.home_place, fathers=fathers[person.id],
            document_numbers=numbers[person.id])
        found[person.id] = IndexedPerson(person.id, cases.get(person.id),
                                         display_name(names[person.id]), profile)
    return found


# -- searching -------------------------------------------------------------------------


def query_keys(profile: MatchProfile) -> dict[str, tuple[str, float]]:
    """key -> (which part of the query it stands for, weight): each word's skeletons and
    their one-edit neighbours, and the evidence keys."""
    keys: dict[str, tuple[str, float]] = {}

    def offer(key: str, part: str, weight: float) -> None:
        if key not in keys or keys[key][1] < weight:
            keys[key] = (part, weight)

    for name in profile.names:
        for word in name.words:
            part = "w" + word.signature
            for form in word.forms:
                for neighbour in skeleton_neighbours(form.skeleton):
                    offer("n" + neighbour, part, NEIGHBOUR)
                offer("n" + form.skeleton, part, EXACT)
    evidence = blocking_keys(MatchProfile(names=(), birth=profile.birth, home=profile.home,
                                          prc_ids=profile.prc_ids))
    for key in evidence:
        offer(key, key[0], EVIDENCE_WEIGHTS[key[0]])
    return keys


def skeleton_neighbours(skeleton: str) -> set[str]:
    """Skeletons one edit away: deletions and substitutions from three letters on,
    insertions too from four (shorter ones would meet half the names on file)."""
    if len(skeleton) < 3:
        return set()
    found = set()
    for index in range(len(skeleton)):
        found.add(skeleton[:index] + skeleton[index + 1:])
        letters = _SKELETON_LETTERS + ("_" if index == 0 else "")
        for letter in letters:
            found.add(skeleton[:index] + letter + skeleton[index + 1:])
    if len(skeleton) >= 4:
        for index in range(1, len(skeleton) + 1):
            for letter in _SKELETON_LETTERS:
                found.add(skeleton[:index] + letter + skeleton[index:])
    found.discard(skeleton)
    found.discard("")
    return found


def nearest_persons(session: Session, profile: MatchProfile,
                    limit: int = CANDIDATES) -> list[IndexedPerson]:
    """The persons sharing the most (and the strongest) keys with the profile."""
    keys = query_keys(profile)
    if not keys:
        return []
    values = ", ".join(f"(:k{i}, :p{i}, :w{i})" for i in range(len(keys)))
    params: dict[str, object] = {"limit": limit}
    for i, (key, (part, weight)) in enumerate(keys.items()):
        params[f"k{i}"], params[f"p{i}"], params[f"w{i}"] = key, part, weight
    rows = session.execute(text(
        f"WITH q(key, part, weight) AS (VALUES {values}) "
        "SELECT p.person_id, p.case_id, p.display_name, p.profile FROM ("
        "  SELECT num, sum(best) AS strength FROM ("
        "    SELECT k.num AS num, q.part, max(q.weight) AS best FROM q "
        "    JOIN match_keys k ON k.key = q.key GROUP BY k.num, q.part) "
        "  GROUP BY num ORDER BY strength DESC LIMIT :limit) AS s "
        "JOIN match_people p ON p.num = s.num ORDER BY s.strength DESC"), params)
    return [IndexedPerson(person_id, case_id, name, MatchProfile.from_json(profile_json))
            for person_id, case_id, name, profile_json in rows]
