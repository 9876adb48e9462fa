"""Reading a bundle: decrypt it whole, check every part against the signed manifest and
the signature against a known contact, every revision's and every purge's signature and
scope (revision_trust.py), then plan the merge and the purges (to show them) and apply
them in one transaction. Until `apply_bundle` commits, nothing is written anywhere; a
purge that arrived is then finished (VACUUM, backups destroyed)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, col, select

from caseworker.core.authoring import Author
from caseworker.core.file_input import read_capped
from caseworker.core.i18n import _
from caseworker.core.user_errors import AuthFailure, UserError
from caseworker.exchange import bundle_format, minisign
from caseworker.exchange.bundle_erasures import ErasurePlan, apply_erasures, plan_erasures
from caseworker.exchange.bundle_format import BadBundle
from caseworker.exchange.bundle_manifest import Manifest, parse_manifest
from caseworker.exchange.bundle_merge import (
    RecordOutcome,
    apply_outcomes,
    known_ids,
    plan_records,
)
from caseworker.exchange.bundle_records import decode
from caseworker.exchange.bundle_selection import Progress, chunks, rows_where_in
from caseworker.exchange.erasure import RedactionRecord, finish_erasure
from caseworker.exchange.install_keys import OwnKeys, fingerprint, list_contacts, own_keys
from caseworker.exchange.redaction_trust import check_redactions
from caseworker.exchange.revision_merge import Rev
from caseworker.exchange.revision_trust import (
    Keys,
    Untrusted,
    Vouched,
    check_scope,
    check_signed,
    check_vouching,
)
from caseworker.exchange.signed_history import keep_grant
from caseworker.names.writing_systems import display_name
from caseworker.places.border_distance import china_crossings, distance_to_border
from storage.errors import BrokenReference
from storage.meta_values import get_meta
from storage.store import Store
from storage.tables import BundleLog, CaseSummary, KeyContact, SignedBatch

OWN_INSTALL = "(this install)"


class NeedsPassphrase(UserError):
    """The bundle was encrypted to a passphrase and none was given."""


class UnknownSender(AuthFailure):
    """Signed correctly, but by a key that is not among the contacts."""

    def __init__(self, fingerprint: str, contact_key: str) -> None:
        super().__init__(
            _("This bundle is signed by a key that is not among your contacts (fingerprint "
              "{fingerprint}). If you know the sender, compare the fingerprint with them by "
              "voice, add them as a contact, and import again.").format(
                fingerprint=fingerprint))
        self.fingerprint = fingerprint
        self.contact_key = contact_key


@dataclass
class OpenedBundle:
    """A bundle that decrypted and passed every check, held in memory."""

    manifest: Manifest
    sender: str  # the contact's name, or OWN_INSTALL
    records: dict[tuple[str, str], list[Rev]]
    vouched: Vouched
    keys: Keys
    checked: dict[str, dict]  # rows checked when decoded
    redactions: list[RedactionRecord] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # canonical fields, as checked


@dataclass
class ImportPlan:
    bundle: OpenedBundle
    outcomes: list[RecordOutcome]
    imported_before: str | None = None  # when this very bundle was imported, if it was
    older_than: int | None = None  # the sequence of a later bundle already had from them
    case_names: dict[str, str] = field(default_factory=dict)
    # Per place changed: its distance to the border before and after, in km.
    place_distances: dict[str, tuple[float | None, float | None]] = field(
        default_factory=dict)
    erasures: ErasurePlan = field(default_factory=lambda: ErasurePlan([], set(), {}))

    def cases(self, kind: str) -> list[str]:
        return sorted({o.case_id for o in self.outcomes
                       if o.kind == kind and o.table == "cases" and o.case_id})

    @property
    def changed_cases(self) -> list[str]:
        touched = {o.case_id for o in self.outcomes if o.kind != "unchanged" and o.case_id}
        return sorted(touched - set(self.cases("added")))

    @property
    def conflicts(self) -> list:
        return [c for o in self.outcomes for c in o.conflicts]

    @property
    def changes_nothing(self) -> bool:
        return not self.outcomes and not self.erasures.erased


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a bundle is checked, planned or written.
    These build hundreds of thousands of objects that live until the end (revisions,
    rows, histories), and each time the collector ran it walked all of them again: a
    sixth of a 10,000-case import. They hold no reference cycles that would outlive it;
    what is freed is freed by reference counting as before."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def read_bundle_file(path: Path) -> bytes:
    return read_capped(path, bundle_format.MAX_FILE_BYTES, "bundle")


def open_bundle(store: Store, data: bytes, passphrase: str | None = None,
                now: datetime | None = None) -> OpenedBundle:
    """Decrypt and check everything; BadBundle, UnknownSender, NeedsPassphrase or
    Untrusted if not. `now` is this install's clock (a revision dated over ten minutes
    after it is refused)."""
    by_passphrase = bundle_format.needs_passphrase(data)
    with store.read() as session:
        keys = own_keys(session)
        contacts = list_contacts(session)
        install_id = get_meta(session, "install_id") or ""
    if by_passphrase:
        if passphrase is None:
            raise NeedsPassphrase(_("This bundle was sent with a passphrase; give it to open it."))
        plain = bundle_format.open_with_passphrase(data, passphrase)
    else:
        plain = bundle_format.open_with_identity(data, keys.age_identity)
    members = bundle_format.unpack(plain)
    del plain
    manifest = parse_manifest(members.manifest)
    sender = _check_signature(manifest, members.manifest, members.signature.decode(
        "utf-8", "replace"), keys.age_recipient, keys.signing_public, contacts)
    if manifest.passphrase != by_passphrase:
        raise BadBundle(_("The bundle's manifest does not say how it was encrypted."))
    if not by_passphrase and keys.fingerprint not in manifest.recipients:
        raise BadBundle(_("This bundle was not addressed to this install: someone passed it "
                          "on. Ask the sender to send it to you."))
    manifest.check_records(members.records)
    with _no_cycle_collection():
        return _checked_bundle(store, manifest, sender, members.records, now, keys, contacts,
                               install_id)


def _checked_bundle(store: Store, manifest: Manifest, sender: str, records: bytes,
                    now: datetime | None, keys: OwnKeys, contacts: list[KeyContact],
                    install_id: str) -> OpenedBundle:
    decoded = decode(records, now)
    trust = Keys(keys.signing_public, install_id, {c.signing_key: c for c in contacts})
    sender_key = manifest.sender.minisign_public_key
    bound = trust.contacts[sender_key].install_id if sender_key in trust.contacts else \
        install_id
    if bound and bound != manifest.sender.install_id:
        raise Untrusted(_("This bundle from {sender} says it was written on another install "
                          "than their earlier bundles: nothing was imported.").format(
                            sender=sender))
    with store.read() as session:
        vouched = check_vouching(session, decoded, trust, sender_key,
                                 manifest.sender.install_id)
    return OpenedBundle(manifest, sender, decoded.records, vouched, trust, decoded.rows,
                        decoded.redactions, decoded.texts)


def _check_signature(manifest: Manifest, manifest_bytes: bytes, signature: str,
                     own_recipient: str, own_signing: str, contacts: list[KeyContact]) -> str:
    claimed = manifest.sender
    if fingerprint(claimed.age_recipient, claimed.minisign_public_key) != claimed.fingerprint:
        raise BadBundle(_("The bundle's sender fingerprint does not match its keys."))
    known = {(c.age_recipient, c.signing_key): c.name for c in contacts}
    known[(own_recipient, own_signing)] = OWN_INSTALL
    name = known.get((claimed.age_recipient, claimed.minisign_public_key))
    try:
        trusted = minisign.verify(manifest_bytes, signature, claimed.minisign_public_key)
    except minisign.BadSignature:
        raise BadBundle(_("The bundle's signature does not match: it was altered, or it is "
                          "not from who it claims.")) from None
    if trusted != manifest.trusted_comment:
        raise BadBundle(_("The bundle's signature belongs to another bundle."))
    if name is None:
        raise UnknownSender(claimed.fingerprint,
                            f"{claimed.age_recipient}:{claimed.minisign_public_key}")
    return name


def plan_import(store: Store, bundle: OpenedBundle) -> ImportPlan:
    """What importing would add, change and leave in conflict; writes nothing."""
    with _no_cycle_collection(), store.read() as session:
        return _plan(session, bundle)


def apply_bundle(store: Store, bundle: OpenedBundle, author: Author,
                 progress: Progress | None = None) -> ImportPlan:
    """Merge the bundle into the store in one transaction (planned again inside it, so a
    change made since the preview is taken into account). `progress` hears of each batch
    written, as an export's does of each batch read."""
    report = progress or (lambda done, total, what: None)
    try:
        with _no_cycle_collection(), store.write() as session:
            report(0, 1, "comparing with the store")
            plan = _plan(session, bundle)
            apply_outcomes(session, plan.outcomes, author, report,
                           batch_of=bundle.vouched.batch_of, checked=bundle.checked,
                           texts=bundle.texts)
            apply_erasures(session, plan.erasures, bundle.records, bundle.vouched.batch_of)
            _keep_vouching(session, bundle, {r.id for o in plan.outcomes
                                             for r in o.new_revisions})
            manifest = bundle.manifest
            own = own_keys(session).fingerprint
            if session.get(BundleLog, (manifest.bundle_id, "received", bundle.sender)) is None:
                session.add(BundleLog(
                    bundle_id=manifest.bundle_id, direction="received", peer=bundle.sender,
                    peer_fingerprint=manifest.sender.fingerprint, sequence=manifest.sequence,
                    revisions=manifest.revisions, cases=manifest.cases, at=author.now,
                    peer_sequence=manifest.numbers.get(own, 0)))
    except BrokenReference:
        # Rolled back whole. A record pointing at one neither here nor in the bundle: an
        # earlier bundle from the sender never arrived, or the sender's records are bad.
        raise UserError(_("This bundle refers to records this install does not hold (an "
                          "earlier bundle from the sender may be missing); nothing was "
                          "imported.")) from None
    finish_erasure(store)  # if a purge arrived: VACUUM, and the backups destroyed
    return plan


