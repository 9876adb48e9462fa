"""Several installs in one test: copies of the template store, each with its own install
id and keys, that know each other as contacts."""

from __future__ import annotations

import shutil
from pathlib import Path

from caseworker.exchange.install_keys import add_contact, ensure_own_keys, own_keys
from caseworker.opening.unlocking import open_store
from storage.columns import new_id
from storage.meta_values import set_meta
from storage.store import Store
from storage.tables import Meta
from tests.conftest import PASSPHRASE
from tests.support.case_factory import author


def new_install(template: Path, target: Path) -> Store:
    shutil.copytree(template, target)
    store = open_store(target, PASSPHRASE)
    with store.write() as session:
        for key in ("keys.age_identity", "keys.signing_seed", "keys.signing_key_id"):
            row = session.get(Meta, key)
            if row is not None:
                session.delete(row)
        set_meta(session, "install_id", new_id())
    ensure_own_keys(store)
    return store


def contact_key(store: Store) -> str:
    with store.read() as session:
        return own_keys(session).contact_key


def introduce(stores: dict[str, Store], office: str | None = None) -> None:
    """Every install adds every other as a contact under its name in `stores`; `office`,
    if named, as the escrow contact of the others."""
    for name, store in stores.items():
        for other_name, other in stores.items():
            if other_name != name:
                add_contact(store, other_name, contact_key(other), author(),
                            escrow=other_name == office)
