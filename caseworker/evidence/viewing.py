"""Looking at a file without exporting it: the original opened into a private folder in
memory (`/dev/shm`, 0700), handed to the system's viewer, and overwritten and removed when
the app locks or quits (docs/architecture.md §13).

A viewer may keep copies of its own (a thumbnail cache, a recent-files list): the app
says so each time. Where there is no folder in memory (Windows, macOS) viewing is refused
rather than write the original to a disk; `file export` is the deliberate way there.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from caseworker.core.user_errors import UserError
from caseworker.evidence.exporting import export_file
from storage.atomic import overwrite_in_place, process_running
from storage.store import Store

RAM_FOLDER = Path("/dev/shm")
_PREFIX = "caseworker-view-"
# The folders this process made: removed at lock and at exit. Module state on purpose:
# one process, one set of copies, whichever screen asked for them.
_OPENED: list[Path] = []


def can_view() -> bool:
    return sys.platform.startswith("linux") and RAM_FOLDER.is_dir() \
        and os.access(RAM_FOLDER, os.W_OK)


def open_copy(store: Store, given: str, name: str) -> Path:
    """The original of file `given` in a new private folder in memory, named `name`."""
    if not can_view():
        raise UserError("This computer has no folder in memory to open the file in; use "
                        "'file export' to write a copy where you choose.")
    remove_abandoned_copies()
    folder = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", dir=RAM_FOLDER))
    if not _OPENED:
        atexit.register(remove_copies)
    _OPENED.append(folder)
    safe = "".join(c for c in name if c.isprintable() and c not in "/\\") or "file"
    try:
        export_file(store, given, folder / safe)
    except BaseException:
        remove_copies()
        raise
    return folder / safe


def find_viewer() -> str:
    """The desktop's opener, asked before any copy is made: without one, a copy would
    sit in memory for nothing until the lock."""
    opener = shutil.which("xdg-open")
    if opener is None:
        raise UserError("No viewer is set up on this computer (xdg-open is missing); use "
                        "'file export' to write a copy where you choose.")
    return opener


def show_in_viewer(path: Path, opener: str) -> None:
    """Hand the copy to the desktop's viewer, detached: the app goes on."""
    subprocess.Popen([opener, str(path)], stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True)


def remove_copies() -> int:
    """Overwrite and remove every copy this process opened. Returns how many folders."""
    removed = 0
    while _OPENED:
        _remove(_OPENED.pop())
        removed += 1
    return removed


def remove_abandoned_copies() -> None:
    """Copies left by a Caseworker that was killed before it could remove them."""
    if not RAM_FOLDER.is_dir():
        return
    for folder in RAM_FOLDER.glob(f"{_PREFIX}*"):
        pid = folder.name[len(_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not process_running(int(pid)) \
                and folder.stat().st_uid == os.getuid():
            _remove(folder)


def _remove(folder: Path) -> None:
    for path in folder.glob("*"):
        overwrite_in_place(path)
        path.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
