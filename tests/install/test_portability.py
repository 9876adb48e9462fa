"""The Windows and macOS code paths, run here by making this system answer as those do:
`os.name` or `sys.platform` set, and the calls that differ behaving as they do there.

Only the module under test sees the other system (its `os` or `sys` swapped): pytest
itself would stop working if every `Path()` became a WindowsPath."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from storage import atomic
from storage.kdf import floor_params
from storage.store import Store
from tests.conftest import PASSPHRASE
from tests.support.paths import ROOT

NEW_PASSPHRASE = "copper meadow whistle ninety"


class SystemView(types.ModuleType):
    """A module's view of `os` or `sys` with a few names answered differently."""

    def __init__(self, real: types.ModuleType, **different) -> None:
        super().__init__(real.__name__)
        self._real = real
        self.__dict__.update(different)

    def __getattr__(self, name: str):
        return getattr(self._real, name)


class WindowsCalls:
    """What Windows does differently, as far as atomic writes see it."""

    def __init__(self) -> None:
        self.moves: list[tuple[str, str, int]] = []
        self.fail_moves_with: int | None = None

    def MoveFileExW(self, source: str, target: str, flags: int) -> int:
        if self.fail_moves_with is not None:
            return 0
        self.moves.append((source, target, flags))
        os.replace(source, target)
        return 1


@pytest.fixture
def windows(monkeypatch) -> WindowsCalls:
    """os.name is "nt"; a folder cannot be opened, a read-only handle cannot be flushed,
    and MoveFileExW comes from a stand-in kernel32 that records its calls."""
    real_open, real_fsync = os.open, os.fsync
    read_only: set[int] = set()

    def open_like_windows(path, flags, *args, **kwargs):
        if os.path.isdir(path):
            raise PermissionError(errno.EACCES, "Access is denied", str(path))
        fd = real_open(path, flags, *args, **kwargs)
        if flags & (os.O_WRONLY | os.O_RDWR):
            read_only.discard(fd)
        else:
            read_only.add(fd)
        return fd

    def fsync_like_windows(fd):
        if fd in read_only:
            raise OSError(errno.EBADF, "Bad file descriptor")
        real_fsync(fd)

    calls = WindowsCalls()
    monkeypatch.setattr(atomic, "os", SystemView(os, name="nt", open=open_like_windows,
                                                 fsync=fsync_like_windows))
    monkeypatch.setattr(atomic, "_kernel32", lambda: calls)
    return calls


def test_an_atomic_write_on_windows_flushes_a_writable_handle_and_moves_with_write_through(
        tmp_path, windows):
    target = tmp_path / "key.json"
    target.write_bytes(b"old")
    atomic.write_atomically(target, b"line one\nline two\n")
    assert target.read_bytes() == b"line one\nline two\n"
    [(source, moved_to, flags)] = windows.moves
    assert moved_to == str(target) and Path(source).name.endswith(".tmp")
    assert flags == atomic.MOVEFILE_REPLACE_EXISTING | atomic.MOVEFILE_WRITE_THROUGH
    assert [p.name for p in tmp_path.iterdir()] == ["key.json"]


def test_a_file_written_by_another_writer_moves_into_place_on_windows(tmp_path, windows):
    partial = atomic.temp_sibling(tmp_path / "backup.db")
    partial.write_bytes(b"whole backup")
    atomic.move_into_place(partial, tmp_path / "backup.db")
    assert (tmp_path / "backup.db").read_bytes() == b"whole backup"
    assert not partial.exists() and len(windows.moves) == 1


def test_a_refused_move_on_windows_raises_and_keeps_the_old_file(tmp_path, windows,
                                                                 monkeypatch):
    import ctypes

    monkeypatch.setattr(ctypes, "get_last_error", lambda: 5, raising=False)
    windows.fail_moves_with = 5  # ERROR_ACCESS_DENIED: another program holds the file
    target = tmp_path / "key.json"
    target.write_bytes(b"old")
    with pytest.raises(OSError, match="Windows error 5"):
        atomic.write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["key.json"]


