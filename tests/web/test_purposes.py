"""The web's purpose categories (web/src/shared/purposes.js) are the graph's closed set
(graph/audit/purposes.py), in the same order and words: the sign-in form offers exactly
what the server accepts."""

from __future__ import annotations

import re
from pathlib import Path

from graph.audit.purposes import PURPOSE_CATEGORIES

SOURCE = Path(__file__).resolve().parents[2] / "web" / "src" / "shared" / "purposes.js"


def test_the_web_offers_the_servers_purpose_categories() -> None:
    pairs = re.findall(r"\['([a-z_]+)', '([^']+)'\]", SOURCE.read_text())
    assert pairs == list(PURPOSE_CATEGORIES.items())
