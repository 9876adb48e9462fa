"""The person match index: every person's match profile, and the keys that find it.

Matching one name against every person on file would cost a full scan per key press.
Instead each person is filed under blocking keys, and a query reads only the persons
that share keys with it (at most CANDIDATES, the best-connected first, are scored):

- `n` + the consonant skeleton of every word of every name form;
- `p` + the skeletons of two words of one name form: a pair is rare even when both
  words are common (three thousand Nurlans, three hundred Nurlan Bekovs);
- `y`/`c` + birth year or home county + a word skeleton, so namesakes born that year or
  from that county come first; `i` + a valid PRC ID number.

A query also asks for the one-edit neighbours of its skeletons (one consonant lost,
changed or added), alone and paired with the other words. Keys that more than
MAX_BUCKET persons share are left out, using the counts in `match_key_counts`, so a
common word costs nothing; its pairs still find the person.

Derived data: refreshed in the transaction of every change to a person, and rebuilt
when INDEX_VERSION changes (caseworker/cases/derived_data.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from sqlalchemy import delete, insert, text
from sqlmodel import Session, col, select

from caseworker.matching.match_profile import MatchProfile, build_profile, is_father
from caseworker.names.writing_systems import display_name
from storage.tables import (
    Case,
    Document,
    MatchKey,
    MatchKeyCount,
    MatchPerson,
    NameForm,
    Person,
    Relative,
)
from storage.tables.base import table_of

# 3: home counties split Yining city from Yining county and Khorgas from Huocheng (the
# keys name home-county ids), and add southern Xinjiang.
INDEX_VERSION = 3
CANDIDATES = 100  # persons scored in full per query
MAX_BUCKET = 400  # a key shared by more persons than this says too little to read
# Letters a skeleton can hold after the loose rules (g, h, q are k; r is l; w, y vowels).
_SKELETON_LETTERS = "bcdfjklmnpstvxz"
# The consonants Chinese transliteration drops (Dilnigar -> Dinigeer, Ilham -> Yilamu,
# Ilhamjan -> Yilamujiang): a query lacking one of them still meets the name on file.
_DROPPED_LETTERS = "lkn"
# How much sharing a key says: a pair of words most, one word less, a neighbour (one
# edit away) less again; evidence keys add to the word they are filed with.
WEIGHTS = {"pair": 3.0, "pair_neighbour": 2.0, "word": 1.0, "word_neighbour": 0.5,
           "year": 0.5, "county": 0.3, "prc_id": 10.0}


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
    session.execute(delete(MatchKeyCount))
    person_ids = list(session.exec(select(Person.id)))
    for start in range(0, len(person_ids), 5000):
        _insert(session, _profiles(session, person_ids[start:start + 5000]), {}, counted=False)
    session.execute(text("INSERT INTO match_key_counts (key, count) "
                         "SELECT key, count(*) FROM match_keys GROUP BY key"))


def refresh_persons(session: Session, person_ids: Iterable[str]) -> None:
    """Re-file these persons after a change (or remove them, if they are gone)."""
    person_ids = list(set(person_ids))
    old = {row.person_id: row for row in session.exec(
        select(MatchPerson).where(col(MatchPerson.person_id).in_(person_ids)))}
    for row in old.values():
        # match_keys is keyed by (key, num): delete by the keys the old profile had
        gone = [{"key": key, "num": row.num}
                for key in blocking_keys(MatchProfile.from_json(row.profile))]
        if gone:
            session.execute(text("DELETE FROM match_keys WHERE key = :key AND num = :num"),
                            gone)
            session.execute(text("UPDATE match_key_counts SET count = count - 1 "
                                 "WHERE key = :key"), gone)
    if old:
        session.execute(text("DELETE FROM match_key_counts WHERE count <= 0"))
    profiles = _profiles(session, person_ids)
    for person_id, row in old.items():
        if person_id not in profiles:
            session.delete(row)
    _insert(session, profiles,
            {pid: row.num for pid, row in old.items() if row.num is not None})  # all stored


def blocking_keys(profile: MatchProfile) -> set[str]:
    keys: set[str] = set()
    for name in profile.names:
        skeletons = [{form.skeleton for form in word.forms if form.skeleton}
                     for word in name.words]
        for word in skeletons:
            keys.update("n" + skeleton for skeleton in word)
        for first, second in combinations(skeletons, 2):
            keys.update(_pair(a, b) for a in first for b in second)
    words = [key[1:] for key in keys if key[0] == "n"]
    if profile.birth:
        keys.update(f"y{profile.birth[:4]}:{word}" for word in words)
    if profile.home:
        keys.update(f"c{profile.home}:{word}" for word in words)
    keys.update("i" + number for number in profile.prc_ids)
    return keys


def _pair(a: str, b: str) -> str:
    return "p" + "|".join(sorted((a, b)))


def _insert(session: Session, profiles: dict[str, IndexedPerson], nums: dict[str, int],
            counted: bool = True) -> None:
    """File these persons (re-using their numbers when they had one). `counted`: keep
    match_key_counts in step row by row (a rebuild counts once at the end instead)."""
    fresh = []
    for person_id, person in profiles.items():
        values = {"case_id": person.case_id, "display_name": person.display_name,
                  "profile": person.profile.to_json()}
        row = session.get(MatchPerson, nums[person_id]) if person_id in nums else None
        if row is None:
            fresh.append({"person_id": person_id, **values})
            continue
        for name, value in values.items():
            setattr(row, name, value)
    session.flush()
    if fresh:  # the table's own insert: ORM objects for thousands of new persons cost more
        session.execute(insert(table_of(MatchPerson)), fresh)
    placed = dict(session.execute(select(MatchPerson.person_id, MatchPerson.num)
                                  .where(col(MatchPerson.person_id).in_(list(profiles)))).all())
    # Straight to the driver: ten thousand persons file about ninety thousand keys, and
    # binding each as named parameters through SQLAlchemy cost more than writing them.
    rows = [(key, placed[person_id]) for person_id, person in profiles.items()
            for key in blocking_keys(person.profile)]
    if rows:
        connection = session.connection()
        connection.exec_driver_sql("INSERT INTO match_keys (key, num) VALUES (?, ?)", rows)
        if counted:
            # One row per key, however many persons it files: keys first met first, as
            # counting row by row adds them.
            added = Counter(key for key, _ in rows)
            connection.exec_driver_sql(
                "INSERT INTO match_key_counts (key, count) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET count = count + excluded.count",
                list(added.items()))


def _profiles(session: Session, person_ids: list[str]) -> dict[str, IndexedPerson]:
    """Match profiles of these persons, read from their records in a few queries."""
    names: dict[str, list[tuple[str, str]]] = defaultdict(list)
    fathers: dict[str, list[str]] = defaultdict(list)
    for person_id, written, script, father in session.execute(
            select(NameForm.person_id, NameForm.text, NameForm.script, NameForm.father)
            .where(col(NameForm.person_id).in_(person_ids)).order_by(col(NameForm.created_at))):
        names[person_id].append((written, script))
        if father:
            fathers[person_id].append(father)
    for person_id, name, relation in session.execute(
            select(Relative.person_id, Relative.name, Relative.relation)
            .where(col(Relative.person_id).in_(person_ids))):
        if is_father(relation):
            fathers[person_id].append(name)
    numbers: dict[str, list[str]] = defaultdict(list)
    for person_id, number in session.execute(
            select(Document.person_id, Document.number)
            .where(col(Document.person_id).in_(person_ids), Document.kind == "prc_id")):
        numbers[person_id].append(number)
    cases = dict(session.execute(select(Case.person_id, Case.id)
                                 .where(col(Case.person_id).in_(person_ids))).all())
    found = {}
    # Plain rows of the columns a profile reads: an import files ten thousand persons.
    persons = table_of(Person)
    for person in session.execute(select(*(persons.c[name] for name in (
            "id", "birth_date", "birth_precision", "sex", "home_place")))
            .where(persons.c.id.in_(person_ids))):
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
    """key -> (which part of the query it stands for, weight). A person's strength is the
    sum over parts of the best weight they share in each."""
    keys: dict[str, tuple[str, float]] = {}

    def offer(key: str, part: str, weight: float) -> None:
        if key not in keys or keys[key][1] < weight:
            keys[key] = (part, weight)

    for name in profile.names:
        words = [(word.signature, {form.skeleton for form in word.forms if form.skeleton})
                 for word in name.words]
        for signature, skeletons in words:
            for skeleton in skeletons:
                for neighbour in skeleton_neighbours(skeleton):
                    offer("n" + neighbour, "w" + signature, WEIGHTS["word_neighbour"])
                offer("n" + skeleton, "w" + signature, WEIGHTS["word"])
                if profile.birth:
                    offer(f"y{profile.birth[:4]}:{skeleton}", "y" + signature,
                          WEIGHTS["year"])
                if profile.home:
                    offer(f"c{profile.home}:{skeleton}", "c" + signature, WEIGHTS["county"])
        for (sig_a, first), (sig_b, second) in combinations(words, 2):
            part = f"p{sig_a}|{sig_b}"
            for a in first:
                for b in second:
                    for near in skeleton_neighbours(a, insertions=False):
                        offer(_pair(near, b), part, WEIGHTS["pair_neighbour"])
                    for near in skeleton_neighbours(b, insertions=False):
                        offer(_pair(a, near), part, WEIGHTS["pair_neighbour"])
                    offer(_pair(a, b), part, WEIGHTS["pair"])
    for number in profile.prc_ids:
        offer("i" + number, "i", WEIGHTS["prc_id"])
    return keys


def skeleton_neighbours(skeleton: str, insertions: bool = True) -> set[str]:
    """Skeletons one edit away: deletions and substitutions from three letters on, and
    from four letters on insertions of the letters transliteration drops (shorter
    skeletons would meet half the names on file)."""
    if len(skeleton) < 3:
        return set()
    found = set()
    for index in range(len(skeleton)):
        found.add(skeleton[:index] + skeleton[index + 1:])
        letters = _SKELETON_LETTERS + ("_" if index == 0 else "")
        for letter in letters:
            found.add(skeleton[:index] + letter + skeleton[index + 1:])
    if insertions and len(skeleton) >= 4:
        for index in range(1, len(skeleton) + 1):
            for letter in _DROPPED_LETTERS:
                found.add(skeleton[:index] + letter + skeleton[index:])
    found.discard(skeleton)
    found.discard("")
    return found


def nearest_persons(session: Session, profile: MatchProfile,
                    limit: int = CANDIDATES) -> list[IndexedPerson]:
    """The persons sharing the most (and the strongest) keys with the profile."""
    wanted = query_keys(profile)
    if not wanted:
        return []
    # Plain DB-API calls: hundreds of parameters through SQLAlchemy's text() cost more
    # to compile than the query costs to run.
    cursor = session.connection().connection.cursor()
    keys = list(wanted)
    counts = dict(cursor.execute(
        f"SELECT key, count FROM match_key_counts WHERE key IN ({_marks(keys)})", keys))
    kept = [key for key, count in counts.items() if count <= MAX_BUCKET]
    strength: dict[int, dict[str, float]] = defaultdict(dict)
    if kept:
        # Each key reads a bounded number of persons (the same lowest numbers of every
        # key, so persons sharing several keys still meet): namesakes cost a fixed
        # amount. A weak key (one word one edit away, or a birth year or county with a
        # word) reads a third as many.
        union = " UNION ALL ".join(
            "SELECT * FROM (SELECT key, num FROM match_keys WHERE key = ? LIMIT ?)"
            for _ in kept)
        params = []
        for key in kept:
            params += [key, limit if wanted[key][1] >= WEIGHTS["word"] else limit // 3]
        for key, num in cursor.execute(union, params):
            part, weight = wanted[key]
            parts = strength[num]
            if parts.get(part, 0.0) < weight:
                parts[part] = weight
    if not strength and counts:
        # Every key is common ("Nurlan" alone): a sample of its most specific key.
        key = min(counts, key=lambda k: (-wanted[k][1], counts[k]))
        for (num,) in cursor.execute("SELECT num FROM match_keys WHERE key = ? LIMIT ?",
                                     (key, limit)):
            strength[num][wanted[key][0]] = wanted[key][1]
    best = sorted(strength, key=lambda num: -sum(strength[num].values()))[:limit]
    if not best:
        return []
    rows = {num: IndexedPerson(person_id, case_id, name, MatchProfile.from_json(profile_json))
            for num, person_id, case_id, name, profile_json in cursor.execute(
                "SELECT num, person_id, case_id, display_name, profile FROM match_people "
                f"WHERE num IN ({_marks(best)})", best)}
    return [rows[num] for num in best if num in rows]


def _marks(values) -> str:
    return ", ".join("?" for _ in values)
