"""What the app costs a laptop left open all day: CPU while idle on each screen, resident
memory after unlocking, and the peak through a working session on 100,000 cases.

Each is measured in a child process running the real app on a pseudo-terminal that this
process drains, as a terminal would (bench/app_probe.py), so the figures are that
process's own and include Textual's driver."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import shutil
import signal
import struct
import sys
import termios
import time
from pathlib import Path

from bench.report import Figure
from bench.synthetic import PASSPHRASE, synthetic_store

ROOT = Path(__file__).resolve().parents[2]
ROWS, COLUMNS = 40, 120
IDLE_BUDGET_PERCENT = 0.5
UNLOCK_BUDGET_MB = 150
WALK_BUDGET_MB = 250
KDF_MEMORY_KIB = 256 * 1024  # the calibration's starting point: what most laptops get
WALK_QUERY = "Nurlan"


def in_terminal(work: Path, mode: str, data_dir: str, argument: str,
                timeout: float) -> dict[str, float]:
    """Run bench.app_probe under a pty of ROWS x COLUMNS, discard what it draws, and
    return what it wrote to its result file."""
    out = work / f"probe-{mode}.json"
    out.unlink(missing_ok=True)
    pid, terminal = pty.fork()
    if pid == 0:  # the child: size its terminal, then become the probe
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        os.chdir(ROOT)
        os.environ["TERM"] = "xterm-256color"
        os.execv(sys.executable, [sys.executable, "-m", "bench.app_probe", mode, data_dir,
                                  argument, str(out)])
    deadline = time.monotonic() + timeout
    last = b""  # what it drew last: after a failure, its words are in there
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([terminal], [], [], 1.0)
            if ready:
                try:
                    drawn = os.read(terminal, 65536)
                except OSError:  # the child has gone and its terminal with it
                    break
                if not drawn:
                    break
                last = (last + drawn)[-4096:]
        else:
            os.kill(pid, signal.SIGKILL)
            raise TimeoutError(f"app_probe {mode} took longer than {timeout:.0f} s")
    finally:
        os.waitpid(pid, 0)
        os.close(terminal)
    if not out.exists():
        words = re.sub(rb"\x1b\[[0-9;?<>=]*[a-zA-Z]|\x1b[()][A-Z0-9]", b"", last)
        raise RuntimeError(f"app_probe {mode} stopped without a result: "
                           f"{words.decode(errors='replace')[-1500:]}")
    result = json.loads(out.read_text())
    if "failed" in result:
        raise RuntimeError(f"app_probe {mode} failed: {result['failed']}")
    return result


def idle_cpu(work: Path, quick: bool) -> list[Figure]:
    seconds = 15.0 if quick else 60.0
    data_dir = synthetic_store(work / "idle", cases=500, items_per_case=3)
    bare = in_terminal(work, "bare", "-", str(seconds), seconds + 60)["bare"]
    shares = in_terminal(work, "idle", str(data_dir), str(seconds), 12 * seconds + 300)
    return [Figure(f"idle CPU, {screen}", share, "% core", f"<= {IDLE_BUDGET_PERCENT}% of a core",
                   share <= IDLE_BUDGET_PERCENT, bare, share / bare if bare else None,
                   f"process CPU over {seconds:.0f} s with nothing typed, 500 cases; baseline: "
                   "a bare Textual app (Header, DataTable, Footer) idle as long")
            for screen, share in shares.items()]


def unlock_memory(work: Path) -> list[Figure]:
    data_dir = synthetic_store(work / "kdf-256", cases=1, kdf_memory_kib=KDF_MEMORY_KIB)
    steps = in_terminal(work, "walk", str(data_dir), "-", 300)
    after, before = steps["after unlock, dashboard"], steps["before unlock"]
    peak = steps["peak while unlocking"]
    return [Figure("resident memory after unlock, 256 MiB Argon2id", after, "MB",
                   f"<= {UNLOCK_BUDGET_MB} MB", after <= UNLOCK_BUDGET_MB, before,
                   after / before, "one case, the dashboard shown; baseline: the same process "
                   f"at the passphrase form; {peak:.0f} MB at most while deriving the key")]


def _with_a_contact(data_dir: Path, work: Path) -> Path:
    """The walk's export goes to a colleague: the store needs one contact."""
    marker = data_dir / ".with-a-contact"
    if marker.exists():
        return data_dir
    from datetime import UTC, datetime

    from caseworker.core.authoring import Author
    from caseworker.exchange.install_keys import add_contact, own_keys
    from caseworker.opening.unlocking import create_store, open_store
    from storage.kdf import floor_params

    folder = work / "colleague"
    shutil.rmtree(folder, ignore_errors=True)
    colleague = create_store(folder, PASSPHRASE, floor_params())
    with colleague.read() as session:
        their_key = own_keys(session).contact_key
    colleague.close()
    store = open_store(data_dir, PASSPHRASE)
    try:
        add_contact(store, "Almaty office", their_key, Author("bench", datetime.now(UTC)),
                    escrow=True)
    finally:
        store.close()
    marker.touch()
    return data_dir


def walk_memory(work: Path) -> list[Figure]:
    data_dir = _with_a_contact(synthetic_store(work / "cases-100000", cases=100_000), work)
    steps = in_terminal(work, "walk", str(data_dir), WALK_QUERY, 1800)
    peak, before = steps.pop("peak after unlock"), steps["before unlock"]
    kdf = json.loads((data_dir / "store.key").read_text())["kdf"]["memory_kib"] // 1024
    steps[f"peak while unlocking ({kdf} MiB Argon2id)"] = steps.pop("peak while unlocking")
    return [Figure("peak resident memory, 100,000 cases: unlock, dashboard, filter, a case, "
                   "export", peak, "MB", f"<= {WALK_BUDGET_MB} MB", peak <= WALK_BUDGET_MB,
                   before, peak / before,
                   "from the store open on; baseline: the same process at the passphrase "
                   "form; " + ", ".join(f"{step} {mb:.0f} MB" for step, mb in steps.items()))]
