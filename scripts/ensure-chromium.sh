#!/usr/bin/env bash
# Make sure Debian's Chromium is installed for the browser tests and the draw benchmark.
# Idempotent and quick when it is already there. Playwright's own browser download is never
# used (it cannot be fetched here); tests launch /usr/bin/chromium instead.
set -euo pipefail

CHROMIUM="${NEXUS_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
bash "$(dirname "$0")/apt-install.sh" ensure-chromium chromium fonts-dejavu-core
"$CHROMIUM" --version >&2
