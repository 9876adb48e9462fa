"""The bundle manifest: who sent it, to whom, which of their bundles it is, and the
SHA-256 and size of the records it carries. The sender signs it; everything else in the
bundle is checked against it."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from caseworker.core.i18n import _
from caseworker.core.parsing import load_json
from caseworker.core.user_errors import UserError
from caseworker.exchange.bundle_format import HEX64, RECORDS, BadBundle, checked_text

FORMAT = "caseworker-bundle"
# 2: revision ids over all of a revision's content, signed batches and grants among the
# records, and each recipient's count of bundles from this sender (`numbers`).
SCHEMA_VERSION = 2
_BUNDLE_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Sender:
    fingerprint: str
    age_recipient: str
    minisign_public_key: str
    install_id: str


@dataclass(frozen=True)
class Manifest:
    bundle_id: str
    created_at: str
    sender: Sender
    sequence: int
    recipients: tuple[str, ...]  # fingerprints; empty for a passphrase bundle
    passphrase: bool
    cases: int
    revisions: int
    records_sha256: str
    records_size: int
    # Per recipient fingerprint: this bundle's number among those the sender wrote to it,
    # so a recipient sees a gap when one never arrived.
    numbers: dict = field(default_factory=dict)

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "bundle_id": self.bundle_id,
            "created_at": self.created_at,
            "sender": {"fingerprint": self.sender.fingerprint,
                       "age_recipient": self.sender.age_recipient,
                       "minisign_public_key": self.sender.minisign_public_key,
                       "install_id": self.sender.install_id},
            "sequence": self.sequence,
            "recipients": list(self.recipients),
            "passphrase": self.passphrase,
            "cases": self.cases,
            "revisions": self.revisions,
            "numbers": dict(sorted(self.numbers.items())),
            "members": {RECORDS: {"sha256": self.records_sha256, "size": self.records_size}},
        }
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()

    @property
    def trusted_comment(self) -> str:
        """Signed with the manifest, and shown by `minisign -V`."""
        return f"caseworker bundle {self.bundle_id} sequence {self.sequence}"

    def check_records(self, records: bytes) -> None:
        if len(records) != self.records_size or \
                hashlib.sha256(records).hexdigest() != self.records_sha256:
            raise BadBundle(_("The bundle's records do not match its signed manifest: it was "
                              "altered after it was signed."))


def parse_manifest(data: bytes) -> Manifest:
    """The manifest, or BadBundle / UserError (a newer format) saying what is wrong."""
    try:
        raw = load_json(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadBundle(_("The bundle's manifest is not readable JSON.")) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BadBundle(_("This file is not a Caseworker bundle."))
    version = raw.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BadBundle(_("The bundle's manifest has no format version."))
    if version != SCHEMA_VERSION:
        raise UserError(_("This bundle is in format version {version}; this Caseworker reads "
                          "version {supported}. Update Caseworker on both laptops.").format(
                            version=version, supported=SCHEMA_VERSION))
    try:
        sender = raw["sender"]
        member = raw["members"][RECORDS]
        manifest = Manifest(
            bundle_id=checked_text(raw["bundle_id"], _BUNDLE_ID),
            created_at=checked_text(raw["created_at"]),
            sender=Sender(*(checked_text(sender[key]) for key in (
                "fingerprint", "age_recipient", "minisign_public_key", "install_id"))),
            sequence=_count(raw["sequence"]),
            recipients=tuple(checked_text(r) for r in _list(raw["recipients"])),
            passphrase=_flag(raw["passphrase"]),
            cases=_count(raw["cases"]),
            revisions=_count(raw["revisions"]),
            records_sha256=checked_text(member["sha256"], HEX64),
            records_size=_count(member["size"]),
            numbers=_numbers(raw["numbers"]),
        )
    except (KeyError, TypeError, ValueError):
        raise BadBundle(_("The bundle's manifest is incomplete or malformed.")) from None
    if set(raw["members"]) != {RECORDS}:
        raise BadBundle(_("The bundle's manifest lists files a bundle does not hold."))
    return manifest


def _count(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**53:
        raise ValueError
    return value


def _numbers(value) -> dict[str, int]:
    if not isinstance(value, dict) or len(value) > 1000:
        raise ValueError
    return {checked_text(key): _count(number) for key, number in value.items()}


def _flag(value) -> bool:
    if not isinstance(value, bool):
        raise ValueError
    return value


def _list(value) -> list:
    if not isinstance(value, list) or len(value) > 1000:
        raise ValueError
    return value
