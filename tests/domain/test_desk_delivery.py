"""Delivery confirmed: the office's signed acknowledgement of the bundles it received marks
a desk's receipts delivered, and nothing else does (docs/architecture.md §11)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from caseworker.core.user_errors import UserError
from caseworker.desk.delivery import acknowledge, acknowledge_each, take_acknowledgement
from caseworker.desk.desk_mode import make_desk
from caseworker.desk.inbox_import import import_folder
from caseworker.desk.receipts import ReceiptSummary, list_receipts, receipt_summary
from caseworker.exchange.acknowledgement import Received, write_acknowledgement
from caseworker.exchange.install_keys import add_contact, own_keys
from tests.support.case_factory import NOW, author
from tests.support.desk_helpers import desk_and_office
from tests.support.inbox_helpers import OTHERS, folder_of, seal
from tests.support.install_helpers import contact_key, new_install
from tests.support.store_helpers import fingerprint

LATER = NOW + timedelta(hours=2)


@pytest.fixture
def installs(tmp_path, template_store):
    desk, office, outbox = desk_and_office(template_store, tmp_path / "installs")
    yield desk, office, outbox
    desk.close()
    office.close()


def test_what_the_office_acknowledges_is_marked_delivered(installs, tmp_path):
    desk, office, _ = installs
    sealed = [seal(desk, name, minutes=n) for n, name in enumerate(OTHERS[:3])]
    import_folder(office, folder_of([s.path for s in sealed[:2]], tmp_path / "carried"),
                  author())
    ack = tmp_path / "ack.json"
    assert acknowledge(office, ack, author()) == 2

    summary = take_acknowledgement(desk, ack, author(now=LATER))
    assert summary == ReceiptSummary(sealed=3, delivered=2, overdue=0)
    assert summary.describe() == "3 sealed, 2 delivered"
    with desk.read() as session:
        delivered = {r.number: r.delivered_at for r in list_receipts(session)}
    assert delivered == {1: LATER, 2: LATER, 3: None}
    # The same acknowledgement again keeps the first delivery's time.
    take_acknowledgement(desk, ack, author(now=LATER + timedelta(hours=1)))
    with desk.read() as session:
        assert {r.number: r.delivered_at for r in list_receipts(session)} == delivered


def test_a_receipt_without_acknowledgement_after_a_day_is_overdue(installs):
    desk, _, _ = installs
    seal(desk, OTHERS[0])
    seal(desk, OTHERS[1], minutes=60 * 23)
    with desk.read() as session:
        assert receipt_summary(session, NOW + timedelta(hours=25)) == ReceiptSummary(2, 0, 1)
        assert receipt_summary(session, NOW + timedelta(hours=1)).overdue == 0
    assert ReceiptSummary(2, 0, 1).describe() == \
        "2 sealed, 0 delivered, 1 not delivered after a day"


def test_only_the_office_a_desk_was_set_up_with_can_acknowledge(installs, tmp_path,
                                                                template_store):
    desk, office, outbox = installs
    sealed = seal(desk, OTHERS[0])
    import_folder(office, outbox, author())
    honest = tmp_path / "ack.json"
    acknowledge(office, honest, author())
    receipt = sealed.receipt
    listed = [Received(_fingerprint(desk), receipt.bundle_id, receipt.bundle_sha256)]
    another_office = new_install(template_store, tmp_path / "another")
    with another_office.read() as session:
        foreign = write_acknowledgement(own_keys(session), listed, "2026-11-22T12:00:00Z")
    another_office.close()
    altered = json.loads(honest.read_text())
    altered["body"] = altered["body"].replace(receipt.bundle_id, receipt.bundle_id[::-1])
    before = fingerprint(desk)
    for name, data, words in [
            ("foreign.json", foreign, "another office"),
            ("altered.json", json.dumps(altered).encode(), "altered"),
            ("junk.json", b"\x00\xff not json", "not an acknowledgement"),
            ("bundle.cwb", sealed.path.read_bytes(), "not an acknowledgement")]:
        (tmp_path / name).write_bytes(data)
        with pytest.raises(UserError, match=words):
            take_acknowledgement(desk, tmp_path / name, author())
    with pytest.raises(UserError, match="There is no file"):
        take_acknowledgement(desk, tmp_path / "missing.json", author())
    assert fingerprint(desk) == before


def test_an_acknowledgement_lists_one_desk_when_asked(installs, tmp_path):
    desk, office, outbox = installs
    seal(desk, OTHERS[0])
    import_folder(office, outbox, author())
    assert acknowledge(office, tmp_path / "one.json", author(), desk="front desk") == 1
    with pytest.raises(UserError, match="--desk"):
        acknowledge(office, tmp_path / "none.json", author(), desk="back desk")
    with pytest.raises(UserError, match="--out"):
        acknowledge(office, tmp_path / "no such folder" / "ack.json", author())
    assert not (tmp_path / "none.json").exists()


def _fingerprint(store) -> str:
    with store.read() as session:
        return own_keys(session).fingerprint


def test_each_desk_learns_only_of_its_own_bundles(installs, tmp_path, template_store):
    """A seized desk's acknowledgement must not tell how many intakes other desks sent."""
    desk, office, outbox = installs
    second_outbox = tmp_path / "second-outbox"
    second_outbox.mkdir()
    second = new_install(template_store, tmp_path / "second")
    make_desk(second, contact_key(office), second_outbox, author())
    add_contact(office, "back desk", contact_key(second), author())
    seal(desk, OTHERS[0])
    seal(second, OTHERS[1])
    import_folder(office, outbox, author())
    import_folder(office, second_outbox, author())
    with pytest.raises(UserError, match="several desks"):
        acknowledge(office, tmp_path / "all.json", author())
    assert acknowledge(office, tmp_path / "front.json", author(), desk="front desk") == 1
    written = acknowledge_each(office, tmp_path / "ack.txt", author())
    assert [(path.name, count) for path, count in written] == [
        ("ack-back-desk.txt", 1), ("ack-front-desk.txt", 1)]
    assert take_acknowledgement(second, tmp_path / "front.json", author()).delivered == 0
    summary = take_acknowledgement(second, tmp_path / "ack-back-desk.txt", author())
    assert summary.delivered == 1
    second.close()


def test_a_malformed_acknowledgement_is_one_sentence(installs, tmp_path):
    desk, _, _ = installs
    nested = tmp_path / "nested.json"
    nested.write_text("[" * 100_000)
    wrong_types = tmp_path / "types.json"
    wrong_types.write_text(json.dumps({"format": "caseworker-acknowledgement",
                                       "body": "{}", "signature": {"a": 1}}))
    for path in (nested, wrong_types, tmp_path):
        before = fingerprint(desk)
        with pytest.raises(UserError):
            take_acknowledgement(desk, path, author())
        assert fingerprint(desk) == before
