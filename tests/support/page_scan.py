"""Reading a SQLCipher 4 database page by page, decrypted, free pages and WAL frames
included: what an attacker who holds the key could carve out of the files, not only what
SQL still shows."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80  # SQLCipher 4 default: a 16-byte IV and a 64-byte HMAC-SHA512 per page
WAL_HEADER, FRAME_HEADER = 32, 24


def _decrypt(page: bytes, key: bytes, first: bool) -> bytes:
    start = 16 if first else 0  # page 1 begins with the database's salt, in the clear
    body, iv = page[start:PAGE - RESERVE], page[PAGE - RESERVE:PAGE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(bytes(key)), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def plaintext_pages(path: Path, key: bytes) -> list[bytes]:
    """Every page of a database file, decrypted with the raw 32-byte key."""
    data = path.read_bytes()
    return [_decrypt(data[i:i + PAGE], key, i == 0) for i in range(0, len(data) - PAGE + 1,
                                                                      PAGE)]


def plaintext_frames(path: Path, key: bytes) -> list[bytes]:
    """Every frame of a WAL file, decrypted (empty when the WAL is empty or gone)."""
    if not path.exists():
        return []
    data = path.read_bytes()
    frames = []
    offset = WAL_HEADER
    while offset + FRAME_HEADER + PAGE <= len(data):
        number = int.from_bytes(data[offset:offset + 4], "big")
        frames.append(_decrypt(data[offset + FRAME_HEADER:offset + FRAME_HEADER + PAGE], key,
                               number == 1))
        offset += FRAME_HEADER + PAGE
    return frames


def found_in_files(root: Path, key: bytes, needle: str) -> list[str]:
    """The database files under `root` (database, WAL, backups) whose decrypted pages
    hold `needle` in UTF-8 or UTF-16, and any other file holding it as is."""
    forms = [needle.encode(), needle.encode("utf-16-le"), needle.encode("utf-16-be")]
    hits = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.name.endswith("-wal"):
            chunks = plaintext_frames(path, key)
        elif path.suffix == ".db" and path.stat().st_size >= PAGE:
            chunks = plaintext_pages(path, key)
        else:
            chunks = [path.read_bytes()]
        if any(form in chunk for chunk in chunks for form in forms):
            hits.append(str(path.relative_to(root)))
    return hits
