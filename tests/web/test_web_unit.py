"""Runs the web front end's unit tests (tests/web, node's built-in test runner) inside pytest."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
UNIT_TESTS = ROOT / "tests" / "web"


def test_web_unit_tests_pass() -> None:
    node = shutil.which("node")
    assert node, "node is not on PATH (Node 20 is a requirement: see README)"
    result = subprocess.run([node, "--test", str(UNIT_TESTS)], cwd=WEB, capture_output=True,
                            text=True, timeout=120)
    summary = [line for line in result.stdout.splitlines() if line.startswith("# ")]
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in summary and not any(s == "# pass 0" for s in summary), summary
