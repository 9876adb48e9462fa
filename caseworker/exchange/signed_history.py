"""Signed history: every revision covered by an Ed25519 signature of the install that
made it (docs/architecture.md §6).

A revision's id is the SHA-256 of all of its content (storage/history.py), so signing the
id signs every field: what changed, the author, the install, the case and the time. An
install signs the ids of its own revisions in batches of at most BATCH_ITEMS, grouped by
case, when it next writes a bundle; a batch travels with any of its revisions, so a
revision relayed through the office keeps its author's signature. One signature covers up
to a thousand revisions: checking 58,000 revisions one signature each took seconds; a
bundle of 10,000 cases carries about sixty batches.

Merges and the gazetteer's revisions are signed by no one: every install makes them again
from what it holds (merges from their parents, the gazetteer's from the shipped file), so
a bundle's copy is accepted only when it is the same revision.

Stores from before: `upgrade_history` hashes every revision again over all of its content
(renaming parents, heads and the conflict inbox to match), once, when the store is first
opened by this version. This install's own earlier revisions are then signed in its next
bundle like any other. Other installs' earlier revisions cannot be signed by anyone but
their maker: they stay as they are here, unsigned, and are never accepted unsigned from a
bundle; their maker signs them when it upgrades and sends its next bundle, and that batch
then covers the copies held here too.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import text
from sqlmodel import Session, col, select

from caseworker.exchange.install_keys import OwnKeys
from caseworker.exchange.revision_merge import MERGE_ORIGIN, conflict_id, merge_case
from caseworker.places.gazetteer import GAZETTEER_ORIGIN
from storage.columns import format_utc
from storage.history import DIGEST_KEY, REDACTED_KEY, canonical, id_from_digest, revision_id
from storage.meta_values import get_meta, set_meta
from storage.store import Store
from storage.tables import Conflict, GrantStatement, Redaction, SignedBatch

FORMAT_KEY = "history.format"
FORMAT = "2"
BATCH_ITEMS = 1000
# Revisions every install makes again for itself rather than taking anyone's word.
UNSIGNED_ORIGINS = {MERGE_ORIGIN, GAZETTEER_ORIGIN}
_DOMAIN = b"caseworker signed batch 1\n"
_GRANT_DOMAIN = b"caseworker grant 1\n"


@dataclass(frozen=True)
class Batch:
    id: str
    signer: str  # minisign public key, base64 ("Ed", key id, 32-byte key)
    origin: str
    made_at: str
    items: tuple[str, ...]  # sorted ids
    signature: str

    def to_json(self) -> dict:
        return {"id": self.id, "signer": self.signer, "origin": self.origin,
                "made_at": self.made_at, "items": list(self.items),
                "signature": self.signature}

    @classmethod
    def from_row(cls, row: SignedBatch) -> Batch:
        return cls(row.id, row.signer, row.origin, row.made_at,
                   tuple(row.items.split("\n")) if row.items else (), row.signature)


@dataclass(frozen=True)
class Grant:
    """An install's signed word that it sent `items` ("table:record"; a whole case as
    "cases:ID") to the installs with the keys `grantees`, who may change them."""

    id: str
    granter: str
    grantees: tuple[str, ...]
    items: tuple[str, ...]
    made_at: str
    signature: str

    def to_json(self) -> dict:
        return {"id": self.id, "granter": self.granter, "grantees": list(self.grantees),
                "items": list(self.items), "made_at": self.made_at,
                "signature": self.signature}

    @classmethod
    def from_row(cls, row: GrantStatement) -> Grant:
        return cls(row.id, row.granter, tuple(row.grantees.split("\n")),
                   tuple(row.items.split("\n")) if row.items else (), row.made_at,
                   row.signature)


def grant_message(granter: str, grantees: tuple[str, ...], made_at: str,
                  items: tuple[str, ...]) -> bytes:
    return _GRANT_DOMAIN + "\n".join([granter, made_at, str(len(grantees)), *grantees,
                                       *items]).encode("utf-8")


def make_grant(session: Session, keys: OwnKeys, grantees: list[str], items: set[str],
               now) -> Grant | None:
    """Sign and keep this install's grant of `items` to `grantees` (their signing keys)."""
    if not grantees or not items:
        return None
    ordered, to = tuple(sorted(items)), tuple(sorted(set(grantees)))
    made_at = format_utc(now)
    message = grant_message(keys.signing_public, to, made_at, ordered)
    grant = Grant(hashlib.sha256(message).hexdigest(), keys.signing_public, to, ordered,
                  made_at, base64.b64encode(keys.signing_private.sign(
                      hashlib.blake2b(message).digest())).decode())
    keep_grant(session, grant)
    return grant


