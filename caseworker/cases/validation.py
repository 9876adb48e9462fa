"""One validator for every way a case comes in (intake form, JSON, edits).

Each problem names the field by its path (`person.names[0].text`, `events[1].at`) and
says what is wrong without repeating the value. Validation also normalises the draft in
place: trimmed text, detected scripts, parsed dates and moments.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from caseworker.core import vocab
from caseworker.core.drafts import CaseDraft, EventDraft, PersonDraft, SourceDraft
from caseworker.core.i18n import _
from caseworker.core.input_checks import InvalidInput, Problem, Reader
from caseworker.core.partial_dates import (
    DateProblem,
    birth_from_age,
    parse_moment,
    parse_partial_date,
    zone_or_problem,
)
from caseworker.core.prc_id import InvalidPrcId, parse_prc_id
from caseworker.names.writing_systems import detect_script

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# Reports arrive from other time zones and clocks drift: a day of slack for "not future".
_FUTURE_SLACK = timedelta(days=1)


class InvalidCase(InvalidInput):
    """A case draft has problems; the first is the exception's message."""


def validate_case(
    draft: CaseDraft, default_zone: str, now: datetime | None = None
) -> list[Problem]:
    """Check and normalise `draft`. Raises InvalidCase; returns warnings that do not block."""
    now = now or datetime.now(UTC)
    check = Reader()
    _check_person(check, draft.person, now.date())
    draft.status = check.choice("status", draft.status, vocab.STATUSES)
    draft.situation = check.choice("situation", draft.situation, vocab.SITUATIONS)
    draft.entry_method = check.choice("entry_method", draft.entry_method, vocab.ENTRY_METHODS)
    draft.consent_level = check.choice("consent.level", draft.consent_level,
                                       vocab.CONSENT_LEVELS)
    draft.consent_condition = check.text("consent.condition", draft.consent_condition)
    for name in ("assigned_to", "route", "reported_by"):
        setattr(draft, name, check.text(name, getattr(draft, name)))
    draft.tags = [check.text(f"tags[{i}]", tag, 60) for i, tag in
                  enumerate(check.items("tags", draft.tags))]
    draft.tags = sorted({tag for tag in draft.tags if tag})
    draft.notes = check.text("notes", draft.notes, vocab.MAX_LONG_TEXT)
    for index, event in enumerate(check.items("events", draft.events)):
        check_event(check, f"events[{index}]", event, default_zone, now)
    for index, source in enumerate(check.items("sources", draft.sources)):
        _check_source(check, f"sources[{index}]", source)
    _check_birth_before_events(check, draft)
    if check.problems:
        raise InvalidCase(check.problems)
    return check.warnings


def validate_event(event: EventDraft, default_zone: str, now: datetime | None = None) -> None:
    check = Reader()
    check_event(check, "event", event, default_zone, now or datetime.now(UTC))
    if check.problems:
        raise InvalidCase(check.problems)


def validate_source(source: SourceDraft) -> None:
    check = Reader()
    _check_source(check, "source", source)
    if check.problems:
        raise InvalidCase(check.problems)


def _check_person(check: Reader, person: PersonDraft, today: date) -> None:
    names = check.items("person.names", person.names)
    for index, name in enumerate(names):
        path = f"person.names[{index}]"
        name.text = check.text(f"{path}.text", name.text, required=True)
        if not name.script:
            name.script = detect_script(name.text)
        name.script = check.choice(f"{path}.script", name.script, vocab.SCRIPTS)
        for part in ("given", "father", "surname", "source"):
            setattr(name, part, check.text(f"{path}.{part}", getattr(name, part)))
    person.names = [name for name in names if name.text or name.id]
    if not person.names:
        check.problem("person.names", _("at least one name is required: type it as written"))
    person.sex = check.choice("person.sex", person.sex, vocab.SEXES)
    person.ethnicity = check.text("person.ethnicity", person.ethnicity)
    person.home_place = check.text("person.home_place", person.home_place)
    person.citizenships = _codes(check, "person.citizenships", person.citizenships)
    person.languages = [check.text(f"person.languages[{i}]", lang, 40)
                        for i, lang in enumerate(check.items("person.languages", person.languages))]
    person.languages = [lang for lang in person.languages if lang]
    _check_birth(check, person, today)
    for index, document in enumerate(check.items("person.documents", person.documents)):
        path = f"person.documents[{index}]"
        document.kind = check.choice(f"{path}.kind", document.kind, vocab.DOCUMENT_KINDS)
        document.status = check.choice(f"{path}.status", document.status, vocab.DOCUMENT_STATUSES)
        document.number = check.text(f"{path}.number", document.number, 60)
        document.note = check.text(f"{path}.note", document.note, vocab.MAX_LONG_TEXT)
        document.expires = _optional_date(check, f"{path}.expires", document.expires)
        if document.kind == "prc_id" and document.number:
            _check_prc_id(check, f"{path}.number", document.number, person)
    for kind, entries in (("relatives", person.relatives), ("contacts", person.contacts)):
        for index, entry in enumerate(check.items(f"person.{kind}", entries)):
            path = f"person.{kind}[{index}]"
            entry.name = check.text(f"{path}.name", entry.name, required=True)
            for part in ("relation", "citizenship", "whereabouts", "role", "phone"):
                if hasattr(entry, part):
                    setattr(entry, part, check.text(f"{path}.{part}", getattr(entry, part)))
            entry.note = check.text(f"{path}.note", entry.note, vocab.MAX_LONG_TEXT)


