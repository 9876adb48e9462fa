"""Travel mode: everything to the office escrow, then only the cases marked to travel
stay on the laptop; a bundle from the office brings the others back."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import select

from caseworker.exchange.bundle_import import apply_bundle, open_bundle, read_bundle_file
from caseworker.exchange.install_keys import add_contact
from caseworker.exchange.travel import finish_travel, pending_travel, prepare_travel
from storage import keyfile
from storage.tables import Case, Revision
from tests.conftest import PASSPHRASE
from tests.support.bundle_helpers import receive, send
from tests.support.case_factory import add_case, author, simple_draft
from tests.support.cli_helpers import run_cli
from tests.support.install_helpers import contact_key, new_install
from tests.support.page_scan import found_in_files

CANARY = f"Travelcanary{uuid.uuid4().hex[:8]}"


@pytest.fixture
def desk(tmp_path, template_store):
    laptop = new_install(template_store, tmp_path / "laptop")
    office = new_install(template_store, tmp_path / "office")
    add_contact(laptop, "office", contact_key(office), author(), escrow=True)
    add_contact(office, "laptop", contact_key(laptop), author())
    yield laptop, office
    laptop.close()
    office.close()


def test_travel_keeps_only_the_marked_cases_and_the_office_restores_the_rest(desk, tmp_path):
    laptop, office = desk
    staying = add_case(laptop, simple_draft(f"{CANARY} Abai", route=f"{CANARY} route"))
    leaving_too = add_case(laptop, simple_draft("Erlan Serikuly"))
    kept = add_case(laptop, simple_draft("Aigerim Travels"))
    plan = prepare_travel(laptop, tmp_path / "travel.cwb", author(), [kept[:8]])
    assert plan.bundle_id and plan.keep == (kept,) and plan.leaving == 2
    receive(office, tmp_path / "travel.cwb")
    assert pending_travel(laptop) is not None

    assert finish_travel(laptop) == 2
    with laptop.read() as session:
        assert [c for c in session.exec(select(Case.id))] == [kept]
        assert not session.exec(select(Revision).where(Revision.case_id == staying)).all()
    key = keyfile.unwrap_database_key(laptop.paths.key_file, PASSPHRASE)
    assert found_in_files(laptop.paths.root, key, CANARY) == []
    assert pending_travel(laptop) is None

    # Back at the office: its bundle brings every case back.
    back = send(office, "laptop", tmp_path)
    apply_bundle(laptop, open_bundle(laptop, read_bundle_file(back)), author())
    with laptop.read() as session:
        assert {staying, leaving_too, kept} <= set(session.exec(select(Case.id)))


def test_changes_after_travel_still_go_in_the_next_bundle(desk, tmp_path):
    laptop, office = desk
    add_case(laptop, simple_draft("Erlan Serikuly"))
    prepare_travel(laptop, tmp_path / "travel.cwb", author(), [])
    receive(office, tmp_path / "travel.cwb")
    finish_travel(laptop)
    new = add_case(laptop, simple_draft("Met On The Road"))
    receive(office, send(laptop, "office", tmp_path, since_last=True))
    with office.read() as session:
        assert session.get(Case, new) is not None


def test_travel_needs_the_escrow_and_a_prepared_bundle(tmp_path, template_store, capsys,
                                                       monkeypatch):
    alone = new_install(template_store, tmp_path / "alone")
    alone.close()
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    data = str(tmp_path / "alone")
    result = run_cli(capsys, "--data-dir", data, "travel", "prepare", "--out",
                     str(tmp_path / "x.cwb"))
    assert result.code == 2 and "escrow" in result.err
    result = run_cli(capsys, "--data-dir", data, "travel", "done", "--yes")
    assert result.code == 2 and "prepare" in result.err
