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
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyrage
from sqlmodel import Session

from storage.atomic import (
    BINARY,
    FlushedBehind,
    move_into_place,
    remove_abandoned_temp_files,
    temp_sibling,
)
from storage.hashed_behind import HashedBehind
from storage.meta_values import get_meta, set_meta
from storage.paths import StorePaths
from storage.shredding import shred
from storage.store import Store

CHUNK_BYTES = 1 << 20
SECRET_KEY = "files.content_secret"  # in meta: the key of the keyed hash that names contents
IDENTITY_KEY = "files.age_identity"  # in meta: the identity every content file is sealed to
# in meta during a re-key only: the identity files not yet sealed again are sealed to
PREVIOUS_IDENTITY_KEY = "files.age_identity.previous"


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


@dataclass(frozen=True)
class Incoming:
    """Contents sealed under a temp name, not yet held: `keep_incoming` makes them held,
    `drop_incoming` removes them."""

    path: Path
    sha256: str
    size: int


def store_contents(paths: StorePaths, session: Session,
                   read: Callable[[int], bytes]) -> StoredContents:
    """Read until `read` returns b"", sealing as it goes, inside the caller's write: the
    contents count as held once that write commits. Bytes held already are dropped."""
    prepare_contents(session)
    incoming = seal_incoming(paths, session, read)
    try:
        held = keep_incoming(paths, session, incoming)
    except BaseException:
        drop_incoming(incoming)
        raise
    return StoredContents(incoming.sha256, incoming.size, held)


def prepare_contents(session: Session) -> None:
    """Inside a write: make the identity contents are sealed to and the keyed hash's
    secret, if this store has none yet. Sealing under a read would make keys that are
    never saved, and contents no one could open."""
    _identity(session, create=True)
    content_key(session, "00" * 32, create=True)


def ensure_content_keys(store: Store) -> None:
    """At unlock: the content keys exist from then on, so taking contents from a bundle
    never has to write them (a refused bundle leaves the store exactly as it was)."""
    with store.read() as session:
        if _identity(session) is not None and content_key(session, "00" * 32) is not None:
            return
    with store.write() as session:
        prepare_contents(session)


def seal_incoming(paths: StorePaths, session: Session,
                  read: Callable[[int], bytes]) -> Incoming:
    """Seal what `read` gives into a temp file of the files folder, hashing it. The
    store's content keys must exist (`prepare_contents`, in a write before)."""
    identity = _identity(session)
    if identity is None or content_key(session, "00" * 32) is None:
        raise RuntimeError("prepare_contents must run in a write first")
    paths.files.mkdir(mode=0o700, exist_ok=True)
    path = temp_sibling(paths.files / f"incoming-{secrets.token_hex(8)}")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | BINARY, 0o600)
    try:
        with FlushedBehind(fd, write_behind=False) as sealed, HashedBehind() as digest:
            source = HashingSource(read, digest)
            try:
                pyrage.encrypt_io(io.BufferedReader(source, CHUNK_BYTES), sealed,
                                  [identity.to_public()])
            except pyrage.EncryptError:
                # The reader's own error (a file that cannot be read to its end) first.
                raise source.failure or ContentsDamaged("the file could not be sealed") \
                    from None
            sealed.flush_to_drive()
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Incoming(path, digest.hexdigest(), source.size)


def keep_incoming(paths: StorePaths, session: Session, incoming: Incoming) -> bool:
    """Make sealed contents held, inside the caller's write. Returns True when the same
    bytes were held already (the new copy is dropped)."""
    key = content_key(session, incoming.sha256, create=True)
    connection = session.connection()
    if connection.exec_driver_sql("SELECT 1 FROM file_contents WHERE content_key = ?",
                                  (key,)).scalar() is not None:
        drop_incoming(incoming)
        return True
    move_into_place(incoming.path, paths.files / str(key))
    connection.exec_driver_sql("INSERT INTO file_contents (content_key, size) VALUES (?, ?)",
                               (key, incoming.size))
    return False


def drop_incoming(incoming: Incoming) -> None:
    incoming.path.unlink(missing_ok=True)


def holds_contents(session: Session, sha256: str) -> bool:
    key = content_key(session, sha256)
    return key is not None and session.connection().exec_driver_sql(
        "SELECT 1 FROM file_contents WHERE content_key = ?", (key,)).scalar() is not None


