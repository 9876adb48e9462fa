"""Evidence file contents carried beside a bundle, when asked (docs/architecture.md §13).

A bundle always carries the files' records: who added each, when, its SHA-256. The
contents go only when the sender asks (`--with-files`, or up to a size, so an exchange
over a slow link stays small), in a folder beside the bundle, `NAME.cwb.files/`, one
`RECORD-ID.age` per file, sealed with age to the bundle's own recipients and streamed
both ways: a 1 GiB recording needs the memory of one read.

Nothing in a contents file is trusted for itself. Its name says which record it claims
to be; the receiver opens it, hashes what comes out, and keeps it only if that is the
SHA-256 the record says, the record having passed the bundle's signatures and scopes
like any other. One that does not match refuses the whole import before anything is
written. A later bundle that covers the case carries the contents again, so contents
left out once can follow.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from caseworker.core.user_errors import UserError
from caseworker.exchange.bundle_format import BadBundle
from caseworker.exchange.install_keys import own_keys
from storage.atomic import BINARY
from storage.file_contents import (
    ContentsDamaged,
    Incoming,
    decrypting,
    drop_incoming,
    holds_contents,
    keep_incoming,
    reseal_contents,
    seal_incoming,
)
from storage.store import Store
from storage.tables import EvidenceFile

if TYPE_CHECKING:
    from caseworker.core.authoring import Author
    from caseworker.exchange.bundle_import import ImportPlan, OpenedBundle
    from caseworker.exchange.bundle_selection import Progress

_NAME = re.compile(r"^([0-9a-f]{32})\.age$")
MAX_CARRIED = 10_000  # contents files beside one bundle


@dataclass(frozen=True)
class Carried:
    files: int
    size: int  # bytes of the originals


def contents_folder(bundle: Path) -> Path:
    return bundle.with_name(bundle.name + ".files")


def write_contents(store: Store, bundle: Path, record_ids: set[str], recipients: list[str],
                   up_to: int | None) -> Carried:
    """Beside `bundle`: the contents held here of the files `record_ids`, each no larger
    than `up_to` bytes (None: any size), sealed to `recipients`."""
    folder = contents_folder(bundle)
    with store.read() as session:
        rows = [row for row in _files(session, record_ids)
                if (up_to is None or row.size <= up_to) and holds_contents(session, row.sha256)]
        if not rows:
            return Carried(0, 0)
        if folder.exists():
            raise UserError(f"{folder.name} already exists; choose another file name.")
        folder.mkdir(mode=0o700)
        total = 0
        for row in rows:
            path = folder / f"{row.id.replace('-', '')}.age"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | BINARY, 0o600)
            with os.fdopen(fd, "wb") as out:
                try:
                    total += reseal_contents(store.paths, session, row.sha256, out,
                                             recipients)
                except ContentsDamaged as exc:
                    raise UserError(f"The stored copy of {row.name} cannot be sent: {exc}.") \
                        from None
    return Carried(len(rows), total)


def take_contents(store: Store, bundle: Path, opened: OpenedBundle) -> list[Incoming]:
    """The contents beside `bundle`, opened, checked against the SHA-256 of their records
    (in the bundle, else already here) and sealed into this store under temp names: kept
    by `keep_contents` once the records are imported. BadBundle, with nothing kept, if
    any does not match or names no file record."""
    folder = contents_folder(bundle)
    if not folder.is_dir():
        return []
    carried = sorted(folder.iterdir())
    if len(carried) > MAX_CARRIED:
        raise BadBundle(f"{folder.name} holds more files than any bundle carries; nothing "
                        "was imported.")
    expected = _expected(store, opened)
    taken: list[Incoming] = []
    try:
        with store.read() as session:
            identity = own_keys(session).age_identity
        for path in carried:
            match = _NAME.match(path.name)
            sha256, size = expected.get(match.group(1), (None, 0)) if match else (None, 0)
            if sha256 is None:
                raise BadBundle(f"{folder.name}/{path.name} is not the contents of a file "
                                "the bundle or this install has a record of; nothing was "
                                "imported.")
            with store.read() as session:
                if holds_contents(session, sha256):
                    continue
            taken.append(_open_one(store, path, identity, sha256, size,
                                   f"{folder.name}/{path.name}"))
    except BaseException:
        for incoming in taken:
            drop_incoming(incoming)
        raise
    return taken


def keep_contents(store: Store, taken: list[Incoming]) -> int:
    """Make checked contents held, in one write. Returns how many were new here."""
    with store.write() as session:
        return sum(not keep_incoming(store.paths, session, incoming) for incoming in taken)


def _open_one(store: Store, path: Path, identity: str, sha256: str, size: int,
              shown: str) -> Incoming:
    import pyrage  # deferred: only bundles that carry contents need it here

    def capped(read: Callable[[int], bytes]) -> Callable[[int], bytes]:
        # A contact's laptop in other hands could send endless bytes under a real
        # record's name, to fill this disk before the hash could refuse them: no more
        # is read than the signed record's size.
        taken = [0]

        def read_at_most(wanted: int) -> bytes:
            chunk = read(wanted)
            taken[0] += len(chunk)
            if taken[0] > size:
                raise BadBundle(f"{shown} is larger than its record says; nothing was "
                                "imported.")
            return chunk
        return read_at_most

    with store.read() as session, path.open("rb") as sealed:
        try:
            with decrypting(sealed, [pyrage.x25519.Identity.from_str(identity)]) as read:
                incoming = seal_incoming(store.paths, session, capped(read))
        except ContentsDamaged:
            raise BadBundle(f"{shown} does not open with this install's key, or was "
                            "altered; nothing was imported.") from None
    if incoming.sha256 != sha256:
        drop_incoming(incoming)
        raise BadBundle(f"{shown} does not match the SHA-256 its record gives: it was "
                        "altered or swapped; nothing was imported.")
    return incoming


def _expected(store: Store, opened: OpenedBundle) -> dict[str, tuple[str, int]]:
    """Record id (without dashes) → the SHA-256 and size its newest revision gives."""
    expected: dict[str, tuple[str, int]] = {}
    with store.read() as session:
        for row in session.exec(select(EvidenceFile)):
            expected[row.id.replace("-", "")] = (row.sha256, row.size)
    for (table, record), revisions in opened.records.items():
        if table != "evidence_files":
            continue
        newest = max(revisions, key=lambda r: (r.at, r.id))
        sha256, size = newest.fields.get("sha256"), newest.fields.get("size")
        if isinstance(sha256, str) and isinstance(size, int):
            expected[record.replace("-", "")] = (sha256, size)
        else:  # deleted or purged: no contents can belong to it
            expected.pop(record.replace("-", ""), None)
    return expected


def _files(session: Session, record_ids: set[str]) -> list[EvidenceFile]:
    ids = sorted(record_ids)
    rows: list[EvidenceFile] = []
    for start in range(0, len(ids), 500):
        rows += session.exec(select(EvidenceFile).where(
            col(EvidenceFile.id).in_(ids[start:start + 500]))).all()
    return rows


def apply_with_contents(store: Store, bundle: Path, opened: OpenedBundle, author: Author,
                        progress: Progress | None = None) -> tuple[ImportPlan, int]:
    """Import the bundle's records and the contents beside it: the contents are opened
    and checked first, so a bundle whose contents do not match writes nothing. Returns
    the import plan as applied and how many contents are new here."""
    from caseworker.exchange.bundle_import import apply_bundle  # the import's own module

    taken = take_contents(store, bundle, opened)
    try:
        plan = apply_bundle(store, opened, author, progress)
    except BaseException:
        for incoming in taken:
            drop_incoming(incoming)
        raise
    return plan, keep_contents(store, taken)
