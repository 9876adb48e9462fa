"""Reading the shipped data files that carry a version (clock templates, risk rules)."""

from __future__ import annotations

import tomllib

from caseworker.core.i18n import _
from caseworker.core.parsing import load_toml


def read_versioned(text: str, what: str, error: type[ValueError]) -> tuple[dict, str]:
    """The parsed file and its version; `error` names `what` (in the language shown)
    and the problem."""
    try:
        data = load_toml(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(_("the {what} is not valid TOML ({problem})").format(what=what,
                                                                         problem=exc)) from None
    version = data.get("version")
    if not isinstance(version, str) or not version.strip() or len(version) > 60:
        raise error(_("the {what} needs a version (at most 60 characters)").format(what=what))
    return data, version.strip()