def _latest(revisions: list[Rev]) -> Rev:
    """The version of a record its history ends in (of two, the first by id)."""
    named = {p for r in revisions for p in r.parents}
    return min((r for r in revisions if r.id not in named), key=lambda r: r.id,
               default=revisions[-1])


def known_revisions(session: Session, records: dict[tuple[str, str], list[Rev]]) -> set[str]:
    """The ids among `records` this install already holds."""
    return known_ids(session, [r.id for revs in records.values() for r in revs])


def _keep_vouching(session: Session, bundle: OpenedBundle, written: set[str]) -> None:
    """Keep the bundle's verified batches (for relaying, and to sign copies held here of
    the revisions they cover), its grants, and the install each new contact signs as."""
    vouched = bundle.vouched
    for batch in vouched.batches:
        if session.get(SignedBatch, batch.id) is None:
            session.add(SignedBatch(id=batch.id, signer=batch.signer, origin=batch.origin,
                                    made_at=batch.made_at, items="\n".join(batch.items),
                                    signature=batch.signature))
    session.flush()
    # The revisions this import wrote have their batch already; copies held from before
    # may not.
    unsigned = [item for batch in vouched.batches for item in batch.items
                if item not in written]
    held = [(vouched.batch_of[rid], rid) for (rid,) in rows_where_in(
        session, "SELECT id FROM revisions WHERE batch IS NULL AND id IN ({marks})", unsigned)]
    if held:
        session.connection().exec_driver_sql("UPDATE revisions SET batch = ? WHERE id = ?",
                                             held)
    for grant in vouched.grants:
        keep_grant(session, grant)
    for key, install in vouched.installs.items():
        contact = session.get(KeyContact, bundle.keys.contacts[key].name)
        if contact is not None and contact.install_id is None:
            contact.install_id = install
            session.add(contact)