def grant_verifies(grant: Grant) -> bool:
    message = grant_message(grant.granter, grant.grantees, grant.made_at, grant.items)
    return (hashlib.sha256(message).hexdigest() == grant.id
            and _signed(grant.granter, grant.signature, message))


def keep_grant(session: Session, grant: Grant) -> None:
    """Store a verified grant and the scope rows it gives, unless already held."""
    if session.get(GrantStatement, grant.id) is not None:
        return
    session.add(GrantStatement(id=grant.id, granter=grant.granter,
                               grantees="\n".join(grant.grantees),
                               items="\n".join(grant.items), made_at=grant.made_at,
                               signature=grant.signature))
    rows = [(grant.id, grantee, *item.split(":", 1), grant.granter)
            for grantee in grant.grantees for item in grant.items]
    session.flush()
    session.connection().exec_driver_sql(
        "INSERT OR IGNORE INTO scope_grants (statement, grantee, table_name, record_id, "
        "granter) VALUES (?, ?, ?, ?, ?)", rows)


def grants_for(session: Session, signers: set[str], items: set[str]) -> list[Grant]:
    """The grants held to any of `signers` that cover any of `items`: what a bundle
    carries so its receiver can check those signers' scope."""
    if not signers or not items:
        return []
    rows = session.exec(select(GrantStatement)).all()
    found = []
    for row in rows:
        grant = Grant.from_row(row)
        if signers & set(grant.grantees) and items & set(grant.items):
            found.append(grant)
    return found


def batch_message(signer: str, origin: str, made_at: str, items: tuple[str, ...]) -> bytes:
    """What a batch's signature signs; its SHA-256 is the batch's id."""
    return _DOMAIN + "\n".join([signer, origin, made_at, *items]).encode("utf-8")


def batch_id(signer: str, origin: str, made_at: str, items: tuple[str, ...]) -> str:
    return hashlib.sha256(batch_message(signer, origin, made_at, items)).hexdigest()


def sign_batch(keys: OwnKeys, origin: str, made_at: str, items: list[str]) -> Batch:
    ordered = tuple(sorted(items))
    message = batch_message(keys.signing_public, origin, made_at, ordered)
    # Prehashed, as minisign signs files: the message of a full batch is some 65 kB.
    signature = keys.signing_private.sign(hashlib.blake2b(message).digest())
    return Batch(hashlib.sha256(message).hexdigest(), keys.signing_public, origin, made_at,
                 ordered, base64.b64encode(signature).decode())


def batch_verifies(batch: Batch) -> bool:
    """Whether `batch` is signed by the key it names and its id is its content's."""
    message = batch_message(batch.signer, batch.origin, batch.made_at, batch.items)
    if hashlib.sha256(message).hexdigest() != batch.id or list(batch.items) != sorted(
            set(batch.items)):
        return False
    return _signed(batch.signer, batch.signature, message)


def _signed(signer: str, signature_text: str, message: bytes) -> bool:
    try:
        key = base64.b64decode(signer, validate=True)
        signature = base64.b64decode(signature_text, validate=True)
    except ValueError:
        return False
    if len(key) != 42 or key[:2] != b"Ed" or len(signature) != 64:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(key[10:]).verify(
            signature, hashlib.blake2b(message).digest())
    except InvalidSignature:
        return False
    return True


def sign_own_revisions(session: Session, keys: OwnKeys, install_id: str, now) -> int:
    """Sign every revision this install made that no batch covers yet, in batches of at
    most BATCH_ITEMS grouped by case (a bundle of one case then carries one or two); and
    the merges held from before, which nobody else can sign. Returns how many."""
    rows = session.connection().execute(text(
        "SELECT id, case_id FROM revisions WHERE batch IS NULL AND (origin = :own OR "
        "origin = :merge) ORDER BY case_id, seq"),
        {"own": install_id, "merge": MERGE_ORIGIN}).all()
    if not rows:
        return 0
    made_at = format_utc(now)
    updates = []
    for start in range(0, len(rows), BATCH_ITEMS):
        part = [rid for rid, _ in rows[start:start + BATCH_ITEMS]]
        batch = sign_batch(keys, install_id, made_at, part)
        session.add(SignedBatch(id=batch.id, signer=batch.signer, origin=batch.origin,
                                made_at=batch.made_at, items="\n".join(batch.items),
                                signature=batch.signature))
        updates += [(batch.id, rid) for rid in part]
    session.flush()
    session.connection().exec_driver_sql("UPDATE revisions SET batch = ? WHERE id = ?",
                                         updates)
    return len(rows)


