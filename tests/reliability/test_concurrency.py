"""Two windows on one store (the office desk): writes from two processes at once all land
and leave the store whole; a store held busy says so in a sentence and changes nothing;
an edit made on a version another window has since saved over is refused, not written
over it, and the form keeps what was typed."""

from __future__ import annotations

import subprocess
import sys

import pytest
from textual.widgets import Input

from caseworker.cases import case_write
from caseworker.cases.case_read import load_case
from caseworker.cases.edit_drafts import draft_for_editing
from caseworker.cases.validation import validate_case
from caseworker.opening.unlocking import open_store
from screens.cases.case_view import CaseScreen
from screens.cases.intake import IntakeScreen
from storage.errors import StoreInUse
from tests.conftest import PASSPHRASE
from tests.support.case_factory import NOW, ZONE, author, seed_cases, seed_draft
from tests.support.cli_helpers import ROOT
from tests.support.crash_operations import AddEvent
from tests.support.helpers import wait_for
from tests.support.store_helpers import fingerprint, history_agrees_with_rows
from tests.support.ui_fixtures import SIZE, make_app, open_edit_form, retype

ROUNDS = 25


def test_two_processes_writing_at_once_both_land_whole(data_dir, tmp_path):
    works = [tmp_path / "desk-a", tmp_path / "desk-b"]
    for work in works:
        work.mkdir()
        AddEvent().prepare(data_dir, work)
    children = [subprocess.Popen(
        [sys.executable, "-m", "tests.support.crash_worker", "event", str(data_dir), str(work),
         str(ROUNDS)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for work in works]
    outputs = [child.communicate(timeout=240) for child in children]
    for child, (out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
        assert out.split()[-3] == str(ROUNDS)  # every round reported done ("N steps M")
    store = open_store(data_dir, PASSPHRASE)
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
        history_agrees_with_rows(store)
        for work in works:
            AddEvent().check(store, work, ROUNDS)  # all events, each with its checklist
    finally:
        store.close()


def test_a_store_held_busy_elsewhere_says_so_and_changes_nothing(data_dir, monkeypatch):
    [case_id] = seed_cases(data_dir, seed_draft("yerzhanat-abai"))
    other_window = open_store(data_dir, PASSPHRASE)
    monkeypatch.setattr("storage.engine.BUSY_TIMEOUT_MS", 200)
    this_window = open_store(data_dir, PASSPHRASE)
    try:
        before = fingerprint(this_window)
        with other_window.write() as session:  # a long save in the other window
            session.connection().exec_driver_sql("SELECT 1")
            with pytest.raises(StoreInUse, match="busy in another Caseworker window"):
                case_write.add_note(this_window, case_id, "Lawyer found", author())
        assert fingerprint(this_window) == before
    finally:
        this_window.close()
        other_window.close()


def _edit(store, case_id):
    with store.read() as session:
        return draft_for_editing(session, case_id)


def test_an_edit_over_a_version_saved_meanwhile_is_refused_not_lost(data_dir):
    [case_id] = seed_cases(data_dir, seed_draft("yerzhanat-abai"))
    desk_a, desk_b = open_store(data_dir, PASSPHRASE), open_store(data_dir, PASSPHRASE)
    try:
        draft_a, draft_b = _edit(desk_a, case_id), _edit(desk_b, case_id)
        draft_b.person.ethnicity = "Kazakh (Ili)"
        validate_case(draft_b, ZONE, NOW)
        case_write.update_case(desk_b, case_id, draft_b, author("coordinator"))
        draft_a.route = "Khorgos -> Zharkent"
        validate_case(draft_a, ZONE, NOW)
        with pytest.raises(case_write.EditedElsewhere, match="changed elsewhere"):
            case_write.update_case(desk_a, case_id, draft_a, author("volunteer"))
        again = _edit(desk_a, case_id)  # reopened: the other edit is there, then add ours
        again.route = "Khorgos -> Zharkent"
        validate_case(again, ZONE, NOW)
        case_write.update_case(desk_a, case_id, again, author("volunteer"))
        with desk_a.read() as session:
            record = load_case(session, case_id)
        assert (record.person.ethnicity, record.case.route) == ("Kazakh (Ili)",
                                                                "Khorgos -> Zharkent")
    finally:
        desk_a.close()
        desk_b.close()


async def test_the_edit_form_says_the_case_changed_elsewhere_and_keeps_the_typing(data_dir):
    [case_id] = seed_cases(data_dir, seed_draft("yerzhanat-abai"))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_edit_form(pilot)
        # Meanwhile, at the other desk:
        other = open_store(data_dir, PASSPHRASE)
        try:
            draft = _edit(other, case_id)
            draft.route = "Khorgos -> Zharkent"
            validate_case(draft, ZONE, NOW)
            case_write.update_case(other, case_id, draft, author("coordinator"))
        finally:
            other.close()
        await retype(pilot, "ethnicity", "Kazakh (Ili)")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("changed elsewhere" in str(n.message)
                                          for n in app._notifications))
        assert isinstance(app.screen, IntakeScreen)
        assert app.screen.query_one("#ethnicity", Input).value == "Kazakh (Ili)"
        with app.workspace.store.read() as session:
            record = load_case(session, case_id)
        assert record.case.route == "Khorgos -> Zharkent"  # the other desk's edit stands
        assert record.person.ethnicity != "Kazakh (Ili)"
        assert not isinstance(app.screen, CaseScreen)
