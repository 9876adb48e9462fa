"""Purging: a person's case (or one note) erased from every revision, every later bundle,
every backup and every page of the decrypted database, here and, through bundles, at the
office; the history keeps only that a purge happened, by whom and when."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlmodel import select

from caseworker.cases import case_write
from caseworker.cases.validation import validate_event
from caseworker.core.drafts import EventDraft
from caseworker.exchange.bundle_import import apply_bundle, open_bundle
from caseworker.exchange.bundle_records import encode_batch, encode_redaction
from caseworker.exchange.erasure import RedactionRecord, purge, records_of_case
from caseworker.exchange.install_keys import add_contact, own_keys
from caseworker.exchange.revision_trust import Untrusted
from caseworker.exchange.signed_history import Batch, batch_verifies, sign_batch
from storage import keyfile
from storage.columns import format_utc
from storage.engine import open_connection
from storage.history import id_from_digest
from storage.meta_values import get_meta
from storage.migrate import back_up
from storage.tables import (
    Case,
    Note,
    PurgedRecord,
    RecordHead,
    Redaction,
    Revision,
    SignedBatch,
)
from tests.conftest import PASSPHRASE
from tests.support.bundle_helpers import receive, send, unpacked
from tests.support.case_factory import NOW, ZONE, add_case, author, simple_draft
from tests.support.cli_helpers import run_cli
from tests.support.hostile_bundles import signed_bundle
from tests.support.install_helpers import contact_key, introduce, new_install
from tests.support.page_scan import found_in_files
from tests.support.store_helpers import history_agrees_with_rows

CANARY = f"Purgecanary{uuid.uuid4().hex[:10]}"


def _case_with_canary(store, name: str = "Qalymbek Shahman") -> tuple[str, str]:
    """A case whose name, route, note (edited once) and event note hold the canary."""
    case_id = add_case(store, simple_draft(name, f"{CANARY} Abai", route=f"{CANARY} route"))
    note_id = case_write.add_note(store, case_id, f"{CANARY} first words", author())
    with store.write() as session:
        note = session.get(Note, note_id)
        note.text = f"{CANARY} second words"
        from caseworker.core.authoring import editor_for

        editor_for(session, author(), case_id).save(note)
    event = EventDraft(type="detained", at="2026-11-20T10:00", location="Zharkent",
                       note=f"{CANARY} event")
    validate_event(event, ZONE, NOW)
    case_write.add_event(store, case_id, event, author())
    return case_id, note_id


def _key(store) -> bytearray:
    return keyfile.unwrap_database_key(store.paths.key_file, PASSPHRASE)


def _back_up(store) -> None:
    conn = open_connection(store.paths.database, _key(store))
    try:
        back_up(conn, store.paths.backups, 1)
    finally:
        conn.close()


def _revisions_holding(store, needle: str) -> int:
    with store.read() as session:
        return sum(needle in fields for fields in session.exec(select(Revision.fields)))


def _id_from_digest(revision: Revision) -> str:
    return id_from_digest(revision.table_name, revision.record_id, list(revision.parents),
                          json.loads(revision.fields)["digest"], list(revision.changed),
                          revision.author, revision.origin, revision.case_id,
                          format_utc(revision.at))


def own_keys_of(store) -> str:
    with store.read() as session:
        return own_keys(session).signing_public


def receive_bytes(store, data: bytes):
    return apply_bundle(store, open_bundle(store, data, now=NOW), author())


def _bundle_text(sender, receiver, tmp_path, to: str) -> str:
    path = send(sender, to, tmp_path)
    return unpacked(receiver, path).records.decode()


@pytest.fixture
def pair(tmp_path, template_store):
    stores = {name: new_install(template_store, tmp_path / name)
              for name in ("laptop", "office")}
    introduce(stores)
    yield stores
    for store in stores.values():
        store.close()


def test_a_purged_note_is_in_no_revision_bundle_backup_or_page(pair, tmp_path):
    laptop, office = pair["laptop"], pair["office"]
    case_id, note_id = _case_with_canary(laptop)
    with laptop.write() as session:  # deleted first, as in the report: deletion kept it
        from caseworker.core.authoring import editor_for

        editor_for(session, author(), case_id).delete(session.get(Note, note_id))
    assert CANARY in _bundle_text(laptop, office, tmp_path, "office")
    _back_up(laptop)
    assert found_in_files(laptop.paths.root, _key(laptop), f"{CANARY} second")

    with laptop.read() as session:
        keys = records_of_case(session, case_id, "note", note_id[:8])
    purge(laptop, keys, author("aigerim"), case_id)

    assert _revisions_holding(laptop, f"{CANARY} second") == 0
    assert _revisions_holding(laptop, f"{CANARY} first") == 0
    assert f"{CANARY} second" not in _bundle_text(laptop, office, tmp_path, "office")
    assert not laptop.paths.backup_files()
    assert found_in_files(laptop.paths.root, _key(laptop), f"{CANARY} second") == []
    assert found_in_files(laptop.paths.root, _key(laptop), f"{CANARY} first") == []
    # The rest of the case is untouched (the positive control for the page scan).
    assert found_in_files(laptop.paths.root, _key(laptop), f"{CANARY} route")
    history_agrees_with_rows(laptop)


def test_the_history_keeps_who_purged_and_when_but_not_what(store):
    case_id, note_id = _case_with_canary(store)
    with store.read() as session:
        keys = records_of_case(session, case_id, "note", note_id)
    done = purge(store, keys, author("aigerim"), case_id)
    with store.read() as session:
        revisions = session.exec(select(Revision).where(Revision.record_id == note_id)
                                 .order_by(Revision.seq)).all()
        head = session.get(RecordHead, ("notes", note_id)).head
        redaction = session.get(Redaction, done.redaction)
    *erased, last = revisions
    assert [json.loads(r.fields)["redacted"] for r in erased] == [done.redaction] * 2
    for revision in erased:  # the id still checks, from the digest of what was there
        assert set(json.loads(revision.fields)) == {"redacted", "digest"}
        assert _id_from_digest(revision) == revision.id
    assert json.loads(last.fields) == {"deleted": True} and "purged" in last.changed
    assert last.author == "aigerim" and last.at == NOW and head == last.id
    assert redaction.author == "aigerim" and redaction.records == [["notes", note_id]]


def test_a_purged_case_leaves_nothing_and_the_office_purges_it_too(pair, tmp_path,
                                                                   template_store):
    laptop, office = pair["laptop"], pair["office"]
    case_id, _ = _case_with_canary(laptop)
    kept_id = add_case(laptop, simple_draft("Erlan Serikuly", route="kept route"))
    receive(office, send(laptop, "office", tmp_path))
    assert _revisions_holding(office, CANARY) > 0
    _back_up(office)

    with laptop.read() as session:
        keys = records_of_case(session, case_id)
    purge(laptop, keys, author("aigerim"), case_id)
    with laptop.read() as session:
        assert session.get(Case, case_id) is None
        assert session.get(Case, kept_id) is not None
    assert _revisions_holding(laptop, CANARY) == 0
    assert found_in_files(laptop.paths.root, _key(laptop), CANARY) == []

    plan = receive(office, send(laptop, "office", tmp_path, since_last=True))
    assert plan.erasures.erased == len(keys)
    with office.read() as session:
        assert session.get(Case, case_id) is None
        assert session.get(Case, kept_id) is not None
        assert session.exec(select(PurgedRecord)).all()
    assert _revisions_holding(office, CANARY) == 0
    assert found_in_files(office.paths.root, _key(office), CANARY) == []
    assert not office.paths.backup_files()
    history_agrees_with_rows(office)

    # The office's next bundle to a colleague carries the purge, not the case, and the
    # laptop's signature of it: the colleague takes it from the laptop, not the office.
    colleague = new_install(template_store, tmp_path / "colleague")
    try:
        introduce({"office": office, "colleague": colleague})
        add_contact(colleague, "laptop", contact_key(laptop), author())
        text = _bundle_text(office, colleague, tmp_path, "colleague")
        assert CANARY not in text and '"redaction"' in text
        receive(colleague, send(office, "colleague", tmp_path))
        assert _revisions_holding(colleague, CANARY) == 0
        history_agrees_with_rows(colleague)
    finally:
        colleague.close()


def test_purged_revisions_keep_their_ids_and_signatures_at_the_receiver(pair, tmp_path):
    laptop, office = pair["laptop"], pair["office"]
    case_id, note_id = _case_with_canary(laptop)
    receive(office, send(laptop, "office", tmp_path))
    with laptop.read() as session:
        keys = records_of_case(session, case_id, "note", note_id)
    done = purge(laptop, keys, author("aigerim"), case_id)
    receive(office, send(laptop, "office", tmp_path, since_last=True))
    with office.read() as session:
        revisions = session.exec(select(Revision).where(Revision.record_id == note_id)).all()
        redaction = session.get(Redaction, done.redaction)
        batches = {b.id: b for b in session.exec(select(SignedBatch))}
    laptop_key = own_keys_of(laptop)
    *erased, _tombstone = sorted(revisions, key=lambda r: r.seq)
    assert erased and all(_id_from_digest(r) == r.id for r in erased)
    assert all(CANARY not in r.fields for r in revisions)
    # Every revision, the tombstone too, is covered by a batch the laptop signed; so is the
    # purge itself, and the batches list ids only.
    for revision in revisions:
        batch = batches[revision.batch]
        assert batch.signer == laptop_key and revision.id in batch.items.split("\n")
        assert batch_verifies(Batch.from_row(batch))
    assert redaction.batch is not None and done.redaction in batches[redaction.batch].items
    assert batch_verifies(Batch.from_row(batches[redaction.batch]))
    assert all(CANARY not in b.items for b in batches.values())


def test_a_purge_no_known_install_signed_refuses_the_bundle(pair, tmp_path):
    laptop, office = pair["laptop"], pair["office"]
    case_id, _ = _case_with_canary(laptop)
    receive(office, send(laptop, "office", tmp_path))
    with laptop.read() as session:
        keys = records_of_case(session, case_id)
    done = purge(laptop, keys, author(), case_id)
    lines = unpacked(office, send(laptop, "office", tmp_path, since_last=True)).records \
        .decode().split("\n")
    # The batch that signs the purge is dropped; the revisions' own batches stay.
    stripped = [line for line in lines if not (line.startswith('{"batch"')
                                               and done.redaction in line)]
    assert len(stripped) == len(lines) - 1
    data = signed_bundle(laptop, office, "\n".join(stripped).encode(), vouch=False)
    with pytest.raises(Untrusted, match=r"purge .* signed by no known install"):
        receive_bytes(office, data)
    with office.read() as session:
        assert session.get(Case, case_id) is not None
    assert _revisions_holding(office, CANARY) > 0


def test_a_purge_signed_as_another_install_refuses_the_bundle(pair, tmp_path):
    laptop, office = pair["laptop"], pair["office"]
    case_id, _ = _case_with_canary(office)
    receive(laptop, send(office, "laptop", tmp_path))
    with laptop.read() as session:
        keys = records_of_case(session, case_id)
        laptop_keys = own_keys(session)
        laptop_install = get_meta(session, "install_id")
    with office.read() as session:
        office_install = get_meta(session, "install_id")
    # The laptop's key signs a purge that says the office made it.
    forged = RedactionRecord.make("office", office_install, "2026-11-22T12:00:00.000Z", keys)
    batch = sign_batch(laptop_keys, laptop_install, "2026-11-22T12:00:00.000Z", [forged.id])
    records = (encode_redaction(forged) + encode_batch(batch)).encode()
    with pytest.raises(Untrusted, match="made on another install"):
        receive_bytes(office, signed_bundle(laptop, office, records, cases=0, revisions=0,
                                            vouch=False))
    assert _revisions_holding(office, CANARY) > 0


def test_a_case_purged_on_one_laptop_stays_purged_when_an_old_bundle_arrives(pair, tmp_path):
    laptop, office = pair["laptop"], pair["office"]
    case_id, _ = _case_with_canary(laptop)
    old_bundle = send(laptop, "office", tmp_path)
    with laptop.read() as session:
        keys = records_of_case(session, case_id)
    purge(laptop, keys, author(), case_id)
    receive(office, send(laptop, "office", tmp_path))
    receive(office, old_bundle)  # the old bundle, replayed after the purge
    with office.read() as session:
        assert session.get(Case, case_id) is None
    assert _revisions_holding(office, CANARY) == 0


def test_a_contact_cannot_purge_what_it_did_not_create(pair, tmp_path, template_store):
    laptop, office = pair["laptop"], pair["office"]
    case_id, _ = _case_with_canary(office)  # the office's own case
    receive(laptop, send(office, "laptop", tmp_path))
    with laptop.read() as session:
        keys = records_of_case(session, case_id)
    purge(laptop, keys, author("laptop user"), case_id)  # purged on the laptop itself
    plan = receive(office, send(laptop, "office", tmp_path))
    assert plan.erasures.erased == 0 and plan.erasures.refused
    with office.read() as session:
        assert session.get(Case, case_id) is not None
    assert _revisions_holding(office, CANARY) > 0


def test_the_escrow_office_may_purge_what_a_laptop_created(pair, tmp_path):
    from caseworker.exchange.install_keys import add_contact, remove_contact
    from tests.support.install_helpers import contact_key

    laptop, office = pair["laptop"], pair["office"]
    remove_contact(laptop, "office")
    add_contact(laptop, "office", contact_key(office), author(), escrow=True)
    case_id, _ = _case_with_canary(laptop)
    receive(office, send(laptop, "office", tmp_path))
    with office.read() as session:
        keys = records_of_case(session, case_id)
    purge(office, keys, author("office"), case_id)
    plan = receive(laptop, send(office, "laptop", tmp_path))
    assert plan.erasures.erased == len(keys)
    assert _revisions_holding(laptop, CANARY) == 0


def test_case_purge_command(capsys, data_dir, monkeypatch):
    from caseworker.opening.unlocking import open_store

    store = open_store(data_dir, PASSPHRASE)
    case_id, note_id = _case_with_canary(store)
    store.close()
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    refused = run_cli(capsys, "case", "purge", case_id[:8])
    assert refused.code == 2
    done = run_cli(capsys, "case", "purge", case_id[:8], "--note", note_id[:8], "--yes",
                   "--json")
    assert done.code == 0, done.err
    assert done.json()["records"] == 1
    done = run_cli(capsys, "case", "purge", case_id[:8], "--yes")
    assert done.code == 0, done.err
    assert run_cli(capsys, "case", "show", case_id[:8]).code == 2
    store = open_store(data_dir, PASSPHRASE)
    try:
        assert _revisions_holding(store, CANARY) == 0
        assert found_in_files(data_dir, _key(store), CANARY) == []
    finally:
        store.close()
