"""The facts risk rules read, gathered from a case's records and its questionnaire.

A fact the records establish (an extradition-request event, a confiscated passport, a
lawyer among the contacts) is taken from them, with the record named as its basis. Where
the records are silent, a person's answer to the questionnaire decides; where neither
says anything, the fact is unknown, which is an information gap and never a risk point.
Facts about being held do not apply to a person who is not detained, so they are not
gaps for them either.

Cases are gathered in batches (a rebuild reads every case): each table is read once for
the whole batch, never once per case, and only the columns the facts need, as plain rows
(an import gathers ten thousand cases, and loading them as ORM objects cost more than
assessing them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Row
from sqlmodel import Session, col, select

from caseworker.core import vocab
from caseworker.core.vocab import COUNTRY_ZONES, ZONE_COUNTRIES
from caseworker.places.border_distance import Crossing, china_crossings, distance_to_border
from caseworker.places.event_places import recognised_place
from storage.tables import (
    Case,
    ChecklistItem,
    Contact,
    Document,
    Event,
    Person,
    Place,
    Relative,
    RiskAnswer,
)
from storage.tables.base import table_of

# Where a person is held and a handover is one step away (RF-TRANSIT).
TRANSIT_PLACE_TYPES = frozenset({"transit_zone", "airport", "border_crossing", "border_zone"})
# Where foreigners wait for a forced expulsion to be carried out (Kazakh Law 353-I Art 2).
EXPULSION_PLACE_TYPES = frozenset({"special_reception_centre"})
# A place whose holding authority names one of these is run by a security service: the
# KNB's and GKNB's own pre-trial prisons, and checkpoints of the KNB's Border Service.
SECURITY_SERVICE_WORDS = ("national security", "state security", "knb", "gknb", "sgb",
                          "кнб", "гкнб", "сгб", "ұқк")
LAWYER_WORDS = ("lawyer", "advocate", "attorney", "адвокат", "защитник", "заңгер")
_FACTS_ABOUT_BEING_HELD = ("km_to_border", "held_in_transit", "release_expected_at")
# Where a person is held, or was last seen when no one knows where they are now: a
# disappearance near the border or from a transit zone is judged by that place. A
# situation the desk does not know yet is judged by the last known place too: nothing
# says the person is free.
_PLACE_MATTERS = ("detained", "whereabouts_unknown", "unknown")
_BATCH = 500


@dataclass
class CaseFacts:
    case_id: str
    is_open: bool = True
    case_updated_at: datetime | None = None
    values: dict[str, object] = field(default_factory=dict)
    basis: dict[str, str] = field(default_factory=dict)  # fact -> where its value came from
    not_applicable: set[str] = field(default_factory=set)
    # Open items whose clock still runs, or ran out after it was recorded; items that had
    # run out before they were recorded (`passed_before_intake`) are kept apart.
    open_items: list[ChecklistItem] = field(default_factory=list)
    passed_items: list[ChecklistItem] = field(default_factory=list)

    def set(self, fact: str, value: object, basis: str) -> None:
        self.values[fact], self.basis[fact] = value, basis


@dataclass(frozen=True)
class _Located:
    name: str
    type: str
    country: str
    km: float | None
    crossing: str
    authority: str = ""


def passed_before_intake(item: ChecklistItem) -> bool:
    """Whether an open item's clock had already run out when the item was recorded: a
    case entered after the fact (a 2019 detention typed in today). Nothing can be done
    about such a clock any more, so it is no deadline and raises no alarm; it is shown
    apart. A date a court set is the court's, and never counts as passed this way."""
    return (item.status == "open" and item.due is not None and item.due_set_by == "template"
            and item.created_at is not None and item.due < item.created_at)


# The columns each table is read for, as rows (`Row`): attribute access as on the model.
_CASE = ("id", "person_id", "status", "situation", "entry_method", "created_at",
         "updated_at")
