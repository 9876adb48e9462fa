"""The intake desk on the command line: `init --desk`, `intake add`, `receipts list`, and
every command that would read cases refused in one sentence (docs/architecture.md §11)."""

from __future__ import annotations

import json

import pytest

from caseworker.core.user_errors import UserError
from caseworker.opening.unlocking import open_store
from tests.conftest import PASSPHRASE
from tests.support.cli_helpers import run_cli, run_process
from tests.support.desk_helpers import canary_intake, desk_and_office, new_canary
from tests.support.install_helpers import contact_key, new_install
from tests.support.page_scan import found_in_files
from tests.support.store_helpers import fingerprint

# Commands that would read, add or send cases, with the arguments each needs to parse.
REFUSED = [("case", "list"), ("case", "show", "abcdef"), ("case", "add", "x.json"),
           ("case", "purge", "abcdef", "--yes"),
           ("event", "add", "abcdef", "--type", "detained", "--at", "2026-11-20"),
           ("match", "Abai"), ("deadlines",), ("risk", "abcdef"), ("clocks", "list"),
           ("bundle", "export", "--out", "b.cwb", "--to", "office"),
           ("bundle", "import", "b.cwb", "--yes"), ("conflicts", "list"),
           ("travel", "prepare", "--out", "b.cwb"), ("keys", "add-contact", "me", "k"),
           ("keys", "remove", "office"), ("inbox", "list"), ("inbox", "import", "."),
           ("inbox", "accept", "abcdef"), ("inbox", "attach", "abcdef", "abcdef"),
           ("inbox", "ack", "--out", "ack.json")]


@pytest.fixture
def installs(tmp_path, template_store, monkeypatch):
    """A desk and its office, closed: the command line opens them."""
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    desk, office, outbox = desk_and_office(template_store, tmp_path / "installs")
    desk.close()
    office.close()
    return desk.paths.root, office.paths.root, outbox


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


def test_a_canary_in_every_field_leaves_the_desk_only_sealed(installs, capsys, tmp_path):
    desk, office, outbox = installs
    canary = new_canary()
    case_file = tmp_path / "intake.json"
    case_file.write_text(json.dumps(canary_intake(canary)), encoding="utf-8")
    printed = []

    sealed = _cli(capsys, desk, "intake", "add", str(case_file), "--volunteer", "Aigerim",
                  "--json")
    assert sealed.code == 0, sealed.err
    receipt = sealed.json()
    for args in (("receipts", "list", "--json"), ("receipts", "list"), ("status", "--json"),
                 ("keys", "list"), ("case", "list")):
        printed.append(_cli(capsys, desk, *args))
    assert printed[0].json() == [receipt]
    assert receipt["reference"] in printed[1].out and "Aigerim" in printed[1].out

    seen = [sealed.out, sealed.err] + [text for r in printed for text in (r.out, r.err)]
    assert not [text for text in seen if canary in text or canary.lower() in text]
    assert [p.name for p in outbox.iterdir()] == [receipt["bundle_file"]]
    assert canary not in receipt["bundle_file"]
    # With the desk's passphrase: every table, and every decrypted page and WAL frame.
    assert canary not in repr(_rows(desk)) and canary.lower() not in repr(_rows(desk))
    store = open_store(desk, PASSPHRASE)
    key = bytes(store._key)
    store.close()
    assert found_in_files(desk, key, canary) == []

    # The office opens it with the ordinary import and finds every field.
    assert _cli(capsys, office, "bundle", "import", str(outbox / receipt["bundle_file"]),
                "--yes").code == 0
    listed = _cli(capsys, office, "case", "list", "--json").json()
    shown = _cli(capsys, office, "case", "show", listed[0]["id"], "--json").out
    for field in ("father", "surname", "ethnicity", "home", "language", "doc", "relative",
                  "where", "contact note", "route", "reporter", "assigned", "notes",
                  "consent", "place", "event", "crossing", "outlet", "title", "source note"):
        assert f"{canary} {field}" in shown, field


def test_the_real_command_leaves_no_plaintext_in_temp_files_or_output(installs, tmp_path):
    """Through the installed entry point, with its own temp folder and home to scan."""
    desk, _, outbox = installs
    canary = new_canary()
    scan = tmp_path / "scan"
    for name in ("tmp", "home"):
        (scan / name).mkdir(parents=True)
    case_file = tmp_path / "intake.json"
    case_file.write_text(json.dumps(canary_intake(canary)), encoding="utf-8")
    env = {"TMPDIR": str(scan / "tmp"), "HOME": str(scan / "home"),
           "CASEWORKER_PASSPHRASE": PASSPHRASE}
    result = run_process("intake", "add", str(case_file), "--volunteer", "Dana",
                         "--data-dir", str(desk), env=env)
    assert result.code == 0, result.err
    assert canary not in result.out + result.err and "Reference for the visitor" in result.out
    forms = [canary.encode(), canary.lower().encode(), canary.encode("utf-16-le")]
    files = [p for folder in (scan, outbox) for p in folder.rglob("*") if p.is_file()]
    assert [p.parent for p in files] == [outbox]
    assert not [p for p in files if any(form in p.read_bytes() for form in forms)]


