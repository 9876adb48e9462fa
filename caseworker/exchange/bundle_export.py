"""Writing a bundle: the chosen records' whole histories, signed and encrypted to the
chosen contacts (and the office's escrow key), or to a passphrase for a one-off transfer.

Before reading, this install signs its revisions no batch covers yet; the bundle carries
the batches of every revision in it (its own and those it relays), the grants that show
the contacts who made them may change them, and a grant of its own: the contacts it goes
to may change its cases from now on (docs/architecture.md §6). It also carries every purge
that erased any of its records, signed like a revision, so its receivers erase them too."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Row, func, text
from sqlmodel import Session, select

from caseworker.core.authoring import Author
from caseworker.core.passphrase_strength import BUNDLE_MIN_SCORE, assess
from caseworker.core.user_errors import UserError
from caseworker.exchange import bundle_format, minisign
from caseworker.exchange.bundle_contents import Carried, write_contents
from caseworker.exchange.bundle_manifest import Manifest, Sender
from caseworker.exchange.bundle_records import (
    COLUMNS,
    encode,
    encode_batch,
    encode_grant,
    encode_redaction,
)
from caseworker.exchange.bundle_selection import (
    Progress,
    RecordKey,
    changed_since,
    chunks,
    last_sent_seq,
    records_of_cases,
    resolve_cases,
    with_history,
)
from caseworker.exchange.erasure import (
    RedactionRecord,
    all_redactions,
    erased_unnamed,
    redactions_covering,
)
from caseworker.exchange.install_keys import OwnKeys, fingerprint, list_contacts, own_keys
from caseworker.exchange.shared_records import SHARED_TABLES
from caseworker.exchange.signed_history import (
    batches_of,
    grants_for,
    make_grant,
    sign_own_redactions,
    sign_own_revisions,
)
from storage.atomic import write_atomically
from storage.columns import format_utc
from storage.meta_values import get_meta, set_meta
from storage.store import Store
from storage.tables import BundleLog, Revision

SEQUENCE_KEY = "bundles.sequence"
PASSPHRASE_PEER = "(passphrase)"


@dataclass(frozen=True)
class Exported:
    path: Path
    bundle_id: str
    sequence: int
    cases: int
    revisions: int
    recipients: tuple[str, ...]  # contact names; empty for a passphrase bundle
    size: int
    files: int = 0  # evidence files whose contents went beside it (bundle_contents.py)
    files_size: int = 0


def export_bundle(store: Store, out: Path, author: Author, *, to: Sequence[str] = (),
                  passphrase: str | None = None, cases: list[str] | None = None,
                  since_last: bool = False, progress: Progress | None = None,
                  to_self: bool = True, contents_up_to: int | None = None) -> Exported:
    """Write a bundle to `out`. `cases` None means every case; `since_last` narrows to what
    changed since the last bundle sent to the contacts in `to`. `to_self` False leaves this
    install out of the recipients: an intake desk must not be able to open what it sealed
    (docs/architecture.md §11). `contents_up_to` carries, beside it, the contents of the
    evidence files it covers that are no larger (docs/architecture.md §13)."""
    report = progress or (lambda done, total, what: None)
    _check_destination(out)
    if not to and passphrase is None:
        raise UserError("Choose who the bundle is for: one or more contacts, or a passphrase.")
    if to and passphrase is not None:
        raise UserError("Send a bundle either to contacts or with a passphrase, not both.")
    if passphrase is not None and not assess(passphrase, BUNDLE_MIN_SCORE).acceptable:
        raise UserError("That passphrase is too weak for a bundle that may be intercepted; "
                        "use four or more random words.")
    if since_last and not to:
        raise UserError("'Changed since the last bundle' needs the contacts it went to.")
    if contents_up_to is not None and passphrase is not None:
        raise UserError("Files' contents travel only in bundles for contacts: their keys "
                        "seal them.")
    with store.read() as session:
        keys = own_keys(session)
        contacts = {c.name: c for c in list_contacts(session)}
        names = [" ".join(n.split()) for n in to]
        missing = [n for n in names if n not in contacts]
        if missing:
            raise UserError(f"No contact called {missing[0][:60]!r}; see 'keys list'.")
        chosen = sorted(set(names) | ({c.name for c in contacts.values() if c.escrow}
                                      if names else set()))
        install_id = get_meta(session, "install_id") or ""
    with store.write() as session:
        sign_own_revisions(session, keys, install_id, author.now)
        sign_own_redactions(session, keys, install_id, author.now)
    with store.read() as session:
        keys_of = [(contacts[n].age_recipient, contacts[n].signing_key) for n in chosen]
        high_water = session.exec(select(func.max(Revision.seq))).one() or 0
        selected = _lines(session, cases, since_last, names, report)
        vouching = _vouching(session, selected, {contacts[n].signing_key for n in chosen})
    revision_count = len(selected.lines)
    with store.write() as session:
        sequence = int(get_meta(session, SEQUENCE_KEY) or 0) + 1
        set_meta(session, SEQUENCE_KEY, str(sequence))
        numbers = {contacts[n].fingerprint: _sent_to(session, contacts[n].fingerprint) + 1
                   for n in chosen}
        grant = make_grant(session, keys, [contacts[n].signing_key for n in chosen],
                           selected.grantable, author.now)
    if grant is not None:
        vouching.append(encode_grant(grant))

    report(0, 1, "encrypting")
    # Purges first: a reader checks a redacted revision against the redaction naming it.
    manifest, sealed = seal_records(
        "".join(selected.redactions + vouching + selected.lines).encode(), keys, install_id,
        author.now, sequence=sequence, recipients=keys_of, passphrase=passphrase,
        cases=selected.cases, revisions=revision_count, numbers=numbers, to_self=to_self)
    write_atomically(out, sealed)
    report(1, 1, "encrypting")
    carried = Carried(0, 0)
    if contents_up_to is not None:
        carried = write_contents(
            store, out, selected.files,
            ([keys.age_recipient] if to_self else []) + [a for a, _ in keys_of],
            contents_up_to)
    with store.write() as session:
        for peer in chosen or [PASSPHRASE_PEER]:
            fingerprint_ = contacts[peer].fingerprint if peer in contacts else ""
            session.add(BundleLog(
                bundle_id=manifest.bundle_id, direction="sent", peer=peer,
                peer_fingerprint=fingerprint_, sequence=sequence, last_seq=high_water,
                revisions=revision_count, cases=selected.cases, at=author.now,
                peer_sequence=numbers.get(fingerprint_, 0)))
    return Exported(out, manifest.bundle_id, sequence, selected.cases, revision_count,
                    tuple(chosen), len(sealed), carried.files, carried.size)


def _sent_to(session: Session, peer_fingerprint: str) -> int:
    return session.exec(select(func.count()).select_from(BundleLog).where(
        BundleLog.direction == "sent", BundleLog.peer_fingerprint == peer_fingerprint)).one()


@dataclass
class Selected:
    """A bundle's revision lines, parents before children, and what they cover."""

    lines: list[str]
    cases: int
    batches: set[str]  # the batches that sign them (and the purges among them)
    grantable: set[str]  # what the recipients may change from now on ("table:record")
    # The lines of the purges that erased any of the records, read before the revisions:
    # a reader takes a purged revision only under a purge naming its record.
    redactions: list[str] = field(default_factory=list)
    files: set[str] = field(default_factory=set)  # the evidence file records among them


