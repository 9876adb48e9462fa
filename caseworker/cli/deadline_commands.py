"""`deadlines`: open checklist items across open cases, soonest first.

Handlers import the store's code when they run, so that building the parser stays fast."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from caseworker.cli.arguments import Commands, command, json_option
from caseworker.cli.output import print_json, print_lines
from caseworker.core.i18n import _, ngettext
from caseworker.core.local_formats import shown_datetime
from caseworker.core.user_errors import UserError

if TYPE_CHECKING:
    from caseworker.deadlines.clock_templates import TemplateSet


def register(commands: Commands) -> None:
    listing = command(commands, "deadlines", deadlines,
                      _("open checklist items across open cases, soonest first"))
    json_option(listing)
    listing.add_argument("--within", type=window, metavar="SPAN",
                         help=_("only items due within SPAN from now (48h, 3d); not those "
                              "already overdue, unless --overdue"))
    listing.add_argument("--overdue", action="store_true",
                         help=_("overdue items too, and clocks that had run out before their "
                              "case was entered (passed before intake)"))
    listing.add_argument("--ics", metavar="FILE",
                         help=_("write the items to FILE as an iCalendar file with alarms "
                              "(each case under a random pseudonym; no names, countries or "
                              "legal text unless asked; the file is not encrypted)"))
    listing.add_argument("--details", action="store_true",
                         help=_("with --ics: add the clock, the action and its legal basis"))
    listing.add_argument("--names", action="store_true",
                         help=_("with --ics: put the person's name in each entry (the file is "
                              "not encrypted)"))


def window(value: str) -> timedelta:
    """A span such as 48h or 3d, from an hour to a year."""
    text = value.strip().lower()
    units = {"h": "hours", "d": "days"}
    if len(text) < 2 or text[-1] not in units or not text[:-1].isdigit():
        raise argparse.ArgumentTypeError(f"{value[:20]!r} is not a span like 48h or 3d")
    amount = int(text[:-1])
    if not 1 <= amount <= 24 * 366:
        raise argparse.ArgumentTypeError("must be between 1 hour and a year")
    span = timedelta(**{units[text[-1]]: amount})
    if span > timedelta(days=366):
        raise argparse.ArgumentTypeError("must be between 1 hour and a year")
    return span


def deadlines(args) -> int:
    # deferred: SQLModel and the store's code load only when the command runs
    from sqlmodel import col, select

    # deferred: loads the database code
    from caseworker.cli.unlocked import unlocked_store
    from caseworker.deadlines.checklist_items import item_to_json, open_deadlines
    from caseworker.deadlines.clock_overrides import templates_in_effect
    from storage.tables import CaseSummary

    now = datetime.now(UTC)
    with unlocked_store(args) as (store, _config), store.read() as session:
        items = open_deadlines(session, now, args.within, overdue=args.overdue or None)
        case_ids = {i.case_id for i in items}
        names = dict(session.exec(select(CaseSummary.case_id, CaseSummary.display_name)
                                  .where(col(CaseSummary.case_id).in_(case_ids))).all())
        # the office's own alarm times too, not only the shipped ones
        templates = templates_in_effect(session)
    rows = [{**item_to_json(item, now), "display_name": names.get(item.case_id, "")}
            for item in items]
    if args.ics:
        return _write_calendar(args, items, names, templates, now)
    if args.json:
        print_json(rows)
        return 0
    lines = []
    for item, row in zip(items, rows, strict=True):
        lines += _described(item, row, now)
    print_lines(lines or [_("No open deadlines.")])
    return 0


def _described(item, row: dict, now: datetime) -> list[str]:
    """An item in words: whose, which clock, when it is due and how long is left."""
    # deferred: loads the database code
    from caseworker.deadlines.checklist_items import time_left
    from caseworker.deadlines.clock_templates import item_text

    if item.due is None:
        when = _("the date the court sets is still to be entered")
    else:
        local = item.due.astimezone(ZoneInfo(item.zone))
        city = item.zone.rsplit("/", 1)[-1].replace("_", " ")
        left = (_("passed before the case was entered") if row["passed_before_intake"]
                else time_left(item.due, now))
        when = _("due {time} {city} time, {left}").format(time=shown_datetime(local),
                                                          city=city, left=left)
    if not row["verified"]:
        when = _("{when} (verify locally: the term is not confirmed)").format(when=when)
    return [f"{row['display_name'] or item.case_id[:8]}: {item.clock_id}, {when}",
            "    " + _("{action} Legal basis: {basis}.").format(
                action=item_text(item.clock_id, "action", row["action"]),
                basis=item_text(item.clock_id, "legal_basis", row["legal_basis"]))]


def _write_calendar(args, items, names: dict[str, str], templates: TemplateSet,
                    now: datetime) -> int:
    # deferred: loads the database code
    from caseworker.deadlines.calendar_export import NOT_ENCRYPTED, deadlines_calendar
    from storage.atomic import write_atomically

    path = Path(args.ics).expanduser()
    if path.is_dir() or not path.parent.is_dir():
        raise UserError(f"cannot write the calendar to {str(path)[:120]!r}: give a file "
                        f"in an existing folder.")
    data = deadlines_calendar(items, templates, now, names if args.names else None,
                              details=args.details)
    try:
        write_atomically(path, data)
    except OSError as exc:
        raise UserError(f"cannot write the calendar to {str(path)[:120]!r} "
                        f"({exc.strerror or 'write failed'}).") from None
    dated = sum(1 for item in items if item.due is not None)
    undated = len(items) - dated
    wrote = ngettext("Wrote {n} deadline with alarms to {path}.",
                     "Wrote {n} deadlines with alarms to {path}.", dated)
    lines = [wrote.format(n=dated, path=path)]
    if undated:
        lines.append(ngettext("{n} item still needs a date and is not in it.",
                              "{n} items still need a date and are not in it.",
                              undated).format(n=undated))
    print_lines(lines)
    sys.stderr.write(f"caseworker: warning: {NOT_ENCRYPTED} Delete it once it is imported.\n")
    return 0
