"""Evidence file contents: each distinct original sealed in the age format to an X25519
identity kept inside the encrypted store, one file in the store's `files` folder, named
by a keyed hash of the original (docs/architecture.md §13).

Why beside the database and not in it: SQLCipher encrypts, authenticates and writes each
4 KiB page twice (the WAL, then the checkpoint), which held a 64 MiB attach to 35 MB/s,
a seventh of the `age` tool's speed on the same bytes; age's streaming encryption here
runs at more than half of it, and the database stays small enough to back up whole.
What keeps it as safe: the identity lives only inside SQLCipher, so the files open with
the store's key and nothing else; a file is written under a temp name and named only
once whole, and a row of `file_contents`, committed with the record that names it, is
what makes it held: a process killed half-way leaves a ciphertext the next unlock
removes. Purged contents are overwritten before they are removed, and the duress wipe
destroys the folder with the store. Never a plaintext byte on disk.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyrage
from sqlmodel import Session

from storage.atomic import BINARY, move_into_place, remove_abandoned_temp_files, temp_sibling
from storage.meta_values import get_meta, set_meta
from storage.paths import StorePaths
from storage.shredding import shred
from storage.store import Store

CHUNK_BYTES = 1 << 20
SECRET_KEY = "files.content_secret"  # in meta: the key of the keyed hash that names contents
IDENTITY_KEY = "files.age_identity"  # in meta: the identity every content file is sealed to


class ContentsDamaged(Exception):
    """A content file that is missing, cut short or altered: age refuses to open it."""


@dataclass(frozen=True)
class StoredContents:
    sha256: str
    size: int
    already_held: bool  # the same bytes were in the store before: kept once


def content_key(session: Session, sha256: str, create: bool = False) -> str | None:
    """HMAC-SHA256 of the original's SHA-256 under this store's secret: stable here,
    meaningless to anyone who holds a list of known files' hashes. None before the first
    file was stored, unless `create` (inside a write) makes the secret."""
    secret = _meta_secret(session, SECRET_KEY, create, lambda: secrets.token_hex(32))
    if secret is None:
        return None
    return hmac.new(bytes.fromhex(secret), bytes.fromhex(sha256), hashlib.sha256).hexdigest()


def store_contents(paths: StorePaths, session: Session,
                   read: Callable[[int], bytes]) -> StoredContents:
    """Read until `read` returns b"", sealing as it goes, inside the caller's write: the
    contents count as held once that write commits. Bytes held already are dropped."""
    identity = _identity(session, create=True)
    assert identity is not None  # made when missing
    paths.files.mkdir(mode=0o700, exist_ok=True)
    incoming = temp_sibling(paths.files / f"incoming-{secrets.token_hex(8)}")
    source = _HashingSource(read)
    fd = os.open(incoming, os.O_WRONLY | os.O_CREAT | os.O_EXCL | BINARY, 0o600)
    try:
        with os.fdopen(fd, "wb") as sealed:
            try:
                pyrage.encrypt_io(io.BufferedReader(source, CHUNK_BYTES), sealed,
                                  [identity.to_public()])
            except pyrage.EncryptError:
                # The reader's own error (a file that cannot be read to its end) first.
                raise source.failure or ContentsDamaged("the file could not be sealed") \
                    from None
        sha256 = source.digest.hexdigest()
        key = content_key(session, sha256, create=True)
        connection = session.connection()
        held = connection.exec_driver_sql("SELECT 1 FROM file_contents WHERE content_key = ?",
                                          (key,)).scalar() is not None
        if held:
            incoming.unlink()
        else:
            move_into_place(incoming, paths.files / str(key))
            connection.exec_driver_sql(
                "INSERT INTO file_contents (content_key, size) VALUES (?, ?)",
                (key, source.size))
    except BaseException:
        incoming.unlink(missing_ok=True)
        raise
    return StoredContents(sha256, source.size, held)


def holds_contents(session: Session, sha256: str) -> bool:
    key = content_key(session, sha256)
    return key is not None and session.connection().exec_driver_sql(
        "SELECT 1 FROM file_contents WHERE content_key = ?", (key,)).scalar() is not None


def open_contents(paths: StorePaths, session: Session, sha256: str, out: BinaryIO) -> None:
    """Write the original whose SHA-256 is `sha256` to `out`, streamed. ContentsDamaged
    when its file is missing or does not open; the caller checks the SHA-256."""
    key, identity = content_key(session, sha256), _identity(session)
    if key is None or identity is None or not (paths.files / key).is_file():
        raise ContentsDamaged("the file's contents are missing from the store")
    with (paths.files / key).open("rb") as sealed:
        try:
            pyrage.decrypt_io(sealed, out, [identity])
        except pyrage.DecryptError:  # the header: not sealed to this store, or altered
            raise ContentsDamaged("the file's contents do not open: altered or cut "
                                  "short") from None
        except OSError as exc:
            # A chunk that fails its check comes back as an OSError without an errno;
            # one the export's own writing raised (a full disk) has one, and stays itself.
            if exc.errno is not None:
                raise
            raise ContentsDamaged("the file's contents do not open: altered or cut "
                                  "short") from None


def drop_unreferenced_contents(session: Session) -> None:
    """Inside a purge's write: forget the contents no evidence file record names any
    more. Their files go once the write commits (`sweep_contents`)."""
    connection = session.connection()
    wanted = {content_key(session, sha) for (sha,) in connection.exec_driver_sql(
        "SELECT DISTINCT sha256 FROM evidence_files")}
    for (key,) in connection.exec_driver_sql("SELECT content_key FROM file_contents").all():
        if key not in wanted:
            connection.exec_driver_sql("DELETE FROM file_contents WHERE content_key = ?",
                                       (key,))


def sweep_contents(store: Store) -> list[Path]:
    """Overwrite and remove every content file the store does not hold: purged ones, and
    ones whose attach never committed. Run after a purge and at each unlock. Returns what
    was removed."""
    paths = store.paths
    if not paths.files.is_dir():
        return []
    remove_abandoned_temp_files(paths.files)
    with store.read() as session:
        held = set(session.connection().exec_driver_sql(
            "SELECT content_key FROM file_contents").scalars())
    unheld = [path for path in paths.content_files() if path.name not in held]
    for path in unheld:
        shred(path)
    return unheld


def _identity(session: Session, create: bool = False) -> pyrage.x25519.Identity | None:
    text = _meta_secret(session, IDENTITY_KEY, create,
                        lambda: str(pyrage.x25519.Identity.generate()))
    return None if text is None else pyrage.x25519.Identity.from_str(text)


def _meta_secret(session: Session, key: str, create: bool,
                 make: Callable[[], str]) -> str | None:
    value = get_meta(session, key)
    if value is None and create:
        value = make()
        set_meta(session, key, value)
    return value


class _HashingSource(io.RawIOBase):
    """The bytes `read` gives, hashed and counted on their way to age. An error `read`
    raises is kept: age reports only that its reader failed."""

    def __init__(self, read: Callable[[int], bytes]) -> None:
        self._read = read
        self.digest = hashlib.sha256()
        self.size = 0
        self.failure: BaseException | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            chunk = self._read(len(buffer))
        except BaseException as exc:
            self.failure = exc
            raise
        buffer[:len(chunk)] = chunk
        self.digest.update(chunk)
        self.size += len(chunk)
        return len(chunk)
