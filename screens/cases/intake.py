"""Intake: enter a new case (or edit a person and case) with the keyboard only.

Saving validates first (problems point at their fields), then looks for people already
on file who may be the same person, then writes in a worker.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Select, Static, TextArea

from caseworker.cases import case_write
from caseworker.cases.case_read import load_case
from caseworker.cases.edit_drafts import draft_for_editing
from caseworker.cases.validation import InvalidCase, Problem, validate_case
from caseworker.core.drafts import CaseDraft
from caseworker.core.i18n import N_, _, ngettext
from caseworker.matching.candidates import Candidate, find_candidates
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.base.messages import CaseChosen, ReportsFailedWork, WorkFailed, failure_text
from screens.base.modals import ConfirmModal, DuplicateModal
from screens.cases.case_text import candidate_text
from screens.cases.intake_form import IntakeForm
from screens.widgets.form import ProblemList
from screens.widgets.header import Header


class IntakeScreen(ReportsFailedWork, Screen):
    BINDINGS = [
        Binding("ctrl+s,f2", "save", N_("Save"), id="intake.save", priority=True),
        Binding("f5", "add_row('names')", N_("Add name"), id="intake.add_name"),
        Binding("f6", "add_row('events')", N_("Add event"), id="intake.add_event"),
        Binding("f7", "add_row('sources')", N_("Add source"), id="intake.add_source"),
        Binding("escape", "leave", N_("Leave"), id="intake.leave"),
    ]

    @dataclass
    class CandidatesFound(Message):
        candidates: list[Candidate]
        facts: dict[str, str]  # what tells each apart, by person id

    @dataclass
    class Saved(Message):
        case_id: str

    @dataclass
    class Loaded(Message):
        draft: CaseDraft

    @dataclass
    class Failed(Message):
        reason: str

    def __init__(self, workspace: Workspace, case_id: str | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.case_id = case_id
        self.dirty = False
        self.saving = False
        self.adding_row = False  # F6 or the like: a row is being made
        self._tracking = False
        self._touched: set[str] = set()
        self._tried_saving = False
        self._draft: CaseDraft | None = None

    @property
    def editing(self) -> bool:
        return self.case_id is not None

    @property
    def preparing(self) -> bool:
        """Keys typed while the case loads, or while a save looks for the person on file,
        wait: for the form, or for the dialog or case that comes next."""
        return (self.saving or self.adding_row or not self.query(IntakeForm)
                or self.focused is None)

    @property
    def unsaved_work(self) -> str | None:
        """What quitting now would lose, in words; None when nothing."""
        if not self.dirty:
            return None
        return "changes to the person and case" if self.editing else "the new intake"

    def compose(self) -> ComposeResult:
        yield Header()
        if self.editing:
            yield Static("Loading the case...", id="loading")
        else:
            yield IntakeForm()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Edit person and case") if self.editing else _("New intake")
        self.sub_title = _("ctrl+s or F2 saves")
        if self.editing:
            self.load()
        else:
            self._start_tracking()

    def _start_tracking(self) -> None:
        # Fields post Changed while they are first filled: count edits only after that.
        self.call_after_refresh(setattr, self, "_tracking", True)
        self.query_one(IntakeForm).query(Input).first().focus()

    @property
    def form(self) -> IntakeForm:
        return self.query_one(IntakeForm)

    # -- edit mode: load the stored case -----------------------------------------------

    @work(thread=True, exit_on_error=False, group="intake", description="load the case")
    def load(self) -> None:
        assert self.case_id is not None, "only an edit loads a case"
        with self.workspace.require_store().read() as session:
            draft = draft_for_editing(session, self.case_id)
        self.post_message(self.Loaded(draft))

    async def on_intake_screen_loaded(self, message: Loaded) -> None:
        await self.query_one("#loading").remove()
        await self.mount(IntakeForm(message.draft, editing=True), before=self.query_one(KeyFooter))
        self._start_tracking()

    # -- editing -----------------------------------------------------------------------

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def changed(self) -> None:
        if self._tracking:
            self.dirty = True

    @on(Input.Blurred)
    def check_as_you_go(self, event: Input.Blurred) -> None:
        """Problems with the fields already visited show as soon as one is left."""
        if not self._tracking or not event.value.strip():
            return
        self._touched.add(event.input.id or str(id(event.input)))
        draft = self.form.to_draft()
        try:
            warnings = validate_case(draft, self.workspace.config.default_zone,
                                     self.workspace.now())
            problems: list[Problem] = []
        except InvalidCase as exc:
            problems, warnings = exc.problems, []
        # After a save was refused, the list keeps every problem and shrinks as each is
        # fixed; before it, it shows only the fields already visited.
        visited = [p for p in problems if self._tried_saving or self._visited(p.path)]
        self.query_one(ProblemList).show_problems(visited, warnings, self.form.label_for)
        self.form.mark_invalid([p.path for p in visited])

    def _visited(self, path: str) -> bool:
        widget = self.form.widget_for(path)
        return widget is not None and (widget.id or str(id(widget))) in self._touched

    async def action_add_row(self, list_id: str) -> None:
        rows = self.form.row_list(list_id)
        if rows is None:
            return
        # Keys typed right after F6 are for the new row: they wait until it has the cursor.
        self.adding_row = True
        try:
            await rows.add_row()
        finally:
            self.adding_row = False

    def action_leave(self) -> None:
        if not self.dirty:
            self.dismiss_screen()
            return
        question = _("Leave without saving?") if not self.editing else _(
            "Discard these changes?")

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss_screen()

        self.app.push_screen(ConfirmModal(question, _("What you entered here will be lost.")),
                             answered)

    def dismiss_screen(self) -> None:
        self.app.pop_screen()

    # -- saving ------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.saving or not self.query(IntakeForm):
            return
        draft = self.form.to_draft()
        try:
            warnings = validate_case(draft, self.workspace.config.default_zone,
                                     self.workspace.now())
        except InvalidCase as exc:
            self._tried_saving = True
            self.query_one(ProblemList).show_problems(exc.problems, label=self.form.label_for)
            first = self.form.mark_invalid([p.path for p in exc.problems])
            self.form.scroll_home()
            if first is not None:
                first.focus()
            self.notify(ngettext("Not saved: {n} problem to fix, listed at the top.",
                                 "Not saved: {n} problems to fix, listed at the top.",
                                 len(exc.problems)).format(n=len(exc.problems)),
                        severity="error")
            return
        self.query_one(ProblemList).show_problems([], warnings, self.form.label_for)
        self.form.mark_invalid([])
        self._draft = draft
        self.saving = True
        self.save_checked()

    def save_checked(self) -> None:
        """Write the draft that passed its checks: an edit over its case, a new case
        once the person is looked for on file. The desk seals it instead
        (screens/desk/desk_intake.py)."""
        if self.editing:
            self.write("update", self.case_id)
        else:
            self.look_for_duplicates()

    @work(thread=True, exclusive=True, exit_on_error=False, group="intake",
          description="save the case: first look for the person on file")
    def look_for_duplicates(self) -> None:
        with self.workspace.require_store().read() as session:
            candidates = find_candidates(session, self._saving_draft().person)
            facts = {c.person_id: candidate_text(load_case(session, c.case_id))
                     for c in candidates if c.case_id}
        self.post_message(self.CandidatesFound(candidates, facts))

    def on_intake_screen_candidates_found(self, message: CandidatesFound) -> None:
        if not message.candidates:
            self.write("create", None)
            return

        def decided(choice: str | None) -> None:
            if choice is None:
                self.saving = False
            elif choice in ("new", "unsure"):
                # what was said about each person shown is recorded with the new case
                decision = "different" if choice == "new" else "unsure"
                self.write("create", None,
                           {c.person_id: decision for c in message.candidates})
            else:
                self.write("attach", choice)

        self.app.push_screen(DuplicateModal(message.candidates, message.facts), decided)

    @work(thread=True, exclusive=True, exit_on_error=False, group="intake",
          description="save the case")
    def write(self, how: str, case_id: str | None,
              decided: dict[str, str] | None = None) -> None:
        store = self.workspace.require_store()
        author = self.workspace.change_author()
        try:
            draft = self._saving_draft()
            if how == "create":
                case_id = case_write.create_case(store, draft, author, decided)
            else:
                assert case_id is not None, "attaching and updating name the case"
                if how == "attach":
                    case_write.attach_to_case(store, case_id, draft, author)
                else:
                    case_write.update_case(store, case_id, draft, author)
        except Exception as exc:  # the form keeps everything; say what happened
            self.post_message(self.Failed(failure_text(exc)))
            return
        self.post_message(self.Saved(case_id))

    async def start_again(self) -> None:
        """An empty form in place of this one, for the next intake: what was typed leaves
        the screen with the old form, and nothing of it is left to save."""
        self.dirty = self._tracking = self._tried_saving = False
        self._touched.clear()
        self._draft = None
        await self.form.remove()
        await self.mount(IntakeForm(), before=self.query_one(KeyFooter))
        self._start_tracking()

    def _saving_draft(self) -> CaseDraft:
        assert self._draft is not None, "action_save sets the draft before any save starts"
        return self._draft

    def on_intake_screen_failed(self, message: Failed) -> None:
        self.saving = False
        self.notify(_("Not saved: {reason} Nothing was changed; the form is as it was.").format(
            reason=message.reason), severity="error", timeout=10)

    def on_work_failed(self, message: WorkFailed) -> None:
        # Looking for the person on file may fail unexpectedly: ctrl+s must work again.
        # Not stopped, so the app still says what failed.
        self.saving = False

    def on_intake_screen_saved(self, message: Saved) -> None:
        self.saving = False
        self.dirty = False
        self.notify(_("Saved.") if not self.editing else _("Changes saved."))
        if self.editing:
            self.app.pop_screen()
        else:
            self.post_message(CaseChosen(message.case_id, instead_of_this_screen=True))
