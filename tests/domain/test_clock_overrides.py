"""The organisation's clock file: edits, additions and disabled clocks laid over the
shipped templates, kept in the store across upgrades, and never moving a due time
without showing it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from caseworker.cases import case_write
from caseworker.cases.validation import validate_event
from caseworker.core.drafts import EventDraft
from caseworker.core.user_errors import UserError
from caseworker.deadlines.clock_overrides import (
    move_to_template,
    set_organisation_clocks,
    template_drift,
    templates_in_effect,
)
from storage.tables import ChecklistItem, Revision
from tests.support.case_factory import NOW, ZONE, add_case, author, simple_draft
from tests.support.store_helpers import fingerprint

OFFICE = """
version = "office-1"
disabled = ["KZ-C3"]

[[clock]]
id = "INT-UNHCR"
duration = 48
verified = true

[[clock]]
id = "KZ-OFFICE-CALL"
jurisdiction = "KZ"
track = "criminal"
trigger = "detained"
duration = 2
unit = "hours"
as_stated = "office rule: call the family within 2 hours"
action = "Call the family and tell them where the person is held."
who_acts = "caseworker"
legal_basis = "Office procedure"
sources = ["https://example.org/office-procedure"]
confidence = "high"
verified = true
"""


def _detain(store, case_id, at="2026-11-22T10:00+05:00") -> None:
    event = EventDraft("detained", at, location="Zharkent")
    validate_event(event, ZONE, NOW)
    case_write.add_event(store, case_id, event, author())


def _open_clocks(store, case_id) -> dict[str, ChecklistItem]:
    with store.read() as session:
        items = session.exec(select(ChecklistItem).where(
            ChecklistItem.case_id == case_id, ChecklistItem.status == "open")).all()
    return {item.clock_id: item for item in items}


def test_edits_additions_and_disabled_clocks_apply_to_new_events(store):
    set_organisation_clocks(store, OFFICE)
    with store.read() as session:
        templates = templates_in_effect(session)
    assert templates.version.endswith("+office-1")
    by_id = {t.id: t for t in templates.templates}
    assert "KZ-C3" not in by_id and by_id["INT-UNHCR"].duration == 48
    # an edit keeps every field it does not name
    assert by_id["INT-UNHCR"].action.startswith("Inform UNHCR")
    case_id = add_case(store, simple_draft("Test Person"))
    _detain(store, case_id)
    clocks = _open_clocks(store, case_id)
    assert "KZ-C3" not in clocks and "KZ-OFFICE-CALL" in clocks
    assert clocks["KZ-OFFICE-CALL"].template_version.endswith("+office-1")


def test_the_file_lives_in_the_store_and_survives_reopening(data_dir, store):
    from caseworker.opening.unlocking import open_store
    from tests.conftest import PASSPHRASE

    set_organisation_clocks(store, OFFICE)
    store.close()
    reopened = open_store(data_dir, PASSPHRASE)
    try:
        with reopened.read() as session:
            assert templates_in_effect(session).version.endswith("+office-1")
    finally:
        reopened.close()


@pytest.mark.parametrize("text, problem", [
    ("disabled = []", "needs a version"),
    ('version = "x"\ndisabled = ["KZ-NOPE"]', "does not exist: KZ-NOPE"),
    ('version = "x"\n[[clock]]\nid = "INT-UNHCR"\nunit = "weeks"', "INT-UNHCR, unit"),
    ('version = "x"\n[[clock]]\nid = "NEW-1"\nduration = 3', "NEW-1, jurisdiction"),
    ('version = "x"\ncolour = "red"', "colour is not a setting"),
    ("version = ", "not valid TOML"),
])
def test_a_bad_file_is_refused_and_the_store_is_unchanged(store, text, problem):
    set_organisation_clocks(store, OFFICE)
    before = fingerprint(store)
    with pytest.raises(UserError, match=problem):
        set_organisation_clocks(store, text)
    assert fingerprint(store) == before
    with store.read() as session:
        assert templates_in_effect(session).version.endswith("+office-1")


def test_a_changed_template_shows_the_new_due_time_and_moves_it_only_when_asked(store):
    case_id = add_case(store, simple_draft("Test Person"))
    _detain(store, case_id)
    old_due = _open_clocks(store, case_id)["INT-UNHCR"].due
    _, drifts = set_organisation_clocks(store, OFFICE)
    moved = {d.item.clock_id: d for d in drifts}
    assert set(moved) == {"INT-UNHCR"}
    assert moved["INT-UNHCR"].template_due - old_due == timedelta(hours=48 - 24)
    # nothing moved yet
    assert _open_clocks(store, case_id)["INT-UNHCR"].due == old_due
    item = move_to_template(store, moved["INT-UNHCR"].item.id, author())
    assert item.due == moved["INT-UNHCR"].template_due and "due moved from" in item.note
    with store.read() as session:
        assert template_drift(session, templates_in_effect(session), case_id) == []
        revisions = session.exec(select(Revision).where(Revision.record_id == item.id)).all()
    assert len(revisions) == 2  # the old due time stays in the item's history
    with pytest.raises(UserError, match="already has the due time"):
        move_to_template(store, item.id, author())


def test_the_clocks_command_sets_lists_and_resets(capsys, data_dir, monkeypatch, tmp_path):
    from tests.conftest import PASSPHRASE
    from tests.support.cli_helpers import run_cli

    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    office = tmp_path / "office.toml"
    office.write_text(OFFICE)
    result = run_cli(capsys, "clocks", "set", str(office))
    assert result.code == 0 and "+office-1" in result.out
    listed = run_cli(capsys, "clocks", "list", "--json").json()
    assert "KZ-OFFICE-CALL" in {c["id"] for c in listed["clocks"]}
    bad = tmp_path / "bad.toml"
    bad.write_text('version = "x"\ndisabled = ["KZ-NOPE"]')
    refused = run_cli(capsys, "clocks", "set", str(bad))
    assert refused.code == 2 and len(refused.err.strip().splitlines()) == 1
    missing = run_cli(capsys, "clocks", "set", str(tmp_path / "none.toml"))
    assert missing.code == 2
    run_cli(capsys, "clocks", "set", "--reset")
    assert "+" not in run_cli(capsys, "clocks", "list", "--json").json()["version"]
