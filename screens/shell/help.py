"""F1 / ?: every key that works on the screen underneath, built from its active bindings."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from caseworker.core.i18n import N_, _


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 90; max-width: 100%; height: 80%; max-height: 100%;
                            border: round $primary; padding: 0 1; background: $surface; }
    HelpScreen #help-title { text-style: bold; padding: 0 0 1 0; }
    HelpScreen #help-about { padding: 0 0 1 0; }
    HelpScreen DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape,f1,question_mark,q", "dismiss", N_("Close help"), id="help.close"),
    ]

    def __init__(self, title: str, bindings: dict[str, ActiveBinding], key_display,
                 about: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.about = about
        self.bindings_shown = bindings
        self.key_display = key_display

    def compose(self) -> ComposeResult:
        with Vertical():
            if self.about:
                yield Static(_(self.about), id="help-about")  # marked where it is said
            yield Static(_("Keys on {screen}").format(screen=self.title_text), id="help-title")
            yield DataTable(cursor_type="row", zebra_stripes=True)
            # Not markup: "[keymap]" is the name of the section, to be read as typed.
            yield Static(_("Change a key in config.toml under [keymap] with the binding id."),
                         classes="hint", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Key"), _("Does"), _("Where"), _("Binding id"))
        # A binding with several keys arrives once per key: show it once, with all its keys.
        rows: dict[tuple[str, str], tuple[list[str], str, str]] = {}
        for active in self.bindings_shown.values():
            binding = active.binding
            if not binding.description:
                continue
            # The footer shows the short description; the tooltip, when there is one,
            # says it in full.
            does = _(binding.tooltip or binding.description)
            where = _where(active.node)
            # by id: a key that works from every tab has a second binding of the same id
            keys, _shown_where, _shown_id = rows.setdefault(
                (binding.id or binding.action, does), ([], where, binding.id or "")
            )
            shown = self.key_display(binding)
            if shown not in keys:
                keys.append(shown)
        ordered = sorted(rows.items(), key=lambda item: _ORDER.get(item[1][1], 3))
        for (_action, description), (keys, where, binding_id) in ordered:
            table.add_row(" / ".join(keys), description, _(where), binding_id)
        table.focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


_ORDER = {"this screen": 0, "everywhere": 1}


def _where(node) -> str:
    if isinstance(node, App):
        return N_("everywhere")
    if isinstance(node, Screen):
        return N_("this screen")
    return f"in the {type(node).__name__}"
