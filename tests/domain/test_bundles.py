"""Bundles: readable with the real age, tar, minisign and sha256sum; every damaged,
altered, misdirected or hostile bundle refused with the store and the disk untouched."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import tarfile
import tempfile

import pytest

from caseworker.core.user_errors import AuthFailure, UserError
from caseworker.exchange.bundle_format import MANIFEST, RECORDS, SIGNATURE, BadBundle
from caseworker.exchange.bundle_import import UnknownSender, open_bundle, plan_import
from caseworker.exchange.install_keys import own_keys
from tests.conftest import PASSPHRASE
from tests.support.bundle_helpers import receive, resealed, send, unpacked
from tests.support.case_factory import add_case, seed_draft
from tests.support.cli_helpers import run_cli
from tests.support.install_helpers import introduce, new_install
from tests.support.interop import require_tools
from tests.support.store_helpers import fingerprint as store_fingerprint

BUNDLE_PASSPHRASE = "copper meadow quietly harbour ninety"


@pytest.fixture
def office(tmp_path, template_store):
    """Three installs: Aigerim's laptop (sender), the office (receiver), and a stranger."""
    stores = {name: new_install(template_store, tmp_path / name)
              for name in ("aigerim", "office", "stranger")}
    introduce({"aigerim": stores["aigerim"], "office": stores["office"]})
    yield stores
    for store in stores.values():
        store.close()


@pytest.fixture
def sent(office, tmp_path):
    add_case(office["aigerim"], seed_draft("qalymbek-shahman"))
    return send(office["aigerim"], "office", tmp_path)


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run a command against an install's data dir (close the install first if writing)."""
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    return lambda store, *args: run_cli(capsys, "--data-dir", str(store.paths.root), *args)


def _identity_file(store, folder) -> str:
    with store.read() as session:
        path = folder / "identity.txt"
        path.write_text(own_keys(session).age_identity + "\n")
    path.chmod(0o600)
    return str(path)


# -- interoperability -----------------------------------------------------------------------


