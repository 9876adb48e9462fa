"""Property tests of the bundle parser and importer: whatever bytes or records arrive,
the user sees one sentence (UserError or AuthFailure), never a crash, and the store is
left exactly as it was. `make fuzz` runs the same targets much longer under atheris."""

from __future__ import annotations

import contextlib
import io
import json
import os
import tarfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from caseworker.cases.case_read import load_case
from caseworker.cases.open_cases import load_dashboard
from caseworker.exchange import bundle_format
from caseworker.exchange.bundle_import import apply_bundle, open_bundle
from caseworker.exchange.bundle_manifest import parse_manifest
from caseworker.exchange.bundle_records import decode
from storage.tables import Case
from tests.support.case_factory import author
from tests.support.hostile_bundles import (
    SAID,
    altered,
    contact_and_receiver,
    exported_revisions,
    feed,
    receiver_of,
    records_bytes,
    rehashed,
    signed_bundle,
)
from tests.support.paths import DATA
from tests.support.store_helpers import fingerprint, history_agrees_with_rows

REGRESSIONS = DATA / "fuzz_regressions"
# CASEWORKER_FUZZ_EXAMPLES runs more examples (the suite's default keeps it quick). The
# same examples every run: a failure is a failure of the code, never of the draw. The
# function-scoped fixtures are only read by the examples (each makes its own receiver).
EXAMPLES = os.environ.get("CASEWORKER_FUZZ_EXAMPLES")
FUZZ = settings(max_examples=int(EXAMPLES or "60"), deadline=None, derandomize=True,
                database=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                      HealthCheck.too_slow])
# Each example of the importer property copies and unlocks a store: fewer by default.
IMPORTS = settings(FUZZ, max_examples=int(EXAMPLES or "30"))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12)


def _parse_plain(plain: bytes) -> None:
    """Everything open_bundle reads before the signature and the store are involved."""
    members = bundle_format.unpack(plain)
    parse_manifest(members.manifest)
    decode(members.records)


