"""Repeatable rows of a form (names, events, sources): each row edits one draft, and a
RowList adds and removes rows. Blank rows are ignored, so an extra row costs nothing."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from caseworker.core import vocab
from caseworker.core.drafts import ContactDraft, EventDraft, NameDraft, RelativeDraft, SourceDraft
from screens.places.place_picker import PlacePicker
from screens.widgets.form import field_value, set_field_value


@dataclass(frozen=True)
class Column:
    name: str  # the draft's attribute
    width: str  # CSS width
    title: str
    placeholder: str = ""
    options: tuple[tuple[str, str], ...] = ()  # a Select when given
    default: str = ""


class DraftRow(Horizontal):
    """One sub-record as a line of compact fields."""

    DEFAULT_CSS = """
    DraftRow { height: 1; margin-bottom: 0; }
    DraftRow > * { margin-right: 1; }
    DraftRow Input.-invalid, DraftRow Select.-invalid { background: $error 20%; }
    """
    BINDINGS = [Binding("ctrl+x", "remove_row", "Remove row", id="form.remove_row")]
    COLUMNS: ClassVar[tuple[Column, ...]] = ()
    DRAFT: ClassVar[type]

    def __init__(self, draft: Any = None) -> None:
        super().__init__()
        self.record_id = getattr(draft, "id", None)
        self.initial = draft

    def compose(self) -> ComposeResult:
        for column in self.COLUMNS:
            value = str(getattr(self.initial, column.name, "") or column.default)
            if column.options:
                widget: Widget = Select(column.options, value=value or column.options[0][1],
                                        allow_blank=False, compact=True)
            else:
                widget = Input(value=value, placeholder=column.placeholder, compact=True)
            widget.styles.width = column.width
            widget.add_class(f"col-{column.name}")
            yield widget

    def field(self, name: str) -> Widget:
        return self.query_one(f".col-{name}")

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
        row_list = self.parent.parent if self.parent else None
        if isinstance(row_list, RowList):
            row_list.remove_row(self)


class NameRow(DraftRow):
    DRAFT = NameDraft
    COLUMNS = (
        Column("text", "2fr", "Name", "exactly as written"),
        Column("script", "26", "Script",
               options=(("Script: detect", ""), *vocab.choices(vocab.SCRIPTS))),
        Column("given", "1fr", "Given name"),
        Column("father", "1fr", "Father's name"),
        Column("surname", "1fr", "Surname"),
        Column("source", "1fr", "From", "which source"),
    )


class EventRow(DraftRow):
    """An event; F4 in it finds its place in the gazetteer. The words typed stay as
    written and the event is linked to the chosen place (and counted in its time zone);
    changing the words afterwards drops the link."""

    DEFAULT_CSS = """
    EventRow Input.col-location.-linked { color: $success; text-style: underline; }
    """
    DRAFT = EventDraft
    COLUMNS = (
        # No type until one is chosen: a row that starts as "Detained" reads as a fact.
        Column("type", "28", "Event", options=(("Event: choose…", ""),
                                               *vocab.choices(vocab.EVENT_TYPES))),
        Column("at", "24", "When", "12.05.2025 or 12.05.2025 09:00"),
        Column("location", "1fr", "Where", "place (F4 finds one)"),
        Column("note", "1fr", "Note", "what happened"),
    )
    BINDINGS = [Binding("f4", "find_place", "Find place", id="form.find_place")]

    def __init__(self, draft: Any = None) -> None:
        super().__init__(draft)
        self.location_id: str | None = getattr(draft, "location_id", None)
        self.zone: str = getattr(draft, "zone", "") or ""
        self.linked_text = getattr(draft, "location", "") if self.location_id else None

    def on_mount(self) -> None:
        if self.location_id:
            self.field("location").add_class("-linked")

    def to_draft(self) -> Any:
        draft = super().to_draft()
        draft.location_id, draft.zone = self.location_id, self.zone
        return draft

    def link(self, place_id: str, short_name: str, zone: str) -> None:
        field = self.field("location")
        if not field.value.strip():
            field.value = short_name
        self.location_id, self.zone, self.linked_text = place_id, zone, field.value
        field.add_class("-linked")
        field.tooltip = f"Linked to {short_name}"

    @on(Input.Changed, ".col-location")
    def location_edited(self, event: Input.Changed) -> None:
        if self.location_id and event.value != self.linked_text:
            self.location_id, self.zone, self.linked_text = None, "", None
            event.input.remove_class("-linked")
            event.input.tooltip = None

    def action_find_place(self) -> None:
        def chosen(place: tuple[str, str, str] | None) -> None:
            if place is not None:
                self.link(*place)
                self.notify(f"Linked to {place[1]}.")

        query = self.field("location").value
        self.app.push_screen(PlacePicker(self.screen.workspace, query), chosen)


class SourceRow(DraftRow):
    DRAFT = SourceDraft
    COLUMNS = (
        Column("url", "2fr", "Address", "https://…"),
        Column("outlet", "1fr", "Outlet", "outlet or person"),
        Column("title", "1fr", "Title"),
        Column("published", "12", "Published", "16.05.2025"),
        Column("language", "6", "Lang", "en"),
        Column("reliability", "22", "Reliability", options=tuple(vocab.choices(vocab.RELIABILITY))),
    )


class RelativeRow(DraftRow):
    DRAFT = RelativeDraft
    COLUMNS = (
        Column("name", "1fr", "Relative", "name"),
        Column("relation", "14", "Relation", "mother…"),
        Column("citizenship", "8", "Country", "KZ"),
        Column("whereabouts", "1fr", "Whereabouts", "e.g. detained in Xinjiang"),
        Column("note", "1fr", "Note"),
    )


class ContactRow(DraftRow):
    DRAFT = ContactDraft
    COLUMNS = (
        Column("name", "1fr", "Contact", "name"),
        Column("role", "16", "Role", "lawyer, family…"),
        Column("phone", "18", "Phone"),
        Column("note", "1fr", "Note"),
    )


class RowList(Vertical):
    """A header line and rows of one kind; `add_row` appends and focuses a new row."""

    DEFAULT_CSS = """
    RowList { height: auto; }
    RowList > .row-header { color: $text-muted; height: 1; }
    RowList > .row-header > Static { margin-right: 1; }
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
        with Horizontal(classes="row-header"):
            for column in self.row_type.COLUMNS:
                title = Static(column.title)
                title.styles.width = column.width
                yield title
        rows = [self.row_type(draft) for draft in self.initial]
        rows += [self.row_type() for _ in range(self.minimum - len(rows))]
        yield Vertical(*rows, id="rows")

    def rows(self) -> list[DraftRow]:
        return list(self.query_one("#rows").query_children(DraftRow))

    def kept_rows(self) -> list[DraftRow]:
        """The rows that hold something: blank ones are left out."""
        return [row for row in self.rows() if not row.is_blank()]

    async def add_row(self, draft: Any = None) -> DraftRow:
        row = self.row_type(draft)
        await self.query_one("#rows").mount(row)
        row.children[0].focus()
        row.scroll_visible()
        return row

    def remove_row(self, row: DraftRow) -> None:
        if len(self.rows()) <= 1:
            row.clear()
        else:
            row.remove()
