"""Delivery of sealed intakes, confirmed: the office acknowledges the bundles it received
from desks in a file it signs, and a desk marks the receipts that file names as
delivered (docs/architecture.md §11)."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import col, select

from caseworker.core.authoring import Author
from caseworker.core.user_errors import UserError
from caseworker.desk.desk_mode import OFFICE_NAME, desk_settings
from caseworker.desk.receipts import ReceiptSummary, receipt_summary
from caseworker.exchange.acknowledgement import (
    MAX_ACK_BYTES,
    Received,
    read_acknowledgement,
    write_acknowledgement,
)
from caseworker.exchange.install_keys import own_keys
from storage.atomic import write_atomically
from storage.columns import format_utc
from storage.store import Store
from storage.tables import DeskReceipt, InboxIntake, KeyContact


def acknowledge(store: Store, out: Path, author: Author, desk: str | None = None) -> int:
    """Write to `out` the office's signed list of every intake bundle it received (from
    the desk named `desk` only, if given); the number of bundles listed."""
    target = out.expanduser().absolute()
    if not target.parent.is_dir():
        raise UserError(f"--out: the folder {target.parent} does not exist.")
    if target.is_dir():
        raise UserError(f"--out: {target} is a folder; give a file name in it.")
    with store.read() as session:
        query = select(InboxIntake).order_by(col(InboxIntake.desk), col(InboxIntake.sequence))
        if desk is not None:
            if session.get(KeyContact, desk) is None:
                raise UserError(f"--desk: there is no contact named {desk[:60]}.")
            query = query.where(InboxIntake.desk == desk)
        received = [Received(row.desk_fingerprint, row.bundle_id, row.bundle_sha256)
                    for row in session.exec(query)]
        keys = own_keys(session)
    write_atomically(target, write_acknowledgement(keys, received, format_utc(author.now)),
                     mode=0o644)
    return len(received)


def take_acknowledgement(store: Store, path: Path, author: Author) -> ReceiptSummary:
    """Mark as delivered the receipts an acknowledgement signed by this desk's office
    names (bundle id, SHA-256 and this desk's fingerprint all as sealed); the counts
    after. An acknowledgement not signed by the office changes nothing."""
    with store.read() as session:
        desk_settings(session)  # a desk, before the file is even read
        office = session.get(KeyContact, OFFICE_NAME)
        if office is None:
            raise UserError("This desk has no office key to check acknowledgements with; "
                            "set it up again with 'caseworker init --desk --office KEY'.")
        own = own_keys(session).fingerprint
    listed = read_acknowledgement(_read(path), office.signing_key, office.fingerprint)
    delivered = {(r.bundle_id, r.sha256) for r in listed if r.desk == own}
    with store.write() as session:
        for receipt in session.exec(select(DeskReceipt).where(
                col(DeskReceipt.delivered_at).is_(None))):
            if (receipt.bundle_id, receipt.bundle_sha256) in delivered:
                receipt.delivered_at = author.now
                session.add(receipt)
        session.flush()
        return receipt_summary(session, author.now)


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise UserError(f"There is no file {path.name}.")
    if path.stat().st_size > MAX_ACK_BYTES:
        raise UserError(f"{path.name} is larger than any acknowledgement this app writes.")
    return path.read_bytes()
