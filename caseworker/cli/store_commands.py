"""`init`, `status`, `passphrase`, `rekey`, `duress`, `settings`, `travel`, `wipe`: the
store's own life cycle.

Handlers import the store's code when they run, so that building the parser stays fast."""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

from caseworker.cli.arguments import Commands, actions, command, json_option
from caseworker.cli.output import confirm, print_json, print_lines
from caseworker.core.i18n import _
from caseworker.core.user_errors import UserError
from storage.errors import StoreExists

WIPE_WORD = "WIPE"


def register(commands: Commands) -> None:
    initing = command(commands, "init", init, _("create the encrypted store in the data directory"))
    initing.add_argument("--desk", action="store_true",
                         help=_("an intake desk: seals each intake for the office at once and "
                              "keeps only receipts (needs --office and --outbox)"))
    initing.add_argument("--office", metavar="CONTACT_KEY",
                         help=_("with --desk: the office's contact key (AGE:MINISIGN)"))
    initing.add_argument("--caseworker", action="append", default=[], metavar="CONTACT_KEY",
                         help=_("with --desk: a caseworker the office names, who also receives "
                              "every intake (repeat for several)"))
    initing.add_argument("--outbox", metavar="DIR",
                         help=_("with --desk: the folder sealed intakes are written to"))
    json_option(command(commands, "status", status, _("store location, versions, record counts")))
    passphrase = command(commands, "passphrase", change_passphrase,
                         _("change the passphrase (the store moves to a new random key)"))
    passphrase.add_argument("--new-passphrase-file", metavar="FILE",
                            help=_("read the new passphrase from FILE instead of asking"))
    command(commands, "rekey", rekey, _("move the store to a new random key, same passphrase "
                                      "(after a suspected compromise)"))
    duress = command(commands, "duress", set_duress,
                     _("set or remove a duress passphrase: unlocking with it wipes the store "
                     "and opens an empty one"))
    choice = duress.add_mutually_exclusive_group(required=True)
    choice.add_argument("--set", action="store_true", help=_("set one (asked, or from a file)"))
    choice.add_argument("--off", action="store_true", help=_("remove it"))
    duress.add_argument("--duress-passphrase-file", metavar="FILE",
                        help=_("with --set: read the duress passphrase from FILE"))
    settings = command(commands, "settings", change_settings,
                       _("show or change the settings kept in the encrypted store (idle lock, "
                       "your name, lock and wipe keys, system clipboard)"))
    settings.add_argument("--idle-lock-minutes", type=int, metavar="N")
    settings.add_argument("--user", metavar="NAME", help=_("your name in the change history"))
    settings.add_argument("--lock-key", metavar="KEYS", help=_("e.g. ctrl+l,f12"))
    settings.add_argument("--wipe-key", metavar="KEYS", help=_("e.g. f10"))
    settings.add_argument("--system-clipboard", choices=("on", "off"),
                          help=_("let copied text reach the system clipboard"))
    json_option(settings)
    travel = actions(commands, "travel", _("before a border: everything to the office, then "
                     "only the cases marked to travel kept on this laptop"))
    preparing = command(travel, "prepare", prepare_travel,
                        _("write a bundle of everything changed for the office escrow"))
    preparing.add_argument("--out", required=True, metavar="FILE", help=_("the bundle to write"))
    preparing.add_argument("--keep", action="append", default=[], metavar="ID",
                           help=_("a case to keep on this laptop (repeat for several)"))
    finishing = command(travel, "done", finish_travel,
                        _("the office confirmed it imported the bundle: remove the other cases "
                        "from this laptop"))
    finishing.add_argument("--yes", action="store_true", help=_("do not ask to confirm"))
    wipe = command(commands, "wipe", wipe_store,
                   _("destroy the store now: its keys are overwritten, nothing can open it"))
    wipe.add_argument("--yes", action="store_true",
                      help=_("do not ask to type {word} first").format(word=WIPE_WORD))


def _extra_words(config) -> tuple[str, ...]:
    """Words a new passphrase must not lean on besides the shipped ones."""
    return tuple(w for w in (config.user, config.organisation) if w)


