"""Dates and moments as people report them: a year, a month, a day, or an exact time.

A partial date keeps its precision (`2002`, `2002-04`, `2002-04-11`, or `~2002` for an
estimate). Dates may also be typed the way they are written in Kazakhstan, Kyrgyzstan,
Uzbekistan and Russia, day first with dots (`15.03.1990`, `5.3.1990`, a month as
`03.1990`), and are kept in ISO form. A reported moment becomes the earliest instant it
can denote, in UTC, with its precision and time zone: deadlines counted from it are then
never later than the law's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from caseworker.core.i18n import N_, _
from caseworker.core.local_formats import shown_date, shown_datetime, shown_month

PRECISIONS = ("exact", "month", "year", "estimated")
MOMENT_PRECISIONS = ("exact", "day", "month", "year")

_DATE = re.compile(r"^(~)?(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
# Day first with dots, as written locally: 15.03.1990, 5.3.1990, or a month, 03.1990.
_LOCAL_DATE = re.compile(r"^(~)?(?:(\d{1,2})\.)?(\d{1,2})\.(\d{4})$")
# The same with a time after it: 15.03.2025 09:00 (or 9:00, or with a T or a comma).
_LOCAL_MOMENT = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})[T ,]+(\d{1,2}):(\d{2})(.*)$")
# What to type instead, as whole sentences (translated where they are raised).
TYPE_A_DATE = N_("type a date as 15.03.1990 or 1990-03-15, a month as 03.1990 or 1990-03, "
                 "or a year as 1990 (~1990 for an estimate)")
TYPE_A_MOMENT = N_("type a date as 15.03.2025 or 2025-03-15, or a date and time as "
                   "15.03.2025 09:00 or 2025-03-15T09:00")
_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")


class DateProblem(ValueError):
    """The text is not a date in one of the accepted forms; the message says which."""


class _NotADate(DateProblem):
    """Not written as a date at all (rather than a date that does not exist)."""


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    estimated: bool = False

    @property
    def precision(self) -> str:
        if self.estimated:
            return "estimated"
        if self.day is not None:
            return "exact"
        return "month" if self.month is not None else "year"

    def iso(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    def __str__(self) -> str:
        return ("~" if self.estimated else "") + self.iso()

    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        if self.month is None:  # a day is only ever given with its month
            return date(self.year, 12, 31)
        if self.day is not None:
            return date(self.year, self.month, self.day)
        following = date(self.year + (self.month == 12), self.month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)


def parse_partial_date(text: str) -> PartialDate:
    """`2002`, `2002-04`, `2002-04-11`, `11.04.2002`, `04.2002`, or with a leading `~`
    for an estimate."""
    text = text.strip()
    match = _DATE.match(text)
    if match:
        estimated, year, month, day = match.groups()
    elif local := _LOCAL_DATE.match(text):
        estimated, day, month, year = local.groups()
    else:
        raise _NotADate(_(TYPE_A_DATE))
    year = int(year)
    month = int(month) if month else None
    day = int(day) if day else None
    if not 1900 <= year <= 2100:
        raise DateProblem(_("the year must be between 1900 and 2100"))
    if month is not None and not 1 <= month <= 12:
        raise DateProblem(_("the month must be from 01 to 12"))
    if month is not None and day is not None:  # the pattern gives no day without a month
        try:
            date(year, month, day)
        except ValueError:
            raise DateProblem(_("that day does not exist in that month")) from None
    return PartialDate(year, month, day, estimated=bool(estimated))


def birth_from_age(age: int, on: date) -> PartialDate:
    """An age reported on a date: the birth year is estimated (it is one of two years)."""
    if not 0 <= age <= 120:
        raise DateProblem(_("the age must be between 0 and 120"))
    return PartialDate(on.year - age, estimated=True)


@dataclass(frozen=True)
class Moment:
    """When something happened: the earliest instant (UTC), how precise, and where's clock."""

    at: datetime
    precision: str
    zone: str

    def local(self) -> datetime:
        return self.at.astimezone(zone_or_problem(self.zone))

    def display(self) -> str:
        local = self.local()
        if self.precision == "exact":
            return f"{shown_datetime(local)} {local:%Z}"
        if self.precision == "day":
            return shown_date(local.date())
        return shown_month(local.date()) if self.precision == "month" else f"{local:%Y}"

    def iso(self) -> str:
        """The form it was given in: an offset time when exact, else the partial date."""
        local = self.local()
        if self.precision == "exact":
            return local.isoformat(timespec="minutes")
        return self.display()


def zone_or_problem(name: str) -> tzinfo:
    """A time zone by IANA name (Asia/Almaty), or a fixed offset written +05:00."""
    offset = _OFFSET.match(name)
    if offset:
        sign, hours, minutes = offset.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes))
        return timezone(-delta if sign == "-" else delta)
    if not known_zone(name):
        raise DateProblem(_("unknown time zone"))
    return ZoneInfo(name)


def known_zone(name: str, offsets: bool = False) -> bool:
    """Whether `name` is an IANA time zone this install knows (Asia/Almaty), or with
    `offsets` also a fixed offset (+05:00)."""
    if offsets and _OFFSET.match(name):
        return True
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        return False
    return True


def _offset_name(moment: datetime) -> str:
    offset = moment.utcoffset()
    assert offset is not None, "only an aware time has an offset name"
    total = int(offset.total_seconds() // 60)
    sign = "-" if total < 0 else "+"
    return f"{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"


def parse_moment(text: str, zone: str) -> Moment:
    """`2025-05-12T09:00+05:00`, `2025-05-12T09:00` (in `zone`), `2025-05-12`, `2025-05`,
    or `2025`, or day first as written locally: `12.05.2025 09:00`, `12.05.2025`,
    `05.2025`. Times without an offset are read in `zone`, the jurisdiction's clock."""
    text = text.strip()
    tz = zone_or_problem(zone)
    local = _LOCAL_MOMENT.match(text)
    if local:
        day, month, year, hour, minute, rest = local.groups()
        text = f"{year}-{int(month):02d}-{int(day):02d}T{int(hour):02d}:{minute}{rest.strip()}"
    if "T" in text or " " in text:
        try:
            moment = datetime.fromisoformat(text.replace(" ", "T"))
        except ValueError:
            raise DateProblem(_(TYPE_A_MOMENT)) from None
        if moment.tzinfo is None:
            return Moment(moment.replace(tzinfo=tz).astimezone(UTC), "exact", zone)
        # An explicit offset is the clock the reporter used: keep it for display unless
        # it is the assumed zone's own offset at that moment.
        if moment.utcoffset() != moment.astimezone(tz).utcoffset():
            zone = _offset_name(moment)
        return Moment(moment.astimezone(UTC), "exact", zone)
    try:
        partial = parse_partial_date(text)
    except _NotADate:  # not a date at all: say the forms of a moment
        raise DateProblem(_(TYPE_A_MOMENT)) from None
    if partial.estimated:
        raise DateProblem(_("an event's date cannot be an estimate with ~; give the year or "
                            "the month"))
    precision = {"exact": "day", "month": "month", "year": "year"}[partial.precision]
    start = datetime.combine(partial.earliest(), time(0, 0), tzinfo=tz)
    return Moment(start.astimezone(UTC), precision, zone)
