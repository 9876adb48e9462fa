"""An intake desk seals each intake as a bundle only the office can open, and keeps
nothing of it but a receipt (docs/architecture.md §11)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import select

from caseworker.cases.case_file import case_to_json, draft_from_json
from caseworker.cases.case_read import load_case
from caseworker.core.user_errors import UserError
from caseworker.desk.receipts import list_receipts, receipt_to_json
from caseworker.desk.sealing import seal_intake
from caseworker.exchange.bundle_format import open_with_identity
from caseworker.exchange.install_keys import own_keys
from storage.tables import BundleLog, Case, Event, Revision
from tests.support.bundle_helpers import receive
from tests.support.case_factory import ZONE, author
from tests.support.desk_helpers import PLACE_ID, canary_intake, desk_and_office, new_canary
from tests.support.page_scan import found_in_files
from tests.support.store_helpers import fingerprint


@pytest.fixture
def installs(tmp_path, template_store):
    desk, office, outbox = desk_and_office(template_store, tmp_path / "installs")
    yield desk, office, outbox
    desk.close()
    office.close()


def _seal(desk, canary: str, volunteer: str = "Aigerim"):
    return seal_intake(desk, draft_from_json(canary_intake(canary)), volunteer, author(),
                       ZONE)


def test_the_desk_keeps_a_receipt_and_nothing_of_the_case(installs, tmp_path):
    desk, _, outbox = installs
    canary = new_canary()
    sealed = _seal(desk, canary)

    receipt = receipt_to_json(sealed.receipt)
    assert receipt["number"] == 1 and receipt["volunteer"] == "Aigerim"
    assert sealed.path.parent == outbox and sealed.receipt.reference in sealed.path.name
    assert [p.name for p in outbox.iterdir()] == [sealed.path.name]
    rows = fingerprint(desk)
    assert rows["cases"] == rows["persons"] == rows["events"] == rows["case_summaries"] == []
    with desk.read() as session:  # the shipped places' first revisions, and nothing else
        assert set(session.exec(select(Revision.table_name))) == {"places"}
    assert canary not in repr(rows) and canary.lower() not in repr(rows)
    # Every page and WAL frame, decrypted with the desk's key, and every other file.
    assert found_in_files(tmp_path / "installs" / "desk", bytes(desk._key), canary) == []
    with desk.read() as session:
        assert [r.reference for r in list_receipts(session)] == [sealed.receipt.reference]
        assert canary not in json.dumps([receipt_to_json(r) for r in list_receipts(session)])


def test_the_office_opens_the_intake_with_every_field(installs):
    desk, office, _ = installs
    canary = new_canary()
    sealed = _seal(desk, canary)

    receive(office, sealed.path)
    with office.read() as session:
        case_id = session.exec(select(Case.id)).one()
        text = json.dumps(case_to_json(load_case(session, case_id)), ensure_ascii=False)
        authors = set(session.exec(select(Revision.author).where(Revision.case_id == case_id)))
        linked = session.exec(select(Event.location_id).where(Event.case_id == case_id)).all()
    for value in _strings(canary_intake(canary)):
        assert value in text, value
    assert authors == {"Aigerim"}
    assert PLACE_ID in linked  # the place picked at the desk is the office's own


def test_the_desk_cannot_open_what_it_sealed(installs):
    desk, office, _ = installs
    sealed = _seal(desk, new_canary())
    with desk.read() as session:
        own = own_keys(session).age_identity
    with office.read() as session:
        theirs = own_keys(session).age_identity
    with pytest.raises(Exception):  # noqa: B017 - age says only that no identity matched
        open_with_identity(sealed.path.read_bytes(), own)
    assert open_with_identity(sealed.path.read_bytes(), theirs)


def test_intakes_are_numbered_for_the_office_to_name_a_gap(installs):
    desk, office, _ = installs
    first, second = _seal(desk, new_canary()), _seal(desk, new_canary(), "Dana")
    assert [first.receipt.number, second.receipt.number] == [1, 2]
    assert first.receipt.reference != second.receipt.reference
    receive(office, second.path)
    with office.read() as session:
        numbers = session.exec(select(BundleLog.peer_sequence).where(
            BundleLog.direction == "received")).all()
    assert numbers == [2]
    with desk.read() as session:
        assert [r.volunteer for r in list_receipts(session)] == ["Dana", "Aigerim"]


def test_two_volunteers_sealing_at_once_take_turns(installs):
    desk, _, outbox = installs
    with ThreadPoolExecutor(2) as pool:
        sealed = list(pool.map(lambda name: _seal(desk, new_canary(), name), ["A", "B"]))
    assert sorted(s.receipt.number for s in sealed) == [1, 2]
    with desk.read() as session:
        numbers = session.exec(select(BundleLog.peer_sequence).where(
            BundleLog.direction == "sent")).all()
    assert sorted(numbers) == [1, 2] and len(list(outbox.iterdir())) == 2


def test_a_seal_killed_mid_write_leaves_nothing_behind_the_next(installs):
    desk, _, outbox = installs
    abandoned = outbox / ".intake-AAAA-BBBB.cwb.999999999.tmp"  # no such process
    abandoned.write_bytes(b"half a bundle")
    sealed = _seal(desk, new_canary())
    assert [p.name for p in outbox.iterdir()] == [sealed.path.name]


def test_a_missing_outbox_seals_nothing_and_keeps_the_store(installs):
    desk, _, outbox = installs
    before = fingerprint(desk)
    outbox.rmdir()
    with pytest.raises(UserError, match="outbox folder"):
        _seal(desk, new_canary())
    assert fingerprint(desk) == before


def test_an_invalid_intake_or_volunteer_is_refused_before_anything_is_written(installs):
    desk, _, outbox = installs
    before = fingerprint(desk)
    bad = canary_intake(new_canary()) | {"situation": "nowhere"}
    with pytest.raises(UserError):
        seal_intake(desk, draft_from_json(bad), "Aigerim", author(), ZONE)
    with pytest.raises(UserError, match="volunteer"):
        _seal(desk, new_canary(), volunteer=" \n ")
    assert fingerprint(desk) == before
    assert list(outbox.iterdir()) == []


def test_only_a_desk_seals_intakes(store, tmp_path):
    with pytest.raises(UserError, match="not an intake desk"):
        seal_intake(store, draft_from_json(canary_intake(new_canary())), "Aigerim",
                    author(), ZONE)


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(
        value, list) else []
    return [s for item in items for s in _strings(item)]
