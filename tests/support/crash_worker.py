"""Child process of the crash tests: runs one operation's rounds until it is killed.

    python -m tests.support.crash_worker OPERATION DATA_DIR WORK_DIR ROUNDS [KILL_AT]

Prints "ready" as it starts, then each round's number once the round is done. After
ROUNDS rounds it prints "steps N" and exits: the steps it took, where a step is an SQL
statement or a file being synced or renamed into place. With KILL_AT it SIGKILLs itself
as its KILL_AT-th step starts: an exact point inside the operation, chosen by the test
from the count a calibration run printed.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import sqlcipher3

steps = 0


def count_steps(kill_at: int | None) -> None:
    """Count every statement on every connection the store opens from now on, and every
    fsync and rename (the key file and other files are replaced by those)."""

    def step(*_) -> None:
        global steps
        steps += 1
        if steps == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def counted(function):
        def call(*args, **kwargs):
            step()
            return function(*args, **kwargs)
        return call

    connect = sqlcipher3.connect

    def traced_connect(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(step)
        return conn

    sqlcipher3.connect = traced_connect
    os.fsync = counted(os.fsync)
    os.replace = counted(os.replace)


def main(operation: str, data_dir: str, work: str, rounds: int, kill_at: int | None) -> None:
    from tests.support.crash_registry import OPERATIONS

    count_steps(kill_at)
    print("ready", flush=True)
    for number in OPERATIONS[operation].rounds(Path(data_dir), Path(work)):
        print(number, flush=True)
        if number >= rounds:
            break
    print("steps", steps, flush=True)


if __name__ == "__main__":
    operation, data_dir, work, rounds, *kill_at = sys.argv[1:]
    main(operation, data_dir, work, int(rounds), int(kill_at[0]) if kill_at else None)
