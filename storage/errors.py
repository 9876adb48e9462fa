"""Errors the store raises. Messages are one sentence and never contain record contents."""


class StoreError(Exception):
    """Base class for every error the store reports to its callers."""


class StoreNotFound(StoreError):
    """There is no store in the data directory yet."""


class StoreExists(StoreError):
    """A store already exists where a new one was to be created."""


class WrongPassphrase(StoreError):
    """The passphrase does not unwrap the database key."""


class KeyFileDamaged(StoreError):
    """The key file is unreadable, truncated or altered."""


class StoreTooNew(StoreError):
    """The store was written by a newer version of Caseworker."""


class StoreDamaged(StoreError):
    """The database file cannot be read with the unwrapped key."""


class StoreInUse(StoreError):
    """Another Caseworker process holds the store's write lock for too long."""


class BrokenReference(StoreError):
    """A write would leave a record pointing at one that does not exist (or break another
    of the schema's rules); it was rolled back whole."""
