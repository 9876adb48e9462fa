"""The one reader of untrusted structured input: case files and case drafts, places, the
clock and risk-rule files, config.toml and the records that arrive in bundles.

A Reader is handed a value and the path where it was found. Each check returns the value
normalised, or records a Problem and returns a harmless stand-in, so the caller reads on
and collects every problem (a form lists them all); a Reader given `stop` instead turns
the first problem into the caller's own exception (a file refused in one sentence).
`table` checks a table's keys (unknown, required) and hands back a Table whose getters
read one key each; a key left out, or null, gives the getter's default.

Every message names the field as the person sees it: by its path (`events[2].at`) where
the person wrote the keys themselves (case JSON, TOML files), or by labels
(`events, row 3, place`) where they did not; `within` names the entry a path lies in
(`clock KZ-A2`). No message repeats a value: values are what people typed or what a file
or a contact sent, and a message ends up on a terminal, in a log or in a screenshot. An
unknown key is named (cut to 40 characters): the key is the field.
Every message is a whole sentence in the language shown, looked up when the problem is
found (docs/architecture.md §12).

Hand-written rather than pydantic (installed with SQLModel): pydantic's messages repeat
the input (`input_value=...`) and name fields by location tuples, so every one would be
rewritten, and only its strict mode refuses true as 1 and "5" as 5; most of what is
checked here is already typed (dataclass drafts, parsed TOML and JSON), so models would
be declared only to be thrown away; and config.toml is read before the first frame,
where importing pydantic would cost more than all of these checks.
"""

from __future__ import annotations

import builtins  # Reader.list and Table.list hide the type in their class bodies
import math
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from caseworker.core import vocab
from caseworker.core.i18n import _, ngettext
from caseworker.core.user_errors import UserError

# Beyond 2**53 a JSON number is not exact in every program that reads it.
LARGEST = 2**53
# An unknown key is named, but a pasted paragraph used as a key is not repeated whole.
_KEY_SHOWN = 40
_STEP = re.compile(r"\[(\d+)\]|([^.\[\]]+)")
T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    path: str  # the field's key path: how a form finds the field's widget
    message: str  # what is wrong, never the value itself
    where: str = ""  # the field as the person sees it; the path when left empty

    def __str__(self) -> str:
        where = self.where or self.path or _("(top level)")
        return f"{where}: {self.message}"


