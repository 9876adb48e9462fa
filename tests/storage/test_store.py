"""The encrypted store: creation, unlocking, what lands on disk, passphrase changes."""

from __future__ import annotations

import json
import platform

import pytest
from sqlmodel import select

from caseworker.opening.unlocking import open_store
from storage import kdf
from storage.errors import KeyFileDamaged, StoreExists, StoreNotFound, WrongPassphrase
from storage.kdf import FLOOR_MEMORY_KIB, KdfParams, floor_params
from storage.paths import StorePaths
from storage.store import Store
from storage.tables import NameForm, Person
from tests.conftest import PASSPHRASE

MARKER = "CANARY-Qalymbek-7f3a9"


def _write_marker(store: Store) -> None:
    with store.write() as session:
        person = Person(ethnicity=MARKER)
        session.add(person)
        session.flush()
        session.add(NameForm(person_id=person.id, text=MARKER, script="latn"))


def _all_bytes(root) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_round_trip_through_lock_and_unlock(data_dir, store):
    _write_marker(store)
    store.close()
    reopened = open_store(data_dir, PASSPHRASE)
    with reopened.read() as session:
        assert session.exec(select(NameForm.text)).all() == [MARKER]
    reopened.close()


def test_a_closed_store_can_be_neither_read_nor_written(store):
    """Closing is what locking does: a closed store that still held its engine would open
    new connections with the key on the next read, though the app shows it locked."""
    _write_marker(store)
    store.close()
    assert not store.is_open
    with pytest.raises(RuntimeError, match="locked"), store.read() as session:
        session.exec(select(NameForm.text)).all()
    with pytest.raises(RuntimeError, match="locked"), store.write():
        pass


def test_files_hold_no_plaintext_header_or_record_text(data_dir, store):
    _write_marker(store)
    # While open, the WAL and shared-memory files exist too: check them as well.
    files = _all_bytes(data_dir)
    assert {"store.db", "store.db-wal", "store.key"} <= set(files)
    for name, content in files.items():
        assert b"SQLite format 3" not in content, name
        assert MARKER.encode() not in content, name
    store.close()
    for name, content in _all_bytes(data_dir).items():
        assert MARKER.encode() not in content, name


def test_wrong_passphrase_is_refused(data_dir):
    with pytest.raises(WrongPassphrase):
        open_store(data_dir, "not the passphrase at all")


def test_missing_store_is_reported(tmp_path):
    with pytest.raises(StoreNotFound):
        open_store(tmp_path / "nowhere", PASSPHRASE)


def test_creating_over_an_existing_store_is_refused(data_dir):
    with pytest.raises(StoreExists):
        Store.create(data_dir, PASSPHRASE, floor_params())


def test_passphrase_change_keeps_data_and_retires_old_passphrase(data_dir, store):
    _write_marker(store)
    database_before = StorePaths(data_dir).database.read_bytes()
    store.change_passphrase(PASSPHRASE, "amber tundra kettle ninety")
    store.close()
    with pytest.raises(WrongPassphrase):
        open_store(data_dir, PASSPHRASE)
    reopened = open_store(data_dir, "amber tundra kettle ninety")
    with reopened.read() as session:
        assert session.exec(select(NameForm.text)).all() == [MARKER]
    reopened.close()
    # The database moved to a new key: every page was re-encrypted.
    assert StorePaths(data_dir).database.read_bytes()[:4096] != database_before[:4096]


def test_passphrase_change_with_wrong_old_passphrase_changes_nothing(data_dir, store):
    key_before = StorePaths(data_dir).key_file.read_bytes()
    with pytest.raises(WrongPassphrase):
        store.change_passphrase("not the passphrase", "amber tundra kettle ninety")
    assert StorePaths(data_dir).key_file.read_bytes() == key_before


def test_edited_kdf_parameters_do_not_unlock(data_dir):
    key_file = StorePaths(data_dir).key_file
    document = json.loads(key_file.read_text())
    document["kdf"]["time_cost"] += 1
    key_file.write_text(json.dumps(document))
    with pytest.raises(WrongPassphrase):
        open_store(data_dir, PASSPHRASE)


def test_truncated_key_file_is_reported_as_damaged(data_dir):
    key_file = StorePaths(data_dir).key_file
    key_file.write_bytes(key_file.read_bytes()[:40])
    with pytest.raises(KeyFileDamaged):
        open_store(data_dir, PASSPHRASE)


def test_kdf_parameters_below_the_rfc_floor_are_rejected():
    with pytest.raises(ValueError):
        KdfParams(FLOOR_MEMORY_KIB // 2, 3, 4, b"0" * 16)
    with pytest.raises(ValueError):
        KdfParams(FLOOR_MEMORY_KIB, 1, 4, b"0" * 16)


def test_key_file_parameters_are_stored_and_private(data_dir):
    key_file = StorePaths(data_dir).key_file
    document = json.loads(key_file.read_text())
    assert document["kdf"]["algorithm"] == "argon2id"
    assert document["kdf"]["memory_kib"] >= FLOOR_MEMORY_KIB
    assert key_file.stat().st_mode & 0o077 == 0
    assert StorePaths(data_dir).database.stat().st_mode & 0o077 == 0
    assert not list(data_dir.glob(".*.tmp")), "atomic write left a temp file"


def test_pragmas_of_the_security_model_are_set(store):
    with store.engine.connect() as conn:
        pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar_one()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("secure_delete") == 1
        assert pragma("cipher_version").startswith("4.")


def test_failed_write_leaves_store_unchanged(store):
    with pytest.raises(RuntimeError), store.write() as session:
        session.add(Person(ethnicity=MARKER))
        session.flush()
        raise RuntimeError("validation failed half-way")
    with store.read() as session:
        assert session.exec(select(Person)).all() == []


def test_a_temp_file_left_by_a_killed_writer_is_removed_on_unlock(data_dir):
    import os
    import subprocess

    finished = subprocess.Popen(["true"])
    finished.wait()
    abandoned = data_dir / f".store.key.{finished.pid}.tmp"
    abandoned.write_bytes(b"half a key file")
    (data_dir / "backups").mkdir(exist_ok=True)
    journal = data_dir / "backups" / f".store-v3-x.db.{finished.pid}.tmp-journal"
    journal.write_bytes(b"a half-written backup's journal")
    being_written = data_dir / f".store.key.{os.getpid()}.tmp"
    being_written.write_bytes(b"another window is writing this")
    open_store(data_dir, PASSPHRASE).close()
    assert not abandoned.exists() and not journal.exists()
    assert being_written.exists()


def test_deriving_a_key_gives_the_freed_buffer_back(monkeypatch):
    trims = []
    monkeypatch.setattr(kdf, "_malloc_trim", lambda: trims.append)
    kdf.derive("a passphrase", floor_params())
    assert trims == [0]


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_glibc_offers_malloc_trim():
    assert kdf._malloc_trim() is not None


def test_every_default_factory_of_a_table_says_it_takes_no_arguments():
    """Pydantic reads a default factory's signature each time it makes a row; a factory
    whose signature is set in advance (storage.columns) costs 6 µs, `list` 350 µs."""
    import inspect

    from sqlmodel import SQLModel

    import storage.tables  # noqa: F401  (registers every table)

    factories = set()
    for mapper in SQLModel._sa_registry.mappers:
        for field in mapper.class_.model_fields.values():
            if field.default_factory is not None:
                factories.add(field.default_factory)
    assert factories
    for factory in factories:
        assert "__signature__" in vars(factory), factory
        assert inspect.signature(factory).parameters == {}
