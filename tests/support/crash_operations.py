"""The operations the crash tests interrupt, and what each must leave behind.

Each operation knows three things: how to set a store up for it (in the test process),
its numbered rounds (in a child process that gets killed, see crash_worker.py), and what a
store interrupted anywhere must hold, given the last round the child reported as done: a
round is in the store in full or not at all, and every round reported done is there.
"""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlcipher3
from sqlmodel import func, select

from caseworker.cases import case_write
from caseworker.cases.validation import validate_event
from caseworker.core.drafts import EventDraft
from caseworker.exchange.bundle_export import export_bundle
from caseworker.exchange.bundle_import import apply_bundle, open_bundle, read_bundle_file
from caseworker.exchange.erasure import PENDING_KEY, purge, records_of_case
from caseworker.exchange.install_keys import add_contact
from caseworker.opening.unlocking import create_store, open_store
from caseworker.places.gazetteer import (
    META_KEY,
    ShippedGazetteer,
    shipped_gazetteer,
    upgrade_gazetteer,
)
from storage import keyfile
from storage.engine import open_connection
from storage.kdf import floor_params
from storage.meta_values import get_meta
from storage.migrate import back_up, migrate
from storage.paths import StorePaths
from storage.steps import all_steps
from storage.store import Store
from storage.tables import BundleLog, Case, ChecklistItem, Event, NameForm, Place, Revision
from tests.conftest import PASSPHRASE
from tests.support.case_factory import NOW, ZONE, add_case, author, simple_draft
from tests.support.install_helpers import contact_key

OTHER_PASSPHRASE = "copper meadow whistle ninety"
SUBJECT = "Crash Subject"
ZHARKENT_IVS = "KZ-DET-ZHARKENT-IVS"


class Operation:
    name = ""
    # Rounds in a calibration run: enough for a kill to land anywhere in one of them.
    calibration_rounds = 3

    def prepare(self, data_dir: Path, work: Path) -> None:
        """Make the store the rounds run on (data_dir is a fresh store)."""

    def passphrases(self, reported: int) -> list[str]:
        """Passphrases that may open the store after `reported` rounds were done."""
        return [PASSPHRASE]

    def rounds(self, data_dir: Path, work: Path) -> Iterator[int]:
        """Run rounds 1, 2, ... in the child, yielding each number once it is done."""
        raise NotImplementedError

    def check_raw(self, conn: sqlcipher3.Connection, work: Path, reported: int) -> None:
        """Checks on the database as the kill left it, before opening brings it up to date."""

    def check(self, store: Store, work: Path, reported: int) -> None:
        """Checks on the opened store."""


def _one_of(value: int, reported: int, what: str) -> None:
    assert value in (reported, reported + 1), (
        f"{what}: {value} rounds in the store, but {reported} were reported done")


def _rounds_on_the_case(data_dir: Path, work: Path,
                        change: Callable[[Store, str, int], None]) -> Iterator[int]:
    """Round after round of `change` to the case Save.prepare made."""
    store = open_store(data_dir, PASSPHRASE)
    case_id = (work / "case").read_text()
    for number in itertools.count(1):
        change(store, case_id, number)
        yield number


class Save(Operation):
    """Editing a case: the person's names, the case's fields, their history and summary."""

    name = "save"

    def prepare(self, data_dir: Path, work: Path) -> None:
        store = open_store(data_dir, PASSPHRASE)
        try:
            (work / "case").write_text(add_case(store, simple_draft(SUBJECT)))
        finally:
            store.close()

    def rounds(self, data_dir: Path, work: Path) -> Iterator[int]:
        def edit(store: Store, case_id: str, number: int) -> None:
            draft = simple_draft(SUBJECT, f"Round{number} Subject", route=f"round {number}")
            case_write.update_case(store, case_id, draft, author())

        return _rounds_on_the_case(data_dir, work, edit)

    def check(self, store: Store, work: Path, reported: int) -> None:
        with store.read() as session:
            case = session.get(Case, (work / "case").read_text())
            names = set(session.exec(select(NameForm.text).where(
                NameForm.person_id == case.person_id)))
        done = int(case.route.split()[-1]) if case.route else 0
        _one_of(done, reported, "case edits")
        # The name written in the same round as the route, and no other round's name.
        expected = {SUBJECT} | ({f"Round{done} Subject"} if done else set())
        assert names == expected


class AddEvent(Operation):
    """Adding an event: the event, the checklist items it starts, the risk it changes."""

    name = "event"

    def prepare(self, data_dir: Path, work: Path) -> None:
        Save().prepare(data_dir, work)

    def rounds(self, data_dir: Path, work: Path) -> Iterator[int]:
        def add(store: Store, case_id: str, number: int) -> None:
            event = EventDraft(type="detained", at=f"2026-11-{number % 20 + 1:02d}T10:00",
                               location=ZHARKENT_IVS)
            validate_event(event, ZONE, NOW)
            case_write.add_event(store, case_id, event, author())

        return _rounds_on_the_case(data_dir, work, add)

    def check(self, store: Store, work: Path, reported: int) -> None:
        with store.read() as session:
            events = session.exec(select(Event.id).where(
                Event.case_id == (work / "case").read_text())).all()
            per_event = {event_id: session.exec(select(func.count()).where(
                ChecklistItem.event_id == event_id)).one() for event_id in events}
        _one_of(len(events), reported, "events")
        # Every event started its items in the same transaction as itself.
        assert len(set(per_event.values())) <= 1 and 0 not in per_event.values(), per_event


