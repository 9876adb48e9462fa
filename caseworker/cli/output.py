"""How commands print: JSON to stdout for scripts, plain lines for people."""

from __future__ import annotations

import json
import sys
from typing import Any

from caseworker.core.user_errors import UserError


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def print_lines(lines: list[str]) -> None:
    sys.stdout.write("".join(f"{line}\n" for line in lines))


def confirm(question: str, without_terminal: str, declined: str) -> None:
    """Ask `question` on the terminal and go on only if the answer is yes; a UserError
    with `without_terminal` when there is no one to ask, `declined` for any other answer."""
    if not sys.stdin.isatty():
        raise UserError(without_terminal)
    sys.stderr.write(f"{question} Type yes: ")
    sys.stderr.flush()
    if sys.stdin.readline().strip().lower() != "yes":
        raise UserError(declined)


def show_progress(done: int, total: int, what: str) -> None:
    """A count that rewrites itself on stderr, for work that takes seconds."""
    sys.stderr.write(f"\r{what}: {done}/{total}   ")
    sys.stderr.flush()
