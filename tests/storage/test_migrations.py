"""Schema migrations: frozen steps reach the same schema as the models, safely."""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path

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
from storage.steps import Step, all_steps, order_step_modules, step_modules
from tests.conftest import PASSPHRASE

KEY = bytes(range(32))
# Every released step and the SHA-256 of its source. A store runs each step once, so a step
# changed after release would leave stores made before and after the change with different
# schemas at the same version.
RELEASED_STEPS = {
    "s0001_records": "38cacea60ac5643f5267f6d0d797af06407f040be4c5c1bc5c4d2b1ea9293bb5",
    "s0002_history": "3aadbcb5b7ed99ae67405a89bf79e4ee7b097281b1f066f69c72380431d4797a",
    "s0003_summary_search": "6a088e747acd114b21e239d5120b186f8b52a05b6e2367cf26e9ca7f2572adae",
    "s0004_case_search": "c2cac479ee4d5c451c1e81d6430064cbf0bcc24a623f7f1bfbbdeb38e1c65fc3",
    "s0005_places": "3e5e314dbd8043d847df5f9001c729d55ec9276717079eadd03960d768fdac92",
    "s0006_person_matching": "7f85fe7a0bdad8493a1c4598b14e193dbbfbcc02e4e35840d6c66f16ba0af797",
    "s0007_checklist": "2f23f9ff89ba7c75aeb8819659678d554cd30baccfca6c8272fa9330a13d808f",
    "s0008_risk": "58830bb7f3d44ee36dc991631db980a319a843ca259f8f4fe103fd20b991444e",
    "s0009_key_contacts": "041174369d0f02b015195c23e81dbdcc9ff313345c082438f39f88bda8882bda",
    "s0010_bundles": "a8dc7f2688de622fc9f26f9b9e3e20bfda1c5d269864799d59491fdc9e3ef225",
    "s0011_signed_history": "9debadb3ddb602504bcd5df4a330c51ca770f9246f389bf082c5abc1a44b24a3",
    "s0012_erasure": "39f25cc598efc41000c2facc129aa69d5a9da32ea5d9692dd070b44a13f6dcca",
    "s0013_desk": "3211706b44a029061351a9873e82f5013d6d38b142cb902515a98a7db508fb8a",
    "s0014_intake_inbox": "9b4f2b61672a7dee9be50384b06f7909afd21ef63b19309eb56c2f5525d0d6bc",
    "s0015_receipt_delivery":
        "14a9243eea1ea5789655d605f809379bbfdc1c3d9ff5a115f2d3a936a7efeb93",
    "s0016_evidence_files":
        "8a81cd1528cd734b68b5bdb848db1e070a81a3981e51a7fbfae5de09fc89c9fd",
}


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
    assert schema_version(migrated) == len(all_steps())

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
    assert applied == list(range(1, len(all_steps()) + 1))
    assert migrate(conn, tmp_path / "backups") == []


def test_store_newer_than_the_code_is_refused_untouched(data_dir):
    paths = StorePaths(data_dir)
    key = keyfile.unwrap_database_key(paths.key_file, PASSPHRASE)
    conn = open_connection(paths.database, key)
    conn.execute(f"PRAGMA user_version = {len(all_steps()) + 5}")
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


def _source_sha256(module_name: str) -> str:
    module = importlib.import_module(f"storage.steps.{module_name}")
    # Read as text, so a checkout with other line endings hashes the same.
    text = Path(module.__file__).read_text(encoding="utf-8")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_released_steps_never_change():
    changed = [name for name, digest in RELEASED_STEPS.items()
               if name in step_modules() and _source_sha256(name) != digest]
    assert changed == [], (
        f"Released schema steps were edited: {changed}. A released step must never change, "
        "not even its docstring: stores that already ran it will not run it again. Put it "
        "back as it was and make the change in a new step, the next sNNNN_*.py.")


def test_every_step_is_pinned_and_none_removed():
    steps = step_modules()
    removed = sorted(set(RELEASED_STEPS) - set(steps))
    assert removed == [], (f"Released schema steps are missing: {removed}. A released step "
                           "must never be removed or renamed; add a new step instead.")
    unpinned = {name: _source_sha256(name) for name in steps if name not in RELEASED_STEPS}
    assert unpinned == {}, (
        "New schema steps are not pinned yet. Once a step is final, add it to "
        f"RELEASED_STEPS in this file: {unpinned}")


def test_steps_are_found_in_order_and_must_run_without_gaps():
    assert step_modules() == sorted(RELEASED_STEPS)
    assert [s.version for s in all_steps()] == list(range(1, len(RELEASED_STEPS) + 1))
    assert order_step_modules(["s0002_b", "s0001_a"]) == ["s0001_a", "s0002_b"]
    for names in (["s0001_a", "s0003_c"], ["s0001_a", "s0001_b"], ["s0002_b"],
                  ["s0001_a", "s2_b"], ["s0001_a", "notes"]):
        with pytest.raises(RuntimeError):
            order_step_modules(names)
