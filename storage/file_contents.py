"""Evidence file contents inside the store, streamed: written a chunk at a time as they
are read and read back the same way, so a video of any size needs the memory of one chunk.

Why inside SQLCipher and not as separate encrypted files (docs/architecture.md §12): one
key, already wrapped under the passphrase, covers them; the store's transaction makes an
attach all or nothing, so a process killed half-way leaves no partial file, only pages of
a WAL that was never committed, encrypted like the rest; re-keying, the duress wipe,
backups and erasure (with `secure_delete`, VACUUM and shredded backups) already work on
the one file. The cost: the store grows by what it holds, and each backup with it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import Connection
from sqlmodel import Session

from storage.meta_values import get_meta, set_meta

CHUNK_BYTES = 1 << 20
SECRET_KEY = "files.content_secret"  # in meta: keys contents by a hash only this store can make


@dataclass(frozen=True)
class StoredContents:
    sha256: str
    size: int
    content_key: str
    already_held: bool  # the same bytes were in the store before: kept once


def content_key(session: Session, sha256: str, create: bool = False) -> str | None:
    """HMAC-SHA256 of the original's SHA-256 under this store's secret: stable here,
    meaningless to anyone who holds a list of known files' hashes. None before the first
    file was stored, unless `create` (inside a write) makes the secret."""
    secret = get_meta(session, SECRET_KEY)
    if secret is None:
        if not create:
            return None
        secret = secrets.token_hex(32)
        set_meta(session, SECRET_KEY, secret)
    return hmac.new(bytes.fromhex(secret), bytes.fromhex(sha256), hashlib.sha256).hexdigest()


def store_contents(session: Session, read: Callable[[int], bytes]) -> StoredContents:
    """Read until `read` returns b"" and keep the bytes as chunks, inside the caller's
    write transaction. Bytes the store holds already are dropped again and the earlier
    copy kept."""
    connection = session.connection()
    content = connection.exec_driver_sql(
        "INSERT INTO file_contents (content_key, size) VALUES (NULL, 0)").lastrowid
    digest, size, seq = hashlib.sha256(), 0, 0
    while chunk := read(CHUNK_BYTES):
        digest.update(chunk)
        size += len(chunk)
        connection.exec_driver_sql(
            "INSERT INTO file_chunks (content, seq, data) VALUES (?, ?, ?)",
            (content, seq, chunk))
        seq += 1
    sha256 = digest.hexdigest()
    key = content_key(session, sha256, create=True)
    assert key is not None  # made when missing
    held = connection.exec_driver_sql("SELECT id FROM file_contents WHERE content_key = ?",
                                      (key,)).scalar()
    if held is not None:
        _drop(connection, [content])
    else:
        connection.exec_driver_sql(
            "UPDATE file_contents SET content_key = ?, size = ? WHERE id = ?",
            (key, size, content))
    return StoredContents(sha256, size, key, held is not None)


def holds_contents(session: Session, sha256: str) -> bool:
    return _content_id(session, sha256) is not None


def read_contents(session: Session, sha256: str) -> Iterator[bytes]:
    """The chunks of the original whose SHA-256 is `sha256`, in order, one at a time.
    Nothing when this store does not hold them (check `holds_contents` first)."""
    connection = session.connection()
    content = _content_id(session, sha256)
    if content is None:
        return
    count = connection.exec_driver_sql("SELECT count(*) FROM file_chunks WHERE content = ?",
                                       (content,)).scalar_one()
    for seq in range(count):
        yield connection.exec_driver_sql(
            "SELECT data FROM file_chunks WHERE content = ? AND seq = ?",
            (content, seq)).scalar_one()


def drop_unreferenced_contents(session: Session) -> int:
    """Remove the contents no evidence file record names any more (after a purge); with
    `secure_delete` on, their pages are zeroed as they are freed. Returns how many."""
    connection = session.connection()
    wanted = {content_key(session, sha) for (sha,) in connection.exec_driver_sql(
        "SELECT DISTINCT sha256 FROM evidence_files")} - {None}
    unreferenced = [content for content, key in connection.exec_driver_sql(
        "SELECT id, content_key FROM file_contents") if key not in wanted]
    _drop(connection, unreferenced)
    return len(unreferenced)


def _content_id(session: Session, sha256: str) -> int | None:
    key = content_key(session, sha256)
    return None if key is None else session.connection().exec_driver_sql(
        "SELECT id FROM file_contents WHERE content_key = ?", (key,)).scalar()


def _drop(connection: Connection, contents: list[int]) -> None:
    for content in contents:
        connection.exec_driver_sql("DELETE FROM file_chunks WHERE content = ?", (content,))
        connection.exec_driver_sql("DELETE FROM file_contents WHERE id = ?", (content,))
