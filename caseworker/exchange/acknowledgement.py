"""Acknowledgements: the office's signed list of the bundles it received from desks, which
a desk checks against the office key it was set up with (docs/architecture.md §11).

The file is JSON: the list as text, exactly as signed, and its minisign signature (the
same Ed25519 signatures as a bundle's manifest, caseworker/exchange/minisign.py). It says
which bundles arrived, by id and SHA-256, and nothing of what they hold: no name, no
count of records. It is not encrypted, so it can be carried back to a desk on anything."""

from __future__ import annotations

import json
from dataclasses import dataclass

from caseworker.core.parsing import load_json
from caseworker.core.user_errors import UserError
from caseworker.exchange import minisign
from caseworker.exchange.install_keys import OwnKeys

FORMAT = "caseworker-acknowledgement"
MAX_ACK_BYTES = 32 << 20  # far above a year of intakes: about 200 bytes each


@dataclass(frozen=True)
class Received:
    """One bundle the office received: from which desk (its fingerprint), which bundle,
    and the SHA-256 of the file as it arrived."""

    desk: str
    bundle_id: str
    sha256: str


def _comment(office: str) -> str:
    return f"caseworker acknowledgement from {office}"


def write_acknowledgement(keys: OwnKeys, received: list[Received], made_at: str) -> bytes:
    """The acknowledgement of `received`, signed with this install's key."""
    body = json.dumps({"office": keys.fingerprint, "made_at": made_at,
                       "bundles": [{"desk": r.desk, "bundle_id": r.bundle_id,
                                    "sha256": r.sha256} for r in received]},
                      sort_keys=True)
    signature = minisign.sign(body.encode(), keys.signing_private, keys.key_id,
                              _comment(keys.fingerprint),
                              "acknowledgement of bundles received")
    return (json.dumps({"format": FORMAT, "body": body, "signature": signature}, indent=1)
            + "\n").encode()


def read_acknowledgement(data: bytes, office_signing_key: str,
                         office_fingerprint: str) -> list[Received]:
    """The bundles an acknowledgement lists, if it is signed by the office with this
    signing key and fingerprint; else one sentence saying it is not."""
    try:
        outer = load_json(data.decode("utf-8"))
        body, signature = outer["body"], outer["signature"]
        if outer.get("format") != FORMAT or not isinstance(body, str) \
                or not isinstance(signature, str):
            raise ValueError
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise UserError("The file is not an acknowledgement from an office.") from None
    try:
        trusted = minisign.verify(body.encode(), signature, office_signing_key)
    except minisign.BadSignature:
        raise UserError("The acknowledgement is not signed by this desk's office key: it "
                        "was altered, or it comes from another office.") from None
    try:
        listed = load_json(body)
        office = listed["office"]
        bundles = [Received(*_texts(b, ("desk", "bundle_id", "sha256")))
                   for b in listed["bundles"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise UserError("The acknowledgement is signed by this desk's office key but lists "
                        "its bundles in a form this app does not read.") from None
    if trusted != _comment(office_fingerprint) or office != office_fingerprint:
        raise UserError("The acknowledgement is signed by this desk's office key but names "
                        "another office.")
    return bundles


def _texts(entry: dict, keys: tuple[str, ...]) -> list[str]:
    """The fields of one listed bundle: short texts, or ValueError."""
    values = [entry[key] for key in keys]
    if not all(isinstance(value, str) and len(value) <= 200 for value in values):
        raise ValueError
    return values