# Records outside any case: a contact may change them when they were sent to it itself.
LOOSE_TABLES = {"places", "sources"}


def _vouching(session: Session, selected: Selected, recipients: set[str]) -> list[str]:
    """The lines that vouch for the selected revisions: their batches, and the grants
    held to the installs that signed them, over what the bundle carries."""
    batches = batches_of(session, selected.batches)
    signers = {b.signer for b in batches}
    grants = grants_for(session, signers, selected.grantable)
    return [encode_batch(b) for b in batches] + [encode_grant(g) for g in grants]


def seal_records(records: bytes, keys: OwnKeys, install_id: str, now: datetime, *,
                 sequence: int, recipients: list[tuple[str, str]], passphrase: str | None,
                 cases: int, revisions: int,
                 numbers: dict[str, int] | None = None,
                 to_self: bool = True) -> tuple[Manifest, bytes]:
    """The bundle file's bytes for `records`: the manifest describing them, signed, packed
    with them and encrypted to `recipients` ((age recipient, signing key) of each contact),
    and to this install unless `to_self` is False, or to `passphrase`."""
    own = [(keys.age_recipient, keys.fingerprint)] if to_self else []
    manifest = Manifest(
        bundle_id=uuid.uuid4().hex, created_at=format_utc(now),
        sender=Sender(keys.fingerprint, keys.age_recipient, keys.signing_public, install_id),
        sequence=sequence,
        recipients=tuple([f for _, f in own] + [fingerprint(*k) for k in recipients]
                         if passphrase is None else []),
        passphrase=passphrase is not None, cases=cases, revisions=revisions,
        records_sha256=hashlib.sha256(records).hexdigest(), records_size=len(records),
        numbers=dict(numbers or {}) if passphrase is None else {})
    manifest_bytes = manifest.to_json()
    signature = minisign.sign(manifest_bytes, keys.signing_private, keys.key_id,
                              manifest.trusted_comment,
                              f"caseworker bundle signed by {keys.fingerprint}")
    plain = bundle_format.pack(bundle_format.Members(manifest_bytes, signature.encode(),
                                                     records), int(now.timestamp()))
    if passphrase is None:
        return manifest, bundle_format.seal_to(
            plain, [a for a, _ in own] + [k[0] for k in recipients])
    return manifest, bundle_format.seal_with_passphrase(plain, passphrase)


