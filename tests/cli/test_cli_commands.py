"""The parser is built from the command modules: every command it declares runs a handler
of the module that declared it, and `--help` for each exits 0 without loading the
database code."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.support.paths import ROOT

COMMANDS = {
    "init", "status", "passphrase", "rekey", "duress", "wipe", "settings",
    "travel prepare", "travel done",
    "case add", "case list", "case show", "case purge", "event add",
    "match", "deadlines", "clocks list", "clocks set", "keys show", "keys list",
    "keys add-contact", "keys remove", "bundle export", "bundle verify", "bundle import",
    "conflicts list", "conflicts settle", "risk", "locations search", "locations show",
    "locations changes", "file add", "file list", "file export", "file purge",
    "intake add", "receipts list", "receipts ack", "inbox import",
    "inbox list", "inbox accept", "inbox attach", "inbox ack",
}

# Run in a fresh interpreter: in this one, other tests have long since loaded the store.
PROBE = r"""
import argparse, contextlib, io, json, sys

from caseworker.cli.arguments import OneLineParser
from caseworker.cli.main import build_parser, command_modules, main


def walk(parser, path):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from walk(sub, [*path, name])


def has_actions(parser):
    return any(isinstance(a, argparse._SubParsersAction) for a in parser._actions)


handlers = {}
for module in command_modules():
    alone = OneLineParser(prog="caseworker")
    module.register(alone.add_subparsers())
    for path, parser in walk(alone, []):
        if path and not has_actions(parser):
            handler = parser.get_default("handler")
            handlers[" ".join(path)] = [module.__name__, getattr(handler, "__module__", None),
                                        callable(handler)]

helps = {}
for path, parser in walk(build_parser(), []):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            main([*path, "--help"])
            code = None
        except SystemExit as exit_:
            code = exit_.code
    helps[" ".join(path)] = [code, out.getvalue()]

loaded = sorted({m.split(".")[0] for m in sys.modules}
                & {"sqlalchemy", "sqlmodel", "sqlcipher3", "pyrage", "textual"})
print(json.dumps({"handlers": handlers, "helps": helps, "loaded": loaded}))
"""


def _probe() -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_command_has_a_handler_and_a_help_that_loads_no_database_code():
    found = _probe()
    handlers = found["handlers"]
    assert set(handlers) == COMMANDS
    for command, (declared_in, handler_in, callable_) in handlers.items():
        assert callable_ and handler_in == declared_in, command
    groups = {command.split()[0] for command in COMMANDS if " " in command}
    assert set(found["helps"]) == COMMANDS | groups | {""}
    for command, (code, text) in found["helps"].items():
        assert code == 0, command
        assert text.startswith(f"usage: caseworker {command}".rstrip()), command
    assert found["loaded"] == []


def test_the_app_opens_only_when_no_command_is_named():
    from caseworker.cli.main import app_arguments

    assert app_arguments([]).data_dir is None
    assert app_arguments(["--data-dir", "/media/usb/cw"]).data_dir == "/media/usb/cw"
    for argv in (["--help"], ["--version"], ["case", "list"], ["--data-dir", "d", "risk"],
                 ["--no-such-option"]):
        assert app_arguments(argv) is None, argv
