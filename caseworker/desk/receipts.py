"""The receipts a desk keeps of the intakes it sealed, and the short reference a
volunteer gives the visitor (docs/architecture.md §11)."""

from __future__ import annotations

import secrets

from sqlalchemy import func
from sqlmodel import Session, col, select

from caseworker.exchange.install_keys import FINGERPRINT_ALPHABET
from storage.columns import format_utc
from storage.tables import DeskReceipt

REFERENCE_LETTERS = 8  # 40 bits: unique among a desk's receipts, easy to read out


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


def receipt_to_json(receipt: DeskReceipt) -> dict:
    return {"number": receipt.number, "sealed_at": format_utc(receipt.sealed_at),
            "volunteer": receipt.volunteer, "reference": receipt.reference,
            "bundle_file": receipt.bundle_file, "bundle_id": receipt.bundle_id,
            "bundle_sha256": receipt.bundle_sha256}
