"""A bundle's import plan in words: the same for the import screen and the command line.

Everything a bundle would change is listed, by case, record by record: events, notes,
sources, documents, names, relatives and contacts added, changed or deleted; checklist
items ticked, cancelled or moved (old due → new due); the case's status, situation and
consent; places moved, with their distance to the border before and after. A summary
that named only the cases let a bundle tick off a case's deadlines unseen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from caseworker.core.i18n import _, ngettext
from caseworker.core.local_formats import shown_number
from caseworker.exchange.bundle_import import OWN_INSTALL
from caseworker.exchange.shared_records import record_label

MAX_LINES_PER_CASE = 40
MAX_VALUE = 60
# The field that names a record best, per table.
_HEADLINE = {"name_forms": "text", "events": "type", "sources": "outlet", "notes": "text",
             "documents": "kind", "relatives": "name", "contacts": "name",
             "checklist_items": "action", "risk_answers": "question", "places": "short_name",
             "match_decisions": "decision", "evidence_files": "name"}
# Fields that say nothing to a person reading a preview.
_QUIET = {"created_at", "person_id", "case_id", "source_id", "event_id", "edited_fields"}
_CASE_FIELDS = {"status": "status", "situation": "situation", "consent_level": "consent",
                "consent_condition": "consent condition"}


def describe_plan(plan, applied: bool = False) -> str:
    """What a bundle is and what importing it would do (or did), for people to read."""
    manifest = plan.bundle.manifest
    sender = _("this install") if plan.bundle.sender == OWN_INSTALL else plan.bundle.sender
    cases = manifest.cases
    lines = [ngettext("From {sender} (fingerprint {fingerprint}), their bundle no. {number}, "
                      "written {time} UTC: {count} case(s).",
                      "From {sender} (fingerprint {fingerprint}), their bundle no. {number}, "
                      "written {time} UTC: {count} case(s).", cases).format(
        sender=sender, fingerprint=manifest.sender.fingerprint, number=manifest.sequence,
        time=manifest.created_at[:16].replace("T", " "), count=cases)]
    if plan.imported_before:
        lines.append(_("It was imported before ({time}).").format(
            time=plan.imported_before[:16]))
    if plan.older_than is not None:
        lines.append(_("A later bundle from them (no. {number}) is already here; this one "
                       "cannot undo newer changes.").format(number=plan.older_than))
    erasures = plan.erasures
    if erasures.erased:
        who = ", ".join(sorted({f"{r.author} ({r.at[:10]})"
                                for r, _purged in erasures.accepted})[:4])
        erased = ngettext("Erased {count} record(s) purged by {who}: their content leaves "
                          "this install too.",
                          "Erased {count} record(s) purged by {who}: their content leaves "
                          "this install too.", erasures.erased) if applied else \
            ngettext("Erases {count} record(s) purged by {who}: their content leaves this "
                     "install too.",
                     "Erases {count} record(s) purged by {who}: their content leaves this "
                     "install too.", erasures.erased)
        lines.append(erased.format(count=erasures.erased, who=who))
    if erasures.refused:
        refused = len(erasures.refused)
        lines.append(ngettext(
            "Leaves out {count} record(s) the sender purged but did not create: only the "
            "office or the install that created a record can purge it here.",
            "Leaves out {count} record(s) the sender purged but did not create: only the "
            "office or the install that created a record can purge it here.",
            refused).format(count=refused))
    if plan.changes_nothing:
        lines.append(_("Everything in it is already here: importing changes nothing."))
        return "\n".join(lines)
    added, changed = plan.cases("added"), plan.changed_cases
    if added:
        names = ", ".join(plan.case_names.get(c, c[:8]) for c in added[:8]) \
            + ("…" if len(added) > 8 else "")
        lines.append((ngettext("Added {count} case(s): {names}",
                               "Added {count} case(s): {names}", len(added)) if applied
                      else ngettext("Adds {count} case(s): {names}",
                                    "Adds {count} case(s): {names}", len(added))).format(
            count=len(added), names=names))
    if changed:
        names = ", ".join(plan.case_names.get(c, c[:8]) for c in changed[:8])
        lines.append((ngettext("Changed {count} case(s) already here: {names}",
                               "Changed {count} case(s) already here: {names}", len(changed))
                      if applied else
                      ngettext("Changes {count} case(s) already here: {names}",
                               "Changes {count} case(s) already here: {names}",
                               len(changed))).format(count=len(changed), names=names))
    fields = sorted({f"{record_label(f.merge.table)}: {f.conflict.field.replace('_', ' ')}"
                     for f in plan.conflicts})
    if fields:
        lines.append(ngettext(
            "{count} field(s) changed differently on both sides go to the conflict inbox: "
            "{fields}",
            "{count} field(s) changed differently on both sides go to the conflict inbox: "
            "{fields}", len(plan.conflicts)).format(count=len(plan.conflicts),
                                                    fields="; ".join(fields[:6])))
    lines += change_lines(plan)
    return "\n".join(lines)


def change_lines(plan) -> list[str]:
    """Every record the plan changes, in words, under its case (cases already here first;
    a case the bundle adds is summed up in one line)."""
    by_case: dict[str | None, list[str]] = defaultdict(list)
    added_cases = set(plan.cases("added"))
    for outcome in sorted(plan.outcomes, key=lambda o: (o.table != "cases", o.table,
                                                        o.record)):
        if outcome.kind == "unchanged":
            continue
        if outcome.case_id in added_cases:
            continue
        text = describe_outcome(outcome, plan.place_distances.get(outcome.record))
        if text:
            by_case[outcome.case_id if outcome.table != "places" else None].append(text)
    lines = []
    for case_id, texts in sorted(by_case.items(), key=lambda item: (item[0] is None,
                                                                     item[0] or "")):
        heading = _("In the case of {name} ({id}):").format(
            name=plan.case_names.get(case_id, case_id[:8]), id=case_id[:8]) if case_id \
            else _("Outside any case:")
        lines.append(heading)
        lines += [f"  - {text}" for text in texts[:MAX_LINES_PER_CASE]]
        if len(texts) > MAX_LINES_PER_CASE:
            more = len(texts) - MAX_LINES_PER_CASE
            lines.append("  - " + ngettext("and {count} more change(s)",
                                           "and {count} more change(s)", more).format(
                count=more))
    return lines


def describe_outcome(outcome, distances=None) -> str:
    """One record's change in words: "event added: detained 2019-01-04, Zharkent IVS"."""
    table, head, before = outcome.table, outcome.head.fields, outcome.before
    label = record_label(table)
    if outcome.kind == "added":
        return _("{record} added: {what}").format(record=label, what=_name(table, head))
    if outcome.kind == "deleted":
        return _("{record} deleted: {what}").format(record=label,
                                                     what=_name(table, before or {}))
    before = before or {}
    if table == "checklist_items":
        return _checklist(before, head)
    if table == "places":
        return _place(before, head, distances)
    changed = [name for name in sorted(set(head) | set(before))
               if name not in _QUIET and before.get(name) != head.get(name)]
    if not changed:
        return ""
    if table == "cases":
        return "; ".join(f"{_CASE_FIELDS.get(n, n.replace('_', ' '))}: "
                         f"{_short(before.get(n))} → {_short(head.get(n))}" for n in changed)
    return _("{record} changed ({what}): {changes}").format(
        record=label, what=_name(table, head), changes="; ".join(
            f"{n.replace('_', ' ')} {_short(before.get(n))} → {_short(head.get(n))}"
            for n in changed))


