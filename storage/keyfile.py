"""The key file: a random 32-byte database key wrapped by an Argon2id-derived key.

Format (JSON, version 1):
    {"format": "caseworker-key", "version": 1,
     "kdf": {"algorithm": "argon2id", "memory_kib", "time_cost", "parallelism", "salt"},
     "wrap": {"algorithm": "chacha20-poly1305", "nonce", "ciphertext"},
     "spare": {"salt", "nonce", "ciphertext"}}

The KDF parameters are the AEAD's associated data, so editing them in the file makes
unwrapping fail instead of silently deriving a weaker key.

`spare` is the duress slot: 32 zero bytes wrapped under a key derived (with its own salt
and parameters: `salt`, `memory_kib`, `time_cost`, `parallelism`) from the duress
passphrase, or random bytes of the same length when there is none, so the file does not
tell whether a duress passphrase is set. A passphrase that opens no slot costs two
derivations, the same whether or not one is set. Files written before the slot existed
have none.

Keys are returned in bytearrays, which the holder zeroes (`storage.kdf.wipe`) when done.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from storage.atomic import fsync_directory, overwrite_in_place, write_atomically
from storage.errors import KeyFileDamaged, WrongPassphrase
from storage.kdf import KdfParams, derive, normalise, wipe

FORMAT = "caseworker-key"
VERSION = 1
DATABASE_KEY_BYTES = 32
NONCE_BYTES = 12
WRAPPED_BYTES = DATABASE_KEY_BYTES + 16  # ChaCha20-Poly1305 adds a 16-byte tag
_SPARE_DATA = b"caseworker-key spare slot"


def new_database_key() -> bytearray:
    return bytearray(os.urandom(DATABASE_KEY_BYTES))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _kdf_header(params: KdfParams) -> dict:
    return {
        "algorithm": "argon2id",
        "memory_kib": params.memory_kib,
        "time_cost": params.time_cost,
        "parallelism": params.parallelism,
        "salt": _b64(params.salt),
    }


def _associated_data(kdf: dict) -> bytes:
    return json.dumps({"format": FORMAT, "version": VERSION, "kdf": kdf}, sort_keys=True).encode()


def _seal(wrapping: bytearray, plain: bytes | bytearray, associated: bytes) -> tuple[bytes, bytes]:
    nonce = os.urandom(NONCE_BYTES)
    try:
        return nonce, ChaCha20Poly1305(wrapping).encrypt(nonce, plain, associated)
    finally:
        wipe(wrapping)


def random_spare(params: KdfParams) -> dict:
    """A duress slot that no passphrase opens, indistinguishable from one that does."""
    return {**_kdf_header(params.with_new_salt()), "nonce": _b64(os.urandom(NONCE_BYTES)),
            "ciphertext": _b64(os.urandom(WRAPPED_BYTES))}


def duress_spare(duress_passphrase: str, params: KdfParams) -> dict:
    """A duress slot that `duress_passphrase` opens."""
    params = params.with_new_salt()
    nonce, sealed = _seal(derive(duress_passphrase, params), bytes(DATABASE_KEY_BYTES),
                          _SPARE_DATA)
    return {**_kdf_header(params), "nonce": _b64(nonce), "ciphertext": _b64(sealed)}


def key_file_bytes(database_key: bytearray, passphrase: str, params: KdfParams,
                   spare: dict | None = None) -> bytes:
    """The key file's content; `spare` is the duress slot to keep (a random one if None)."""
    kdf = _kdf_header(params)
    nonce, wrapped = _seal(derive(passphrase, params), database_key, _associated_data(kdf))
    document = {
        "format": FORMAT,
        "version": VERSION,
        "kdf": kdf,
        "wrap": {
            "algorithm": "chacha20-poly1305",
            "nonce": _b64(nonce),
            "ciphertext": _b64(wrapped),
        },
        "spare": spare or random_spare(params),
    }
    return json.dumps(document, indent=2).encode("utf-8") + b"\n"


def write_key_file(path: Path, database_key: bytearray, passphrase: str, params: KdfParams,
                   spare: dict | None = None) -> None:
    """A new key file at `path` (which must not hold a key still needed: see replace_key)."""
    write_atomically(path, key_file_bytes(database_key, passphrase, params, spare))


