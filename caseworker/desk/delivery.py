"""Delivery of sealed intakes, confirmed: the office acknowledges the bundles it received
from desks in a file it signs, and a desk marks the receipts that file names as
delivered (docs/architecture.md §11)."""

from __future__ import annotations

import re
from pathlib import Path

from sqlmodel import Session, col, select

from caseworker.core.authoring import Author
from caseworker.core.file_input import read_capped
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
    """Write to `out` the office's signed list of the intake bundles it received from the
    desk named `desk` (it may be left out while only one desk has sent any); the number
    of bundles listed. One desk's acknowledgement names none of another's bundles: it
    goes back on a stick to a machine anyone may take."""
    target = out.expanduser().absolute()
    if not target.parent.is_dir():
        raise UserError(f"--out: the folder {target.parent} does not exist.")
    if target.is_dir():
        raise UserError(f"--out: {target} is a folder; give a file name in it.")
    with store.read() as session:
        if desk is None:
            desks = desks_heard_from(session)
            if len(desks) > 1:
                raise UserError("--desk: intakes came from several desks ("
                                + ", ".join(desks) + "); name the one to acknowledge.")
            desk = desks[0] if desks else None
        elif session.get(KeyContact, desk) is None:
            raise UserError(f"--desk: there is no contact named {desk[:60]}.")
        query = select(InboxIntake).where(InboxIntake.desk == desk).order_by(
            col(InboxIntake.sequence))
        received = [Received(row.desk_fingerprint, row.bundle_id, row.bundle_sha256)
                    for row in session.exec(query)]
        keys = own_keys(session)
    try:
        write_atomically(target, write_acknowledgement(keys, received, format_utc(author.now)),
                         mode=0o644)
    except OSError as exc:  # a full or read-only stick
        raise UserError(f"--out: {target} cannot be written ({exc.strerror or 'write failed'})."
                        ) from None
    return len(received)


def acknowledge_each(store: Store, out: Path, author: Author) -> list[tuple[Path, int]]:
    """One acknowledgement per desk that sent intakes: `out` itself while there is one,
    else `out` with each desk's name added (acknowledgement-front-desk.txt); each file
    with the number of bundles it lists."""
    with store.read() as session:
        desks = desks_heard_from(session)
    if len(desks) <= 1:
        return [(out, acknowledge(store, out, author))]
    written = []
    for desk in desks:
        named = re.sub(r"[^\w-]+", "-", desk).strip("-") or "desk"
        path = out.with_name(f"{out.stem}-{named}{out.suffix}")
        written.append((path, acknowledge(store, path, author, desk)))
    return written


def desks_heard_from(session: Session) -> list[str]:
    """The contacts that sent intakes to this inbox, by name."""
    return list(session.exec(select(InboxIntake.desk).distinct().order_by(
        col(InboxIntake.desk))))


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
    listed = read_acknowledgement(read_capped(path, MAX_ACK_BYTES, "acknowledgement"),
                                  office.signing_key, office.fingerprint)
    delivered = {(r.bundle_id, r.sha256) for r in listed if r.desk == own}
    with store.write() as session:
        for receipt in session.exec(select(DeskReceipt).where(
                col(DeskReceipt.delivered_at).is_(None))):
            if (receipt.bundle_id, receipt.bundle_sha256) in delivered:
                receipt.delivered_at = author.now
                session.add(receipt)
        session.flush()
        return receipt_summary(session, author.now)
