"""This install's keys and its contacts; minisign-format signatures that the real
`minisign` tool verifies, and that we verify from it."""

from __future__ import annotations

import subprocess

import pytest

from caseworker.core.user_errors import UserError
from caseworker.exchange.install_keys import (
    add_contact,
    fingerprint,
    list_contacts,
    own_keys,
    parse_contact_key,
    remove_contact,
)
from caseworker.exchange.minisign import BadSignature, public_key_file, sign, verify
from tests.conftest import PASSPHRASE
from tests.support.case_factory import author
from tests.support.cli_helpers import run_cli
from tests.support.interop import require_tools
from tests.support.store_helpers import fingerprint as store_fingerprint

OTHER = ("age1uxmku22jy7ljcj086pl7vmxqfa67dffz33pfxz5zvna4qwg4udyqd3r2ew:"
         "RWTa3IG9sjq1QvxtoF7+XNhXCXlSsAhMtYuTANRbyVBVqjYQdCMwNsYH")


def test_every_store_has_its_own_keys_in_the_store(store, data_dir):
    with store.read() as session:
        keys = own_keys(session)
    assert keys.age_recipient.startswith("age1") and keys.signing_public.startswith("RW")
    assert parse_contact_key(keys.contact_key) == (keys.age_recipient, keys.signing_public)
    # 140 bits (issue 17: 80 were too few), in seven groups of four to read aloud
    assert len(keys.fingerprint) == 34 and keys.fingerprint.count("-") == 6
    # nothing of the secret keys lies beside the store
    secret = keys.age_identity.encode()
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert secret not in path.read_bytes()


def test_the_fingerprint_changes_with_either_key():
    recipient, signing = parse_contact_key(OTHER)
    base = fingerprint(recipient, signing)
    assert fingerprint(recipient[:-1] + "q", signing) != base
    assert fingerprint(recipient, signing[:-2] + "AA") != base


def test_contacts_are_added_listed_and_removed(store):
    contact = add_contact(store, "Almaty  office", OTHER, author(), escrow=True)
    assert contact.name == "Almaty office" and contact.escrow
    with store.read() as session:
        assert [c.name for c in list_contacts(session)] == ["Almaty office"]
    remove_contact(store, "Almaty office")
    with store.read() as session:
        assert list_contacts(session) == []


@pytest.mark.parametrize("name, key, problem", [
    ("Office", "age1abc:RWQ", "starts with their age recipient"),
    ("Office", OTHER.split(":")[0] + ":notbase64!", "minisign public key"),
    ("", OTHER, "name is 1 to 60"),
    ("Office/../2", OTHER, "name is 1 to 60"),
])
def test_a_bad_contact_is_refused_and_changes_nothing(store, name, key, problem):
    before = store_fingerprint(store)
    with pytest.raises(UserError, match=problem):
        add_contact(store, name, key, author())
    assert store_fingerprint(store) == before


def test_the_same_key_or_name_twice_and_our_own_key_are_refused(store):
    add_contact(store, "Office", OTHER, author())
    with pytest.raises(UserError, match="already the contact 'Office'"):
        add_contact(store, "Second", OTHER, author())
    with store.read() as session:
        own = own_keys(session).contact_key
    with pytest.raises(UserError, match="own key"):
        add_contact(store, "Me", own, author())


def test_the_keys_commands(capsys, data_dir, monkeypatch):
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    shown = run_cli(capsys, "keys", "show", "--json").json()
    assert shown["contact_key"].startswith(shown["age_recipient"] + ":")
    added = run_cli(capsys, "keys", "add-contact", "Bishkek desk", OTHER)
    assert added.code == 0 and "fingerprint" in added.out
    listed = run_cli(capsys, "keys", "list", "--json").json()
    assert [c["name"] for c in listed] == ["Bishkek desk"]
    bad = run_cli(capsys, "keys", "add-contact", "X", "garbage")
    assert bad.code == 2 and len(bad.err.strip().splitlines()) == 1
    assert run_cli(capsys, "keys", "remove", "Nobody").code == 2
    assert run_cli(capsys, "keys", "remove", "Bishkek desk").code == 0


# -- minisign ---------------------------------------------------------------------------


def test_a_signature_verifies_and_any_change_breaks_it(store):
    with store.read() as session:
        keys = own_keys(session)
    data = b'{"bundle": 1}'
    signature = sign(data, keys.signing_private, keys.key_id, "bundle 1 from test")
    assert verify(data, signature, keys.signing_public) == "bundle 1 from test"
    with pytest.raises(BadSignature):
        verify(data + b" ", signature, keys.signing_public)
    forged = signature.replace("bundle 1 from test", "bundle 2 from test")
    with pytest.raises(BadSignature):
        verify(data, forged, keys.signing_public)
    with pytest.raises(BadSignature):
        verify(data, signature, OTHER.split(":")[1])
    with pytest.raises(BadSignature):
        verify(data, "not a signature", keys.signing_public)


def test_the_minisign_tool_verifies_our_signatures(store, tmp_path):
    require_tools("minisign")
    with store.read() as session:
        keys = own_keys(session)
    (tmp_path / "manifest.json").write_bytes(b'{"schema": 1}')
    (tmp_path / "manifest.json.minisig").write_text(
        sign(b'{"schema": 1}', keys.signing_private, keys.key_id, "caseworker test"))
    (tmp_path / "key.pub").write_text(public_key_file(keys.signing_public, keys.key_id))
    done = subprocess.run(["minisign", "-V", "-p", str(tmp_path / "key.pub"), "-m",
                           str(tmp_path / "manifest.json")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "caseworker test" in done.stdout
    (tmp_path / "manifest.json").write_bytes(b'{"schema": 2}')
    tampered = subprocess.run(["minisign", "-V", "-p", str(tmp_path / "key.pub"), "-m",
                               str(tmp_path / "manifest.json")], capture_output=True)
    assert tampered.returncode != 0


def test_we_verify_what_the_minisign_tool_signs(tmp_path):
    require_tools("minisign")
    subprocess.run(["minisign", "-G", "-W", "-p", str(tmp_path / "k.pub"), "-s",
                    str(tmp_path / "k.key")], check=True, capture_output=True)
    (tmp_path / "data").write_bytes(b"some bytes")
    subprocess.run(["minisign", "-S", "-s", str(tmp_path / "k.key"), "-m",
                    str(tmp_path / "data"), "-t", "from the tool"], check=True,
                   capture_output=True)
    public = (tmp_path / "k.pub").read_text().splitlines()[1]
    signature = (tmp_path / "data.minisig").read_text()
    assert verify(b"some bytes", signature, public) == "from the tool"