def sign_own_redactions(session: Session, keys: OwnKeys, install_id: str, now) -> int:
    """Sign the purges this install made that no batch covers yet, in one batch: a
    redaction's id is the SHA-256 of who purged which records on which install and when,
    so listing it in a batch signs all of that, as for a revision. Returns how many."""
    rows = session.exec(select(Redaction).where(col(Redaction.batch).is_(None),
                                                Redaction.origin == install_id)
                        .order_by(col(Redaction.seq))).all()
    if not rows:
        return 0
    made_at = format_utc(now)
    for start in range(0, len(rows), BATCH_ITEMS):
        part = rows[start:start + BATCH_ITEMS]
        batch = sign_batch(keys, install_id, made_at, [row.id for row in part])
        session.add(SignedBatch(id=batch.id, signer=batch.signer, origin=batch.origin,
                                made_at=batch.made_at, items="\n".join(batch.items),
                                signature=batch.signature))
        for row in part:
            row.batch = batch.id
            session.add(row)
    session.flush()
    return len(rows)


def batches_of(session: Session, ids: set[str]) -> list[Batch]:
    """The stored batches with these ids."""
    found = []
    wanted = sorted(ids)
    for start in range(0, len(wanted), 900):
        part = wanted[start:start + 900]
        found += [Batch.from_row(row) for row in session.exec(
            select(SignedBatch).where(col(SignedBatch.id).in_(part)))]
    return found


# -- stores from before signed history -----------------------------------------------------


def upgrade_history(store: Store) -> bool:
    """Hash every revision again over all of its content, once; True if it did."""
    with store.read() as session:
        if get_meta(session, FORMAT_KEY) == FORMAT:
            return False
    with store.write() as session:
        if get_meta(session, FORMAT_KEY) == FORMAT:
            return False
        rehash_history(session)
        set_meta(session, FORMAT_KEY, FORMAT)
    return True


def rehash_history(session: Session) -> None:
    connection = session.connection()
    rows = connection.execute(text(
        "SELECT seq, id, table_name, record_id, parents, fields, changed, author, origin, "
        "case_id, at FROM revisions")).all()
    if not rows:
        return
    by_id = {row[1]: row for row in rows}
    renamed: dict[str, str] = {}
    cases: dict[str, str | None] = {}
    updates = []
    for row in _parents_first(rows, by_id):
        seq, old, table, record, parents_json, fields, changed, author, origin, case, at = row
        parents = [renamed.get(p, p) for p in json.loads(parents_json)]
        if origin == MERGE_ORIGIN:  # the case a merge was made in, as every install says
            case = merge_case([cases.get(p) for p in sorted(parents)])
        content = json.loads(fields)
        if set(content) == {REDACTED_KEY, DIGEST_KEY}:  # purged: its digest stands for it
            new_id = id_from_digest(table, record, parents, content[DIGEST_KEY],
                                    json.loads(changed), author, origin, case, at)
        else:
            new_id = revision_id(table, record, parents, fields, json.loads(changed), author,
                                 origin, case, at)
        renamed[old] = new_id
        cases[new_id] = case
        updates.append((new_id, canonical(sorted(parents)), case, seq))
    connection.exec_driver_sql(
        "UPDATE revisions SET id = ?, parents = ?, case_id = ? WHERE seq = ?", updates)
    heads = connection.exec_driver_sql("SELECT table_name, record_id, head FROM record_heads")
    connection.exec_driver_sql(
        "UPDATE record_heads SET head = ? WHERE table_name = ? AND record_id = ?",
        [(renamed.get(head, head), table, record) for table, record, head in heads.all()])
    _rename_conflicts(session, renamed)


def _parents_first(rows, by_id) -> list:
    """The rows with every revision after its parents (arrival order mostly is; an
    imported bundle's order was the sender's)."""
    children = defaultdict(list)
    waiting = {}
    for row in rows:
        parents = [p for p in json.loads(row[4]) if p in by_id]
        waiting[row[1]] = len(parents)
        for parent in parents:
            children[parent].append(row[1])
    ready = sorted((row for row in rows if waiting[row[1]] == 0), key=lambda r: r[0],
                   reverse=True)
    ordered = []
    while ready:
        row = ready.pop()
        ordered.append(row)
        for child in children[row[1]]:
            waiting[child] -= 1
            if waiting[child] == 0:
                ready.append(by_id[child])
    return ordered


def _rename_conflicts(session: Session, renamed: dict[str, str]) -> None:
    for row in list(session.exec(select(Conflict))):
        merge = renamed.get(row.merge_revision, row.merge_revision)
        sides = json.loads(row.sides)
        for side in sides:
            side["revision"] = renamed.get(side["revision"], side["revision"])
        new = Conflict(**{**row.model_dump(), "id": conflict_id(merge, row.field),
                          "merge_revision": merge,
                          "sides": json.dumps(sides, ensure_ascii=False)})
        session.delete(row)
        session.flush()
        session.add(new)
    session.flush()
