"""`file add | list | export | purge`: a round trip through the command line, and every
bad argument one line on stderr that writes nothing."""

from __future__ import annotations

import hashlib
import os

import pytest

from tests.conftest import PASSPHRASE
from tests.support.case_factory import seed_cases, simple_draft
from tests.support.cli_helpers import run_cli
from tests.support.photo_files import LATITUDE, phone_jpeg


@pytest.fixture(autouse=True)
def passphrase(monkeypatch, data_dir):
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)


@pytest.fixture
def case_id(data_dir) -> str:
    return seed_cases(data_dir, simple_draft("Abai Kydyrbek"))[0]


def _one_line(result) -> str:
    assert result.code == 2 and result.out == "", result
    assert result.err.count("\n") == 1 and "Traceback" not in result.err, result.err
    return result.err


def test_add_list_export_purge(capsys, case_id, tmp_path):
    data = b"\x89PNG\r\n\x1a\n" + os.urandom(5000)
    (tmp_path / "photo.png").write_bytes(data)
    (tmp_path / "note.txt").write_text("Фото паспорта, от сестры", encoding="utf-8")
    added = run_cli(capsys, "file", "add", case_id[:8], str(tmp_path / "photo.png"),
                    "--note-file", str(tmp_path / "note.txt"), "--json")
    assert added.code == 0, added.err
    file_id = added.json()["id"]
    assert added.json()["sha256"] == hashlib.sha256(data).hexdigest()
    listed = run_cli(capsys, "file", "list", case_id[:8], "--json").json()
    assert [(f["id"], f["media_type"], f["note"]) for f in listed] == \
        [(file_id, "image/png", "Фото паспорта, от сестры")]
    plain = run_cli(capsys, "file", "list", case_id[:8])
    assert "photo.png" in plain.out and hashlib.sha256(data).hexdigest() in plain.out
    exported = run_cli(capsys, "file", "export", file_id[:8], "--out", str(tmp_path / "c.png"))
    assert exported.code == 0 and (tmp_path / "c.png").read_bytes() == data
    assert "outside the encrypted store" in exported.err
    purged = run_cli(capsys, "file", "purge", file_id[:8], "--yes")
    assert purged.code == 0, purged.err
    assert run_cli(capsys, "file", "list", case_id[:8], "--json").json() == []


def test_a_purge_asks_and_without_a_terminal_needs_yes(capsys, case_id, tmp_path):
    (tmp_path / "a.txt").write_bytes(b"text")
    file_id = run_cli(capsys, "file", "add", case_id, str(tmp_path / "a.txt"), "--json")\
        .json()["id"]
    assert "pass --yes" in _one_line(run_cli(capsys, "file", "purge", file_id))
    assert len(run_cli(capsys, "file", "list", case_id, "--json").json()) == 1


@pytest.mark.parametrize("args, words", [
    (["file", "add", "CASE", "{tmp}/missing.jpg"], "There is no file missing.jpg"),
    (["file", "add", "CASE", "{tmp}"], "is a folder"),
    (["file", "add", "nobody-with-this-name", "{tmp}/a.txt"], "case"),
    (["file", "add", "CASE", "{tmp}/a.txt", "--event", "zzzzzz"], "The event is not"),
    (["file", "add", "CASE", "{tmp}/a.txt", "--note-file", "{tmp}/latin1.txt"],
     "--note-file is not UTF-8"),
    (["file", "export", "ffffffff", "--out", "{tmp}/x"], "There is no file with that id"),
    (["file", "export", "%%%%%%", "--out", "{tmp}/x"], "There is no file with that id"),
    (["file", "purge", "ffffffff", "--yes"], "There is no file with that id"),
    (["file", "list", "CASE", "--bogus"], "unrecognized arguments"),
])
def test_bad_arguments_are_one_line_and_write_nothing(capsys, case_id, tmp_path, args, words):
    (tmp_path / "a.txt").write_bytes(b"text")
    (tmp_path / "latin1.txt").write_bytes("café".encode("latin-1"))
    given = [a.replace("CASE", case_id).replace("{tmp}", str(tmp_path)) for a in args]
    assert words in _one_line(run_cli(capsys, *given))
    assert run_cli(capsys, "file", "list", case_id, "--json").json() == []
    assert not (tmp_path / "x").exists()


def test_export_clean_says_what_it_removed(capsys, case_id, tmp_path):
    (tmp_path / "photo.jpg").write_bytes(phone_jpeg())
    file_id = run_cli(capsys, "file", "add", case_id, str(tmp_path / "photo.jpg"), "--json")\
        .json()["id"]
    done = run_cli(capsys, "file", "export", file_id, "--out", str(tmp_path / "pub.jpg"),
                   "--clean")
    assert done.code == 0, done.err
    assert "Removed: EXIF metadata (with a GPS position), a comment." in done.out
    assert LATITUDE not in (tmp_path / "pub.jpg").read_bytes()
