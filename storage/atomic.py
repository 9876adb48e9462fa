"""Crash-safe file replacement: write a sibling temp file, flush it to the drive, rename it
over the target, and make the rename itself durable.

How each step is done differs by system:
- Windows cannot flush a read-only handle nor open a folder at all, so the temp file is
  flushed through a writable handle and the rename is MoveFileEx with write-through, which
  returns once NTFS has the new name on disk (the folder flush it stands in for).
- macOS's fsync leaves the data in the drive's cache; F_FULLFSYNC asks the drive to write
  it (as SQLite's `fullfsync` pragma does for the store).
- Files are opened binary: without O_BINARY, Windows would turn every \\n into \\r\\n.

A temp file is named `.NAME.PID.tmp`, so one left by a process that was killed can be
told from one a running process is still writing.
"""

from __future__ import annotations

import io
import os
import queue
import sys
import threading
from pathlib import Path

BINARY = getattr(os, "O_BINARY", 0)  # only Windows has (and needs) it
FLUSH_BEHIND_BYTES = 16 << 20
QUEUED_WRITES = 4  # chunks (of 1 MiB, as callers write) waiting for the file
MOVEFILE_REPLACE_EXISTING = 0x1
MOVEFILE_WRITE_THROUGH = 0x8


def temp_sibling(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_atomically(path: Path, data: bytes, mode: int = 0o600) -> None:
    tmp = temp_sibling(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | BINARY, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            flush_to_drive(handle.fileno())
        _rename_durably(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def move_into_place(tmp: Path, path: Path) -> None:
    """Make the finished `tmp` (written and closed by someone else) durable, then make it
    `path` in one step."""
    # Writable: Windows flushes only a handle that may write.
    fd = os.open(tmp, os.O_RDWR | BINARY)
    try:
        flush_to_drive(fd)
    finally:
        os.close(fd)
    _rename_durably(tmp, path)


def flush_to_drive(fd: int) -> None:
    if sys.platform == "darwin":
        import fcntl  # deferred: the module exists on POSIX only

        try:
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
        except OSError:
            pass  # file systems without it (some USB sticks, network shares): plain fsync
    os.fsync(fd)


class FlushedBehind(io.RawIOBase):
    """A large new file's writer (it owns `fd`) that writes and flushes behind the one
    producing the bytes: `write` queues a copy, a thread writes it to the file, and every
    FLUSH_BEHIND_BYTES another has the drive take what is written, so the cipher never
    waits on a write and `flush_to_drive()` at the end waits only for the last few MiB.
    Flushing a 256 MiB evidence file all at the end took as long as encrypting it, and
    writing it inline half as long (docs/architecture.md §13). At most QUEUED_WRITES
    chunks wait in memory.

    `write_behind=False` writes inline instead: measured, sealing (age's 64 KiB chunks,
    each a hand-over between threads) ran faster inline, opening (1 MiB writes) behind."""

    def __init__(self, fd: int, write_behind: bool = True) -> None:
        super().__init__()
        self.fd = fd
        self._write_behind_on = write_behind
        self._written = self._asked_at = 0
        self._chunks: queue.Queue[bytes | None] = queue.Queue(QUEUED_WRITES)
        self._asked = threading.Event()
        self._stopped = False
        self._failure: OSError | None = None
        self._writer = threading.Thread(target=self._write_behind, name="write-behind",
                                        daemon=True)
        self._flusher = threading.Thread(target=self._flush_behind, name="flush-behind",
                                         daemon=True)
        self._writer.start()
        self._flusher.start()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if self._failure is not None:
            raise self._failure
        if not self._write_behind_on:
            return self._write_now(memoryview(data).cast("B"))
        chunk = bytes(data)  # the caller reuses its buffer
        self._chunks.put(chunk)
        return len(chunk)

    def _write_now(self, view: memoryview) -> int:
        done = 0
        while done < len(view):  # a regular file takes it all at once, unless it fails
            done += os.write(self.fd, view[done:])
        self._written += done
        if self._written - self._asked_at >= FLUSH_BEHIND_BYTES:
            self._asked_at = self._written
            self._asked.set()
        return done

    def flush_to_drive(self) -> None:
        """Make everything written durable (what the threads have not done yet)."""
        self._stop()
        if self._failure is not None:
            raise self._failure
        flush_to_drive(self.fd)

    def close(self) -> None:
        if not self.closed:
            self._stop()
            os.close(self.fd)
        super().close()

    def _stop(self) -> None:
        if not self._stopped:
            self._stopped = True
            self._chunks.put(None)
            self._writer.join()
            self._asked.set()
            self._flusher.join()

    def _write_behind(self) -> None:
        while (chunk := self._chunks.get()) is not None:
            if self._failure is not None:
                continue  # drained, so a waiting producer goes on to see the failure
            try:
                self._write_now(memoryview(chunk))
            except OSError as exc:  # raised by the next write, or by flush_to_drive
                self._failure = exc

    def _flush_behind(self) -> None:
        while True:
            self._asked.wait()
            self._asked.clear()
            if self._stopped and not self._writer.is_alive():
                return
            try:
                os.fsync(self.fd)  # the system lets go of the interpreter while it waits
            except OSError as exc:  # told again, and raised, by flush_to_drive
                self._failure = exc
                return


def fsync_directory(folder: Path) -> None:
    """Make the names in `folder` durable. Windows has no such call; there a rename is made
    durable by MoveFileEx's write-through instead."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        flush_to_drive(fd)
    finally:
        os.close(fd)


def _rename_durably(tmp: Path, path: Path) -> None:
    if os.name == "nt":
        _move_file_write_through(tmp, path)
    else:
        os.replace(tmp, path)
        fsync_directory(path.parent)


def _move_file_write_through(tmp: Path, path: Path) -> None:
    """os.replace as Windows does it (MoveFileExW, replacing), plus write-through."""
    import ctypes  # deferred: only Windows calls into a system library here

    kernel32 = _kernel32()
    if not kernel32.MoveFileExW(str(tmp), str(path),
                                MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH):
        # typeshed declares get_last_error for Windows only and mypy checks as on Linux
        # (pyproject.toml), where the tests run this path with a stand-in kernel32.
        code = ctypes.get_last_error()  # type: ignore[attr-defined]
        # OSError's fourth argument is the Windows error code; Python maps it to errno.
        raise OSError(None, f"cannot replace {path.name} (Windows error {code})", str(tmp),
                      code, str(path))


def _kernel32():
    if sys.platform != "win32":
        raise OSError("kernel32 exists on Windows only")
    import ctypes  # deferred: WinDLL exists on Windows only

    return ctypes.WinDLL("kernel32", use_last_error=True)


def remove_abandoned_temp_files(folder: Path) -> list[Path]:
    """Delete temp files whose writer is no longer running (it was killed mid-write);
    the file they were to replace is still whole. Returns what was removed."""
    removed = []
    # SQLite writing a backup under a temp name keeps a journal beside it (NAME-journal).
    for tmp in folder.glob(".*.tmp*"):
        written, _, rest = tmp.name.rpartition(".tmp")
        pid = written.rsplit(".", 1)[-1]
        if rest in ("", "-journal", "-wal", "-shm") and pid.isdigit() \
                and not process_running(int(pid)):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def process_running(pid: int) -> bool:
    """Whether a process with this id is alive, on every system.

    Not kill(pid, 0): on Windows signal 0 is CTRL_C_EVENT, which would interrupt the
    process group instead of asking. psutil opens the process to ask, on every system.
    """
    import psutil  # deferred: only unlocking a store looks for abandoned temp files

    return psutil.pid_exists(pid)


def overwrite_in_place(path: Path, length: int | None = None) -> None:
    """Overwrite the first `length` bytes of `path` (all of it if None) with random bytes
    and fsync, in the file's own blocks: removing or replacing a file leaves its old
    content in freed blocks. (On SSDs and copy-on-write file systems the old blocks may
    survive anyway; the README's security section says so.) A missing file is no error."""
    try:
        fd = os.open(path, os.O_WRONLY | BINARY)
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
