"""Moving the store to a new key, the duress passphrase, the panic wipe, normalised
passphrases and bounded key-derivation parameters."""

from __future__ import annotations

import json
import os
import shutil
import time
import unicodedata

import pytest
import sqlcipher3
from sqlmodel import select

from caseworker.core.passphrase_strength import (
    STORE_MIN_SCORE,
    assess,
    generate_passphrase,
    word_list,
)
from caseworker.opening.unlocking import open_store
from storage import keyfile
from storage.engine import open_connection
from storage.errors import KeyFileDamaged, StoreNotFound, WrongPassphrase
from storage.kdf import MAX_MEMORY_KIB, floor_params
from storage.migrate import back_up
from storage.paths import StorePaths
from storage.store import Store
from storage.tables import NameForm, Person
from tests.conftest import PASSPHRASE
from tests.support.cli_helpers import run_cli, run_process
from tests.support.paths import ROOT

NEW_PASSPHRASE = "amber tundra kettle ninety"
DURESS = "quiet orchard seven ladders"
MARKER = "CANARY-Rekey-5d1c2"


def _write_marker(store: Store, text: str = MARKER) -> None:
    with store.write() as session:
        person = Person(ethnicity=text)
        session.add(person)
        session.flush()
        session.add(NameForm(person_id=person.id, text=text, script="latn"))


def _opens(path, key) -> bool:
    try:
        open_connection(path, key).close()
    except sqlcipher3.DatabaseError:
        return False
    return True


def _back_up(paths: StorePaths) -> None:
    conn = open_connection(paths.database, keyfile.unwrap_database_key(paths.key_file,
                                                                       PASSPHRASE))
    try:
        back_up(conn, paths.backups, 1)
    finally:
        conn.close()


def _names(store: Store) -> list[str]:
    with store.read() as session:
        return sorted(session.exec(select(NameForm.text)).all())


@pytest.mark.parametrize("how", ["passphrase", "rekey"])
def test_an_old_key_file_and_old_passphrase_open_nothing_after_a_key_change(
        data_dir, store, tmp_path, how):
    paths = StorePaths(data_dir)
    _write_marker(store)
    _back_up(paths)  # a backup, as a migration would have taken
    old_copy = tmp_path / "old-store.key"
    shutil.copy(paths.key_file, old_copy)
    # The old key file's own blocks: read through a descriptor opened before the change.
    old_handle = open(paths.key_file, "rb")  # noqa: SIM115
    old_content = old_handle.read()
    if how == "passphrase":
        store.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
        current = NEW_PASSPHRASE
    else:
        store.rekey(PASSPHRASE)
        current = PASSPHRASE
    _write_marker(store, "written after the change")
    store.close()
    reopened = open_store(data_dir, current)
    assert "written after the change" in _names(reopened)
    reopened.close()

    old_key = keyfile.unwrap_database_key(old_copy, PASSPHRASE)
    assert not _opens(paths.database, old_key)
    for backup in paths.backup_files():
        assert not _opens(backup, old_key)
    shutil.copy(old_copy, paths.key_file)
    with pytest.raises(Exception):  # noqa: B017 - damaged or wrong: either way, closed
        open_store(data_dir, PASSPHRASE)

    old_handle.seek(0)
    assert old_handle.read() != old_content, "the old key file was not overwritten"
    old_handle.close()
    assert not paths.pending_key_file.exists()


def test_after_a_key_change_the_store_and_its_backups_open_with_the_new_key(data_dir, store):
    paths = StorePaths(data_dir)
    _write_marker(store)
    _back_up(paths)
    store.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, floor_params())
    assert _names(store) == [MARKER]  # the open store goes on working
    store.close()
    reopened = open_store(data_dir, NEW_PASSPHRASE)
    assert _names(reopened) == [MARKER]
    reopened.close()
    key = keyfile.unwrap_database_key(paths.key_file, NEW_PASSPHRASE)
    assert paths.backup_files() and all(_opens(b, key) for b in paths.backup_files())


