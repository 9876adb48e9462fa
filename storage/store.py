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
from storage.atomic import remove_abandoned_temp_files
from storage.columns import new_id
from storage.engine import WRITE_OPTION, create_store_engine, open_connection
from storage.errors import (
    BrokenReference,
    StoreDamaged,
    StoreExists,
    StoreInUse,
    StoreNotFound,
)
from storage.kdf import KdfParams, calibrate
from storage.migrate import migrate
from storage.paths import StorePaths


class Store:
    """An unlocked store. `close()` drops the engine and, with it, the database key."""

    def __init__(self, paths: StorePaths, key: bytes, kdf_seconds: float) -> None:
        self.paths = paths
        self.kdf_seconds = kdf_seconds
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
            raise
        return cls(paths, key, time.perf_counter() - started)

    @classmethod
    def unlock(cls, root: Path, passphrase: str) -> Store:
        paths = StorePaths(root)
        if not paths.exists():
            raise StoreNotFound(f"There is no store in {root}; run 'caseworker init' first.")
        if not paths.database.exists():
            raise StoreDamaged(f"{paths.database} is missing; restore it from a backup.")
        for folder in (paths.root, paths.backups):
            remove_abandoned_temp_files(folder)
        started = time.perf_counter()
        key = keyfile.unwrap_database_key(paths.key_file, passphrase)
        kdf_seconds = time.perf_counter() - started
        try:
            conn = open_connection(paths.database, key)
        except sqlcipher3.DatabaseError as exc:
            raise _classify(exc, paths) from None
        try:
            migrate(conn, paths.backups)
        except sqlcipher3.OperationalError as exc:
            raise _classify(exc, paths) from None
        finally:
            conn.close()
        return cls(paths, key, kdf_seconds)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        self._engine = None
        self._write_engine = None

    @property
    def is_open(self) -> bool:
        return self._engine is not None

    def change_passphrase(self, old: str, new: str, params: KdfParams | None = None) -> None:
        """Re-wrap the database key under a new passphrase; the database is not touched."""
        key = keyfile.unwrap_database_key(self.paths.key_file, old)
        params = (params or keyfile.read_kdf_params(self.paths.key_file)).with_new_salt()
        keyfile.write_key_file(self.paths.key_file, key, new, params)

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