def _plan(session: Session, bundle: OpenedBundle) -> ImportPlan:
    manifest = bundle.manifest
    known = known_revisions(session, bundle.records)
    accepted, refused = check_redactions(session, bundle.records, bundle.redactions,
                                         bundle.vouched, bundle.keys)
    # A record whose purge is refused here is left out whole: neither taken nor judged.
    records = {key: revisions for key, revisions in bundle.records.items()
               if key not in refused}
    check_signed(records, known, bundle.vouched, bundle.keys)
    check_scope(session, records, known, bundle.vouched, bundle.keys)
    erasures = plan_erasures(session, records, accepted, refused)
    outcomes = plan_records(session, {key: revisions for key, revisions in records.items()
                                      if key not in erasures.skip},
                            known, bundle.vouched.signer)
    before = session.exec(select(BundleLog).where(
        BundleLog.bundle_id == manifest.bundle_id, BundleLog.direction == "received")).first()
    latest = max(session.exec(select(BundleLog.sequence).where(
        BundleLog.direction == "received",
        BundleLog.peer_fingerprint == manifest.sender.fingerprint)).all(), default=None)
    plan = ImportPlan(bundle, outcomes, erasures=erasures,
                      imported_before=before.at.isoformat(timespec="minutes") if before else None,
                      older_than=latest if latest is not None and latest > manifest.sequence
                      else None)
    names: dict[str, list[tuple[str, str]]] = {}
    persons = {r.record: r.fields.get("person_id") for (t, _record), revs in bundle.records.items()
               if t == "cases" for r in revs}
    case_of_person = {p: c for c, p in persons.items() if p}
    for (table, _record), revisions in bundle.records.items():
        if table == "name_forms":
            head = _latest(revisions).fields
            case_id = case_of_person.get(head.get("person_id"))
            if case_id:
                names.setdefault(case_id, []).append((head.get("text", ""),
                                                      head.get("script", "")))
    plan.case_names = {c: display_name(forms) for c, forms in names.items()}
    touched = sorted({o.case_id for o in outcomes if o.case_id} - set(plan.case_names))
    for part in chunks(touched):
        plan.case_names.update(session.exec(select(CaseSummary.case_id,
                                                   CaseSummary.display_name)
                                            .where(col(CaseSummary.case_id).in_(part))).all())
    places = [o for o in outcomes if o.table == "places"]
    if places:
        crossings = china_crossings(session)

        def km(fields) -> float | None:
            found = distance_to_border(fields.get("lat"), fields.get("lon"), crossings) \
                if fields else None
            return found.km if found else None

        plan.place_distances = {o.record: (km(o.before), km(o.head.fields)) for o in places}
    return plan
