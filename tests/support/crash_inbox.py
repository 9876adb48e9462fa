"""The office's `inbox import`, as an operation the crash tests interrupt
(docs/architecture.md §11): killed anywhere, every intake reported imported has its case
and its inbox row, at most the interrupted one has a case without a row, and the next run
finishes it, leaving one case and one row per sealed intake."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

from sqlmodel import func, select

from caseworker.cases.case_file import draft_from_json
from caseworker.desk.desk_mode import make_desk
from caseworker.desk.inbox_import import import_folder
from caseworker.desk.sealing import seal_intake
from caseworker.exchange.install_keys import add_contact
from caseworker.opening.unlocking import create_store, open_store
from storage.kdf import floor_params
from storage.store import Store
from storage.tables import Case, InboxIntake
from tests.conftest import PASSPHRASE
from tests.support.case_factory import ZONE, author
from tests.support.crash_operations import Operation
from tests.support.desk_helpers import canary_intake
from tests.support.install_helpers import contact_key


class InboxImport(Operation):
    """Importing a folder that gains one sealed intake before each run."""

    name = "inbox"

    def prepare(self, data_dir: Path, work: Path) -> None:
        sealed = work / "sealed"
        sealed.mkdir()
        office = open_store(data_dir, PASSPHRASE)
        desk = create_store(work / "desk", PASSPHRASE, floor_params())
        try:
            make_desk(desk, contact_key(office), sealed, author())
            add_contact(office, "front desk", contact_key(desk), author())
            for number in range(1, self.calibration_rounds + 1):
                seal_intake(desk, draft_from_json(canary_intake(f"Round{number}")),
                            f"volunteer {number}", author(), ZONE)
        finally:
            desk.close()
            office.close()

    @staticmethod
    def arrived(work: Path) -> Path:
        return work / "arrived"

    def rounds(self, data_dir: Path, work: Path) -> Iterator[int]:
        # Each kill starts from a fresh store, so the folder starts empty too.
        arrived = self.arrived(work)
        shutil.rmtree(arrived, ignore_errors=True)
        arrived.mkdir()
        sealed = sorted((work / "sealed").iterdir())
        store = open_store(data_dir, PASSPHRASE)
        for number in itertools.count(1):
            shutil.copy(sealed[number - 1], arrived)
            import_folder(store, arrived, author())
            yield number

    def check(self, store: Store, work: Path, reported: int) -> None:
        rows, cases = self._counts(store)
        assert rows in (reported, reported + 1), (rows, reported)
        assert cases in (rows, rows + 1), (cases, rows)
        files = len(list(self.arrived(work).iterdir()))
        outcomes = import_folder(store, self.arrived(work), author())
        assert not [o for o in outcomes if o.outcome == "refused"], outcomes
        assert self._counts(store) == (files, files)

    @staticmethod
    def _counts(store: Store) -> tuple[int, int]:
        with store.read() as session:
            rows = session.exec(select(func.count()).select_from(InboxIntake)).one()
            cases = session.exec(select(func.count()).select_from(Case)).one()
        return rows, cases
