"""A store held only in memory, for records that must never reach a file: an intake desk
builds each case in one, seals it into a bundle and drops it (docs/architecture.md §11).

It has the schema of a real store, reached by the same steps, and works with everything
that takes a `Store`; it has no file, no key and no backups, and `close()` frees it."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3
from sqlalchemy import create_engine, event
from sqlalchemy.pool import StaticPool

from storage.engine import WRITE_OPTION
from storage.migrate import migrate
from storage.paths import StorePaths
from storage.store import Store

# No folder is ever made here: a scratch store has no backups, and migrating an empty
# store (version 0) backs nothing up.
_NOWHERE = Path("/nonexistent/scratch-store")


class ScratchStore(Store):
    def __init__(self, install_id: str) -> None:
        # One connection, shared by every session: each new connection to ":memory:"
        # would be a new, empty database.
        connection = sqlcipher3.connect(":memory:", check_same_thread=False,
                                        isolation_level=None)
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA temp_store = MEMORY")
        migrate(connection, _NOWHERE)
        connection.execute("INSERT INTO meta (key, value) VALUES ('install_id', ?)",
                            (install_id,))
        self.paths = StorePaths(_NOWHERE)
        self.kdf_seconds = 0.0
        self.opened_under_duress = False
        self._key = bytearray(32)  # none; kept so that Store.close() has one to zero
        self._connection = connection
        engine = create_engine("sqlite://", creator=lambda: connection, poolclass=StaticPool)

        @event.listens_for(engine, "begin")
        def _begin(conn) -> None:
            write = conn.get_execution_options().get(WRITE_OPTION, False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        self._engine = engine
        self._write_engine = engine.execution_options(**{WRITE_OPTION: True})

    def close(self) -> None:
        super().close()
        self._connection.close()