def test_an_interrupted_key_change_before_the_rekey_keeps_the_old_key(data_dir):
    paths = StorePaths(data_dir)
    keyfile.write_key_file(paths.pending_key_file, keyfile.new_database_key(),
                           NEW_PASSPHRASE, floor_params())
    open_store(data_dir, PASSPHRASE).close()
    assert not paths.pending_key_file.exists()


def test_an_interrupted_key_change_after_the_rekey_finishes_at_unlock(data_dir):
    paths = StorePaths(data_dir)
    old_key = keyfile.unwrap_database_key(paths.key_file, PASSPHRASE)
    new_key = keyfile.new_database_key()
    keyfile.write_key_file(paths.pending_key_file, new_key, NEW_PASSPHRASE, floor_params())
    conn = open_connection(paths.database, old_key)
    conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
    conn.close()
    with pytest.raises(WrongPassphrase, match="new one"):
        open_store(data_dir, PASSPHRASE)
    open_store(data_dir, NEW_PASSPHRASE).close()
    assert not paths.pending_key_file.exists()
    assert keyfile.unwrap_database_key(paths.key_file, NEW_PASSPHRASE) == new_key


def test_the_duress_passphrase_wipes_and_opens_an_empty_store(data_dir, store, tmp_path):
    paths = StorePaths(data_dir)
    _write_marker(store)
    key_before = keyfile.unwrap_database_key(paths.key_file, PASSPHRASE)
    database_copy = tmp_path / "seized.db"
    store.close()
    shutil.copy(paths.database, database_copy)
    store = open_store(data_dir, PASSPHRASE)
    store.set_duress(PASSPHRASE, DURESS)
    store.close()
    # Set or not, the key file has the same shape.
    assert set(json.loads(paths.key_file.read_text())) == {"format", "version", "kdf", "wrap",
                                                           "spare"}
    opened = open_store(data_dir, DURESS)
    try:
        assert opened.opened_under_duress
        assert _names(opened) == []
    finally:
        opened.close()
    with pytest.raises(WrongPassphrase):
        open_store(data_dir, PASSPHRASE)
    assert not _opens(paths.database, key_before)
    for path in data_dir.rglob("*"):
        assert not path.is_file() or MARKER.encode() not in path.read_bytes()
    # Unlocking with it again opens the (empty) store it now is.
    open_store(data_dir, DURESS).close()


def test_the_duress_passphrase_can_be_removed(data_dir, store):
    store.set_duress(PASSPHRASE, DURESS)
    store.set_duress(PASSPHRASE, None)
    store.close()
    with pytest.raises(WrongPassphrase):
        open_store(data_dir, DURESS)
    open_store(data_dir, PASSPHRASE).close()


def test_wipe_makes_the_store_unopenable_in_under_a_second(data_dir, capsys, tmp_path):
    paths = StorePaths(data_dir)
    store = open_store(data_dir, PASSPHRASE)
    _back_up(paths)
    store.close()
    key = keyfile.unwrap_database_key(paths.key_file, PASSPHRASE)
    copies = {p: tmp_path / f"copy-{p.name}" for p in [paths.key_file, *paths.backup_files()]}
    started = time.perf_counter()
    result = run_cli(capsys, "wipe", "--yes")
    took = time.perf_counter() - started
    assert result.code == 0, result.err
    assert took < 1.0
    for command in (["status"], ["case", "list"], ["deadlines"]):
        done = run_cli(capsys, *command, "--passphrase-file", _passphrase_file(tmp_path))
        assert done.code == 2 and "no store" in done.err
    assert not paths.key_file.exists() and not paths.database.exists()
    with pytest.raises(StoreNotFound):
        open_store(data_dir, PASSPHRASE)
    del copies, key


def test_wipe_overwrites_in_place_before_removing(data_dir, tmp_path):
    """A copy of the key taken earlier does not open what was left in the old blocks."""
    from storage.shredding import wipe_store

    paths = StorePaths(data_dir)
    key = keyfile.unwrap_database_key(paths.key_file, PASSPHRASE)
    handles = {p: open(p, "rb") for p in (paths.key_file, paths.database)}  # noqa: SIM115
    before = {p: h.read(4096) for p, h in handles.items()}
    wipe_store(data_dir)
    for path, handle in handles.items():
        handle.seek(0)
        assert handle.read(4096) != before[path], path.name
        handle.close()
    del key


