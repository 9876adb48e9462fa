"""Argon2id key derivation for the passphrase, with calibration, a floor and a ceiling.

The derived key only wraps the random database key (see keyfile.py). Passphrases are
NFC-normalised first: the same Kazakh or Russian words typed on another system (or with
another keyboard layout) may arrive as a different sequence of code points.
"""

from __future__ import annotations

import os
import time
import unicodedata
from dataclasses import asdict, dataclass

from argon2.low_level import ARGON2_VERSION, Type, ffi, lib

# RFC 9106 §4, second recommended option: 64 MiB, 3 passes, 4 lanes. Never go below.
FLOOR_MEMORY_KIB = 64 * 1024
FLOOR_TIME_COST = 3
PARALLELISM = 4
# docs/architecture.md §3: start from about 256 MiB and 3 passes, aim for 0.5-1 s on this
# machine.
START_MEMORY_KIB = 256 * 1024
TARGET_SECONDS = (0.5, 1.0)
MAX_TIME_COST = 12
SALT_BYTES = 16
KEY_BYTES = 32
# Ceilings on what a key file may ask for: the parameters are read before anything is
# authenticated, so a key file edited to ask for terabytes or days would otherwise make
# unlocking exhaust the laptop instead of failing. Four times calibration's start, and
# its most passes; RFC 9106 allows up to 2^24 lanes, no laptop has more than 64 cores.
MAX_MEMORY_KIB = 4 * START_MEMORY_KIB
MAX_PARALLELISM = 64
MAX_SALT_BYTES = 64


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int
    time_cost: int
    parallelism: int
    salt: bytes

    def __post_init__(self) -> None:
        if self.memory_kib < FLOOR_MEMORY_KIB or self.time_cost < FLOOR_TIME_COST:
            raise ValueError("key-derivation parameters are below the RFC 9106 floor")
        if len(self.salt) < SALT_BYTES:
            raise ValueError("key-derivation salt is too short")
        if self.memory_kib > MAX_MEMORY_KIB or self.time_cost > MAX_TIME_COST \
                or not 1 <= self.parallelism <= MAX_PARALLELISM \
                or len(self.salt) > MAX_SALT_BYTES:
            raise ValueError("key-derivation parameters are beyond what this store accepts")

    def with_new_salt(self) -> KdfParams:
        return KdfParams(self.memory_kib, self.time_cost, self.parallelism, os.urandom(SALT_BYTES))

    def public(self) -> dict:
        """The parameters without the salt, for status displays."""
        data = asdict(self)
        data.pop("salt")
        return data


def floor_params() -> KdfParams:
    """The cheapest parameters the store accepts (RFC 9106's 64 MiB option)."""
    return KdfParams(FLOOR_MEMORY_KIB, FLOOR_TIME_COST, PARALLELISM, os.urandom(SALT_BYTES))


def normalise(passphrase: str) -> str:
    """The form every passphrase is derived from (NFC)."""
    return unicodedata.normalize("NFC", passphrase)


def derive(passphrase: str, params: KdfParams, *, as_typed: bool = False) -> bytearray:
    """The wrapping key, in a bytearray the caller zeroes (`wipe`) once it is used.

    `as_typed` derives from the passphrase without normalising it: only to open key
    files written before passphrases were normalised."""
    secret = bytearray(passphrase if as_typed else normalise(passphrase), "utf-8")
    out = bytearray(KEY_BYTES)
    try:
        # argon2-cffi's hash_secret_raw returns immutable bytes that cannot be zeroed;
        # the C function writes straight into our buffer instead.
        code = lib.argon2_hash(
            params.time_cost, params.memory_kib, params.parallelism,
            ffi.from_buffer(secret), len(secret), params.salt, len(params.salt),
            ffi.from_buffer(out), KEY_BYTES, ffi.NULL, 0, Type.ID.value, ARGON2_VERSION)
    finally:
        wipe(secret)
    if code != 0:
        wipe(out)
        raise MemoryError("Argon2id could not derive the key (not enough memory?)")
    return out


def wipe(buffer: bytearray) -> None:
    """Overwrite a key held in a bytearray with zeros."""
    buffer[:] = bytes(len(buffer))


def calibrate(target: tuple[float, float] = TARGET_SECONDS) -> KdfParams:
    """Pick parameters that take between target[0] and target[1] seconds here.

    Old laptops get less memory (never below the floor); fast machines get more passes.
    """
    low, high = target
    memory, passes = START_MEMORY_KIB, FLOOR_TIME_COST
    while True:
        params = KdfParams(memory, passes, PARALLELISM, os.urandom(SALT_BYTES))
        started = time.perf_counter()
        wipe(derive("calibration", params))
        took = time.perf_counter() - started
        if took > high and memory > FLOOR_MEMORY_KIB:
            memory = max(FLOOR_MEMORY_KIB, memory // 2)
        elif took < low and passes < MAX_TIME_COST:
            # Scale passes in proportion, at least one more.
            passes = min(MAX_TIME_COST, max(passes + 1, int(passes * low / max(took, 1e-3))))
        else:
            return params