def _codes(check: Reader, path: str, values: list[str]) -> list[str]:
    codes = []
    for index, value in enumerate(check.items(path, values)):
        code = value.strip().upper() if isinstance(value, str) else ""
        if not _COUNTRY.match(code):
            check.problem(f"{path}[{index}]",
                          _("must be a two-letter country code such as CN or KZ"))
        elif code not in codes:
            codes.append(code)
    return codes


def _check_birth(check: Reader, person: PersonDraft, today: date) -> None:
    person.birth = None
    if person.birth_date.strip():
        try:
            person.birth = parse_partial_date(person.birth_date)
        except DateProblem as exc:
            check.problem("person.birth_date", str(exc))
            return
        person.birth_date = str(person.birth)
    elif str(person.age).strip():
        # Each problem points at the field to correct: the age, or the day it was reported.
        try:
            age = int(str(person.age).strip())
        except ValueError:
            check.problem("person.age", _("type the age in whole years, such as 23"))
            return
        try:
            on = parse_partial_date(person.age_on) if person.age_on.strip() else None
        except DateProblem as exc:
            check.problem("person.age_on", str(exc))
            return
        if on is None or on.precision != "exact":
            check.problem("person.age_on", _("type the day on which the age was reported, "
                                             "as 16.05.2025 or 2025-05-16"))
            return
        person.age_on = on.iso()  # stored as 2025-05-16 however it was typed
        try:
            person.birth = birth_from_age(age, on.earliest())
        except DateProblem as exc:
            check.problem("person.age", str(exc))
            return
    if person.birth and person.birth.earliest() > today:
        check.problem("person.birth_date", _("is in the future"))


def _check_prc_id(check: Reader, path: str, number: str, person: PersonDraft) -> None:
    try:
        parsed = parse_prc_id(number)
    except InvalidPrcId as exc:
        check.problem(path, str(exc))
        return
    birth = person.birth
    if birth and birth.precision == "exact" and birth.earliest() != parsed.birth_date:
        check.warn(path, _("the birth date inside the PRC ID number differs from the birth "
                           "date entered"))


def _optional_date(check: Reader, path: str, value: str) -> str:
    if not value or not value.strip():
        return ""
    try:
        return str(parse_partial_date(value))
    except DateProblem as exc:
        check.problem(path, str(exc))
        return value


def check_event(check: Reader, path: str, event: EventDraft, default_zone: str,
                now: datetime) -> None:
    if not (isinstance(event.type, str) and event.type.strip()):
        check.problem(f"{path}.type", _("choose what happened"))
    else:
        event.type = check.choice(f"{path}.type", event.type, vocab.EVENT_TYPES)
    event.location = check.text(f"{path}.location", event.location)
    event.note = check.text(f"{path}.note", event.note, vocab.MAX_LONG_TEXT)
    event.zone = (event.zone or default_zone).strip()
    try:
        zone_or_problem(event.zone)
    except DateProblem as exc:
        check.problem(f"{path}.zone", str(exc))
        return
    if not isinstance(event.at, str) or not event.at.strip():
        check.problem(f"{path}.at", _("is required: type a date as 15.03.2025 or 2025-03-15, "
                                      "or a date and time as 15.03.2025 09:00 or "
                                      "2025-03-15T09:00"))
        return
    try:
        event.moment = parse_moment(event.at, event.zone)
    except DateProblem as exc:
        check.problem(f"{path}.at", str(exc))
        return
    if event.type not in vocab.FUTURE_EVENT_TYPES and event.moment.at > now + _FUTURE_SLACK:
        check.problem(f"{path}.at", _("is in the future; only scheduled events can be"))


def _check_source(check: Reader, path: str, source: SourceDraft) -> None:
    source.url = check.text(f"{path}.url", source.url, 2000)
    if source.url and not re.match(r"^https?://\S+$", source.url):
        check.problem(f"{path}.url", _("must start with http:// or https:// and have no spaces"))
    source.outlet = check.text(f"{path}.outlet", source.outlet)
    source.title = check.text(f"{path}.title", source.title, 1000)
    source.note = check.text(f"{path}.note", source.note, vocab.MAX_LONG_TEXT)
    source.published = _optional_date(check, f"{path}.published", source.published)
    source.language = check.text(f"{path}.language", source.language, 20)
    if source.language and not _LANGUAGE.match(source.language):
        check.problem(f"{path}.language", _("must be a language code such as en, kk, ru or zh"))
    source.reliability = check.choice(f"{path}.reliability", source.reliability, vocab.RELIABILITY)
    if not (source.url or source.outlet or source.title or source.note):
        check.problem(path, _("give at least an address, an outlet, a title or a note"))


def _check_birth_before_events(check: Reader, draft: CaseDraft) -> None:
    birth = draft.person.birth
    if birth is None:
        return
    earliest = birth.earliest()
    if birth.estimated:  # "about 2002" may be the year before
        earliest = earliest.replace(year=earliest.year - 1)
    for event in draft.events:
        if event.moment and event.moment.local().date() < earliest:
            check.problem("person.birth_date", _("is after the date of an event ({event}, "
                                                 "{when})").format(
                event=vocab.label(vocab.EVENT_TYPES, event.type), when=event.moment.display()))
            return