def test_a_bundle_opens_and_checks_with_age_tar_minisign_and_sha256sum(office, sent, tmp_path):
    require_tools("age", "minisign")
    out = tmp_path / "out"
    out.mkdir()
    tar_path = out / "bundle.tar"
    subprocess.run(["age", "-d", "-i", _identity_file(office["office"], tmp_path), "-o",
                    str(tar_path), str(sent)], check=True)
    subprocess.run(["tar", "-xf", str(tar_path), "-C", str(out)], check=True)
    with tarfile.open(tar_path) as tar:
        assert tar.getnames()[0] == MANIFEST
    manifest = json.loads((out / MANIFEST).read_text())
    with office["aigerim"].read() as session:
        public = own_keys(session).signing_public
    checked = subprocess.run(["minisign", "-V", "-P", public, "-m", str(out / MANIFEST),
                              "-x", str(out / SIGNATURE)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert manifest["bundle_id"] in checked.stdout  # the trusted comment
    digest = subprocess.run(["sha256sum", RECORDS], cwd=out, capture_output=True, text=True,
                            check=True).stdout.split()[0]
    assert digest == manifest["members"][RECORDS]["sha256"]
    assert (out / RECORDS).stat().st_size == manifest["members"][RECORDS]["size"]


def test_a_passphrase_bundle_opens_with_age_and_the_passphrase(office, tmp_path):
    require_tools("age", "minisign")
    add_case(office["aigerim"], seed_draft("yerzhanat-abai"))
    path = tmp_path / "oneoff.cwb"
    from caseworker.exchange.bundle_export import export_bundle
    from tests.support.case_factory import author

    export_bundle(office["aigerim"], path, author(), passphrase=BUNDLE_PASSPHRASE)
    target = tmp_path / "oneoff.tar"
    # age reads a passphrase only from a terminal: give it one.
    child, terminal = pty.fork()
    if child == 0:
        os.execvp("age", ["age", "-d", "-o", str(target), str(path)])
    output = b""
    while b"passphrase" not in output.lower():
        output += os.read(terminal, 1024)
    os.write(terminal, BUNDLE_PASSPHRASE.encode() + b"\n")
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    with tarfile.open(target) as tar:
        assert tar.getnames() == [MANIFEST, SIGNATURE, RECORDS]
    # and the app opens it with the same passphrase, and refuses a wrong one
    opened = open_bundle(office["office"], path.read_bytes(), BUNDLE_PASSPHRASE)
    assert opened.manifest.passphrase and opened.sender == "aigerim"
    with pytest.raises(BadBundle):
        open_bundle(office["office"], path.read_bytes(), "wrong " + BUNDLE_PASSPHRASE)


def test_an_imported_case_arrives_whole(office, sent, cli):
    plan = receive(office["office"], sent)
    assert len(plan.cases("added")) == 1
    case_id = plan.cases("added")[0]
    shown = cli(office["office"], "case", "show", case_id, "--json").json()
    original = cli(office["aigerim"], "case", "show", case_id, "--json").json()
    for risk in (shown["risk"], original["risk"]):
        risk.pop("assessed_at")  # when this command worked it out
    assert shown == original



def test_an_import_reports_its_progress_batch_by_batch(office, sent):
    from caseworker.exchange.bundle_import import apply_bundle
    from tests.support.case_factory import author

    receiver = office["office"]
    calls = []
    plan = apply_bundle(receiver, open_bundle(receiver, sent.read_bytes()), author(),
                        progress=lambda done, total, what: calls.append((done, total, what)))
    assert calls[0] == (0, 1, "comparing with the store")
    written = calls[1:]
    [total] = {t for _, t, _ in written}
    revisions = sum(len(o.new_revisions) for o in plan.outcomes)
    assert total == revisions + len(plan.outcomes) * 2 + 1  # heads, rows, then the lists
    done = [d for d, _, _ in written]
    assert done == sorted(done) and done[-1] == total
    assert [w for _, _, w in written][-1] == "updating the lists"


# -- rejection: nothing changes, nothing is written -------------------------------------------


def _files(*folders) -> dict:
    seen = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                stat = path.stat()
                seen[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return seen


def _refused(store, data: bytes, error=AuthFailure, passphrase=None):
    """Open, plan and import `data`; each must fail with `error`, and the store and the
    disk (data dir and temp dir) must be exactly as before."""
    import pathlib

    before = store_fingerprint(store)
    # The temp dir is this test's own, so only files this process writes can show up.
    private = pathlib.Path(tempfile.mkdtemp(dir=store.paths.root.parent))
    previous, tempfile.tempdir = tempfile.tempdir, str(private)
    watched = (store.paths.root, private)
    files = {k: v for k, v in _files(*watched).items() if not k.endswith(("-wal", "-shm"))}
    try:
        with pytest.raises(error) as caught:
            receive_bytes(store, data, passphrase)
    finally:
        tempfile.tempdir = previous
    assert store_fingerprint(store) == before
    after = {k: v for k, v in _files(*watched).items() if not k.endswith(("-wal", "-shm"))}
    assert after == files
    return caught.value


def receive_bytes(store, data: bytes, passphrase=None):
    from caseworker.exchange.bundle_import import apply_bundle
    from tests.support.case_factory import author

    opened = open_bundle(store, data, passphrase)
    plan_import(store, opened)
    return apply_bundle(store, opened, author())


def _structure(data: bytes) -> dict[str, int]:
    header_end = data.index(b"\n--- ") + 1
    mac = header_end + 4
    payload = data.index(b"\n", mac) + 1
    return {"header": 30, "mac": mac + 5, "payload start": payload + 20,
            "middle": (payload + len(data)) // 2, "end": len(data) - 1}


@pytest.mark.parametrize("place", ["header", "mac", "payload start", "middle", "end"])
def test_one_flipped_byte_anywhere_is_refused(office, sent, place):
    data = bytearray(sent.read_bytes())
    data[_structure(bytes(data))[place]] ^= 0x01
    _refused(office["office"], bytes(data))


@pytest.mark.parametrize("change", ["truncated", "appended"])
def test_a_cut_or_lengthened_bundle_is_refused(office, sent, change):
    data = sent.read_bytes()
    data = data[:-40] if change == "truncated" else data + b"\0" * 40
    _refused(office["office"], data)


def test_a_bundle_for_another_key_is_refused(office, sent):
    message = str(_refused(office["stranger"], sent.read_bytes()))
    assert "this install's key" in message


def test_a_wrong_passphrase_is_refused(office, tmp_path):
    from caseworker.exchange.bundle_export import export_bundle
    from tests.support.case_factory import author

    add_case(office["aigerim"], seed_draft("yerzhanat-abai"))
    path = tmp_path / "oneoff.cwb"
    export_bundle(office["aigerim"], path, author(), passphrase=BUNDLE_PASSPHRASE)
    _refused(office["office"], path.read_bytes(), passphrase="copper meadow loudly harbour")


def test_an_unknown_sender_is_named_by_fingerprint_and_refused(office, tmp_path, cli):
    from caseworker.exchange.install_keys import add_contact
    from tests.support.case_factory import author
    from tests.support.install_helpers import contact_key

    add_contact(office["stranger"], "office", contact_key(office["office"]), author())
    add_case(office["stranger"], seed_draft("yerzhanat-abai"))
    path = send(office["stranger"], "office", tmp_path)
    refused = _refused(office["office"], path.read_bytes(), error=UnknownSender)
    with office["stranger"].read() as session:
        assert refused.fingerprint == own_keys(session).fingerprint
    # the command line says so, with exit code 3, and can trust it on request
    office["office"].close()
    result = cli(office["office"], "bundle", "import", str(path), "--yes")
    assert result.code == 3 and refused.fingerprint in result.err
    # --trust-as needs the fingerprint they read out, and it must match (issue 17)
    result = cli(office["office"], "bundle", "import", str(path), "--trust-as", "Stranger",
                 "--yes")
    assert result.code == 2 and "--fingerprint" in result.err
    wrong = "AAAA-" + refused.fingerprint[5:]
    result = cli(office["office"], "bundle", "import", str(path), "--trust-as", "Stranger",
                 "--fingerprint", wrong, "--yes")
    assert result.code == 3 and "does not have the fingerprint" in result.err
    result = cli(office["office"], "bundle", "import", str(path), "--trust-as", "Stranger",
                 "--fingerprint", refused.fingerprint.lower().replace("-", " "), "--yes",
                 "--json")
    assert result.code == 0, result.err
    assert len(result.json()["cases_added"]) == 1


def test_a_forwarded_bundle_is_refused(office, sent, tmp_path):
    """The office opens Aigerim's bundle and passes the same signed contents on to a
    stranger who also knows Aigerim: the stranger is not among the signed recipients."""
    from caseworker.exchange import bundle_format
    from caseworker.exchange.install_keys import add_contact
    from tests.support.case_factory import author
    from tests.support.install_helpers import contact_key

    add_contact(office["stranger"], "aigerim", contact_key(office["aigerim"]), author())
    members = unpacked(office["office"], sent)
    with office["stranger"].read() as session:
        recipient = own_keys(session).age_recipient
    forwarded = bundle_format.seal_to(bundle_format.pack(members, 0), [recipient])
    message = str(_refused(office["stranger"], forwarded))
    assert "passed it on" in message


@pytest.mark.parametrize("member", [
    ("../evil.jsonl", b"x", "file"),
    ("/etc/evil", b"x", "file"),
    (RECORDS, b"/etc/passwd", "symlink"),
])
def test_a_tar_with_a_path_or_link_member_is_refused(office, sent, member):
    good = unpacked(office["office"], sent)
    members = [(MANIFEST, good.manifest, "file"), (SIGNATURE, good.signature, "file"), member]
    _refused(office["office"], resealed(office["aigerim"], office["office"], members))


def test_a_record_changed_after_signing_is_refused(office, sent):
    good = unpacked(office["office"], sent)
    records = good.records.replace(b"Qalymbek", b"Qalymbok", 1)
    members = [(MANIFEST, good.manifest, "file"), (SIGNATURE, good.signature, "file"),
               (RECORDS, records, "file")]
    message = str(_refused(office["office"], resealed(office["aigerim"], office["office"],
                                                       members)))
    assert "altered after it was signed" in message


def test_a_record_whose_content_does_not_hash_to_its_id_is_refused(office, sent):
    """The sender signed it, but the revision's content was changed: the hostile-insider
    case the content-hash ids guard against."""
    import hashlib

    good = unpacked(office["office"], sent)
    records = good.records.replace(b"Qalymbek", b"Qalymbok", 1)
    manifest = json.loads(good.manifest)
    manifest["members"][RECORDS] = {"sha256": hashlib.sha256(records).hexdigest(),
                                    "size": len(records)}
    members = [(MANIFEST, b"", "file"), (SIGNATURE, b"", "file"), (RECORDS, records, "file")]
    message = str(_refused(office["office"], resealed(office["aigerim"], office["office"],
                                                       members, manifest)))
    assert "does not match its id" in message


def test_an_unknown_format_version_is_refused_as_bad_input(office, sent):
    good = unpacked(office["office"], sent)
    manifest = json.loads(good.manifest)
    manifest["schema_version"] = 3  # one past the version this code writes
    members = [(MANIFEST, b"", "file"), (SIGNATURE, b"", "file"), (RECORDS, good.records, "file")]
    error = _refused(office["office"], resealed(office["aigerim"], office["office"], members,
                                                manifest), error=UserError)
    assert "format version 3" in str(error)


def test_the_command_line_says_one_line_and_exits_3_for_a_tampered_bundle(office, sent, cli):
    data = bytearray(sent.read_bytes())
    data[len(data) // 2] ^= 0x01
    sent.write_bytes(bytes(data))
    office["office"].close()
    for command in (["verify"], ["import", "--yes"]):
        result = cli(office["office"], "bundle", *command, str(sent))
        assert result.code == 3
        assert result.err.count("\n") == 1 and "Traceback" not in result.err
