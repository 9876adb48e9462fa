"""What the app's screens share: the data directory, settings, the clock, and the store
while it is unlocked. Locking closes the store and forgets its key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from caseworker.core.config import Config
from storage.paths import StorePaths

if TYPE_CHECKING:  # storage pulls in SQLAlchemy; the app loads it only when unlocking
    from caseworker.core.authoring import Author
    from storage.kdf import KdfParams
    from storage.store import Store


class StoreLocked(Exception):
    """The store was locked while a screen still wanted to use it."""


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Workspace:
    data_dir: Path
    config: Config
    # None: calibrate Argon2id on this machine when a store is created.
    kdf_params: KdfParams | None = None
    now: Callable[[], datetime] = _now
    store: Store | None = field(default=None, repr=False)
    # An intake desk's store (docs/architecture.md §11): known once it is unlocked, and
    # kept when it locks, since what the install is does not change.
    on_desk: bool = False
    # What must not outlive the unlock: copies of files opened in a viewer
    # (caseworker/evidence/viewing.py), registered by the screen that opened them.
    on_lock: list[Callable[[], object]] = field(default_factory=list, repr=False)

    @property
    def author(self) -> str:
        return self.config.user

    def change_author(self) -> Author:
        """The person at this desk, now: who a change about to be saved is by."""
        from caseworker.core.authoring import Author  # loads SQLAlchemy: not before unlock

        return Author(self.author, self.now())

    @property
    def store_exists(self) -> bool:
        return StorePaths(self.data_dir).exists()

    def require_store(self) -> Store:
        if self.store is None or not self.store.is_open:
            raise StoreLocked("The store is locked.")
        return self.store

    def lock(self) -> None:
        if self.store is not None:
            self.store.close()
        self.store = None
        for forget in self.on_lock:
            forget()
