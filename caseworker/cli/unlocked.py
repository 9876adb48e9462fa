"""Opening the store for one command, and who the command's changes are by."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from caseworker.cli.passphrase_input import existing_passphrase
from caseworker.core.authoring import Author
from caseworker.core.config import Config, load_config
from caseworker.core.data_dir import resolve_data_dir
from caseworker.opening.unlocking import open_store
from storage.store import Store


@contextmanager
def unlocked_store(args) -> Iterator[tuple[Store, Config]]:
    data_dir = resolve_data_dir(args.data_dir)
    config = load_config(data_dir)
    store = open_store(data_dir, existing_passphrase(args))
    try:
        yield store, config
    finally:
        store.close()


def author(config: Config) -> Author:
    return Author(config.user, datetime.now(UTC))
