"""Opening a store for use: create or unlock it, bring its gazetteer and then its derived
data up to date.

The CLI and the app both come through here, so they always see the same store.
"""

from __future__ import annotations

from pathlib import Path

from caseworker.cases.derived_data import bring_up_to_date
from caseworker.core.config import write_default_config
from caseworker.exchange.install_keys import ensure_own_keys
from caseworker.places.gazetteer import upgrade_gazetteer
from storage.columns import utc_now
from storage.kdf import KdfParams
from storage.store import Store


def create_store(data_dir: Path, passphrase: str, params: KdfParams | None = None,
                 user: str | None = None) -> Store:
    """`user`: who is working on this install, as they gave their name at first run."""
    store = Store.create(data_dir, passphrase, params)
    write_default_config(data_dir, user)
    _bring_up_to_date(store)
    return store


def open_store(data_dir: Path, passphrase: str) -> Store:
    store = Store.unlock(data_dir, passphrase)
    try:
        _bring_up_to_date(store)
    except BaseException:
        store.close()
        raise
    return store


def _bring_up_to_date(store: Store) -> None:
    upgrade_gazetteer(store, utc_now())
    bring_up_to_date(store)
    ensure_own_keys(store)
