"""Legal clock templates: the data that turns an event into a deadline.

The templates ship as TOML (caseworker/data/clocks.toml), one per clock, each with its
term exactly as the source states it beside the number and unit counted with. Every
template is validated on load: a template the app cannot count with must never reach a
checklist. `due_at` turns a template and the moment its count starts into a due time.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from importlib.resources import files
from zoneinfo import ZoneInfo

from caseworker.core.i18n import _
from caseworker.core.input_checks import Reader, entry_name, sound
from caseworker.core.localized_fields import NONE, Translations, shown, translated_fields
from caseworker.core.versioned_data import read_versioned
from caseworker.core.vocab import COUNTRY_ZONES, EVENT_TYPES

JURISDICTIONS = ("KZ", "UZ", "KG", "INT")
TRACKS = ("criminal", "extradition", "asylum", "expulsion", "international")
# "court_set": no term is known; the due time comes from the order itself.
UNITS = ("hours", "days_24h", "calendar_days", "months", "court_set")
CONFIDENCE = ("high", "medium", "low")
WHO_ACTS = ("lawyer", "caseworker", "coordinator")
# What a person reads of a clock, English with `_kk` and `_ru` beside it (the checklist,
# `clocks`, the calendar). who_acts is a code no screen shows.
TEXT_FIELDS = ("action", "as_stated", "legal_basis")
_FIELDS = {"id", "jurisdiction", "track", "trigger", "duration", "unit", "as_stated",
           "counted_from", "action", "who_acts", "legal_basis", "sources", "confidence",
           "verified", "alerts_hours", "applies_in", *translated_fields(TEXT_FIELDS)}
MAX_TEXT = 1000


class InvalidTemplate(ValueError):
    """A clock template is not usable; the message names the template and the field."""


@dataclass(frozen=True)
class ClockTemplate:
    id: str
    jurisdiction: str
    track: str
    trigger: str
    duration: int | None
    unit: str
    as_stated: str
    counted_from: str  # "trigger", or an earlier event type on the same case
    action: str
    who_acts: str
    legal_basis: str
    sources: tuple[str, ...]
    confidence: str
    verified: bool
    alerts_hours: tuple[int, ...]
    applies_in: tuple[str, ...]  # countries an international mechanism is open against
    translations: Translations = NONE  # of TEXT_FIELDS

    def applies_to(self, country: str) -> bool:
        if self.jurisdiction == "INT":
            return country in self.applies_in
        return self.jurisdiction == country


@dataclass(frozen=True)
class TemplateSet:
    version: str
    templates: tuple[ClockTemplate, ...]

    def for_event(self, event_type: str, country: str) -> list[ClockTemplate]:
        """The clocks an event of this type starts in this country."""
        return [t for t in self.templates if t.trigger == event_type and t.applies_to(country)]


@cache
def shipped_templates() -> TemplateSet:
    text = (files("caseworker") / "data" / "clocks.toml").read_text("utf-8")
    return parse_templates(text)


def parse_templates(text: str) -> TemplateSet:
    data, version = read_versioned(text, _("clock file"), InvalidTemplate)
    raw = data.get("clock")
    if not isinstance(raw, list) or not raw:
        raise InvalidTemplate(_("the clock file has no [[clock]] entries"))
    templates = [template_from_dict(entry) for entry in raw]
    ids = [t.id for t in templates]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise InvalidTemplate(_("clock ids appear twice: {ids}").format(ids=", ".join(repeated)))
    return TemplateSet(version, tuple(templates))


def template_from_dict(entry: object) -> ClockTemplate:
    """A validated template; InvalidTemplate names the clock, the field and the first
    problem found."""
    read = Reader(within=_("clock {name}").format(name=entry_name(entry)), limit=MAX_TEXT,
                  stop=lambda problem: InvalidTemplate(str(problem)))
    fields = read.table("", entry, _FIELDS)
    jurisdiction = fields.choice("jurisdiction", JURISDICTIONS)
    unit = fields.choice("unit", UNITS)
    duration = None
    if unit != "court_set":
        duration = fields.whole("duration", low=1, high=400, required=True)
    elif "duration" in fields:
        read.problem("duration", _("must be left out when the court sets the date"))
    counted_from = fields.text("counted_from") or "trigger"
    if counted_from != "trigger" and counted_from not in EVENT_TYPES:
        read.problem("counted_from", _("must be 'trigger' or an event type"))
    verified = fields.flag("verified", required=True)
    sources = fields.texts("sources", least=1)
    for index, source in enumerate(sources):
        if not source.startswith(("http://", "https://")):
            read.problem(f"sources[{index}]",
                         _("must be a web address (http:// or https://)"))
    alerts = [sound(read.whole(f"alerts_hours[{index}]", hours, low=1, high=24 * 400,
                               required=True))
              for index, hours in enumerate(fields.list("alerts_hours"))]
    applies_in: list[str] = []
    if jurisdiction == "INT":
        applies_in = fields.texts("applies_in", least=1)
        for index, country in enumerate(applies_in):
            read.choice(f"applies_in[{index}]", country, COUNTRY_ZONES)
    elif fields.get("applies_in"):
        read.problem("applies_in",
                     _("is only for international mechanisms (jurisdiction INT)"))
    return ClockTemplate(
        id=fields.text("id", required=True), jurisdiction=jurisdiction,
        track=fields.choice("track", TRACKS), trigger=fields.choice("trigger", EVENT_TYPES),
        duration=duration, unit=unit, as_stated=fields.text("as_stated", required=True),
        counted_from=counted_from, action=fields.text("action", required=True),
        who_acts=fields.choice("who_acts", WHO_ACTS),
        legal_basis=fields.text("legal_basis", required=True), sources=tuple(sources),
        confidence=fields.choice("confidence", CONFIDENCE), verified=sound(verified),
        alerts_hours=tuple(sorted(alerts, reverse=True)), applies_in=tuple(applies_in),
        translations=Translations.read(fields, TEXT_FIELDS))


@cache
def _shipped_by_id() -> dict[str, ClockTemplate]:
    return {template.id: template for template in shipped_templates().templates}


def item_text(clock_id: str, field: str, stored: str) -> str:
    """A checklist item's `field` (one of TEXT_FIELDS) in the language shown. The item
    stores its clock's English when it was created; the shipped clock of the same id
    translates it while its English is unchanged (an office's own wording stays as it is)."""
    return shown(_shipped_by_id().get(clock_id), field, stored)


def due_at(template: ClockTemplate, start: datetime, zone: str) -> datetime | None:
    """When the clock runs out, counted from `start` (an aware instant, the earliest the
    reported moment can mean) in the jurisdiction's zone. None when a court sets it.

    Hours and 24-hour days (сутки) run from the instant. Calendar days and months end at
    the start of the last day in local time: a day earlier than the law may allow, never
    later, since an event known only to the day starts at its midnight.
    """
    if template.unit == "court_set" or template.duration is None:
        return None
    if template.unit == "hours":
        return start + timedelta(hours=template.duration)
    if template.unit == "days_24h":
        return start + timedelta(days=template.duration)
    local = start.astimezone(ZoneInfo(zone))
    day = local.date()
    if template.unit == "calendar_days":
        last = day + timedelta(days=template.duration)
    else:  # months: the same day of the month, or the month's last day
        month_index = day.month - 1 + template.duration
        year, month = day.year + month_index // 12, month_index % 12 + 1
        last = day.replace(year=year, month=month,
                           day=min(day.day, calendar.monthrange(year, month)[1]))
    return datetime(last.year, last.month, last.day, tzinfo=ZoneInfo(zone))
