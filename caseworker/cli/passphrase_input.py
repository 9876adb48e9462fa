"""Where a command's passphrase comes from: a file, the environment, or the terminal."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from caseworker.core.passphrase_strength import assess
from caseworker.core.user_errors import UserError

ENV_PASSPHRASE = "CASEWORKER_PASSPHRASE"


def read_passphrase_file(path: str, option: str = "--passphrase-file") -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise UserError(f"{option}: cannot read that file as UTF-8 text.") from None
    passphrase = text.splitlines()[0] if text else ""
    if not passphrase:
        raise UserError(f"{option}: the first line of the file is empty.")
    return passphrase


def existing_passphrase(args) -> str:
    """The passphrase that unlocks an existing store."""
    if getattr(args, "passphrase_file", None):
        return read_passphrase_file(args.passphrase_file)
    if os.environ.get(ENV_PASSPHRASE):
        return os.environ[ENV_PASSPHRASE]
    if sys.stdin.isatty():
        return getpass.getpass("Passphrase: ")
    raise UserError(
        f"no passphrase: set {ENV_PASSPHRASE}, pass --passphrase-file, or run in a terminal."
    )


def new_passphrase(file_path: str | None, option: str, allow_environment: bool) -> str:
    """A new passphrase from a file, the environment, or asked twice; refused if weak."""
    if file_path:
        chosen = read_passphrase_file(file_path, option)
    elif allow_environment and os.environ.get(ENV_PASSPHRASE):
        chosen = os.environ[ENV_PASSPHRASE]
    elif sys.stdin.isatty():
        return _ask_twice()
    else:
        raise UserError(f"no new passphrase: pass {option} or run in a terminal.")
    strength = assess(chosen)
    if not strength.acceptable:
        raise UserError(f"that passphrase is too easy to guess. {strength.hint}")
    return chosen


def _ask_twice() -> str:
    while True:
        first = getpass.getpass("New passphrase: ")
        strength = assess(first)
        sys.stderr.write(f"Strength: {strength.label}. {strength.hint}\n")
        if not strength.acceptable:
            continue
        if getpass.getpass("Same passphrase again: ") == first:
            return first
        sys.stderr.write("The two entries differ; try again.\n")
