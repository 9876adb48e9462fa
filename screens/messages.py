"""Messages screens post to the app. Past tense: they report what happened."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from caseworker.dashboard import Dashboard
    from storage.store import Store


@dataclass
class StoreUnlocked(Message):
    """The passphrase unwrapped the key and the store is open.

    `dashboard` is the first screen's data, read by the same worker while the interface
    was idle: reading it while the dashboard is being drawn takes twice as long.
    """

    store: Store
    dashboard: Dashboard