def replace_key(path: Path, pending: Path) -> None:
    """Make the finished key file `pending` the key file at `path`, overwriting the old one
    in place first: a rename alone would leave the old wrapped key in freed blocks.

    Killed between the two steps, `path` is noise and `pending` the key: whoever unlocks
    next finds it (storage/store.py)."""
    overwrite_in_place(path)
    os.replace(pending, path)
    fsync_directory(path.parent)


def read_kdf_params(path: Path) -> KdfParams:
    return _parse(path).params


def read_spare(path: Path) -> dict | None:
    return _parse(path).spare


@dataclass
class Unwrapped:
    """What a passphrase opened: the database key, or the duress slot (key None)."""

    key: bytearray | None
    duress: bool = False
    # The passphrase worked only as typed, not normalised: written before normalising.
    as_typed: bool = False


def unwrap_database_key(path: Path, passphrase: str) -> bytearray:
    """The database key, or WrongPassphrase (the duress passphrase counts as wrong here)."""
    opened = open_key_file(path, passphrase, check_duress=False)
    if opened.key is None:
        raise WrongPassphrase("The passphrase is wrong.")
    return opened.key


def open_key_file(path: Path, passphrase: str, check_duress: bool = True) -> Unwrapped:
    """Try the passphrase on the key slot (normalised, then as typed if that differs), then
    on the duress slot. WrongPassphrase if it opens neither."""
    parsed = _parse(path)
    associated = _associated_data(parsed.kdf)
    forms = [False] + ([True] if normalise(passphrase) != passphrase else [])
    for as_typed in forms:
        key = _open(derive(passphrase, parsed.params, as_typed=as_typed), parsed.nonce,
                    parsed.ciphertext, associated)
        if key is not None:
            return Unwrapped(key, as_typed=as_typed)
    if check_duress and parsed.spare_slot is not None:
        spare_params, nonce, sealed = parsed.spare_slot
        opened = _open(derive(passphrase, spare_params), nonce, sealed, _SPARE_DATA)
        if opened is not None:
            wipe(opened)
            return Unwrapped(None, duress=True)
    raise WrongPassphrase("The passphrase is wrong.")


def _open(wrapping: bytearray, nonce: bytes, ciphertext: bytes,
          associated: bytes) -> bytearray | None:
    key = bytearray(max(len(ciphertext) - 16, 0))
    try:
        ChaCha20Poly1305(wrapping).decrypt_into(nonce, ciphertext, associated, key)
    except (InvalidTag, ValueError):
        return None
    finally:
        wipe(wrapping)
    return key


@dataclass
class _Parsed:
    params: KdfParams
    kdf: dict
    nonce: bytes
    ciphertext: bytes
    spare: dict | None
    spare_slot: tuple[KdfParams, bytes, bytes] | None


def _parse(path: Path) -> _Parsed:
    try:
        document = json.loads(path.read_bytes())
        if document.get("format") != FORMAT or document.get("version") != VERSION:
            raise ValueError("unknown key file format")
        kdf = document["kdf"]
        if kdf["algorithm"] != "argon2id" or document["wrap"]["algorithm"] != "chacha20-poly1305":
            raise ValueError("unknown algorithm")
        # KdfParams refuses values below the floor and above the ceilings (storage/kdf.py):
        # a key file is read before anything in it is authenticated.
        params = KdfParams(
            memory_kib=_whole(kdf["memory_kib"]),
            time_cost=_whole(kdf["time_cost"]),
            parallelism=_whole(kdf["parallelism"]),
            salt=_unb64(kdf["salt"]),
        )
        nonce = _unb64(document["wrap"]["nonce"])
        ciphertext = _unb64(document["wrap"]["ciphertext"])
        spare = document.get("spare")
        slot = None
        if spare is not None:
            slot = (KdfParams(memory_kib=_whole(spare["memory_kib"]),
                              time_cost=_whole(spare["time_cost"]),
                              parallelism=_whole(spare["parallelism"]),
                              salt=_unb64(spare["salt"])),
                    _unb64(spare["nonce"]), _unb64(spare["ciphertext"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyFileDamaged(f"The key file {path.name} is damaged or unreadable.") from exc
    return _Parsed(params, kdf, nonce, ciphertext, spare, slot)


def _whole(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("not a whole number")
    return value
