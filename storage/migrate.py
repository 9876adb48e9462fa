"""Bring a store's schema up to date: `PRAGMA user_version` plus ordered, frozen steps
(storage/steps/, docs/architecture.md §2).

Before changing an existing store the file is copied (still encrypted, with `VACUUM INTO`)
into the backups folder. A store newer than this code is refused untouched.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3

from storage.atomic import move_into_place, temp_sibling
from storage.errors import StoreTooNew
from storage.steps import Step, all_steps

KEEP_BACKUPS = 3


def schema_version(conn: sqlcipher3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(
    conn: sqlcipher3.Connection, backups_dir: Path, steps: list[Step] | None = None
) -> list[int]:
    """Apply the missing steps, each in its own transaction. Returns the versions applied."""
    steps = all_steps() if steps is None else steps
    current, latest = schema_version(conn), len(steps)
    if current > latest:
        raise StoreTooNew(
            f"This store has schema version {current} but this Caseworker knows only up to "
            f"{latest}; update Caseworker before opening it."
        )
    if current == latest:
        return []
    if current > 0:
        back_up(conn, backups_dir, current)
    applied = []
    for step in steps[current:]:
        _apply(conn, step)
        applied.append(step.version)
    return applied


def _apply(conn: sqlcipher3.Connection, step: Step) -> None:
    # executescript() commits any open transaction first, so BEGIN and COMMIT live inside
    # the script; on failure the transaction is still open and is rolled back here.
    try:
        conn.executescript(
            f"BEGIN IMMEDIATE;\n{step.sql}\nPRAGMA user_version = {step.version};\nCOMMIT;"
        )
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def back_up(conn: sqlcipher3.Connection, backups_dir: Path, version: int) -> Path:
    backups_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backups_dir / f"store-v{version}-{stamp}.db"
    # Written under a temp name and renamed when whole: a backup cut off half-way (power
    # lost) must never be counted among the backups kept, nor push a good one out.
    partial = temp_sibling(target)
    try:
        conn.execute("VACUUM INTO ?", (str(partial),))
        partial.chmod(0o600)
        move_into_place(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _prune(backups_dir)
    return target


def _prune(backups_dir: Path) -> None:
    backups = sorted(backups_dir.glob("store-v*.db"), key=lambda p: p.stat().st_mtime)
    for old in backups[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
