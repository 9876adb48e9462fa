"""Bundles from a contact gone hostile (issue 17), with their real keys and every hash
recomputed: each attack is refused with the store unchanged and the reason named, or,
where the contact may make the change, shown in full in the preview. And the honest
paths they must not break: relaying through the office keeps the author's signature,
U+2028 travels, lists merge as unions, a bundle that never arrived is reported."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from sqlmodel import select

from caseworker.core.user_errors import AuthFailure, UserError
from caseworker.exchange.bundle_import import apply_bundle, open_bundle, plan_import
from caseworker.exchange.bundle_summary import describe_plan
from caseworker.exchange.install_keys import missing_bundles, own_keys
from storage.columns import format_utc, utc_now
from storage.history import canonical, revision_id
from storage.meta_values import get_meta
from storage.tables import Case, ChecklistItem, Event, Note, Place, Revision
from tests.conftest import PASSPHRASE
from tests.support.bundle_helpers import receive, send, unpacked
from tests.support.case_factory import NOW, add_case, author, seed_draft
from tests.support.cli_helpers import run_cli
from tests.support.hostile_bundles import (
    batch_lines,
    exported_revisions,
    records_bytes,
    signed_bundle,
)
from tests.support.install_helpers import contact_key, introduce, new_install
from tests.support.record_edits import at, edit, value
from tests.support.store_helpers import fingerprint as store_fingerprint
from tests.support.store_helpers import history_agrees_with_rows

PLACE = "KZ-DET-ZHARKENT-IVS"


@pytest.fixture
def three(tmp_path, template_store):
    """This install (`here`), a colleague whose case it holds, and a contact gone hostile
    (the seized laptop) that has a copy of the colleague's case, sent by the colleague."""
    stores = {name: new_install(template_store, tmp_path / name)
              for name in ("here", "colleague", "hostile")}
    introduce(stores)
    case_id = add_case(stores["colleague"], seed_draft("qalymbek-shahman"),
                       author("Aigerim"))
    receive(stores["here"], send(stores["colleague"], "here", tmp_path))
    receive(stores["hostile"], send(stores["colleague"], "hostile", tmp_path))
    yield stores, case_id, tmp_path
    for store in stores.values():
        store.close()


def install_id(store) -> str:
    with store.read() as session:
        return get_meta(session, "install_id")


def history(store, table: str, record: str) -> list[dict]:
    return [r for r in exported_revisions(store) if (r["table"], r["record"]) == (table, record)]


def child(parent: dict, changes: dict, *, author: str, origin: str, case="same",
          at: str = "2026-11-23T09:00:00.000Z", replace: bool = False) -> dict:
    """A revision on top of `parent`, its id computed as any sender's would be."""
    fields = dict(changes) if replace else {**parent["fields"], **changes}
    revision = {"table": parent["table"], "record": parent["record"], "parents": [parent["id"]],
                "fields": fields, "changed": sorted(changes), "author": author,
                "origin": origin, "case": parent["case"] if case == "same" else case, "at": at}
    revision["id"] = revision_id(revision["table"], revision["record"], revision["parents"],
                                 canonical(fields), revision["changed"], author, origin,
                                 revision["case"], at)
    return revision


def hostile_bundle(stores, revisions: list[dict]) -> bytes:
    return signed_bundle(stores["hostile"], stores["here"], records_bytes(revisions))


def refused(store, data: bytes, error=AuthFailure) -> str:
    before = store_fingerprint(store)
    with pytest.raises(error) as caught:
        opened = open_bundle(store, data)
        plan_import(store, opened)
        apply_bundle(store, opened, author())
    assert store_fingerprint(store) == before
    return str(caught.value)


def ticks(stores, case_id: str, *, origin: str) -> list[dict]:
    """Every checklist item of the colleague's case ticked off in her name."""
    with stores["hostile"].read() as session:
        items = session.exec(select(ChecklistItem.id).where(
            ChecklistItem.case_id == case_id)).all()
    revisions = []
    for item in items:
        past = history(stores["hostile"], "checklist_items", item)
        revisions += [*past, child(past[-1], {"status": "done", "done_by": "Aigerim",
                                               "done_at": "2026-11-23T09:00:00.000Z"},
                                   author="Aigerim", origin=origin)]
    return revisions


def moved_place(stores, origin: str) -> list[dict]:
    past = history(stores["hostile"], "places", PLACE)
    return [*past, child(past[-1], {"lat": 52.0, "lon": 70.0}, author="Aigerim",
                         origin=origin)]


# -- attack 1: ticked-off deadlines and a moved place ------------------------------------


