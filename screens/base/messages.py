"""Messages screens post to the app. Past tense: they report what happened.

A worker hands its result back the same way: a past-tense message its screen turns into
widget updates. A worker that raises what it did not catch ends as WorkFailed instead, which
the app turns into one sentence on screen: no failure is silent, and none is a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from textual.message import Message
from textual.worker import NoActiveWorker, Worker, WorkerState, get_current_worker

from caseworker.core.i18n import _
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
class DeskUnlocked(Message):
    """The passphrase opened an intake desk's store: the app shows the desk's screens, not
    the dashboard, which a desk has no cases for (docs/architecture.md §11)."""

    store: Store


@dataclass
class CaseChosen(Message):
    """A person chose a case to open (on a list, a place, the palette, or by saving it).
    The app opens it, so no screen constructs another capability's screens."""

    case_id: str
    # True when the case replaces the screen that chose it (a saved intake).
    instead_of_this_screen: bool = False


def _reading_worker() -> Worker | None:
    try:
        return get_current_worker()
    except NoActiveWorker:  # posted from the app's own thread
        return None


@dataclass
class ReadAnswer(Message):
    """What a reading worker found. Reads overlap: a case screen covered by a dialog reads
    again when it comes back while the change the dialog asked for reads once saved, and
    the earlier read can finish last. Textual cancels an exclusive worker when a newer one
    starts but cannot stop its thread, so the screen drops an answer that was `overtaken`
    rather than show data older than what it already shows."""

    reader: Worker | None = field(default_factory=_reading_worker, kw_only=True)

    @property
    def overtaken(self) -> bool:
        return self.reader is not None and self.reader.is_cancelled


def failure_text(exc: Exception) -> str:
    """What to tell the person when a save failed: the app's own sentence for what they
    can act on (bad input, a busy or changed store), else only the kind of failure, since
    other messages may carry case data or mean nothing to them."""
    if isinstance(exc, UserError | StoreError):
        return str(exc)
    return _("an internal error ({kind}).").format(kind=type(exc).__name__)


# The first word of a worker's description says whether it writes. One that only reads
# has lost nothing when it fails; anything else may have been meant to change the store.
READING_VERBS = frozenset({"load", "find", "filter", "look", "check", "read"})


@dataclass
class WorkFailed(Message):
    """A worker ended with an exception it did not catch. It bubbles: a screen that was
    waiting on the worker (a form saving) makes itself usable again, then the app shows
    `sentence`."""

    group: str
    description: str
    error: BaseException | None

    @property
    def sentence(self) -> str:
        verb = self.description.split(" ", 1)[0].lower()
        if isinstance(self.error, Exception):
            reason = failure_text(self.error)
        else:  # the worker reported ERROR with no exception to hand: nothing to echo
            reason = "an internal error."
        return f"{'Could not load' if verb in READING_VERBS else 'Not saved'}: {reason}"


class _PostsMessages(Protocol):
    """What ReportsFailedWork needs of the screen, widget or app it is mixed into."""

    def post_message(self, message: Message) -> bool: ...


class ReportsFailedWork:
    """Mix into every screen, widget or app that runs workers. Textual tells only the node
    that started a worker how it ended, and does not pass that on; this passes a failure
    on, as WorkFailed, so one handler can say it."""

    def on_worker_state_changed(self: _PostsMessages, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            worker = event.worker
            self.post_message(WorkFailed(worker.group, worker.description, worker.error))