_PERSON = ("id", "citizenships")
_DOCUMENT = ("person_id", "kind", "status")
_RELATIVE = ("person_id", "name", "relation", "citizenship")
_CONTACT = ("person_id", "name", "role")
_EVENT = ("case_id", "type", "at", "zone", "location_id", "location_text")
_ANSWER = ("case_id", "question", "answer", "changed_by", "updated_at")


def _columns(model, names: tuple[str, ...]):
    table = table_of(model)
    return select(*(table.c[name] for name in names))


def gather_facts(session: Session, case_ids: Iterable[str] | None = None) -> dict[str, CaseFacts]:
    """The facts of these cases (of every case when None), by case id."""
    cases: list[Row]
    if case_ids is None:
        cases = list(session.execute(_columns(Case, _CASE)))
    else:
        ids = list(dict.fromkeys(case_ids))
        column = table_of(Case).c.id
        cases = [c for start in range(0, len(ids), _BATCH)
                 for c in session.execute(_columns(Case, _CASE).where(
                     column.in_(ids[start:start + _BATCH])))]
    places = _PlaceReader(session)
    gathered = {}
    for start in range(0, len(cases), _BATCH):
        batch = cases[start:start + _BATCH]
        rows = _Rows(session, batch)
        for case in batch:
            gathered[case.id] = _case_facts(case, rows, places)
    return gathered


class _Rows:
    """Every row a batch of cases needs, grouped by case or person."""

    def __init__(self, session: Session, cases: Sequence[Row]) -> None:
        case_ids = [c.id for c in cases]
        person_ids = [c.person_id for c in cases]
        self.persons = {p.id: p for p in session.execute(_columns(Person, _PERSON).where(
            table_of(Person).c.id.in_(person_ids)))}
        self.documents = _group(session, Document, _DOCUMENT, person_ids)
        self.relatives = _group(session, Relative, _RELATIVE, person_ids)
        self.contacts = _group(session, Contact, _CONTACT, person_ids)
        self.events = _group(session, Event, _EVENT, case_ids)
        self.answers = _group(session, RiskAnswer, _ANSWER, case_ids)
        items = session.exec(select(ChecklistItem).where(
            col(ChecklistItem.case_id).in_(case_ids), ChecklistItem.status == "open")).all()
        self.items: dict[str, list[ChecklistItem]] = defaultdict(list)
        for item in items:
            self.items[item.case_id].append(item)


def _group(session: Session, model, names: tuple[str, ...], keys: list[str]
           ) -> dict[str, list[Row]]:
    """Rows of `model` (its columns `names`) by their first column, one of `keys`."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in session.execute(_columns(model, names).where(
            table_of(model).c[names[0]].in_(keys))):
        grouped[row[0]].append(row)
    return grouped


class _PlaceReader:
    """Places of events, linked or recognised from the words as written, with their
    distance to the border; each place and each text is looked up once."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.crossings: list[Crossing] | None = None
        self.linked: dict[str, _Located | None] = {}
        self.written: dict[str, _Located | None] = {}

    def of(self, event: Row) -> _Located | None:
        if event.location_id:
            if event.location_id not in self.linked:
                self.linked[event.location_id] = self._linked(event.location_id)
            return self.linked[event.location_id]
        text = event.location_text.strip()
        if not text:
            return None
        if text not in self.written:
            self.written[text] = self._recognised(text)
        return self.written[text]

    def _linked(self, place_id: str) -> _Located | None:
        place = self.session.get(Place, place_id)
        if place is None:
            return None
        if self.crossings is None:
            self.crossings = china_crossings(self.session)
        border = distance_to_border(place.lat, place.lon, self.crossings)
        return _Located(place.short_name, place.type, place.country,
                        border.km if border else None, border.crossing_name if border else "",
                        place.authority)

    def _recognised(self, text: str) -> _Located | None:
        hit = recognised_place(self.session, text)
        if hit is None:
            return None
        place = self.session.get(Place, hit.id)  # the search index keeps no authority
        return _Located(hit.short_name, hit.type, hit.country,
                        hit.border.km if hit.border else None,
                        hit.border.crossing_name if hit.border else "",
                        place.authority if place is not None else "")


