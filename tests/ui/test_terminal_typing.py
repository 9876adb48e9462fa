"""The first run and a whole intake typed into the real `caseworker` through a
pseudo-terminal at 80x24, one key at a time at a human pace (issue 19): what is stored is
what was typed, and the store opens with the passphrase chosen, typed once. Then a shift
at an intake desk (issue 22): a seed intake typed there is sealed, its receipt read off
the screen, and the office reads what was typed from the bundle in the outbox.

Slow (about four minutes): `make type-test` runs it; `make test` leaves it out."""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from caseworker.cases.case_read import load_case
from caseworker.core.config import load_config
from caseworker.core.store_settings import read_settings
from caseworker.opening.unlocking import open_store
from storage.tables import Case
from tests.conftest import PASSPHRASE
from tests.support.bundle_helpers import receive
from tests.support.desk_helpers import desk_and_office
from tests.support.seed_typing import ENGLISH, first_run, type_qalymbek_shahman
from tests.support.terminal_keys import Terminal, tmux_available

pytestmark = [
    pytest.mark.skipif(not tmux_available(), reason="needs tmux"),
    pytest.mark.skipif(os.environ.get("CASEWORKER_TYPING") != "1",
                       reason="slow: run with `make type-test`"),
]


def _yerzhanat_abai(term: Terminal) -> None:
    """RFA, 16 May 2025, from the dashboard: a young man held some 40 km from Khorgos.
    Fields left as they are (passport, relatives) are passed with Tab, as a volunteer
    who does not know them would."""
    term.press("n")
    term.wait_for("exactly as written")
    term.fill("Yerzhanat Abai")
    term.choose("Latin, Eng")
    term.tabs(5)                                     # past the name's columns to Sex
    term.choose("Ma")
    term.tabs(2)                                     # past the birth date
    term.fill("23")
    term.fill("16.05.2025")                          # the day the age was reported
    term.fill("Kazakh")
    term.fill("cn")
    term.fill("Gongliu county, Ili prefecture, Xinjiang")
    term.tabs(7)                                     # languages, papers: not known
    term.tabs(1)                                     # no route known
    term.choose("Cr")                                # crossed a border
    term.tabs(1)
    term.fill("27.03.2025")
    term.type("Kazakhstan")
    term.press("F6")
    term.choose("Con")                               # contacted an organisation
    term.tabs(1)
    term.fill("31.03.2025")
    term.fill("Almaty")
    term.type("Sought help from Atajurt")
    term.press("F6")
    term.choose("Det")                               # detained
    term.tabs(1)
    term.fill("05.2025")
    term.type("Zharkent")
    term.press("F4")
    term.wait_for("best first")
    term.press("Enter")
    term.wait_for("Linked to")
    term.fill("")                                    # to the note
    term.fill("Panfilov City Detention Center")
    term.choose("Det")                               # situation
    term.tabs(3)
    term.fill("Atajurt (Serikzhan Bilash)")
    term.fill("https://rfa.org/english/china/2025/05/16/china-xinjiang-kazakh-detainee")
    term.fill("RFA")
    term.tabs(1)
    term.fill("16.05.2025")
    term.fill("en")
    term.tabs(1 + 5 + 4)                             # no relative, no contact known
    term.choose("Full")
    term.fill("Publicised by Atajurt")
    term.type("Held about 40 km from the border with China.")
    term.press("F2")


