"""The office's side of the intake desk on the command line: `inbox import | list |
accept | attach | ack`, and `receipts ack | list` back at the desk
(docs/architecture.md §11)."""

from __future__ import annotations

import json

import pytest

from caseworker.opening.unlocking import open_store
from tests.conftest import PASSPHRASE
from tests.support.case_factory import seed_cases, seed_draft
from tests.support.cli_helpers import run_cli
from tests.support.desk_helpers import canary_intake, desk_and_office, new_canary
from tests.support.inbox_helpers import FERGANA_SPELLING, OTHERS, intake
from tests.support.install_helpers import new_install
from tests.support.store_helpers import fingerprint


@pytest.fixture
def installs(tmp_path, template_store, monkeypatch):
    """A desk and its office, closed: the command line opens them. The office holds the
    seed case of Qalymbek Shahman, in RFA's spelling."""
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    desk, office, outbox = desk_and_office(template_store, tmp_path / "installs")
    desk.close()
    office.close()
    on_file = seed_cases(office.paths.root, seed_draft("qalymbek-shahman"))[0]
    return desk.paths.root, office.paths.root, outbox, on_file


def _cli(capsys, root, *args: str):
    return run_cli(capsys, "--data-dir", str(root), *args)


def _rows(root) -> dict:
    store = open_store(root, PASSPHRASE)
    try:
        return fingerprint(store)
    finally:
        store.close()


def _one_line(err: str) -> None:
    assert err.startswith("caseworker: ") and err.count("\n") == 1, err


def _seal(capsys, desk, tmp_path, name: str, volunteer: str = "Aigerim") -> dict:
    case_file = tmp_path / "intake.json"
    case_file.write_text(json.dumps(intake(name)), encoding="utf-8")
    sealed = _cli(capsys, desk, "intake", "add", str(case_file), "--volunteer", volunteer,
                  "--json")
    assert sealed.code == 0, sealed.err
    return sealed.json()


def test_intakes_go_from_the_desk_to_the_inbox_and_back_as_delivered(installs, capsys,
                                                                     tmp_path):
    desk, office, outbox, on_file = installs
    _seal(capsys, desk, tmp_path, FERGANA_SPELLING)
    _seal(capsys, desk, tmp_path, OTHERS[0], "Dana")

    imported = _cli(capsys, office, "inbox", "import", str(outbox), "--json")
    assert imported.code == 0, imported.err
    assert imported.json()["imported"] == 2 and imported.json()["refused"] == 0
    again = _cli(capsys, office, "inbox", "import", str(outbox))
    assert again.code == 0 and "0 intake(s) imported, 2 imported before" in again.out

    listed = _cli(capsys, office, "inbox", "list", "--json").json()
    him = next(row for row in listed if row["candidates"])
    other = next(row for row in listed if not row["candidates"])
    assert [c["case_id"] for c in him["candidates"]] == [on_file]
    assert him["volunteer"] == "Aigerim" and other["volunteer"] == "Dana"
    shown = _cli(capsys, office, "case", "show", him["intake"], "--json").json()
    assert him["display_name"] in json.dumps(shown, ensure_ascii=False)
    plain = _cli(capsys, office, "inbox", "list").out
    assert f"may be {on_file[:8]}" in plain and "Shahman" in plain and "by Dana" in plain

    attached = _cli(capsys, office, "inbox", "attach", him["intake"][:8], on_file[:8])
    assert attached.code == 0 and "same person as case" in attached.out
    for case_id, other_id in ((on_file, him["intake"]), (him["intake"], on_file)):
        shown = _cli(capsys, office, "case", "show", case_id, "--json").json()
        assert shown["same_person_as"] == [other_id]
    assert f"same person as case {him['intake']}" in _cli(capsys, office, "case", "show",
                                                           on_file).out
    accepted = _cli(capsys, office, "inbox", "accept", other["intake"])
    assert accepted.code == 0 and "new case" in accepted.out
    assert _cli(capsys, office, "inbox", "list").out == "No intakes are waiting.\n"

    ack = tmp_path / "ack.json"
    written = _cli(capsys, office, "inbox", "ack", "--out", str(ack), "--json")
    assert written.code == 0 and written.json()["bundles"] == 2
    taken = _cli(capsys, desk, "receipts", "ack", str(ack))
    assert taken.code == 0 and taken.out == "2 sealed, 2 delivered.\n"
    receipts = _cli(capsys, desk, "receipts", "list", "--json").json()
    assert all(r["delivered_at"] and not r["overdue"] for r in receipts)
    assert "delivered" in _cli(capsys, desk, "receipts", "list").out


