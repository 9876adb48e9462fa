"""JSON and TOML from outside the app (bundles, case files, the clock file, config, typed
values). Nesting too deep for the parser is malformed input like any other: the
parsers' own decode errors are raised for it, where Python would raise RecursionError."""

from __future__ import annotations

import tomllib
from typing import Any


def load_json(text: str) -> Any:
    import json  # deferred: the app's start reads only TOML, and json costs its first frame

    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text, 0) from None


def load_toml(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError("nested too deeply") from None