def test_ticks_in_a_colleagues_name_and_install_are_refused(three):
    stores, case_id, _ = three
    data = hostile_bundle(stores, ticks(stores, case_id, origin=install_id(stores["colleague"])))
    message = refused(stores["here"], data)
    assert "no known install signed" in message and "checklist item" in message


def test_ticks_signed_by_the_contact_itself_are_out_of_its_scope(three):
    stores, case_id, _ = three
    data = hostile_bundle(stores, ticks(stores, case_id, origin=install_id(stores["hostile"]))
                          + moved_place(stores, install_id(stores["hostile"])))
    message = refused(stores["here"], data)
    assert message.startswith("hostile changed")
    assert "did not create and were not sent" in message
    assert "checklist item" in message and case_id[:8] in message
    with stores["here"].read() as session:
        assert all(i.status == "open" for i in session.exec(select(ChecklistItem).where(
            ChecklistItem.case_id == case_id)))
        assert session.get(Place, PLACE).lat < 45


def test_a_place_moved_by_a_contact_is_refused_and_names_the_place(three):
    stores, _, _ = three
    message = refused(stores["here"], hostile_bundle(
        stores, moved_place(stores, install_id(stores["hostile"]))))
    assert f"place {PLACE[:8]}" in message


def test_a_batch_claiming_a_colleagues_install_is_refused(three):
    """The contact signs with its own real key but says the batch is the colleague's."""
    from caseworker.exchange.bundle_export import seal_records

    stores, case_id, _ = three
    colleague = install_id(stores["colleague"])
    records = records_bytes(ticks(stores, case_id, origin=colleague))
    with stores["hostile"].read() as session:
        keys = own_keys(session)
    with stores["here"].read() as session:
        theirs = own_keys(session)
    data = seal_records(batch_lines(keys, colleague, records) + records, keys,
                        install_id(stores["hostile"]), NOW, sequence=1,
                        recipients=[(theirs.age_recipient, theirs.signing_public)],
                        passphrase=None, cases=1, revisions=1)[1]
    assert "made on another install" in refused(stores["here"], data)


def test_changes_a_contact_may_make_are_shown_in_full_before_import(three, tmp_path):
    """Here sends the case to the contact: its ticks are then in scope, and the preview
    lists each one, by case and in words."""
    stores, case_id, _ = three
    receive(stores["hostile"], send(stores["here"], "hostile", tmp_path))
    data = hostile_bundle(stores, ticks(stores, case_id, origin=install_id(stores["hostile"])))
    plan = plan_import(stores["here"], open_bundle(stores["here"], data))
    text = describe_plan(plan)
    assert "Changes 1 case(s) already here: Qalymbek Shahman" in text
    assert f"In the case of Qalymbek Shahman ({case_id[:8]}):" in text
    assert text.count("checklist item ticked off:") == 2
    assert "(by Aigerim)" in text


# -- attack 2: a deletion filed under no case --------------------------------------------


def _detention(store, case_id) -> tuple[str, str]:
    with store.read() as session:
        event = session.exec(select(Event).where(Event.case_id == case_id,
                                                 Event.type == "detained")).one()
        note = session.exec(select(Note).where(Note.case_id == case_id)).first()
        return event.id, note.id


def _deletions(stores, case_id, *, case) -> list[dict]:
    event_id, note_id = _detention(stores["hostile"], case_id)
    origin = install_id(stores["hostile"])
    revisions = []
    for table, record in (("events", event_id), ("notes", note_id)):
        past = history(stores["hostile"], table, record)
        revisions += [*past, child(past[-1], {"deleted": True}, author="x", origin=origin,
                                   case=case, replace=True)]
    return revisions


def test_a_deletion_filed_under_no_case_is_refused(three, tmp_path):
    stores, case_id, _ = three
    receive(stores["hostile"], send(stores["here"], "hostile", tmp_path))  # even in scope
    message = refused(stores["here"], hostile_bundle(stores, _deletions(stores, case_id,
                                                                        case=None)))
    assert "under the wrong case" in message and case_id[:8] in message


def test_deletions_out_of_scope_are_refused_and_in_scope_are_shown(three, tmp_path):
    stores, case_id, _ = three
    data = hostile_bundle(stores, _deletions(stores, case_id, case=case_id))
    assert "did not create and were not sent" in refused(stores["here"], data)
    receive(stores["hostile"], send(stores["here"], "hostile", tmp_path))
    text = describe_plan(plan_import(stores["here"], open_bundle(stores["here"], data)))
    assert "event deleted: detained, 2019-02-07" in text
    assert "note deleted: Self-harmed in protest." in text


# -- time ---------------------------------------------------------------------------------


