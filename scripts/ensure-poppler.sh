#!/usr/bin/env bash
# Make sure Debian's poppler-utils (pdftotext, pdfinfo, pdftoppm) is installed: the history
# tests read the generated PDFs back with them. Idempotent and quick when already there.
set -euo pipefail

if command -v pdftotext >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-poppler: pdftotext/pdfinfo are missing and apt-get is not available;" \
         "install poppler-utils" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "ensure-poppler: installing Debian's poppler-utils (one time)" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    poppler-utils fonts-dejavu-core >/dev/null
pdftotext -v >&2 2>&1 || true
