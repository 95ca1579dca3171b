#!/usr/bin/env bash
# Install Debian packages for the test suite: `apt-install.sh WHO PACKAGE...`.
# Shared by ensure-chromium.sh and ensure-poppler.sh, which check first.
set -euo pipefail

who="$1"; shift
if ! command -v apt-get >/dev/null 2>&1; then
    echo "$who: apt-get is not available; install $* yourself" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "$who: installing Debian's $* (one time)" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "$@" >/dev/null
