#!/usr/bin/env bash
# Make sure Debian's Chromium is installed for the browser tests and the draw benchmark.
# Idempotent and quick when it is already there. Playwright's own browser download is never
# used (it cannot be fetched here); tests launch /usr/bin/chromium instead.
set -euo pipefail

CHROMIUM="${NEXUS_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-chromium: $CHROMIUM is missing and apt-get is not available;" \
         "install Chromium and set NEXUS_CHROMIUM to its path" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "ensure-chromium: installing Debian's chromium (one time)" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    chromium fonts-dejavu-core >/dev/null
"$CHROMIUM" --version >&2
