"""Checking values that came from outside: each check returns the normalised value or
records a Problem that names the field and never repeats the value."""

from __future__ import annotations

from dataclasses import dataclass

from caseworker.core import vocab
from caseworker.core.user_errors import UserError


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class InvalidInput(UserError):
    """Typed or imported values have problems; the first is the exception's message."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


class Checker:
    """Collects the problems of one draft; each check returns the normalised value."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def text(self, path: str, value: str, limit: int = vocab.MAX_SHORT_TEXT,
             required: bool = False) -> str:
        if not isinstance(value, str):
            self.problem(path, "must be text")
            return ""
        value = value.strip()
        if required and not value:
            self.problem(path, "is required")
        if len(value) > limit:
            self.problem(path, f"is too long (at most {limit:,} characters)")
        return value

    def choice(self, path: str, value: str, vocabulary: dict[str, str]) -> str:
        if value not in vocabulary:
            self.problem(path, "must be one of: " + ", ".join(vocabulary))
        return value

    def items(self, path: str, values: list) -> list:
        if len(values) > vocab.MAX_ITEMS:
            self.problem(path, f"has too many entries (at most {vocab.MAX_ITEMS})")
            return values[: vocab.MAX_ITEMS]
        return values
