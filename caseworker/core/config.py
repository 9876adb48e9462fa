"""`config.toml` in the data directory: the harmless settings (the language, the default
time zone, key bindings other than locking and wiping, the organisation's name, a
blinking cursor).

The file sits beside the store so an install on a removable drive carries its settings.
It is plain and unauthenticated, so what matters for security (idle lock, the user's
name, the lock and wipe keys, the system clipboard) lives in the encrypted store
(caseworker/core/store_settings.py). Older files set the first three; a store's first
unlock copies them in, and they are ignored from then on.
"""

from __future__ import annotations

import getpass
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from caseworker.core.i18n import LANGUAGES, _, default_language
from caseworker.core.input_checks import Reader, sound
from caseworker.core.parsing import load_toml
from caseworker.core.user_errors import UserError
from storage.atomic import write_atomically

CONFIG_NAME = "config.toml"
DEFAULT_IDLE_MINUTES = 10
DEFAULT_ZONE = "Asia/Almaty"
MAX_USER_NAME = 80

TEMPLATE = """\
# Caseworker settings. Delete a line to go back to its default.
#
# The idle lock, your name in the change history, the lock and wipe keys and the system
# clipboard are kept inside the encrypted store, not here: see 'caseworker settings' or
# the app's Settings command. Values for them in this file are used once, when a store
# that has none is first unlocked, and ignored after that.

# The language of every screen and message: "kk" (Kazakh), "ru" (Russian) or "en".
# Without it, $CASEWORKER_LANG or the system's language decides.
# language = "ru"

# The clock used for times entered without a place whose time zone is known.
default_zone = "{zone}"

# A blinking text cursor redraws the screen twice a second, which costs battery on an
# old laptop left open all day; true makes it blink.
cursor_blink = false

# Key bindings, by binding id: see the help screen (F1) for ids and current keys.
# Several keys are separated by commas.
[keymap]
# "dashboard.new" = "n,f3"
"""


@dataclass(frozen=True)
class Config:
    idle_lock_minutes: int = DEFAULT_IDLE_MINUTES
    user: str = field(default_factory=lambda: _login_name())
    default_zone: str = DEFAULT_ZONE
    # Off: a steady cursor lets the app sit idle without redrawing (docs/architecture.md §8).
    cursor_blink: bool = False
    keymap: dict[str, str] = field(default_factory=dict)
    # Only a word new passphrases must not lean on (caseworker/core/passphrase_strength.py).
    organisation: str = ""
    # "" until a person chooses: then CASEWORKER_LANG or the system's language decides.
    language: str = ""
    # From the store only (caseworker/core/store_settings.py), never from the file.
    system_clipboard: bool = False


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
        raise UserError(_("{path} is not valid TOML ({problem}).").format(
            path=path, problem=_short(exc))) from None
    return _validated(raw, path)


def _validated(raw: dict, path: Path) -> Config:
    # Refused in one sentence: past each check, its value is sound.
    read = Reader(stop=lambda problem: UserError(_("{path}: {problem}.").format(
        path=path, problem=problem)))
    settings = read.table("", raw, {"idle_lock_minutes", "user", "default_zone", "keymap",
                                    "organisation", "cursor_blink", "language"},
                          unknown=_("is not a known setting"))
    idle = settings.whole("idle_lock_minutes", DEFAULT_IDLE_MINUTES, low=1, high=240)
    user = settings.text("user", _login_name(), limit=MAX_USER_NAME, required=True)
    zone = settings.text("default_zone", DEFAULT_ZONE)
    blink = settings.flag("cursor_blink", False)
    # Deferred: time zone data is read only when a config file names a zone.
    from caseworker.core.partial_dates import known_zone

    if not known_zone(zone):
        read.problem("default_zone", _("must be a time zone name such as Asia/Almaty"))
    keymap = settings.table("keymap")
    keys = {binding: keymap.text(binding, required=True) for binding in keymap}
    organisation = settings.text("organisation", "", limit=120)
    language = settings.text("language", "")
    if language and language not in LANGUAGES:
        read.problem("language", _("must be one of {choices}").format(
            choices=", ".join(LANGUAGES)))
    return Config(idle_lock_minutes=sound(idle), user=user, default_zone=zone, keymap=keys,
                  organisation=organisation, cursor_blink=sound(blink), language=language)


def chosen_language(data_dir: Path) -> str:
    """The language a person chose in config.toml, else the default (CASEWORKER_LANG, the
    system's). A config file that cannot be read says so later, in this language."""
    try:
        language = load_config(data_dir).language
    except UserError:
        language = ""
    return language or default_language()


def write_default_config(data_dir: Path) -> Path:
    """A first config.toml. The name the person gives at first run goes into the store
    with the other security settings (caseworker/core/store_settings.py)."""
    path = data_dir / CONFIG_NAME
    if not path.exists():
        path.write_text(TEMPLATE.format(zone=DEFAULT_ZONE), encoding="utf-8")
    return path


def save_language(data_dir: Path, code: str) -> None:
    """Set `language` in config.toml, keeping every other line, comments included (a new
    file starts from the commented template)."""
    if code not in LANGUAGES:
        raise UserError(_("language must be one of {choices}.").format(
            choices=", ".join(LANGUAGES)))
    path = data_dir / CONFIG_NAME
    text = path.read_text(encoding="utf-8") if path.exists() \
        else TEMPLATE.format(zone=DEFAULT_ZONE)
    lines = text.splitlines()
    # Top-level settings end where the first [table] begins.
    end = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")),
               len(lines))
    setting = f'language = "{code}"'
    found = next((i for i in range(end) if _LANGUAGE_LINE.match(lines[i])), None)
    if found is None:
        lines[end:end] = [setting, ""]
    else:
        lines[found] = setting
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomically(path, ("\n".join(lines) + "\n").encode("utf-8"))


_LANGUAGE_LINE = re.compile(r"\s*language\s*=")


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:120]
