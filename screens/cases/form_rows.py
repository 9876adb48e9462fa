"""Repeatable rows of a form (names, events, sources): each row edits one draft, and a
RowList adds and removes rows. Blank rows are ignored, so an extra row costs nothing."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, ClassVar, Protocol, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Static
from textual.widgets.input import Selection

from caseworker.core import vocab
from caseworker.core.drafts import ContactDraft, EventDraft, NameDraft, RelativeDraft, SourceDraft
from caseworker.core.i18n import N_, _
from caseworker.opening.workspace import Workspace
from screens.base.footer import NARROW_BELOW
from screens.base.modals import ConfirmModal
from screens.places.place_picker import PickedPlace, PlacePicker
from screens.widgets.form import ChoiceField, TextField, field_value, set_field_value


class _WithWorkspace(Protocol):
    """A screen an event row is in."""

    workspace: Workspace


@dataclass(frozen=True)
class Column:
    name: str  # the draft's attribute
    width: str  # CSS width
    title: str
    placeholder: str = ""
    options: tuple[tuple[str, str], ...] = ()  # a Select when given
    default: str = ""
    # On a narrow screen a row takes two lines: which one this field is on, and its width
    # there when not the same.
    line: int = 1
    narrow_width: str = ""
    mark: int = 0  # a mark this wide follows the field (a linked place's country)


def narrow_screen(widget: Widget) -> bool:
    return widget.app.size.width < NARROW_BELOW


class DraftRow(Vertical):
    """One sub-record as a line of compact fields, or two lines on a narrow screen (so
    that an 80-column screen gives each field room to read what it holds)."""

    DEFAULT_CSS = """
    DraftRow { height: auto; margin-bottom: 0; }
    DraftRow > .row-line { height: 1; }
    DraftRow > .row-line > * { margin-right: 1; }
    DraftRow.-narrow { margin-bottom: 1; }
    DraftRow Input.-invalid, DraftRow Select.-invalid { background: $error 20%; }
    """
    # Priority: the text fields of a row bind ctrl+x to cut, and this is the key the row
    # is removed with wherever the cursor is in it.
    BINDINGS = [Binding("ctrl+x", "remove_row", N_("Remove row"), id="form.remove_row",
                        priority=True)]
    COLUMNS: ClassVar[tuple[Column, ...]] = ()
    DRAFT: ClassVar[type]

    def __init__(self, draft: Any = None) -> None:
        super().__init__()
        self.record_id = getattr(draft, "id", None)
        self.initial = draft
        self.narrow = False

    def compose(self) -> ComposeResult:
        self.narrow = narrow_screen(self)
        self.set_class(self.narrow, "-narrow")
        lines = sorted({column.line for column in self.COLUMNS}) if self.narrow else [1]
        for line in lines:
            with Horizontal(classes="row-line"):
                for column in self.COLUMNS:
                    if self.narrow and column.line != line:
                        continue
                    yield from self._field(column)

    def _field(self, column: Column) -> ComposeResult:
        value = str(getattr(self.initial, column.name, "") or column.default)
        if column.options:
            # labels are marked where the columns are declared, translated as shown
            options = [(_(label), option) for label, option in column.options]
            widget: Widget = ChoiceField(options, value=value or column.options[0][1],
                                         allow_blank=False, compact=True)
        else:
            widget = TextField(value=value, placeholder=_(column.placeholder), compact=True)
        widget.styles.width = (column.narrow_width or column.width) if self.narrow \
            else column.width
        widget.add_class(f"col-{column.name}")
        yield widget
        if column.mark:
            mark = Static("", classes=f"mark-{column.name}")
            mark.styles.width = column.mark
            yield mark

    def on_resize(self) -> None:
        # Across the narrow width the row is laid out again, with what it holds.
        if self.is_mounted and narrow_screen(self) != self.narrow and self.children:
            self.initial = self.to_draft()
            self.call_after_refresh(self.recompose)

    def field(self, name: str) -> Widget:
        return self.query_one(f".col-{name}")

    def row_fields(self) -> list[Widget]:
        """The row's fields in the order Tab goes through them."""
        return [w for w in self.query("Input, Select")
                if w.parent is not None and w.parent.has_class("row-line")]

    def first_field(self) -> Widget:
        return self.row_fields()[0]

    def column_of(self, widget: Widget) -> Column | None:
        """The column a field of this row is in."""
        return next((c for c in self.COLUMNS if widget.has_class(f"col-{c.name}")), None)

    def values(self) -> dict[str, str]:
        return {column.name: field_value(self.field(column.name)) for column in self.COLUMNS}

    def is_blank(self) -> bool:
        texts = [v for c, v in zip(self.COLUMNS, self.values().values(), strict=True)
                 if not c.options]
        return not any(value.strip() for value in texts)

    def to_draft(self) -> Any:
        known = {f.name for f in fields(self.DRAFT)}
        return self.DRAFT(**{k: v for k, v in self.values().items() if k in known},
                          id=self.record_id)

    def clear(self) -> None:
        for column in self.COLUMNS:
            empty = column.default or (column.options[0][1] if column.options else "")
            set_field_value(self.field(column.name), empty)

    def action_remove_row(self) -> None:
        row_list = next((a for a in self.ancestors if isinstance(a, RowList)), None)
        if row_list is None:
            return
        if self.is_blank():
            row_list.remove_row(self)
            return

        # A row that holds something is gone for good once removed: ask first.
        def answered(yes: bool | None) -> None:
            if yes:
                row_list.remove_row(self)

        self.app.push_screen(ConfirmModal(
            _("Remove row {number} of {list}?").format(
                number=row_list.rows().index(self) + 1, list=row_list.title or _("this list")),
            _("What is typed in it will be lost.")), answered)


