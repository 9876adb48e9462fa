"""The bundle file: an age-encrypted tar of a manifest, its minisign signature and the
records, readable with `age -d`, `tar`, `minisign -V` and `sha256sum` alone
(docs/architecture.md §6).

Everything happens in memory: decrypted bytes never touch the disk, and nothing in them is
acted on until the whole file has decrypted and authenticated (age authenticates chunk
by chunk, so a stream's early plaintext could come from a file cut or altered later on).
"""

from __future__ import annotations

import io
import re
import tarfile
from dataclasses import dataclass

import pyrage
from pyrage import passphrase as age_passphrase
from pyrage import x25519

from caseworker.core.i18n import _
from caseworker.core.user_errors import AuthFailure, UserError

MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.minisig"
RECORDS = "records.jsonl"
# The only members a bundle may hold, in this order, each once, each a regular file.
MEMBERS = (MANIFEST, SIGNATURE, RECORDS)
MAX_MEMBER_BYTES = {MANIFEST: 1 << 20, SIGNATURE: 4096, RECORDS: 512 << 20}
MAX_FILE_BYTES = (512 << 20) + (2 << 20)
_AGE_HEADER = b"age-encryption.org/v1\n"
_SCRYPT_LINE = re.compile(rb"^-> scrypt [A-Za-z0-9+/]{22} (\d{1,2})$")
# age's own default is 18; a file may ask for more, but not enough to hang the laptop.
MAX_SCRYPT_WORK = 22


class BadBundle(AuthFailure):
    """Damaged, altered, or not a bundle at all: nothing in it is used."""


HEX64 = re.compile(r"^[0-9a-f]{64}$")


def checked_text(value, pattern: re.Pattern | None = None) -> str:
    """A short text from a manifest or a record line, or ValueError (the callers turn it
    into BadBundle with where it was)."""
    if not isinstance(value, str) or len(value) > 200 or (pattern and not pattern.match(value)):
        raise ValueError
    return value


@dataclass(frozen=True)
class Members:
    manifest: bytes
    signature: bytes
    records: bytes


# -- the tar ------------------------------------------------------------------------------


def pack(members: Members, mtime: int) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in zip(MEMBERS, (members.manifest, members.signature, members.records),
                              strict=True):
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o600, mtime
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def unpack(data: bytes) -> Members:
    """The three members, or BadBundle if the tar holds anything else: other names, paths,
    links, devices, repeats, members out of order or over their size cap."""
    found: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
            for position, info in enumerate(tar):
                expected = MEMBERS[position] if position < len(MEMBERS) else None
                if info.name != expected:
                    raise BadBundle(_("The bundle holds a file it should not "
                                      "(only the manifest, its signature and the records)."))
                if not info.isreg():
                    raise BadBundle(_("The bundle holds a link or device instead of a file."))
                if info.size > MAX_MEMBER_BYTES[info.name]:
                    raise BadBundle(_("The bundle's {member} is larger than allowed.").format(
                        member=info.name))
                handle = tar.extractfile(info)
                found[info.name] = handle.read() if handle else b""
    except tarfile.TarError:
        raise BadBundle(_("The bundle's contents are not a readable archive.")) from None
    if len(found) != len(MEMBERS):
        raise BadBundle(_("The bundle is missing its manifest, signature or records."))
    return Members(found[MANIFEST], found[SIGNATURE], found[RECORDS])


# -- age ----------------------------------------------------------------------------------


def seal_to(plain: bytes, recipients: list[str]) -> bytes:
    # encrypt_io, between in-memory buffers: pyrage's encrypt() of bytes measured a third
    # slower on the same data (bench/run bundles).
    sealed = io.BytesIO()
    pyrage.encrypt_io(io.BytesIO(plain), sealed,
                      [x25519.Recipient.from_str(r) for r in recipients])
    return sealed.getvalue()


def seal_with_passphrase(plain: bytes, passphrase: str) -> bytes:
    return age_passphrase.encrypt(plain, passphrase)


def needs_passphrase(data: bytes) -> bool:
    """Whether the file was encrypted to a passphrase (else to keys); BadBundle if it is
    not an age file this app reads, before any decryption is tried."""
    if len(data) > MAX_FILE_BYTES:
        raise UserError(_("The file is larger than any bundle this app writes."))
    if not data.startswith(_AGE_HEADER):
        raise BadBundle(_("This is not a bundle (not an age-encrypted file)."))
    first_stanza = data[len(_AGE_HEADER):].split(b"\n", 1)[0]
    if not first_stanza.startswith(b"-> scrypt "):
        return False
    match = _SCRYPT_LINE.match(first_stanza)
    if match is None or int(match.group(1)) > MAX_SCRYPT_WORK:
        raise BadBundle(_("The bundle's passphrase settings are not ones this app accepts."))
    return True


def open_with_identity(data: bytes, identity: str) -> bytes:
    plain = io.BytesIO()  # in memory, and returned only once the whole file authenticated
    try:
        pyrage.decrypt_io(io.BytesIO(data), plain, [x25519.Identity.from_str(identity)])
        return plain.getvalue()
    except (pyrage.DecryptError, OSError):  # decrypt_io reports a damaged stream as OSError
        raise BadBundle(_("This bundle cannot be opened with this install's key: it was made "
                          "for someone else, or it was damaged or altered.")) from None


def open_with_passphrase(data: bytes, passphrase: str) -> bytes:
    try:
        return age_passphrase.decrypt(data, passphrase)
    except pyrage.DecryptError:
        raise BadBundle(_("Wrong passphrase, or the bundle was damaged or altered.")) from None