def _check_destination(out: Path) -> None:
    if out.exists():
        raise UserError(f"{out.name} already exists; choose another file name.")
    if not out.parent.is_dir():
        raise UserError(f"The folder {out.parent} does not exist.")


def _lines(session: Session, cases: list[str] | None, since_last: bool, contacts: list[str],
           report: Progress) -> Selected:
    """The bundle's revision lines, parents before children, and what they carry."""
    if since_last:
        start = min(last_sent_seq(session, name) for name in contacts)
        case_ids, loose = changed_since(session, start)
        if cases is not None:
            case_ids = sorted(set(case_ids) & set(resolve_cases(session, cases)))
            loose = set()
        if not case_ids and not loose:
            raise UserError("Nothing has changed since the last bundle to "
                            f"{', '.join(contacts)}.")
        keys = with_history(session, records_of_cases(session, case_ids) | loose)
    elif cases is not None:
        case_ids = resolve_cases(session, cases)
        if not case_ids:
            raise UserError("Choose at least one case.")
        keys = with_history(session, records_of_cases(session, case_ids))
    else:
        return _selected(session, _all_rows(session, report), all_redactions(session))
    return _selected(session, _lines_of(session, keys, report),
                     redactions_covering(session, keys))


def _selected(session: Session, rows: Sequence,
              redactions: list[RedactionRecord]) -> Selected:
    """Rows of (COLUMNS, batch) as a bundle's lines and what they carry, with the purges
    that erased any of their records. A record erased here only because the case, person
    or source it belonged to was purged is left out: its purge does not name it, so no
    receiver could tell its erased revisions from altered ones, and it has nothing left
    to tell."""
    unnamed = erased_unnamed(session, {(row[1], row[2]) for row in rows})
    if unnamed:
        rows = [row for row in rows if (row[1], row[2]) not in unnamed]
    batches = {row[-1] for row in rows if row[-1]} | {r.batch for r in redactions if r.batch}
    keys = {(row[1], row[2]) for row in rows}
    cases = {record for table, record in keys if table == "cases"}
    grantable = {f"cases:{case}" for case in cases} | {
        f"{table}:{record}" for table, record in keys if table in LOOSE_TABLES}
    return Selected([encode(tuple(row[:-1])) for row in rows], len(cases), batches,
                    grantable, [encode_redaction(r) for r in redactions],
                    {record for table, record in keys if table == "evidence_files"})


def _all_rows(session: Session, report: Progress) -> Sequence:
    tables = ", ".join(f"'{t}'" for t in SHARED_TABLES)
    connection = session.connection()
    rows = connection.execute(text(
        f"SELECT {COLUMNS}, batch FROM revisions WHERE table_name IN ({tables}) "
        "ORDER BY seq")).all()
    report(len(rows), len(rows), "reading records")
    if not rows:
        raise UserError("There is nothing to send yet.")
    return rows


def _lines_of(session: Session, keys: set[RecordKey], report: Progress) -> list:
    by_table: dict[str, list[str]] = {}
    for table, record in keys:
        by_table.setdefault(table, []).append(record)
    total, done = len(keys), 0
    rows: list[Row] = []
    connection = session.connection()
    for table, records in by_table.items():
        for part in chunks(records):
            marks = ", ".join(f":r{i}" for i in range(len(part)))
            params = {f"r{i}": record for i, record in enumerate(part)} | {"t": table}
            rows += connection.execute(text(
                f"SELECT seq, {COLUMNS}, batch FROM revisions WHERE table_name = :t "
                f"AND record_id IN ({marks})"), params).all()
            done += len(part)
            report(done, total, "reading records")
    rows.sort(key=lambda row: row[0])
    return [tuple(row[1:]) for row in rows]
