#!/bin/sh
# The one-file executable as a caseworker would use it (`make dist-check`, run by CI): its
# sum, `--version`, `init`, `status`, and the app's first frame in a terminal of its own,
# timed. Like install-check, it runs with no network device where it may.
#
#   sh scripts/check-dist.sh TOOLS_PYTHON [DIST_DIR]
set -eu

tools_python=$1
dist=${2:-dist}
program=$(ls "$dist"/caseworker-*-linux-* "$dist"/caseworker-*-macos-* 2>/dev/null | head -n 1)
[ -n "$program" ] || { echo "dist-check: no executable in $dist; run make dist" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_DATA_HOME="$work/home/share" XDG_CONFIG_HOME="$work/home/config"
if unshare --net true 2>/dev/null; then offline="unshare --net"; else offline=""; fi

passed=0
step() { passed=$((passed + 1)); echo "dist-check: $*"; }

if command -v sha256sum >/dev/null 2>&1; then sum="sha256sum -c --quiet"; else sum="shasum -a 256 -c -s"; fi
(cd "$dist" && $sum SHA256SUMS)
step "SHA256SUMS matches ($(basename "$program"), $(($(wc -c < "$program") / 1000000)) MB)"

$offline "$program" --version
step "--version"

export CASEWORKER_PASSPHRASE="quartz lantern orchard bicycle"
$offline "$program" init --data-dir "$work/data" > /dev/null
step "init"
$offline "$program" status --data-dir "$work/data" --json | grep -q '"schema_version"'
step "status"

unset CASEWORKER_PASSPHRASE
$offline "$tools_python" scripts/first_frame.py --expect "Press Enter to unlock" -- \
    "$program" --data-dir "$work/data"
step "the app's first frame (the unlock screen)"
echo "dist-check: $passed passed, 0 failed"
