"""Where a command's passphrase comes from: a file, the environment, or the terminal.

`CASEWORKER_PASSPHRASE` is taken out of the environment as the command starts
(`take_from_environment`), and its bytes in the process's original environment block are
zeroed, so neither a child process nor /proc/PID/environ shows it afterwards. A passphrase
file that other users can read is refused: whoever can read it holds the store.
"""

from __future__ import annotations

import ctypes
import getpass
import os
import stat
import sys
from pathlib import Path

from caseworker.core.user_errors import UserError

ENV_PASSPHRASE = "CASEWORKER_PASSPHRASE"

# The passphrase the environment gave this process, once taken out of it.
_from_environment: str | None = None


def take_from_environment() -> None:
    """Move CASEWORKER_PASSPHRASE from the environment into this module, zeroing it."""
    global _from_environment
    if ENV_PASSPHRASE not in os.environ:
        return
    _zero_original(ENV_PASSPHRASE)  # before pop: unsetenv drops the C library's pointer
    _from_environment = os.environ.pop(ENV_PASSPHRASE) or None


def forget_environment_passphrase() -> None:
    global _from_environment
    _from_environment = None


def _zero_original(name: str) -> None:
    """Zero NAME's value where the C library keeps it: /proc/PID/environ reads the
    process's original environment block, which os.environ.pop (unsetenv) leaves as is."""
    if not sys.platform.startswith(("linux", "darwin")):
        return
    try:
        libc = ctypes.CDLL(None)
        entries = ctypes.POINTER(ctypes.c_void_p).in_dll(libc, "environ")
    except (OSError, ValueError, AttributeError):
        return
    prefix = f"{name}=".encode()
    index = 0
    while entries[index]:
        address = entries[index]
        text = ctypes.string_at(address)
        if text.startswith(prefix):
            ctypes.memset(address + len(prefix), 0, len(text) - len(prefix))
        index += 1


def read_passphrase_file(path: str, option: str = "--passphrase-file") -> str:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        raise UserError(f"{option}: cannot read that file.") from None
    if stat.S_ISREG(mode) and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise UserError(f"{option}: other users can read that file; make it yours alone "
                        "(chmod 600) and change the passphrase if it was shared.")
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
    if _from_environment:
        return _from_environment
    if sys.stdin.isatty():
        return getpass.getpass("Passphrase: ")
    raise UserError(
        f"no passphrase: set {ENV_PASSPHRASE}, pass --passphrase-file, or run in a terminal."
    )


def new_passphrase(file_path: str | None, option: str, allow_environment: bool,
                   extra_words: tuple[str, ...] = (), minimum: int | None = None) -> str:
    """A new passphrase from a file, the environment, or asked twice; refused if weak
    (below zxcvbn score `minimum`, by default the store's)."""
    # Only commands that choose a passphrase load the strength checker: start-up speed.
    from caseworker.core.passphrase_strength import STORE_MIN_SCORE, assess

    minimum = STORE_MIN_SCORE if minimum is None else minimum
    if file_path:
        chosen = read_passphrase_file(file_path, option)
    elif allow_environment and _from_environment:
        chosen = _from_environment
    elif sys.stdin.isatty():
        return _ask_twice(extra_words, minimum)
    else:
        raise UserError(f"no new passphrase: pass {option} or run in a terminal.")
    strength = assess(chosen, minimum, extra_words)
    if not strength.acceptable:
        raise UserError(f"that passphrase is too easy to guess. {strength.hint}")
    return chosen


def _ask_twice(extra_words: tuple[str, ...], minimum: int) -> str:
    # Deferred with new_passphrase's import, for start-up speed.
    from caseworker.core.passphrase_strength import assess, generate_passphrase

    offered = generate_passphrase()
    sys.stderr.write("A passphrase of six random words, if you want one (write it down, "
                     f"then type it):\n\n    {offered}\n\n")
    while True:
        first = getpass.getpass("New passphrase: ")
        strength = assess(first, minimum, extra_words)
        sys.stderr.write(f"Strength: {strength.label}. {strength.hint}\n")
        if not strength.acceptable:
            continue
        if getpass.getpass("Same passphrase again: ") == first:
            return first
        sys.stderr.write("The two entries differ; try again.\n")