class RowHeader(Horizontal):
    """The titles of a row's columns, laid out as its rows are."""

    DEFAULT_CSS = """
    RowHeader { color: $text-muted; height: auto; }
    RowHeader > .row-line { height: 1; }
    RowHeader > .row-line > Static { margin-right: 1; }
    """

    def __init__(self, row_type: type[DraftRow]) -> None:
        super().__init__()
        self.row_type = row_type
        self.narrow = False

    def compose(self) -> ComposeResult:
        self.narrow = narrow_screen(self)
        self.styles.layout = "vertical"
        columns = self.row_type.COLUMNS
        lines = sorted({column.line for column in columns}) if self.narrow else [1]
        for line in lines:
            with Horizontal(classes="row-line"):
                for column in columns:
                    if self.narrow and column.line != line:
                        continue
                    title = Static(_(column.title))
                    title.styles.width = (column.narrow_width or column.width) \
                        if self.narrow else column.width
                    yield title
                    if column.mark:
                        mark = Static("")
                        mark.styles.width = column.mark
                        yield mark

    def on_resize(self) -> None:
        if self.is_mounted and narrow_screen(self) != self.narrow:
            self.call_after_refresh(self.recompose)


class NameRow(DraftRow):
    DRAFT = NameDraft
    COLUMNS = (
        Column("text", "2fr", N_("Name"), N_("exactly as written"), narrow_width="1fr"),
        Column("script", "26", N_("Script"),
               options=((N_("Script: detect"), ""), *vocab.pairs(vocab.SCRIPTS))),
        Column("given", "1fr", N_("Given name"), line=2),
        Column("father", "1fr", N_("Father's name"), line=2),
        Column("surname", "1fr", N_("Surname"), line=2),
        Column("source", "1fr", N_("From"), N_("which source"), line=2),
    )


class EventRow(DraftRow):
    """An event; F4 in it finds its place in the gazetteer. The chosen place's name goes
    in the row, marked with its country (the law its clocks follow), and the words that
    were typed are kept in the note; changing the place's words afterwards drops the
    link."""

    DEFAULT_CSS = """
    EventRow Input.col-location.-linked { color: $success; text-style: underline; }
    EventRow .mark-location { color: $success; text-style: bold; }
    """
    DRAFT = EventDraft
    COLUMNS = (
        # No type until one is chosen: a row that starts as "Detained" reads as a fact.
        Column("type", "28", N_("Event"), options=((N_("Event: choose…"), ""),
                                               *vocab.pairs(vocab.EVENT_TYPES)),
               narrow_width="22"),
        Column("at", "24", N_("When"), "12.05.2025 09:00", narrow_width="18"),
        Column("location", "1fr", N_("Where"), N_("place (F4 finds one)"), mark=4),
        Column("note", "1fr", N_("Note"), N_("what happened"), line=2),
    )
    # Priority: F4 opens the picker when read, so what is typed next goes into it.
    BINDINGS = [Binding("f4", "find_place", N_("Find place"), id="form.find_place",
                        priority=True)]

    def __init__(self, draft: Any = None) -> None:
        super().__init__(draft)
        self.location_id: str | None = getattr(draft, "location_id", None)
        self.zone: str = getattr(draft, "zone", "") or ""
        self.linked_text = getattr(draft, "location", "") if self.location_id else None

    def _field(self, column: Column) -> ComposeResult:
        # laid out again (the screen's width crossed the narrow one), a link stays shown
        for widget in super()._field(column):
            if self.location_id and widget.has_class("col-location"):
                widget.add_class("-linked")
            if self.location_id and isinstance(widget, Static) \
                    and widget.has_class("mark-location"):
                widget.update(_mark(vocab.ZONE_COUNTRIES.get(self.zone, "")))
            yield widget

    def to_draft(self) -> Any:
        draft = super().to_draft()
        draft.location_id, draft.zone = self.location_id, self.zone
        return draft

    def _location(self) -> Input:
        return self.query_one(".col-location", Input)  # a column without options

    def _note(self) -> Input:
        return self.query_one(".col-note", Input)

    def link(self, place: PickedPlace) -> None:
        """Link the event to `place`: its name replaces the words typed, which are kept in
        the note (they may be how the source spells it)."""
        field, note = self._location(), self._note()
        typed = field.value.strip()
        if typed and typed.casefold() != place.short_name.casefold():
            kept = f"place as written: {typed}"
            note.value = f"{note.value.strip()}; {kept}" if note.value.strip() else kept
        self.location_id, self.zone = place.place_id, place.zone
        self.linked_text = place.short_name
        field.value = place.short_name
        self._show_link(place.country)

    def _show_link(self, country: str) -> None:
        field = self._location()
        field.add_class("-linked")
        field.tooltip = _("Linked to the gazetteer place {place}").format(place=field.value)
        self.query_one(".mark-location", Static).update(_mark(country))

    @on(Input.Changed, ".col-location")
    def location_edited(self, event: Input.Changed) -> None:
        if self.location_id and event.value != self.linked_text:
            self.location_id, self.zone, self.linked_text = None, "", None
            event.input.remove_class("-linked")
            event.input.tooltip = None
            self.query_one(".mark-location", Static).update("")

    def action_find_place(self) -> None:
        def chosen(place: PickedPlace | None) -> None:
            if place is not None:
                self.link(place)
                country = f" ({place.country})" if place.country else ""
                self.notify(_("Linked to {place}{country}.").format(place=place.short_name,
                                                                    country=country))

        query = self._location().value
        screen = cast(_WithWorkspace, self.screen)  # intake, or the dialog adding an event
        self.app.push_screen(PlacePicker(screen.workspace, query), chosen)


