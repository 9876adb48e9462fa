"""Writing a file's original out where a person asks: streamed from the store and checked
against the SHA-256 recorded when it was added, so a copy altered in the store (or
damaged) never leaves it looking like evidence (docs/architecture.md §12)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from caseworker.core.user_errors import AuthFailure, UserError
from caseworker.evidence.file_records import find_file
from storage.atomic import BINARY, move_into_place, temp_sibling
from storage.file_contents import read_contents
from storage.store import Store

Progress = Callable[[int, int], None]  # (bytes done, bytes in all)


@dataclass(frozen=True)
class Exported:
    path: Path
    size: int
    sha256: str


def export_file(store: Store, given: str, out: Path,
                progress: Progress | None = None) -> Exported:
    """Write the original of file `given` (an id or its first characters) to `out`, a new
    file. Written under a temp name and renamed once whole and checked: a failed or
    refused export leaves nothing at `out`."""
    if out.exists():
        raise UserError(f"{out.name} exists already; give a new file name.")
    if not out.parent.is_dir():
        raise UserError(f"The folder for {out.name} does not exist.")
    partial = temp_sibling(out)
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | BINARY, 0o600)
    except OSError as exc:
        raise UserError(f"{out.name} cannot be written ({exc.strerror or 'write failed'}).") \
            from None
    try:
        with os.fdopen(fd, "wb") as handle, store.read() as session:
            info = find_file(session, given)
            if not info.contents_here:
                raise UserError("Only this file's record is on this install: its contents "
                                "did not come with the bundle that brought it.")
            expected, digest, done = info.record, hashlib.sha256(), 0
            for chunk in read_contents(session, expected.sha256):
                handle.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, expected.size)
        if digest.hexdigest() != expected.sha256 or done != expected.size:
            raise AuthFailure("The stored copy of this file does not match the SHA-256 "
                              "recorded when it was added: it was altered or damaged, and "
                              "was not exported.")
        move_into_place(partial, out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UserError(f"{out.name} could not be written "
                        f"({exc.strerror or 'write failed'}).") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Exported(out, done, expected.sha256)
