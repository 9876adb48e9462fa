"""The key file: a random 32-byte database key wrapped by an Argon2id-derived key.

Format (JSON, version 1):
    {"format": "caseworker-key", "version": 1,
     "kdf": {"algorithm": "argon2id", "memory_kib", "time_cost", "parallelism", "salt"},
     "wrap": {"algorithm": "chacha20-poly1305", "nonce", "ciphertext"}}

The KDF parameters are the AEAD's associated data, so editing them in the file makes
unwrapping fail instead of silently deriving a weaker key.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from storage.atomic import write_atomically
from storage.errors import KeyFileDamaged, WrongPassphrase
from storage.kdf import KdfParams, derive

FORMAT = "caseworker-key"
VERSION = 1
DATABASE_KEY_BYTES = 32


def new_database_key() -> bytes:
    return os.urandom(DATABASE_KEY_BYTES)


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


def write_key_file(path: Path, database_key: bytes, passphrase: str, params: KdfParams) -> None:
    kdf = _kdf_header(params)
    nonce = os.urandom(12)
    wrapped = ChaCha20Poly1305(derive(passphrase, params)).encrypt(
        nonce, database_key, _associated_data(kdf)
    )
    document = {
        "format": FORMAT,
        "version": VERSION,
        "kdf": kdf,
        "wrap": {
            "algorithm": "chacha20-poly1305",
            "nonce": _b64(nonce),
            "ciphertext": _b64(wrapped),
        },
    }
    write_atomically(path, json.dumps(document, indent=2).encode("utf-8") + b"\n")


def read_kdf_params(path: Path) -> KdfParams:
    return _parse(path)[0]


def unwrap_database_key(path: Path, passphrase: str) -> bytes:
    params, kdf, nonce, ciphertext = _parse(path)
    try:
        return ChaCha20Poly1305(derive(passphrase, params)).decrypt(
            nonce, ciphertext, _associated_data(kdf)
        )
    except InvalidTag:
        raise WrongPassphrase("The passphrase is wrong.") from None


def _parse(path: Path) -> tuple[KdfParams, dict, bytes, bytes]:
    try:
        document = json.loads(path.read_bytes())
        if document.get("format") != FORMAT or document.get("version") != VERSION:
            raise ValueError("unknown key file format")
        kdf = document["kdf"]
        if kdf["algorithm"] != "argon2id" or document["wrap"]["algorithm"] != "chacha20-poly1305":
            raise ValueError("unknown algorithm")
        params = KdfParams(
            memory_kib=int(kdf["memory_kib"]),
            time_cost=int(kdf["time_cost"]),
            parallelism=int(kdf["parallelism"]),
            salt=_unb64(kdf["salt"]),
        )
        nonce = _unb64(document["wrap"]["nonce"])
        ciphertext = _unb64(document["wrap"]["ciphertext"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KeyFileDamaged(f"The key file {path.name} is damaged or unreadable.") from exc
    return params, kdf, nonce, ciphertext
