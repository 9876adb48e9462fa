"""A case as readable text for the case view (Rich markup; user text is escaped)."""

from __future__ import annotations

from datetime import datetime

from rich.markup import escape

from caseworker.cases.case_read import CaseRecord
from caseworker.core import vocab
from caseworker.core.i18n import N_, _
from caseworker.core.partial_dates import Moment
from screens.base.times import shown_time, zone_name


def summary_line(record: CaseRecord) -> str:
    case = record.case
    parts = [vocab.label(vocab.STATUSES, case.status),
             vocab.label(vocab.SITUATIONS, case.situation)]
    places = [place for place in map(record.event_place, record.events) if place]
    if places:
        parts.append(_("last at {place}").format(place=places[-1]))
    return " · ".join(parts)


def born_text(record: CaseRecord) -> str:
    person = record.person
    return f"{person.birth_date} ({person.birth_precision})" if person.birth_date \
        else _("not known")


def candidate_text(record: CaseRecord) -> str:
    """What tells a person on file apart, in plain text: enough to say whether the one
    being entered is the same person without opening the case."""
    case = record.case
    last = record.events[-1] if record.events else None
    places = [place for place in map(record.event_place, record.events) if place]
    last_event = _("none yet")
    if last is not None:
        last_event = (f"{vocab.label(vocab.EVENT_TYPES, last.type)}, "
                      f"{Moment(last.at, last.at_precision, last.zone).display()}")
    facts = [
        (N_("Names"), ", ".join(n.text for n in record.names)),
        (N_("Born"), born_text(record)),
        (N_("Situation"), vocab.label(vocab.SITUATIONS, case.situation)),
        (N_("Last place"), places[-1] if places else _("not known")),
        (N_("Last event"), last_event),
        (N_("Sources"), str(len(record.sources))),
    ]
    return "\n".join(f"{_(label)}: {value}" for label, value in facts)


def person_text(record: CaseRecord) -> str:
    person, case = record.person, record.case
    lines = ["[b]" + _("Names") + "[/b]"]
    lines += [f"  {escape(n.text)}  [dim]{vocab.label(vocab.SCRIPTS, n.script)}"
              f"{_('; from {source}').format(source=escape(n.source)) if n.source else ''}"
              "[/dim]" for n in record.names]
    lines.append("")
    born = born_text(record)
    if person.birth_date and person.age_reported is not None:
        born += _(", reported as {age} years old on {date}").format(
            age=person.age_reported, date=person.age_reported_on)
    facts = [
        (N_("Sex"), vocab.label(vocab.SEXES, person.sex)),
        (N_("Born"), born),
        (N_("Ethnicity"), person.ethnicity),
        (N_("Citizenships"), ", ".join(person.citizenships)),
        (N_("Home place"), person.home_place),
        (N_("Languages"), ", ".join(person.languages)),
        (N_("Entered"), vocab.label(vocab.ENTRY_METHODS, case.entry_method)),
        (N_("Route"), case.route),
        (N_("Reported by"), case.reported_by),
        (N_("Caseworker"), case.assigned_to),
        (N_("Consent"), vocab.label(vocab.CONSENT_LEVELS, case.consent_level)
         + (f"; {case.consent_condition}" if case.consent_condition else "")),
        (N_("Tags"), ", ".join(case.tags)),
    ]
    lines += [f"[b]{_(label)}:[/b] {escape(value)}" for label, value in facts if value]
    if record.documents:
        lines += ["", "[b]" + _("Documents") + "[/b]"]
        lines += [f"  {vocab.label(vocab.DOCUMENT_KINDS, d.kind)}: "
                  f"{vocab.label(vocab.DOCUMENT_STATUSES, d.status)}"
                  f"{' — ' + escape(d.number) if d.number else ''}" for d in record.documents]
    if record.relatives:
        lines += ["", "[b]" + _("Relatives") + "[/b]"]
        lines += [f"  {escape(r.name)} ({escape(r.relation)}) {escape(r.whereabouts)}"
                  for r in record.relatives]
    if record.contacts:
        lines += ["", "[b]" + _("Contacts") + "[/b]"]
        lines += [f"  {escape(c.name)} ({escape(c.role)}) {escape(c.phone)}"
                  for c in record.contacts]
    return "\n".join(lines)


def notes_text(record: CaseRecord, zone: str, now: datetime) -> str:
    """The case's notes, oldest first, each under its time and author (markup)."""
    if not record.notes:
        return _("No notes yet. Press m to add one.")
    return ("[dim]" + _("Times are {zone}.").format(zone=zone_name(zone, now)) + "[/dim]\n\n"
            + "\n\n".join(f"[b]{shown_time(note.created_at, zone)}, "
                           f"{escape(note.changed_by)}[/b]\n{escape(note.text)}"
                           for note in record.notes))

