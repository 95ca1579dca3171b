"""Sign-in and sessions hardening (issue 14): JSON-only sign-in, a lock-out nobody can
aim at someone else, revocation that counts at once, and a JSON 503 when Neo4j is down.

Over real HTTP against the real Neo4j; the CLI runs as a subprocess. Client addresses
are varied with X-Forwarded-For, which uvicorn honours from 127.0.0.1 (its default
FORWARDED_ALLOW_IPS), exactly as it would from a trusted reverse proxy.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from neo4j import Driver

from api.auth import issue_token
from api.security import LoginThrottle
from graph.accounts import users
from graph.db.settings import Neo4jConnection
from tests.support.cli import cli_env
from tests.support.ports import free_port
from tests.support.server import LiveServer
from tests.support.users import TEST_PASSWORD, user_name

ME = {"query": "{ me { name } }"}


def _login(server: LiveServer, name: str, password: str = TEST_PASSWORD, *,
           address: str | None = None) -> httpx.Response:
    headers = {"X-Forwarded-For": address} if address else {}
    return httpx.post(f"{server.url}/auth/login", headers=headers, timeout=30,
                      json={"name": name, "password": password, "purpose": "Op Larch"})


def _me_by_token(server: LiveServer, token: str) -> httpx.Response:
    return httpx.post(f"{server.url}/graphql", json=ME, timeout=30,
                      headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def temp_user(db: Driver) -> Iterator[str]:
    """A user of its own: disabling it must not disturb the shared test users."""
    name = "temp-signin"
    db.execute_query("MATCH (u:User {name: $name}) DETACH DELETE u", name=name)
    users.add_user(db, "neo4j", name, "officer", TEST_PASSWORD)
    yield name
    db.execute_query("MATCH (u:User {name: $name}) DETACH DELETE u", name=name)


# --- 1. Sign-in takes JSON only (login CSRF) -------------------------------------------

def test_sign_in_refuses_bodies_a_cross_site_form_can_send(live_server: LiveServer,
                                                           db: Driver) -> None:
    credentials = {"name": user_name("officer"), "password": TEST_PASSWORD,
                   "purpose": "attacker's purpose"}
    url = f"{live_server.url}/auth/login"
    as_text = httpx.post(url, content=json.dumps(credentials),
                         headers={"Content-Type": "text/plain"})
    as_form = httpx.post(url, data=credentials)
    as_multipart = httpx.post(url, files={"name": (None, credentials["name"])})
    for refused in (as_text, as_form, as_multipart):
        assert refused.status_code == 415, refused.text
        assert refused.json()["code"] == "UNSUPPORTED_MEDIA_TYPE"
        assert "set-cookie" not in refused.headers
    allowed = httpx.post(url, content=json.dumps(credentials),
                         headers={"Content-Type": "application/json; charset=utf-8"})
    assert allowed.status_code == 200 and "nexus_session" in allowed.cookies


# --- 2. Lock-out ----------------------------------------------------------------------

class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _attempt_and_fail(throttle: LoginThrottle, name: str, address: str) -> int:
    """What the route does with a wrong password: refused when locked, else a failure."""
    wait = throttle.wait_seconds(name, address)
    if not wait:
        throttle.failed(name, address)
    return wait


def test_failing_for_an_officer_from_one_address_leaves_other_addresses_alone() -> None:
    clock = _Clock()
    throttle = LoginThrottle(clock=clock)
    waits = [_attempt_and_fail(throttle, "officer-x", "10.0.0.66") for _ in range(200)]
    assert waits[:5] == [0] * 5 and all(waits[5:]), "the pair locks after 5 failures"
    assert throttle.wait_seconds("officer-x", "10.0.0.66") > 0
    assert throttle.wait_seconds("officer-x", "10.0.0.7") == 0, "X still signs in from B"
    assert throttle.wait_seconds("officer-y", "10.0.0.66") == 0, "one name, one lock"


def test_a_pair_lock_doubles_and_is_forgotten_after_an_hour() -> None:
    clock = _Clock()
    throttle = LoginThrottle(clock=clock)
    for _ in range(5):
        throttle.failed("officer-x", "a")
    assert throttle.wait_seconds("officer-x", "a") == 30
    clock.now += 31
    throttle.failed("officer-x", "a")
    assert throttle.wait_seconds("officer-x", "a") == 60
    clock.now += 3600 + 61
    throttle.failed("officer-x", "a")
    assert throttle.wait_seconds("officer-x", "a") == 0, "old failures forgotten"


def test_the_throttle_forgets_what_no_longer_counts() -> None:
    clock = _Clock()
    throttle = LoginThrottle(max_entries=100, clock=clock)
    for n in range(100):
        throttle.failed(f"made-up-{n}", f"10.0.{n}.1")
    clock.now += 3 * 3600
    throttle.failed("one-more", "10.9.9.9")
    assert len(throttle._pairs) == 1


def test_a_flood_of_made_up_names_cannot_grow_memory_without_bound() -> None:
    throttle = LoginThrottle(max_entries=100, clock=_Clock())
    for n in range(1000):
        throttle.failed(f"made-up-{n}", "10.6.6.6")
    assert len(throttle._pairs) <= 100
    assert throttle.wait_seconds("made-up-999", "10.6.6.6") == 0  # one failure: no lock


@pytest.fixture
def throttle_server(driver: Driver, neo4j_connection: Neo4jConnection
                    ) -> Iterator[LiveServer]:
    """A server of its own, so its sign-in throttle starts empty."""
    from api.app import create_app

    with LiveServer(create_app(neo4j_connection), free_port()) as server:
        yield server


def test_an_attacker_cannot_lock_an_officer_out_from_elsewhere(throttle_server: LiveServer,
                                                                db: Driver) -> None:
    victim = user_name("officer")
    statuses = [_login(throttle_server, victim, "not the password", address="203.0.113.9")
                .status_code for _ in range(7)]
    assert statuses == [401] * 5 + [429] * 2
    assert _login(throttle_server, victim, address="203.0.113.9").status_code == 429, \
        "the attacker's own address stays locked, even with the right password"
    assert _login(throttle_server, victim, address="198.51.100.20").status_code == 200, \
        "the officer signs in from another address"


def test_failures_behind_a_shared_proxy_do_not_lock_out_its_other_officers(
        throttle_server: LiveServer, db: Driver) -> None:
    proxy = "192.0.2.50"
    for n in range(4):  # 24 failures from one address, 6 for each of four names
        for _ in range(6):
            _login(throttle_server, f"sprayed-{n}", "guess", address=proxy)
    assert _login(throttle_server, "sprayed-0", "guess", address=proxy).status_code == 429
    for officer in ("analyst", "supervisor"):
        assert _login(throttle_server, user_name(officer), address=proxy).status_code == 200, \
            "officers behind the same proxy still sign in"


# --- 3. Revocation ---------------------------------------------------------------------

def test_signing_out_revokes_the_session_server_side(live_server: LiveServer,
                                                     db: Driver) -> None:
    login = _login(live_server, user_name("analyst"))
    stolen = {"nexus_session": login.cookies["nexus_session"]}
    headers = {"X-CSRF-Token": login.json()["csrfToken"]}
    url = f"{live_server.url}/graphql"
    assert httpx.post(url, json=ME, cookies=stolen, headers=headers).status_code == 200
    out = httpx.post(f"{live_server.url}/auth/logout", cookies=stolen, headers=headers)
    assert out.status_code == 200
    replayed = httpx.post(url, json=ME, cookies=stolen, headers=headers)
    assert replayed.status_code == 401, "a copied cookie dies with the sign-out"
    assert replayed.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    me = httpx.get(f"{live_server.url}/auth/me", cookies=stolen).json()
    assert me == {"signedIn": False}


def _nexus(connection: Neo4jConnection, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cli", *args], env=cli_env(connection),
                          capture_output=True, text=True, timeout=120, check=False)


def test_nexus_token_revoke_refuses_the_token_at_once(
        live_server: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> None:
    issued = _nexus(neo4j_connection, "token", user_name("officer"), "--purpose", "Op Larch")
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip().splitlines()[-1]
    token_id = re.search(r"id: ([0-9a-f]+)", issued.stderr)
    assert token_id, issued.stderr
    other = issue_token(user_name("officer"), "another token")
    assert _me_by_token(live_server, token).status_code == 200

    revoked = _nexus(neo4j_connection, "token", "revoke", token_id[1])
    assert revoked.returncode == 0, revoked.stderr
    assert _me_by_token(live_server, token).status_code == 401
    assert _me_by_token(live_server, other).status_code == 200, "only that token"
    assert _nexus(neo4j_connection, "token", "revoke", token_id[1]).returncode == 0, \
        "revoking twice is harmless"
    bad = _nexus(neo4j_connection, "token", "revoke", "not-an-id")
    assert bad.returncode == 1 and "hex digits" in bad.stderr


def test_disabling_a_user_refuses_their_tokens_at_once_and_for_good(
        live_server: LiveServer, db: Driver, neo4j_connection: Neo4jConnection,
        temp_user: str) -> None:
    token = issue_token(temp_user, "before the disable")
    assert _me_by_token(live_server, token).status_code == 200  # the user is now "warm"
    disabled = _nexus(neo4j_connection, "user", "disable", temp_user)
    assert disabled.returncode == 0, disabled.stderr
    assert _me_by_token(live_server, token).status_code == 401, "the next request"
    users.set_active(db, "neo4j", temp_user, True)
    assert _me_by_token(live_server, token).status_code == 401, \
        "enabling the account again does not revive the old token"
    assert _me_by_token(live_server, issue_token(temp_user, "after")).status_code == 200


def test_set_user_active_refuses_sessions_in_every_api_process(
        live_server: LiveServer, db: Driver, neo4j_connection: Neo4jConnection,
        temp_user: str) -> None:
    from api.app import create_app
    from tests.support.server import auth_headers

    with LiveServer(create_app(neo4j_connection), free_port()) as other_process:
        login = _login(other_process, temp_user)
        session = {"nexus_session": login.cookies["nexus_session"]}
        headers = {"X-CSRF-Token": login.json()["csrfToken"]}
        url = f"{other_process.url}/graphql"
        assert httpx.post(url, json=ME, cookies=session, headers=headers).status_code == 200
        answer = httpx.post(f"{live_server.url}/graphql", headers=auth_headers("admin"),
                            json={"query": 'mutation { setUserActive(name: "temp-signin", '
                                           'active: false) { ok } }'}).json()
        assert answer == {"data": {"setUserActive": {"ok": True}}}
        assert httpx.post(url, json=ME, cookies=session, headers=headers).status_code == 401


def test_a_grant_without_an_id_is_not_accepted(live_server: LiveServer) -> None:
    from api.auth import _serializer

    legacy = _serializer("nexus-token").dumps({"sub": user_name("officer"),
                                               "purpose": "no id", "case": None})
    assert _me_by_token(live_server, legacy).status_code == 401


# --- 4. Neo4j down in the request path ------------------------------------------------

def _raw_exchange(sock: socket.socket, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send one HTTP/1.1 request on an open socket and read exactly one response."""
    sock.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, "the server closed the connection"
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode().split("\r\n")
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    while len(body) < int(headers.get("content-length", "0")):
        body += sock.recv(65536)
    return int(lines[0].split()[1]), headers, body


