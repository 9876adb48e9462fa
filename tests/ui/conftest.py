"""Fixtures the screen snapshot files share: the seeded stores, built once per session,
and a key derived once per module (tests/support/snapshot_app.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.snapshot_app import remembered_keys
from tests.support.snapshot_stores import SnapshotStores, build


@pytest.fixture(scope="module")
def derive_each_key_once():
    with remembered_keys():
        yield


@pytest.fixture(scope="session")
def stores(template_store, tmp_path_factory) -> SnapshotStores:
    return build(template_store, tmp_path_factory.mktemp("snapshot-stores"))


@pytest.fixture
def seeded(stores, tmp_path) -> Path:
    """A copy of the store with the two seed cases, for one test."""
    target = tmp_path / "data"
    shutil.copytree(stores.seeded, target)
    return target
