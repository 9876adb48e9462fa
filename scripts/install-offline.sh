#!/bin/sh
# Install Caseworker on macOS or Linux from a wheelhouse (`make wheelhouse`), with no
# network: pip may use only the wheels beside this script, each checked against its hash.
#
#   sh install-offline.sh [--venv DIR] [--python PYTHON]
#
# The program lands in a virtual environment (default ~/.caseworker/venv); run it as
# DIR/bin/caseworker. Python 3.11, 3.12 or 3.13 must be installed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
venv="${HOME}/.caseworker/venv"
python=""
while [ $# -gt 0 ]; do
    case "$1" in
        --venv) venv="$2"; shift 2 ;;
        --python) python="$2"; shift 2 ;;
        *) echo "usage: sh install-offline.sh [--venv DIR] [--python PYTHON]" >&2; exit 2 ;;
    esac
done

say() { printf '%s\n' "$*" >&2; }

# Which Python: the one named, else the newest of 3.13, 3.12, 3.11 found.
supported() { "$1" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null; }
if [ -z "$python" ]; then
    for candidate in python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && supported "$candidate"; then
            python=$candidate; break
        fi
    done
fi
if [ -z "$python" ] || ! supported "$python"; then
    say "Caseworker needs Python 3.11, 3.12 or 3.13; none was found (name one with --python)."
    exit 1
fi

# Which wheels: those built for this Python's system and processor (a Python running
# under Rosetta on an Apple-silicon Mac takes the Intel ones, and they work).
target=$("$python" -c '
import platform, sys
machine = platform.machine().lower()
names = {("darwin", "arm64"): "macos-arm64", ("darwin", "x86_64"): "macos-x86_64",
         ("linux", "x86_64"): "linux-x86_64", ("linux", "aarch64"): "linux-aarch64",
         ("linux", "arm64"): "linux-aarch64"}
print(names.get((sys.platform, machine), sys.platform + "-" + machine))')
wheels="$here/$target"
if [ ! -f "$wheels/requirements.txt" ]; then
    say "This wheelhouse has no wheels for $target (it has: $(cd "$here" && ls -d */ 2>/dev/null | tr -d / | tr '\n' ' '))."
    exit 1
fi

# A damaged or altered file on the stick stops the install before anything runs. Only
# this target's lines are checked, so a stick may carry one target's folder alone.
if [ -f "$here/SHA256SUMS" ]; then
    # GNU sha256sum on Linux, Perl's shasum on macOS: each has its own word for quiet.
    if command -v sha256sum >/dev/null 2>&1; then sum="sha256sum -c --quiet"; else sum="shasum -a 256 -c -s"; fi
    if ! (cd "$here" && grep -E "  ($target/|install-offline)" SHA256SUMS | $sum -); then
        say "The files differ from SHA256SUMS; install stopped. Copy the wheelhouse again."
        exit 1
    fi
fi

say "Installing Caseworker for $target with $("$python" --version) into $venv"
"$python" -m venv "$venv"
# Config files and PIP_* variables could add an index or other wheels: ignore them all.
PIP_CONFIG_FILE=/dev/null "$venv/bin/python" -m pip --isolated install --quiet \
    --disable-pip-version-check --no-index --find-links "$wheels" --only-binary :all: \
    --require-hashes --requirement "$wheels/requirements.txt"
"$venv/bin/caseworker" --version
say "Done. Start it with: $venv/bin/caseworker"
