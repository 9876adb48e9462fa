"""The office's store for the Inbox screen's snapshots (tests/ui/test_inbox_snapshots.py),
built with fixed keys, ids and times like the others (tests/support/snapshot_stores.py):
Qalymbek Shahman on file in RFA's spelling, and one intake sealed at a desk in
Fergana's, imported and waiting, with him as its possible same person."""

from __future__ import annotations

import random
import uuid
from pathlib import Path

import pytest

from caseworker.cases.case_file import draft_from_json
from caseworker.cases.case_write import create_case
from caseworker.desk.desk_mode import make_desk
from caseworker.desk.inbox_import import import_folder
from caseworker.desk.sealing import seal_intake
from caseworker.exchange.install_keys import add_contact
from tests.support.case_factory import ZONE, seed_draft
from tests.support.inbox_helpers import FERGANA_SPELLING, intake
from tests.support.snapshot_stores import USER, _at, _contact_key, _install

SEED = 20261202
DESK = "front desk"  # the desk, as the office knows it


def build_inbox(template: Path, folder: Path) -> Path:
    """The office's data folder."""
    with pytest.MonkeyPatch.context() as patch:
        # every random record id comes from one seeded generator, in the order made here
        generator = random.Random(SEED)
        patch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=generator.getrandbits(128),
                                                        version=4))
        office = _install(template, folder / "office", "office")
        desk = _install(template, folder / "desk", "front desk")
        outbox = folder / "outbox"
        outbox.mkdir()
        create_case(office, seed_draft("qalymbek-shahman"), _at(USER, days=-2))
        make_desk(desk, _contact_key(office), outbox, _at("admin", days=-3))
        add_contact(office, DESK, _contact_key(desk), _at(USER, days=-3))
        seal_intake(desk, draft_from_json(intake(FERGANA_SPELLING)), "Aigerim",
                    _at("Aigerim", hours=-4), ZONE)
        desk.close()
        import_folder(office, outbox, _at(USER, hours=-1))
        office.close()
    return folder / "office"
