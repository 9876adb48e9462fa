"""Settings that matter for security, kept inside the encrypted store's `meta`: how soon
the app locks, the name every change is recorded under, the keys that lock and wipe, and
whether copied text may reach the system clipboard.

`config.toml` is a plain file anyone at the laptop can edit, unauthenticated: it could
set the idle lock to four hours or rebind the lock key to nothing. So these are read from
the store. The first unlock of a store that has none copies them from `config.toml` (or
the defaults); from then on `config.toml`'s values for them are ignored, and changing
them takes the passphrase (`caseworker settings`, or the app's settings dialog).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlmodel import Session

from caseworker.core.config import DEFAULT_IDLE_MINUTES, Config
from caseworker.core.user_errors import UserError
from storage.meta_values import get_meta, set_meta

MIGRATED = "settings.migrated"
IDLE = "settings.idle_lock_minutes"
USER = "settings.user"
CLIPBOARD = "settings.system_clipboard"
# Key bindings whose change would weaken the lock or the wipe; others stay in config.toml.
SECURITY_BINDINGS = {"app.lock": "settings.key.app_lock", "app.wipe": "settings.key.app_wipe"}
IDLE_RANGE = (1, 240)
USER_LIMIT = 80


@dataclass(frozen=True)
class SecuritySettings:
    idle_lock_minutes: int
    user: str
    system_clipboard: bool
    bindings: dict[str, str]  # binding id -> keys; only those set

    def to_json(self) -> dict:
        return {"idle_lock_minutes": self.idle_lock_minutes, "user": self.user,
                "system_clipboard": self.system_clipboard, "keys": dict(self.bindings)}


def from_config(config: Config) -> SecuritySettings:
    """What a store that has no settings yet takes from config.toml, once."""
    return SecuritySettings(config.idle_lock_minutes, config.user, False,
                            {b: config.keymap[b] for b in SECURITY_BINDINGS
                             if b in config.keymap})


def migrated(session: Session) -> bool:
    return get_meta(session, MIGRATED) is not None


def read_settings(session: Session, config: Config) -> SecuritySettings:
    """The store's settings; for a store that has none yet, config.toml's (`migrate`
    then copies them in)."""
    if not migrated(session):
        return from_config(config)
    idle = get_meta(session, IDLE)
    return SecuritySettings(
        idle_lock_minutes=int(idle) if idle and idle.isdigit() else DEFAULT_IDLE_MINUTES,
        user=get_meta(session, USER) or config.user,
        system_clipboard=get_meta(session, CLIPBOARD) == "on",
        bindings={b: keys for b, key in SECURITY_BINDINGS.items()
                  if (keys := get_meta(session, key))})


def write_settings(session: Session, settings: SecuritySettings) -> None:
    check(settings)
    set_meta(session, IDLE, str(settings.idle_lock_minutes))
    set_meta(session, USER, settings.user)
    set_meta(session, CLIPBOARD, "on" if settings.system_clipboard else "off")
    for binding, key in SECURITY_BINDINGS.items():
        set_meta(session, key, settings.bindings.get(binding, ""))
    set_meta(session, MIGRATED, "1")


def check(settings: SecuritySettings) -> None:
    low, high = IDLE_RANGE
    if not low <= settings.idle_lock_minutes <= high:
        raise UserError(f"idle lock minutes must be a whole number from {low} to {high}.")
    if not settings.user.strip() or len(settings.user) > USER_LIMIT:
        raise UserError(f"the user name must be 1 to {USER_LIMIT} characters.")
    for binding, keys in settings.bindings.items():
        if binding not in SECURITY_BINDINGS or len(keys) > 60 or not all(
                part.strip() and part.strip().replace("+", "").replace("_", "").isalnum()
                for part in keys.split(",")):
            raise UserError(f"{binding}: keys are names such as ctrl+l or f12, separated by "
                            "commas.")


def applied(config: Config, settings: SecuritySettings) -> Config:
    """`config` with the store's settings in place of the file's."""
    keymap = {b: k for b, k in config.keymap.items() if b not in SECURITY_BINDINGS}
    return replace(config, idle_lock_minutes=settings.idle_lock_minutes, user=settings.user,
                   system_clipboard=settings.system_clipboard,
                   keymap=keymap | settings.bindings)


def migrate(session: Session, config: Config) -> None:
    """Copy config.toml's settings into a store that has none; from then on they are read
    from the store and the file's are ignored."""
    if not migrated(session):
        write_settings(session, from_config(config))


def config_with_store_settings(session: Session, config: Config) -> Config:
    return applied(config, read_settings(session, config))
