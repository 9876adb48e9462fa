"""Messages screens post to the app. Past tense: they report what happened."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from caseworker.core.user_errors import UserError
from storage.errors import StoreError

if TYPE_CHECKING:
    from caseworker.cases.open_cases import Dashboard
    from storage.store import Store


@dataclass
class StoreUnlocked(Message):
    """The passphrase unwrapped the key and the store is open.

    `dashboard` is the first screen's data, read by the same worker while the interface
    was idle: reading it while the dashboard is being drawn takes twice as long.
    """

    store: Store
    dashboard: Dashboard


@dataclass
class CaseChosen(Message):
    """A person chose a case to open (on a list, a place, the palette, or by saving it).
    The app opens it, so no screen constructs another capability's screens."""

    case_id: str
    # True when the case replaces the screen that chose it (a saved intake).
    instead_of_this_screen: bool = False


def failure_text(exc: Exception) -> str:
    """What to tell the person when a save failed: the app's own sentence for what they
    can act on (bad input, a busy or changed store), else only the kind of failure, since
    other messages may carry case data or mean nothing to them."""
    if isinstance(exc, UserError | StoreError):
        return str(exc)
    return f"an internal error ({type(exc).__name__})."
