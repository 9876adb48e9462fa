"""Crash-safe file replacement: write a sibling temp file, fsync it, rename, fsync the folder.

A temp file is named `.NAME.PID.tmp`, so one left by a process that was killed can be
told from one a running process is still writing.
"""

from __future__ import annotations

import os
from pathlib import Path


def temp_sibling(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_atomically(path: Path, data: bytes, mode: int = 0o600) -> None:
    tmp = temp_sibling(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        move_into_place(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def move_into_place(tmp: Path, path: Path) -> None:
    """Make the finished `tmp` durable, then make it `path` in one step."""
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_directory(path.parent)


def fsync_directory(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_abandoned_temp_files(folder: Path) -> list[Path]:
    """Delete temp files whose writer is no longer running (it was killed mid-write);
    the file they were to replace is still whole. Returns what was removed."""
    removed = []
    # SQLite writing a backup under a temp name keeps a journal beside it (NAME-journal).
    for tmp in folder.glob(".*.tmp*"):
        written, _, rest = tmp.name.rpartition(".tmp")
        pid = written.rsplit(".", 1)[-1]
        if rest in ("", "-journal", "-wal", "-shm") and pid.isdigit() \
                and not _running(int(pid)):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def overwrite_in_place(path: Path, length: int | None = None) -> None:
    """Overwrite the first `length` bytes of `path` (all of it if None) with random bytes
    and fsync, in the file's own blocks: removing or replacing a file leaves its old
    content in freed blocks. (On SSDs and copy-on-write file systems the old blocks may
    survive anyway; the README's security section says so.) A missing file is no error."""
    try:
        fd = os.open(path, os.O_WRONLY)
    except FileNotFoundError:
        return
    try:
        size = os.fstat(fd).st_size
        remaining = size if length is None else min(length, size)
        while remaining > 0:
            remaining -= os.write(fd, os.urandom(min(remaining, 1 << 20)))
        os.fsync(fd)
    finally:
        os.close(fd)
