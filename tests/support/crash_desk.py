"""The intake desk's seal, as an operation the crash tests interrupt
(docs/architecture.md §11): killed anywhere, the desk holds a receipt for every intake
reported sealed, each receipt's bundle is whole in the outbox, and at most the one
interrupted intake has a bundle without a receipt, never a receipt without its bundle."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterator
from pathlib import Path

from sqlmodel import func, select

from caseworker.cases.case_file import draft_from_json
from caseworker.desk.desk_mode import make_desk
from caseworker.desk.receipts import list_receipts
from caseworker.desk.sealing import seal_intake
from caseworker.opening.unlocking import create_store, open_store
from storage.kdf import floor_params
from storage.store import Store
from storage.tables import Case
from tests.conftest import PASSPHRASE
from tests.support.case_factory import ZONE, author
from tests.support.crash_operations import Operation
from tests.support.desk_helpers import canary_intake
from tests.support.install_helpers import contact_key


class SealIntake(Operation):
    """Sealing intakes one after another: a bundle in the outbox, then its receipt."""

    name = "seal"

    def prepare(self, data_dir: Path, work: Path) -> None:
        office = create_store(work / "office", PASSPHRASE, floor_params())
        desk = open_store(data_dir, PASSPHRASE)
        try:
            make_desk(desk, contact_key(office), self.outbox(work), author())
        finally:
            desk.close()
            office.close()

    @staticmethod
    def outbox(work: Path) -> Path:
        folder = work / "outbox"
        folder.mkdir(exist_ok=True)
        return folder

    def rounds(self, data_dir: Path, work: Path) -> Iterator[int]:
        # Each kill starts from a fresh store, so the outbox starts empty too.
        for leftover in self.outbox(work).iterdir():
            leftover.unlink()
        store = open_store(data_dir, PASSPHRASE)
        for number in itertools.count(1):
            draft = draft_from_json(canary_intake(f"Round{number}"))
            seal_intake(store, draft, f"volunteer {number}", author(), ZONE)
            yield number

    def check(self, store: Store, work: Path, reported: int) -> None:
        outbox = self.outbox(work)
        with store.read() as session:
            receipts = list_receipts(session)
            cases = session.exec(select(func.count()).select_from(Case)).one()
        assert len(receipts) in (reported, reported + 1), (len(receipts), reported)
        assert cases == 0
        for receipt in receipts:
            sealed = outbox / receipt.bundle_file
            assert hashlib.sha256(sealed.read_bytes()).hexdigest() == receipt.bundle_sha256
        bundles = {p.name for p in outbox.iterdir() if not p.name.startswith(".")}
        unreceipted = bundles - {r.bundle_file for r in receipts}
        assert len(unreceipted) <= 1, unreceipted
