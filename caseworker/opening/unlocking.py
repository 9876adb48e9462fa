"""Opening a store for use: create or unlock it, bring its history, its gazetteer and
then its derived data up to date.

The CLI and the app both come through here, so they always see the same store.
"""

from __future__ import annotations

from pathlib import Path

from caseworker.cases.derived_data import bring_up_to_date
from caseworker.core.authoring import Author
from caseworker.core.config import write_default_config
from caseworker.desk.desk_mode import make_desk
from caseworker.exchange.erasure import finish_erasure
from caseworker.exchange.install_keys import ensure_own_keys
from caseworker.exchange.signed_history import upgrade_history
from caseworker.places.gazetteer import root_shipped_places, upgrade_gazetteer
from storage.columns import utc_now
from storage.content_rekey import finish_contents_rekey
from storage.file_contents import ensure_content_keys, sweep_contents
from storage.kdf import KdfParams
from storage.shredding import wipe_store
from storage.store import Store


def create_store(data_dir: Path, passphrase: str, params: KdfParams | None = None) -> Store:
    store = Store.create(data_dir, passphrase, params)
    write_default_config(data_dir)
    _bring_up_to_date(store)
    return store


def create_desk_store(data_dir: Path, passphrase: str, office_key: str, outbox: Path,
                      author: Author, caseworker_keys: tuple[str, ...] = (),
                      params: KdfParams | None = None) -> Store:
    """A new store set up as an intake desk sealing for the office (and the caseworkers
    it names); if the set-up fails, no store is left: never one that was meant to be a
    desk and is not one (docs/architecture.md §11)."""
    store = create_store(data_dir, passphrase, params)
    try:
        make_desk(store, office_key, outbox, author, caseworker_keys)
    except BaseException:
        store.close()
        wipe_store(data_dir)
        raise
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
    # A purge killed before its VACUUM: finish it before anything else reads the store.
    finish_erasure(store)
    sweep_contents(store)  # an attach killed before it committed left a sealed file
    ensure_content_keys(store)
    finish_contents_rekey(store)  # a re-key killed while it sealed the files again
    upgrade_history(store)  # before anything that writes revisions of the new form
    upgrade_gazetteer(store, utc_now())
    root_shipped_places(store)
    bring_up_to_date(store)
    ensure_own_keys(store)