def _case_facts(case: Row, rows: _Rows, places: _PlaceReader) -> CaseFacts:
    facts = CaseFacts(case.id, case.status == "open", case.updated_at)
    person = rows.persons.get(case.person_id)
    events = sorted(rows.events.get(case.id, []), key=lambda e: e.at)
    answers = {a.question: a for a in rows.answers.get(case.id, [])}
    for item in rows.items.get(case.id, []):
        (facts.passed_items if passed_before_intake(item) else facts.open_items).append(item)

    # From the questionnaire first; the records below override what they establish.
    for question, answer in answers.items():
        if answer.answer in ("yes", "no"):
            facts.set(question, answer.answer,
                      f"answered {answer.answer} by {answer.changed_by or 'someone'} "
                      f"on {answer.updated_at:%Y-%m-%d}")

    _where(facts, case, events, places)
    _person(facts, person, rows.documents.get(case.person_id, []),
            rows.relatives.get(case.person_id, []), rows.contacts.get(case.person_id, []))
    _from_events(facts, case, events)
    dated = [(item.due, item) for item in facts.open_items if item.due is not None]
    if dated:
        due, soonest = min(dated, key=lambda pair: pair[0])
        facts.set("next_deadline", due,
                  f"{soonest.clock_id} due {_local(due, soonest.zone):%Y-%m-%d %H:%M %Z}"
                  f": {_short(soonest.action)}")
    else:
        facts.set("next_deadline", None, "no open clock with a due time")
    return facts


def _where(facts: CaseFacts, case: Row, events: list[Row], places: _PlaceReader) -> None:
    """Where the person is: the place of the latest event that names one."""
    located, event = None, None
    for candidate in reversed(events):
        if candidate.location_id or candidate.location_text.strip():
            located, event = places.of(candidate), candidate
            break
    if located is not None and located.country in COUNTRY_ZONES:
        facts.set("country", located.country, f"place {located.name}")
    elif events and event is None and events[-1].zone in ZONE_COUNTRIES:
        facts.set("country", ZONE_COUNTRIES[events[-1].zone],
                  f"the time zone of the latest event ({events[-1].zone})")
    if case.situation not in _PLACE_MATTERS:
        facts.not_applicable.update(_FACTS_ABOUT_BEING_HELD)
        facts.set("held_in_transit", "no",
                  f"not detained ({vocab.SITUATIONS.get(case.situation, case.situation)})")
        return
    if located is None:
        if case.entry_method == "transit":
            # Never admitted to the country: held where the flight left them.
            facts.set("held_in_transit", "yes",
                      f"entered: {vocab.ENTRY_METHODS['transit']}; no place recorded")
        return  # otherwise where the person is held is unknown: an answer may still say
    kind = vocab.PLACE_TYPES.get(located.type, located.type)
    lost = case.situation in ("whereabouts_unknown", "unknown")
    written = f"{'last known place' if lost else 'place'} {located.name} ({kind})"
    if located.km is not None:
        facts.set("km_to_border", located.km,
                  f"{written}: {located.km:,.0f} km straight-line to {located.crossing}")
    in_transit = located.type in TRANSIT_PLACE_TYPES
    facts.set("held_in_transit", "yes" if in_transit else "no", written)
    # Only ever "yes": a police building does not rule out security-service custody.
    authority = located.authority.casefold()
    if any(word in authority for word in SECURITY_SERVICE_WORDS):
        facts.set("security_service", "yes", f"{written}, held by {located.authority}")
    if located.type in EXPULSION_PLACE_TYPES and not lost:
        facts.set("expulsion_ordered", "yes", written)


