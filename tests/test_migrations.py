"""Schema migrations: frozen steps reach the same schema as the models, safely."""

from __future__ import annotations

import pytest
import sqlcipher3
from sqlmodel import SQLModel

import storage.tables  # noqa: F401  (registers every table on the metadata)
from caseworker.opening.unlocking import open_store
from storage import keyfile
from storage.engine import open_connection
from storage.errors import StoreTooNew
from storage.migrate import migrate, schema_version
from storage.paths import StorePaths
from storage.steps import LATEST_VERSION, Step, all_steps
from tests.conftest import PASSPHRASE

KEY = bytes(range(32))


def _schema(conn) -> dict:
    """Tables with their columns, foreign keys and indexes, as SQLite reports them."""
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]
    schema = {}
    for table in tables:
        pragma = lambda name, arg: conn.execute(f'PRAGMA {name}("{arg}")')  # noqa: E731
        columns = sorted(
            (name, kind.upper(), bool(notnull), pk)
            for _, name, kind, notnull, _default, pk in pragma("table_info", table)
        )
        foreign = sorted((row[3], row[2], row[4]) for row in pragma("foreign_key_list", table))
        indexes = sorted(
            (row[1], bool(row[2]), tuple(c[2] for c in pragma("index_info", row[1])))
            for row in pragma("index_list", table)
            if not row[1].startswith("sqlite_autoindex")
        )
        schema[table] = {"columns": columns, "foreign_keys": foreign, "indexes": indexes}
    return schema


def test_migrated_schema_equals_the_models(tmp_path):
    migrated = open_connection(tmp_path / "migrated.db", KEY)
    migrate(migrated, tmp_path / "backups")
    assert schema_version(migrated) == LATEST_VERSION

    from sqlalchemy import create_engine

    models_db = tmp_path / "models.db"
    engine = create_engine("sqlite://", creator=lambda: open_connection(models_db, KEY))
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    modelled = open_connection(tmp_path / "models.db", KEY)
    model_schema = _schema(modelled)
    migrated_schema = {t: s for t, s in _schema(migrated).items() if t in model_schema}
    assert migrated_schema == model_schema


def test_every_step_applies_in_order_from_an_empty_store(tmp_path):
    conn = open_connection(tmp_path / "s.db", KEY)
    applied = migrate(conn, tmp_path / "backups")
    assert applied == list(range(1, LATEST_VERSION + 1))
    assert migrate(conn, tmp_path / "backups") == []


def test_store_newer_than_the_code_is_refused_untouched(data_dir):
    paths = StorePaths(data_dir)
    key = keyfile.unwrap_database_key(paths.key_file, PASSPHRASE)
    conn = open_connection(paths.database, key)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    conn.close()
    before = paths.database.read_bytes()
    with pytest.raises(StoreTooNew, match="update Caseworker"):
        open_store(data_dir, PASSPHRASE)
    assert paths.database.read_bytes() == before
    assert not paths.backups.exists()


def test_existing_store_is_backed_up_encrypted_before_a_new_step(tmp_path):
    steps = all_steps()
    conn = open_connection(tmp_path / "s.db", KEY)
    migrate(conn, tmp_path / "backups", steps)
    conn.execute("INSERT INTO meta (key, value) VALUES ('marker', 'BACKUP-CANARY')")
    extra = Step(len(steps) + 1, "extra", "CREATE TABLE extra_step (id INTEGER PRIMARY KEY);")
    assert migrate(conn, tmp_path / "backups", [*steps, extra]) == [extra.version]
    backups = list((tmp_path / "backups").glob("store-v*.db"))
    assert len(backups) == 1
    content = backups[0].read_bytes()
    assert b"SQLite format 3" not in content and b"BACKUP-CANARY" not in content
    restored = open_connection(backups[0], KEY)
    assert schema_version(restored) == len(steps)
    assert restored.execute("SELECT value FROM meta WHERE key = 'marker'").fetchone() == (
        "BACKUP-CANARY",
    )


def test_a_failing_step_rolls_back_completely(tmp_path):
    steps = all_steps()
    conn = open_connection(tmp_path / "s.db", KEY)
    migrate(conn, tmp_path / "backups", steps)
    broken = Step(len(steps) + 1, "broken",
                  "CREATE TABLE half_done (id INTEGER);\nTHIS IS NOT SQL;")
    with pytest.raises(sqlcipher3.OperationalError):
        migrate(conn, tmp_path / "backups", [*steps, broken])
    assert schema_version(conn) == len(steps)
    leftover = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'")
    assert leftover.fetchone() == (0,)
