"""`caseworker --help/--version/init/status/passphrase`, exit codes and one-line errors."""

from __future__ import annotations

import pytest

from caseworker import __version__
from tests.conftest import PASSPHRASE
from tests.support.cli_helpers import run_cli, run_process


@pytest.fixture
def passphrase_file(tmp_path):
    path = tmp_path / "passphrase"
    path.write_text(PASSPHRASE + "\n")
    path.chmod(0o600)  # a passphrase file others can read is refused
    return str(path)


def _one_clean_line(err: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("caseworker: ")
    assert "Traceback" not in err and "sqlcipher" not in err.lower()


def test_version_and_help(capsys):
    result = run_cli(capsys, "--version")
    assert result.code == 0 and __version__ in result.out
    result = run_cli(capsys, "--help")
    assert result.code == 0 and "init" in result.out and "status" in result.out


def test_status_json_reports_store_facts(capsys, data_dir, passphrase_file):
    result = run_cli(capsys, "status", "--json", "--passphrase-file", passphrase_file)
    assert result.code == 0, result.err
    report = result.json()
    assert report["store"].endswith("store.db")
    assert report["schema_version"] >= 1
    assert report["sqlcipher_version"].startswith("4.")
    assert report["counts"]["cases"] == 0
    assert report["kdf"]["algorithm"] == "argon2id"


def test_global_options_work_after_the_command(capsys, data_dir, passphrase_file, monkeypatch):
    monkeypatch.delenv("CASEWORKER_DATA_DIR")
    result = run_cli(capsys, "status", "--json", "--data-dir", str(data_dir),
                     "--passphrase-file", passphrase_file)
    assert result.code == 0, result.err
    assert result.json()["data_dir"] == str(data_dir)


def test_passphrase_from_environment(capsys, data_dir, monkeypatch):
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    assert run_cli(capsys, "status", "--json").code == 0


def test_wrong_passphrase_exits_3_with_one_line(capsys, data_dir, monkeypatch):
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", "definitely not it")
    result = run_cli(capsys, "status")
    assert result.code == 3
    _one_clean_line(result.err)
    assert result.out == ""


def test_no_passphrase_without_a_terminal_is_a_usage_error(capsys, data_dir, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    result = run_cli(capsys, "status")
    assert result.code == 2
    _one_clean_line(result.err)


def test_status_without_a_store_says_to_init(capsys, passphrase_file):
    result = run_cli(capsys, "status", "--passphrase-file", passphrase_file)
    assert result.code == 2 and "caseworker init" in result.err


def test_unknown_command_and_bad_option_are_one_line(capsys):
    for args in (["frobnicate"], ["status", "--no-such-option"]):
        result = run_cli(capsys, *args)
        assert result.code == 2
        _one_clean_line(result.err)


def test_unreadable_passphrase_file(capsys, data_dir, tmp_path):
    result = run_cli(capsys, "status", "--passphrase-file", str(tmp_path / "missing"))
    assert result.code == 2
    _one_clean_line(result.err)


def test_init_refuses_a_weak_passphrase_and_writes_nothing(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", "password1")
    result = run_cli(capsys, "init")
    assert result.code == 2
    _one_clean_line(result.err)
    assert not (tmp_path / "data").exists()


def test_init_twice_is_refused(capsys, data_dir, monkeypatch):
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    result = run_cli(capsys, "init")
    assert result.code == 2 and "already exists" in result.err


def test_passphrase_change_from_files(capsys, data_dir, passphrase_file, tmp_path):
    new_file = tmp_path / "new"
    new_file.write_text("amber tundra kettle ninety\n")
    new_file.chmod(0o600)
    result = run_cli(capsys, "passphrase", "--passphrase-file", passphrase_file,
                     "--new-passphrase-file", str(new_file))
    assert result.code == 0, result.err
    assert run_cli(capsys, "status", "--passphrase-file", passphrase_file).code == 3
    assert run_cli(capsys, "status", "--passphrase-file", str(new_file)).code == 0


def test_bad_config_is_a_clear_usage_error(capsys, data_dir):
    (data_dir / "config.toml").write_text("idle_lock_minutes = 'soon'\n")
    result = run_cli(capsys, "--data-dir", str(data_dir))
    assert result.code == 2 and "idle_lock_minutes" in result.err
    _one_clean_line(result.err)


def test_real_process_init_and_wrong_passphrase(tmp_path):
    """The installed entry point, as a script would call it."""
    data = str(tmp_path / "real")
    created = run_process("init", "--data-dir", data, env={"CASEWORKER_PASSPHRASE": PASSPHRASE})
    assert created.code == 0, created.err
    status = run_process("status", "--json", "--data-dir", data,
                         env={"CASEWORKER_PASSPHRASE": PASSPHRASE})
    assert status.code == 0 and status.json()["schema_version"] >= 1
    wrong = run_process("status", "--data-dir", data, env={"CASEWORKER_PASSPHRASE": "nope nope"})
    assert wrong.code == 3
    _one_clean_line(wrong.err)