def _person(facts: CaseFacts, person: Row | None, documents: list[Row],
            relatives: list[Row], contacts: list[Row]) -> None:
    if person is not None and person.citizenships:
        listed = ", ".join(person.citizenships)
        facts.set("prc_citizen_only", "yes" if set(person.citizenships) == {"CN"} else "no",
                  f"citizenships: {listed}")
    passports = [d for d in documents if d.kind == "passport" and d.status != "unknown"]
    if passports:
        lost = [d for d in passports if d.status in ("confiscated", "none")]
        shown = lost[0] if lost else passports[0]
        facts.set("passport_seized_or_none", "yes" if lost else "no",
                  f"document: passport {vocab.DOCUMENT_STATUSES[shown.status].lower()}")
    papers = [d for d in documents if d.status == "held"
              and d.kind in ("kz_asylum_certificate", "kz_refugee_certificate")]
    if papers:
        label = vocab.DOCUMENT_KINDS[papers[0].kind]
        facts.set("asylum_certificate", "yes", f"document: {label}")
        facts.set("asylum_claim_registered", "yes", f"document: {label}")
    family = [r for r in relatives if _local_citizen(r.citizenship)]
    if family:
        facts.set("family_local_citizens", "yes",
                  f"relative {family[0].name} ({family[0].relation or 'relation not given'}), "
                  f"citizenship {family[0].citizenship}")
    lawyers = [c for c in contacts if any(w in c.role.lower() for w in LAWYER_WORDS)]
    if lawyers:
        facts.set("lawyer_retained", "yes", f"contact {lawyers[0].name} ({lawyers[0].role})")


def _local_citizen(citizenship: str) -> bool:
    text = citizenship.strip().lower()
    return text[:2] in ("kz", "kg") or any(w in text for w in ("kazakh", "kyrgyz", "казах",
                                                                 "кыргыз", "қазақ"))


def _from_events(facts: CaseFacts, case: Row, events: list[Row]) -> None:
    def latest(*types: str) -> Row | None:
        matching = [e for e in events if e.type in types]
        return matching[-1] if matching else None

    def described(event: Row) -> str:
        return f"event {vocab.EVENT_TYPES[event.type]} on {_local(event.at, event.zone):%Y-%m-%d}"

    extradition = latest("extradition_request", "extradition_decision")
    if extradition is not None:
        facts.set("extradition_sought", "yes", described(extradition))
    refused_entry = latest("denied_entry")
    if refused_entry is not None:
        facts.set("denied_entry", "yes", described(refused_entry))
    elif case.entry_method == "denied_entry":
        facts.set("denied_entry", "yes", f"entered: {vocab.ENTRY_METHODS['denied_entry']}")
    expulsion = latest("expulsion_ordered")
    if expulsion is not None:
        facts.set("expulsion_ordered", "yes", described(expulsion))
    filed = latest("asylum_filed")
    if filed is not None:
        facts.set("asylum_claim_registered", "yes", described(filed))
    refused = latest("asylum_refused")
    if refused is not None and (filed is None or refused.at >= filed.at):
        facts.set("asylum_refused", "yes", described(refused))
    if case.situation == "whereabouts_unknown":
        lost = latest("disappeared")
        since: datetime = lost.at if lost is not None else case.created_at
        facts.set("whereabouts_unknown_since", since,
                  described(lost) if lost is not None
                  else f"whereabouts unknown since the case was opened, {since:%Y-%m-%d}")
    else:
        facts.set("whereabouts_unknown_since", None, "situation not known yet"
                  if case.situation == "unknown" else "whereabouts known")
    release = latest("release_expected")
    released = latest("released")
    if (case.situation == "detained" and release is not None
            and (released is None or released.at < release.at)):
        facts.set("release_expected_at", release.at, described(release))
    else:
        facts.set("release_expected_at", None, "no release expected")


def _local(instant: datetime, zone: str) -> datetime:
    try:
        return instant.astimezone(ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):
        return instant


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