def test_a_revision_dated_in_the_future_is_refused(three, tmp_path):
    stores, case_id, _ = three
    receive(stores["hostile"], send(stores["here"], "hostile", tmp_path))
    past = history(stores["hostile"], "cases", case_id)
    later = format_utc(utc_now() + timedelta(minutes=30))
    data = hostile_bundle(stores, [*past, child(past[-1], {"situation": "released"},
                                                author="x", origin=install_id(
                                                    stores["hostile"]), at=later)])
    message = refused(stores["here"], data, error=UserError)
    assert "more than ten minutes after this install's clock" in message


def test_a_later_clock_does_not_win_a_conflict(three, tmp_path):
    """Two contacts change one field differently; the one dated later shows nothing
    until a person decides: the case keeps what both last agreed on."""

    stores, case_id, folder = three
    receive(stores["hostile"], send(stores["here"], "hostile", folder))
    agreed = value(stores["here"], Case, case_id, "situation")
    edit(stores["here"], Case, case_id, at(1), situation="released")
    edit(stores["hostile"], Case, case_id, at(9), situation="at_liberty")
    receive(stores["here"], send(stores["hostile"], "here", folder))
    assert value(stores["here"], Case, case_id, "situation") == agreed


# -- relaying, and what honest installs keep doing -------------------------------------------


def test_relayed_through_the_office_the_authors_signature_holds_and_edits_merge(
        tmp_path, template_store):
    stores = {n: new_install(template_store, tmp_path / n) for n in ("laptop", "office",
                                                                     "other")}
    try:
        introduce(stores)
        from caseworker.exchange.install_keys import add_contact, remove_contact

        for name in ("laptop", "other"):  # the office is their escrow contact
            remove_contact(stores[name], "office")
            add_contact(stores[name], "office", contact_key(stores["office"]), author(),
                        escrow=True)
        case_id = add_case(stores["laptop"], seed_draft("qalymbek-shahman"), author("Aigerim"))
        receive(stores["office"], send(stores["laptop"], "office", tmp_path))
        receive(stores["other"], send(stores["office"], "other", tmp_path))
        laptop = install_id(stores["laptop"])
        with stores["other"].read() as session:
            made = session.exec(select(Revision).where(Revision.case_id == case_id)).all()
        assert made and {(r.author, r.origin) for r in made} == {("Aigerim", laptop)}
        assert all(r.batch for r in made)  # the laptop's own signatures, relayed
        # The other laptop was sent the case by the office: its edit reaches the first
        # laptop directly, under the office's grant.

        edit(stores["other"], Case, case_id, at(3), route="Nur Zholy, by car")
        receive(stores["laptop"], send(stores["other"], "laptop", tmp_path))
        assert value(stores["laptop"], Case, case_id, "route") == "Nur Zholy, by car"
        history_agrees_with_rows(stores["laptop"])
    finally:
        for store in stores.values():
            store.close()


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_a_line_separator_in_a_note_travels_both_ways(three, tmp_path, separator):
    from caseworker.cases.case_write import add_note

    stores, case_id, folder = three
    text = f"first line{separator}second line"
    add_note(stores["colleague"], case_id, text, author("Aigerim"))
    bundle = send(stores["colleague"], "here", folder)
    assert separator.encode() not in unpacked(stores["here"], bundle).records
    receive(stores["here"], bundle)
    with stores["here"].read() as session:
        assert text in {n.text for n in session.exec(select(Note))}
    receive(stores["hostile"], send(stores["here"], "hostile", folder))  # and on again
    with stores["hostile"].read() as session:
        assert text in {n.text for n in session.exec(select(Note))}


def test_lines_written_raw_by_earlier_versions_still_read():
    from caseworker.exchange.bundle_records import decode

    line = json.dumps({"a": "x\u2028y"}, ensure_ascii=False)
    with pytest.raises(Exception) as caught:  # one line, read as one line
        decode((line + "\n").encode())
    assert "not a revision" in str(caught.value)


def test_tags_added_on_both_sides_merge_as_a_union(three, tmp_path):

    stores, case_id, folder = three
    here, colleague = stores["here"], stores["colleague"]
    edit(here, Case, case_id, at(1), tags=["family-abroad"])
    edit(colleague, Case, case_id, at(2), tags=["hunger-strike"])
    receive(colleague, send(here, "colleague", folder))
    receive(here, send(colleague, "here", folder))
    for store in (here, colleague):
        assert value(store, Case, case_id, "tags") == ["family-abroad", "hunger-strike"]


