"""The files of a store inside its data directory. Light: imports nothing heavy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class StorePaths:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / "store.db"

    @property
    def key_file(self) -> Path:
        return self.root / "store.key"

    @property
    def pending_key_file(self) -> Path:
        """The next key file while the store moves to a new key (storage/store.py)."""
        return self.root / "store.key.next"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def files(self) -> Path:
        """Evidence file contents, each sealed to an identity inside the database
        (storage/file_contents.py)."""
        return self.root / "files"

    def content_files(self) -> list[Path]:
        """The sealed contents, not the temp files of one being written."""
        return sorted(p for p in self.files.iterdir() if not p.name.startswith(".")) \
            if self.files.is_dir() else []

    def backup_files(self) -> list[Path]:
        return sorted(self.backups.glob("store-v*.db")) if self.backups.is_dir() else []

    def database_files(self) -> list[Path]:
        """The database and the WAL and shared-memory files SQLite keeps beside it."""
        db = self.database
        return [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]

    def exists(self) -> bool:
        return self.key_file.exists() or self.pending_key_file.exists()
