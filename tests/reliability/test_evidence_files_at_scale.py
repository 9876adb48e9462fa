"""Evidence files at the size of a recorded testimony: a 200 MB file goes in and comes out
the same in constant memory; a process killed while attaching leaves no partial file and
no plaintext; a canary file's bytes are found nowhere on disk outside the store."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from caseworker.opening.unlocking import open_store
from tests.conftest import PASSPHRASE
from tests.support.case_factory import seed_cases, simple_draft
from tests.support.paths import ROOT

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="peak RSS as Linux reports it")
MIB = 1 << 20


def _big_file(path: Path, mib: int, marker: bytes = b"") -> str:
    """`mib` MiB of random bytes (each MiB starting with `marker`); returns its SHA-256."""
    digest = hashlib.sha256()
    with path.open("wb") as file:
        for _ in range(mib):
            block = marker + os.urandom(MIB - len(marker))
            digest.update(block)
            file.write(block)
    return digest.hexdigest()


def _worker(data_dir: Path, case_id: str, *paths: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "tests.support.evidence_worker",
                             str(data_dir), case_id, *map(str, paths)],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)


def _files(store) -> tuple[int, int, int]:
    """Records, contents held, and files in the store's files folder (temp files too)."""
    with store.engine.connect() as conn:
        rows = [conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
                for table in ("evidence_files", "file_contents")]
    folder = store.paths.files
    return rows[0], rows[1], len(list(folder.iterdir())) if folder.is_dir() else 0


def test_a_200_mb_file_round_trips_in_constant_memory(data_dir, tmp_path):
    case_id = seed_cases(data_dir, simple_draft("Abai Kydyrbek"))[0]
    source, out = tmp_path / "testimony.mp4", tmp_path / "exported.mp4"
    expected = _big_file(source, 200)
    worker = _worker(data_dir, case_id, source, out)
    lines = worker.communicate(timeout=600)[0].splitlines()
    assert worker.returncode == 0, lines[-5:]
    rss_kib = int(next(line for line in lines if line.startswith("rss ")).split()[1])
    assert lines[-1] == f"exported {expected}"
    assert hashlib.sha256(out.read_bytes()).hexdigest() == expected
    assert rss_kib <= 150 * 1024, f"peak RSS {rss_kib >> 10} MiB"


def test_killed_while_attaching_leaves_no_partial_file_and_no_plaintext(data_dir, tmp_path):
    case_id = seed_cases(data_dir, simple_draft("Abai Kydyrbek"))[0]
    marker = b"CANARY-" + os.urandom(8).hex().encode()
    source = tmp_path / "given" / "testimony.mp4"
    source.parent.mkdir()
    _big_file(source, 64, marker)
    worker = _worker(data_dir, case_id, source)
    assert worker.stdout is not None
    for line in worker.stdout:
        if line.startswith("chunk 20"):  # a third of the way in, inside the transaction
            worker.kill()
            break
    worker.wait(timeout=60)
    assert worker.returncode < 0, "the worker finished before it was killed"
    store = open_store(data_dir, PASSPHRASE)
    try:
        assert _files(store) == (0, 0, 0)
    finally:
        store.close()
    assert _found(tmp_path, marker) == [source]


def test_a_kept_file_is_nowhere_on_disk_outside_the_store(data_dir, tmp_path):
    case_id = seed_cases(data_dir, simple_draft("Abai Kydyrbek"))[0]
    marker = b"CANARY-" + os.urandom(8).hex().encode()
    source = tmp_path / "given" / "decision.pdf"
    source.parent.mkdir()
    _big_file(source, 3, marker)
    worker = _worker(data_dir, case_id, source)
    worker.communicate(timeout=120)
    assert worker.returncode == 0
    store = open_store(data_dir, PASSPHRASE)
    try:
        assert _files(store) == (1, 1, 1)
    finally:
        store.close()
    # The positive control: the scan sees the original it was given.
    assert _found(tmp_path, marker) == [source]


def _found(root: Path, marker: bytes) -> list[Path]:
    """Files under `root` (the store, its WAL and backups, the temp and home folders the
    tests give the process) whose bytes hold `marker`."""
    return sorted(path for path in root.rglob("*")
                  if path.is_file() and marker in path.read_bytes())
