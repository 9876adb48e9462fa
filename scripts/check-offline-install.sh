#!/bin/sh
# The Linux install as a caseworker's laptop takes it (`make install-check`, part of
# `make test`): a wheelhouse for this machine only, a fresh virtual environment filled
# from it by install-offline.sh (--no-index; every configured index and wheel folder
# ignored), then `caseworker --version`, `init` and `status`. Where this user may make a
# network namespace (root, as in CI), the install and the commands run in one with no
# network device at all, so a download could not succeed even by mistake.
#
#   sh scripts/check-offline-install.sh VENV_PYTHON [WORK_DIR]
set -eu

tools_python=$1               # the project's venv: it has uv and pip for the wheelhouse
work=${2:-build/install-check}
fresh_python=${PYTHON:-python3}

case "$(uname -m)" in
    x86_64) target=linux-x86_64 ;;
    aarch64 | arm64) target=linux-aarch64 ;;
    *) echo "no Linux target for $(uname -m)" >&2; exit 1 ;;
esac

rm -rf "$work"
mkdir -p "$work/home"
work=$(cd "$work" && pwd)
started=$(date +%s)
# This machine's target and Python only: what a laptop like it would install.
version=$("$fresh_python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
"$tools_python" scripts/wheelhouse.py build --targets "$target" --pythons "$version" \
    --out "$work/wheelhouse"
built=$(date +%s)

if unshare --net true 2>/dev/null; then
    offline="unshare --net"
    echo "install-check: no network device from here on (own network namespace)"
else
    offline=""
    echo "install-check: cannot drop the network here; relying on --no-index alone"
fi

# A home of its own: nothing from this user's configuration or data reaches the check.
export HOME="$work/home" XDG_DATA_HOME="$work/home/share" XDG_CONFIG_HOME="$work/home/config"
$offline sh "$work/wheelhouse/install-offline.sh" --venv "$work/venv" --python "$fresh_python"
installed=$(date +%s)

caseworker="$work/venv/bin/caseworker"
export CASEWORKER_PASSPHRASE="quartz lantern orchard bicycle"
$offline "$caseworker" --version
$offline "$caseworker" init --data-dir "$work/data"
$offline "$caseworker" status --data-dir "$work/data" --json > "$work/status.json"
grep -q '"schema_version"' "$work/status.json"
# The installed program is the wheel's, not this checkout's (-I: the current folder is
# not on the path).
case "$("$work/venv/bin/python" -I -c 'import caseworker; print(caseworker.__file__)')" in
    "$work/venv/"*) ;;
    *) echo "install-check: caseworker was not imported from the fresh venv" >&2; exit 1 ;;
esac
finished=$(date +%s)
echo "install-check: wheelhouse $((built - started)) s, offline install" \
    "$((installed - built)) s, init and status $((finished - installed)) s: passed"