def test_init_unlock_and_a_passphrase_change_work_as_on_windows(tmp_path, windows):
    root = tmp_path / "data"
    Store.create(root, PASSPHRASE, floor_params()).close()
    store = Store.unlock(root, PASSPHRASE)
    try:
        store.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    finally:
        store.close()
    Store.unlock(root, NEW_PASSPHRASE).close()
    assert windows.moves, "the key file was not written through MoveFileExW"
    assert not list(root.glob(".*.tmp*"))


@pytest.fixture
def macos(monkeypatch) -> list[int]:
    """sys.platform is "darwin", with an fcntl that records F_FULLFSYNC requests."""
    requests: list[int] = []
    fake = types.ModuleType("fcntl")
    fake.F_FULLFSYNC = 51

    def fcntl(fd, command, *args):
        assert command == fake.F_FULLFSYNC
        requests.append(fd)
        return 0

    fake.fcntl = fcntl
    monkeypatch.setitem(sys.modules, "fcntl", fake)
    monkeypatch.setattr(atomic, "sys", SystemView(sys, platform="darwin"))
    return requests


def test_an_atomic_write_on_macos_asks_the_drive_to_flush_the_file_and_its_folder(
        tmp_path, macos, monkeypatch):
    fsyncs = []
    monkeypatch.setattr(atomic, "os", SystemView(os, fsync=fsyncs.append))
    atomic.write_atomically(tmp_path / "key.json", b"data")
    assert len(macos) == 2 and fsyncs == []  # the file, then the folder


def test_on_a_macos_drive_without_full_fsync_plain_fsync_is_used(tmp_path, macos,
                                                                 monkeypatch):
    def unsupported(fd, command, *args):
        raise OSError(errno.ENOTSUP, "Operation not supported")

    monkeypatch.setattr(sys.modules["fcntl"], "fcntl", unsupported)
    fsyncs = []
    monkeypatch.setattr(atomic, "os", SystemView(os, fsync=fsyncs.append))
    atomic.write_atomically(tmp_path / "key.json", b"data")
    assert (tmp_path / "key.json").read_bytes() == b"data" and len(fsyncs) == 2


def _fullfsync(path: Path) -> int:
    from storage.engine import open_connection

    conn = open_connection(path, b"k" * 32)
    try:
        return conn.execute("PRAGMA fullfsync").fetchone()[0]
    finally:
        conn.close()


def test_the_store_asks_for_full_fsync_on_macos_only(tmp_path, monkeypatch):
    from storage import engine

    assert _fullfsync(tmp_path / "linux.db") == 0
    monkeypatch.setattr(engine, "sys", SystemView(sys, platform="darwin"))
    assert _fullfsync(tmp_path / "mac.db") == 1


def test_the_process_check_tells_a_running_process_from_a_finished_one():
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    assert atomic.process_running(os.getpid())
    assert not atomic.process_running(finished.pid)


def test_abandoned_temp_files_go_and_those_of_running_writers_stay(tmp_path):
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    abandoned = tmp_path / f".key.json.{finished.pid}.tmp"
    journal = tmp_path / f".store-v1.db.{finished.pid}.tmp-journal"
    live = tmp_path / f".key.json.{os.getpid()}.tmp"
    for path in (abandoned, journal, live):
        path.write_bytes(b"x")
    assert sorted(atomic.remove_abandoned_temp_files(tmp_path)) == sorted([abandoned, journal])
    assert live.exists()


def test_no_code_asks_whether_a_process_runs_with_a_signal():
    """On Windows os.kill(pid, 0) sends Ctrl+C to the process group instead of asking."""
    callers = [str(p.relative_to(ROOT)) for top in ("caseworker", "screens", "storage")
               for p in (ROOT / top).rglob("*.py") if "os.kill(" in p.read_text()]
    assert callers == []
