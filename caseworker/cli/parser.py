"""Arguments for every command. Handlers are named, not imported, so `--help` stays fast."""

from __future__ import annotations

import argparse
import sys

from caseworker import __version__

EXIT_USAGE = 2


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (DESIGN §7), still exit code 2."""

    def error(self, message: str):
        sys.stderr.write(f"caseworker: {message} (see '{self.prog} --help')\n")
        sys.exit(EXIT_USAGE)


def _common(suppress: bool) -> argparse.ArgumentParser:
    # Global options are accepted before or after the command; inner copies must not
    # overwrite a value given before the command, hence SUPPRESS there.
    default = argparse.SUPPRESS if suppress else None
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=default,
                        help="where the store lives (default: $CASEWORKER_DATA_DIR or the "
                             "platform's user data folder)")
    common.add_argument("--passphrase-file", metavar="FILE", default=default,
                        help="read the passphrase from the first line of FILE "
                             "(else $CASEWORKER_PASSPHRASE, else ask)")
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="caseworker",
        description="Offline, encrypted case management. With no command, opens the app.",
        parents=[_common(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"caseworker {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    inner = [_common(suppress=True)]

    def command(group, name: str, handler: str, help: str) -> argparse.ArgumentParser:
        sub = group.add_parser(name, help=help, description=help, parents=inner)
        sub.set_defaults(handler=handler)
        return sub

    command(commands, "init", "store:init", "create the encrypted store in the data directory")
    status = command(commands, "status", "store:status", "store location, versions, record counts")
    status.add_argument("--json", action="store_true", help="print JSON")
    passphrase = command(commands, "passphrase", "store:change_passphrase",
                         "change the passphrase (re-wraps the key; data is not re-encrypted)")
    passphrase.add_argument("--new-passphrase-file", metavar="FILE",
                            help="read the new passphrase from FILE instead of asking")
    return parser
