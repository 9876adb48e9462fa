"""A SQLAlchemy engine over SQLCipher, keyed with the raw 32-byte database key.

Every connection gets the pragmas of docs/architecture.md §3. `cipher_log_level = NONE`
comes before the key so a failed key check cannot print to the terminal the TUI is drawing
on.
Transactions are explicit: SQLAlchemy's BEGIN is issued by us (DEFERRED for reads,
IMMEDIATE for writes), because the driver's own implicit transactions would let a read
silently turn into a write that then fails with SQLITE_BUSY.
"""

from __future__ import annotations

import sys
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

WRITE_OPTION = "caseworker_write"
BUSY_TIMEOUT_MS = 5000


def _keyed_connection(path: Path, key: bytes | bytearray) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        # Off: wiping and locking every buffer SQLCipher frees made writes 2.5 times slower
        # (an import of 10,000 cases: 84 s against 32 s), and buys little here, since
        # every value the app reads lives on in Python's own heap unwiped. What protects
        # data at rest is the key leaving memory when the store locks (Store.close).
        conn.execute("PRAGMA cipher_memory_security = OFF")
        # Reading the schema is what actually checks the key.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        if sys.platform == "darwin":
            # macOS's fsync stops at the drive's cache; a power cut could lose a committed
            # save. F_FULLFSYNC (this pragma) asks the drive to write it.
            conn.execute("PRAGMA fullfsync = ON")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
    except Exception:
        conn.close()
        raise
    return conn


def open_connection(path: Path, key: bytes | bytearray) -> sqlcipher3.Connection:
    """A plain DB-API connection (migrations, backups, integrity checks)."""
    return _keyed_connection(path, key)


def create_store_engine(path: Path, key: bytes | bytearray) -> Engine:
    engine = create_engine(
        "sqlite://",
        creator=lambda: _keyed_connection(path, key),
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine
