"""A process killed with SIGKILL mid-transaction leaves a store that opens whole."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from sqlmodel import select

from caseworker.unlocking import open_store
from storage.tables import NameForm, Person
from tests.conftest import PASSPHRASE
from tests.crash_writer import NAMES_PER_TRANSACTION

ROOT = Path(__file__).resolve().parent.parent
KILLS = 5


def _run_and_kill(data_dir: Path, seed: int) -> int:
    """Start the writer, let it commit a few transactions, kill it. Returns the last commit."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.crash_writer", str(data_dir), f"run{seed}"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    child.stdin.write(PASSPHRASE + "\n")
    child.stdin.flush()
    committed = 0
    target = random.Random(seed).randint(3, 15)
    while committed < target:
        line = child.stdout.readline()
        assert line, "the writer stopped before it was killed"
        committed = int(line)
    time.sleep(random.Random(seed).uniform(0, 0.05))
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    # Lines printed after the last one read were committed too.
    rest = child.stdout.read().split()
    return int(rest[-1]) if rest else committed


def test_sigkill_during_writes_leaves_whole_transactions_only(data_dir):
    for attempt in range(KILLS):
        last_committed = _run_and_kill(data_dir, seed=attempt)
        store = open_store(data_dir, PASSPHRASE)
        try:
            with store.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
                assert conn.exec_driver_sql("PRAGMA cipher_integrity_check").all() == []
            with store.read() as session:
                people = session.exec(select(Person)).all()
                texts = session.exec(select(NameForm.text))
                forms = Counter(text.rsplit("-", 1)[0] for text in texts)
        finally:
            store.close()
        # Every transaction is there in full or not at all ...
        assert all(forms[p.ethnicity] == NAMES_PER_TRANSACTION for p in people)
        assert sum(forms.values()) == NAMES_PER_TRANSACTION * len(people)
        # ... and every transaction reported as committed survived (synchronous = FULL).
        assert f"run{attempt}-{last_committed}" in {p.ethnicity for p in people}
