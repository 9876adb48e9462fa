"""Evidence files: kept in the store with their chain of custody, exported only when they
still match it, stored once, purged with their record, and every bad input a sentence
that leaves the store as it was."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from caseworker.core.user_errors import AuthFailure, UserError
from caseworker.evidence import attaching
from caseworker.evidence.attaching import attach_file
from caseworker.evidence.exporting import export_file
from caseworker.evidence.file_records import file_to_json, files_of_case, find_file
from caseworker.evidence.purging import purge_file
from storage.file_contents import CHUNK_BYTES
from tests.support.case_factory import add_case, author, seed_draft, simple_draft
from tests.support.store_helpers import fingerprint, history_agrees_with_rows

JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"


@pytest.fixture
def case_id(store) -> str:
    return add_case(store, simple_draft("Abai Kydyrbek"))


def _file(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _contents_rows(store) -> tuple[int, int]:
    """Contents held, and sealed files in the store's folder."""
    with store.engine.connect() as conn:
        held = conn.exec_driver_sql("SELECT count(*) FROM file_contents").scalar_one()
    return held, len(store.paths.content_files())


def test_a_file_is_kept_with_its_chain_of_custody_and_exported_unchanged(store, case_id,
                                                                         tmp_path):
    data = JPEG_HEAD + os.urandom(3 * CHUNK_BYTES + 123)  # several chunks and a part
    source = _file(tmp_path, "passport photo.jpg", data)
    added = attach_file(store, case_id, source, author("Aigerim"), note="from his sister")
    assert (added.size, added.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert added.media_type == "image/jpeg" and not added.already_held
    with store.read() as session:
        [info] = files_of_case(session, case_id)
    shown = file_to_json(info)
    assert shown["name"] == "passport photo.jpg" and shown["added_by"] == "Aigerim"
    assert shown["added_at"].startswith("2026-11-22T12:00")
    assert shown["note"] == "from his sister" and shown["contents_here"]
    out = tmp_path / "out" / "copy.jpg"
    out.parent.mkdir()
    done = export_file(store, added.id[:8], out)
    assert out.read_bytes() == data and done.sha256 == added.sha256
    assert out.stat().st_mode & 0o077 == 0  # the copy is readable by its owner only
    history_agrees_with_rows(store)


def test_the_type_comes_from_the_bytes_not_the_name(store, case_id, tmp_path):
    pdf = attach_file(store, case_id, _file(tmp_path, "scan.jpg", b"%PDF-1.7\n" + b"x" * 50),
                      author())
    plain = attach_file(store, case_id, _file(tmp_path, "decision.txt", b"court decision"),
                        author())
    assert (pdf.media_type, plain.media_type) == ("application/pdf", "text/plain")


def test_the_same_bytes_are_stored_once_and_kept_while_any_record_names_them(
        store, case_id, tmp_path):
    data = os.urandom(CHUNK_BYTES + 10)
    first = attach_file(store, case_id, _file(tmp_path, "a.bin", data), author())
    second = attach_file(store, case_id, _file(tmp_path, "b.bin", data), author())
    assert second.already_held and first.sha256 == second.sha256
    assert _contents_rows(store) == (1, 1)
    purge_file(store, first.id, author())
    assert _contents_rows(store) == (1, 1)  # the second record still names them
    out = tmp_path / "b-out.bin"
    export_file(store, second.id, out)
    assert out.read_bytes() == data
    purge_file(store, second.id, author())
    assert _contents_rows(store) == (0, 0)
    with store.read() as session:
        assert files_of_case(session, case_id) == []
        with pytest.raises(UserError, match="no file with that id"):
            find_file(session, second.id)
    with store.engine.connect() as conn:
        kept = conn.exec_driver_sql("SELECT fields FROM revisions WHERE table_name = "
                                    "'evidence_files'").scalars().all()
    assert kept and not any("b.bin" in fields or first.sha256 in fields for fields in kept)


def test_a_copy_altered_in_the_store_is_refused_and_nothing_is_written(store, case_id,
                                                                        tmp_path):
    added = attach_file(store, case_id, _file(tmp_path, "v.mp4", os.urandom(2 * CHUNK_BYTES)),
                        author())
    [sealed] = store.paths.content_files()
    with sealed.open("r+b") as file:  # one byte of the second chunk's ciphertext
        file.seek(CHUNK_BYTES + 500)
        byte = file.read(1)
        file.seek(CHUNK_BYTES + 500)
        file.write(bytes([byte[0] ^ 1]))
    out = tmp_path / "exported.mp4"
    with pytest.raises(AuthFailure, match="cannot be read"):
        export_file(store, added.id, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "v.mp4"]


def test_contents_swapped_for_another_sealed_file_are_refused(store, case_id, tmp_path):
    first = attach_file(store, case_id, _file(tmp_path, "a.jpg", JPEG_HEAD + b"a" * 99),
                        author())
    attach_file(store, case_id, _file(tmp_path, "b.jpg", JPEG_HEAD + b"b" * 99), author())
    one, other = store.paths.content_files()
    one_bytes = one.read_bytes()
    one.write_bytes(other.read_bytes())  # valid age, sealed to the same identity
    other.write_bytes(one_bytes)
    with pytest.raises(AuthFailure, match="does not match the SHA-256"):
        export_file(store, first.id, tmp_path / "out.jpg")
    assert not (tmp_path / "out.jpg").exists()


@pytest.mark.parametrize("setup, given, message", [
    (lambda folder: folder / "missing.jpg", {}, "There is no file missing.jpg"),
    (lambda folder: folder, {}, "is a folder"),
    (lambda folder: _file(folder, "empty.jpg", b""), {}, "is empty"),
    (lambda folder: _file(folder, "x.jpg", b"data"), {"event": "abcdef12"},
     "The event is not one of this case's"),
    (lambda folder: _file(folder, "x.jpg", b"data"), {"source": "%%%%%%"},
     "The source is not one of this case's"),
    (lambda folder: _file(folder, "x.jpg", b"data"), {"note": "x" * 100_001},
     "The note is longer"),
])
def test_bad_input_is_one_sentence_and_the_store_is_unchanged(store, case_id, tmp_path,
                                                              setup, given, message):
    folder = tmp_path / "given"
    folder.mkdir()
    before = fingerprint(store)
    with pytest.raises(UserError, match=message):
        attach_file(store, case_id, setup(folder), author(), **given)
    assert fingerprint(store) == before


def test_a_case_holds_a_bounded_number_of_files(store, case_id, tmp_path, monkeypatch):
    monkeypatch.setattr(attaching, "MAX_FILES_PER_CASE", 2)
    for number in range(2):
        attach_file(store, case_id, _file(tmp_path, f"{number}.txt", b"%d" % number), author())
    before = fingerprint(store)
    with pytest.raises(UserError, match="as many as one case may"):
        attach_file(store, case_id, _file(tmp_path, "3.txt", b"three"), author())
    assert fingerprint(store) == before


def test_a_file_is_linked_to_an_event_of_its_case(store, tmp_path):
    from caseworker.cases.case_read import load_case

    case_id = add_case(store, seed_draft("yerzhanat-abai"))
    with store.read() as session:
        event_id = load_case(session, case_id).events[0].id
    added = attach_file(store, case_id, _file(tmp_path, "notice.pdf", b"%PDF-1.4 notice"),
                        author(), event=event_id[:6])
    with store.read() as session:
        assert find_file(session, added.id).record.event_id == event_id


def test_a_record_without_its_contents_says_so(store, case_id, tmp_path):
    added = attach_file(store, case_id, _file(tmp_path, "a.bin", b"abc"), author())
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM file_contents")
    with store.read() as session:
        assert not find_file(session, added.id).contents_here
    with pytest.raises(UserError, match="Only this file's record is on this install"):
        export_file(store, added.id, tmp_path / "out.bin")
    assert not (tmp_path / "out.bin").exists()


def test_an_export_never_overwrites_a_file(store, case_id, tmp_path):
    added = attach_file(store, case_id, _file(tmp_path, "a.bin", b"abc"), author())
    existing = _file(tmp_path, "there.bin", b"keep me")
    with pytest.raises(UserError, match="exists already"):
        export_file(store, added.id, existing)
    assert existing.read_bytes() == b"keep me"
    with pytest.raises(UserError, match="does not exist"):
        export_file(store, added.id, tmp_path / "nowhere" / "x.bin")


def test_a_bundle_carries_the_record_and_its_purge_but_not_the_contents(tmp_path,
                                                                        template_store):
    from tests.support.bundle_helpers import receive, send
    from tests.support.install_helpers import introduce, new_install

    stores = {name: new_install(template_store, tmp_path / name) for name in ("aigerim",
                                                                              "office")}
    laptop, office = stores["aigerim"], stores["office"]
    try:
        introduce(stores)
        case_id = add_case(laptop, simple_draft("Abai Kydyrbek"))
        added = attach_file(laptop, case_id, _file(tmp_path, "photo.jpg", JPEG_HEAD + b"x"),
                            author("Aigerim"))
        plan = receive(office, send(laptop, "office", tmp_path))
        assert len(plan.cases("added")) == 1
        with office.read() as session:
            [info] = files_of_case(session, case_id)
        assert (info.record.sha256, info.record.added_by) == (added.sha256, "Aigerim")
        assert not info.contents_here
        with pytest.raises(UserError, match="Only this file's record"):
            export_file(office, added.id, tmp_path / "at-office.jpg")
        purge_file(laptop, added.id, author("Aigerim"))
        receive(office, send(laptop, "office", tmp_path))
        with office.read() as session:
            assert files_of_case(session, case_id) == []
        history_agrees_with_rows(office)
    finally:
        for store in stores.values():
            store.close()


def test_the_duress_wipe_destroys_the_sealed_files_too(store, case_id, tmp_path):
    from storage.shredding import wipe_store

    attach_file(store, case_id, _file(tmp_path, "a.jpg", JPEG_HEAD + b"a" * 99), author())
    [sealed] = store.paths.content_files()
    store.close()
    assert sealed in wipe_store(store.paths.root)
    assert not sealed.exists()
