"""Choosing the language of the app: asked in all three languages at once, since the person
choosing may read only one of them. Dismisses with the language's code, or None."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from caseworker.core.config import save_language
from caseworker.core.i18n import LANGUAGES, N_, _, current_language, use_language
from caseworker.core.user_errors import UserError
from caseworker.opening.workspace import Workspace
from screens.base.footer import KeyFooter
from screens.base.modals import DIALOG_CSS

# Not translated: each line is for the reader of its own language.
QUESTION = "Тілді таңдаңыз · Выберите язык · Choose your language"
HINT = "↑ ↓  Enter"


class LanguageModal(ModalScreen[str | None]):
    DEFAULT_CSS = DIALOG_CSS.format(name="LanguageModal") + """
    LanguageModal > Vertical { width: 60; }
    LanguageModal OptionList { height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="language.cancel")]

    def __init__(self, can_cancel: bool = True) -> None:
        super().__init__()
        self.can_cancel = can_cancel

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(QUESTION, classes="question")
            yield OptionList(*(Option(name, id=code) for code, name in LANGUAGES.items()),
                             id="languages")
            yield Static(HINT, classes="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = list(LANGUAGES).index(current_language())
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # At first run there is no language yet to keep: no Esc, in the footer either.
        return self.can_cancel if action == "cancel" else True

    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_language(app: App, workspace: Workspace, then: Callable[[], object] | None = None,
                 first_run: bool = False) -> None:
    """Ask, keep the choice in config.toml and use it from now on: screens composed after
    this show it; those already open keep theirs until the next start or lock, when the
    app restarts in place (docs/architecture.md §12)."""

    def chosen(code: str | None) -> None:
        if code is None:
            return
        use_language(code)
        workspace.config = replace(workspace.config, language=code)
        try:
            save_language(workspace.data_dir, code)
        except (UserError, OSError):
            app.notify(_("The language could not be saved in config.toml: it is used "
                         "until Caseworker closes."), severity="warning")
        if then is not None:
            app.call_later(then)  # may be a coroutine: a screen composed again
        else:
            app.notify(_("Language saved. Screens already open change at the next start "
                         "or lock (ctrl+l)."))

    app.push_screen(LanguageModal(can_cancel=not first_run), chosen)
