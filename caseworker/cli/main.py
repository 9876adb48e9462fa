"""`caseworker`: parse, dispatch, and turn every failure into one line and an exit code."""

from __future__ import annotations

import importlib
import os
import sys

from caseworker.cli.parser import build_parser
from caseworker.core.user_errors import AuthFailure, UserError

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_AUTH = 0, 1, 2, 3

# Textual reads these to write logs, screenshots or to reach a devtools server: each
# could put case data on disk or on the network, so they are ignored.
_UNSAFE_ENVIRONMENT = ("TEXTUAL", "TEXTUAL_LOG", "TEXTUAL_SCREENSHOT",
                       "TEXTUAL_SCREENSHOT_LOCATION", "TEXTUAL_SCREENSHOT_FILENAME",
                       "TEXTUAL_DEVTOOLS_HOST", "TEXTUAL_DEVTOOLS_PORT")


def main(argv: list[str] | None = None) -> int:
    os.umask(0o077)
    for name in _UNSAFE_ENVIRONMENT:
        os.environ.pop(name, None)
    from caseworker.core.offline import forbid_network

    forbid_network()
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            return _open_app(args)
        module_name, function_name = args.handler.split(":")
        module = importlib.import_module(f"caseworker.cli.{module_name}_commands")
        return getattr(module, function_name)(args) or EXIT_OK
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
    from storage import errors as store_errors

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


def _open_app(args) -> int:
    from caseworker.app import CaseworkerApp
    from caseworker.core.config import load_config
    from caseworker.core.data_dir import resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    CaseworkerApp(data_dir=data_dir, config=load_config(data_dir)).run()
    return EXIT_OK


def entry_point() -> None:
    sys.exit(main())