def test_the_office_side_prints_no_case_data_but_where_case_list_would(installs, capsys,
                                                                      tmp_path):
    desk, office, outbox, _ = installs
    canary = new_canary()
    case_file = tmp_path / "intake.json"
    case_file.write_text(json.dumps(canary_intake(canary)), encoding="utf-8")
    assert _cli(capsys, desk, "intake", "add", str(case_file), "--volunteer", "A").code == 0
    (outbox / "notes.txt").write_text("not a bundle")
    ack = tmp_path / "ack.json"
    runs = [_cli(capsys, office, "inbox", "import", str(outbox), "--json"),
            _cli(capsys, office, "inbox", "import", str(outbox)),
            _cli(capsys, office, "inbox", "ack", "--out", str(ack)),
            _cli(capsys, desk, "receipts", "ack", str(ack)),
            _cli(capsys, desk, "receipts", "list")]
    assert [r.code for r in runs] == [2, 2, 0, 0, 0]
    seen = "".join(r.out + r.err for r in runs) + ack.read_text()
    assert canary not in seen and canary.lower() not in seen
    # The list shows the name, as `case list` does, and no other field.
    listed = _cli(capsys, office, "inbox", "list").out
    assert f"{canary} Abai" in listed
    assert listed.count(canary) == 1


def test_refused_files_are_one_sentence_each_and_the_rest_imported(installs, capsys,
                                                                    tmp_path):
    desk, office, outbox, _ = installs
    _seal(capsys, desk, tmp_path, OTHERS[0])
    (outbox / "notes.txt").write_text("not a bundle")
    (outbox / ".intake-AAAA-BBBB.cwb.1.tmp").write_bytes(b"half")  # a desk's temp file
    result = _cli(capsys, office, "inbox", "import", str(outbox))
    assert result.code == 2 and "1 intake(s) imported" in result.out
    _one_line(result.err)
    assert result.err.startswith("caseworker: notes.txt: This is not a bundle")


def test_a_forged_acknowledgement_is_refused_and_changes_nothing(installs, capsys, tmp_path,
                                                                 template_store):
    desk, office, outbox, _ = installs
    _seal(capsys, desk, tmp_path, OTHERS[0])
    assert _cli(capsys, office, "inbox", "import", str(outbox)).code == 0
    impostor = new_install(template_store, tmp_path / "impostor")
    impostor.close()
    ack = tmp_path / "ack.json"
    assert _cli(capsys, impostor.paths.root, "inbox", "ack", "--out", str(ack)).code == 0
    before = _rows(desk)
    result = _cli(capsys, desk, "receipts", "ack", str(ack))
    assert result.code == 2 and result.out == ""
    _one_line(result.err)
    assert "not signed by this desk's office key" in result.err
    assert _rows(desk) == before
    assert "not delivered yet" in _cli(capsys, desk, "receipts", "list").out


@pytest.mark.parametrize("where, args, words", [
    ("office", ("inbox", "import", "nowhere"), "There is no folder"),
    ("office", ("inbox", "accept", "abc"), "INTAKE"),
    ("office", ("inbox", "attach", "ffffffffff", "abcdef"), "INTAKE"),
    ("office", ("inbox", "attach"), "the following arguments are required"),
    ("office", ("inbox", "ack"), "--out"),
    ("office", ("inbox", "ack", "--out", "no/such/folder/ack.json"), "--out"),
    ("office", ("inbox", "ack", "--out", "ack.json", "--desk", "nobody"), "--desk"),
    ("office", ("receipts", "ack", "ack.json"), "not an intake desk"),
    ("desk", ("receipts", "ack", "missing.json"), "There is no file"),
    ("desk", ("receipts", "ack"), "FILE"),
    ("desk", ("inbox", "list"), "intake desk"),
    ("desk", ("inbox", "import", "."), "intake desk"),
])
def test_bad_arguments_are_one_sentence_and_change_nothing(installs, capsys, tmp_path,
                                                           monkeypatch, where, args, words):
    desk, office, _, _ = installs
    root = office if where == "office" else desk
    monkeypatch.chdir(tmp_path)
    before = _rows(root)
    result = _cli(capsys, root, *args)
    assert result.code == 2 and words in result.err, result.err
    assert result.out == "" and "Traceback" not in result.err
    _one_line(result.err)
    assert _rows(root) == before
