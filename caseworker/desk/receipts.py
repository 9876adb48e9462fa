"""The receipts a desk keeps of the intakes it sealed, the short reference a volunteer
gives the visitor, and whether the office has acknowledged each (docs/architecture.md
§11)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from caseworker.exchange.install_keys import FINGERPRINT_ALPHABET
from storage.columns import format_utc
from storage.tables import DeskReceipt

REFERENCE_LETTERS = 8  # 40 bits: unique among a desk's receipts, easy to read out
# A desk's outbox is carried to the office at least daily: a receipt older than this
# without an acknowledgement is an intake that may have been lost on the way.
DELIVERY_EXPECTED = timedelta(days=1)


@dataclass(frozen=True)
class ReceiptSummary:
    """The counts a desk shows for its intakes: how many sealed, how many the office
    acknowledged, and how many are not acknowledged after a day."""

    sealed: int
    delivered: int
    overdue: int

    def describe(self) -> str:
        text = f"{self.sealed} sealed, {self.delivered} delivered"
        return text + (f", {self.overdue} not delivered after a day" if self.overdue else "")


def new_reference(session: Session) -> str:
    """A reference no receipt of this desk has yet, as two groups of four letters and
    digits without look-alikes (K7QM-3RXT). Random, so it says nothing about the visitor
    or how many came before."""
    while True:
        letters = "".join(secrets.choice(FINGERPRINT_ALPHABET)
                          for _ in range(REFERENCE_LETTERS))
        reference = f"{letters[:4]}-{letters[4:]}"
        if session.exec(select(DeskReceipt).where(
                DeskReceipt.reference == reference)).first() is None:
            return reference


def next_number(session: Session) -> int:
    return (session.exec(select(func.max(DeskReceipt.number))).one() or 0) + 1


def list_receipts(session: Session) -> list[DeskReceipt]:
    """Every receipt, the latest first."""
    return list(session.exec(select(DeskReceipt).order_by(col(DeskReceipt.number).desc())))


def is_overdue(receipt: DeskReceipt, now: datetime) -> bool:
    return receipt.delivered_at is None and now - receipt.sealed_at > DELIVERY_EXPECTED


def receipt_summary(session: Session, now: datetime) -> ReceiptSummary:
    """Sealed, delivered and overdue, counted in the store (for a shift's summary)."""
    sealed = session.exec(select(func.count()).select_from(DeskReceipt)).one()
    delivered = session.exec(select(func.count()).select_from(DeskReceipt).where(
        col(DeskReceipt.delivered_at).is_not(None))).one()
    overdue = session.exec(select(func.count()).select_from(DeskReceipt).where(
        col(DeskReceipt.delivered_at).is_(None),
        col(DeskReceipt.sealed_at) < now - DELIVERY_EXPECTED)).one()
    return ReceiptSummary(sealed, delivered, overdue)


def receipt_to_json(receipt: DeskReceipt, now: datetime | None = None) -> dict:
    """The receipt as `receipts list --json` prints it; overdue as of `now` (this
    moment unless given)."""
    now = now or datetime.now(UTC)
    return {"number": receipt.number, "sealed_at": format_utc(receipt.sealed_at),
            "volunteer": receipt.volunteer, "reference": receipt.reference,
            "bundle_file": receipt.bundle_file, "bundle_id": receipt.bundle_id,
            "bundle_sha256": receipt.bundle_sha256,
            "delivered_at": format_utc(receipt.delivered_at) if receipt.delivered_at
            else None,
            "overdue": is_overdue(receipt, now)}
