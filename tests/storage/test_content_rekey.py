"""A re-key seals the evidence files again to a new identity: a copy of the store taken
before it (a seized laptop's, with its coerced passphrase) opens none of the files kept
after, and a re-key killed half-way is finished at the next unlock."""

from __future__ import annotations

import os
import shutil

import pyrage
import pytest

from caseworker.evidence.attaching import attach_file
from caseworker.evidence.exporting import export_file
from caseworker.opening.unlocking import open_store
from storage import content_rekey
from storage.content_rekey import rekey_contents
from storage.file_contents import IDENTITY_KEY, PREVIOUS_IDENTITY_KEY
from storage.meta_values import get_meta
from tests.conftest import PASSPHRASE
from tests.support.case_factory import add_case, author, simple_draft


def _keep_files(store, folder, count: int) -> list[bytes]:
    case_id = add_case(store, simple_draft("Abai Kydyrbek"))
    kept = []
    for number in range(count):
        data = os.urandom(200_000 + number)
        (folder / f"testimony-{number}.mp4").write_bytes(data)
        attach_file(store, case_id, folder / f"testimony-{number}.mp4", author())
        kept.append(data)
    return kept


def _identity_in(data_dir) -> str:
    copy = open_store(data_dir, PASSPHRASE)
    try:
        with copy.read() as session:
            return get_meta(session, IDENTITY_KEY)
    finally:
        copy.close()


def test_a_copy_from_before_the_rekey_opens_none_of_the_files(store, data_dir, tmp_path):
    _keep_files(store, tmp_path, 3)
    store.close()
    seized = tmp_path / "seized-copy"
    shutil.copytree(data_dir, seized)  # the laptop's disk, imaged at the border
    live = open_store(data_dir, PASSPHRASE)
    try:
        live.rekey(PASSPHRASE)
        assert rekey_contents(live) == 3
        files = sorted(live.paths.content_files())
        with live.read() as session:
            assert get_meta(session, PREVIOUS_IDENTITY_KEY) is None
    finally:
        live.close()
    # The attacker's copy still opens with the old passphrase; its identity opens nothing.
    old_identity = pyrage.x25519.Identity.from_str(_identity_in(seized))
    assert len(files) == 3
    for path in files:
        with pytest.raises(pyrage.DecryptError):
            pyrage.decrypt(path.read_bytes(), [old_identity])


def test_every_file_still_exports_unchanged_after_a_rekey(store, tmp_path):
    kept = _keep_files(store, tmp_path, 2)
    store.rekey(PASSPHRASE)
    rekey_contents(store)
    with store.read() as session:
        ids = [row for row in session.connection().exec_driver_sql(
            "SELECT id FROM evidence_files ORDER BY size").scalars()]
    for number, file_id in enumerate(ids):
        export_file(store, file_id, tmp_path / f"out-{number}")
        assert (tmp_path / f"out-{number}").read_bytes() == kept[number]


def test_a_rekey_killed_half_way_is_finished_at_the_next_unlock(store, data_dir, tmp_path,
                                                              monkeypatch):
    kept = _keep_files(store, tmp_path, 3)
    real, done = content_rekey._reseal, []

    def killed_after_one(*args):
        if done:
            raise KeyboardInterrupt  # the process dies before the second file
        real(*args)
        done.append(args[0])

    monkeypatch.setattr(content_rekey, "_reseal", killed_after_one)
    with pytest.raises(KeyboardInterrupt):
        rekey_contents(store)
    store.close()
    monkeypatch.setattr(content_rekey, "_reseal", real)
    assert not list(data_dir.joinpath("files").glob(".*.tmp"))
    reopened = open_store(data_dir, PASSPHRASE)  # finishes the re-key
    try:
        with reopened.read() as session:
            assert get_meta(session, PREVIOUS_IDENTITY_KEY) is None
            current = pyrage.x25519.Identity.from_str(get_meta(session, IDENTITY_KEY))
            ids = list(session.connection().exec_driver_sql(
                "SELECT id FROM evidence_files ORDER BY size").scalars())
        for path in reopened.paths.content_files():
            pyrage.decrypt(path.read_bytes(), [current])  # each opens with the new one
        for number, file_id in enumerate(ids):
            export_file(reopened, file_id, tmp_path / f"out-{number}")
            assert (tmp_path / f"out-{number}").read_bytes() == kept[number]
    finally:
        reopened.close()
