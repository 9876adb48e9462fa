"""Writing a bundle: which cases, to whom (or with a passphrase), and where; the work
runs off the screen's thread with a progress bar, since a whole office's cases take a
few seconds."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Checkbox,
    Input,
    Label,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
)

from caseworker.core.i18n import N_, _, ngettext
from caseworker.core.user_errors import UserError
from caseworker.exchange.bundle_export import export_bundle
from caseworker.exchange.install_keys import list_contacts
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.base.messages import ReportsFailedWork, WorkFailed
from screens.widgets.form import TextField
from screens.widgets.work_progress import WorkProgress


class ExportScreen(ReportsFailedWork, Screen):
    BINDINGS = [
        Binding("ctrl+s,f2", "export", N_("Write the bundle"), id="export.write", priority=True),
        Binding("escape", "app.pop_screen", N_("Back"), id="export.back"),
    ]
    DEFAULT_CSS = """
    ExportScreen VerticalScroll { padding: 0 2; }
    ExportScreen Label { margin-top: 1; text-style: bold; }
    ExportScreen SelectionList { height: auto; max-height: 10; }
    ExportScreen RadioSet { height: auto; }
    ExportScreen #problem { color: $error; }
    ExportScreen #done { color: $success; }
    """

    @dataclass
    class Progressed(Message):
        done: int
        total: int

    @dataclass
    class Written(Message):
        report: str

    @dataclass
    class NotWritten(Message):
        problem: str

    def __init__(self, workspace: Workspace, case_id: str | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.case_id = case_id

    def compose(self) -> ComposeResult:
        with self.workspace.require_store().read() as session:
            contacts = list_contacts(session)
        stamp = self.workspace.now().strftime("%Y%m%d-%H%M")
        with VerticalScroll():
            yield Label(_("Cases"))
            with RadioSet(id="which"):
                if self.case_id:
                    yield RadioButton(_("Only this case"), value=True, id="one")
                yield RadioButton(_("Every case"), value=not self.case_id, id="all")
                yield RadioButton(_("What changed since my last bundle to them"), id="since")
            yield Label(_("To"))
            yield SelectionList[str](*[
                (_("{name}  {fingerprint}  (office escrow: always)").format(
                    name=c.name, fingerprint=c.fingerprint) if c.escrow
                 else f"{c.name}  {c.fingerprint}", c.name, c.escrow) for c in contacts],
                id="to")
            yield Checkbox(_("Send with a passphrase instead (a one-off transfer; tell them "
                             "the passphrase another way)"), id="use-passphrase")
            yield Input(placeholder=_("Passphrase: four or more random words"), password=True,
                        id="passphrase", disabled=True)
            yield Checkbox(_("Carry the contents of the cases' files too (photos, scans, "
                             "recordings), in a folder beside the bundle"), id="with-files")
            yield Label(_("File"))
            # not selected on focus: a Space or a letter typed there adds to the path
            yield TextField(str(Path.home() / f"caseworker-{stamp}.cwb"), id="out")
            yield Static("", id="problem")
            yield WorkProgress(id="progress")
            yield Static("", id="done")
            yield Static(_("ctrl+s or F2: write the bundle    Esc: back"), classes="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Export a bundle")
        self.query_one("#to", SelectionList).focus()

    @on(Checkbox.Changed, "#use-passphrase")
    def passphrase_toggled(self, event: Checkbox.Changed) -> None:
        self.query_one("#passphrase", Input).disabled = not event.value
        self.query_one("#to", SelectionList).disabled = event.value

    def action_export(self) -> None:
        by_passphrase = self.query_one("#use-passphrase", Checkbox).value
        which = self.query_one("#which", RadioSet).pressed_button
        choice = which.id if which else "all"
        options = {
            "to": [] if by_passphrase else list(self.query_one("#to", SelectionList).selected),
            "passphrase": self.query_one("#passphrase", Input).value if by_passphrase else None,
            "cases": [self.case_id] if choice == "one" else None,
            "since_last": choice == "since",
            "contents_up_to": (sys.maxsize if self.query_one("#with-files", Checkbox).value
                               else None),
        }
        self.query_one("#done", Static).update("")
        out, problem = bundle_path(self.query_one("#out", Input).value)
        self.query_one("#problem", Static).update(Text(problem))
        if out is None:
            self.query_one("#out", Input).focus()
            return
        self.query_one("#progress", WorkProgress).start()
        self.write_bundle(out, options)

    @work(thread=True, exclusive=True, exit_on_error=False, group="bundle-export",
          description="write the bundle")
    def write_bundle(self, out: Path, options: dict) -> None:
        def progress(done: int, total: int, what: str) -> None:
            self.post_message(self.Progressed(done, total))

        try:
            done = export_bundle(self.workspace.require_store(), out,
                                 self.workspace.change_author(), progress=progress, **options)
        except UserError as problem:
            self.post_message(self.NotWritten(str(problem)))
            return
        if done.recipients:
            report = ngettext("Wrote {path}: {n} case for {to}. The file is encrypted and "
                              "signed; send it any way you like.",
                              "Wrote {path}: {n} cases for {to}. The file is encrypted and "
                              "signed; send it any way you like.", done.cases)
        else:
            report = ngettext("Wrote {path}: {n} case for whoever has the passphrase. The "
                              "file is encrypted and signed; send it any way you like.",
                              "Wrote {path}: {n} cases for whoever has the passphrase. The "
                              "file is encrypted and signed; send it any way you like.",
                              done.cases)
        if done.files:
            report += " " + ngettext(
                "The contents of {files} file are beside it, in {folder}: take that folder "
                "too.", "The contents of {files} files are beside it, in {folder}: take that "
                "folder too.", done.files)
        self.post_message(self.Written(report.format(
            path=done.path, n=done.cases, to=", ".join(done.recipients), files=done.files,
            folder=f"{done.path.name}.files")))

    def on_export_screen_progressed(self, message: Progressed) -> None:
        self.query_one("#progress", WorkProgress).report(message.done, message.total)

    def on_export_screen_written(self, message: Written) -> None:
        self._finish("", message.report)

    def on_export_screen_not_written(self, message: NotWritten) -> None:
        self._finish(message.problem, None)

    def on_work_failed(self, message: WorkFailed) -> None:
        # The app says what failed; the bar must not stay up as if still writing.
        self._finish("", None)

    def _finish(self, problem: str, done: str | None) -> None:
        self.query_one("#progress", WorkProgress).finish()
        self.query_one("#problem", Static).update(Text(problem))
        self.query_one("#done", Static).update(Text(done or ""))
        if done:
            self.query_one("#out", Input).value = ""


def bundle_path(typed: str) -> tuple[Path | None, str]:
    """The file a bundle goes to, from what the File field holds, or why it cannot be:
    blank (or only spaces) would write a file named " " wherever the app was started."""
    words = typed.strip()
    if not words:
        return None, _("File: type where to write the bundle, such as "
                       "~/caseworker-bundle.cwb.")
    path = Path(words).expanduser()
    if path.is_dir():
        return None, _("File: {folder} is a folder; add a file name at its end, such as "
                       "{example}.").format(folder=words,
                                            example=path / "caseworker-bundle.cwb")
    return path, ""
