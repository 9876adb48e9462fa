"""The panic wipe: make a store unreadable at once by destroying its keys (crypto-shredding).

Every database file of a store (the database, its WAL, the backups) is encrypted with the
one database key, and that key exists on disk only wrapped in the key file (and, while it
is being changed, the pending key file). Overwriting those in place destroys it; the
first pages of every database file (the SQLCipher salt and the schema) are overwritten
too, so even a copy of the key taken earlier no longer opens them. Only then are the
files removed, so that a new store can be made in the same folder.

It takes milliseconds: nothing is decrypted and no large file is written.
"""

from __future__ import annotations

from pathlib import Path

from storage.atomic import fsync_directory, overwrite_in_place
from storage.paths import StorePaths

# A database's salt is its first 16 bytes; the first pages hold the schema. A WAL's
# header and first frames likewise.
HEAD_BYTES = 64 * 1024


def wipe_store(root: Path) -> list[Path]:
    """Overwrite the keys and database heads of the store in `root`, fsync, remove them.
    Returns the files destroyed. Needs no passphrase."""
    paths = StorePaths(root)
    keys = [paths.key_file, paths.pending_key_file]
    databases = [*paths.database_files(), *paths.backup_files(), *paths.content_files()]
    databases += [p for folder in (paths.root, paths.backups, paths.files) if folder.is_dir()
                  for p in folder.glob(".*.tmp*")]
    destroyed = [p for p in [*keys, *databases] if p.exists()]
    # The keys first: from the moment they are overwritten nothing opens the store.
    for path in keys:
        overwrite_in_place(path)
    for path in databases:
        overwrite_in_place(path, HEAD_BYTES)
    for path in destroyed:
        path.unlink(missing_ok=True)
    for folder in (paths.root, paths.backups, paths.files):
        if folder.is_dir():
            fsync_directory(folder)
    return destroyed


def shred(path: Path) -> None:
    """Overwrite one file in place, then remove it."""
    overwrite_in_place(path)
    path.unlink(missing_ok=True)
