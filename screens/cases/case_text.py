"""A case as readable text for the case view (Rich markup; user text is escaped)."""

from __future__ import annotations

from rich.markup import escape

from caseworker.cases.case_read import CaseRecord
from caseworker.core import vocab
from caseworker.core.partial_dates import Moment


def summary_line(record: CaseRecord) -> str:
    case = record.case
    parts = [vocab.label(vocab.STATUSES, case.status),
             vocab.label(vocab.SITUATIONS, case.situation)]
    places = [place for place in map(record.event_place, record.events) if place]
    if places:
        parts.append(f"last at {places[-1]}")
    return " · ".join(parts)


def born_text(record: CaseRecord) -> str:
    person = record.person
    return f"{person.birth_date} ({person.birth_precision})" if person.birth_date \
        else "not known"


def candidate_text(record: CaseRecord) -> str:
    """What tells a person on file apart, in plain text: enough to say whether the one
    being entered is the same person without opening the case."""
    case = record.case
    last = record.events[-1] if record.events else None
    places = [place for place in map(record.event_place, record.events) if place]
    last_event = "none yet"
    if last is not None:
        last_event = (f"{vocab.label(vocab.EVENT_TYPES, last.type)}, "
                      f"{Moment(last.at, last.at_precision, last.zone).display()}")
    facts = [
        ("Names", ", ".join(n.text for n in record.names)),
        ("Born", born_text(record)),
        ("Situation", vocab.label(vocab.SITUATIONS, case.situation)),
        ("Last place", places[-1] if places else "not known"),
        ("Last event", last_event),
        ("Sources", str(len(record.sources))),
    ]
    return "\n".join(f"{label}: {value}" for label, value in facts)


def person_text(record: CaseRecord) -> str:
    person, case = record.person, record.case
    lines = ["[b]Names[/b]"]
    lines += [f"  {escape(n.text)}  [dim]{vocab.label(vocab.SCRIPTS, n.script)}"
              f"{'; from ' + escape(n.source) if n.source else ''}[/dim]" for n in record.names]
    lines.append("")
    born = born_text(record)
    if person.birth_date and person.age_reported is not None:
        born += f", reported as {person.age_reported} years old on {person.age_reported_on}"
    facts = [
        ("Sex", vocab.label(vocab.SEXES, person.sex)),
        ("Born", born),
        ("Ethnicity", person.ethnicity),
        ("Citizenships", ", ".join(person.citizenships)),
        ("Home place", person.home_place),
        ("Languages", ", ".join(person.languages)),
        ("Entered", vocab.label(vocab.ENTRY_METHODS, case.entry_method)),
        ("Route", case.route),
        ("Reported by", case.reported_by),
        ("Caseworker", case.assigned_to),
        ("Consent", vocab.label(vocab.CONSENT_LEVELS, case.consent_level)
         + (f"; {case.consent_condition}" if case.consent_condition else "")),
        ("Tags", ", ".join(case.tags)),
    ]
    lines += [f"[b]{label}:[/b] {escape(value)}" for label, value in facts if value]
    if record.documents:
        lines += ["", "[b]Documents[/b]"]
        lines += [f"  {vocab.label(vocab.DOCUMENT_KINDS, d.kind)}: "
                  f"{vocab.label(vocab.DOCUMENT_STATUSES, d.status)}"
                  f"{' — ' + escape(d.number) if d.number else ''}" for d in record.documents]
    if record.relatives:
        lines += ["", "[b]Relatives[/b]"]
        lines += [f"  {escape(r.name)} ({escape(r.relation)}) {escape(r.whereabouts)}"
                  for r in record.relatives]
    if record.contacts:
        lines += ["", "[b]Contacts[/b]"]
        lines += [f"  {escape(c.name)} ({escape(c.role)}) {escape(c.phone)}"
                  for c in record.contacts]
    return "\n".join(lines)