@pytest.fixture
def server_without_neo4j(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                         ) -> Iterator[LiveServer]:
    from api.app import create_app

    monkeypatch.setenv("NEXUS_HOME", str(tmp_path))  # its audit journal goes here
    nowhere = Neo4jConnection(f"bolt://127.0.0.1:{free_port()}", "neo4j", "unused",
                              "neo4j", False)
    with LiveServer(create_app(nowhere), free_port()) as server:
        yield server


def test_a_signed_in_request_gets_json_503_at_once_when_neo4j_is_down(
        server_without_neo4j: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    token = issue_token(user_name("officer"), "outage drill")
    body = json.dumps(ME).encode()
    request = (f"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    host, port = server_without_neo4j.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        latencies = []
        for _ in range(3):  # on one keep-alive connection
            started = time.perf_counter()
            status, headers, answer = _raw_exchange(sock, request)
            latencies.append(time.perf_counter() - started)
            assert status == 503, answer
            assert json.loads(answer)["errors"][0]["extensions"]["code"] == "UNAVAILABLE"
            assert headers["retry-after"] == "5"
            assert headers.get("connection", "").lower() != "close"
    assert max(latencies) < 3.0, latencies  # a functional bound: the retry budget is 5 s
    url = server_without_neo4j.url
    me = httpx.get(f"{url}/auth/me", cookies={"nexus_session": "x"})
    assert me.json() == {"signedIn": False}, "a forged cookie needs no database"
    login = httpx.post(f"{url}/auth/login", json={"name": user_name("officer"),
                                                  "password": TEST_PASSWORD, "purpose": "drill"})
    assert (login.status_code, login.json()["code"]) == (503, "UNAVAILABLE")
    with capsys.disabled():
        print(f"\n503 latency with Neo4j down (s): {[round(x, 4) for x in latencies]}, "
              f"login {login.elapsed.total_seconds():.4f}")
