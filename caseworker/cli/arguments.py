"""What every command shares on the command line: the global options, `--json`, a parser
whose usage errors are one line, and the argument types more than one command takes.

Each `*_commands` module declares its own commands with `command` and `actions`; this
module imports nothing of the store, so building the parser stays fast."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from functools import cache

from caseworker.core import i18n
from caseworker.core.i18n import N_, _

EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]
Commands = argparse._SubParsersAction  # what add_subparsers returns; argparse names no type


# argparse's own words ("usage:", "options", "the following arguments are required: %s")
# are looked up through the names `_` and `ngettext` that argparse imports from gettext
# at module level, when it writes each of them. Pointing those two names at Caseworker's
# catalogs translates every word argparse writes, in the language chosen, and keeps each
# as argparse forms it. The alternatives were worse: a subclass of the parser and its
# help formatter would have to copy argparse's private methods that build each message
# (the missing-arguments error is made deep inside parse_known_args), and a catalog
# installed as gettext's global domain would change gettext for every library in the
# process. The words are listed here so that the catalogs hold them (Python 3.11's).
ARGPARSE_WORDS = (
    N_("usage: "), N_("positional arguments"), N_("options"),
    N_("show this help message and exit"), N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"), N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"), N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"), N_("expected one argument"),
    N_("expected at most one argument"), N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"), N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)


def _argparse_ngettext(singular: str, plural: str, count: int) -> str:
    # argparse's one message with a count ("expected %s argument(s)"), in the catalogs
    if singular == "expected %s argument":
        return i18n.ngettext("expected %s argument", "expected %s arguments", count)
    return singular if count == 1 else plural


def translate_argparse() -> None:
    """argparse's own words from now on in the language chosen (i18n.use_language)."""
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = _argparse_ngettext  # type: ignore[attr-defined]


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (docs/architecture.md §7), still
    exit code 2."""

    def error(self, message: str):
        sys.stderr.write(_("caseworker: {message} (see '{prog} --help')").format(
            message=message, prog=self.prog) + "\n")
        sys.exit(EXIT_USAGE)


@cache  # one parent serves every command: argparse copies its options into each
def global_options(after_command: bool) -> argparse.ArgumentParser:
    """--data-dir and --passphrase-file, as a parent parser."""
    # They are accepted before or after the command; the copies after it must not
    # overwrite a value given before it, hence SUPPRESS there.
    default = argparse.SUPPRESS if after_command else None
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--data-dir", metavar="DIR", default=default,
                         help=_("where the store lives (default: $CASEWORKER_DATA_DIR or the "
                              "platform's user data folder)"))
    options.add_argument("--passphrase-file", metavar="FILE", default=default,
                         help=_("read the passphrase from the first line of FILE "
                              "(else $CASEWORKER_PASSPHRASE, else ask)"))
    return options


def subcommands(parser: argparse.ArgumentParser, dest: str, metavar: str,
                required: bool) -> Commands:
    return parser.add_subparsers(dest=dest, metavar=metavar, required=required,
                                 parser_class=OneLineParser)


def command(commands: Commands, name: str, handler: Handler, help: str) -> OneLineParser:
    """A command (or an action of one) that `handler` runs, with the global options."""
    parser = commands.add_parser(name, help=help, description=help,
                                 parents=[global_options(after_command=True)])
    parser.set_defaults(handler=handler)
    return parser


def actions(commands: Commands, name: str, help: str) -> Commands:
    """A command made of actions, such as `case add` and `case list`: add them to it."""
    parser = commands.add_parser(name, help=help, description=help)
    return subcommands(parser, f"{name}_action", "ACTION", required=True)


def json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=_("print JSON"))


def limit(value: str) -> int:
    """How many results to show: 1 to 500."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{value} is not a whole number").format(
            value=repr(value))) from None
    if not 1 <= number <= 500:
        raise argparse.ArgumentTypeError(_("must be between 1 and 500"))
    return number


_UNITS = {"": 1, "b": 1, "kb": 1000, "mb": 1000 ** 2, "gb": 1000 ** 3, "kib": 1 << 10,
          "mib": 1 << 20, "gib": 1 << 30}


def byte_size(value: str) -> int:
    """A size as people write it: 500KB, 20MB, 1GB (or KiB, MiB, GiB), in bytes."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?\s*", value.lower())
    if match is None:
        raise argparse.ArgumentTypeError(_("give a size such as 500KB, 20MB or 1GB"))
    return int(float(match.group(1)) * _UNITS[match.group(2) or ""])


# -- free text kept off the command line ---------------------------------------------------

STDIN = "-"
MAX_FREE_TEXT = 100_000
ARGV_WARNING = ("caseworker: warning: {option} on the command line is visible to every user "
                "of this computer (ps) while the command runs; use {instead} next time.\n")
_stdin_taken: list[str] = []


def free_text(option: str, given: str | None, file: str | None = None,
              instead: str = "") -> str | None:
    """A free-text value (a note, a name, a place as written): from FILE, or from standard
    input when the value or the file is '-', so that it never has to be in argv, where
    `ps` shows it to every local user. Text given on the command line is still taken,
    with a warning."""
    if file is not None:
        return _read_text(option, file)
    if given == STDIN:
        return _read_text(option, STDIN)
    if given:
        sys.stderr.write(ARGV_WARNING.format(option=option,
                                             instead=instead or f"{option} -"))
    return given


def _read_text(option: str, source: str) -> str:
    from caseworker.core.user_errors import UserError  # light; only when text is read

    if source == STDIN:
        if _stdin_taken:
            raise UserError(_("{option}: standard input was already read for {other}; give "
                              "this one in a file.").format(option=option,
                                                            other=_stdin_taken[0]))
        _stdin_taken.append(option)
        text = sys.stdin.read(MAX_FREE_TEXT + 1)
    else:
        try:
            with open(source, encoding="utf-8") as handle:
                text = handle.read(MAX_FREE_TEXT + 1)
        except (OSError, UnicodeDecodeError):
            raise UserError(_("{option}: cannot read that file as UTF-8 text.").format(
                option=option)) from None
    if len(text) > MAX_FREE_TEXT:
        raise UserError(_("{option}: is too long (at most {count} characters).").format(
            option=option, count=f"{MAX_FREE_TEXT:,}"))
    return text.rstrip("\n")


def forget_stdin() -> None:
    """Each command may read standard input once; a new command starts afresh."""
    _stdin_taken.clear()
