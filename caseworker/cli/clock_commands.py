"""`clocks`: the legal clock templates in effect, and the organisation's own file.

Handlers import the store's code when they run, so that building the parser stays fast."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from caseworker.cli.arguments import Commands, actions, command, json_option
from caseworker.cli.output import print_json, print_lines
from caseworker.core.i18n import _
from caseworker.core.user_errors import UserError

if TYPE_CHECKING:
    from caseworker.deadlines.clock_overrides import Drift


def register(commands: Commands) -> None:
    clocks = actions(commands, "clocks", _("the legal clock templates in effect, and the "
                     "organisation's own"))
    json_option(command(clocks, "list", list_clocks, _("the clock templates in effect")))
    setting = command(clocks, "set", set_clocks,
                      _("use the organisation's clock file (edits, additions, disabled clocks; "
                      "see docs/clocks.md), kept in the store across upgrades"))
    which = setting.add_mutually_exclusive_group(required=True)
    which.add_argument("file", metavar="FILE.toml", nargs="?")
    which.add_argument("--reset", action="store_true",
                       help=_("go back to the shipped templates only"))
    setting.add_argument("--move", action="store_true",
                         help=_("also move open items to the due time their template now gives "
                              "(otherwise they keep theirs and are listed)"))


def list_clocks(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import unlocked_store
    from caseworker.core.localized_fields import shown
    from caseworker.deadlines.clock_overrides import templates_in_effect

    with unlocked_store(args) as (store, _config), store.read() as session:
        templates = templates_in_effect(session)
    rows: list[dict[str, Any]] = [
        {"id": t.id, "jurisdiction": t.jurisdiction, "trigger": t.trigger,
         "duration": t.duration, "unit": t.unit, "as_stated": t.as_stated,
         "action": t.action, "legal_basis": t.legal_basis, "verified": t.verified}
        for t in templates.templates]
    if args.json:
        print_json({"version": templates.version, "clocks": rows})
    else:
        print_lines([f"Clock templates {templates.version}:"] + [
            f"{t.id:<12} {t.trigger:<22} {shown(t, 'as_stated')[:60]}"
            + ("" if t.verified else "  [verify locally]") for t in templates.templates])
    return 0


def set_clocks(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import author, unlocked_store
    from caseworker.deadlines.clock_overrides import move_to_template, set_organisation_clocks

    if args.reset:
        text = ""
    else:
        path = Path(args.file).expanduser()
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"cannot read {str(path)[:120]!r} as UTF-8 text "
                            f"({getattr(exc, 'strerror', None) or 'not text'}).") from None
    with unlocked_store(args) as (store, config):
        templates, drifts = set_organisation_clocks(store, text)
        moved = [move_to_template(store, d.item.id, author(config)).id
                 for d in drifts] if args.move else []
    lines = [f"Clock templates in effect: {templates.version} "
             f"({len(templates.templates)} clocks)."]
    if drifts and not moved:
        lines.append(f"{len(drifts)} open item(s) keep their due time; their template now "
                     f"gives another (run again with --move to move them):")
    elif moved:
        lines.append(f"Moved {len(moved)} open item(s) to their template's due time "
                     f"(the old time is in each item's history):")
    lines += [_drift_line(d) for d in drifts]
    print_lines(lines)
    return 0


def _drift_line(drift: Drift) -> str:
    def shown(due):
        return f"{due:%Y-%m-%d %H:%M} UTC" if due else "set by a court"

    return (f"  case {drift.item.case_id[:8]}  {drift.item.clock_id:<12} "
            f"{shown(drift.item.due)} -> {shown(drift.template_due)}")
