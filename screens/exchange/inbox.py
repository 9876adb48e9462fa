"""The office's inbox (docs/architecture.md §11): intakes sealed at desks and waiting for a
decision, with the persons on file each may be and the matcher's reasons. i: import a
folder of sealed intakes, a: keep the highlighted intake as a new case, s: record it as
the same person as the highlighted candidate, k: write the acknowledgement for the desks,
Enter: open the case. The decisions and the import are the command line's own
(`caseworker inbox`), run in workers; this screen only asks and shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from caseworker.core import vocab
from caseworker.core.i18n import N_, _, ngettext
from caseworker.core.user_errors import AuthFailure, UserError
from caseworker.desk.delivery import acknowledge_each
from caseworker.desk.inbox_import import FileOutcome, import_folder
from caseworker.desk.inbox_queue import accept, attach, intake_to_json, pending_intakes
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.base.messages import CaseChosen, ReadAnswer, ReportsFailedWork, WorkFailed
from screens.base.modals import ConfirmModal, reasons_text
from screens.base.reloading import ReloadsOnReturn
from screens.base.times import shown_time
from screens.exchange.inbox_paths import PathModal, acknowledgement_file, intake_folder
from screens.widgets.header import Header
from screens.widgets.work_progress import WorkProgress


class Pending(NamedTuple):
    """One pending intake as `inbox list --json` shows it, and when it arrived."""

    shown: dict
    received_at: datetime


class InboxScreen(ReloadsOnReturn, ReportsFailedWork, Screen):
    BINDINGS = [
        Binding("i", "import_folder", N_("Import a folder"), id="inbox.import"),
        Binding("a", "accept", N_("New case"), id="inbox.accept"),
        Binding("s", "attach", N_("Same person"), id="inbox.attach"),
        Binding("k", "acknowledge", N_("Acknowledge"), id="inbox.ack"),
        Binding("escape", "back", N_("Back"), id="inbox.back"),
    ]
    DEFAULT_CSS = """
    InboxScreen #status { height: auto; padding: 0 1; }
    InboxScreen #status.-problem { color: $error; }
    InboxScreen #intakes { height: 1fr; min-height: 4; }
    InboxScreen #candidates-title { padding: 0 1; text-style: bold; height: auto; }
    InboxScreen #candidates { height: auto; max-height: 6; }
    InboxScreen #reasons { padding: 0 1; height: auto; max-height: 8; }
    """

    @dataclass
    class Loaded(ReadAnswer):
        intakes: list[Pending]

    @dataclass
    class Progressed(Message):
        done: int
        total: int

    @dataclass
    class Imported(Message):
        outcomes: list[FileOutcome]

    @dataclass
    class Done(Message):
        """A decision or the acknowledgement was written: one sentence saying so."""

        sentence: str

    @dataclass
    class NotDone(Message):
        """Refused in one sentence; the store is as it was."""

        sentence: str

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.intakes: list[Pending] = []
        self.loaded = False
        self.busy = False  # an import, a decision or an acknowledgement is running

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="status")
        yield WorkProgress(id="progress")
        yield DataTable(id="intakes", cursor_type="row", zebra_stripes=True)
        yield Static(_("Possible same persons"), id="candidates-title")
        yield DataTable(id="candidates", cursor_type="row")
        yield Static("", id="reasons")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Inbox")
        self.sub_title = _("intakes sealed at desks")
        self.query_one("#intakes", DataTable).add_columns(
            _("Intake"), _("Name"), _("Desk"), _("No."), _("Volunteer"), _("Received"),
            _("Same?"))
        self.query_one("#candidates", DataTable).add_columns(
            _("Score"), _("Name"), _("Case"), _("Decided"))
        self.reload()

    # -- reading ----------------------------------------------------------------------

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="inbox-load",
          description="load the inbox")
    def load(self) -> None:
        with self.workspace.require_store().read() as session:
            found = [Pending(intake_to_json(session, row), row.received_at)
                     for row in pending_intakes(session)]
        self.post_message(self.Loaded(found))

    def on_inbox_screen_loaded(self, message: Loaded) -> None:
        if message.overtaken:
            return
        table = self.query_one("#intakes", DataTable)
        kept = self._intake()
        self.intakes, self.loaded = message.intakes, True
        table.clear()
        zone = self.workspace.config.default_zone
        for pending in self.intakes:
            row = pending.shown
            table.add_row(row["intake"][:8], Text(row["display_name"]), Text(row["desk"]),
                          str(row["sequence"]), Text(row["volunteer"]),
                          shown_time(pending.received_at, zone), str(len(row["candidates"])),
                          key=row["intake"])
        if kept is not None and kept in [p.shown["intake"] for p in self.intakes]:
            table.move_cursor(row=table.get_row_index(kept))
        if not self.intakes:
            self._show_candidates(None)
        else:
            self._show_candidates(self.intakes[table.cursor_row].shown)
        if self.focused is None:
            table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "intakes":
            if 0 <= event.cursor_row < len(self.intakes):
                self._show_candidates(self.intakes[event.cursor_row].shown)
        else:
            self._show_reasons(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "intakes":
            intake = self._intake()
            if intake is not None:
                self.post_message(CaseChosen(intake))
            return
        candidate = self._candidate()
        if candidate is not None and candidate["case_id"]:
            self.post_message(CaseChosen(candidate["case_id"]))

    def _show_candidates(self, intake: dict | None) -> None:
        table = self.query_one("#candidates", DataTable)
        table.clear()
        for candidate in (intake or {}).get("candidates", []):
            decided = vocab.label(vocab.MATCH_DECISIONS, candidate["decision"]) \
                if candidate["decision"] else ""
            table.add_row(str(candidate["score"]), Text(candidate["display_name"]),
                          (candidate["case_id"] or "")[:8], decided,
                          key=candidate["person_id"])
        self._show_reasons(0)

    def _show_reasons(self, index: int) -> None:
        candidates = self._candidates()
        reasons = self.query_one("#reasons", Static)
        if 0 <= index < len(candidates):
            reasons.update(reasons_text(candidates[index]["reasons"]))
        elif self.intakes:
            reasons.update(_("No one on file looks like this person."))
        else:
            reasons.update(_("No intakes are waiting. i: import a folder of sealed "
                             "intakes."))

    def _intake(self) -> str | None:
        """The highlighted intake's case id."""
        table = self.query_one("#intakes", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _candidates(self) -> list[dict]:
        intake = self._intake()
        return next((p.shown["candidates"] for p in self.intakes
                     if p.shown["intake"] == intake), [])

    def _candidate(self) -> dict | None:
        candidates = self._candidates()
        row = self.query_one("#candidates", DataTable).cursor_row
        return candidates[row] if 0 <= row < len(candidates) else None

    def _person_name(self, intake: str) -> str:
        return next(p.shown["display_name"] for p in self.intakes
                    if p.shown["intake"] == intake)

    # -- importing --------------------------------------------------------------------

    def action_import_folder(self) -> None:
        if self.busy:
            return

        def chosen(folder: Path | None) -> None:
            if folder is not None:
                self._start(_("Importing…"))
                self.import_intakes(folder)

        self.app.push_screen(PathModal(_("Import the sealed intakes in this folder"),
                                       intake_folder, placeholder="/media/usb/outbox"),
                             chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="inbox-import",
          description="import the sealed intakes")
    def import_intakes(self, folder: Path) -> None:
        def progress(done: int, total: int, what: str) -> None:
            self.post_message(self.Progressed(done, total))

        try:
            outcomes = import_folder(self.workspace.require_store(), folder,
                                     self.workspace.change_author(), progress=progress)
        except (UserError, AuthFailure) as problem:  # the folder went away meanwhile
            self.post_message(self.NotDone(str(problem)))
            return
        self.post_message(self.Imported(outcomes))

    def on_inbox_screen_progressed(self, message: Progressed) -> None:
        if self.busy:  # not a late report of an import already finished
            self.query_one("#progress", WorkProgress).report(message.done, message.total)

    def on_inbox_screen_imported(self, message: Imported) -> None:
        counts = {kind: sum(1 for o in message.outcomes if o.outcome == kind)
                  for kind in ("imported", "already", "refused")}
        # each refused file named with its reason, under the count: the file names and
        # reasons are not markup
        refused = [f"{o.file}: {o.reason}" for o in message.outcomes if o.outcome == "refused"]
        self._finish(Text("\n".join([_("Imported: {imported}; imported before: {already}; "
                                       "refused: {refused}.").format(**counts), *refused])),
                     problem=bool(refused))
        self.reload()

    # -- deciding ---------------------------------------------------------------------

    def action_accept(self) -> None:
        intake = self._intake()
        if intake is None or self.busy:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._start("")
                self.keep_as_new(intake)

        self.app.push_screen(ConfirmModal(
            _("Keep the intake of {name} as a new case?").format(name=self._person_name(intake)),
            _("The persons it may be are recorded as different persons and not suggested "
              "again.")), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="inbox-decide",
          description="keep the intake as a new case")
    def keep_as_new(self, intake: str) -> None:
        try:
            accept(self.workspace.require_store(), intake, self.workspace.change_author())
        except UserError as problem:  # decided or purged meanwhile, say
            self.post_message(self.NotDone(str(problem)))
            return
        self.post_message(self.Done(_("Intake {intake} kept as a new case.").format(
            intake=intake[:8])))

    def action_attach(self) -> None:
        intake, candidate = self._intake(), self._candidate()
        if intake is None or self.busy:
            return
        if candidate is None or not candidate["case_id"]:
            self._finish(Text(_("This intake has no possible same person on file to "
                                "attach it to.")), problem=True)
            return
        case = candidate["case_id"]

        def answered(yes: bool | None) -> None:
            if yes:
                self._start("")
                self.attach_to(intake, case)

        self.app.push_screen(ConfirmModal(
            _("Record the intake of {name} as the same person as {other} (case {case})?")
            .format(name=self._person_name(intake), other=candidate["display_name"], case=case[:8]),
            _("Nothing is copied or merged: the decision links the two cases.")), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="inbox-decide",
          description="record the intake as the same person")
    def attach_to(self, intake: str, case: str) -> None:
        try:
            attach(self.workspace.require_store(), intake, case,
                   self.workspace.change_author())
        except UserError as problem:
            self.post_message(self.NotDone(str(problem)))
            return
        self.post_message(self.Done(_("Intake {intake} recorded as the same person as case "
                                      "{case}.").format(intake=intake[:8], case=case[:8])))

    # -- acknowledging ----------------------------------------------------------------

    def action_acknowledge(self) -> None:
        if self.busy:
            return
        stamp = self.workspace.now().strftime("%Y%m%d-%H%M")

        def chosen(out: Path | None) -> None:
            if out is not None:
                self._start("")
                self.write_acknowledgement(out)

        self.app.push_screen(PathModal(
            _("Write the acknowledgement of the intakes received to this file (one for each "
              "desk)"),
            acknowledgement_file, str(Path.home() / f"acknowledgement-{stamp}.txt")), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="inbox-ack",
          description="write the acknowledgement")
    def write_acknowledgement(self, out: Path) -> None:
        try:
            written = acknowledge_each(self.workspace.require_store(), out,
                                       self.workspace.change_author())
        except UserError as problem:
            self.post_message(self.NotDone(str(problem)))
            return
        self.post_message(self.Done(" ".join(ngettext(
            "Wrote {file}: {n} bundle acknowledged.", "Wrote {file}: {n} bundles acknowledged.",
            count).format(file=str(path), n=count) for path, count in written)))

    # -- ends -------------------------------------------------------------------------

    def on_inbox_screen_done(self, message: Done) -> None:
        self._finish(Text(message.sentence))
        self.reload()

    def on_inbox_screen_not_done(self, message: NotDone) -> None:
        self._finish(Text(message.sentence), problem=True)
        self.reload()

    def on_work_failed(self, message: WorkFailed) -> None:
        # The app says what failed; the bar must not stay up and the keys must work again.
        self._finish(Text(""))

    def action_back(self) -> None:
        if self.busy:
            # Leaving would hide whether the work was done; it ends on its own.
            self.notify(_("The inbox is still at work; it takes a few seconds."))
            return
        self.app.pop_screen()

    def _start(self, sentence: str) -> None:
        self.busy = True
        self.query_one("#progress", WorkProgress).start()
        self.query_one("#status", Static).update(Text(sentence))

    def _finish(self, sentence: Text, problem: bool = False) -> None:
        self.busy = False
        self.query_one("#progress", WorkProgress).finish()
        status = self.query_one("#status", Static)
        status.update(sentence)
        status.set_class(problem, "-problem")
