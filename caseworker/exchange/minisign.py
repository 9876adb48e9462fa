"""Ed25519 signatures in minisign's file format, so `minisign -V` checks them.

A signature file has four lines: an untrusted comment; base64 of "ED", the signer's
8-byte key id and an Ed25519 signature of the BLAKE2b-512 hash of the data; a trusted
comment; and base64 of an Ed25519 signature of the first signature followed by the
trusted comment, which binds the comment to the data. Only the prehashed "ED" kind is
written and accepted: the legacy kind signs the raw data and minisign itself deprecates it.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

MAX_COMMENT = 500


class BadSignature(ValueError):
    """The signature does not verify, or is not a minisign signature at all."""


def sign(data: bytes, private: Ed25519PrivateKey, key_id: bytes, trusted_comment: str,
         untrusted_comment: str = "signature from caseworker") -> str:
    if "\n" in trusted_comment or len(trusted_comment) > MAX_COMMENT:
        raise ValueError("a trusted comment is one line")
    signature = private.sign(hashlib.blake2b(data).digest())
    global_signature = private.sign(signature + trusted_comment.encode())
    return (f"untrusted comment: {untrusted_comment}\n"
            f"{base64.b64encode(b'ED' + key_id + signature).decode()}\n"
            f"trusted comment: {trusted_comment}\n"
            f"{base64.b64encode(global_signature).decode()}\n")


def public_key_file(public_key: str, key_id: bytes) -> str:
    """A minisign public key file (`minisign -p FILE`) for a base64 public key."""
    return f"untrusted comment: minisign public key {key_id[::-1].hex().upper()}\n{public_key}\n"


def verify(data: bytes, signature_file: str, public_key: str) -> str:
    """The trusted comment, if `signature_file` is a valid signature of `data` by the
    minisign public key `public_key` (base64); else BadSignature."""
    try:
        key = base64.b64decode(public_key, validate=True)
        lines = signature_file.split("\n")
        if len(lines) < 4 or not lines[0].startswith("untrusted comment:"):
            raise ValueError
        blob = base64.b64decode(lines[1].strip(), validate=True)
        if not lines[2].startswith("trusted comment: "):
            raise ValueError
        trusted = lines[2][len("trusted comment: "):]
        global_signature = base64.b64decode(lines[3].strip(), validate=True)
    except (ValueError, IndexError):
        raise BadSignature("not a minisign signature") from None
    if len(key) != 42 or key[:2] != b"Ed" or len(blob) != 74 or blob[:2] != b"ED":
        raise BadSignature("not a prehashed Ed25519 minisign signature or key")
    if blob[2:10] != key[2:10]:
        raise BadSignature("signed with another key")
    public = Ed25519PublicKey.from_public_bytes(key[10:])
    signature = blob[10:]
    try:
        public.verify(signature, hashlib.blake2b(data).digest())
        public.verify(global_signature, signature + trusted.encode())
    except InvalidSignature:
        raise BadSignature("the signature does not match") from None
    return trusted
