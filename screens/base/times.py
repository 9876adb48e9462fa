"""Instants as the screens show them: every recorded time (a change in the history, a
note, a tick, a due time) in one zone, the install's own, and the zone said on screen.

Events keep their own clock (the date a report gives is a date where it happened); the
rest is read in the zone of the desk, named beside it, so that a note written at 17:00
and a deadline at 17:00 mean the same hour.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from caseworker.core.i18n import _
from caseworker.core.local_formats import shown_datetime


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def shown_time(instant: datetime, zone: str) -> str:
    """`instant` in `zone`, to the minute: 2026-11-21 17:00 (21.11.2026 17:00 in Russian)."""
    return shown_datetime(instant.astimezone(_zone(zone)))


def zone_name(zone: str, at: datetime | None = None) -> str:
    """How a zone is named on screen: "Almaty time (UTC+05:00)"."""
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    offset = (at or datetime.now()).astimezone(_zone(zone)).strftime("%z")
    return _("{city} time (UTC{offset})").format(city=city,
                                                 offset=f"{offset[:3]}:{offset[3:]}")


def other_clock(instant: datetime, zone: str, own_zone: str) -> str:
    """" (Bishkek 10:00)" when the clock of `zone` reads differently from the desk's at
    that instant (a Kyrgyz deadline seen from Almaty); "" when they agree."""
    theirs, ours = instant.astimezone(_zone(zone)), instant.astimezone(_zone(own_zone))
    if theirs.utcoffset() == ours.utcoffset():
        return ""
    return f" ({zone.rsplit('/', 1)[-1].replace('_', ' ')} {theirs:%H:%M})"
