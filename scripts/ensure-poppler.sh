#!/usr/bin/env bash
# Make sure Debian's poppler-utils (pdftotext, pdfinfo, pdftoppm) is installed: the history
# tests read the generated PDFs back with them. Idempotent and quick when already there.
set -euo pipefail

if command -v pdftotext >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1; then
    exit 0
fi
bash "$(dirname "$0")/apt-install.sh" ensure-poppler poppler-utils fonts-dejavu-core
