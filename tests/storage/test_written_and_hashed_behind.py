"""The two helpers that let a large evidence file stream at the disk's and the cipher's
pace: flushing to the drive while writing, hashing in a thread."""

from __future__ import annotations

import hashlib
import os
import threading
import time

import pytest

from storage import atomic
from storage.atomic import FlushedBehind
from storage.hashed_behind import HashedBehind


def test_the_hash_is_sha256_of_every_chunk_even_when_the_caller_reuses_its_buffer():
    buffer = bytearray(1 << 16)
    expected = hashlib.sha256()
    with HashedBehind() as digest:
        for number in range(40):
            buffer[:] = bytes([number]) * len(buffer)  # the same buffer, new bytes
            digest.update(memoryview(buffer))
            expected.update(buffer)
        assert digest.hexdigest() == expected.hexdigest()
    assert digest.hexdigest() == expected.hexdigest()


def test_the_hashing_thread_ends_when_the_stream_fails_half_way():
    before = threading.active_count()
    with pytest.raises(OSError), HashedBehind() as digest:
        digest.update(b"part of a file")
        raise OSError("the stick was pulled out")
    assert threading.active_count() == before
    with pytest.raises(RuntimeError):
        digest.update(b"more")


@pytest.mark.parametrize("write_behind", [True, False])
def test_a_file_flushed_behind_holds_every_byte_and_is_flushed_as_it_grows(
        tmp_path, monkeypatch, write_behind):
    flushed = []
    real_fsync = os.fsync
    monkeypatch.setattr(atomic, "FLUSH_BEHIND_BYTES", 1 << 20)
    monkeypatch.setattr(os, "fsync", lambda fd: flushed.append(fd) or real_fsync(fd))
    chunks = [os.urandom(256 << 10) for _ in range(20)]  # 5 MiB
    fd = os.open(tmp_path / "sealed", os.O_WRONLY | os.O_CREAT, 0o600)
    with FlushedBehind(fd, write_behind) as out:
        for chunk in chunks:
            assert out.write(memoryview(chunk)) == len(chunk)
        out.flush_to_drive()
    assert (tmp_path / "sealed").read_bytes() == b"".join(chunks)
    assert len(flushed) >= 2  # some while writing (up to four), one at the end


@pytest.mark.parametrize("write_behind", [True, False])
def test_a_flush_that_failed_in_the_background_fails_the_file(tmp_path, monkeypatch,
                                                              write_behind):
    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "FLUSH_BEHIND_BYTES", 1024)
    monkeypatch.setattr(os, "fsync", full_disk)
    fd = os.open(tmp_path / "sealed", os.O_WRONLY | os.O_CREAT, 0o600)
    with FlushedBehind(fd, write_behind) as out:
        out.write(b"x" * 4096)
        with pytest.raises(OSError, match="No space"):
            out.flush_to_drive()
    assert out.closed


def test_a_write_that_failed_behind_fails_the_next_write_and_the_flush(tmp_path):
    fd = os.open(tmp_path / "sealed", os.O_RDONLY | os.O_CREAT, 0o600)  # cannot be written
    out = FlushedBehind(fd)
    out.write(b"x" * 4096)  # queued: the thread finds it cannot write
    with pytest.raises(OSError):
        for _ in range(100):
            out.write(b"x" * 4096)
            time.sleep(0.01)
    with pytest.raises(OSError):
        out.flush_to_drive()
    out.close()
