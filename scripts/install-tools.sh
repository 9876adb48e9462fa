#!/bin/sh
# Install the `age` and `minisign` command-line tools for the bundle interoperability tests.
# Only when they are missing and we are root with apt; otherwise those tests skip with a reason.
missing=""
command -v age >/dev/null 2>&1 || missing="$missing age"
command -v minisign >/dev/null 2>&1 || missing="$missing minisign"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing$missing for the interoperability tests..."
    (apt-get install -y -qq $missing >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $missing >/dev/null 2>&1; }) ||
        echo "Could not install$missing; the interoperability tests will be skipped."
else
    echo "Not installing$missing (needs root and apt); the interoperability tests will be skipped."
fi
exit 0
