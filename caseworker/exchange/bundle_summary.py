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

from caseworker.exchange.bundle_import import OWN_INSTALL
from caseworker.exchange.shared_records import RECORD_LABELS

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
    sender = "this install" if plan.bundle.sender == OWN_INSTALL else plan.bundle.sender
    lines = [f"From {sender} (fingerprint {manifest.sender.fingerprint}), their "
             f"bundle no. {manifest.sequence}, written "
             f"{manifest.created_at[:16].replace('T', ' ')} UTC: "
             f"{manifest.cases} case(s)."]
    if plan.imported_before:
        lines.append(f"It was imported before ({plan.imported_before[:16]}).")
    if plan.older_than is not None:
        lines.append(f"A later bundle from them (no. {plan.older_than}) is already here; "
                     "this one cannot undo newer changes.")
    erasures = plan.erasures
    if erasures.erased:
        who = sorted({f"{r.author} ({r.at[:10]})" for r, _ in erasures.accepted})
        lines.append(f"{'Erased' if applied else 'Erases'} {erasures.erased} record(s) "
                     f"purged by {', '.join(who[:4])}: their content leaves this install "
                     "too.")
    if erasures.refused:
        lines.append(f"Leaves out {len(erasures.refused)} record(s) the sender purged but did "
                     "not create: only the office or the install that created a record can "
                     "purge it here.")
    if plan.changes_nothing:
        lines.append("Everything in it is already here: importing changes nothing.")
        return "\n".join(lines)
    verb = "Added" if applied else "Adds"
    added, changed = plan.cases("added"), plan.changed_cases
    if added:
        lines.append(f"{verb} {len(added)} case(s): " + ", ".join(
            plan.case_names.get(c, c[:8]) for c in added[:8]) + ("…" if len(added) > 8 else ""))
    if changed:
        lines.append(f"{'Changed' if applied else 'Changes'} {len(changed)} case(s) already "
                     "here: " + ", ".join(plan.case_names.get(c, c[:8]) for c in changed[:8]))
    fields = sorted({f"{RECORD_LABELS[f.merge.table]}: {f.conflict.field.replace('_', ' ')}"
                     for f in plan.conflicts})
    if fields:
        lines.append(f"{len(plan.conflicts)} field(s) changed differently on both sides go to "
                     "the conflict inbox: " + "; ".join(fields[:6]))
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
        heading = (f"In the case of {plan.case_names.get(case_id, case_id[:8])} "
                   f"({case_id[:8]}):" if case_id else "Outside any case:")
        lines.append(heading)
        lines += [f"  - {text}" for text in texts[:MAX_LINES_PER_CASE]]
        if len(texts) > MAX_LINES_PER_CASE:
            lines.append(f"  - and {len(texts) - MAX_LINES_PER_CASE} more change(s)")
    return lines


def describe_outcome(outcome, distances=None) -> str:
    """One record's change in words: "event added: detained 2019-01-04, Zharkent IVS"."""
    table, head, before = outcome.table, outcome.head.fields, outcome.before
    label = RECORD_LABELS[table]
    if outcome.kind == "added":
        return f"{label} added: {_name(table, head)}"
    if outcome.kind == "deleted":
        return f"{label} deleted: {_name(table, before or {})}"
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
    return f"{label} changed ({_name(table, head)}): " + "; ".join(
        f"{n.replace('_', ' ')} {_short(before.get(n))} → {_short(head.get(n))}"
        for n in changed)


def _checklist(before: Mapping, head: Mapping) -> str:
    action = _short(head.get("action"))
    old, new = before.get("status"), head.get("status")
    if old != new and new == "done":
        return f"checklist item ticked off: {action} (by {_short(head.get('done_by')) or '?'})"
    if old != new and new == "cancelled":
        return f"checklist item cancelled: {action}"
    if old != new:
        return f"checklist item {new}: {action} (was {old})"
    if before.get("due") != head.get("due"):
        return (f"checklist item moved: {action}, due {_time(before.get('due'))} → "
                f"{_time(head.get('due'))}")
    changed = [n for n in sorted(set(head) | set(before))
               if n not in _QUIET and before.get(n) != head.get(n)]
    return f"checklist item changed ({action}): " + ", ".join(
        n.replace("_", " ") for n in changed) if changed else ""


def _place(before: Mapping, head: Mapping, distances) -> str:
    name = _short(head.get("short_name"))
    moved = (before.get("lat"), before.get("lon")) != (head.get("lat"), head.get("lon"))
    changed = [n for n in sorted(set(head) | set(before))
               if n not in _QUIET and before.get(n) != head.get(n)]
    if moved:
        old_km, new_km = distances or (None, None)
        others = [n.replace("_", " ") for n in changed if n not in ("lat", "lon")]
        return (f"place moved: {name}, now {_km(new_km)} from the border (was {_km(old_km)})"
                + (f"; also {', '.join(others)}" if others else ""))
    return f"place changed ({name}): " + ", ".join(n.replace("_", " ") for n in changed) \
        if changed else ""


def _name(table: str, fields: Mapping) -> str:
    if table == "events":
        return ", ".join(filter(None, [str(fields.get("type", "")),
                                       str(fields.get("at", ""))[:10],
                                       _short(fields.get("location_text"))]))
    if table == "sources":
        return _short(fields.get("outlet") or fields.get("title") or fields.get("url"))
    if table == "checklist_items":
        return f"{_short(fields.get('action'))}, due {_time(fields.get('due'))}"
    return _short(fields.get(_HEADLINE.get(table, ""), "")) or "(no text)"


def _time(value) -> str:
    return f"{str(value)[:16].replace('T', ' ')} UTC" if value else "(none)"


def _km(value) -> str:
    return "unknown" if value is None else f"{value:,.0f} km"


def _short(value) -> str:
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    text = " ".join(str(value if value is not None else "").split())
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"