class InvalidInput(UserError):
    """Typed or imported values have problems; the first is the exception's message."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        more = len(problems) - 1
        super().__init__(ngettext("{problem} (and {n} more)", "{problem} (and {n} more)",
                                  more).format(problem=problems[0], n=f"{more:,}")
                         if more else str(problems[0]))


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def row(path: str, index: int) -> str:
    return f"{path}[{index}]"


def entry_name(entry: object, key: str = "id") -> str:
    """What an entry of a file is called in `within`: its id when that is text (cut to 40
    characters), "(no id)" otherwise."""
    name = entry.get(key) if isinstance(entry, dict) else None
    return name.strip()[:_KEY_SHOWN] if isinstance(name, str) and name.strip() else _("(no id)")


def sound(value: T | None) -> T:
    """A value read as required, or with a default, by a Reader with `stop`: any problem
    with it raised, so it is there (a collecting Reader gives None instead)."""
    assert value is not None, "read by a Reader without `stop`, or not required"
    return value


def labelled(path: str, labels: Mapping[str, str]) -> str:
    """`events[2].location` as `events, row 3, place` given {"location": "place"}; a key
    without a label shows with spaces for underscores, one labelled "" not at all."""
    parts = []
    for index, key in _STEP.findall(path):
        if index:
            parts.append(_("row {number}").format(number=int(index) + 1))
        else:
            label = labels.get(key, key.replace("_", " "))
            if label:
                parts.append(label)
    return ", ".join(parts)


def _must_be(whole: bool, low: float | None, high: float | None) -> str:
    """What a number must be, its bounds included, as one whole sentence ("must be a
    whole number from 1 to 10"): the bounds change the grammar of the rest in Kazakh and
    Russian."""
    if low is not None and high is not None:
        text = (_("must be a whole number from {low} to {high}") if whole
                else _("must be a number from {low} to {high}"))
    elif low is not None:
        text = (_("must be a whole number of at least {low}") if whole
                else _("must be a number of at least {low}"))
    elif high is not None:
        text = (_("must be a whole number of at most {high}") if whole
                else _("must be a number of at most {high}"))
    else:
        text = _("must be a whole number") if whole else _("must be a number")
    return text.format(low=_figure(low), high=_figure(high))


def _figure(bound: float | None) -> str:
    if bound is None:
        return ""
    return str(int(bound)) if bound == int(bound) else f"{bound:g}"


class Reader:
    """Checks values found at paths, collecting problems, or raising `stop(problem)` on
    the first. `limit` is the longest text any check accepts unless it says otherwise
    (None: no limit); `objects` words tables as JSON does."""

    def __init__(self, *, within: str = "", labels: Mapping[str, str] | None = None,
                 stop: Callable[[Problem], Exception] | None = None,
                 limit: int | None = vocab.MAX_SHORT_TEXT, objects: bool = False) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.within = within
        self.labels = labels
        self.stop = stop
        self.limit = limit
        self.objects = objects

    # -- reporting ---------------------------------------------------------------------

    def where(self, path: str) -> str:
        shown = path if self.labels is None else labelled(path, self.labels)
        return ", ".join(part for part in (self.within, shown) if part)

    def problem(self, path: str, message: str) -> None:
        problem = Problem(path, message, self.where(path))
        if self.stop is not None:
            raise self.stop(problem)
        self.problems.append(problem)

    def warn(self, path: str, message: str) -> None:
        self.warnings.append(Problem(path, message, self.where(path)))

    def _missing(self, path: str, required: bool) -> None:
        if required:
            self.problem(path, _("is required"))

    # -- single values -----------------------------------------------------------------

    def text(self, path: str, value: Any, limit: int | None = None, required: bool = False,
             strip: bool = True) -> str:
        """Text, trimmed unless `strip` is False; blank counts as missing when required."""
        if value is None:
            self._missing(path, required)
            return ""
        if not isinstance(value, str):
            self.problem(path, _("must be text"))
            return ""
        if strip:
            value = value.strip()
        if required and not value.strip():
            self.problem(path, _("is required"))
        limit = self.limit if limit is None else limit
        if limit is not None and len(value) > limit:
            self.problem(path, ngettext("is too long (at most {n} character)",
                                        "is too long (at most {n} characters)",
                                        limit).format(n=f"{limit:,}"))
        return value

    def whole(self, path: str, value: Any, low: int | None = None, high: int | None = None,
              required: bool = False) -> int | None:
        """A whole number: true and false are not numbers, whatever Python says."""
        if value is None:
            self._missing(path, required)
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, _must_be(True, low, high))
            return None
        return self._in_range(path, value, low, high, whole=True)

    def number(self, path: str, value: Any, low: float | None = None,
               high: float | None = None, required: bool = False) -> float | int | None:
        if value is None:
            self._missing(path, required)
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or (
                isinstance(value, float) and not math.isfinite(value)):
            self.problem(path, _must_be(False, low, high))
            return None
        return self._in_range(path, value, low, high, whole=False)

    def _in_range(self, path: str, value: float, low: float | None, high: float | None,
                  whole: bool) -> Any:
        if abs(value) > LARGEST:
            self.problem(path, _("is too large a number"))
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.problem(path, _must_be(whole, low, high))
            return None
        return value

    def flag(self, path: str, value: Any, required: bool = False) -> bool | None:
        if value is None:
            self._missing(path, required)
            return None
        if not isinstance(value, bool):
            self.problem(path, _("must be true or false"))
            return None
        return value

    def choice(self, path: str, value: Any, choices: Collection, listed: bool = True) -> Any:
        """One of `choices`; `listed` False when the list is too long, or too private to
        a version, to show."""
        try:
            known = value in choices
        except TypeError:  # a list or a table is not hashable, and is no choice either
            known = False
        if not known:
            self.problem(path, _("must be one of: {choices}").format(
                choices=", ".join(map(str, choices))) if listed
                else _("is not one of the values this app knows"))
        return value

    # -- lists and tables --------------------------------------------------------------

    def items(self, path: str, values: list, most: int | None = vocab.MAX_ITEMS) -> list:
        """At most `most` of `values`; more is a problem, and the rest are not read."""
        if most is not None and len(values) > most:
            self.problem(path, _("has too many entries (at most {n})").format(n=f"{most:,}"))
            return values[:most]
        return values

    def list(self, path: str, value: Any, most: int | None = None, least: int = 0,
             not_a_list: str | None = None) -> list:
        """A list; `not_a_list` is the problem when it is something else (translated)."""
        if value is None:
            value = []
        if not isinstance(value, list):
            self.problem(path, not_a_list or _("must be a list"))
            return []
        if len(value) < least:
            self.problem(path, _("must list at least one entry") if least == 1
                         else ngettext("must list at least {n} entry",
                                       "must list at least {n} entries",
                                       least).format(n=f"{least:,}"))
        return self.items(path, value, most)

    def texts(self, path: str, value: Any, limit: int | None = None, most: int | None = None,
              least: int = 0, strip: bool = True) -> builtins.list[str]:
        """A list of text; each entry is checked as `text` at its row."""
        values = self.list(path, value, most, least, _("must be a list of text"))
        return [self.text(row(path, index), item, limit, strip=strip)
                for index, item in enumerate(values)]

    def table(self, path: str, value: Any, known: Collection[str] | None = None,
              required: Collection[str] = (), ignored: Collection[str] = (),
              unknown: str | None = None) -> Table:
        """`value` as a table: every key in `known` or `ignored` (any key when `known` is
        None), every key in `required` given and not null; problems in the keys' order.
        `unknown` is the problem with a key not known (translated)."""
        if not isinstance(value, dict):
            self.problem(path, _("must be an object") if self.objects else _("must be a table"))
            return Table(self, path, {})
        if known is not None:
            for key in sorted(str(k) for k in value if k not in known and k not in ignored):
                self.problem(join(path, key[:_KEY_SHOWN]), unknown or _("is not a known field"))
        for key in sorted(required):
            if value.get(key) is None:
                self.problem(join(path, key), _("is required"))
        return Table(self, path, value)

    def rows(self, path: str, value: Any, known: Collection[str] | None = None,
             required: Collection[str] = (), ignored: Collection[str] = (),
             most: int | None = None, least: int = 0) -> builtins.list[Table]:
        """A list of tables, each read as `table` at its row."""
        values = self.list(path, value, most, least, _("must be a list of objects")
                           if self.objects else _("must be a list of tables"))
        return [self.table(row(path, index), item, known, required, ignored)
                for index, item in enumerate(values)]


class Table:
    """A table a Reader has checked the keys of; each getter reads one key, checked as
    the Reader's check of the same name. A key left out, or null, gives `default`."""

    def __init__(self, reader: Reader, path: str, data: dict) -> None:
        self.reader = reader
        self.path = path
        self.data = data

    def __contains__(self, key: str) -> bool:
        """Given and not null."""
        return self.data.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.data))

    def at(self, key: str) -> str:
        return join(self.path, key)

    def get(self, key: str, default: Any = None) -> Any:
        value = self.data.get(key)
        return default if value is None else value

    def text(self, key: str, default: str | None = "", limit: int | None = None,
             required: bool = False, strip: bool = True) -> str:
        return self.reader.text(self.at(key), self.get(key, default), limit, required, strip)

    def whole(self, key: str, default: int | None = None, low: int | None = None,
              high: int | None = None, required: bool = False) -> int | None:
        return self.reader.whole(self.at(key), self.get(key, default), low, high, required)

    def number(self, key: str, default: float | None = None, low: float | None = None,
               high: float | None = None, required: bool = False) -> float | int | None:
        return self.reader.number(self.at(key), self.get(key, default), low, high, required)

    def flag(self, key: str, default: bool | None = None, required: bool = False) -> bool | None:
        return self.reader.flag(self.at(key), self.get(key, default), required)

    def choice(self, key: str, choices: Collection, default: Any = None,
               listed: bool = True) -> Any:
        """One of `choices`, text trimmed; left out with no default, it is required."""
        value = self.get(key, default)
        if value is None:
            self.reader.problem(self.at(key), _("is required"))
            return None
        return self.reader.choice(self.at(key), value.strip() if isinstance(value, str)
                                  else value, choices, listed)

    def list(self, key: str, most: int | None = None, least: int = 0) -> list:
        return self.reader.list(self.at(key), self.get(key), most, least)

    def texts(self, key: str, limit: int | None = None, most: int | None = None,
              least: int = 0, strip: bool = True) -> builtins.list[str]:
        return self.reader.texts(self.at(key), self.get(key), limit, most, least, strip)

    def table(self, key: str, known: Collection[str] | None = None,
              required: Collection[str] = (), ignored: Collection[str] = (),
              unknown: str | None = None) -> Table:
        if key not in self:
            return Table(self.reader, self.at(key), {})
        return self.reader.table(self.at(key), self.data[key], known, required, ignored,
                                 unknown)

    def rows(self, key: str, known: Collection[str] | None = None,
             required: Collection[str] = (), ignored: Collection[str] = (),
             most: int | None = None, least: int = 0) -> builtins.list[Table]:
        return self.reader.rows(self.at(key), self.get(key), known, required, ignored,
                                most, least)