def test_first_run_and_a_whole_intake_typed_in_a_terminal(tmp_path):
    data_dir = tmp_path / "data"
    term = Terminal(f"cw-{uuid.uuid4().hex[:8]}", data_dir)
    try:
        started = time.monotonic()
        first_run(term, ENGLISH)
        print(f"\nfirst run: {term.keys} keys in {time.monotonic() - started:.0f} s at 80x24")
        started, keys_before = time.monotonic(), term.keys
        type_qalymbek_shahman(term, ENGLISH)
        term.wait_for("2 Person")                    # the case view's tabs
        seconds, keys = time.monotonic() - started, term.keys - keys_before
        print(f"Qalymbek Shahman: {keys} keys in {seconds:.0f} s at 80x24")
        term.press("Escape")
        term.wait_for("Qalymbek Shahman")            # back on the dashboard
        started, keys_before = time.monotonic(), term.keys
        _yerzhanat_abai(term)
        term.wait_for("2 Person")
        seconds, keys = time.monotonic() - started, term.keys - keys_before
        print(f"Yerzhanat Abai: {keys} keys in {seconds:.0f} s at 80x24")
        term.press("C-q")
        deadline = time.monotonic() + 20
        while term.running() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not term.running()
    finally:
        term.close()
    store = open_store(data_dir, PASSPHRASE)  # the passphrase is the one typed, once
    try:
        with store.read() as session:
            assert read_settings(session, load_config(data_dir)).user == "Aigerim Sadykova"
            records = [load_case(session, case.id) for case in session.exec(select(Case))]
    finally:
        store.close()
    by_name = {record.names[0].text: record for record in records}
    assert sorted(by_name) == ["Qalymbek Shahman", "Yerzhanat Abai"]
    _check_yerzhanat_abai(by_name["Yerzhanat Abai"])
    record = by_name["Qalymbek Shahman"]
    assert [(n.text, n.script) for n in record.names] == [
        ("Qalymbek Shahman", "latn-press"), ("Қалымбек Шахман", "kk-cyrl")]
    assert (record.person.sex, record.person.ethnicity, record.person.citizenships) == (
        "male", "Kazakh", ["CN"])
    assert (record.case.situation, record.case.entry_method, record.case.consent_level) == (
        "detained", "transit", "full")
    assert [e.type for e in record.events] == ["denied_entry", "crossed_border",
                                               "extradition_request"]
    request = record.events[2]
    assert request.location_id == "UZ-AP-TAS" and request.zone == "Asia/Tashkent"
    assert request.at == datetime(2019, 2, 7, 7, 0, tzinfo=UTC)  # 12:00 in Tashkent
    assert "place as written: Tashkent airport transit zone" in request.note
    assert record.sources[0].published == "2019-02-08"
    assert [(r.name, r.relation) for r in record.relatives] == [("His wife", "wife")]
    assert [c.name for c in record.contacts] == ["Atajurt employee"]
    assert record.case.changed_by == "Aigerim Sadykova"


def _check_yerzhanat_abai(record) -> None:
    assert [(n.text, n.script) for n in record.names] == [("Yerzhanat Abai", "latn-press")]
    assert (record.person.sex, record.person.age_reported, record.person.citizenships,
            record.person.home_place) == (
        "male", 23, ["CN"], "Gongliu county, Ili prefecture, Xinjiang")
    assert record.person.age_reported_on == "2025-05-16"
    assert [e.type for e in record.events] == ["crossed_border", "contacted_org", "detained"]
    detained = record.events[2]
    assert detained.zone == "Asia/Almaty" and detained.location_id
    assert "Panfilov City Detention Center" in detained.note
    assert record.case.situation == "detained"
    assert record.case.reported_by == "Atajurt (Serikzhan Bilash)"
    assert record.sources[0].published == "2025-05-16"
    assert record.case.consent_level == "full"
    assert record.case.changed_by == "Aigerim Sadykova"


def _reference(screen: str) -> str:
    """The reference on the receipt, as the volunteer reads it out: "D 2 L B   6 Y F E"."""
    line = next(line for line in screen.splitlines() if "   " in line.strip("│ █")
                and all(len(word) == 1 for word in line.strip("│ █").split()))
    letters = "".join(line.strip("│ █").split())
    return f"{letters[:4]}-{letters[4:]}"


def test_a_desk_shift_typed_in_a_terminal(tmp_path, template_store):
    desk, office, outbox = desk_and_office(template_store, tmp_path / "installs")
    desk.close()
    term = Terminal(f"cw-{uuid.uuid4().hex[:8]}", tmp_path / "installs" / "desk")
    try:
        term.wait_for("Enter your passphrase")
        term.type(PASSPHRASE)
        term.press("Enter")
        term.wait_for("Who is at the desk?")
        term.type("Aigerim Sadykova")
        term.press("Enter")
        term.wait_for("At the desk: Aigerim Sadykova")
        started, keys_before = time.monotonic(), term.keys
        _yerzhanat_abai(term)
        shown = term.wait_for("Reference for the visitor")
        seconds, keys = time.monotonic() - started, term.keys - keys_before
        print(f"\nYerzhanat Abai at the desk: {keys} keys in {seconds:.0f} s at 80x24")
        reference = _reference(shown)
        assert [p.name for p in outbox.iterdir()] == [f"intake-{reference}.cwb"]
        term.press("Enter")                          # the next visitor: an empty form
        empty = term.wait_for("exactly as written")
        assert "Yerzhanat" not in empty and "Atajurt" not in empty
        term.press("Escape")
        term.press("r")                              # the receipts
        receipts = term.wait_for(reference)
        assert "Aigerim Sadykova" in receipts and "Yerzhanat" not in receipts
        term.press("C-q")
        deadline = time.monotonic() + 20
        while term.running() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not term.running()
    finally:
        term.close()
    try:
        receive(office, outbox / f"intake-{reference}.cwb")
        with office.read() as session:
            records = [load_case(session, case.id) for case in session.exec(select(Case))]
    finally:
        office.close()
    assert [record.names[0].text for record in records] == ["Yerzhanat Abai"]
    _check_yerzhanat_abai(records[0])  # changed by the volunteer at the desk
