"""The store: where it lives, how it is created, unlocked, used and locked again."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy.exc
import sqlcipher3
from sqlalchemy import Engine
from sqlmodel import Session

from storage import keyfile
from storage.atomic import fsync_directory, remove_abandoned_temp_files
from storage.columns import new_id
from storage.engine import WRITE_OPTION, create_store_engine, open_connection
from storage.errors import (
    BrokenReference,
    KeyFileDamaged,
    StoreDamaged,
    StoreExists,
    StoreInUse,
    StoreNotFound,
    WrongPassphrase,
)
from storage.kdf import KdfParams, calibrate, wipe
from storage.migrate import migrate
from storage.paths import StorePaths
from storage.shredding import shred, wipe_store


class Store:
    """An unlocked store. `close()` drops the engine and zeroes the database key.

    `opened_under_duress` is True for the empty store the duress passphrase leaves behind.
    """

    def __init__(self, paths: StorePaths, key: bytearray, kdf_seconds: float) -> None:
        self.paths = paths
        self.kdf_seconds = kdf_seconds
        self.opened_under_duress = False
        # The one copy of the key the process keeps: the engine's connections are keyed
        # from this bytearray, and close() zeroes it.
        self._key = key
        self._engine: Engine | None = create_store_engine(paths.database, key)
        self._write_engine: Engine | None = self._engine.execution_options(**{WRITE_OPTION: True})

    # -- life cycle ------------------------------------------------------------------

    @classmethod
    def create(cls, root: Path, passphrase: str, params: KdfParams | None = None) -> Store:
        paths = StorePaths(root)
        if paths.exists():
            raise StoreExists(f"A store already exists in {root}.")
        if paths.database.exists():
            raise StoreExists(
                f"{paths.database} exists without its key file; move it away before creating "
                "a new store."
            )
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        key = keyfile.new_database_key()
        try:
            conn = open_connection(paths.database, key)
            try:
                paths.database.chmod(0o600)  # SQLite gives -wal and -shm the same mode
                migrate(conn, paths.backups)
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('install_id', ?)", (new_id(),)
                )
            finally:
                conn.close()
            params = params or calibrate()
            started = time.perf_counter()
            keyfile.write_key_file(paths.key_file, key, passphrase, params)
        except BaseException:
            # Leave nothing half-made behind: a database without its key is unreadable.
            for leftover in paths.database_files():
                leftover.unlink(missing_ok=True)
            wipe(key)
            raise
        return cls(paths, key, time.perf_counter() - started)

    @classmethod
    def unlock(cls, root: Path, passphrase: str) -> Store:
        paths = StorePaths(root)
        if not paths.exists():
            raise StoreNotFound(f"There is no store in {root}; run 'caseworker init' first.")
        if not paths.database.exists():
            raise StoreDamaged(f"{paths.database} is missing; restore it from a backup.")
        for folder in (paths.root, paths.backups, paths.files):
            if folder.is_dir():
                remove_abandoned_temp_files(folder)
        started = time.perf_counter()
        _finish_interrupted_rekey(paths, passphrase)
        opened = keyfile.open_key_file(paths.key_file, passphrase)
        kdf_seconds = time.perf_counter() - started
        if opened.duress:
            return cls._wipe_and_start_empty(paths, passphrase)
        key = opened.key
        assert key is not None  # only the duress slot opens to no key
        try:
            conn = open_connection(paths.database, key)
        except sqlcipher3.DatabaseError as exc:
            wipe(key)
            raise _classify(exc, paths) from None
        try:
            migrate(conn, paths.backups)
        except sqlcipher3.OperationalError as exc:
            wipe(key)
            raise _classify(exc, paths) from None
        finally:
            conn.close()
        if opened.as_typed:
            # Written before passphrases were normalised: wrap the same key again under
            # the normalised form, so the passphrase opens it from any keyboard.
            keyfile.write_key_file(paths.pending_key_file, key, passphrase,
                                   keyfile.read_kdf_params(paths.key_file).with_new_salt(),
                                   keyfile.read_spare(paths.key_file))
            keyfile.replace_key(paths.key_file, paths.pending_key_file)
        return cls(paths, key, kdf_seconds)

    @classmethod
    def _wipe_and_start_empty(cls, paths: StorePaths, passphrase: str) -> Store:
        """The duress passphrase: destroy the store, then open a new, empty one under it."""
        params = keyfile.read_kdf_params(paths.key_file).with_new_salt()
        wipe_store(paths.root)
        store = cls.create(paths.root, passphrase, params)
        store.opened_under_duress = True
        return store

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        self._engine = None
        self._write_engine = None
        wipe(self._key)

    @property
    def is_open(self) -> bool:
        return self._engine is not None

    # -- keys ------------------------------------------------------------------------

    def change_passphrase(self, old: str, new: str, params: KdfParams | None = None) -> None:
        """Move the store to a fresh random key wrapped under `new` (see `rekey`)."""
        wipe(keyfile.unwrap_database_key(self.paths.key_file, old))
        self._move_to_new_key(new, params)

    def rekey(self, passphrase: str, params: KdfParams | None = None) -> None:
        """Move the store to a fresh random key under the same passphrase: after a
        suspected compromise, an old key file (or the key read from memory) opens
        nothing written from now on, and not the store as it is."""
        wipe(keyfile.unwrap_database_key(self.paths.key_file, passphrase))
        self._move_to_new_key(passphrase, params)

    def set_duress(self, passphrase: str, duress_passphrase: str | None) -> None:
        """Set (or, with None, remove) the passphrase that wipes the store when it is used
        to unlock it. The key file looks the same either way (storage/keyfile.py)."""
        key = keyfile.unwrap_database_key(self.paths.key_file, passphrase)
        try:
            params = keyfile.read_kdf_params(self.paths.key_file)
            spare = (keyfile.duress_spare(duress_passphrase, params) if duress_passphrase
                     else None)
            keyfile.write_key_file(self.paths.pending_key_file, key, passphrase,
                                   params.with_new_salt(), spare)
            keyfile.replace_key(self.paths.key_file, self.paths.pending_key_file)
        finally:
            wipe(key)

    def _move_to_new_key(self, passphrase: str, params: KdfParams | None) -> None:
        """Re-encrypt the database and its backups under a new random key.

        The order keeps one of the two keys able to open the store at every instant:
        1. the new key, wrapped, is written to the pending key file (store.key.next);
        2. `PRAGMA rekey` rewrites every page in one transaction (in WAL mode the new
           pages go to the WAL and count only once its commit frame is written);
        3. the backups are re-keyed one by one (one that fails is destroyed);
        4. the old key file is overwritten in place and the pending one renamed over it.
        Killed before 2 commits, the old key opens the store and the pending file is
        discarded at the next unlock; after, the new key opens it and the next unlock
        finishes 3 and 4 (`_finish_interrupted_rekey`)."""
        paths = self.paths
        old_key, new_key = self._key, keyfile.new_database_key()
        params = (params or keyfile.read_kdf_params(paths.key_file)).with_new_salt()
        keyfile.write_key_file(paths.pending_key_file, new_key, passphrase, params,
                               keyfile.read_spare(paths.key_file))
        # Every pooled connection was keyed with the old key: none may outlive it.
        self.engine.dispose()
        self._engine = self._write_engine = None
        try:
            conn = open_connection(paths.database, old_key)
            try:
                _rekey(conn, new_key)
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                conn.close()
        except BaseException:
            # Nothing was committed: the old key still opens the store.
            self._engine = create_store_engine(paths.database, old_key)
            self._write_engine = self._engine.execution_options(**{WRITE_OPTION: True})
            shred(paths.pending_key_file)
            wipe(new_key)
            raise
        _rekey_backups(paths, old_key, new_key)
        keyfile.replace_key(paths.key_file, paths.pending_key_file)
        wipe(old_key)
        self._key = new_key
        self._engine = create_store_engine(paths.database, new_key)
        self._write_engine = self._engine.execution_options(**{WRITE_OPTION: True})

    # -- sessions --------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise RuntimeError("the store is locked")
        return self._engine

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one IMMEDIATE transaction: committed on success, else rolled back."""
        if self._write_engine is None:
            raise RuntimeError("the store is locked")
        with Session(self._write_engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except sqlcipher3.OperationalError as exc:
                session.rollback()
                if "locked" in str(exc) or "busy" in str(exc):
                    raise StoreInUse("The store is busy in another Caseworker window.") from None
                raise
            except (sqlcipher3.IntegrityError, sqlalchemy.exc.IntegrityError):
                # At commit SQLAlchemy re-raises the driver's own error, earlier its wrapper.
                session.rollback()
                raise BrokenReference("The change breaks a rule of the store (it may refer to "
                                      "a record that does not exist); nothing was saved.") \
                    from None
            except BaseException:
                session.rollback()
                raise

    # -- facts -----------------------------------------------------------------------

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return conn.exec_driver_sql("PRAGMA user_version").scalar_one()

    def cipher_version(self) -> str:
        with self.engine.connect() as conn:
            return conn.exec_driver_sql("PRAGMA cipher_version").scalar_one()


def _rekey(conn: sqlcipher3.Connection, new_key: bytearray) -> None:
    conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")


def _opens(database: Path, key: bytearray) -> bool:
    try:
        open_connection(database, key).close()
    except sqlcipher3.DatabaseError:
        return False
    return True


def _rekey_backups(paths: StorePaths, old_key: bytearray, new_key: bytearray) -> None:
    """Re-key each backup from `old_key` to `new_key`. A backup that is neither (or that
    fails) is destroyed: nothing may stay readable with a key that is being retired."""
    for backup in paths.backup_files():
        if _opens(backup, new_key):
            continue
        try:
            conn = open_connection(backup, old_key)
            try:
                _rekey(conn, new_key)
            finally:
                conn.close()
        except sqlcipher3.DatabaseError:
            shred(backup)


def _finish_interrupted_rekey(paths: StorePaths, passphrase: str) -> None:
    """A pending key file means a move to a new key was interrupted. Whichever key opens
    the database is the store's: finish the move to the new one, or drop the new one."""
    pending = paths.pending_key_file
    if not pending.exists():
        return
    for candidate in (pending, paths.key_file):
        try:
            key = keyfile.unwrap_database_key(candidate, passphrase)
        except (WrongPassphrase, KeyFileDamaged):
            continue
        try:
            if not _opens(paths.database, key):
                continue
            if candidate == pending:
                for backup in paths.backup_files():
                    if not _opens(backup, key):
                        shred(backup)
                keyfile.replace_key(paths.key_file, pending)
            else:
                shred(pending)
                fsync_directory(paths.root)
            return
        finally:
            wipe(key)
    raise WrongPassphrase("The passphrase is wrong. (The passphrase was being changed when "
                          "Caseworker stopped: if you chose a new one, use it.)")


def _classify(exc: Exception, paths: StorePaths) -> Exception:
    text = str(exc)
    if "not a database" in text:
        return StoreDamaged(
            f"{paths.database.name} cannot be read with this key file; the files do not belong "
            "together or the database is damaged."
        )
    if "locked" in text or "busy" in text:
        return StoreInUse("The store is being upgraded by another Caseworker window; try again.")
    return exc