@pytest.mark.parametrize("args", REFUSED, ids=" ".join)
def test_a_desk_refuses_what_would_read_cases(installs, capsys, args):
    desk, _, _ = installs
    before = _rows(desk)
    result = _cli(capsys, desk, *args)
    assert result.code == 2 and result.out == ""
    _one_line(result.err)
    assert "intake desk" in result.err and f"'{args[0]}" in result.err
    assert _rows(desk) == before


def test_intakes_and_receipts_exist_only_on_a_desk(data_dir, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    case_file = tmp_path / "intake.json"
    case_file.write_text(json.dumps(canary_intake(new_canary())), encoding="utf-8")
    for args in (("intake", "add", str(case_file), "--volunteer", "A"), ("receipts", "list"),
                 ("receipts", "ack", str(case_file))):
        result = _cli(capsys, data_dir, *args)
        assert result.code == 2 and "not an intake desk" in result.err
        _one_line(result.err)


def test_bad_input_is_one_sentence_and_changes_nothing(installs, capsys, tmp_path):
    desk, _, outbox = installs
    before = _rows(desk)
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{", encoding="utf-8")
    unknown_situation = tmp_path / "unknown.json"
    unknown_situation.write_text(json.dumps(canary_intake(new_canary())
                                            | {"situation": "nowhere"}), encoding="utf-8")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(canary_intake(new_canary())), encoding="utf-8")
    cases = [((str(tmp_path / "missing.json"), "--volunteer", "A"), "cannot read"),
             ((str(bad_json), "--volunteer", "A"), "not valid JSON"),
             ((str(unknown_situation), "--volunteer", "A"), "situation"),
             ((str(good), "--volunteer", " "), "volunteer"),
             ((str(good),), "--volunteer")]
    for args, words in cases:
        result = _cli(capsys, desk, "intake", "add", *args)
        assert result.code == 2 and words in result.err, (args, result.err)
        _one_line(result.err)
    outbox.rmdir()
    result = _cli(capsys, desk, "intake", "add", str(good), "--volunteer", "A")
    assert result.code == 2 and "outbox" in result.err
    _one_line(result.err)
    assert _rows(desk) == before
    assert not outbox.exists()


def test_init_desk_sets_up_a_desk_or_nothing(capsys, tmp_path, template_store, monkeypatch):
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    office = new_install(template_store, tmp_path / "office")
    office_key = contact_key(office)
    office.close()
    outbox = tmp_path / "outbox"
    data = tmp_path / "desk"
    refusals = [(("--desk", "--outbox", str(tmp_path)), "--office"),
                (("--desk", "--office", office_key), "--outbox"),
                (("--desk", "--office", "age1nope", "--outbox", str(tmp_path)), "--office"),
                (("--desk", "--office", office_key, "--outbox", str(outbox)), "--outbox"),
                (("--desk", "--office", office_key, "--caseworker", office_key,
                  "--outbox", str(tmp_path)), "twice"),
                (("--office", office_key), "--desk")]
    for args, words in refusals:
        result = _cli(capsys, data, "init", *args)
        assert result.code == 2 and words in result.err, (args, result.err)
        _one_line(result.err)
        assert not (data / "store.key").exists() and not (data / "store.db").exists()

    outbox.mkdir()
    made = _cli(capsys, data, "init", "--desk", "--office", office_key, "--outbox",
                str(outbox))
    assert made.code == 0, made.err
    assert made.json()["desk"] is True and made.json()["outbox"] == str(outbox)
    listed = _cli(capsys, data, "keys", "list", "--json").json()
    assert [(c["name"], c["escrow"]) for c in listed] == [("office", True)]
    assert _cli(capsys, data, "receipts", "list", "--json").json() == []
    assert _cli(capsys, data, "status", "--json").json()["desk"] == {"outbox": str(outbox)}
    assert _cli(capsys, data, "case", "list").code == 2


def test_a_desk_that_cannot_be_made_leaves_no_store(capsys, tmp_path, template_store,
                                                    monkeypatch):
    """Never a store that was meant to be a desk and is not one."""
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    office = new_install(template_store, tmp_path / "office")
    office_key = contact_key(office)
    office.close()

    def failing(*_args, **_kwargs):
        raise UserError("the desk could not be made.")

    monkeypatch.setattr("caseworker.opening.unlocking.make_desk", failing)
    data = tmp_path / "desk"
    result = _cli(capsys, data, "init", "--desk", "--office", office_key, "--outbox",
                  str(tmp_path))
    assert result.code == 2 and "could not be made" in result.err
    assert not [p for p in data.rglob("*") if p.name.startswith("store")]
