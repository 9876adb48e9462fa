"""This install's keys, and the contacts it exchanges bundles with.

Each install has an age X25519 identity (bundles are encrypted to it) and an Ed25519
signing key in minisign's format (its bundles' manifests are signed with it, so
`minisign -V` checks them). Both are made the first time the store is opened and kept in
the encrypted store, never in a file beside it.

A contact is given as one line, their "contact key": the age recipient and the minisign
public key joined by a colon. People compare a fingerprint of the two by voice (or scan
it as a QR code) before trusting a key that came by e-mail or messenger. Contacts are
always matched by their whole keys, never by minisign's 8-byte key id, which anyone can
grind to match.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pyrage import x25519
from sqlmodel import Session, select

from caseworker.core.authoring import Author
from caseworker.core.i18n import ngettext
from caseworker.core.user_errors import UserError
from storage.meta_values import get_meta, set_meta
from storage.store import Store
from storage.tables import BundleLog, KeyContact

_AGE_IDENTITY = "keys.age_identity"
_SIGNING_SEED = "keys.signing_seed"  # base64 of the 32-byte Ed25519 seed
_SIGNING_KEY_ID = "keys.signing_key_id"  # base64 of minisign's 8-byte key id
_AGE_RECIPIENT = re.compile(r"^age1[02-9ac-hj-np-z]{58}$")
_NAME = re.compile(r"^[\w][\w .'-]{0,59}$")
FINGERPRINT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to mishear


@dataclass(frozen=True)
class OwnKeys:
    age_identity: str  # AGE-SECRET-KEY-1...
    signing_seed: bytes
    key_id: bytes  # minisign key id, 8 bytes

    @property
    def age_recipient(self) -> str:
        return str(x25519.Identity.from_str(self.age_identity).to_public())

    @property
    def signing_private(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.signing_seed)

    @property
    def signing_public(self) -> str:
        """The minisign public key: base64 of "Ed", the key id and the 32-byte key."""
        raw = self.signing_private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return base64.b64encode(b"Ed" + self.key_id + raw).decode()

    @property
    def contact_key(self) -> str:
        return f"{self.age_recipient}:{self.signing_public}"

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.age_recipient, self.signing_public)


FINGERPRINT_LETTERS = 28  # 140 bits, five to a letter


def fingerprint(age_recipient: str, signing_public: str) -> str:
    """Twenty-eight letters and digits in seven groups of four, from a SHA-256 of both
    whole public keys: 140 bits, so matching a fingerprint means finding a second key
    pair for a given hash, beyond any computer (80 bits were within reach of a
    determined one). Groups of four are read aloud one at a time, and the alphabet has
    no 0/O or 1/I to mishear."""
    digest = hashlib.sha256(f"{age_recipient}\n{signing_public}".encode()).digest()
    number = int.from_bytes(digest[:18], "big") >> 4
    letters = []
    for _ in range(FINGERPRINT_LETTERS):
        number, index = divmod(number, 32)
        letters.append(FINGERPRINT_ALPHABET[index])
    text = "".join(letters)
    return "-".join(text[i:i + 4] for i in range(0, FINGERPRINT_LETTERS, 4))


def same_fingerprint(given: str, expected: str) -> bool:
    """Whether a fingerprint a person typed is `expected`, however they spaced, dashed or
    cased it."""
    typed = "".join(ch for ch in given.upper() if ch.isalnum())
    return typed == expected.replace("-", "")


def ensure_own_keys(store: Store) -> None:
    """Make this install's keys if it has none yet (a new store, or one from before)."""
    with store.read() as session:
        if get_meta(session, _AGE_IDENTITY) is not None:
            return

    with store.write() as session:
        if get_meta(session, _AGE_IDENTITY) is not None:
            return
        set_meta(session, _AGE_IDENTITY, str(x25519.Identity.generate()))
        set_meta(session, _SIGNING_SEED, base64.b64encode(os.urandom(32)).decode())
        set_meta(session, _SIGNING_KEY_ID, base64.b64encode(os.urandom(8)).decode())


def own_keys(session: Session) -> OwnKeys:
    identity = get_meta(session, _AGE_IDENTITY)
    seed, key_id = get_meta(session, _SIGNING_SEED), get_meta(session, _SIGNING_KEY_ID)
    if identity is None or seed is None or key_id is None:
        raise UserError("This store has no keys yet; open it once with the app or a command.")
    return OwnKeys(identity, base64.b64decode(seed), base64.b64decode(key_id))


def parse_contact_key(text: str) -> tuple[str, str]:
    """(age recipient, minisign public key) from a contact key, or a UserError saying
    which half is wrong."""
    age_part, _, signing_part = text.strip().partition(":")
    if not _AGE_RECIPIENT.match(age_part):
        raise UserError("A contact key starts with their age recipient (age1…, 62 "
                        "characters), then a colon and their signing key.")
    try:
        raw = base64.b64decode(signing_part, validate=True)
    except ValueError:
        raw = b""
    if len(raw) != 42 or raw[:2] != b"Ed":
        raise UserError("The part after the colon must be a minisign public key (56 "
                        "characters of base64, starting RW).")
    return age_part, signing_part


def add_contact(store: Store, name: str, contact_key: str, author: Author,
                escrow: bool = False) -> KeyContact:
    name = " ".join(name.split())
    if not _NAME.match(name):
        raise UserError("A contact's name is 1 to 60 letters, digits, spaces, dots, "
                        "apostrophes or hyphens.")
    recipient, signing = parse_contact_key(contact_key)
    with store.write() as session:
        if recipient == own_keys(session).age_recipient:
            raise UserError("That is this install's own key.")
        if session.get(KeyContact, name) is not None:
            raise UserError(f"There is already a contact called {name!r}; remove it first.")
        same = session.exec(select(KeyContact).where(
            KeyContact.age_recipient == recipient)).first()
        if same is not None:
            raise UserError(f"This key is already the contact {same.name!r}.")
        contact = KeyContact(name=name, age_recipient=recipient, signing_key=signing,
                             fingerprint=fingerprint(recipient, signing), escrow=escrow,
                             added_at=author.now, added_by=author.name)
        session.add(contact)
        return contact


def remove_contact(store: Store, name: str) -> None:
    with store.write() as session:
        contact = session.get(KeyContact, " ".join(name.split()))
        if contact is None:
            raise UserError(f"No contact called {name.strip()[:60]!r}.")
        session.delete(contact)


def list_contacts(session: Session) -> list[KeyContact]:
    return list(session.exec(select(KeyContact).order_by(KeyContact.name)))


def missing_bundles(session: Session) -> dict[str, list[int]]:
    """Per contact fingerprint, the numbers of the bundles it wrote to this install that
    never arrived: the gaps below the highest number received."""
    received: dict[str, set[int]] = {}
    for peer, number in session.exec(select(BundleLog.peer_fingerprint, BundleLog.peer_sequence)
                                     .where(BundleLog.direction == "received",
                                            BundleLog.peer_sequence > 0)):
        received.setdefault(peer, set()).add(number)
    return {peer: sorted(set(range(1, max(numbers))) - numbers)
            for peer, numbers in received.items() if len(numbers) < max(numbers)}


def missing_text(numbers: list[int]) -> str:
    """"bundle 7 from this contact never arrived", for the Exchange screen and the list."""
    if not numbers:
        return ""
    shown = ", ".join(map(str, numbers[:10])) + ("…" if len(numbers) > 10 else "")
    return ngettext("bundle {numbers} from this contact never arrived",
                    "bundles {numbers} from this contact never arrived",
                    len(numbers)).format(numbers=shown)
