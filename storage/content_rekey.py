"""The sealed files move to a new identity when the store moves to a new key.

Without this, a copy of the old key file and its passphrase (a laptop seized, its
passphrase coerced, the store copied) would open the old database, read the files'
identity from it, and open every file sealed since, whatever key the database has now.
`rekey_contents` makes a fresh identity, keeps the old one as `previous` in the same
write, seals each file again to the new one (checked against its keyed name before it
replaces the old), overwrites the old file's blocks, and forgets `previous` at the end.
Killed half-way, every file opens with one of the two identities, and the next unlock
finishes the work (`finish_contents_rekey`). docs/architecture.md §3, §13."""

from __future__ import annotations

import hashlib
import hmac
import io
import os
from pathlib import Path

import pyrage

from storage.atomic import BINARY, FlushedBehind, fsync_directory, temp_sibling
from storage.file_contents import (
    CHUNK_BYTES,
    IDENTITY_KEY,
    PREVIOUS_IDENTITY_KEY,
    SECRET_KEY,
    ContentsDamaged,
    HashingSource,
    decrypting,
)
from storage.hashed_behind import HashedBehind
from storage.meta_values import forget_meta, get_meta, set_meta
from storage.store import Store


def rekey_contents(store: Store) -> int:
    """Seal every held file to a fresh identity. Returns how many were sealed again."""
    with store.write() as session:
        current = get_meta(session, IDENTITY_KEY)
        if current is None:
            return 0  # no file was ever kept
        if get_meta(session, PREVIOUS_IDENTITY_KEY) is None:  # else: finish the last one
            set_meta(session, PREVIOUS_IDENTITY_KEY, current)
            set_meta(session, IDENTITY_KEY, str(pyrage.x25519.Identity.generate()))
    return finish_contents_rekey(store)


def finish_contents_rekey(store: Store) -> int:
    """Seal again to the current identity every file that the previous one still opens
    (at the end of a re-key, and at unlock after one that was killed)."""
    with store.read() as session:
        previous = get_meta(session, PREVIOUS_IDENTITY_KEY)
        if previous is None:
            return 0
        current = pyrage.x25519.Identity.from_str(get_meta(session, IDENTITY_KEY) or "")
        secret = bytes.fromhex(get_meta(session, SECRET_KEY) or "")
        names = list(session.connection().exec_driver_sql(
            "SELECT content_key FROM file_contents").scalars())
    old = pyrage.x25519.Identity.from_str(previous)
    resealed = 0
    for name in names:
        path = store.paths.files / name
        # After a kill some are sealed to the new one already: sealed again all the same
        # (age tells which identity opens a file only by opening it).
        if path.is_file():
            _reseal(path, [current, old], current.to_public(), secret)
            resealed += 1
    if resealed:
        fsync_directory(store.paths.files)
    with store.write() as session:
        forget_meta(session, PREVIOUS_IDENTITY_KEY)
    return resealed


def _reseal(path: Path, identities: list, recipient: pyrage.x25519.Recipient,
            secret: bytes) -> None:
    """Seal `path` again to `recipient` under a temp name, check the original's keyed
    hash against the file's name, put it in place, and overwrite the old file's blocks
    through a handle kept open across the rename."""
    tmp = temp_sibling(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | BINARY, 0o600)
    try:
        with path.open("rb") as sealed, decrypting(sealed, identities) as read, \
                FlushedBehind(fd, write_behind=False) as out, HashedBehind() as digest:
            pyrage.encrypt_io(io.BufferedReader(HashingSource(read, digest), CHUNK_BYTES),
                              out, [recipient])
            out.flush_to_drive()
        keyed = hmac.new(secret, bytes.fromhex(digest.hexdigest()), hashlib.sha256)
        if keyed.hexdigest() != path.name:
            raise ContentsDamaged("a stored file does not match its name")
        old = os.open(path, os.O_WRONLY | BINARY)
        try:
            os.replace(tmp, path)
            _overwrite(old)
        finally:
            os.close(old)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _overwrite(fd: int) -> None:
    remaining = os.fstat(fd).st_size
    os.lseek(fd, 0, os.SEEK_SET)
    while remaining > 0:
        remaining -= os.write(fd, os.urandom(min(remaining, CHUNK_BYTES)))
    os.fsync(fd)
