"""Sealing an intake: the case built in a store held only in memory, written out as an
ordinary signed bundle encrypted to the office and the caseworkers it names (not to the
desk), and nothing kept here but a receipt (docs/architecture.md §11)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from caseworker.cases.case_write import create_case
from caseworker.cases.validation import validate_case
from caseworker.core.authoring import Author
from caseworker.core.drafts import CaseDraft
from caseworker.core.user_errors import UserError
from caseworker.desk.desk_mode import desk_settings
from caseworker.desk.receipts import new_reference, next_number
from caseworker.exchange.bundle_export import SEQUENCE_KEY, Exported, export_bundle
from caseworker.places.event_places import link_event_places
from storage.atomic import remove_abandoned_temp_files
from storage.meta_values import get_meta, set_meta
from storage.scratch import ScratchStore
from storage.store import Store
from storage.tables import BundleLog, DeskReceipt, KeyContact, Meta, Place, RecordHead, Revision

MAX_VOLUNTEER = 60
BUNDLE_SUFFIX = ".cwb"


@dataclass(frozen=True)
class Sealed:
    receipt: DeskReceipt
    path: Path
    warnings: tuple[str, ...]  # from validation; they name fields, never values


def check_volunteer(name: str) -> str:
    text = " ".join(name.split())
    if not text or len(text) > MAX_VOLUNTEER or not text.isprintable():
        raise UserError(f"The volunteer's name must be 1 to {MAX_VOLUNTEER} characters on "
                        "one line.")
    return text


def seal_intake(store: Store, draft: CaseDraft, volunteer: str, author: Author,
                default_zone: str) -> Sealed:
    """Seal `draft` as a bundle in the desk's outbox and keep its receipt. Every check
    comes before anything is written; the store changes only by the receipt.

    One write transaction spans the whole seal: two volunteers sealing at once take turns,
    so each bundle gets its own number among those the office receives, and a refused
    intake leaves the store as it was."""
    who = Author(check_volunteer(volunteer), author.now)
    with store.write() as session:
        outbox = desk_settings(session).outbox
        # The desk's gazetteer finds the places picked in the place finder.
        link_event_places(session, draft.events)
        warnings = validate_case(draft, default_zone, who.now)
        if not outbox.is_dir():
            raise UserError(f"The desk's outbox folder {outbox} is not there; connect it and "
                            "seal the intake again.")
        remove_abandoned_temp_files(outbox)  # ciphertext, but a seal that never finished
        reference = new_reference(session)
        out = outbox / f"intake-{reference}{BUNDLE_SUFFIX}"
        exported, logged = _write_bundle(_carried_over(session, draft), draft, who, out)
        # After the file is in place: a crash between the two leaves a sealed file
        # without a receipt, never a receipt without its file.
        receipt = DeskReceipt(number=next_number(session), sealed_at=who.now,
                              volunteer=who.name, reference=reference,
                              bundle_file=out.name, bundle_id=exported.bundle_id,
                              bundle_sha256=hashlib.sha256(out.read_bytes()).hexdigest())
        session.add(receipt)
        for row in logged:
            session.add(row)
        set_meta(session, SEQUENCE_KEY, str(exported.sequence))
    return Sealed(receipt, out, tuple(str(w) for w in warnings))


def _write_bundle(carried: _Carried, draft: CaseDraft, who: Author,
                  out: Path) -> tuple[Exported, list[BundleLog]]:
    """The case built in a scratch store and written to `out` as a bundle by the desk;
    the bundle's entries for the desk's log."""
    scratch = ScratchStore(carried.install_id)
    try:
        with scratch.write() as session:
            for row in carried.rows():
                session.add(row)
                # Parents before children, numbered in the scratch store's own order.
                session.flush()
        case_id = create_case(scratch, draft, who)
        exported = export_bundle(scratch, out, who, to=carried.recipients, cases=[case_id],
                                 to_self=False)
        with scratch.read() as session:
            logged = [_copy(row) for row in session.exec(select(BundleLog).where(
                BundleLog.bundle_id == exported.bundle_id))]
    finally:
        scratch.close()
    return exported, logged


@dataclass
class _Carried:
    """What the scratch store needs of the desk's: its install id, its keys, the contacts
    it seals to, its count of bundles written to each (so the office can name a gap), and
    the places the intake's events are linked to, with their histories."""

    install_id: str
    meta: list[Meta]
    contacts: list[KeyContact]
    sent: list[BundleLog]
    places: list

    @property
    def recipients(self) -> list[str]:
        return [contact.name for contact in self.contacts]

    def rows(self) -> list:
        return [*self.meta, *self.contacts, *self.sent, *self.places]


def _linked_places(session: Session, draft: CaseDraft) -> list:
    """The places the events are linked to, their revisions and heads, copied as the desk
    holds them: a link needs its place where the case is built, and the bundle carries
    the place's history, which the office holds already (shipped places have the same
    first revisions on every install). Loading the whole gazetteer instead took 0.3 s."""
    ids = sorted({event.location_id for event in draft.events if event.location_id})
    if not ids:
        return []
    places = session.exec(select(Place).where(col(Place.id).in_(ids))).all()
    revisions = session.exec(select(Revision).where(
        Revision.table_name == "places", col(Revision.record_id).in_(ids))
        .order_by(col(Revision.seq))).all()
    heads = session.exec(select(RecordHead).where(
        RecordHead.table_name == "places", col(RecordHead.record_id).in_(ids))).all()
    return ([_copy(place) for place in places]
            + [_copy(revision, seq=None) for revision in revisions]
            + [_copy(head) for head in heads])


def _carried_over(session: Session, draft: CaseDraft) -> _Carried:
    install_id = get_meta(session, "install_id") or ""
    meta = [Meta(key=row.key, value=row.value) for row in session.exec(
        select(Meta).where(col(Meta.key).startswith("keys.") | (Meta.key == SEQUENCE_KEY)))]
    contacts = [_copy(row) for row in session.exec(select(KeyContact))]
    if not contacts:
        raise UserError("This desk has no office key to seal intakes to; set it up again "
                        "with 'caseworker init --desk --office KEY'.")
    sent = [_copy(row) for row in session.exec(
        select(BundleLog).where(BundleLog.direction == "sent"))]
    return _Carried(install_id, meta, contacts, sent, _linked_places(session, draft))


def _copy(row, **changes):
    """A detached copy of a row, to add to another store's session."""
    return type(row).model_validate(row.model_dump() | changes)
