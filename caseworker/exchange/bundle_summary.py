"""A bundle's import plan in words: the same for the import screen and the command line."""

from __future__ import annotations

from caseworker.exchange.bundle_import import OWN_INSTALL
from caseworker.exchange.shared_records import RECORD_LABELS


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
                     "not create: only the office or a record's creator can purge it here.")
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
    return "\n".join(lines)
