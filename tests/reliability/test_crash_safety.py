"""A process killed with SIGKILL anywhere in an operation leaves a store that opens whole,
holding all of the interrupted operation or none of it.

Each kill starts from the same prepared store. Half the kills land on an exact step (an
SQL statement, fsync or rename: a random one of those a calibration run counted), half
at a random time, which also lands inside commits and file writes.
CASEWORKER_CRASH_KILLS sets the kills per operation (`make crash` runs many);
CASEWORKER_CRASH_SEED varies the points.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlcipher3

from caseworker.opening.unlocking import open_store
from storage import keyfile
from storage.engine import open_connection
from storage.errors import KeyFileDamaged, WrongPassphrase
from storage.paths import StorePaths
from tests.support.cli_helpers import ROOT
from tests.support.crash_operations import Operation
from tests.support.crash_registry import OPERATIONS
from tests.support.store_helpers import history_agrees_with_rows

KILLS = int(os.environ.get("CASEWORKER_CRASH_KILLS", "4"))
SEED = os.environ.get("CASEWORKER_CRASH_SEED", "0")


@dataclass
class Run:
    reported: int  # the last round the child said was done
    killed: bool
    steps: int = 0
    seconds: float = 0.0


def _run(name: str, data_dir: Path, work: Path, rounds: int, kill_at: int | None = None,
         kill_after: float | None = None) -> Run:
    command = [sys.executable, "-m", "tests.support.crash_worker", name, str(data_dir), str(work),
               str(rounds), *([str(kill_at)] if kill_at else [])]
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "ready\n"
    started = time.perf_counter()
    if kill_after is not None:
        time.sleep(kill_after)
        child.send_signal(signal.SIGKILL)
    lines = child.stdout.read().split("\n")
    child.wait()
    seconds = time.perf_counter() - started
    numbers = [int(line) for line in lines if line.isdigit()]
    steps = [int(line.split()[1]) for line in lines if line.startswith("steps ")]
    if child.returncode not in (0, -signal.SIGKILL):
        pytest.fail(f"the {name} worker failed with exit code {child.returncode}")
    return Run(max(numbers, default=0), child.returncode == -signal.SIGKILL,
               steps[0] if steps else 0, seconds)


def _check_store(operation: Operation, data_dir: Path, work: Path, reported: int) -> None:
    paths = StorePaths(data_dir)
    keys = []
    # While the store moves to a new key, the new one waits in the pending key file: one
    # of the two must open the database (storage/store.py).
    for passphrase in operation.passphrases(reported):
        for key_file in (paths.key_file, paths.pending_key_file):
            try:
                key = keyfile.unwrap_database_key(key_file, passphrase)
            except (WrongPassphrase, KeyFileDamaged):
                continue
            if _opens(paths.database, key):
                keys.append((passphrase, key))
    assert keys, "neither key file opens the database with a passphrase it may hold"
    passphrase, key = keys[0]
    conn = open_connection(paths.database, key)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
        operation.check_raw(conn, work, reported)
    finally:
        conn.close()
    store = open_store(data_dir, passphrase)
    try:
        history_agrees_with_rows(store)
        operation.check(store, work, reported)
    finally:
        store.close()
    assert not [path.name for path in data_dir.iterdir() if path.name.endswith(".tmp")]


def _opens(database: Path, key: bytearray) -> bool:
    try:
        open_connection(database, key).close()
    except sqlcipher3.DatabaseError:
        return False
    return True


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_a_killed_operation_leaves_all_of_a_round_or_none(name, tmp_path, template_store):
    operation = OPERATIONS[name]
    prepared, work, data_dir = tmp_path / "prepared", tmp_path / "work", tmp_path / "data"
    shutil.copytree(template_store, prepared)
    work.mkdir()
    operation.prepare(prepared, work)

    def fresh_store() -> None:
        shutil.rmtree(data_dir, ignore_errors=True)
        shutil.copytree(prepared, data_dir)

    fresh_store()
    calibration = _run(name, data_dir, work, operation.calibration_rounds)
    assert calibration.reported == operation.calibration_rounds and calibration.steps
    _check_store(operation, data_dir, work, calibration.reported)

    chance = random.Random(f"{name}-{SEED}")
    survived = 0
    for attempt in range(KILLS):
        fresh_store()
        if attempt % 2 == 0:
            run = _run(name, data_dir, work, operation.calibration_rounds,
                       kill_at=chance.randint(1, calibration.steps))
            assert run.killed, "a kill at a step did not land"
        else:
            run = _run(name, data_dir, work, operation.calibration_rounds,
                       kill_after=chance.uniform(0, calibration.seconds))
        _check_store(operation, data_dir, work, run.reported)
        survived += run.killed
    print(f"\n{name}: {survived} kills survived "
          f"({calibration.steps} steps in {calibration.seconds:.2f} s per run)")
