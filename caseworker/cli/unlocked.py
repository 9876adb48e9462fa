"""Opening the store for one command, and who the command's changes are by."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from caseworker.cli.passphrase_input import existing_passphrase
from caseworker.core.authoring import Author
from caseworker.core.config import Config, load_config
from caseworker.core.data_dir import resolve_data_dir
from caseworker.core.store_settings import config_with_store_settings, migrate, migrated
from caseworker.desk.desk_mode import refuse_on_desk
from caseworker.opening.unlocking import open_store
from storage.store import Store


@contextmanager
def unlocked_store(args, on_desk: bool = False) -> Iterator[tuple[Store, Config]]:
    """The store, and the settings: config.toml's, with the store's own for what matters
    for security (the author's name above all). A store without settings yet gets
    config.toml's once the command has succeeded: a refused command writes nothing.

    An intake desk keeps no cases: a command is refused there unless it says `on_desk`,
    so one added later is refused until someone decides otherwise
    (docs/architecture.md §11)."""
    data_dir = resolve_data_dir(args.data_dir)
    file_config = load_config(data_dir)
    store = open_store(data_dir, existing_passphrase(args))
    try:
        with store.read() as session:
            if not on_desk:
                refuse_on_desk(session, command_name(args))
            config = config_with_store_settings(session, file_config)
            pending = not migrated(session)
        yield store, config
        if pending:
            with store.write() as session:
                migrate(session, file_config)
    finally:
        store.close()


def command_name(args) -> str:
    """The command as typed, without its options: 'case list', 'bundle export'."""
    action = getattr(args, f"{args.command}_action", None)
    return f"{args.command} {action}" if action else str(args.command)


def author(config: Config) -> Author:
    return Author(config.user, datetime.now(UTC))
