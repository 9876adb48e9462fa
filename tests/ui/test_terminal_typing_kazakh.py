"""A whole intake typed in Kazakh into the real `caseworker` through a pseudo-terminal at
80x24, one key at a time (issue 21): the first run, the form, the options chosen by
typing the start of their Kazakh names, notes in Kazakh. What is stored is what was
typed, with the stored values (event types, situation, consent) the same as in English.

Slow (about three minutes): `make type-test` runs it; `make test` leaves it out."""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from caseworker.cases.case_read import load_case
from caseworker.opening.unlocking import open_store
from storage.tables import Case
from tests.conftest import PASSPHRASE
from tests.support.seed_typing import KAZAKH, first_run, type_qalymbek_shahman
from tests.support.terminal_keys import Terminal, tmux_available

pytestmark = [
    pytest.mark.skipif(not tmux_available(), reason="needs tmux"),
    pytest.mark.skipif(os.environ.get("CASEWORKER_TYPING") != "1",
                       reason="slow: run with `make type-test`"),
]


def test_a_whole_intake_typed_in_kazakh(tmp_path):
    data_dir = tmp_path / "data"
    term = Terminal(f"cw-{uuid.uuid4().hex[:8]}", data_dir, language="kk")
    try:
        first_run(term, KAZAKH)
        started, keys_before = time.monotonic(), term.keys
        type_qalymbek_shahman(term, KAZAKH)
        shown = term.wait_for(KAZAKH["case view"])   # the case view's tabs, in Kazakh
        seconds, keys = time.monotonic() - started, term.keys - keys_before
        print(f"\nQalymbek Shahman in Kazakh: {keys} keys in {seconds:.0f} s at 80x24")
        assert "Person" not in shown and "Timeline" not in shown
        term.press("C-q")
        deadline = time.monotonic() + 20
        while term.running() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not term.running()
    finally:
        term.close()
    store = open_store(data_dir, PASSPHRASE)
    try:
        with store.read() as session:
            [record] = [load_case(session, case.id) for case in session.exec(select(Case))]
    finally:
        store.close()
    assert [(n.text, n.script) for n in record.names] == [
        ("Qalymbek Shahman", "latn-press"), ("Қалымбек Шахман", "kk-cyrl")]
    assert (record.person.sex, record.person.ethnicity, record.person.citizenships,
            record.person.home_place) == ("male", "қазақ", ["CN"], KAZAKH["home"])
    assert (record.case.situation, record.case.entry_method, record.case.consent_level) == (
        "detained", "transit", "full")
    assert [e.type for e in record.events] == ["denied_entry", "crossed_border",
                                               "extradition_request"]
    request = record.events[2]
    assert request.location_id == "UZ-AP-TAS" and request.zone == "Asia/Tashkent"
    assert request.at == datetime(2019, 2, 7, 7, 0, tzinfo=UTC)  # 12:00 in Tashkent
    assert KAZAKH["transit zone"] in request.note and KAZAKH["demand"] in request.note
    assert record.events[0].note == KAZAKH["refused"]
    assert [(r.name, r.relation) for r in record.relatives] == [(KAZAKH["wife"], "wife")]
    assert record.case.changed_by == KAZAKH["user"]