def test_wipe_without_a_terminal_needs_yes(data_dir, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    result = run_cli(capsys, "wipe")
    assert result.code == 2
    assert StorePaths(data_dir).key_file.exists()


def _passphrase_file(tmp_path) -> str:
    path = tmp_path / "pass"
    path.write_text(PASSPHRASE + "\n")
    path.chmod(0o600)
    return str(path)


def test_rekey_command(data_dir, capsys, tmp_path):
    paths = StorePaths(data_dir)
    before = keyfile.unwrap_database_key(paths.key_file, PASSPHRASE)
    result = run_cli(capsys, "rekey", "--passphrase-file", _passphrase_file(tmp_path))
    assert result.code == 0, result.err
    after = keyfile.unwrap_database_key(paths.key_file, PASSPHRASE)
    assert after != before and not _opens(paths.database, before)


def test_duress_command(data_dir, capsys, tmp_path):
    duress = tmp_path / "duress"
    duress.write_text(DURESS + "\n")
    duress.chmod(0o600)
    result = run_cli(capsys, "duress", "--set", "--passphrase-file", _passphrase_file(tmp_path),
                     "--duress-passphrase-file", str(duress))
    assert result.code == 0, result.err
    same = run_cli(capsys, "duress", "--set", "--passphrase-file", _passphrase_file(tmp_path),
                   "--duress-passphrase-file", _passphrase_file(tmp_path))
    assert same.code == 2


def test_passphrase_files_others_can_read_are_refused(data_dir, capsys, tmp_path):
    path = tmp_path / "shared"
    path.write_text(PASSPHRASE + "\n")
    path.chmod(0o644)
    result = run_cli(capsys, "status", "--passphrase-file", str(path))
    assert result.code == 2 and "chmod 600" in result.err


# -- passphrases -------------------------------------------------------------------------


def test_a_passphrase_typed_in_another_normal_form_opens_the_store(tmp_path):
    composed = "Қайрат жүйрік орман бесжүз"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    Store.create(tmp_path / "s", decomposed, floor_params()).close()
    Store.unlock(tmp_path / "s", composed).close()


def test_a_key_file_written_before_normalising_still_opens_and_is_upgraded(tmp_path):
    """Such a file was wrapped under the passphrase as typed (here decomposed)."""
    from storage.kdf import derive

    typed = unicodedata.normalize("NFD", "Қайрат жүйрік орман бесжүз")
    root = tmp_path / "s"
    Store.create(root, typed, floor_params()).close()
    paths = StorePaths(root)
    key = keyfile.unwrap_database_key(paths.key_file, typed)
    params = keyfile.read_kdf_params(paths.key_file)
    document = json.loads(paths.key_file.read_text())
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    nonce = os.urandom(12)
    wrapped = ChaCha20Poly1305(derive(typed, params, as_typed=True)).encrypt(
        nonce, bytes(key), keyfile._associated_data(document["kdf"]))
    document["wrap"]["nonce"] = keyfile._b64(nonce)
    document["wrap"]["ciphertext"] = keyfile._b64(wrapped)
    paths.key_file.write_text(json.dumps(document))
    Store.unlock(root, typed).close()  # as typed: opens, and is wrapped again normalised
    Store.unlock(root, unicodedata.normalize("NFC", typed)).close()


@pytest.mark.parametrize("field, value", [("memory_kib", MAX_MEMORY_KIB * 4),
                                          ("memory_kib", 2**40), ("time_cost", 10_000),
                                          ("parallelism", 0), ("parallelism", 2**24),
                                          ("memory_kib", "65536"), ("time_cost", True)])
def test_kdf_parameters_out_of_bounds_are_refused_before_deriving(data_dir, field, value):
    key_file = StorePaths(data_dir).key_file
    document = json.loads(key_file.read_text())
    document["kdf"][field] = value
    key_file.write_text(json.dumps(document))
    started = time.perf_counter()
    with pytest.raises(KeyFileDamaged):
        open_store(data_dir, PASSPHRASE)
    assert time.perf_counter() - started < 1.0


def test_guessable_local_passphrases_are_refused():
    for weak in ("Aigerim1995", "Kazakhstan2025", "Zharkent123", "Nurlan1990", "Almaty2024!"):
        assert not assess(weak).acceptable, weak
    # The organisation's name, unknown to zxcvbn, counts as the guessable word it is.
    assert assess("Qazaqrights2025").acceptable
    assert not assess("Qazaqrights2025", extra_words=("QazaqRights",)).acceptable
    assert assess(PASSPHRASE).score >= STORE_MIN_SCORE


def test_generated_passphrases_are_six_words_from_the_shipped_list():
    words = set(word_list())
    assert len(words) == 7776
    seen = set()
    for _ in range(20):
        passphrase = generate_passphrase()
        parts = passphrase.split(" ")
        assert len(parts) == 6 and set(parts) <= words
        assert assess(passphrase).acceptable
        seen.add(passphrase)
    assert len(seen) == 20


def test_environment_passphrase_is_gone_from_the_process_environment(data_dir, tmp_path):
    """Read from the environment, it is removed from os.environ and from the original
    environment block that /proc/PID/environ shows."""
    script = (
        "import os, sys\n"
        "from caseworker.cli.passphrase_input import take_from_environment\n"
        "take_from_environment()\n"
        "block = open(f'/proc/{os.getpid()}/environ', 'rb').read()\n"
        "sys.stdout.write(str(b'" + "violet harbour" + "' in block) + ' '\n"
        "                 + str('CASEWORKER_PASSPHRASE' in os.environ))\n"
    )
    if not os.path.exists("/proc/self/environ"):
        pytest.skip("no /proc")
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={**os.environ, "CASEWORKER_PASSPHRASE": PASSPHRASE},
                          cwd=ROOT, timeout=60)  # the code under test, not an installed copy
    assert done.stdout == "False False", done.stderr


