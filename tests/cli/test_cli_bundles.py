"""`bundle export` with a passphrase, chosen cases, only what changed and JSON; `bundle
import` with a passphrase file; `conflicts list | settle`; `keys remove`: each checked by
what the other install then holds, not only by the exit code."""

from __future__ import annotations

import pytest

from caseworker.opening.unlocking import open_store
from storage.tables import Case
from tests.conftest import PASSPHRASE
from tests.support.bundle_helpers import receive, send
from tests.support.case_factory import add_case, seed_draft
from tests.support.cli_helpers import run_cli
from tests.support.install_helpers import introduce, new_install
from tests.support.record_edits import at, edit, value

BUNDLE_PASSPHRASE = "copper meadow quietly harbour ninety"


@pytest.fixture
def installs(tmp_path, template_store):
    """Two installs that know each other; "a" holds Qalymbek Shahman's case. The tests
    close an install before the command line opens it, as the two never share a store."""
    stores = {name: new_install(template_store, tmp_path / name) for name in ("a", "b")}
    introduce(stores)
    case_id = add_case(stores["a"], seed_draft("qalymbek-shahman"))
    yield stores, case_id
    for store in stores.values():
        store.close()


@pytest.fixture
def cli(capsys, monkeypatch):
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    return lambda store, *args: run_cli(capsys, "--data-dir", str(store.paths.root), *args)


def _reopened(store):
    return open_store(store.paths.root, PASSPHRASE)


def test_a_passphrase_bundle_is_written_and_read_with_passphrase_files(installs, cli, tmp_path):
    stores, case_id = installs
    given = tmp_path / "bundle-passphrase.txt"
    given.write_text(BUNDLE_PASSPHRASE + "\nthe second line is not part of it\n")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("copper meadow loudly harbour ninety\n")
    for secret in (given, wrong):  # passphrase files others can read are refused
        secret.chmod(0o600)
    out = tmp_path / "oneoff.cwb"
    for store in stores.values():
        store.close()

    written = cli(stores["a"], "bundle", "export", "--out", str(out),
                  "--bundle-passphrase-file", str(given), "--json")
    assert written.code == 0, written.err
    sent = written.json()
    # to no contact, so no escrow either: only whoever has the passphrase can open it
    assert (sent["cases"], sent["recipients"], sent["file"]) == (1, [], str(out))
    assert sent["bytes"] == out.stat().st_size

    # without the passphrase, or with another one, nothing is imported
    asked = cli(stores["b"], "bundle", "import", str(out), "--yes")
    assert asked.code != 0 and "passphrase" in asked.err.lower()
    refused = cli(stores["b"], "bundle", "import", str(out), "--bundle-passphrase-file",
                  str(wrong), "--yes")
    assert refused.code != 0
    imported = cli(stores["b"], "bundle", "import", str(out), "--bundle-passphrase-file",
                   str(given), "--yes", "--json")
    assert imported.code == 0, imported.err
    assert imported.json()["cases_added"] == [case_id] and imported.json()["applied"]
    b = _reopened(stores["b"])
    try:
        assert value(b, Case, case_id, "id") == case_id
    finally:
        b.close()


def test_a_weak_bundle_passphrase_file_writes_no_bundle(installs, cli, tmp_path):
    stores, _ = installs
    weak = tmp_path / "weak.txt"
    weak.write_text("harbour\n")
    out = tmp_path / "weak.cwb"
    stores["a"].close()
    result = cli(stores["a"], "bundle", "export", "--out", str(out),
                 "--bundle-passphrase-file", str(weak))
    assert result.code == 2 and "too easy to guess" in result.err
    assert not out.exists()


def test_only_the_chosen_case_then_only_what_changed_is_sent(installs, cli, tmp_path):
    stores, qalymbek = installs
    yerzhanat = add_case(stores["a"], seed_draft("yerzhanat-abai"))
    stores["a"].close()

    first = cli(stores["a"], "bundle", "export", "--out", str(tmp_path / "1.cwb"), "--to", "b",
                "--case", qalymbek[:8], "--json")
    assert first.code == 0, first.err
    assert (first.json()["cases"], first.json()["recipients"]) == (1, ["b"])
    assert receive(stores["b"], tmp_path / "1.cwb").cases("added") == [qalymbek]

    # Nothing changed since that bundle: Yerzhanat Abai's case is older than it, so
    # --since-last does not send it (all cases would be two).
    unchanged = cli(stores["a"], "bundle", "export", "--out", str(tmp_path / "2.cwb"),
                    "--to", "b", "--since-last")
    assert unchanged.code == 2 and "Nothing has changed" in unchanged.err
    assert not (tmp_path / "2.cwb").exists()

    a = _reopened(stores["a"])
    try:
        edit(a, Case, qalymbek, at(1), route="Khorgos, on foot")
    finally:
        a.close()
    changed = cli(stores["a"], "bundle", "export", "--out", str(tmp_path / "3.cwb"),
                  "--to", "b", "--since-last", "--json")
    assert changed.code == 0, changed.err
    assert changed.json()["cases"] == 1
    assert changed.json()["sequence"] == first.json()["sequence"] + 1
    plan = receive(stores["b"], tmp_path / "3.cwb")
    assert plan.changed_cases == [qalymbek] and plan.cases("added") == []
    assert value(stores["b"], Case, qalymbek, "route") == "Khorgos, on foot"
    assert value(stores["b"], Case, yerzhanat, "id") is None


