"""Argon2id key derivation for the passphrase, with calibration and a floor.

The derived key only wraps the random database key (see keyfile.py), so changing
the parameters or the passphrase never re-encrypts the database.
"""

from __future__ import annotations

import ctypes
import functools
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

from argon2.low_level import Type, hash_secret_raw

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


def derive(passphrase: str, params: KdfParams) -> bytes:
    try:
        return hash_secret_raw(
            secret=passphrase.encode("utf-8"),
            salt=params.salt,
            time_cost=params.time_cost,
            memory_cost=params.memory_kib,
            parallelism=params.parallelism,
            hash_len=KEY_BYTES,
            type=Type.ID,
        )
    finally:
        give_back_freed_memory()


def give_back_freed_memory() -> None:
    """Return the heap's free pages to the operating system, where the C library keeps
    them otherwise (docs/architecture.md §3): the derivation's buffer is hundreds of MiB
    that an app open all day would hold for nothing."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    # glibc only: the symbols the process already has, so nothing is searched for on disk.
    # macOS's allocator and Windows' heap hand blocks this large back to the system when
    # they are freed, and musl has no malloc_trim.
    if os.name != "posix":
        return None
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


def calibrate(target: tuple[float, float] = TARGET_SECONDS) -> KdfParams:
    """Pick parameters that take between target[0] and target[1] seconds here.

    Old laptops get less memory (never below the floor); fast machines get more passes.
    """
    low, high = target
    memory, passes = START_MEMORY_KIB, FLOOR_TIME_COST
    while True:
        params = KdfParams(memory, passes, PARALLELISM, os.urandom(SALT_BYTES))
        started = time.perf_counter()
        derive("calibration", params)
        took = time.perf_counter() - started
        if took > high and memory > FLOOR_MEMORY_KIB:
            memory = max(FLOOR_MEMORY_KIB, memory // 2)
        elif took < low and passes < MAX_TIME_COST:
            # Scale passes in proportion, at least one more.
            passes = min(MAX_TIME_COST, max(passes + 1, int(passes * low / max(took, 1e-3))))
        else:
            return params