def _mark(country: str) -> str:
    """What marks a place field linked to the gazetteer: an arrow and the country whose
    law its clocks follow."""
    return f"→{country}" if country else "→"


class SourceRow(DraftRow):
    DRAFT = SourceDraft
    COLUMNS = (
        Column("url", "2fr", N_("Address"), "https://…", narrow_width="1fr"),
        Column("outlet", "1fr", N_("Outlet"), N_("outlet or person"), narrow_width="20"),
        Column("title", "1fr", N_("Title"), line=2),
        Column("published", "12", N_("Published"), "16.05.2025", line=2),
        Column("language", "6", N_("Lang"), "en", line=2),
        Column("reliability", "22", N_("Reliability"), line=2, narrow_width="18",
               options=tuple(vocab.pairs(vocab.RELIABILITY))),
    )


class RelativeRow(DraftRow):
    DRAFT = RelativeDraft
    COLUMNS = (
        Column("name", "1fr", N_("Relative"), N_("name")),
        Column("relation", "14", N_("Relation"), N_("mother…")),
        Column("citizenship", "8", N_("Country"), "KZ"),
        Column("whereabouts", "1fr", N_("Whereabouts"), N_("e.g. detained in Xinjiang"), line=2),
        Column("note", "1fr", N_("Note"), line=2),
    )


class ContactRow(DraftRow):
    DRAFT = ContactDraft
    COLUMNS = (
        Column("name", "1fr", N_("Contact"), N_("name")),
        Column("role", "16", N_("Role"), N_("lawyer, family…")),
        Column("phone", "18", N_("Phone"), narrow_width="16"),
        Column("note", "1fr", N_("Note"), line=2),
    )


class RowList(Vertical):
    """A header line and rows of one kind; `add_row` appends and focuses a new row."""

    DEFAULT_CSS = """
    RowList { height: auto; }
    RowList > #rows { height: auto; }
    """

    def __init__(self, row_type: type[DraftRow], drafts: list | None = None,
                 minimum: int = 1, id: str | None = None, title: str = "") -> None:
        super().__init__(id=id)
        self.row_type = row_type
        self.initial = list(drafts or [])
        self.minimum = minimum
        self.title = title  # what problems call these rows: "Events, row 2, When"

    def compose(self) -> ComposeResult:
        yield RowHeader(self.row_type)
        rows = [self.row_type(draft) for draft in self.initial]
        rows += [self.row_type() for _blank in range(self.minimum - len(rows))]
        yield Vertical(*rows, id="rows")

    def rows(self) -> list[DraftRow]:
        return list(self.query_one("#rows").query_children(DraftRow))

    def kept_rows(self) -> list[DraftRow]:
        """The rows that hold something: blank ones are left out."""
        return [row for row in self.rows() if not row.is_blank()]

    async def add_row(self, draft: Any = None) -> DraftRow:
        row = self.row_type(draft)
        await self.query_one("#rows").mount(row)
        # Focused now, not a message later (`focus()` defers): keys typed right after F6
        # wait only until this returns, and must find the new row already focused.
        self.screen.set_focus(row.first_field())
        row.scroll_visible()
        return row

    def remove_row(self, row: DraftRow) -> None:
        """Remove a row (the last one is emptied instead). The cursor goes to the same
        field of the next row, else of the one before, at the end of what it holds: never
        with its text selected, which the next key would replace."""
        rows = self.rows()
        focused = self.app.focused
        column = row.column_of(focused) if focused in row.row_fields() else None
        if len(rows) <= 1:
            row.clear()
            following = row
        else:
            index = rows.index(row)
            following = rows[index + 1] if index + 1 < len(rows) else rows[index - 1]
            row.remove()
        target = following.field(column.name) if column else following.first_field()
        target.focus()
        if isinstance(target, Input):
            target.selection = Selection.cursor(len(target.value))
