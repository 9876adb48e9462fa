"""`config.toml` in the data directory: idle lock, who is using this install, key bindings.

The file sits beside the store so an install on a removable drive carries its settings.
"""

from __future__ import annotations

import getpass
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from caseworker.core.input_checks import Reader
from caseworker.core.parsing import load_toml
from caseworker.core.user_errors import UserError

CONFIG_NAME = "config.toml"
DEFAULT_IDLE_MINUTES = 10
DEFAULT_ZONE = "Asia/Almaty"
MAX_USER_NAME = 80

TEMPLATE = """\
# Caseworker settings. Delete a line to go back to its default.

# Lock the app after this many minutes without a key press (1 to 240).
idle_lock_minutes = {idle}

# The name recorded as the author of every change made on this install.
user = {user}

# The clock used for times entered without a place whose time zone is known.
default_zone = "{zone}"

# Key bindings, by binding id: see the help screen (F1) for ids and current keys.
# Several keys are separated by commas.
[keymap]
# "app.lock" = "ctrl+l,f12"
"""


@dataclass(frozen=True)
class Config:
    idle_lock_minutes: int = DEFAULT_IDLE_MINUTES
    user: str = field(default_factory=lambda: _login_name())
    default_zone: str = DEFAULT_ZONE
    keymap: dict[str, str] = field(default_factory=dict)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "caseworker"


def load_config(data_dir: Path) -> Config:
    path = data_dir / CONFIG_NAME
    if not path.exists():
        return Config()
    try:
        raw = load_toml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"{path} is not valid TOML ({_short(exc)}).") from None
    return _validated(raw, path)


def _validated(raw: dict, path: Path) -> Config:
    # Refused in one sentence: past each check, its value is sound.
    read = Reader(stop=lambda problem: UserError(f"{path}: {problem}."))
    settings = read.table("", raw, {"idle_lock_minutes", "user", "default_zone", "keymap"},
                          unknown="is not a known setting")
    idle = settings.whole("idle_lock_minutes", DEFAULT_IDLE_MINUTES, low=1, high=240)
    user = settings.text("user", _login_name(), limit=MAX_USER_NAME, required=True)
    zone = settings.text("default_zone", DEFAULT_ZONE)
    # Deferred: time zone data is read only when a config file names a zone.
    from caseworker.core.partial_dates import known_zone

    if not known_zone(zone):
        read.problem("default_zone", "must be a time zone name such as Asia/Almaty")
    keymap = settings.table("keymap")
    keys = {binding: keymap.text(binding, required=True) for binding in keymap}
    return Config(idle_lock_minutes=idle, user=user, default_zone=zone, keymap=keys)


def write_default_config(data_dir: Path, user: str | None = None) -> Path:
    """A first config.toml; `user` is the name the person gave when the store was created
    (else this computer's login name). Kept here until the settings move into the store."""
    path = data_dir / CONFIG_NAME
    if not path.exists():
        # A TOML basic string is a JSON string: any name, quotes and backslashes included.
        name = json.dumps((user or _login_name())[:MAX_USER_NAME], ensure_ascii=False)
        path.write_text(TEMPLATE.format(idle=DEFAULT_IDLE_MINUTES, user=name, zone=DEFAULT_ZONE),
                        encoding="utf-8")
    return path


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:120]
