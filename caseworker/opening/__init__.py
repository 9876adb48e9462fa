"""Opening a store for use, for the app and the command line alike.

- `unlocking`: create_store, open_store — create or unlock, then bring the gazetteer, the
  derived data and the keys up to date.
- `workspace`: Workspace — what the app's screens share while the store is open.
"""
