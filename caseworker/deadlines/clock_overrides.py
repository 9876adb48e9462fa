"""The organisation's own clock templates, laid over the shipped ones.

An office corrects a term once it is verified locally, adds a clock the package lacks,
or turns one off. Its file is kept inside the encrypted store (not in the package), so
it survives every upgrade and is read by every command and screen alike:

    version = "office-2026-11"          # recorded on every item it creates
    disabled = ["KZ-C11"]               # clocks that start no more items
    [[clock]]                           # a shipped id: only the fields given change
    id = "KZ-A2"
    duration = 10
    verified = true
    [[clock]]                           # a new id: every field of a template

A change never moves an existing item's due time silently: items keep the due time they
were created with, and `template_drift` shows where the templates in effect now differ,
until a person moves them (`move_to_template`), which the item's history records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlmodel import Session, col, select

from caseworker.core.authoring import Author, editor_for
from caseworker.core.i18n import _
from caseworker.core.local_formats import shown_number
from caseworker.core.user_errors import UserError
from caseworker.core.versioned_data import read_versioned
from caseworker.deadlines.clock_start import count_start
from caseworker.deadlines.clock_templates import (
    TEXT_FIELDS,
    ClockTemplate,
    InvalidTemplate,
    TemplateSet,
    due_at,
    shipped_templates,
    template_from_dict,
)
from caseworker.risk.urgency import refresh_urgency
from storage.meta_values import get_meta, set_meta
from storage.store import Store
from storage.tables import ChecklistItem, Event, Meta

META_KEY = "clocks.organisation"
MAX_FILE = 200_000


@dataclass(frozen=True)
class Drift:
    """An open item whose template now gives another due time than the one it has."""

    item: ChecklistItem
    template_due: datetime | None


def templates_in_effect(session: Session) -> TemplateSet:
    # Read once per transaction: a save with several events would otherwise read the
    # office's file for each of them.
    if "clock_templates" not in session.info:
        session.info["clock_templates"] = merged_templates(get_meta(session, META_KEY) or "")
    return session.info["clock_templates"]


@lru_cache(maxsize=4)
def merged_templates(text: str) -> TemplateSet:
    """The shipped templates with the organisation's file laid over them."""
    shipped = shipped_templates()
    if not text.strip():
        return shipped
    data, version = read_versioned(text, _("organisation's clock file"), InvalidTemplate)
    unknown = sorted(set(data) - {"version", "disabled", "clock"})
    if unknown:
        raise InvalidTemplate(_("{name} is not a setting of the organisation's clock "
                                "file").format(name=unknown[0]))
    by_id = {t.id: t for t in shipped.templates}
    entries = data.get("clock", [])
    if not isinstance(entries, list):
        raise InvalidTemplate(_("clock must be a list of [[clock]] tables"))
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise InvalidTemplate(_("every [[clock]] needs an id"))
        base = by_id.get(entry["id"].strip())
        fields = {**_as_dict(base, rewritten=entry), **entry} if base is not None else entry
        if base is not None and entry.get("unit") == "court_set":
            fields.pop("duration", None)
        template = template_from_dict(fields)
        by_id[template.id] = template
    disabled = data.get("disabled", [])
    if not isinstance(disabled, list) or not all(isinstance(d, str) for d in disabled):
        raise InvalidTemplate(_("disabled must list clock ids"))
    missing = sorted(set(disabled) - set(by_id))
    if missing:
        raise InvalidTemplate(_("disabled names a clock that does not exist: {id}").format(
            id=missing[0]))
    templates = tuple(t for t in by_id.values() if t.id not in set(disabled))
    return TemplateSet(f"{shipped.version}+{version}", templates)


def _as_dict(template: ClockTemplate, rewritten: dict) -> dict:
    """A shipped template's fields, as its file gives them, less the translations of the
    texts the office's entry `rewritten` gives anew: they would translate the old text."""
    fields = {name: getattr(template, name) for name in template.__dataclass_fields__}
    kept = fields.pop("translations").without(f for f in TEXT_FIELDS if f in rewritten)
    fields.update(kept.texts)
    for name in ("sources", "alerts_hours", "applies_in"):
        fields[name] = list(fields[name])
    if fields["duration"] is None:
        fields.pop("duration")
    if not fields["applies_in"]:
        fields.pop("applies_in")
    return fields


def set_organisation_clocks(store: Store, text: str) -> tuple[TemplateSet, list[Drift]]:
    """Validate and keep the organisation's file (empty text removes it). Returns the
    templates now in effect and the open items whose due time they would change."""
    if len(text) > MAX_FILE:
        raise UserError(_("The clock file is larger than {count} characters.").format(
            count=shown_number(MAX_FILE)))
    try:
        templates = merged_templates(text)
    except InvalidTemplate as exc:
        raise UserError(_("The clock file was not used: {problem}.").format(problem=exc)) from None
    with store.write() as session:
        if text.strip():
            set_meta(session, META_KEY, text)
        else:
            row = session.get(Meta, META_KEY)
            if row is not None:
                session.delete(row)
        return templates, template_drift(session, templates)


def template_drift(session: Session, templates: TemplateSet,
                   case_id: str | None = None) -> list[Drift]:
    """Open template-timed items whose clock now gives another due time (or is gone)."""
    query = select(ChecklistItem, Event).join(Event, col(Event.id) == ChecklistItem.event_id).where(
        ChecklistItem.status == "open", ChecklistItem.due_set_by == "template")
    if case_id is not None:
        query = query.where(ChecklistItem.case_id == case_id)
    by_id = {t.id: t for t in templates.templates}
    drifts = []
    for item, event in session.exec(query):
        template = by_id.get(item.clock_id)
        if template is None:
            continue  # a disabled clock: its items stay until someone ticks them off
        due = due_at(template, count_start(session, event, template), item.zone)
        if due != item.due:
            drifts.append(Drift(item, due))
    return drifts


def move_to_template(store: Store, item_id: str, author: Author) -> ChecklistItem:
    """Give an item the due time its template gives now; its history keeps the old one."""
    with store.write() as session:
        templates = templates_in_effect(session)
        item = session.get(ChecklistItem, item_id)
        if item is None:
            raise UserError(f"No checklist item with id {item_id[:40]!r}.")
        drift = next((d for d in template_drift(session, templates, item.case_id)
                      if d.item.id == item.id), None)
        if drift is None:
            raise UserError("This item already has the due time its template gives.")
        old = item.due
        item.due = drift.template_due
        item.template_version = templates.version
        item.note = (f"due moved from {old:%Y-%m-%d %H:%M} UTC by the clock templates "
                     f"{templates.version}" if old else item.note)
        editor_for(session, author, item.case_id).save(item)
        refresh_urgency(session, [item.case_id], author.now)
        return item
