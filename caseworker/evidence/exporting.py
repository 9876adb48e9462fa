"""Writing a file's original out where a person asks: streamed out of its sealed file and checked
against the SHA-256 recorded when it was added, so a copy altered in the store (or
damaged) never leaves it looking like evidence (docs/architecture.md §13)."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from caseworker.core.user_errors import AuthFailure, UserError
from caseworker.evidence.file_records import find_file
from caseworker.evidence.publication import clean_copy
from storage.atomic import BINARY, FlushedBehind, move_into_place, temp_sibling
from storage.file_contents import CHUNK_BYTES, ContentsDamaged, open_contents
from storage.hashed_behind import HashedBehind
from storage.store import Store

Progress = Callable[[int, int], None]  # (bytes done, bytes in all)


@dataclass(frozen=True)
class Exported:
    path: Path
    size: int
    sha256: str  # of the original, as checked
    removed: tuple[str, ...] = ()  # with `clean`: the metadata taken out, in words


def export_file(store: Store, given: str, out: Path, progress: Progress | None = None,
                clean: bool = False) -> Exported:
    """Write the original of file `given` (an id or its first characters) to `out`, a new
    file; with `clean`, a publication copy without its metadata (publication.py). Written
    under a temp name and renamed once whole and checked: a failed or refused export
    leaves nothing at `out`."""
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
        with FlushedBehind(fd) as handle, store.read() as session, \
                HashedBehind() as digest:
            info = find_file(session, given)
            if not info.contents_here:
                raise UserError("Only this file's record is on this install: its contents "
                                "did not come with the bundle that brought it.")
            expected = info.record
            sink = _HashingSink(handle, digest, expected.size, progress)
            try:
                with io.BufferedWriter(sink, CHUNK_BYTES) as buffered:
                    open_contents(store.paths, session, expected.sha256, buffered)
            except ContentsDamaged as exc:
                raise AuthFailure(f"The stored copy of this file cannot be read: {exc}; "
                                  "nothing was exported.") from None
            handle.flush_to_drive()
        if digest.hexdigest() != expected.sha256 or sink.size != expected.size:
            raise AuthFailure("The stored copy of this file does not match the SHA-256 "
                              "recorded when it was added: it was altered or damaged, and "
                              "was not exported.")
        removed: list[str] = []
        if clean:
            cleaned, removed = clean_copy(partial.read_bytes(), expected.media_type)
            partial.write_bytes(cleaned)
        move_into_place(partial, out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UserError(f"{out.name} could not be written "
                        f"({exc.strerror or 'write failed'}).") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Exported(out, sink.size, expected.sha256, tuple(removed))


class _HashingSink(io.RawIOBase):
    """Writes what age opens to the export, hashing and counting it on the way."""

    def __init__(self, handle: FlushedBehind, digest: HashedBehind, total: int,
                 progress: Progress | None) -> None:
        self.handle, self.digest, self.total, self.progress = handle, digest, total, progress
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        written = self.handle.write(data)
        self.digest.update(data)
        self.size += len(data)
        if self.progress is not None:
            self.progress(self.size, self.total)
        return written

    def close(self) -> None:
        # The export's own handle is closed by its owner, once whole.
        self.flush()
        super().close()

