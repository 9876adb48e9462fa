"""Merging bundles between installs: every kind of concurrent edit, re-imports, old
bundles replayed, and three installs exchanging bundles in any order, with drops and
duplicates, that all converge without losing a revision."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from caseworker.cases.case_write import add_event, delete_event
from caseworker.exchange.conflict_inbox import open_conflicts, settle
from caseworker.exchange.shared_records import SHARED_TABLES
from caseworker.risk.questionnaire import answer_question
from storage.tables import Case, Event, RecordHead, Revision
from tests.support.bundle_helpers import receive, send
from tests.support.case_factory import NOW, add_case, seed_draft, simple_draft
from tests.support.install_helpers import introduce, new_install
from tests.support.record_edits import at, edit, value
from tests.support.store_helpers import fingerprint as store_fingerprint


def shared_state(store) -> dict:
    """What must be identical on installs that have exchanged everything."""
    with store.read() as session:
        state = {table: sorted(tuple(sorted(row.model_dump().items()))
                               for row in session.exec(select(model)))
                 for table, model in SHARED_TABLES.items()}
        state["heads"] = sorted((h.table_name, h.record_id, h.head)
                                for h in session.exec(select(RecordHead)))
        state["revisions"] = revision_ids(store)
    return state


def revision_ids(store) -> set[str]:
    with store.read() as session:
        return set(session.exec(select(Revision.id)))


def exchange(a, b, folder) -> None:
    receive(b, send(a, "b" if b is not a else "a", folder))


@pytest.fixture
def pair(tmp_path, template_store):
    """Two installs that share one case (made on A, imported on B)."""
    a = new_install(template_store, tmp_path / "a")
    b = new_install(template_store, tmp_path / "b")
    introduce({"a": a, "b": b})
    case_id = add_case(a, seed_draft("qalymbek-shahman"))
    receive(b, send(a, "b", tmp_path))
    yield a, b, case_id, tmp_path
    a.close()
    b.close()


def both_ways(a, b, folder) -> None:
    receive(b, send(a, "b", folder))
    receive(a, send(b, "a", folder))


def test_different_fields_changed_on_each_side_both_arrive(pair):
    a, b, case_id, folder = pair
    edit(a, Case, case_id, at(1), route="Khorgos, on foot")
    edit(b, Case, case_id, at(2), reported_by="his brother, by phone")
    both_ways(a, b, folder)
    for store in (a, b):
        assert value(store, Case, case_id, "route") == "Khorgos, on foot"
        assert value(store, Case, case_id, "reported_by") == "his brother, by phone"
        assert open_conflicts(store) == []
    assert shared_state(a) == shared_state(b)


def test_the_same_field_changed_alike_is_no_conflict(pair):
    a, b, case_id, folder = pair
    edit(a, Case, case_id, at(1), situation="detained")
    edit(b, Case, case_id, at(2), situation="detained")
    both_ways(a, b, folder)
    assert open_conflicts(a) == [] and open_conflicts(b) == []
    assert shared_state(a) == shared_state(b)


def test_the_same_field_changed_differently_goes_to_the_inbox_and_is_settled(pair):
    a, b, case_id, folder = pair
    agreed = value(a, Case, case_id, "route")
    edit(a, Case, case_id, at(1), route="Khorgos")
    edit(b, Case, case_id, at(2), route="Nur Zholy, by car")
    both_ways(a, b, folder)
    for store in (a, b):
        # what both sides last agreed on shows until someone decides, whichever clock is
        # later (issue 17); both sides are in the inbox
        assert value(store, Case, case_id, "route") == agreed
        [conflict] = open_conflicts(store)
        assert conflict.field == "route" and conflict.case_name == "Qalymbek Shahman"
        assert [s.value for s in conflict.sides] == ["Khorgos", "Nur Zholy, by car"]
    assert shared_state(a) == shared_state(b)
    # a person on B picks A's value; A learns it from B's next bundle, inbox and all
    [conflict] = open_conflicts(b)
    settle(b, conflict.id, conflict.sides[0].value, at(3))
    receive(a, send(b, "a", folder))
    for store in (a, b):
        assert value(store, Case, case_id, "route") == "Khorgos"
        assert open_conflicts(store) == []
    assert shared_state(a) == shared_state(b)


def test_deleted_on_one_side_and_edited_on_the_other_keeps_it_until_decided(pair):
    a, b, case_id, folder = pair
    with a.read() as session:
        event = session.exec(select(Event).where(Event.case_id == case_id)).first()
    delete_event(a, event.id, at(1))
    edit(b, Event, event.id, at(2), note="moved to the SIZO, says his lawyer")
    both_ways(a, b, folder)
    for store in (a, b):
        assert value(store, Event, event.id, "note") == "moved to the SIZO, says his lawyer"
        [conflict] = open_conflicts(store)
        assert conflict.field == "deleted" and {s.value for s in conflict.sides} == {True, False}
    settle(a, open_conflicts(a)[0].id, True, at(3))
    receive(b, send(a, "b", folder))
    for store in (a, b):
        assert value(store, Event, event.id, "note") is None
        assert open_conflicts(store) == []
    assert shared_state(a) == shared_state(b)


def test_added_on_both_sides_is_a_union_and_one_question_answered_twice_conflicts(pair):
    from caseworker.cases.validation import validate_event
    from caseworker.core.drafts import EventDraft

    a, b, case_id, folder = pair
    for store, kind, who in ((a, "transferred", at(1)), (b, "charged", at(2))):
        event = EventDraft(type=kind, at="2026-11-20", zone="Asia/Almaty")
        validate_event(event, "Asia/Almaty", NOW)
        add_event(store, case_id, event, who)
    answer_question(a, case_id, "lawyer_within_24h", "no", at(1))
    answer_question(b, case_id, "lawyer_within_24h", "yes", at(2))
    both_ways(a, b, folder)
    for store in (a, b):
        with store.read() as session:
            types = {e.type for e in session.exec(select(Event).where(Event.case_id == case_id))}
        assert {"transferred", "charged"} <= types
        assert [c.field for c in open_conflicts(store)] == ["answer"]
    assert shared_state(a) == shared_state(b)


def test_importing_a_bundle_again_changes_nothing(pair):
    a, b, case_id, folder = pair
    edit(a, Case, case_id, at(1), route="Khorgos")
    bundle = send(a, "b", folder)
    receive(b, bundle)
    before = store_fingerprint(b)
    plan = receive(b, bundle)
    assert plan.changes_nothing and plan.imported_before
    assert store_fingerprint(b) == before


def test_an_old_bundle_replayed_never_brings_back_old_values(pair):
    a, b, case_id, folder = pair
    edit(a, Case, case_id, at(1), route="first account")
    old = send(a, "b", folder)
    edit(a, Case, case_id, at(2), route="corrected account")
    receive(b, send(a, "b", folder))
    state = shared_state(b)
    plan = receive(b, old)
    assert plan.changes_nothing and plan.older_than is not None
    assert value(b, Case, case_id, "route") == "corrected account"
    assert shared_state(b) == state


def test_changed_since_the_last_bundle_carries_only_the_changed_case(pair):
    a, b, case_id, folder = pair
    other = add_case(a, simple_draft("Yerzhanat Abai"))
    receive(b, send(a, "b", folder))
    edit(a, Case, case_id, at(1), route="Khorgos")
    plan = receive(b, send(a, "b", folder, since_last=True))
    assert plan.bundle.manifest.cases == 1 and plan.changed_cases == [case_id]
    assert other not in plan.changed_cases


# -- three installs, any order ------------------------------------------------------------

FIELDS = {"route": ["Khorgos", "Nur Zholy", "by air"], "reported_by": ["brother", "UNHCR"],
          "situation": ["detained", "at_liberty"]}
edits = st.tuples(st.just("edit"), st.integers(0, 2), st.sampled_from(sorted(FIELDS)),
                  st.integers(0, 2))
# A send goes from install `first` to one of the two others, so none is wasted on itself.
sends = st.tuples(st.just("send"), st.integers(0, 2), st.integers(1, 2), st.just(0))
# A delivery picks any bundle sent so far, delivered or not: out of order, or again.
deliveries = st.tuples(st.just("deliver"), st.integers(0, 20), st.just(""), st.just(0))
# At least two of each, shuffled, so that every example exchanges something.
gossip = st.tuples(st.lists(edits, min_size=2, max_size=5), st.lists(sends, min_size=2,
                                                                     max_size=5),
                   st.lists(deliveries, min_size=2, max_size=5)).flatmap(
    lambda parts: st.permutations([op for part in parts for op in part]))


def test_three_installs_exchanging_in_any_order_converge(tmp_path_factory, template_store):
    seen = {"sends": 0, "out of order": 0, "duplicates": 0, "drops": 0}

    @settings(max_examples=8, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(gossip)
    def converge(operations):
        gossip_among_three(tmp_path_factory.mktemp("gossip"), template_store, operations, seen)

    converge()
    # The property is about bundles crossing in transit: each way must have happened.
    assert all(seen.values()), seen


def gossip_among_three(folder, template_store, operations, seen: dict[str, int]) -> None:
    names = ["x", "y", "z"]
    stores = {n: new_install(template_store, folder / n) for n in names}
    try:
        # x is the office: what it passes on, y and z may change and send to each other.
        introduce(stores, office="x")
        case_id = add_case(stores["x"], simple_draft("Qalymbek Shahman"))
        for n in ("y", "z"):
            receive(stores[n], send(stores["x"], n, folder))
        in_flight: list[tuple[str, str, object]] = []
        delivered: set[int] = set()
        for clock, (kind, first, second, third) in enumerate(operations, start=1):
            if kind == "edit":
                options = FIELDS[second]
                edit(stores[names[first]], Case, case_id, at(clock),
                     **{second: options[third % len(options)]})
            elif kind == "send":
                here, there = names[first], names[(first + second) % 3]
                in_flight.append((here, there, send(stores[here], there, folder)))
                seen["sends"] += 1
            elif kind == "deliver" and in_flight:
                index = first % len(in_flight)
                here, there, path = in_flight[index]
                seen["duplicates"] += index in delivered
                seen["out of order"] += any(i not in delivered and in_flight[i][1] == there
                                            for i in range(index))
                receive(stores[there], path)
                delivered.add(index)
        seen["drops"] += len(in_flight) - len(delivered)
        made = set().union(*(revision_ids(s) for s in stores.values()))
        for _ in range(3):  # then everyone sends to everyone at once, so installs merge
            # the same versions independently: their merges must be the same revisions
            bundles = [(there, send(stores[here], there, folder))
                       for here in names for there in names if here != there]
            for there, path in bundles:
                receive(stores[there], path)
        states = [shared_state(stores[n]) for n in names]
        assert states[0] == states[1] == states[2]
        assert made <= states[0]["revisions"]  # no revision lost on the way
        inboxes = [sorted(((c.record_id, c.field, c.sides) for c in open_conflicts(stores[n])),
                          key=repr) for n in names]
        assert inboxes[0] == inboxes[1] == inboxes[2]
    finally:
        for store in stores.values():
            store.close()