def init(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.passphrase_input import new_passphrase
    from caseworker.cli.unlocked import author
    from caseworker.core.config import load_config
    from caseworker.core.data_dir import resolve_data_dir
    from caseworker.opening.unlocking import create_desk_store, create_store
    from storage.paths import StorePaths

    data_dir = resolve_data_dir(args.data_dir)
    if StorePaths(data_dir).exists():
        raise StoreExists(f"A store already exists in {data_dir}.")
    outbox = _desk_options(args)
    config = load_config(data_dir)
    passphrase = new_passphrase(args.passphrase_file, "--passphrase-file", allow_environment=True,
                                extra_words=_extra_words(config))
    sys.stderr.write("Creating the encrypted store (calibrating key derivation)...\n")
    if outbox is None:
        store = create_store(data_dir, passphrase)
    else:
        store = create_desk_store(data_dir, passphrase, args.office, outbox, author(config),
                                  tuple(args.caseworker))
    store.close()
    report = {"data_dir": str(data_dir), "store": str(StorePaths(data_dir).database)}
    print_json(report | ({"desk": True, "outbox": str(outbox)} if outbox else {}))
    return 0


def _desk_options(args) -> Path | None:
    """The outbox of a desk to set up, checked with the keys before any store is made;
    None for an ordinary install."""
    # deferred: the desk's checks load the exchange code
    from caseworker.desk.desk_mode import check_outbox, parse_desk_keys

    if not args.desk:
        given = next((o for o, v in (("--office", args.office), ("--outbox", args.outbox),
                                     ("--caseworker", args.caseworker)) if v), None)
        if given:
            raise UserError(f"{given} sets up an intake desk: add --desk.")
        return None
    if not args.office:
        raise UserError("--office: an intake desk needs the office's contact key.")
    if not args.outbox:
        raise UserError("--outbox: an intake desk needs the folder sealed intakes go to.")
    parse_desk_keys(args.office, tuple(args.caseworker))
    return check_outbox(Path(args.outbox))


def status(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.passphrase_input import existing_passphrase
    from caseworker.core.data_dir import resolve_data_dir
    from caseworker.desk.desk_mode import desk_settings, is_desk
    from caseworker.opening.unlocking import open_store
    from storage.keyfile import read_kdf_params
    from storage.stats import record_counts

    data_dir = resolve_data_dir(args.data_dir)
    store = open_store(data_dir, existing_passphrase(args))
    try:
        with store.read() as session:
            counts = record_counts(session)
            desk = {"outbox": str(desk_settings(session).outbox)} if is_desk(session) else None
        report = {
            "data_dir": str(data_dir),
            "store": str(store.paths.database),
            "schema_version": store.schema_version(),
            "sqlcipher_version": store.cipher_version(),
            "kdf": {"algorithm": "argon2id", **read_kdf_params(store.paths.key_file).public()},
            "counts": counts,
        } | ({"desk": desk} if desk else {})
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
    from caseworker.core.config import load_config
    from caseworker.core.data_dir import resolve_data_dir
    from caseworker.opening.unlocking import open_store
    from storage.content_rekey import rekey_contents

    data_dir = resolve_data_dir(args.data_dir)
    old = existing_passphrase(args)
    store = open_store(data_dir, old)
    try:
        new = new_passphrase(args.new_passphrase_file, "--new-passphrase-file",
                             allow_environment=False,
                             extra_words=_extra_words(load_config(data_dir)))
        sys.stderr.write("Re-encrypting the store under a new key...\n")
        store.change_passphrase(old, new)
        files = rekey_contents(store)
    finally:
        store.close()
    sys.stderr.write("Passphrase changed; the store and its backups moved to a new key.\n")
    _say_files_sealed_again(files)
    return 0


def rekey(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.passphrase_input import existing_passphrase
    from caseworker.core.data_dir import resolve_data_dir
    from caseworker.opening.unlocking import open_store
    from storage.content_rekey import rekey_contents

    passphrase = existing_passphrase(args)
    store = open_store(resolve_data_dir(args.data_dir), passphrase)
    started = time.perf_counter()
    try:
        store.rekey(passphrase)
        files = rekey_contents(store)
    finally:
        store.close()
    sys.stderr.write(f"The store and its backups moved to a new key "
                     f"({time.perf_counter() - started:.1f} s).\n")
    _say_files_sealed_again(files)
    return 0


def _say_files_sealed_again(files: int) -> None:
    if files:
        sys.stderr.write(f"{files} evidence file(s) sealed again to a new key: the old key "
                         "file and passphrase open none of them.\n")


def set_duress(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.passphrase_input import existing_passphrase, new_passphrase
    from caseworker.core.data_dir import resolve_data_dir
    from caseworker.core.passphrase_strength import BUNDLE_MIN_SCORE
    from caseworker.opening.unlocking import open_store
    from storage.kdf import normalise

    passphrase = existing_passphrase(args)
    store = open_store(resolve_data_dir(args.data_dir), passphrase)
    try:
        duress = None
        if args.set:
            # Typed under pressure, so it need not be as strong as the store's: a guess
            # that hits it destroys the cases rather than reading them.
            duress = new_passphrase(args.duress_passphrase_file, "--duress-passphrase-file",
                                    allow_environment=False, minimum=BUNDLE_MIN_SCORE)
            if normalise(duress) == normalise(passphrase):
                raise UserError("the duress passphrase must differ from the store's.")
        store.set_duress(passphrase, duress)
    finally:
        store.close()
    sys.stderr.write("Duress passphrase set: unlocking with it destroys this store and opens "
                     "an empty one.\n" if duress else "Duress passphrase removed.\n")
    return 0


def change_settings(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import unlocked_store
    from caseworker.core.store_settings import read_settings, write_settings

    with unlocked_store(args, on_desk=True) as (store, config), store.write() as session:
        settings = read_settings(session, config)
        bindings = dict(settings.bindings)
        for binding, value in (("app.lock", args.lock_key), ("app.wipe", args.wipe_key)):
            if value is not None:
                bindings[binding] = value.strip()
        changed = replace(
            settings,
            idle_lock_minutes=(settings.idle_lock_minutes if args.idle_lock_minutes is None
                               else args.idle_lock_minutes),
            user=settings.user if args.user is None else " ".join(args.user.split()),
            system_clipboard=(settings.system_clipboard if args.system_clipboard is None
                              else args.system_clipboard == "on"),
            bindings={b: k for b, k in bindings.items() if k})
        write_settings(session, changed)
    if args.json:
        print_json(changed.to_json())
    else:
        print_lines([f"{key}: {value}" for key, value in changed.to_json().items()])
    return 0


def prepare_travel(args) -> int:
    # deferred: loads the database code and pyrage
    from caseworker.cli.unlocked import author, unlocked_store
    from caseworker.exchange import travel

    with unlocked_store(args) as (store, config):
        plan = travel.prepare_travel(store, Path(args.out), author(config), args.keep)
    where = (f"Give {plan.out} to the office (bundle {plan.bundle_id[:8]})." if plan.bundle_id
             else "The office already has every change: no bundle was needed.")
    print_lines([where, f"Once the office confirms it imported it, 'caseworker travel done' "
                        f"removes {plan.leaving} case(s) from this laptop and keeps "
                        f"{len(plan.keep)}."])
    return 0


def finish_travel(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import unlocked_store
    from caseworker.exchange import travel

    with unlocked_store(args) as (store, _config):
        plan = travel.pending_travel(store)
        if plan is not None and not args.yes:
            confirm(f"Has the office confirmed it imported bundle "
                    f"{(plan.bundle_id or 'none')[:8]}? {plan.leaving} case(s) will be "
                    "removed from this laptop.",
                    "pass --yes once the office has confirmed the bundle.",
                    "nothing was removed.")
        forgotten = travel.finish_travel(store)
    sys.stderr.write(f"Removed {forgotten} case(s) from this laptop; the office keeps them, "
                     "and a bundle from it brings them back.\n")
    return 0


def wipe_store(args) -> int:
    # deferred: loads the store's file code
    from caseworker.core.data_dir import resolve_data_dir
    from storage import shredding
    from storage.paths import StorePaths

    data_dir = resolve_data_dir(args.data_dir)
    if not StorePaths(data_dir).exists():
        raise UserError(f"there is no store in {data_dir} to wipe.")
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError("wipe destroys the store for good: pass --yes to confirm.")
        sys.stderr.write(f"This destroys every case in {data_dir} on this computer, for good.\n"
                         f"Type {WIPE_WORD} to go on: ")
        sys.stderr.flush()
        if sys.stdin.readline().strip() != WIPE_WORD:
            raise UserError("not wiped.")
    started = time.perf_counter()
    destroyed = shredding.wipe_store(data_dir)
    took = time.perf_counter() - started
    sys.stderr.write(f"Wiped: {len(destroyed)} file(s) overwritten and removed in "
                     f"{took:.3f} s. The office escrow can restore the cases "
                     "(see the README).\n")
    return 0
