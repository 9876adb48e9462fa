"""Building blocks of keyboard-first forms: titled sections with a label column, compact
fields, and a list of problems that points at the fields they concern."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from weakref import WeakKeyDictionary

from textual import events
from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea
from textual.widgets._select import SelectCurrent, SelectOverlay

from caseworker.cases.validation import Problem
from caseworker.core.i18n import _


class TextField(Input):
    """Textual's Input, except that focusing it does not select what it holds: with all
    of it selected, the next key typed would replace an age, a name or a file path that
    the person only meant to pass through with Tab."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)


class ChoiceField(Select):
    """Textual's Select, made to take one Enter: typing a letter opens the list and jumps
    to the first option that matches what is typed (Ma: Male), and Enter chooses it. The
    open list has a border of its own, so its options never read as the values of the
    fields around it.

    Keys can reach the field after the list opened (fast typing: the app hands a key to
    the field focused when it reads it); they act on the open list as if typed there."""

    DEFAULT_CSS = """
    ChoiceField > SelectOverlay {
        border: round $accent; background: $panel; padding: 0;
        & > .option-list--option { padding: 0 1; }
    }
    """

    def compose(self) -> ComposeResult:
        # the list is not compact (compact lists have no border), whatever the field is
        yield SelectCurrent(self.prompt)
        yield SelectOverlay(type_to_search=self._type_to_search)

    async def _on_key(self, event: events.Key) -> None:
        if not (event.character and event.is_printable and event.key != "space"):
            return
        event.stop()
        event.prevent_default()
        overlay = self.query_one(SelectOverlay)
        if not self.expanded:
            self.action_show_overlay()
            self.screen.set_focus(overlay)  # now, so the next key goes to the list
            overlay._search_query = ""
        overlay._search_query += event.character
        index = overlay._find_search_match(overlay._search_query)
        if index is not None:
            overlay.select(index)

    def action_show_overlay(self) -> None:
        if self.expanded:  # Enter read while the list was opening: choose, as the list would
            self.query_one(SelectOverlay).action_select()
            return
        super().action_show_overlay()


class FormSection(Vertical):
    """A titled block of label/field rows."""

    DEFAULT_CSS = """
    FormSection { height: auto; margin: 0 0 1 0; padding: 0 1; border-left: thick $primary; }
    FormSection > .section-title { text-style: bold; color: $accent; margin-bottom: 1; }
    FormSection > .section-hint { color: $text-muted; margin-bottom: 1; }
    FormSection .grid { layout: grid; grid-size: 2; grid-columns: 22 1fr; grid-gutter: 0 1;
                        height: auto; }
    FormSection .grid > Label { padding: 0 0; color: $text-muted; }
    FormSection Input.-invalid, FormSection Select.-invalid, FormSection TextArea.-invalid {
        background: $error 20%; }
    """

    def __init__(self, title: str, *children: Widget, hint: str = "", id: str | None = None):
        super().__init__(id=id)
        self.title = title
        self.hint = hint
        self._children = children

    def compose(self) -> ComposeResult:
        yield Static(self.title, classes="section-title")
        if self.hint:
            yield Static(self.hint, classes="section-hint")
        yield from self._children


def grid(*pairs: tuple[str, Widget]) -> Container:
    """Rows of `label: field`. Each field remembers its label (`form_label`), so that a
    problem with it is named as the person reads it on screen."""
    children: list[Widget] = []
    for label, field in pairs:
        set_form_label(field, label.lstrip("…").strip())
        children += [Label(label), field]
    return Container(*children, classes="grid")


# The label a field has on screen, by field: any widget can be a field, and a widget has no
# attribute for it. Weak: a field gone from the screen is gone from here.
_FORM_LABELS: WeakKeyDictionary[Widget, str] = WeakKeyDictionary()


def set_form_label(field: Widget, label: str) -> None:
    _FORM_LABELS[field] = label


def form_label(field: Widget | None) -> str:
    """The field's label as the screen shows it, "" if it has none."""
    return _FORM_LABELS.get(field, "") if field is not None else ""


def text_field(id: str, placeholder: str = "", value: str = "") -> Input:
    return TextField(value=value, placeholder=placeholder, id=id, compact=True)


def choice_field(id: str, options: list[tuple[str, str]], value: str) -> Select:
    return ChoiceField(options, value=value, allow_blank=False, id=id, compact=True)


def field_value(widget: Widget) -> str:
    if isinstance(widget, Input):
        return widget.value
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Select):
        return "" if widget.value is Select.NULL else str(widget.value)
    raise TypeError(f"not a form field: {widget!r}")


def set_field_value(widget: Widget, value: str) -> None:
    if isinstance(widget, Input):
        widget.value = value
    elif isinstance(widget, TextArea):
        widget.text = value
    elif isinstance(widget, Select):
        widget.value = value


class ProblemList(Static):
    """What is wrong with the form, one line per problem, shown above the form."""

    DEFAULT_CSS = """
    ProblemList { display: none; color: $error; border: round $error; padding: 0 1;
                  height: auto; margin-bottom: 1; }
    ProblemList.-shown { display: block; }
    """

    def show_problems(self, problems: list[Problem], warnings: Sequence[Problem] = (),
                      label: Callable[[str], str] | None = None) -> None:
        """`label` names a problem's field as the screen shows it (by its path)."""
        name = label or readable_path
        lines = [f"✗ {name(p.path)}: {p.message}" for p in problems]
        lines += [f"! {name(w.path)}: {w.message}" for w in warnings]
        self.update(Content("\n".join(lines)))  # not markup: the words are the app's own
        self.set_class(bool(lines), "-shown")


def readable_path(path: str) -> str:
    """`person.names[0].text` as `names, row 1, text`."""
    parts = []
    for part in path.replace("person.", "").split("."):
        if "[" in part:
            name, index = part.rstrip("]").split("[")
            parts += [name.replace("_", " "), _("row {number}").format(number=int(index) + 1)]
        else:
            parts.append(part.replace("_", " "))
    return ", ".join(parts)
