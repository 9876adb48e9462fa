"""`init`, `status`, `passphrase`: the store's own life cycle.

Handlers import the store's code when they run, so that building the parser stays fast."""

from __future__ import annotations

import sys

from caseworker.cli.arguments import Commands, command, json_option
from caseworker.cli.output import print_json, print_lines
from storage.errors import StoreExists


def register(commands: Commands) -> None:
    command(commands, "init", init, "create the encrypted store in the data directory")
    json_option(command(commands, "status", status, "store location, versions, record counts"))
    passphrase = command(commands, "passphrase", change_passphrase,
                         "change the passphrase (re-wraps the key; data is not re-encrypted)")
    passphrase.add_argument("--new-passphrase-file", metavar="FILE",
                            help="read the new passphrase from FILE instead of asking")


def init(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.passphrase_input import new_passphrase
    from caseworker.core.data_dir import resolve_data_dir
    from caseworker.opening.unlocking import create_store
    from storage.paths import StorePaths

    data_dir = resolve_data_dir(args.data_dir)
    if StorePaths(data_dir).exists():
        raise StoreExists(f"A store already exists in {data_dir}.")
    passphrase = new_passphrase(args.passphrase_file, "--passphrase-file", allow_environment=True)
    sys.stderr.write("Creating the encrypted store (calibrating key derivation)...\n")
    create_store(data_dir, passphrase).close()
    print_json({"data_dir": str(data_dir), "store": str(StorePaths(data_dir).database)})
    return 0


def status(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.passphrase_input import existing_passphrase
    from caseworker.core.data_dir import resolve_data_dir
    from caseworker.opening.unlocking import open_store
    from storage.keyfile import read_kdf_params
    from storage.stats import record_counts

    data_dir = resolve_data_dir(args.data_dir)
    store = open_store(data_dir, existing_passphrase(args))
    try:
        with store.read() as session:
            counts = record_counts(session)
        report = {
            "data_dir": str(data_dir),
            "store": str(store.paths.database),
            "schema_version": store.schema_version(),
            "sqlcipher_version": store.cipher_version(),
            "kdf": {"algorithm": "argon2id", **read_kdf_params(store.paths.key_file).public()},
            "counts": counts,
        }
    finally:
        store.close()
    if args.json:
        print_json(report)
    else:
        print_lines([f"{key}: {value}" for key, value in report.items()])
    return 0


def change_passphrase(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.passphrase_input import existing_passphrase, new_passphrase
    from caseworker.core.data_dir import resolve_data_dir
    from caseworker.opening.unlocking import open_store

    old = existing_passphrase(args)
    store = open_store(resolve_data_dir(args.data_dir), old)
    try:
        new = new_passphrase(args.new_passphrase_file, "--new-passphrase-file",
                             allow_environment=False)
        store.change_passphrase(old, new)
    finally:
        store.close()
    sys.stderr.write("Passphrase changed.\n")
    return 0
