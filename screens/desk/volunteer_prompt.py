"""Who is at the desk: a name typed, or one chosen from the names already on this desk's
receipts (there is no office list of volunteers). It is written on the receipt of each
intake sealed until someone else sits down."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static

from caseworker.core.i18n import N_, _
from caseworker.core.user_errors import UserError
from caseworker.desk.desk_session import volunteers_seen
from caseworker.desk.sealing import MAX_VOLUNTEER, check_volunteer
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.base.messages import ReadAnswer, ReportsFailedWork
from screens.base.modals import DIALOG_CSS
from screens.desk.desk_help import AtTheDesk
from screens.widgets.form import TextField

QUESTION = N_("Who is at the desk?")
EXPLAINED = N_("Your name is written on the receipt of each intake you seal, and goes to the "
             "office with it. Type it and press Enter, or press ↓ to choose a name used "
             "here before.")


class VolunteerPrompt(AtTheDesk, ReportsFailedWork, ModalScreen[str | None]):
    """Dismisses with the volunteer's name, checked as sealing checks it; with None only
    when `can_cancel` (someone is already at the desk and stays)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="VolunteerPrompt") + """
    VolunteerPrompt > Vertical { width: 72; }
    VolunteerPrompt #volunteer { margin-top: 1; }
    VolunteerPrompt #volunteer-problem { height: auto; }
    VolunteerPrompt #known-names { height: auto; max-height: 12; margin-top: 1;
                                   display: none; }
    VolunteerPrompt #known-names.-filled { display: block; }
    """
    BINDINGS = [
        Binding("escape", "cancel", N_("Keep the volunteer"), id="volunteer.cancel"),
        # Priority: the name field has a binding of its own for ↓, which would hide this
        # one from the footer; in the list, ↓ passes on to the list (SkipAction).
        Binding("down", "to_names", N_("Names used here"), id="volunteer.names", priority=True),
    ]

    @dataclass
    class Loaded(ReadAnswer):
        names: list[str]

    def __init__(self, workspace: Workspace, can_cancel: bool = False) -> None:
        super().__init__()
        self.workspace = workspace
        self.can_cancel = can_cancel
        self._names: list[str] = []  # as the list shows them

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_(QUESTION), classes="question")
            yield Static(_(EXPLAINED))
            yield TextField(id="volunteer", max_length=MAX_VOLUNTEER,
                            placeholder=_("Volunteer's name, e.g. Aigerim Sadykova"))
            yield Static("", id="volunteer-problem", classes="problem")
            yield OptionList(id="known-names")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _(QUESTION)
        self.query_one("#volunteer", Input).focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="volunteer",
          description="load the names used at this desk")
    def load(self) -> None:
        with self.workspace.require_store().read() as session:
            self.post_message(self.Loaded(volunteers_seen(session)))

    def on_volunteer_prompt_loaded(self, message: Loaded) -> None:
        if message.overtaken:
            return
        names = self.query_one("#known-names", OptionList)
        names.clear_options()
        names.add_options([Text(name) for name in message.names])
        names.set_class(bool(message.names), "-filled")
        self._names = message.names

    @on(Input.Submitted, "#volunteer")
    def typed(self, event: Input.Submitted) -> None:
        try:
            name = check_volunteer(event.value)
        except UserError as exc:  # the field is "Volunteer's name", as the sentence says
            self.query_one("#volunteer-problem", Static).update(str(exc))
            return
        self.dismiss(name)

    @on(OptionList.OptionSelected, "#known-names")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._names[event.option_index])

    def action_to_names(self) -> None:
        names = self.query_one("#known-names", OptionList)
        if not self._names or self.focused is names:
            raise SkipAction()
        names.focus()
        names.highlighted = 0

    def action_cancel(self) -> None:
        if self.can_cancel:
            self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Escape is offered only to keep someone already at the desk.
        return self.can_cancel if action == "cancel" else True
