"""Whether a bundle's purges may be carried out here (docs/architecture.md §6): a purge
is signed like a change; this install and the office may purge everything, a contact only
what its own install created, and a purge beyond that leaves those records out of the
import."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from sqlalchemy import text
from sqlmodel import Session

from caseworker.core.i18n import _
from caseworker.exchange.bundle_selection import chunks
from caseworker.exchange.erasure import RedactionRecord
from caseworker.exchange.revision_merge import Rev
from caseworker.exchange.revision_trust import (
    Keys,
    RecordKey,
    RecordWorld,
    Untrusted,
    Vouched,
    may_change,
)
from storage.tables import Redaction


def check_redactions(session: Session, records: dict[RecordKey, list[Rev]],
                     redactions: list[RedactionRecord], vouched: Vouched, keys: Keys,
                     ) -> tuple[list[tuple[RedactionRecord, set[RecordKey]]], set[RecordKey]]:
    """The bundle's purges new here, each with the records it erases here, and the records
    a purge names that this install will not erase on its signer's word (left out of the
    import whole: kept as they are here, their arriving revisions not taken). Untrusted,
    refusing the bundle, if a purge is unsigned or signed as another install.

    A purge is signed like a change (docs/architecture.md §6): listed in a batch that
    verifies, of the install that made it. This install and the office may purge
    everything. A contact may purge only what its own install created (a record in a case
    by its case, any other by itself), not what it was sent: a grant lets it change a
    record, whose history keeps every version, not erase it where it came from, so a
    seized laptop cannot destroy the office's copies of what the office sent it. A record
    neither held here nor in the bundle has nothing to erase and cannot be judged: a
    contact's purge leaves it alone, the office's is kept so that the record is stored
    erased if it ever arrives."""
    new = [r for r in redactions if session.get(Redaction, r.id) is None]
    if not new:
        return [], set()
    installs = {key: c.install_id for key, c in keys.contacts.items()} | vouched.installs
    installs[keys.own_key] = keys.own_install
    free = {keys.own_key} | keys.escrow
    held = _held_records(session, {key for r in new for key in r.records})
    accepted: list[tuple[RedactionRecord, set[RecordKey]]] = []
    judged: list[tuple[RedactionRecord, str | None, set[RecordKey]]] = []
    for redaction in new:
        signer = vouched.signer.get(redaction.id)
        if signer is None:
            stranger = vouched.unverified.get(redaction.id)
            if stranger is not None:
                raise Untrusted(_(
                    "This bundle carries a purge by {author} ({date}) signed by a key that is "
                    "not among your contacts (signing key {key}): nothing was "
                    "imported.").format(author=redaction.author or "?",
                                        date=redaction.at[:10], key=stranger.signer))
            raise Untrusted(_("This bundle carries a purge by {author} ({date}) signed by no "
                              "known install: nothing was imported.").format(
                                author=redaction.author or "?", date=redaction.at[:10]))
        if installs.get(signer) != redaction.origin:
            raise Untrusted(_("{signer} signed a purge that says it was made on another "
                              "install: nothing was imported.").format(
                                signer=keys.name(signer)))
        signed = replace(redaction, batch=vouched.batch_of.get(redaction.id))
        if signer in free:
            accepted.append((signed, set(redaction.records)))
            continue
        present = {key for key in redaction.records if key in records or key in held}
        if present:
            judged.append((signed, installs.get(signer), present))
    refused: set[RecordKey] = set()
    if judged:
        wanted = {key: records.get(key, []) for *_ignored, present in judged for key in present}
        world = RecordWorld(session, records, wanted, vouched.grants)
        for redaction, install, present in judged:
            mine = {key for key in present if may_change(world, key, install, set())}
            refused |= present - mine
            if mine:
                accepted.append((redaction, mine))
    return accepted, refused


def _held_records(session: Session, keys: set[RecordKey]) -> set[RecordKey]:
    """Which of `keys` have a history here."""
    held: set[RecordKey] = set()
    by_table: dict[str, list[str]] = defaultdict(list)
    for table, record in keys:
        by_table[table].append(record)
    connection = session.connection()
    for table, found in by_table.items():
        for part in chunks(found):
            marks = ", ".join(f":r{i}" for i in range(len(part)))
            held |= {(table, r) for (r,) in connection.execute(text(
                f"SELECT DISTINCT record_id FROM revisions WHERE table_name = :t AND "
                f"record_id IN ({marks})"),
                {"t": table} | {f"r{i}": r for i, r in enumerate(part)})}
    return held
