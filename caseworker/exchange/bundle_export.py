"""Writing a bundle: the chosen records' whole histories, signed and encrypted to the
chosen contacts (and the office's escrow key), or to a passphrase for a one-off transfer."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, text
from sqlmodel import Session, select

from caseworker.core.authoring import Author
from caseworker.core.passphrase_strength import BUNDLE_MIN_SCORE, assess
from caseworker.core.user_errors import UserError
from caseworker.exchange import bundle_format, minisign
from caseworker.exchange.bundle_manifest import Manifest, Sender
from caseworker.exchange.bundle_records import COLUMNS, encode, encode_redaction
from caseworker.exchange.bundle_selection import (
    RecordKey,
    changed_since,
    chunks,
    last_sent_seq,
    records_of_cases,
    resolve_cases,
    with_history,
)
from caseworker.exchange.erasure import all_redactions, redactions_covering
from caseworker.exchange.install_keys import OwnKeys, fingerprint, list_contacts, own_keys
from caseworker.exchange.shared_records import SHARED_TABLES
from storage.atomic import write_atomically
from storage.columns import format_utc
from storage.meta_values import get_meta, set_meta
from storage.store import Store
from storage.tables import BundleLog, Revision

SEQUENCE_KEY = "bundles.sequence"
PASSPHRASE_PEER = "(passphrase)"
# progress(done, total, what): called while records are read and the file is sealed.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Exported:
    path: Path
    bundle_id: str
    sequence: int
    cases: int
    revisions: int
    recipients: tuple[str, ...]  # contact names; empty for a passphrase bundle
    size: int


def export_bundle(store: Store, out: Path, author: Author, *, to: list[str] = (),
                  passphrase: str | None = None, cases: list[str] | None = None,
                  since_last: bool = False, progress: Progress | None = None) -> Exported:
    """Write a bundle to `out`. `cases` None means every case; `since_last` narrows to what
    changed since the last bundle sent to the contacts in `to`."""
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
    with store.read() as session:
        keys = own_keys(session)
        contacts = {c.name: c for c in list_contacts(session)}
        names = [" ".join(n.split()) for n in to]
        missing = [n for n in names if n not in contacts]
        if missing:
            raise UserError(f"No contact called {missing[0][:60]!r}; see 'keys list'.")
        chosen = sorted(set(names) | ({c.name for c in contacts.values() if c.escrow}
                                      if names else set()))
        keys_of = [(contacts[n].age_recipient, contacts[n].signing_key) for n in chosen]
        high_water = session.exec(select(func.max(Revision.seq))).one() or 0
        lines, case_count, redactions = _lines(session, cases, since_last, names, report)
        install_id = get_meta(session, "install_id") or ""
    with store.write() as session:
        sequence = int(get_meta(session, SEQUENCE_KEY) or 0) + 1
        set_meta(session, SEQUENCE_KEY, str(sequence))

    report(0, 1, "encrypting")
    # Purges first: a reader checks a redacted revision against the redaction naming it.
    manifest, sealed = seal_records(
        "".join(redactions + lines).encode(), keys, install_id, author.now, sequence=sequence,
        recipients=keys_of, passphrase=passphrase, cases=case_count, revisions=len(lines))
    write_atomically(out, sealed)
    report(1, 1, "encrypting")
    with store.write() as session:
        for peer in chosen or [PASSPHRASE_PEER]:
            session.add(BundleLog(
                bundle_id=manifest.bundle_id, direction="sent", peer=peer,
                peer_fingerprint=contacts[peer].fingerprint if peer in contacts else "",
                sequence=sequence, last_seq=high_water, revisions=len(lines),
                cases=case_count, at=author.now))
    return Exported(out, manifest.bundle_id, sequence, case_count, len(lines),
                    tuple(chosen), len(sealed))


def seal_records(records: bytes, keys: OwnKeys, install_id: str, now: datetime, *,
                 sequence: int, recipients: list[tuple[str, str]], passphrase: str | None,
                 cases: int, revisions: int) -> tuple[Manifest, bytes]:
    """The bundle file's bytes for `records`: the manifest describing them, signed, packed
    with them and encrypted to this install and `recipients` ((age recipient, signing key)
    of each contact) or to `passphrase`."""
    manifest = Manifest(
        bundle_id=uuid.uuid4().hex, created_at=format_utc(now),
        sender=Sender(keys.fingerprint, keys.age_recipient, keys.signing_public, install_id),
        sequence=sequence,
        recipients=tuple([keys.fingerprint] + [fingerprint(*k) for k in recipients]
                         if passphrase is None else []),
        passphrase=passphrase is not None, cases=cases, revisions=revisions,
        records_sha256=hashlib.sha256(records).hexdigest(), records_size=len(records))
    manifest_bytes = manifest.to_json()
    signature = minisign.sign(manifest_bytes, keys.signing_private, keys.key_id,
                              manifest.trusted_comment,
                              f"caseworker bundle signed by {keys.fingerprint}")
    plain = bundle_format.pack(bundle_format.Members(manifest_bytes, signature.encode(),
                                                     records), int(now.timestamp()))
    if passphrase is None:
        return manifest, bundle_format.seal_to(
            plain, [keys.age_recipient] + [k[0] for k in recipients])
    return manifest, bundle_format.seal_with_passphrase(plain, passphrase)


def _check_destination(out: Path) -> None:
    if out.exists():
        raise UserError(f"{out.name} already exists; choose another file name.")
    if not out.parent.is_dir():
        raise UserError(f"The folder {out.parent} does not exist.")


def _lines(session: Session, cases: list[str] | None, since_last: bool, contacts: list[str],
           report: Progress) -> tuple[list[str], int, list[str]]:
    """The bundle's revision lines, parents before children, how many cases they carry,
    and the lines of the purges that erased any of their records."""
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
        lines, count = _all_lines(session, report)
        return lines, count, [encode_redaction(r) for r in all_redactions(session)]
    return (_lines_of(session, keys, report), len({r for t, r in keys if t == "cases"}),
            [encode_redaction(r) for r in redactions_covering(session, keys)])


def _all_lines(session: Session, report: Progress) -> tuple[list[str], int]:
    tables = ", ".join(f"'{t}'" for t in SHARED_TABLES)
    connection = session.connection()
    rows = connection.execute(text(
        f"SELECT {COLUMNS} FROM revisions WHERE table_name IN ({tables}) ORDER BY seq")).all()
    report(len(rows), len(rows), "reading records")
    cases = connection.execute(text(
        "SELECT count(DISTINCT record_id) FROM revisions WHERE table_name = 'cases'")).scalar()
    if not rows:
        raise UserError("There is nothing to send yet.")
    return [encode(tuple(row)) for row in rows], cases


def _lines_of(session: Session, keys: set[RecordKey], report: Progress) -> list[str]:
    by_table: dict[str, list[str]] = {}
    for table, record in keys:
        by_table.setdefault(table, []).append(record)
    total, done, rows = len(keys), 0, []
    connection = session.connection()
    for table, records in by_table.items():
        for part in chunks(records):
            marks = ", ".join(f":r{i}" for i in range(len(part)))
            params = {f"r{i}": record for i, record in enumerate(part)} | {"t": table}
            rows += connection.execute(text(
                f"SELECT seq, {COLUMNS} FROM revisions WHERE table_name = :t "
                f"AND record_id IN ({marks})"), params).all()
            done += len(part)
            report(done, total, "reading records")
    rows.sort(key=lambda row: row[0])
    return [encode(tuple(row[1:])) for row in rows]
