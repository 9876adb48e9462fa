"""Wheels for installing Caseworker with no network: check that the pins have them, or
gather them (`make check-wheels`, `make wheelhouse`).

    python scripts/wheelhouse.py check [--targets ...]
    python scripts/wheelhouse.py build --out wheelhouse [--targets ...]

One lock (requirements/app.txt) serves every target. For each target and Python version
uv evaluates the lock's markers as that machine would and refuses any pin with no wheel
for it (no laptop has a compiler). `build` then downloads exactly those wheels with pip,
which checks each against the lock's hashes, and lays out a folder per target with its
own requirements.txt (the lock's lines for that target, hashes and markers kept, plus
Caseworker's own wheel), the install scripts, and SHA256SUMS over all of it for the
office to sign.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "app.txt"
PYTHONS = ("3.11", "3.12", "3.13")
INSTALLERS = ("install-offline.sh", "install-offline.ps1")


def _manylinux(glibc_minor: int, arch: str) -> list[str]:
    """pip does not widen a manylinux_2_NN platform to older ones by itself."""
    tags = [f"manylinux_2_{minor}_{arch}" for minor in range(glibc_minor, 4, -1)]
    legacy = {17: "manylinux2014", 12: "manylinux2010", 5: "manylinux1"}
    tags += [f"{name}_{arch}" for minor, name in legacy.items()
             if arch == "x86_64" or minor == 17]
    return tags


@dataclass(frozen=True)
class Target:
    uv_platform: str
    pip_platforms: list[str]
    # The oldest macOS served; uv reads it from MACOSX_DEPLOYMENT_TARGET.
    macos: str | None = None


# glibc 2.28 (Debian 10, Ubuntu 18.10, RHEL 8): sqlcipher3 has no older Linux wheel.
# macOS 10.15 on Intel: cffi's wheel needs it. macOS 11 is the first on Apple silicon.
TARGETS: dict[str, Target] = {
    "windows-x64": Target("x86_64-pc-windows-msvc", ["win_amd64"]),
    "macos-arm64": Target("aarch64-apple-darwin", ["macosx_11_0_arm64"], macos="11.0"),
    "macos-x86_64": Target("x86_64-apple-darwin", ["macosx_10_15_x86_64"], macos="10.15"),
    "linux-x86_64": Target("x86_64-manylinux_2_28", _manylinux(28, "x86_64")),
    "linux-aarch64": Target("aarch64-manylinux_2_28", _manylinux(28, "aarch64")),
}


def _tool(name: str) -> str:
    """A tool installed beside this Python (the project's venv), else on PATH."""
    here = shutil.which(name, path=str(Path(sys.executable).parent))
    return here or shutil.which(name) or name


def read_lock(path: Path) -> dict[str, str]:
    """Each pinned package's normalised name -> its whole entry (pin, marker, hashes)."""
    entries: dict[str, str] = {}
    block: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("    ") and block:
            if line.strip().startswith("--hash="):
                block.append(line)
            continue
        if block:
            name = re.split(r"[=;\s]", block[0], maxsplit=1)[0]
            entries[normalise(name)] = "\n".join(block)
            block = []
        if line and not line.startswith("#"):
            block = [line]
    return entries


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins_for(target: Target, python: str, lock: Path) -> tuple[list[str] | None, str]:
    """The lock's package names that apply on this target and Python, or None and uv's
    reason when a pin has no wheel there."""
    # uv would otherwise fetch a Python of that version to resolve with; the one running
    # this serves, since only wheels' tags and metadata are read.
    env = dict(os.environ, UV_PYTHON_DOWNLOADS="never")
    if target.macos:
        env["MACOSX_DEPLOYMENT_TARGET"] = target.macos
    done = subprocess.run(
        [_tool("uv"), "pip", "compile", str(lock), "--no-deps", "--only-binary", ":all:",
         "--python-platform", target.uv_platform, "--python-version", python,
         "--python", sys.executable, "--no-header", "--no-annotate", "--quiet"],
        capture_output=True, text=True, env=env)
    if done.returncode != 0:
        reason = next((line.strip() for line in done.stderr.splitlines()
                       if "because" in line.lower()), done.stderr.strip())
        return None, reason
    names = [normalise(line.split("==")[0]) for line in done.stdout.splitlines()
             if "==" in line and not line.startswith(("#", " "))]
    return names, ""


def _shown(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def check(targets: list[str], lock: Path) -> bool:
    print(f"{_shown(lock)}: a wheel for every pin, per target and Python")
    cases = [(name, python) for name in targets for python in PYTHONS]
    # Each look-up waits mostly on the index: a few at once take a quarter of the time.
    with ThreadPoolExecutor(max_workers=5) as pool:
        results = pool.map(lambda case: pins_for(TARGETS[case[0]], case[1], lock), cases)
        ok = True
        for (name, python), (names, reason) in zip(cases, results, strict=True):
            if names is None:
                ok = False
                print(f"  {name:14} {python}  MISSING  {reason}")
            else:
                print(f"  {name:14} {python}  ok ({len(names)} wheels)")
    return ok


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _without_marker(entry: str) -> str:
    """pip download judges markers by the machine it runs on, not the target, so the
    per-Python download lists carry none (uv has already applied them)."""
    first, *hashes = entry.split("\n")
    pin = first.split(";")[0].rstrip(" \\")
    return "\n".join([pin + " \\", *hashes])


def build_own_wheel(scratch: Path) -> Path:
    subprocess.run([_tool("uv"), "build", "--wheel", "--quiet", "--python", sys.executable,
                    "--out-dir", str(scratch), str(ROOT)], check=True,
                   env=dict(os.environ, UV_PYTHON_DOWNLOADS="never"))
    [wheel] = scratch.glob("caseworker-*.whl")
    return wheel


def build(targets: list[str], out: Path, lock: Path, pythons: tuple[str, ...] = PYTHONS) -> bool:
    entries = read_lock(lock)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        own = build_own_wheel(scratch)
        own_version = own.name.split("-")[1]
        for name in targets:
            target, folder = TARGETS[name], out / name
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir()
            wanted: set[str] = set()
            for python in pythons:
                names, reason = pins_for(target, python, lock)
                if names is None:
                    print(f"{name} {python}: {reason}", file=sys.stderr)
                    return False
                wanted.update(names)
                listing = scratch / f"{name}-{python}.txt"
                listing.write_text("\n".join(_without_marker(entries[n]) for n in names)
                                   + "\n", encoding="utf-8")
                platforms = [arg for tag in target.pip_platforms
                             for arg in ("--platform", tag)]
                abi = "cp" + python.replace(".", "")
                subprocess.run(
                    [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                     "--only-binary", ":all:", *platforms, "--python-version", python,
                     "--implementation", "cp", "--abi", abi, "--require-hashes",
                     "-r", str(listing), "--dest", str(folder)], check=True)
            shutil.copy2(own, folder / own.name)
            lines = [f"# Caseworker {own_version} for {name}, Python "
                     f"{', '.join(pythons)}; from {_shown(lock)}.",
                     *(entries[n] for n in sorted(wanted)),
                     f"caseworker=={own_version} \\\n    --hash=sha256:{_sha256(own)}"]
            (folder / "requirements.txt").write_text("\n".join(lines) + "\n",
                                                     encoding="utf-8")
    for script in INSTALLERS:
        shutil.copy2(ROOT / "scripts" / script, out / script)
    write_sums(out)
    for name in targets:
        size = sum(p.stat().st_size for p in (out / name).iterdir())
        count = len(list((out / name).glob("*.whl")))
        print(f"{name:14} {count:3} wheels  {size / 1e6:5.1f} MB")
    return True


def write_sums(folder: Path) -> None:
    """SHA256SUMS in sha256sum's format, paths relative to the folder: what the office
    signs (`minisign -Sm SHA256SUMS`) and a caseworker checks before installing."""
    files = sorted(p for p in folder.rglob("*")
                   if p.is_file() and not p.name.startswith("SHA256SUMS"))
    lines = [f"{_sha256(p)}  {p.relative_to(folder).as_posix()}" for p in files]
    (folder / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["check", "build", "sums"])
    parser.add_argument("--targets", nargs="+", default=list(TARGETS), choices=list(TARGETS))
    parser.add_argument("--lock", type=Path, default=LOCK)
    parser.add_argument("--pythons", nargs="+", default=list(PYTHONS), choices=PYTHONS,
                        help="build: the Python versions to gather wheels for")
    parser.add_argument("--out", type=Path, default=ROOT / "wheelhouse",
                        help="build: the wheelhouse folder; sums: the folder to sum")
    args = parser.parse_args(argv)
    lock = args.lock.resolve()
    if args.action == "check":
        return 0 if check(args.targets, lock) else 1
    if args.action == "sums":
        write_sums(args.out)
        return 0
    return 0 if build(args.targets, args.out.resolve(), lock, tuple(args.pythons)) else 1


if __name__ == "__main__":
    sys.exit(main())