def open_contents(paths: StorePaths, session: Session, sha256: str, out: BinaryIO) -> None:
    """Write the original whose SHA-256 is `sha256` to `out`, streamed. ContentsDamaged
    when its file is missing or does not open; the caller checks the SHA-256."""
    key, identities = content_key(session, sha256), _identities(session)
    if key is None or not identities or not (paths.files / key).is_file():
        raise ContentsDamaged("the file's contents are missing from the store")
    with (paths.files / key).open("rb") as sealed:
        try:
            pyrage.decrypt_io(sealed, out, identities)
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


def read_head(paths: StorePaths, session: Session, sha256: str, limit: int) -> bytes:
    """The first `limit` bytes of the original whose SHA-256 is `sha256` (all of it when
    shorter), opened from its sealed file without writing anything: enough to describe a
    picture. ContentsDamaged if it is missing or does not open."""
    key, identities = content_key(session, sha256), _identities(session)
    if key is None or not identities or not (paths.files / key).is_file():
        raise ContentsDamaged("the file's contents are missing from the store")
    with (paths.files / key).open("rb") as sealed, decrypting(sealed, identities) as read:
        parts, wanted = [], limit
        while wanted > 0 and (part := read(min(wanted, CHUNK_BYTES))):
            parts.append(part)
            wanted -= len(part)
    return b"".join(parts)


def reseal_contents(paths: StorePaths, session: Session, sha256: str, out: BinaryIO,
                    recipients: list[str]) -> int:
    """The original whose SHA-256 is `sha256`, sealed again to `recipients` (age
    recipients) into `out`, streamed: opened from the store through a pipe, never whole
    in memory nor on disk. ContentsDamaged if it does not open or match. Returns its
    size."""
    key, identities = content_key(session, sha256), _identities(session)
    if key is None or not identities or not (paths.files / key).is_file():
        raise ContentsDamaged("the file's contents are missing from the store")
    with (paths.files / key).open("rb") as sealed, decrypting(sealed, identities) as read, \
            HashedBehind() as digest:
        source = HashingSource(read, digest)
        pyrage.encrypt_io(io.BufferedReader(source, CHUNK_BYTES), out,
                          [pyrage.x25519.Recipient.from_str(r) for r in recipients])
    if digest.hexdigest() != sha256:
        raise ContentsDamaged("the file's contents do not match their SHA-256")
    return source.size


@contextmanager
def decrypting(sealed: BinaryIO, identities: list) -> Iterator[Callable[[int], bytes]]:
    """The plaintext of the age file `sealed` as a read function: age writes it into a
    pipe from a thread, so it is never on disk and never whole in memory. Age checks each
    64 KiB chunk as it opens it; a failure ends the stream early, and leaving this block
    then raises ContentsDamaged, so what was read must not be kept until it has left."""
    read_end, write_end = os.pipe()
    failures: list[BaseException] = []

    def pump() -> None:
        try:
            with os.fdopen(write_end, "wb") as writer:
                pyrage.decrypt_io(sealed, writer, identities)
        except BaseException as exc:  # reported by the reading side, below
            failures.append(exc)

    thread = threading.Thread(target=pump, name="age-decrypt", daemon=True)
    thread.start()
    with os.fdopen(read_end, "rb") as reader:
        yield reader.read
    thread.join()
    if failures and not isinstance(failures[0], BrokenPipeError):
        raise ContentsDamaged("the file's contents do not open: altered or cut short")


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


def _identities(session: Session) -> list[pyrage.x25519.Identity]:
    """The identities that open this store's files: the current one and, while a re-key
    is under way (content_rekey.py), the previous one."""
    texts = (get_meta(session, IDENTITY_KEY), get_meta(session, PREVIOUS_IDENTITY_KEY))
    return [pyrage.x25519.Identity.from_str(text) for text in texts if text is not None]


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


class HashingSource(io.RawIOBase):
    """The bytes `read` gives, hashed and counted on their way to age. An error `read`
    raises is kept: age reports only that its reader failed."""

    def __init__(self, read: Callable[[int], bytes], digest: HashedBehind) -> None:
        self._read = read
        self.digest = digest
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
