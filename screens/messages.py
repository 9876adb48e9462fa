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


def failure_text(exc: Exception) -> str:
    """What to tell the person when a save failed: the app's own sentence for what they
    can act on (bad input, a busy or changed store), else only the kind of failure, since
    other messages may carry case data or mean nothing to them."""
    from caseworker.errors import UserError
    from storage.errors import StoreError

    if isinstance(exc, UserError | StoreError):
        return str(exc)
    return f"an internal error ({type(exc).__name__})."
