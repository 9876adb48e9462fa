"""Shared fixtures: an isolated data dir per test, a fast store, and the no-network guard."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from caseworker.core.offline import forbid_network

PASSPHRASE = "violet harbour lantern seventy"


@pytest.fixture(autouse=True)
def no_network():
    """Fail the test if anything tries to reach the network, even if the error is swallowed."""
    attempts: list[str] = []

    def record(what: str) -> None:
        attempts.append(what)
        raise OSError(f"network use in a test: {what}")

    previous = forbid_network(record)
    yield
    forbid_network(previous)
    assert not attempts, f"the code tried to use the network: {attempts}"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch):
    """Each test gets its own data dir and home; no passphrase leaks in from the shell."""
    monkeypatch.setenv("CASEWORKER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / "config"))
    monkeypatch.delenv("CASEWORKER_PASSPHRASE", raising=False)
    # English unless a test chooses: the suite reads the same whatever the machine's
    # language, and a language one test chose does not carry over to the next.
    monkeypatch.setenv("CASEWORKER_LANG", "en")
    from caseworker.core.i18n import use_language

    use_language("en")
    # The command line takes the passphrase out of the environment once read; a test's
    # own setting must not carry over to the next test.
    from caseworker.cli.passphrase_input import forget_environment_passphrase

    forget_environment_passphrase()


@pytest.fixture(scope="session")
def template_store(tmp_path_factory) -> Path:
    """One store created per session at the KDF floor; tests get copies (fast to unlock)."""
    from caseworker.opening.unlocking import create_store
    from storage.kdf import floor_params

    root = tmp_path_factory.mktemp("template") / "data"
    create_store(root, PASSPHRASE, floor_params()).close()
    return root


@pytest.fixture
def data_dir(tmp_path, template_store) -> Path:
    target = tmp_path / "data"
    shutil.copytree(template_store, target)
    return target


@pytest.fixture
def store(data_dir):
    from caseworker.opening.unlocking import open_store

    opened = open_store(data_dir, PASSPHRASE)
    yield opened
    opened.close()