class GazetteerUpgrade(Operation):
    """A newer shipped gazetteer: every shipped place, the version, the derived data."""

    name = "gazetteer"

    @staticmethod
    def shipped(number: int) -> ShippedGazetteer:
        base = shipped_gazetteer()
        return ShippedGazetteer(base.version + number,
                                [{**place, "notes": f"round {number}"} for place in base.places])

    def rounds(self, data_dir: Path, work: Path) -> Iterator[int]:
        store = open_store(data_dir, PASSPHRASE)
        number = 0
        while True:
            number += 1
            upgrade_gazetteer(store, NOW, self.shipped(number))
            yield number

    def check_raw(self, conn: sqlcipher3.Connection, work: Path, reported: int) -> None:
        version = int(conn.execute("SELECT value FROM meta WHERE key = ?",
                                   (META_KEY,)).fetchone()[0])
        done = version - shipped_gazetteer().version
        _one_of(done, reported, "gazetteer upgrades")
        notes = {row[0] for row in conn.execute("SELECT notes FROM places WHERE origin = ?",
                                                ("shipped",))}
        if done:
            assert notes == {f"round {done}"}, "places of two gazetteer versions mixed"
        else:
            assert not any(note.startswith("round ") for note in notes)

    def check(self, store: Store, work: Path, reported: int) -> None:
        with store.read() as session:
            assert int(get_meta(session, META_KEY)) >= shipped_gazetteer().version
            assert session.get(Place, ZHARKENT_IVS) is not None


class Migration(Operation):
    """Opening a store made by the first release: every schema step, and the backup."""

    name = "migration"
    calibration_rounds = 1
    FROM_VERSION = 1

    def prepare(self, data_dir: Path, work: Path) -> None:
        paths = StorePaths(data_dir)
        key = keyfile.unwrap_database_key(paths.key_file, PASSPHRASE)
        for leftover in [*paths.database_files(), paths.backups]:
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink(missing_ok=True)
        conn = open_connection(paths.database, key)
        try:
            migrate(conn, paths.backups, all_steps()[:self.FROM_VERSION])
            conn.execute("INSERT INTO meta (key, value) VALUES ('install_id', 'crash-install')")
        finally:
            conn.close()

    def rounds(self, data_dir: Path, work: Path) -> Iterator[int]:
        open_store(data_dir, PASSPHRASE).close()
        yield 1

    def check_raw(self, conn: sqlcipher3.Connection, work: Path, reported: int) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        assert self.FROM_VERSION <= version <= len(all_steps())
        assert _schema(conn) == _schema_at(version), f"schema of version {version} incomplete"
        install = conn.execute("SELECT value FROM meta WHERE key = 'install_id'").fetchone()
        assert install == ("crash-install",)

    def check(self, store: Store, work: Path, reported: int) -> None:
        assert store.schema_version() == len(all_steps())
        # Every backup kept is a whole store: a half-written one must never replace a good one.
        key = keyfile.unwrap_database_key(store.paths.key_file, PASSPHRASE)
        for backup in store.paths.backups.glob("*"):
            conn = open_connection(backup, key)
            try:
                assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",), backup
                assert conn.execute("PRAGMA user_version").fetchone()[0] >= self.FROM_VERSION
            finally:
                conn.close()


def _schema(conn: sqlcipher3.Connection) -> list[tuple]:
    return conn.execute("SELECT type, name, sql FROM sqlite_master "
                        "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").fetchall()


def _schema_at(version: int) -> list[tuple]:
    conn = sqlcipher3.connect(":memory:", isolation_level=None)
    try:
        for step in all_steps()[:version]:
            conn.executescript(step.sql)
        return _schema(conn)
    finally:
        conn.close()


class PassphraseChange(Operation):
    """Changing the passphrase back and forth: the store moves to a new key each time, and
    the old or the new key opens it, never neither."""

    name = "passphrase"

    @staticmethod
    def after(rounds: int) -> str:
        return (PASSPHRASE, OTHER_PASSPHRASE)[rounds % 2]

    def passphrases(self, reported: int) -> list[str]:
        return [self.after(reported), self.after(reported + 1)]

    def rounds(self, data_dir: Path, work: Path) -> Iterator[int]:
        store = Store.unlock(data_dir, PASSPHRASE)
        number = 0
        while True:
            number += 1
            store.change_passphrase(self.after(number - 1), self.after(number), floor_params())
            yield number


