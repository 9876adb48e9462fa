"""The person match index in the store: kept in step with every change, rebuilt the same
way, and searched through blocking keys without losing the right person; decisions."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import timedelta

import pytest
from sqlmodel import select

from caseworker.cases import case_write
from caseworker.cases.case_read import load_case
from caseworker.cases.edit_drafts import draft_from_record
from caseworker.cases.validation import validate_case
from caseworker.core.drafts import DocumentDraft, NameDraft
from caseworker.core.user_errors import UserError
from caseworker.matching.candidates import candidates_for_person, find_candidates, match_name
from caseworker.matching.match_decisions import decide, decision_id
from caseworker.matching.person_index import rebuild_match_index, skeleton_neighbours
from storage.tables import Case, MatchDecision, Revision
from tests.support.case_factory import NOW, ZONE, add_case, author, seed_draft, simple_draft
from tests.support.paths import DATA, ROOT
from tests.support.store_helpers import fingerprint

MORE_SET = DATA / "name-variants-more.csv"
DEV_SET = ROOT.parent / "shared" / "domain" / "name-variants-dev.csv"


def _groups() -> dict[str, list[str]]:
    groups = defaultdict(list)
    for path in (DEV_SET, MORE_SET):
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    groups[row["person_group"]].append(row["name"])
    return groups


def _person_of(store, case_id: str) -> str:
    with store.read() as session:
        return session.get(Case, case_id).person_id


def test_every_variant_finds_its_person_through_the_index(store):
    """Each person is filed under all but their first spelling; the first spelling,
    looked up through the blocking keys, must find that person first."""
    groups = {g: names for g, names in _groups().items() if len(names) > 1}
    cases = {group: add_case(store, simple_draft(*names[1:])) for group, names in groups.items()}
    with store.read() as session:
        for group, names in groups.items():
            found = match_name(session, names[0], limit=3)
            assert found and found[0].case_id == cases[group], (names[0], found)


def test_a_typo_in_every_skeleton_is_still_found_through_its_neighbours(store):
    case_id = add_case(store, simple_draft("Sayragul Sauytbay"))
    with store.read() as session:
        # no word shares its skeleton with the stored name: slpl/slkl, stp/stb
        found = match_name(session, "Sayrapul Sauytpay")
    assert found[0].case_id == case_id
    assert "stb" in skeleton_neighbours("stp") and "slkl" in skeleton_neighbours("slpl")
    assert "stb" not in skeleton_neighbours("stbkl")  # two edits away


def test_a_common_word_is_left_out_but_its_pairs_still_find_the_person(store, monkeypatch):
    from caseworker.matching import person_index as match_index

    monkeypatch.setattr(match_index, "MAX_BUCKET", 3)
    for family in ("Abai", "Akan", "Tohti", "Israil"):
        add_case(store, simple_draft(f"Nurlan {family}"))
    wanted = add_case(store, simple_draft("Nurlan Bekov"))
    with store.read() as session:
        counts = dict(session.connection().exec_driver_sql(
            "SELECT key, count FROM match_key_counts").all())
        assert counts["nnln"] == 5 and counts["pbk|nln"] == 1
        assert match_name(session, "Nurlan Bekov")[0].case_id == wanted
        assert match_name(session, "Nurlam Bekov")[0].case_id == wanted  # a typo too
        assert len(match_name(session, "Nurlan", limit=10)) == 5  # a sample of a common word


def test_the_index_follows_edits_and_a_rebuild_gives_the_same_index(store):
    case_id = add_case(store, seed_draft("qalymbek-shahman"))
    with store.read() as session:
        assert match_name(session, "Qalymbek Shahman")[0].case_id == case_id
        draft = draft_from_record(load_case(session, case_id))
    draft.person.names = [NameDraft("Omir Bekali")]
    validate_case(draft, ZONE, NOW)
    case_write.update_case(store, case_id, draft, author())
    with store.read() as session:
        assert [c.score for c in match_name(session, "Qalymbek Shahman")] == []
        assert match_name(session, "Өмір Бекали")[0].case_id == case_id
    add_case(store, seed_draft("yerzhanat-abai"))
    incremental = _index_rows(store)
    with store.write() as session:
        rebuild_match_index(session)
    assert _index_rows(store) == incremental


def _index_rows(store):
    rows = fingerprint(store)
    people = {num: person_id for num, person_id, *_ in rows["match_people"]}
    return (sorted((p[1:] for p in rows["match_people"]), key=repr),
            sorted((key, people[num]) for key, num in rows["match_keys"]),
            rows["match_key_counts"])


def test_intake_candidates_come_with_reasons_and_a_prc_id_decides(store):
    existing = add_case(store, simple_draft("Kaster Musakhanuly"))
    draft = simple_draft("Hasite Mushahan")  # another spelling, too far on its own
    draft.person.documents = [DocumentDraft("prc_id", number="654021199003071232")]
    with store.write() as session:  # the existing person's ID card, added directly
        from storage.tables import Document

        session.add(Document(person_id=_person_of(store, existing), kind="prc_id",
                             number="654021199003071232", changed_by="tester"))
        case_write.refresh_persons(session, [_person_of(store, existing)])
    with store.read() as session:
        found = find_candidates(session, draft.person)
    assert found[0].case_id == existing and found[0].score == 100
    assert any("same PRC ID number" in reason for reason in found[0].reasons)


def test_different_stops_a_suggestion_and_every_decision_is_recorded(store):
    first = add_case(store, simple_draft("Nurlan Bekov", birth="1990"))
    second = add_case(store, simple_draft("Nurlan Bekov", birth="1990"))
    a, b = _person_of(store, first), _person_of(store, second)
    with store.read() as session:
        assert [c.person_id for c in candidates_for_person(session, a)] == [b]
    unsure_at = author("volunteer", NOW + timedelta(minutes=5))
    decide(store, a, b, "unsure", unsure_at)
    with store.read() as session:
        shown = candidates_for_person(session, b)
    assert (shown[0].decision, shown[0].decided_by) == ("unsure", "volunteer")
    decide(store, b, a, "different", author("coordinator", NOW + timedelta(hours=1)),
           note="different fathers")
    with store.read() as session:
        assert candidates_for_person(session, a) == []
        assert candidates_for_person(session, b) == []
        record = session.get(MatchDecision, decision_id(a, b))
        assert (record.decision, record.changed_by, record.note) == (
            "different", "coordinator", "different fathers")
        revisions = session.exec(select(Revision).where(
            Revision.table_name == "match_decisions")).all()
    assert len(revisions) == 2 and decision_id(a, b) == decision_id(b, a)


@pytest.mark.parametrize("decision, other, message", [
    ("maybe", "other", "A decision is one of"),
    ("same", "self", "cannot be compared with themselves"),
    ("same", "missing", "No person with id"),
])
def test_a_bad_decision_is_refused_and_changes_nothing(store, decision, other, message):
    case_id = add_case(store, simple_draft("Nurlan Bekov"))
    person = _person_of(store, case_id)
    other_id = {"other": _person_of(store, add_case(store, simple_draft("Erlan Bekov"))),
                "self": person, "missing": "0" * 32}[other]
    before = fingerprint(store)
    with pytest.raises(UserError, match=message):
        decide(store, person, other_id, decision, author())
    assert fingerprint(store) == before


def test_saying_different_at_intake_is_recorded_with_the_new_case(store):
    existing = add_case(store, simple_draft("Nurlan Bekov"))
    other = _person_of(store, existing)
    new_case = case_write.create_case(store, simple_draft("Nurlan Bekov"), author(),
                                      decided={other: "different"})
    with store.read() as session:
        assert candidates_for_person(session, _person_of(store, new_case)) == []
        assert session.get(MatchDecision, decision_id(other, _person_of(store, new_case)))


def test_match_name_refuses_what_is_not_a_name(store):
    with store.read() as session:
        for bad, message in (("", "Give a name"), ("!!!", "no letters"),
                             ("x" * 201, "at most 200 characters")):
            with pytest.raises(UserError, match=message):
                match_name(session, bad)
