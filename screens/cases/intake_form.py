"""The intake form: every section of a case as keyboard-first fields, and the mapping
between those fields and a CaseDraft (both ways), including where each problem points."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import TextArea

from caseworker.core import vocab
from caseworker.core.drafts import CaseDraft, DocumentDraft, PersonDraft
from caseworker.core.i18n import N_, _
from screens.cases.form_rows import (
    ContactRow,
    DraftRow,
    EventRow,
    NameRow,
    RelativeRow,
    RowList,
    SourceRow,
)
from screens.widgets.form import (
    FormSection,
    ProblemList,
    choice_field,
    field_value,
    form_label,
    grid,
    readable_path,
    set_form_label,
    text_field,
)

PAPERS = {"none": N_("None known"), **{k: v for k, v in vocab.DOCUMENT_KINDS.items()
                                       if k.startswith(("kz_", "kg_"))}}
PASSPORT = {"unknown": N_("Unknown"), **{k: v for k, v in vocab.DOCUMENT_STATUSES.items()
                                         if k != "unknown"}}
# Draft paths of the single-value fields, and the ids of their widgets.
FIELD_IDS = {
    "person.sex": "sex", "person.birth_date": "birth-date", "person.age": "age",
    "person.age_on": "age-on",
    "person.ethnicity": "ethnicity", "person.citizenships": "citizenships",
    "person.home_place": "home-place", "person.languages": "languages",
    "entry_method": "entry-method", "route": "route", "situation": "situation",
    "status": "status", "assigned_to": "assigned-to", "reported_by": "reported-by",
    "consent.level": "consent-level", "consent.condition": "consent-condition",
    "notes": "notes", "tags": "tags",
}
_PARENT = re.compile(r"(\.[^.\[]+|\[\d+\])$")
LISTS = {"person.names": "names", "events": "events", "sources": "sources",
         "person.relatives": "relatives", "person.contacts": "contacts"}


class IntakeForm(VerticalScroll, can_focus=False):
    """All the fields of one case. `editing` leaves out timeline and sources, which the
    case view changes one entry at a time. The form itself takes no focus: its fields do,
    and each scrolls into view when focused."""

    DEFAULT_CSS = "IntakeForm { padding: 0 1; }"

    def __init__(self, draft: CaseDraft | None = None, editing: bool = False) -> None:
        super().__init__()
        self.draft = draft or CaseDraft()
        self.editing = editing
        self._paths: dict[str, Widget] = {}
        # Documents the form has no field for (a second passport, "other") pass through.
        self._other_documents: list[DocumentDraft] = []

    def compose(self) -> ComposeResult:
        d, p = self.draft, self.draft.person
        yield ProblemList(id="problems")
        yield FormSection(_("Names"), RowList(NameRow, p.names, id="names",
                          title=_("Names")),
                          hint=_("Every spelling as its own row, exactly as it came "
                               "(F5 adds a row). The script is detected if left alone."))
        yield FormSection(_("Person"), grid(
            (_("Sex"), choice_field("sex", vocab.choices(vocab.SEXES), p.sex)),
            (_("Birth date"), text_field("birth-date", _("15.03.1990, 03.1990, 1990 or ~1990"),
                                      p.birth_date)),
            (_("Age"), text_field("age", _("in years, if the birth date is not known"), p.age)),
            (_("Age reported on"), text_field("age-on", _("the day it was said: 16.05.2025"),
                                           p.age_on)),
            (_("Ethnicity"), text_field("ethnicity", _("Kazakh, Uyghur, Kyrgyz…"), p.ethnicity)),
            (_("Citizenships"), text_field("citizenships", _("CN, KZ"),
                                        ", ".join(p.citizenships))),
            (_("Home place"), text_field("home-place", _("county and prefecture in Xinjiang"),
                                      p.home_place)),
            (_("Languages"), text_field("languages", _("Kazakh, Uyghur, Chinese…"),
                                     ", ".join(p.languages))),
        ))
        yield FormSection(_("Documents"), grid(*self._document_fields(p)))
        journey: list[Widget] = [grid(
            (_("How they entered"), choice_field("entry-method", vocab.choices(vocab.ENTRY_METHODS),
                                              d.entry_method)),
            (_("Route"), text_field("route", _("e.g. Urumqi → Bangkok → Almaty → Tashkent"),
                                 d.route)),
        )]
        if not self.editing:
            journey.append(RowList(EventRow, d.events, id="events",
                          title=_("Events")))
        yield FormSection(_("Journey and events"), *journey,
                          hint="" if self.editing else
                          _("Crossing, detention, transfers, hearings: one row each (F6 adds "
                            "a row). A day or month is enough when the time is not known."))
        yield FormSection(_("Current situation"), grid(
            (_("Situation"), choice_field("situation", vocab.choices(vocab.SITUATIONS),
                                       d.situation)),
            (_("Case status"), choice_field("status", vocab.choices(vocab.STATUSES), d.status)),
            (_("Caseworker"), text_field("assigned-to", _("who follows this case"), d.assigned_to)),
            (_("Reported by"), text_field("reported-by", _("family member, group, journalist…"),
                                       d.reported_by)),
        ))
        if not self.editing:
            yield FormSection(_("Sources"), RowList(SourceRow, d.sources, id="sources",
                          title=_("Sources")),
                              hint=_("Where this came from (F7 adds a row)."))
        yield FormSection(_("Family and contacts"),
                          RowList(RelativeRow, p.relatives, id="relatives",
                          title=_("Relatives")),
                          RowList(ContactRow, p.contacts, id="contacts",
                          title=_("Contacts")))
        yield FormSection(_("Consent"), grid(
            (_("Publicity"), choice_field("consent-level", vocab.choices(vocab.CONSENT_LEVELS),
                                       d.consent_level)),
            (_("Conditions"), text_field("consent-condition",
                                      _("e.g. disclose identity only if arrested"),
                                      d.consent_condition)),
        ))
        notes = TextArea(d.notes, id="notes")
        set_form_label(notes, _("Notes"))
        notes.styles.height = 6
        yield FormSection(_("Notes"), notes, grid(
            (_("Tags"), text_field("tags", _("comma separated"), ", ".join(d.tags)))))

    def _document_fields(self, person: PersonDraft) -> list[tuple[str, Widget]]:
        passport = prc = papers = None
        for document in person.documents:
            if document.kind == "passport" and passport is None:
                passport = document
            elif document.kind == "prc_id" and prc is None:
                prc = document
            elif document.kind in PAPERS and papers is None:
                papers = document
            else:
                self._other_documents.append(document)
        self._documents = {"passport": passport, "prc_id": prc, "papers": papers}
        return [
            (_("Passport"), choice_field("passport-status", vocab.choices(PASSPORT),
                                      passport.status if passport else "unknown")),
            (_("Passport number"), text_field("passport-number", "",
                                           passport.number if passport else "")),
            (_("PRC ID number"), text_field("prc-id", _("18 characters; checked as you leave"),
                                         prc.number if prc else "")),
            (_("Kazakh/Kyrgyz papers"), choice_field("papers-kind", vocab.choices(PAPERS),
                                                  papers.kind if papers else "none")),
            (_("Papers number"), text_field("papers-number", "", papers.number if papers else "")),
        ]

    # -- reading the form --------------------------------------------------------------

    def value(self, widget_id: str) -> str:
        return field_value(self.query_one(f"#{widget_id}"))

    def row_list(self, widget_id: str) -> RowList | None:
        found = self.query(f"#{widget_id}")
        return found.first(RowList) if found else None

    def to_draft(self) -> CaseDraft:
        """The case as the fields hold it now; remembers which widget each path is."""
        self._paths = {path: self.query_one(f"#{wid}") for path, wid in FIELD_IDS.items()}
        draft = CaseDraft(
            id=self.draft.id, loaded_version=self.draft.loaded_version,
            person=PersonDraft(
                id=self.draft.person.id,
                sex=self.value("sex"), birth_date=self.value("birth-date"),
                age=self.value("age"), age_on=self.value("age-on"),
                ethnicity=self.value("ethnicity"),
                citizenships=_split(self.value("citizenships")),
                home_place=self.value("home-place"), languages=_split(self.value("languages")),
            ),
            status=self.value("status"), situation=self.value("situation"),
            assigned_to=self.value("assigned-to"), entry_method=self.value("entry-method"),
            route=self.value("route"), reported_by=self.value("reported-by"),
            consent_level=self.value("consent-level"),
            consent_condition=self.value("consent-condition"),
            tags=_split(self.value("tags")), notes=self.value("notes"),
        )
        for path, list_id in LISTS.items():
            rows = self.row_list(list_id)
            if rows is None:
                continue
            kept = rows.kept_rows()
            owner, attribute = (draft.person, path.split(".")[1]) if "." in path else (draft, path)
            setattr(owner, attribute, [row.to_draft() for row in kept])
            self._paths[path] = rows
            for index, row in enumerate(kept):
                self._paths[f"{path}[{index}]"] = row
                for column in row.COLUMNS:
                    self._paths[f"{path}[{index}].{column.name}"] = row.field(column.name)
        draft.person.documents = self._documents_draft()
        return draft

    def _documents_draft(self) -> list[DocumentDraft]:
        documents: list[DocumentDraft] = []

        def add(kind: str, status: str, number: str, widget_id: str, key: str) -> None:
            earlier = self._documents.get(key)
            self._paths[f"person.documents[{len(documents)}].number"] = self.query_one(
                f"#{widget_id}")
            documents.append(DocumentDraft(kind=kind, status=status, number=number.strip(),
                                           id=earlier.id if earlier else None,
                                           note=earlier.note if earlier else ""))

        status, number = self.value("passport-status"), self.value("passport-number")
        if status != "unknown" or number.strip():
            add("passport", status, number, "passport-number", "passport")
        if self.value("prc-id").strip():
            add("prc_id", "unknown", self.value("prc-id"), "prc-id", "prc_id")
        kind = self.value("papers-kind")
        if kind != "none":
            add(kind, "held", self.value("papers-number"), "papers-number", "papers")
        return documents + self._other_documents

    def widget_for(self, path: str) -> Widget | None:
        """The field a problem's path points at (its closest enclosing field)."""
        while path not in self._paths:
            shorter = _PARENT.sub("", path)  # events[1].at -> events[1] -> events
            if shorter == path:
                return None
            path = shorter
        return self._paths[path]

    def label_for(self, path: str) -> str:
        """A problem's field named as the form shows it: "Birth date", "Events, row 2,
        When", "PRC ID number" (never a path such as `person.documents[0].number`)."""
        widget = self.widget_for(path)
        if isinstance(widget, RowList):
            return widget.title
        if isinstance(widget, DraftRow):
            return self._row_name(widget)
        row = next((a for a in widget.ancestors if isinstance(a, DraftRow)), None) \
            if widget is not None else None
        if row is not None and widget is not None:
            column = row.column_of(widget)
            return self._row_name(row) + (f", {_(column.title)}" if column else "")
        return form_label(widget) or readable_path(path)

    @staticmethod
    def _row_name(row: DraftRow) -> str:
        rows = next(a for a in row.ancestors if isinstance(a, RowList))
        return _("{list}, row {number}").format(list=rows.title,
                                                number=rows.rows().index(row) + 1)

    def mark_invalid(self, paths: list[str]) -> Widget | None:
        """Marks the fields of these problems; returns the first one's field to focus."""
        for marked in self.query(".-invalid"):
            marked.remove_class("-invalid")
        first = None
        for path in paths:
            widget = self.widget_for(path)
            if isinstance(widget, DraftRow):  # the whole row: focus its first field
                widget = widget.first_field()
            if widget is not None:
                widget.add_class("-invalid")
                first = first or widget
        return first


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
