"""One place: every name, type, authority, region, coordinates and their precision,
distance to the border, sources and notes, and the cases last known to be there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from caseworker.core import vocab
from caseworker.core.i18n import N_, _
from caseworker.opening.workspace import Workspace
from caseworker.places.place_records import load_place
from screens.base.footer import KeyFooter
from screens.base.messages import CaseChosen, ReadAnswer, ReportsFailedWork
from screens.base.reloading import ReloadsOnReturn
from screens.places.place_form import PlaceFormScreen
from screens.widgets.header import Header

if TYPE_CHECKING:
    from caseworker.places.place_records import PlaceDetail


class PlaceScreen(ReportsFailedWork, ReloadsOnReturn, Screen):
    DEFAULT_CSS = """
    PlaceScreen #place-text { padding: 0 1; height: auto; }
    PlaceScreen #place-cases { height: auto; max-height: 12; }
    PlaceScreen .cases-title { padding: 1 1 0 1; text-style: bold; }
    """
    BINDINGS = [
        Binding("e", "edit", N_("Correct this place"), id="place.edit"),
        Binding("escape", "app.pop_screen", N_("Back"), id="place.back"),
    ]

    @dataclass
    class Loaded(ReadAnswer):
        detail: PlaceDetail

    def __init__(self, workspace: Workspace, place_id: str) -> None:
        super().__init__()
        self.workspace = workspace
        self.place_id = place_id
        self.detail: PlaceDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(_("Loading..."), id="place-text")
            yield Static(_("Cases last known to be here"), classes="cases-title")
            yield DataTable(id="place-cases", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(_("Name"), _("Situation"))
        self.load()

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="place",
          description="load the place")
    def load(self) -> None:
        with self.workspace.require_store().read() as session:
            detail = load_place(session, self.place_id)
        self.post_message(self.Loaded(detail))

    def on_place_screen_loaded(self, message: Loaded) -> None:
        if message.overtaken:
            return
        self.detail = detail = message.detail
        self.title = detail.place.short_name
        self.sub_title = vocab.label(vocab.PLACE_TYPES, detail.place.type)
        self.query_one("#place-text", Static).update(place_text(detail))
        table = self.query_one(DataTable)
        table.clear()
        for case in detail.cases:
            table.add_row(Text(case.display_name),
                          vocab.label(vocab.SITUATIONS, case.situation), key=case.case_id)
        if not detail.cases:
            table.add_row(Text(_("No case is last known to be here.")), "")

    @on(DataTable.RowSelected, "#place-cases")
    def open_case(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.post_message(CaseChosen(event.row_key.value))

    def action_edit(self) -> None:
        if self.detail is not None:
            self.app.push_screen(PlaceFormScreen(self.workspace, self.detail.place))


def place_text(detail: PlaceDetail) -> str:
    place, border = detail.place, detail.border
    lines = [f"[b]{escape(place.short_name)}[/b]  [dim]{place.id}[/dim]"]
    if place.closed:
        lines.append("[b red]" + _("Closed") + "[/b red]: "
                     + _("kept to read older case notes."))
    lines.append("")
    for language, label in vocab.PLACE_NAME_LANGUAGES.items():
        name = getattr(place, f"name_{language}")
        if name:
            lines.append(f"[b]{_(label)}:[/b] {escape(name)}")
    if place.aliases:
        lines.append("[b]" + _("Also known as:") + f"[/b] {escape('; '.join(place.aliases))}")
    lines.append("")
    kind = vocab.label(vocab.PLACE_TYPES, place.type)
    if place.crossing_mode:
        kind += f" ({vocab.label(vocab.CROSSING_MODES, place.crossing_mode).lower()})"
    facts = [(N_("Type"), kind), (N_("Holding authority"), place.authority or _("not known")),
             (N_("Country"), place.country), (N_("Region"), place.region),
             (N_("Region before 2022"), place.region_before_2022)]
    if place.lat is not None:
        precision = _(", precision {precision}").format(precision=place.precision) \
            if place.precision else ""
        facts.append((N_("Coordinates"), f"{place.lat:.4f}, {place.lon:.4f}{precision}"))
    facts.append((N_("To the China border"), border.describe() if border else
                  _("unknown (no coordinates)")))
    lines += [f"[b]{_(label)}:[/b] {escape(value)}" for label, value in facts if value]
    if place.sources:
        lines += ["", "[b]" + _("Sources") + "[/b]"]
        lines += [f"  {escape(source)}" for source in place.sources]
    if place.notes:
        lines += ["", "[b]" + _("Notes") + "[/b]", escape(place.notes)]
    if place.edited_fields:
        lines += ["", "[dim]" + _("Corrected here: {fields} (kept when the shipped gazetteer "
                                  "is upgraded)").format(fields=", ".join(place.edited_fields))
                  + "[/dim]"]
    return "\n".join(lines)
