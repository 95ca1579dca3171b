"""Rotating the signing key signs nobody out: the old key is accepted for the grace period
(the token lifetime), stored in NEXUS_HOME or given in NEXUS_SECRET_KEY_ACCEPTED."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request

from api import auth


def _grant(token: str) -> auth.Grant | None:
    scope = {"type": "http", "headers": [(b"authorization", f"Bearer {token}".encode())]}
    return auth.read_grant(Request(scope))


@pytest.fixture
def stored_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEXUS_HOME", str(tmp_path))
    monkeypatch.delenv("NEXUS_SECRET_KEY", raising=False)
    return tmp_path


def test_a_rotation_keeps_old_tokens_and_signs_new_ones_with_the_new_key(
        stored_key: Path) -> None:
    before = auth.issue_token("test-analyst", "before the rotation")
    old_key = (stored_key / auth.KEY_FILE).read_text()
    auth.rotate_stored_key(stored_key)
    new_key = (stored_key / auth.KEY_FILE).read_text()
    assert new_key != old_key and auth.secret_key() == new_key
    assert auth.secret_keys() == (old_key, new_key)
    after = auth.issue_token("test-analyst", "after the rotation")
    assert _grant(before) is not None and _grant(after) is not None
    # Signed with the new key alone: the old one does not verify it.
    with pytest.raises(BadSignature):
        URLSafeTimedSerializer(old_key, salt="nexus-token").loads(after)
    assert oct((stored_key / auth.PREVIOUS_KEYS_FILE).stat().st_mode)[-3:] == "600"


def test_a_key_retired_longer_ago_than_the_grace_is_no_longer_accepted(
        stored_key: Path) -> None:
    auth.secret_key()  # generated
    long_ago = auth.grants.now_ms() - auth.grace_ms() - 60_000
    (stored_key / auth.PREVIOUS_KEYS_FILE).write_text(
        json.dumps({"key": "retired long ago", "retired_ms": long_ago}) + "\n")
    forged = auth.issue_token("test-analyst", "signed with the old key",
                              key="retired long ago")
    assert "retired long ago" not in auth.secret_keys()
    assert _grant(forged) is None


def test_keys_in_the_environment_rotate_in_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    old = auth.issue_token("test-analyst", "with the old key", key="the old key")
    monkeypatch.setenv("NEXUS_SECRET_KEY", "the new key")
    monkeypatch.delenv("NEXUS_SECRET_KEY_ACCEPTED", raising=False)
    assert _grant(old) is None  # switched without accepting the old key: signed out
    monkeypatch.setenv("NEXUS_SECRET_KEY_ACCEPTED", "the old key")
    assert _grant(old) is not None
    assert auth.secret_key() == "the new key"


def test_the_cli_will_not_rotate_a_key_it_does_not_hold(tmp_path: Path) -> None:
    env = dict(os.environ) | {"NEXUS_HOME": str(tmp_path), "NEXUS_SECRET_KEY": "set here"}
    result = subprocess.run([sys.executable, "-m", "cli", "key", "rotate"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2 and "NEXUS_SECRET_KEY_ACCEPTED" in result.stderr
    assert not (tmp_path / auth.KEY_FILE).exists()