def _checklist(before: Mapping, head: Mapping) -> str:
    action = _short(head.get("action"))
    old, new = before.get("status"), head.get("status")
    if old != new and new == "done":
        return _("checklist item ticked off: {action} (by {who})").format(
            action=action, who=_short(head.get("done_by")) or "?")
    if old != new and new == "cancelled":
        return _("checklist item cancelled: {action}").format(action=action)
    if old != new:
        return _("checklist item {status}: {action} (was {old})").format(
            status=new, action=action, old=old)
    if before.get("due") != head.get("due"):
        return _("checklist item moved: {action}, due {old} → {new}").format(
            action=action, old=_time(before.get("due")), new=_time(head.get("due")))
    changed = [n for n in sorted(set(head) | set(before))
               if n not in _QUIET and before.get(n) != head.get(n)]
    return _("checklist item changed ({action}): {fields}").format(
        action=action, fields=", ".join(n.replace("_", " ") for n in changed)) \
        if changed else ""


def _place(before: Mapping, head: Mapping, distances) -> str:
    name = _short(head.get("short_name"))
    moved = (before.get("lat"), before.get("lon")) != (head.get("lat"), head.get("lon"))
    changed = [n for n in sorted(set(head) | set(before))
               if n not in _QUIET and before.get(n) != head.get(n)]
    if moved:
        old_km, new_km = distances or (None, None)
        others = [n.replace("_", " ") for n in changed if n not in ("lat", "lon")]
        if others:
            return _("place moved: {name}, now {new} from the border (was {old}); also "
                     "{fields}").format(name=name, new=_km(new_km), old=_km(old_km),
                                        fields=", ".join(others))
        return _("place moved: {name}, now {new} from the border (was {old})").format(
            name=name, new=_km(new_km), old=_km(old_km))
    return _("place changed ({name}): {fields}").format(
        name=name, fields=", ".join(n.replace("_", " ") for n in changed)) if changed else ""


def _name(table: str, fields: Mapping) -> str:
    if table == "events":
        return ", ".join(filter(None, [str(fields.get("type", "")),
                                       str(fields.get("at", ""))[:10],
                                       _short(fields.get("location_text"))]))
    if table == "sources":
        return _short(fields.get("outlet") or fields.get("title") or fields.get("url"))
    if table == "checklist_items":
        return _("{action}, due {time}").format(action=_short(fields.get("action")),
                                                 time=_time(fields.get("due")))
    return _short(fields.get(_HEADLINE.get(table, ""), "")) or _("(no text)")


def _time(value) -> str:
    return _("{time} UTC").format(time=str(value)[:16].replace("T", " ")) if value \
        else _("(none)")


def _km(value) -> str:
    return _("unknown") if value is None else _("{count} km").format(count=shown_number(value))


def _short(value) -> str:
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    text = " ".join(str(value if value is not None else "").split())
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"
