"""Adding a place, or correcting one. Corrections to a shipped place are kept when the
gazetteer is upgraded. ctrl+s (or F2) saves after checking every field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Select, TextArea

from caseworker.cases.place_changes import save_place
from caseworker.core import vocab
from caseworker.core.i18n import N_, _, ngettext
from caseworker.opening.workspace import Workspace
from caseworker.places.place_records import InvalidPlace, PlaceDraft, draft_of, validate_place
from screens.base.footer import KeyFooter
from screens.base.messages import ReportsFailedWork, WorkFailed
from screens.base.modals import ConfirmModal
from screens.widgets.form import (
    FormSection,
    ProblemList,
    choice_field,
    field_value,
    form_label,
    grid,
    readable_path,
    text_field,
)
from screens.widgets.header import Header
from storage.tables import Place

_TEXT_FIELDS = ("short_name", "country", "authority", "region", "region_before_2022", "lat",
                "lon", "precision", "precision_km")
_LIST_FIELDS = ("aliases", "sources")


class PlaceFormScreen(ReportsFailedWork, Screen):
    DEFAULT_CSS = """
    PlaceFormScreen TextArea { height: 5; }
    PlaceFormScreen #notes { height: 6; }
    """
    BINDINGS = [
        Binding("ctrl+s,f2", "save", N_("Save"), id="place_form.save", priority=True),
        Binding("escape", "leave", N_("Leave"), id="place_form.leave"),
    ]

    @dataclass
    class Saved(Message):
        place_id: str

    def __init__(self, workspace: Workspace, place: Place | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.initial = draft_of(place) if place is not None else PlaceDraft(country="KZ")
        self.dirty = False
        self.saving = False

    def compose(self) -> ComposeResult:
        d = self.initial
        yield Header()
        with VerticalScroll():
            yield ProblemList()
            yield FormSection(_("Place"), grid(
                (_("Short name"), text_field("short_name", _("as lists show it"),
                                             d.short_name)),
                (_("Type"), choice_field("type", vocab.choices(vocab.PLACE_TYPES), d.type)),
                (_("Country"), text_field("country", _("KZ, UZ, KG…"), d.country)),
                (_("Holding authority"), text_field("authority", _("who holds people there"),
                                                    d.authority)),
                (_("Crossing"), choice_field("crossing_mode",
                                             vocab.choices(vocab.CROSSING_MODES),
                                             d.crossing_mode)),
                ("", Checkbox(_("On the border with China"), d.borders_china,
                              id="borders_china")),
                ("", Checkbox(_("Closed"), d.closed, id="closed")),
            ))
            yield FormSection(_("Names"), grid(
                *((_(label), text_field(f"name_{lang}", value=d.names.get(lang, "")))
                  for lang, label in vocab.PLACE_NAME_LANGUAGES.items()),
                (_("Other names"), TextArea("\n".join(d.aliases), id="aliases")),
            ), hint=_("Every spelling you have met, one per line: search finds them all."))
            yield FormSection(_("Where"), grid(
                (_("Region"), text_field("region", _("now"), d.region)),
                (_("Region before 2022"), text_field("region_before_2022", "",
                                                     d.region_before_2022)),
                (_("Latitude"), text_field("lat", "44.167", d.lat)),
                (_("Longitude"), text_field("lon", "80.000", d.lon)),
                (_("Precision"), text_field("precision", _("town-level, ±3 km"),
                                            d.precision)),
                (_("Precision (km)"), text_field("precision_km", "3", d.precision_km)),
            ))
            yield FormSection(_("Sources and notes"), grid(
                (_("Sources"), TextArea("\n".join(d.sources), id="sources")),
                (_("Notes"), TextArea(d.notes, id="notes")),
            ))
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = _("Correct a place") if self.initial.id else _("Add a place")
        self.sub_title = self.initial.id or ""
        self.query_one("#short_name", Input).focus()

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    def changed(self) -> None:
        self.dirty = self.to_draft() != self.initial

    def to_draft(self) -> PlaceDraft:
        # Any: mypy checks a ** mapping against every field of the draft, not only its keys.
        value: dict[str, Any] = {name: field_value(self.query_one(f"#{name}"))
                                 for name in _TEXT_FIELDS}
        lines: dict[str, Any] = {
            name: [line for line in self.query_one(f"#{name}", TextArea).text.splitlines()
                   if line.strip()] for name in _LIST_FIELDS}
        return PlaceDraft(
            **value, **lines, id=self.initial.id,
            type=field_value(self.query_one("#type")),
            crossing_mode=field_value(self.query_one("#crossing_mode")),
            borders_china=self.query_one("#borders_china", Checkbox).value,
            closed=self.query_one("#closed", Checkbox).value,
            names={language: field_value(self.query_one(f"#name_{language}"))
                   for language in vocab.PLACE_NAME_LANGUAGES},
            notes=self.query_one("#notes", TextArea).text,
        )

    def action_save(self) -> None:
        if self.saving:
            return
        draft = self.to_draft()
        try:
            validate_place(draft)
        except InvalidPlace as exc:
            self.query_one(ProblemList).show_problems(exc.problems, label=self._label)
            self.query_one(VerticalScroll).scroll_home()
            self.notify(ngettext("Not saved: {n} problem, listed at the top.",
                                 "Not saved: {n} problems, listed at the top.",
                                 len(exc.problems)).format(n=len(exc.problems)),
                        severity="error")
            return
        self.saving = True
        self.save(draft)

    def _label(self, path: str) -> str:
        """A problem's field as the form labels it: `names.kk` is "Kazakh"."""
        field_id = path.split("[")[0].replace("names.", "name_")
        found = list(self.query(f"#{field_id}")) if field_id.isidentifier() else []
        return (form_label(found[0]) if found else "") or readable_path(path)

    @work(thread=True, exclusive=True, exit_on_error=False, group="place-save",
          description="save the place")
    def save(self, draft: PlaceDraft) -> None:
        place_id = save_place(self.workspace.require_store(), draft,
                              self.workspace.change_author())
        self.post_message(self.Saved(place_id))

    def on_place_form_screen_saved(self, message: Saved) -> None:
        self.saving = False
        self.dirty = False
        self.notify(_("Place saved."))
        self.app.pop_screen()

    def on_work_failed(self, message: WorkFailed) -> None:
        # Not stopped: the app still says what happened. The form keeps what was typed.
        self.saving = False

    def action_leave(self) -> None:
        if not self.dirty:
            self.app.pop_screen()
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.app.pop_screen()

        self.app.push_screen(ConfirmModal(_("Leave without saving?"),
                                          _("Your changes to this place will be lost.")), answered)
