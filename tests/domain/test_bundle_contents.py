"""Evidence file contents beside a bundle: carried when asked (all, or up to a size),
opened only by the bundle's recipients, checked against their records' SHA-256, and a
bundle whose contents were altered or swapped refused whole with the store unchanged."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from caseworker.core.user_errors import UserError
from caseworker.evidence.attaching import attach_file
from caseworker.evidence.exporting import export_file
from caseworker.evidence.file_records import files_of_case
from caseworker.exchange.bundle_contents import apply_with_contents, contents_folder
from caseworker.exchange.bundle_format import BadBundle
from caseworker.exchange.bundle_import import open_bundle, read_bundle_file
from caseworker.exchange.install_keys import own_keys
from tests.support.bundle_helpers import send
from tests.support.case_factory import add_case, author, simple_draft
from tests.support.install_helpers import introduce, new_install
from tests.support.interop import require_tools
from tests.support.store_helpers import fingerprint

MIB = 1 << 20
ANY = 1 << 62


@pytest.fixture
def pair(tmp_path, template_store):
    stores = {name: new_install(template_store, tmp_path / name) for name in ("aigerim",
                                                                              "office")}
    introduce(stores)
    yield stores["aigerim"], stores["office"]
    for store in stores.values():
        store.close()


def _attach(store, case_id: str, folder: Path, name: str, data: bytes):
    path = folder / name
    path.write_bytes(data)
    return attach_file(store, case_id, path, author("Aigerim"))


def _import(office, bundle: Path):
    opened = open_bundle(office, read_bundle_file(bundle))
    return apply_with_contents(office, bundle, opened, author("office"))


def test_contents_go_beside_the_bundle_and_come_out_the_same(pair, tmp_path):
    laptop, office = pair
    case_id = add_case(laptop, simple_draft("Abai Kydyrbek"))
    video = os.urandom(3 * MIB + 17)
    big = _attach(laptop, case_id, tmp_path, "testimony.mp4", video)
    small = _attach(laptop, case_id, tmp_path, "notice.jpg", b"\xff\xd8\xff" + b"n" * 500)
    bundle = send(laptop, "office", tmp_path, contents_up_to=ANY)
    carried = sorted(contents_folder(bundle).iterdir())
    assert [p.name for p in carried] == sorted(f"{f.id}.age" for f in (big, small))
    assert all(p.read_bytes().startswith(b"age-encryption.org/v1\n") for p in carried)
    assert not any(video[1000:1100] in p.read_bytes() for p in carried)
    plan, kept = _import(office, bundle)
    assert kept == 2 and len(plan.cases("added")) == 1
    with office.read() as session:
        assert all(info.contents_here for info in files_of_case(session, case_id))
    export_file(office, big.id, tmp_path / "at-office.mp4")
    assert (tmp_path / "at-office.mp4").read_bytes() == video


def test_up_to_a_size_and_the_rest_with_a_later_bundle(pair, tmp_path):
    laptop, office = pair
    case_id = add_case(laptop, simple_draft("Abai Kydyrbek"))
    big = _attach(laptop, case_id, tmp_path, "testimony.mp4", os.urandom(2 * MIB))
    _attach(laptop, case_id, tmp_path, "notice.jpg", b"\xff\xd8\xff" + b"n" * 500)
    first = send(laptop, "office", tmp_path, contents_up_to=100_000)
    assert len(list(contents_folder(first).iterdir())) == 1
    assert _import(office, first)[1] == 1
    with office.read() as session:
        here = {info.record.id: info.contents_here for info in files_of_case(session, case_id)}
    assert not here[big.id]
    later = send(laptop, "office", tmp_path, cases=[case_id], contents_up_to=ANY)
    assert _import(office, later)[1] == 1  # the one left out; the other is held already
    with office.read() as session:
        assert all(info.contents_here for info in files_of_case(session, case_id))


def test_swapped_contents_refuse_the_whole_bundle_and_change_nothing(pair, tmp_path):
    laptop, office = pair
    case_id = add_case(laptop, simple_draft("Abai Kydyrbek"))
    one = _attach(laptop, case_id, tmp_path, "a.jpg", b"\xff\xd8\xff" + b"a" * 900)
    other = _attach(laptop, case_id, tmp_path, "b.jpg", b"\xff\xd8\xff" + b"b" * 900)
    bundle = send(laptop, "office", tmp_path, contents_up_to=ANY)
    folder = contents_folder(bundle)
    first, second = folder / f"{one.id}.age", folder / f"{other.id}.age"
    swapped = first.read_bytes()
    first.write_bytes(second.read_bytes())  # valid age for this office, wrong file
    second.write_bytes(swapped)
    before = fingerprint(office)
    with pytest.raises(BadBundle, match="does not match the SHA-256"):
        _import(office, bundle)
    assert fingerprint(office) == before
    assert not office.paths.files.exists() or list(office.paths.files.iterdir()) == []


@pytest.mark.parametrize("damage", ["cut", "unknown record"])
def test_damaged_or_stray_contents_refuse_the_bundle(pair, tmp_path, damage):
    laptop, office = pair
    case_id = add_case(laptop, simple_draft("Abai Kydyrbek"))
    added = _attach(laptop, case_id, tmp_path, "a.mp4", os.urandom(MIB))
    bundle = send(laptop, "office", tmp_path, contents_up_to=ANY)
    carried = contents_folder(bundle) / f"{added.id}.age"
    if damage == "cut":
        carried.write_bytes(carried.read_bytes()[:-5000])
    else:
        carried.rename(carried.with_name("0" * 32 + ".age"))
    before = fingerprint(office)
    with pytest.raises(BadBundle, match="nothing was imported"):
        _import(office, bundle)
    assert fingerprint(office) == before


def test_contents_need_contacts_not_a_passphrase(pair, tmp_path):
    laptop, _ = pair
    add_case(laptop, simple_draft("Abai Kydyrbek"))
    from caseworker.exchange.bundle_export import export_bundle

    with pytest.raises(UserError, match="only in bundles for contacts"):
        export_bundle(laptop, tmp_path / "x.cwb", author(),
                      passphrase="correct horse battery staple violet", contents_up_to=ANY)
    assert not (tmp_path / "x.cwb").exists()


def test_the_real_age_tool_opens_carried_contents(pair, tmp_path):
    require_tools("age")
    laptop, office = pair
    case_id = add_case(laptop, simple_draft("Abai Kydyrbek"))
    data = os.urandom(200_000)
    added = _attach(laptop, case_id, tmp_path, "a.bin", data)
    bundle = send(laptop, "office", tmp_path, contents_up_to=ANY)
    with office.read() as session:
        identity = own_keys(session).age_identity
    key_file = tmp_path / "office.key"
    key_file.write_text(identity + "\n")
    key_file.chmod(0o600)
    opened = subprocess.run(["age", "-d", "-i", str(key_file),
                             str(contents_folder(bundle) / f"{added.id}.age")],
                            capture_output=True, check=True).stdout
    assert opened == data


def test_contents_larger_than_their_record_are_cut_off_and_refused(pair, tmp_path):
    """A seized laptop's keys can seal endless bytes under a real record's name: no more
    than the record's size is read, so they cannot fill the office's disk."""
    import pyrage

    laptop, office = pair
    case_id = add_case(laptop, simple_draft("Abai Kydyrbek"))
    added = _attach(laptop, case_id, tmp_path, "a.jpg", b"\xff\xd8\xff" + b"a" * 900)
    bundle = send(laptop, "office", tmp_path, contents_up_to=ANY)
    with office.read() as session:
        recipient = str(pyrage.x25519.Identity.from_str(
            own_keys(session).age_identity).to_public())
    (contents_folder(bundle) / f"{added.id}.age").write_bytes(
        pyrage.encrypt(os.urandom(3 * MIB), [pyrage.x25519.Recipient.from_str(recipient)]))
    before = fingerprint(office)
    with pytest.raises(BadBundle, match="larger than its record says"):
        _import(office, bundle)
    assert fingerprint(office) == before
    assert not office.paths.files.exists() or list(office.paths.files.iterdir()) == []
