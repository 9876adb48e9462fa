"""The lock files and the wheelhouse script, read without the network (`make check-wheels`
and `make install-check` ask the index and install for real)."""

from __future__ import annotations

import hashlib
import importlib.util
import platform
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.support.paths import ROOT

REQUIREMENTS = ROOT / "requirements"


def _wheelhouse():
    """scripts/ is no package; the script is loaded by path (and registered, as its
    dataclasses look their module up)."""
    path = ROOT / "scripts" / "wheelhouse.py"
    spec = importlib.util.spec_from_file_location("scripts_wheelhouse", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


wheelhouse = _wheelhouse()


def _pins(name: str) -> dict[str, str]:
    entries = wheelhouse.read_lock(REQUIREMENTS / name)
    return {package: re.search(r"==([^\s;\\]+)", entry).group(1)
            for package, entry in entries.items()}


def test_every_pin_is_exact_and_carries_hashes():
    for lock in ("app.txt", "test.txt", "dist.txt", "uv.txt"):
        entries = wheelhouse.read_lock(REQUIREMENTS / lock)
        assert entries, lock
        for package, entry in entries.items():
            assert "==" in entry.split("\n")[0], f"{lock}: {package} is not pinned"
            assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), f"{lock}: {package}"


def test_the_lock_holds_every_dependency_and_the_pins_the_targets_need():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {wheelhouse.normalise(re.split(r"[<>=!~ ;\[]", d, maxsplit=1)[0])
                for d in project["dependencies"]}
    pins = _pins("app.txt")
    assert declared <= set(pins)
    assert pins["textual"] == "8.2.8"
    # Intel Macs: no wheel of later releases.
    assert pins["cryptography"].split(".")[0] == "48"
    assert pins["argon2-cffi-bindings"] == "25.1.0"


def test_test_and_build_tools_keep_the_application_pins():
    app = _pins("app.txt")
    for lock in ("test.txt", "dist.txt"):
        other = _pins(lock)
        assert {p: v for p, v in other.items() if p in app} == app, lock


def test_download_lists_carry_no_marker_but_keep_the_hashes():
    entry = ("pycparser==3.12 ; implementation_name != 'PyPy' \\\n"
             "    --hash=sha256:" + "a" * 64 + " \\\n    --hash=sha256:" + "b" * 64)
    stripped = wheelhouse._without_marker(entry).split("\n")
    assert stripped[0] == "pycparser==3.12 \\"
    assert stripped[1:] == entry.split("\n")[1:]


def test_linux_targets_accept_every_older_manylinux():
    tags = wheelhouse._manylinux(28, "x86_64")
    assert tags[0] == "manylinux_2_28_x86_64"
    assert {"manylinux_2_17_x86_64", "manylinux2014_x86_64", "manylinux1_x86_64"} <= set(tags)
    arm = wheelhouse._manylinux(28, "aarch64")
    assert "manylinux2014_aarch64" in arm and not any("manylinux1" in t for t in arm)


def test_sums_are_in_sha256sum_format_and_leave_out_the_signature(tmp_path):
    (tmp_path / "linux-x86_64").mkdir()
    (tmp_path / "linux-x86_64" / "a.whl").write_bytes(b"wheel")
    (tmp_path / "install-offline.sh").write_bytes(b"script")
    (tmp_path / "SHA256SUMS.minisig").write_bytes(b"signature")
    wheelhouse.write_sums(tmp_path)
    lines = (tmp_path / "SHA256SUMS").read_text().splitlines()
    assert lines == [f"{hashlib.sha256(b'script').hexdigest()}  install-offline.sh",
                     f"{hashlib.sha256(b'wheel').hexdigest()}  linux-x86_64/a.whl"]


def test_every_target_is_one_the_install_scripts_name():
    shell = (ROOT / "scripts" / "install-offline.sh").read_text()
    powershell = (ROOT / "scripts" / "install-offline.ps1").read_text()
    for target in wheelhouse.TARGETS:
        assert f'"{target}"' in (powershell if target.startswith("windows") else shell)


def _this_target() -> str:
    machine = platform.machine().lower()
    return {"x86_64": "linux-x86_64", "aarch64": "linux-aarch64"}.get(machine, machine)


def _install(wheelhouse_dir: Path, venv: Path) -> subprocess.CompletedProcess:
    shutil.copy2(ROOT / "scripts" / "install-offline.sh", wheelhouse_dir)
    return subprocess.run(["sh", str(wheelhouse_dir / "install-offline.sh"), "--venv", str(venv),
                           "--python", sys.executable], capture_output=True, text=True,
                          timeout=60)


def test_the_install_stops_before_anything_when_a_file_differs_from_its_sum(tmp_path):
    stick = tmp_path / "wheelhouse"
    (stick / _this_target()).mkdir(parents=True)
    requirements = stick / _this_target() / "requirements.txt"
    requirements.write_text("caseworker==0.1.0\n")
    wheelhouse.write_sums(stick)
    requirements.write_text("caseworker==0.1.0\nsomething-else==1.0\n")  # altered on the stick
    done = _install(stick, tmp_path / "venv")
    assert done.returncode == 1
    assert "install stopped" in done.stderr
    assert not (tmp_path / "venv").exists()


def test_a_wheelhouse_without_this_target_says_which_it_has(tmp_path):
    stick = tmp_path / "wheelhouse"
    (stick / "windows-x64").mkdir(parents=True)
    done = _install(stick, tmp_path / "venv")
    assert done.returncode == 1
    assert f"no wheels for {_this_target()}" in done.stderr and "windows-x64" in done.stderr
