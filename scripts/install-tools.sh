#!/bin/sh
# Install the `age` and `minisign` command-line tools for the bundle interoperability tests.
# Only when they are missing, and only as root with apt. If they are still missing after,
# exit 1: `make test` (and so CI) must stop here rather than run the suite without them.
missing=""
command -v age >/dev/null 2>&1 || missing="$missing age"
command -v minisign >/dev/null 2>&1 || missing="$missing minisign"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing$missing for the interoperability tests..."
    apt-get install -y -qq $missing >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $missing >/dev/null 2>&1; }
fi
still=""
for tool in $missing; do
    command -v "$tool" >/dev/null 2>&1 || still="$still $tool"
done
[ -z "$still" ] && exit 0
echo "error: could not install$still (needs root and apt). Install$still yourself" \
     "(https://age-encryption.org, https://jedisct1.github.io/minisign/):" \
     "the bundle interoperability tests need them." >&2
exit 1