def _tar(members: list[tuple[str, bytes, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for name, data, kind in members:
            info = tarfile.TarInfo(name)
            info.type = kind
            info.size = len(data) if kind == tarfile.REGTYPE else 0
            tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
    return buffer.getvalue()


@FUZZ
@given(st.binary(max_size=4096))
def test_any_bytes_as_a_decrypted_bundle_are_refused_in_a_sentence(data):
    with pytest.raises(SAID):
        _parse_plain(data)


@FUZZ
@given(st.lists(st.tuples(
    st.sampled_from([*bundle_format.MEMBERS, "../records.jsonl", "/etc/passwd", "x"]),
    st.binary(max_size=300),
    st.sampled_from([tarfile.REGTYPE, tarfile.SYMTYPE, tarfile.DIRTYPE, tarfile.CHRTYPE])),
    max_size=5))
def test_any_archive_of_members_is_read_or_refused_in_a_sentence(members):
    with contextlib.suppress(SAID):
        _parse_plain(_tar(members))


@FUZZ
@given(st.dictionaries(st.sampled_from(["format", "schema_version", "bundle_id", "created_at",
                                        "sender", "sequence", "recipients", "passphrase",
                                        "cases", "revisions", "members", "extra"]),
                       json_values, max_size=12),
       st.booleans())
def test_any_manifest_is_read_or_refused_in_a_sentence(fields, well_formed):
    if well_formed:
        fields = {"format": "caseworker-bundle", "schema_version": 1, **fields}
    with contextlib.suppress(SAID):
        parse_manifest(json.dumps(fields).encode())


@FUZZ
@given(st.lists(st.one_of(
    st.text(max_size=200),
    json_values.map(json.dumps),
    st.integers(1, 5000).map(lambda depth: "[" * depth + "]" * depth),
    st.dictionaries(st.sampled_from(["id", "table", "record", "parents", "fields", "changed",
                                     "author", "origin", "case", "at"]),
                    json_values, min_size=8).map(json.dumps)), max_size=6))
def test_any_records_lines_are_read_or_refused_in_a_sentence(lines):
    with contextlib.suppress(SAID):
        decode("\n".join(lines).encode("utf-8", "surrogatepass"))


@pytest.fixture
def insider(tmp_path, template_store):
    """A contact of the receiver whose store holds the Tashkent seed case."""
    sender, receiver = contact_and_receiver(template_store, tmp_path)
    yield sender, receiver, exported_revisions(sender)
    sender.close()
    receiver.close()


TOP_KEYS = ["table", "record", "case", "at", "author", "origin", "changed", "parents"]


@st.composite
def hostile_actions(draw, revisions: list[dict]) -> list[list]:
    """Changes to the sender's real revisions (`altered` in tests/support/hostile_bundles.py):
    values set to anything, keys replaced, revisions dropped, repeated, turned into
    deletions or into fields that only look like one."""
    actions: list[list] = []
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(revisions) - 1))
        action = draw(st.sampled_from(["field", "field", "key", "drop", "repeat", "delete"]))
        if action == "field":
            names = sorted(revisions[index]["fields"]) or ["x"]
            actions.append(["field", index, draw(st.sampled_from(names) | st.text(max_size=8)),
                            draw(json_values)])
        elif action == "key":
            actions.append(["key", index, draw(st.sampled_from(TOP_KEYS)), draw(
                json_values | st.integers(0, len(revisions) - 1).map(
                    lambda j: {"record_of": j}) | st.sampled_from(["cases", "persons"]))])
        elif action in ("drop", "repeat"):
            actions.append([action, index])
        else:
            extra = draw(st.dictionaries(st.text(max_size=4), json_values, max_size=1))
            actions.append(["fields", index, {**extra, "deleted": True}])
    return actions


@pytest.fixture
def contact(tmp_path, template_store):
    """A contact holding the Tashkent seed case, and a maker of new receivers of it."""
    sender, first = contact_and_receiver(template_store, tmp_path)
    first.close()
    made = iter(range(1_000_000))
    receivers: list = []

    def fresh_receiver():
        receivers.append(receiver_of(sender, template_store,
                                     tmp_path / f"receiver-{next(made)}"))
        return receivers[-1]

    yield sender, exported_revisions(sender), fresh_receiver
    for receiver in receivers:
        receiver.close()
    sender.close()


def imports_whole_or_changes_nothing(sender, receiver, revisions) -> None:
    """The property: refused in a sentence with the store untouched, or imported with the
    store whole and every screen's data still loading."""
    sealed = signed_bundle(sender, receiver, records_bytes(revisions))
    before = fingerprint(receiver)
    try:
        apply_bundle(receiver, open_bundle(receiver, sealed), author())
    except SAID:
        assert fingerprint(receiver) == before
        return
    with receiver.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    history_agrees_with_rows(receiver)
    load_dashboard(receiver)
    with receiver.read() as session:
        for case_id in session.exec(select(Case.id)).all():
            load_case(session, case_id)


@IMPORTS
@given(data=st.data())
def test_hostile_records_from_a_contact_import_whole_or_change_nothing(contact, data):
    # A fresh receiver each example, so a failure depends on its input alone and replays.
    sender, revisions, fresh_receiver = contact
    actions = data.draw(hostile_actions(revisions))
    receiver = fresh_receiver()
    try:
        imports_whole_or_changes_nothing(sender, receiver, altered(revisions, actions))
    finally:
        receiver.close()


@pytest.mark.parametrize("path", sorted(REGRESSIONS.glob("*.json")), ids=lambda path: path.name)
def test_hostile_changes_the_property_once_failed_on(contact, path):
    sender, revisions, fresh_receiver = contact
    imports_whole_or_changes_nothing(sender, fresh_receiver(),
                                     altered(revisions, json.loads(path.read_text())))


def test_a_deletion_with_a_field_beside_it_is_a_record_and_is_checked_as_one(contact):
    """Found by the property: {"deleted": true, "": null} for a record the receiver lacks
    was taken as a deletion by the merge and left a history with no row."""
    sender, revisions, fresh_receiver = contact
    receiver = fresh_receiver()
    index = next(i for i, r in enumerate(revisions) if r["table"] == "name_forms")
    forged = altered(revisions, [["fields", index, {"deleted": True, "": None}]])
    with pytest.raises(SAID, match="name"):
        open_bundle(receiver, signed_bundle(sender, receiver, records_bytes(forged)))


@pytest.mark.parametrize("path", sorted(p for p in REGRESSIONS.iterdir() if not p.suffix),
                         ids=lambda path: path.name)
def test_inputs_that_once_crashed_the_importer_are_refused_in_a_sentence(insider, path):
    """Inputs the fuzzer found (fuzz/bundle_parser.py), replayed as it ran them."""
    sender, receiver, _ = insider
    before = fingerprint(receiver)
    feed(sender, receiver, path.read_bytes())
    assert fingerprint(receiver) == before


def test_values_no_screen_knows_are_refused_from_a_contact(insider):
    sender, receiver, revisions = insider
    for table, field, value, said in (("events", "zone", "Mars/Olympus", "time zone"),
                                      ("cases", "situation", "vanished", "values this app"),
                                      ("persons", "sex", "x" * 10, "values this app")):
        altered = [dict(r, fields={**r["fields"], field: value}) if r["table"] == table
                   else r for r in revisions]
        sealed = signed_bundle(sender, receiver, records_bytes(rehashed(altered)))
        with pytest.raises(SAID, match=said):
            open_bundle(receiver, sealed)


def test_an_event_typed_with_its_own_offset_travels(insider):
    from caseworker.cases import case_write
    from caseworker.cases.validation import validate_event
    from caseworker.core.drafts import EventDraft
    from tests.support.case_factory import NOW, ZONE

    sender, receiver, _ = insider
    with sender.read() as session:
        case_id = session.exec(select(Case.id)).one()
    event = EventDraft("detained", "2019-01-04T10:00+03:00")
    validate_event(event, ZONE, NOW)
    case_write.add_event(sender, case_id, event, author())
    sealed = signed_bundle(sender, receiver, records_bytes(exported_revisions(sender)))
    apply_bundle(receiver, open_bundle(receiver, sealed), author())
    with receiver.read() as session:
        assert "+03:00" in {e.zone for e in load_case(session, case_id).events}