def test_real_process_status_with_environment_passphrase(data_dir):
    done = run_process("status", "--json", env={"CASEWORKER_PASSPHRASE": PASSPHRASE})
    assert done.code == 0, done.err


def test_settings_command_keeps_security_settings_in_the_store(data_dir, capsys, tmp_path):
    (data_dir / "config.toml").write_text('idle_lock_minutes = 5\nuser = "Aigerim"\n')
    passphrase = _passphrase_file(tmp_path)
    shown = run_cli(capsys, "settings", "--json", "--passphrase-file", passphrase)
    assert shown.code == 0, shown.err
    assert shown.json()["idle_lock_minutes"] == 5 and shown.json()["user"] == "Aigerim"
    # From now on the file is ignored for them.
    (data_dir / "config.toml").write_text('idle_lock_minutes = 240\nuser = "Someone"\n')
    shown = run_cli(capsys, "settings", "--json", "--passphrase-file", passphrase)
    assert shown.json()["idle_lock_minutes"] == 5 and shown.json()["user"] == "Aigerim"
    changed = run_cli(capsys, "settings", "--idle-lock-minutes", "3", "--lock-key", "f9",
                      "--json", "--passphrase-file", passphrase)
    assert changed.code == 0 and changed.json()["keys"] == {"app.lock": "f9"}
    refused = run_cli(capsys, "settings", "--idle-lock-minutes", "999",
                      "--passphrase-file", passphrase)
    assert refused.code == 2


def test_the_command_line_turns_core_dumps_and_tracing_off(tmp_path):
    import subprocess
    import sys

    script = ("import resource\n"
              "from caseworker.cli.main import main\n"
              "from caseworker.core.process_hygiene import is_dumpable\n"
              "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
              "print(is_dumpable(), resource.getrlimit(resource.RLIMIT_CORE))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "False (0, 0)", done.stderr
