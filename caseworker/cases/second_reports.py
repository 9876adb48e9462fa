"""A report of what is already on the timeline: the same event told by another outlet is
recognised, and its source is added to the event instead of a second event (with a
second set of clocks) being made."""

from __future__ import annotations

from datetime import timedelta

from caseworker.core.drafts import CaseDraft, EventDraft, PersonDraft, SourceDraft
from caseworker.core.partial_dates import Moment, zone_or_problem
from storage.history import Editor
from storage.tables import Case, Event, Person


def fold_words(text: str) -> str:
    """Text as compared between reports: case and runs of spaces ignored."""
    return " ".join(text.casefold().split())


def event_moment(draft: EventDraft) -> Moment:
    assert draft.moment is not None, "validation sets every event draft's moment"
    return draft.moment


def same_event(stored: Event, draft: EventDraft) -> bool:
    """Whether a report's event is one already on the timeline, told by another outlet:
    the same type, the same linked place or the same words for the place, and dates
    that overlap (a day, a month or a year as each report gives it). Words alone differ
    between outlets ("Zharkent IVS", "the Panfilov district police station")."""
    if stored.type != draft.type:
        return False
    linked = stored.location_id is not None and stored.location_id == draft.location_id
    worded = bool(draft.location.strip()) and fold_words(stored.location_text) == fold_words(
        draft.location)
    if not (linked or worded):
        return False
    moment = event_moment(draft)
    first = _reported_span(stored.at, stored.at_precision, stored.zone)
    second = _reported_span(moment.at, moment.precision, moment.zone)
    return first[0] < second[1] and second[0] < first[1]


def _reported_span(at, precision: str, zone: str) -> tuple:
    """The span a reported time covers: its local day when exact or a day, else its
    month or its year."""
    local = at.astimezone(zone_or_problem(zone))
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if precision == "month":
        start = start.replace(day=1)
        end = start.replace(year=start.year + (start.month == 12),
                            month=start.month % 12 + 1)
    elif precision == "year":
        start = start.replace(month=1, day=1)
        end = start.replace(year=start.year + 1)
    else:
        end = start + timedelta(days=1)
    return start, end


def add_second_sources(editor: Editor, event: Event,
                       sources: list[tuple[str, SourceDraft]]) -> None:
    """A second report of an event: its sources are linked to it (the event keeps its
    first source, and says who else reported it) instead of a second event."""
    lines = [f"Also reported by {draft.outlet or draft.title or draft.url}."
             for source_id, draft in sources
             if source_id != event.source_id and (draft.outlet or draft.title or draft.url)
             and f"Also reported by {draft.outlet or draft.title or draft.url}."
             not in event.note]
    if event.source_id is None and sources:
        event.source_id = sources[0][0]
    if lines:
        event.note = "\n".join(filter(None, [event.note, *lines]))
    editor.save(event)


# -- filling in a report about a known person --------------------------------------------

_PERSON_TEXT = ("ethnicity", "home_place")
_CASE_TEXT = ("assigned_to", "route", "reported_by", "consent_condition")


def fill_person(person: Person, draft: PersonDraft) -> list[str]:
    """Fill the person's empty fields from a later report; returns each value that
    differs from one already there, in words (kept in a note, never applied)."""
    differences = []
    for field in _PERSON_TEXT:
        ours, theirs = getattr(person, field), getattr(draft, field)
        if theirs and not ours:
            setattr(person, field, theirs)
        elif theirs and fold_words(theirs) != fold_words(ours):
            differences.append(f"{field.replace('_', ' ')}: {theirs}")
    if draft.sex != "unknown":
        if person.sex == "unknown":
            person.sex = draft.sex
        elif person.sex != draft.sex:
            differences.append(f"sex: {draft.sex}")
    if draft.birth:
        if not person.birth_date:
            person.birth_date, person.birth_precision = draft.birth.iso(), draft.birth.precision
        elif draft.birth.iso() != person.birth_date:
            differences.append(f"birth date: {draft.birth}")
    person.citizenships = sorted(set(person.citizenships) | set(draft.citizenships))
    person.languages = sorted(set(person.languages) | set(draft.languages))
    return differences


def fill_case(case: Case, draft: CaseDraft) -> list[str]:
    """`fill_person` for the case's own fields."""
    differences = []
    for field in _CASE_TEXT:
        ours, theirs = getattr(case, field), getattr(draft, field)
        if theirs and not ours:
            setattr(case, field, theirs)
        elif theirs and fold_words(theirs) != fold_words(ours):
            differences.append(f"{field.replace('_', ' ')}: {theirs}")
    # A report that does not know the situation says nothing about it; one that knows it
    # fills a case that did not, and otherwise is a difference to note.
    if draft.situation != "unknown" and case.situation == "unknown":
        case.situation = draft.situation
    elif draft.situation not in ("unknown", case.situation):
        differences.append(f"situation: {draft.situation}")
    if draft.entry_method != "unknown" and case.entry_method == "unknown":
        case.entry_method = draft.entry_method
    case.tags = sorted(set(case.tags) | set(draft.tags))
    return differences


def differences_note(differences: list[str]) -> str:
    if not differences:
        return ""
    return "A later report said differently (kept here, not applied):\n" + "\n".join(
        f"- {line}" for line in differences)
