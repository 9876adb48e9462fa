"""Comparing a whole store before and after: 'nothing was written' as an assertion."""

from __future__ import annotations

from storage.store import Store


def fingerprint(store: Store) -> dict[str, list]:
    """Every row of every table."""
    with store.engine.connect() as conn:
        tables = [row[0] for row in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {table: sorted(map(tuple, conn.exec_driver_sql(f'SELECT * FROM "{table}"')),
                              key=repr)
                for table in tables}