class Rekey(Operation):
    """Moving the store and its backup to a new key, same passphrase: the case is there
    after every kill, the store opens, and no backup is left readable only by a retired
    key (each is re-keyed, or destroyed)."""

    name = "rekey"

    def prepare(self, data_dir: Path, work: Path) -> None:
        Save().prepare(data_dir, work)
        self.prepare_backup(data_dir)

    @staticmethod
    def prepare_backup(data_dir: Path) -> None:
        paths = StorePaths(data_dir)
        conn = open_connection(paths.database, keyfile.unwrap_database_key(paths.key_file,
                                                                           PASSPHRASE))
        try:
            back_up(conn, paths.backups, len(all_steps()))
        finally:
            conn.close()

    def rounds(self, data_dir: Path, work: Path) -> Iterator[int]:
        store = Store.unlock(data_dir, PASSPHRASE)
        number = 0
        while True:
            number += 1
            store.rekey(PASSPHRASE, floor_params())
            yield number

    def check(self, store: Store, work: Path, reported: int) -> None:
        with store.read() as session:
            assert session.get(Case, (work / "case").read_text()) is not None
        assert not store.paths.pending_key_file.exists()
        key = keyfile.unwrap_database_key(store.paths.key_file, PASSPHRASE)
        for backup in store.paths.backup_files():
            conn = open_connection(backup, key)  # raises if it needs another key
            conn.close()


class Purge(Operation):
    """Purging cases one by one, with a backup present: a case is there whole or erased
    from every revision, never half; once one purge committed, the next unlock leaves no
    backup behind (they are older copies of everything)."""

    name = "purge"
    CASES = 3
    calibration_rounds = CASES

    def prepare(self, data_dir: Path, work: Path) -> None:
        store = open_store(data_dir, PASSPHRASE)
        try:
            cases = [add_case(store, simple_draft(f"Purged Person{n}", route=f"purge {n}"))
                     for n in range(1, self.CASES + 1)]
        finally:
            store.close()
        (work / "cases.json").write_text(json.dumps(cases))
        Rekey().prepare_backup(data_dir)

    def rounds(self, data_dir: Path, work: Path) -> Iterator[int]:
        store = open_store(data_dir, PASSPHRASE)
        for number, case_id in enumerate(json.loads((work / "cases.json").read_text()), 1):
            with store.read() as session:
                keys = records_of_case(session, case_id)
            purge(store, keys, author(), case_id)
            yield number

    def check(self, store: Store, work: Path, reported: int) -> None:
        gone = []
        with store.read() as session:
            for case_id in json.loads((work / "cases.json").read_text()):
                present = session.get(Case, case_id) is not None
                fields = session.exec(select(Revision.fields).where(
                    Revision.case_id == case_id)).all()
                erased = [f for f in fields if set(json.loads(f)) == {"redacted", "digest"}
                          or f == '{"deleted":true}']
                assert len(erased) == (0 if present else len(fields)), case_id
                if not present:
                    assert not any("Purged Person" in f for f in fields)
                gone.append(not present)
            assert get_meta(session, PENDING_KEY) is None
        done = sum(gone)
        _one_of(done, reported, "cases purged")
        assert gone == [True] * done + [False] * (len(gone) - done)
        assert bool(store.paths.backup_files()) == (done == 0)


class BundleImport(Operation):
    """Importing bundles of one case each, from a contact: all of a bundle or none of it."""

    name = "import"
    BUNDLES = 3
    calibration_rounds = BUNDLES

    def prepare(self, data_dir: Path, work: Path) -> None:
        sender = create_store(work / "sender", PASSPHRASE, floor_params())
        receiver = open_store(data_dir, PASSPHRASE)
        try:
            add_contact(sender, "office", contact_key(receiver), author())
            add_contact(receiver, "laptop", contact_key(sender), author())
            cases = []
            for number in range(1, self.BUNDLES + 1):
                case_id = add_case(sender, simple_draft(f"Imported Person{number}"))
                export_bundle(sender, work / f"bundle-{number}.cwb", author(), to=["office"],
                              cases=[case_id])
                with sender.read() as session:
                    revisions = session.exec(select(func.count()).where(
                        Revision.case_id == case_id)).one()
                cases.append({"case": case_id, "revisions": revisions})
            (work / "bundles.json").write_text(json.dumps(cases))
        finally:
            sender.close()
            receiver.close()

    def rounds(self, data_dir: Path, work: Path) -> Iterator[int]:
        store = open_store(data_dir, PASSPHRASE)
        for number in range(1, self.BUNDLES + 1):
            bundle = open_bundle(store, read_bundle_file(work / f"bundle-{number}.cwb"))
            apply_bundle(store, bundle, author())
            yield number

    def check(self, store: Store, work: Path, reported: int) -> None:
        expected = json.loads((work / "bundles.json").read_text())
        with store.read() as session:
            present = [session.get(Case, bundle["case"]) is not None for bundle in expected]
            revisions = [session.exec(select(func.count()).where(
                Revision.case_id == bundle["case"])).one() for bundle in expected]
            received = session.exec(select(func.count()).select_from(BundleLog).where(
                BundleLog.direction == "received")).one()
        done = sum(present)
        _one_of(done, reported, "bundles imported")
        assert present == [True] * done + [False] * (len(expected) - done)
        assert revisions == [bundle["revisions"] if there else 0
                             for bundle, there in zip(expected, present, strict=True)]
        assert received == done, "the bundle log disagrees with the records imported"