def test_a_bundle_that_never_arrived_is_reported(three, tmp_path, capsys, monkeypatch):
    from caseworker.exchange.install_keys import list_contacts

    stores, case_id, folder = three
    bundles = []
    for number in range(3):
        edit(stores["colleague"], Case, case_id, at(number + 1), route=f"route {number}")
        bundles.append(send(stores["colleague"], "here", folder))
    receive(stores["here"], bundles[0])
    receive(stores["here"], bundles[2])
    with stores["here"].read() as session:
        fingerprints = {c.name: c.fingerprint for c in list_contacts(session)}
        # the fixture's bundle was the colleague's no. 1 to here; these are 2, 3 and 4
        assert missing_bundles(session) == {fingerprints["colleague"]: [3]}
    stores["here"].close()
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    listed = run_cli(capsys, "--data-dir", str(stores["here"].paths.root), "keys", "list",
                     "--json").json()
    [colleague] = [c for c in listed if c["name"] == "colleague"]
    assert colleague["missing_bundles"] == [3]
    assert colleague["missing"] == "bundle 3 from this contact never arrived"


# -- merging is linear, and capped --------------------------------------------------------


def _chain(stores, case_id: str, length: int, size: int = 200) -> list[dict]:
    """A case the contact made itself, with `length` signed edits of its note."""
    revisions = [r for r in exported_revisions(stores["hostile"]) if r["case"] == case_id]
    parent = [r for r in revisions if r["table"] == "notes"][-1]
    origin = install_id(stores["hostile"])
    for number in range(length):
        parent = child(parent, {"text": f"{number} " + "x" * size}, author="x", origin=origin)
        revisions.append(parent)
    return revisions


def test_a_long_chain_is_previewed_in_linear_time_and_one_too_long_is_refused(
        three, tmp_path):
    from caseworker.exchange import bundle_records

    stores, _, _ = three
    case_id = add_case(stores["hostile"], seed_draft("yerzhanat-abai"))
    data = hostile_bundle(stores, _chain(stores, case_id, 4000))
    started = time.perf_counter()
    plan = plan_import(stores["here"], open_bundle(stores["here"], data))
    assert time.perf_counter() - started < 30  # quadratic took minutes at this length
    assert any(o.table == "notes" for o in plan.outcomes)
    too_long = hostile_bundle(stores, _chain(stores, case_id,
                                             bundle_records.MAX_RECORD_REVISIONS + 1, 0))
    assert "more than 10,000 revisions of one note" in refused(stores["here"], too_long)


def test_a_store_from_before_is_hashed_again_and_its_own_revisions_are_signed(
        tmp_path, template_store):
    """Revisions made before ids covered every field (format 1) are hashed again when the
    store is opened, heads and parents renamed; the next bundle signs them."""
    import hashlib

    from caseworker.exchange.signed_history import FORMAT_KEY
    from caseworker.opening.unlocking import open_store
    from storage.meta_values import forget_meta

    stores = {n: new_install(template_store, tmp_path / n) for n in ("old", "new")}
    introduce(stores)
    old = stores["old"]
    case_id = add_case(old, seed_draft("qalymbek-shahman"))
    with old.read() as session:
        expected = {r.id for r in session.exec(select(Revision))}
    # Put the history back as format 1 wrote it: ids over table, record, parents, fields,
    # author and time only.
    renamed: dict[str, str] = {}
    with old.write() as session:
        rows = session.connection().exec_driver_sql(
            "SELECT seq, id, table_name, record_id, parents, fields, author, at "
            "FROM revisions ORDER BY seq").all()
        for seq, rid, table, record, parents, fields, who, at in rows:
            parents = [renamed[p] for p in json.loads(parents)]
            legacy = hashlib.sha256(canonical([table, record, sorted(parents), fields, who,
                                               at]).encode()).hexdigest()
            renamed[rid] = legacy
            session.connection().exec_driver_sql(
                "UPDATE revisions SET id = ?, parents = ? WHERE seq = ?",
                (legacy, canonical(parents), seq))
        for rid, legacy in renamed.items():
            session.connection().exec_driver_sql(
                "UPDATE record_heads SET head = ? WHERE head = ?", (legacy, rid))
        forget_meta(session, FORMAT_KEY)
    root = old.paths.root
    old.close()
    old = stores["old"] = open_store(root, PASSPHRASE)
    with old.read() as session:
        assert {r.id for r in session.exec(select(Revision))} == expected
        assert all(r.batch is None for r in session.exec(select(Revision).where(
            Revision.case_id == case_id)))
    history_agrees_with_rows(old)
    plan = receive(stores["new"], send(old, "new", tmp_path))
    assert plan.cases("added") == [case_id]
    with old.read() as session:
        assert all(r.batch for r in session.exec(select(Revision).where(
            Revision.case_id == case_id)))
    for store in stores.values():
        store.close()