def test_conflicts_are_listed_and_settled_by_side_or_by_a_new_value(installs, cli, tmp_path):
    stores, case_id = installs
    a, b = stores["a"], stores["b"]
    receive(b, send(a, "b", tmp_path))
    edit(a, Case, case_id, at(1), route="Khorgos, on foot", reported_by="his brother")
    edit(b, Case, case_id, at(2), route="Nur Zholy, by car", reported_by="his sister")
    receive(b, send(a, "b", tmp_path))
    b.close()

    listed = cli(b, "conflicts", "list", "--json")
    assert listed.code == 0, listed.err
    by_field = {row["field"]: row for row in listed.json()}
    assert sorted(by_field) == ["reported_by", "route"]
    route = by_field["route"]
    assert (route["case_id"], route["case"]) == (case_id, "Qalymbek Shahman")
    sides = [side["value"] for side in route["sides"]]
    assert sorted(sides) == ["Khorgos, on foot", "Nur Zholy, by car"]
    text = cli(b, "conflicts", "list")
    assert f"{route['id'][:8]}  Qalymbek Shahman: route (2 sides)" in text.out

    # an id too short to be sure of, or a side that does not exist, settles nothing
    assert cli(b, "conflicts", "settle", route["id"][:3], "--take", "1").code == 2
    assert cli(b, "conflicts", "settle", route["id"][:8], "--take", "3").code == 2
    assert cli(b, "conflicts", "settle", route["id"][:8], "--value", "not json").code == 2
    assert len(cli(b, "conflicts", "list", "--json").json()) == 2

    take = sides.index("Nur Zholy, by car") + 1
    settled = cli(b, "conflicts", "settle", route["id"][:8], "--take", str(take))
    assert settled.code == 0 and settled.out.strip() == "Settled."
    reported = by_field["reported_by"]["id"]
    assert cli(b, "conflicts", "settle", reported, "--value", '"both siblings"').code == 0
    assert cli(b, "conflicts", "list").out.strip() == "No conflicts to settle."
    reopened = _reopened(b)
    try:
        assert value(reopened, Case, case_id, "route") == "Nur Zholy, by car"
        assert value(reopened, Case, case_id, "reported_by") == "both siblings"
    finally:
        reopened.close()


def test_a_removed_contact_is_gone_and_their_bundles_are_refused(installs, cli, tmp_path):
    stores, _ = installs
    bundle = send(stores["a"], "b", tmp_path)
    stores["b"].close()
    assert [c["name"] for c in cli(stores["b"], "keys", "list", "--json").json()] == ["a"]
    removed = cli(stores["b"], "keys", "remove", "a")
    assert removed.code == 0, removed.err
    assert cli(stores["b"], "keys", "list", "--json").json() == []
    refused = cli(stores["b"], "bundle", "import", str(bundle), "--yes")
    assert refused.code == 3 and "--trust-as" in refused.err


def test_files_contents_travel_with_with_files_and_up_to_a_size(installs, cli, tmp_path):
    stores, qalymbek = installs
    a, b = stores["a"], stores["b"]
    (tmp_path / "notice.jpg").write_bytes(b"\xff\xd8\xff" + b"n" * 2000)
    (tmp_path / "testimony.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"v" * 50_000)
    a.close()
    b.close()
    for name in ("notice.jpg", "testimony.mp4"):
        assert cli(a, "file", "add", qalymbek[:8], str(tmp_path / name)).code == 0
    bad = cli(a, "bundle", "export", "--out", str(tmp_path / "0.cwb"), "--to", "b",
              "--files-up-to", "lots")
    assert bad.code == 2 and "give a size such as 500KB" in bad.err
    small = cli(a, "bundle", "export", "--out", str(tmp_path / "1.cwb"), "--to", "b",
                "--files-up-to", "10KB", "--json")
    assert small.code == 0 and small.json()["files"] == 1, small.err
    imported = cli(b, "bundle", "import", str(tmp_path / "1.cwb"), "--yes")
    assert imported.code == 0 and "contents of 1 file(s) came with it" in imported.err
    everything = cli(a, "bundle", "export", "--out", str(tmp_path / "2.cwb"), "--to", "b",
                     "--case", qalymbek[:8], "--with-files")
    assert "contents of 2 file(s) are beside it" in everything.out
    assert cli(b, "bundle", "import", str(tmp_path / "2.cwb"), "--yes").code == 0
    listed = cli(b, "file", "list", qalymbek[:8], "--json").json()
    assert sorted(f["name"] for f in listed if f["contents_here"]) == ["notice.jpg",
                                                                       "testimony.mp4"]
