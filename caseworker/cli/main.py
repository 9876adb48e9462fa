"""`caseworker`: build the parser from the command modules, dispatch, and turn every
failure into one line and an exit code."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from types import ModuleType

from caseworker import __version__
from caseworker.cli.arguments import (
    EXIT_USAGE,
    OneLineParser,
    forget_stdin,
    global_options,
    subcommands,
    translate_argparse,
)
from caseworker.cli.passphrase_input import take_from_environment
from caseworker.core.config import chosen_language, load_config
from caseworker.core.data_dir import resolve_data_dir
from caseworker.core.i18n import _, use_language
from caseworker.core.offline import forbid_network
from caseworker.core.process_hygiene import harden_process
from caseworker.core.user_errors import AuthFailure, UserError
from storage import errors as store_errors

EXIT_OK, EXIT_INTERNAL, EXIT_AUTH = 0, 1, 3  # and EXIT_USAGE, 2: bad input or usage

# In the order `caseworker --help` lists their commands. Imported only when a command is
# given: `caseworker` alone opens the app, and loading every command's code first made
# the app's first frame a tenth slower (docs/architecture.md §8).
COMMAND_MODULES = ("store_commands", "case_commands", "match_commands", "deadline_commands",
                   "clock_commands", "key_commands", "bundle_commands", "risk_commands",
                   "location_commands", "file_commands", "desk_commands", "inbox_commands")

# Textual reads these to write logs, screenshots or to reach a devtools server: each
# could put case data on disk or on the network, so they are ignored.
_UNSAFE_ENVIRONMENT = ("TEXTUAL", "TEXTUAL_LOG", "TEXTUAL_SCREENSHOT",
                       "TEXTUAL_SCREENSHOT_LOCATION", "TEXTUAL_SCREENSHOT_FILENAME",
                       "TEXTUAL_DEVTOOLS_HOST", "TEXTUAL_DEVTOOLS_PORT")


def command_modules() -> list[ModuleType]:
    return [importlib.import_module(f"caseworker.cli.{name}") for name in COMMAND_MODULES]


def global_arguments(argv: list[str] | None) -> tuple[argparse.Namespace, bool]:
    """The global options wherever they are given, and whether the command line names
    nothing else (the app opens). Anything else, --help and --version included, goes to
    the whole parser."""
    alone = OneLineParser(prog="caseworker", add_help=False,
                          parents=[global_options(after_command=False)])
    args, rest = alone.parse_known_args(argv)
    return args, not rest


def app_arguments(argv: list[str] | None) -> argparse.Namespace | None:
    """The global options when the command line names no command, else None."""
    args, app_only = global_arguments(argv)
    return args if app_only else None


def choose_language(args: argparse.Namespace) -> None:
    """Before any help or message is built: the language set in the install's config.toml,
    else CASEWORKER_LANG or the system's."""
    use_language(chosen_language(resolve_data_dir(args.data_dir)))


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="caseworker",
        description=_("Offline, encrypted case management. With no command, opens the app."),
        parents=[global_options(after_command=False)],
    )
    parser.add_argument("--version", action="version", version=f"caseworker {__version__}",
                        help=_("show the version number and exit"))
    commands = subcommands(parser, "command", "COMMAND", required=False)
    for module in command_modules():
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    harden_process()
    os.umask(0o077)
    for name in _UNSAFE_ENVIRONMENT:
        os.environ.pop(name, None)
    # Before anything could start a child process that would inherit it.
    take_from_environment()
    forget_stdin()
    forbid_network()
    translate_argparse()  # each word looked up when written: in the language chosen next
    global_args, app_only = global_arguments(argv)
    choose_language(global_args)
    args = global_args if app_only else build_parser().parse_args(argv)
    try:
        if app_only or args.command is None:
            return _open_app(args)
        return args.handler(args) or EXIT_OK
    except KeyboardInterrupt:
        return _fail("interrupted; nothing more was written.", EXIT_INTERNAL)
    except BrokenPipeError:
        # The reader of our output went away (`| head`): the work is done, stay quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # the one place where every failure becomes one line
        message, code = describe_failure(exc)
        return _fail(message, code)


def describe_failure(exc: Exception) -> tuple[str, int]:
    if isinstance(exc, UserError | store_errors.StoreNotFound | store_errors.StoreExists
                  | store_errors.StoreTooNew):
        return str(exc), EXIT_USAGE
    if isinstance(exc, AuthFailure | store_errors.WrongPassphrase | store_errors.KeyFileDamaged
                  | store_errors.StoreDamaged):
        return str(exc), EXIT_AUTH
    if isinstance(exc, store_errors.StoreError):
        return str(exc), EXIT_INTERNAL
    # Unexpected: the message could quote case data, so only the kind of failure is shown.
    return (f"internal error ({type(exc).__name__}); the operation was not completed.",
            EXIT_INTERNAL)


def _fail(message: str, code: int) -> int:
    sys.stderr.write(f"caseworker: {message}\n")
    return code


LOCKED_REASON = "CASEWORKER_LOCKED_REASON"  # why the app restarted: shown, then forgotten


def _open_app(args) -> int:
    # deferred: Textual loads only when the app opens
    from caseworker.app import RESTART, CaseworkerApp

    data_dir = resolve_data_dir(args.data_dir)
    app = CaseworkerApp(data_dir=data_dir, config=load_config(data_dir), restart_on_lock=True,
                        locked_reason=os.environ.pop(LOCKED_REASON, ""))
    if app.run() == RESTART:
        # Locked: start afresh in this process, so nothing read while unlocked stays in
        # its memory. Textual has restored the terminal by now.
        os.environ[LOCKED_REASON] = app.locked_reason
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
    return EXIT_OK


def entry_point() -> None:
    sys.exit(main())
