"""Access control, purpose, audit and hardening, over real HTTP against the real Neo4j.

The role matrix itself (every root field as every role) is tests/api/test_role_matrix.py.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import itsdangerous.timed
import pytest
from neo4j import Driver

from api.auth import issue_token
from api.security import Limits
from graph.audit import chain as audit
from graph.audit import journal as audit_journal
from graph.db.settings import Neo4jConnection
from tests.support import api_graph as api_fixture
from tests.support.neo4j import wipe_graph
from tests.support.ports import free_port
from tests.support.server import LiveServer, auth_headers, token_for
from tests.support.users import TEST_PASSWORD, user_name


def post(server: LiveServer, query: str, headers: dict[str, str] | None = None,
         **variables: Any) -> httpx.Response:
    return httpx.post(f"{server.url}/graphql", json={"query": query, "variables": variables},
                      headers=headers or {}, timeout=30)


def audit_entries(db: Driver) -> list[dict[str, Any]]:
    audit_journal.flush_all()
    records, _, _ = db.execute_query("MATCH (e:AuditEntry) RETURN e { .* } AS e "
                                     "ORDER BY e.seq")
    return [record["e"] for record in records]


def test_handling_code_c_never_reaches_an_officer(graph: LiveServer, db: Driver) -> None:
    db.execute_query("""
        MATCH (p:Person {id: 'P-4'}), (q:Person {id: 'P-5'})
        CREATE (p)-[:FRIEND {id: 'AS-C', handling_code: 'C', source_evaluation: '2',
                             intelligence_assessment: 'B', source: 't', recorded_by: 't',
                             recorded_at: datetime()}]->(q)
        CREATE (:IntelligenceReport {id: 'IT-C', summary: 'secret', handling_code: 'C',
                source_evaluation: '1', intelligence_assessment: 'A', source: 't',
                recorded_by: 't', recorded_at: datetime(), reported_at: datetime(),
                handling_conditions: 'police only'})-[:MENTIONS]->(p)""")
    query = """{ person(id: "P-4") { counts { associates intelligence }
        associates { totalCount edges { node { personId } } }
        intelligence { totalCount } }
      network(personId: "P-4", depth: 1) { nodeCount elements }
      shortestPaths(fromId: "P-4", toId: "P-5") { length } }"""
    seen = {role: post(graph, query, auth_headers(role)).json()["data"]
            for role in ("officer", "analyst")}
    officer, analyst = seen["officer"], seen["analyst"]
    assert analyst["person"]["intelligence"]["totalCount"] == 1
    assert analyst["person"]["counts"] == {"associates": 2, "intelligence": 1}
    assert analyst["shortestPaths"]["length"] == 1
    assert officer["person"]["intelligence"]["totalCount"] == 0
    assert officer["person"]["counts"] == {"associates": 1, "intelligence": 0}
    assert "P-5" not in str(officer["person"]["associates"])
    assert "P-5" not in {n["id"] for n in officer["network"]["elements"]["nodes"]}
    assert officer["shortestPaths"]["length"] != 1
    assert "secret" not in str(officer) and "AS-C" not in str(officer)


def test_unauthenticated_forged_expired_and_disabled_are_refused(
        graph: LiveServer, db: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    query = '{ person(id: "P-1") { fullName } }'
    none = post(graph, query)
    assert none.status_code == 401 and none.headers["www-authenticate"] == "Bearer"
    forged = issue_token(user_name("supervisor"), "forgery", key="not-the-server-key")
    assert post(graph, query, {"Authorization": f"Bearer {forged}"}).status_code == 401
    tampered = token_for("supervisor")[:-2] + "xx"
    assert post(graph, query, {"Authorization": f"Bearer {tampered}"}).status_code == 401
    real_time = time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real_time() - 9 * 3600)
    expired = token_for("supervisor")
    monkeypatch.undo()
    assert post(graph, query, {"Authorization": f"Bearer {expired}"}).status_code == 401
    ghost = issue_token("nobody-here", "test")
    assert post(graph, query, {"Authorization": f"Bearer {ghost}"}).status_code == 401
    assert not [e for e in audit_entries(db) if e["action"] != "login"], \
        "refused requests see no data and consult nothing"


def test_a_disabled_user_is_refused(graph: LiveServer, db: Driver) -> None:
    from graph.accounts import users

    users.add_user(db, "neo4j", "temp-officer", "officer", TEST_PASSWORD)
    token = issue_token("temp-officer", "temporary")
    headers = {"Authorization": f"Bearer {token}"}
    assert post(graph, '{ me { name } }', headers).status_code == 200
    users.set_active(db, "neo4j", "temp-officer", False)
    assert post(graph, '{ me { name } }', headers).status_code == 401
    db.execute_query("MATCH (u:User {name: 'temp-officer'}) DELETE u")


def _login(server: LiveServer, role: str = "analyst",
           purpose: str | None = "Operation Larch") -> httpx.Response:
    body: dict[str, Any] = {"name": user_name(role), "password": TEST_PASSWORD}
    if purpose is not None:
        body["purpose"] = purpose
    return httpx.post(f"{server.url}/auth/login", json=body)


def test_a_browser_session_with_csrf_protection(graph: LiveServer, db: Driver) -> None:
    login = _login(graph)
    assert login.status_code == 200
    cookie = login.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    session = {"nexus_session": login.cookies["nexus_session"]}
    csrf = login.json()["csrfToken"]
    query = {"query": '{ person(id: "P-1") { fullName } }'}
    before = len(audit_entries(db))

    no_token = httpx.post(f"{graph.url}/graphql", json=query, cookies=session)
    wrong = httpx.post(f"{graph.url}/graphql", json=query, cookies=session,
                       headers={"X-CSRF-Token": "guess"})
    cross_site_get = httpx.get(f"{graph.url}/graphql", params=query, cookies=session)
    assert (no_token.status_code, wrong.status_code, cross_site_get.status_code) == (
        403, 403, 405)
    assert len(audit_entries(db)) == before, "no consultation planted in the victim's name"

    good = httpx.post(f"{graph.url}/graphql", json=query, cookies=session,
                      headers={"X-CSRF-Token": csrf})
    assert good.json() == {"data": {"person": {"fullName": "Mohammed Al-Hassan"}}}
    entry = audit_entries(db)[-1]
    assert (entry["user"], entry["purpose"], entry["subject_ids"]) == (
        user_name("analyst"), "Operation Larch", ["P-1"])
    me = httpx.get(f"{graph.url}/auth/me", cookies=session).json()
    assert me["role"] == "analyst" and me["csrfToken"] == csrf
    out = httpx.post(f"{graph.url}/auth/logout", cookies=session,
                     headers={"X-CSRF-Token": csrf})
    assert out.status_code == 200 and 'nexus_session=""' in out.headers["set-cookie"]
    assert httpx.get(f"{graph.url}/auth/me").json() == {"signedIn": False}


def test_sign_in_needs_a_purpose_and_the_right_password(graph: LiveServer) -> None:
    assert _login(graph, purpose=None).status_code == 400
    assert "purpose" in _login(graph, purpose=" ").json()["error"]
    wrong = httpx.post(f"{graph.url}/auth/login", json={
        "name": user_name("officer"), "password": "wrong password!", "purpose": "test"})
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "wrong name or password"


def test_a_thousand_reads_make_a_thousand_audit_entries(graph: LiveServer, db: Driver) -> None:
    wipe_graph(db, "neo4j")
    api_fixture.build(db, "neo4j")
    headers = auth_headers("officer")
    with httpx.Client(timeout=30) as client:
        for index in range(1000):
            person = "P-1" if index % 2 else "P-2"
            response = client.post(f"{graph.url}/graphql", headers=headers,
                                    json={"query": f'{{ person(id: "{person}") {{ id }} }}'})
            assert response.status_code == 200
    entries = [e for e in audit_entries(db) if e["action"] == "person"]
    assert len(entries) == 1000
    assert {e["user"] for e in entries} == {user_name("officer")}
    assert {e["purpose"] for e in entries} == {"automated test run"}
    assert audit.verify(db, "neo4j").ok


def test_every_person_in_an_answer_is_in_its_audit_entry(graph: LiveServer,
                                                         db: Driver) -> None:
    body = post(graph, """{ network(personId: "P-1", depth: 2) { elements }
        person(id: "P-2") { associates { edges { node { personId } } } } }""",
                auth_headers()).json()["data"]
    shown = {n["id"] for n in body["network"]["elements"]["nodes"]}
    shown |= {e["node"]["personId"] for e in body["person"]["associates"]["edges"]}
    entry = audit_entries(db)[-1]
    assert shown <= set(entry["subject_ids"])
    assert entry["action"] == "network,person"


def test_an_edited_or_deleted_audit_entry_is_detected(graph: LiveServer, db: Driver) -> None:
    for person in ("P-1", "P-2", "P-3"):
        post(graph, f'{{ person(id: "{person}") {{ id }} }}', auth_headers())
    audit_journal.flush_all()
    assert audit.verify(db, "neo4j").ok
    db.execute_query("MATCH (e:AuditEntry {seq: 2}) SET e.purpose = 'nothing to see'")
    report = audit.verify(db, "neo4j")
    assert (report.ok, report.first_broken_seq) == (False, 2)
    integrity = post(graph, "{ auditIntegrity { ok firstBrokenSeq } }",
                     auth_headers("auditor")).json()["data"]["auditIntegrity"]
    assert integrity == {"ok": False, "firstBrokenSeq": 2}


def test_a_removed_last_entry_is_detected(graph: LiveServer, db: Driver) -> None:
    for person in ("P-1", "P-2"):
        post(graph, f'{{ person(id: "{person}") {{ id }} }}', auth_headers())
    audit_journal.flush_all()
    db.execute_query("MATCH (e:AuditEntry) WITH e ORDER BY e.seq DESC LIMIT 1 DELETE e")
    assert audit.verify(db, "neo4j").ok is False


@pytest.fixture
def impatient_server(driver: Driver, neo4j_connection: Neo4jConnection) -> Iterator[LiveServer]:
    """An API that stops answering when an audit entry waits over 1 s for the chain."""
    from api.app import create_app

    app = create_app(neo4j_connection, limits=Limits(
        requests_per_second=10_000, burst=10_000, audit_max_lag_seconds=1.0))
    with LiveServer(app, free_port()) as server:
        yield server


def test_no_answer_leaves_when_the_audit_chain_refuses(
        graph: LiveServer, impatient_server: LiveServer, db: Driver) -> None:
    post(impatient_server, '{ person(id: "P-1") { id } }', auth_headers())
    audit_journal.flush_all()
    # Break the chain's next slot: appending hits the seq uniqueness constraint.
    db.execute_query("MATCH (h:AuditHead) CREATE (:AuditEntry {seq: h.seq + 1, planted: true})")
    try:
        # Durable in the journal, so this one is answered; the chain keeps refusing it.
        first = post(impatient_server, '{ person(id: "P-1") { id } }', auth_headers()).json()
        assert first["data"]["person"]["id"] == "P-1"
        time.sleep(1.5)
        body = post(impatient_server, '{ person(id: "P-1") { fullName } }',
                    auth_headers()).json()
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "AUDIT_UNAVAILABLE"
        assert "Al-Hassan" not in str(body)
    finally:
        db.execute_query("MATCH (e:AuditEntry {planted: true}) DELETE e")
    # Once the chain accepts again, the journalled consultation reaches it: nothing lost.
    audit_journal.flush_all()
    consultations = [e for e in audit_entries(db) if e["action"] == "person"]
    assert len(consultations) == 2
    assert audit.verify(db, "neo4j").ok


def test_a_supervisor_sees_who_looked_at_a_person(graph: LiveServer) -> None:
    post(graph, '{ person(id: "P-3") { id } }', auth_headers("officer"))
    log = post(graph, '{ auditLog(personId: "P-3") { edges { node { user purpose action } } } }',
               auth_headers("supervisor")).json()["data"]["auditLog"]["edges"]
    assert {"user": user_name("officer"), "purpose": "automated test run",
            "action": "person"} in [edge["node"] for edge in log]


HOSTILE = {
    "deep": "{ person(id: \"P-1\") " + "{ flags { events " * 12 + "{ id }" + " } }" * 12 + " }",
    "aliases": "{ " + " ".join(f'a{i}: person(id: "P-1") {{ id }}' for i in range(200)) + " }",
    "tokens": "{ person(id: \"P-1\") { " + "id " * 5000 + "} }",
    "circular fragments": "query { person(id: \"P-1\") { ...A } } "
                          "fragment A on Person { ...B } fragment B on Person { ...A }",
    "costly": '{ searchPeople(query: "a", first: 100) { edges { node { '
              'associates(first: 100) { edges { node { personId } } } '
              'arrests(first: 100) { edges { node { offences { id } } } } } } } }',
    "aliased fragments": "{ person(id: \"P-1\") { ...F } } fragment F on Person { "
                         + " ".join(f"x{i}: id" for i in range(200)) + " }",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_documents_are_refused_with_clear_errors(graph: LiveServer, name: str) -> None:
    response = post(graph, HOSTILE[name], auth_headers())
    body = response.json()
    assert body.get("data") is None, name
    message = body["errors"][0]["message"]
    assert any(word in message.lower() for word in (
        "depth", "alias", "token", "cycle", "costly", "cannot spread")), message


def test_batches_and_huge_bodies_are_refused(graph: LiveServer) -> None:
    batch = httpx.post(f"{graph.url}/graphql", headers=auth_headers(),
                       json=[{"query": "{ me { name } }"}] * 5)
    assert batch.status_code == 400
    huge = httpx.post(f"{graph.url}/graphql", headers=auth_headers(),
                      json={"query": "{ me { name } }", "variables": {"x": "y" * 400_000}})
    assert huge.status_code == 413


INJECTIONS = [
    "' OR 1=1 //", "\" OR 1=1 //", "'}) MATCH (n) DETACH DELETE n //",
    "x\"}) DETACH DELETE n WITH 1 AS x MATCH (m) DETACH DELETE m //",
    "') CALL dbms.killQueries([]) //", "1 UNION MATCH (n) RETURN n",
    "\\' ; MATCH (n) SET n.pwned = true //", "$id", "{id: 1}", "`Person`",
    "P-1' RETURN 1 //", "*) DETACH DELETE n //", "a]-() DELETE n //",
    "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", "/* */ MATCH (n) RETURN n",
    "\u0000", "Robert'); DROP CONSTRAINT person_id; //", "~1^9 OR *:*", "name_keys:*",
    "\" + \"", "\\u0027 OR true", "' + apoc.cypher.runFirstColumn('MATCH (n) DELETE n') + '",
    "P-1\nMATCH (n) DETACH DELETE n", "🦊' OR ''='",
]


def _payloads() -> list[str]:
    variants = []
    for base in INJECTIONS:
        for wrap in ("{}", "P-{}", "{} ", "({})", "{}--", "[{}]", "'{}'", '"{}"', "%{}%",
                     "{}\\", "-{}-", "{}{}", "Al-Hassan {}", "{};", "{}*", "{}~", "{}'",
                     "{}\"", "{})", "{}}}", " {}"):
            variants.append(wrap.replace("{}", base))
    return variants[:520]


def _snapshot(db: Driver) -> tuple[int, int, int, str]:
    """Record counts, any `pwned` property, and the schema: what an injection would change."""
    records, _, _ = db.execute_query("""
        MATCH (n) WHERE NOT n:AuditEntry AND NOT n:AuditHead
        WITH count(n) AS nodes
        CALL () { MATCH ()-[r]->() RETURN count(r) AS rels }
        CALL () { MATCH (n) WHERE n.pwned IS NOT NULL RETURN count(n) AS pwned }
        RETURN nodes, rels, pwned""")
    constraints, _, _ = db.execute_query("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name")
    record = records[0]
    return (record["nodes"], record["rels"], record["pwned"],
            ",".join(c["name"] for c in constraints))


def test_cypher_injection_in_every_string_argument_changes_nothing(graph: LiveServer,
                                                                   db: Driver) -> None:
    payloads = _payloads()
    assert len(payloads) >= 500
    before = _snapshot(db)
    query = """query ($s: String!, $id: ID!) {
      person(id: $id) { id }
      searchPeople(query: $s, nationality: $s) { totalCount }
      network(personId: $id) { nodeCount }
      shortestPaths(fromId: $id, toId: $id) { length }
      organisation(id: $id) { id }
      incident(id: $id) { id } }"""
    headers = auth_headers()
    refused = 0
    with httpx.Client(timeout=30) as client:
        for payload in payloads:
            response = client.post(f"{graph.url}/graphql", headers=headers, json={
                "query": query, "variables": {"s": payload[:200], "id": payload}})
            assert response.status_code == 200, (payload, response.text)
            body = response.json()
            codes = {error["extensions"]["code"] for error in body.get("errors") or []}
            # A payload is either run as a literal (nothing found) or refused as bad
            # input at the edge (a control character, a malformed date): never a fault.
            assert codes <= {"BAD_USER_INPUT"}, (payload, body)
            if codes:
                refused += 1
            else:
                assert body["data"]["person"] is None, (payload, body)
    assert refused < len(payloads) // 10  # nearly all are run, as literals
    # A date of birth is a date: every payload there is refused before any Cypher runs.
    for payload in payloads[::25]:
        body = post(graph, "query ($s: String!) { searchPeople(query: \"Smith\", dateOfBirth: $s) "
                    "{ totalCount } }", headers, s=payload[:200]).json()
        assert [error["extensions"]["code"] for error in body["errors"]] == [
            "BAD_USER_INPUT"], (payload, body)
    assert _snapshot(db) == before


def test_a_stored_injection_string_is_stored_literally(graph: LiveServer, db: Driver) -> None:
    nasty = "'}) MATCH (n) DETACH DELETE n //"
    result = post(graph, """mutation ($name: String!) { recordPerson(input: {
        familyName: $name, givenNames: $name, aliases: [$name], source: $name}) { ok id } }""",
                  auth_headers(), name=nasty).json()["data"]["recordPerson"]
    assert result["ok"] is True
    person = post(graph, "query ($id: ID!) { person(id: $id) { familyName aliases } }",
                  auth_headers(), id=result["id"]).json()["data"]["person"]
    assert person == {"familyName": nasty, "aliases": [nasty]}
    assert _snapshot(db)[0] > 100


@pytest.fixture
def strict_server(driver: Driver, neo4j_connection: Neo4jConnection) -> Iterator[LiveServer]:
    from api.app import create_app

    app = create_app(neo4j_connection, production=True,
                     limits=Limits(requests_per_second=1, burst=5, max_body_bytes=10_000))
    with LiveServer(app, free_port()) as server:
        yield server


def test_rate_limits_per_user(strict_server: LiveServer) -> None:
    statuses = [post(strict_server, "{ me { name } }", auth_headers("officer")).status_code
                for _ in range(8)]
    assert statuses[:5] == [200] * 5
    assert 429 in statuses[5:]
    other = post(strict_server, "{ me { name } }", auth_headers("analyst"))
    assert other.status_code == 200, "one user's burst does not slow another"


def test_login_throttling(strict_server: LiveServer) -> None:
    body = {"name": user_name("auditor"), "password": "not the password", "purpose": "test"}
    statuses = [httpx.post(f"{strict_server.url}/auth/login", json=body).status_code
                for _ in range(7)]
    assert statuses[:5] == [401] * 5
    assert statuses[5:] == [429, 429]
    right = httpx.post(f"{strict_server.url}/auth/login", json={
        **body, "password": TEST_PASSWORD})
    assert right.status_code == 429, "locked out even with the right password"


def test_production_turns_introspection_and_graphiql_off(strict_server: LiveServer) -> None:
    introspection = post(strict_server, "{ __schema { types { name } } }",
                         auth_headers("officer")).json()
    assert introspection.get("data") is None
    ide = httpx.get(f"{strict_server.url}/graphql", headers={"accept": "text/html"})
    assert ide.status_code in (401, 404)


def test_security_headers_and_closed_cors(graph: LiveServer) -> None:
    response = httpx.get(f"{graph.url}/", headers={"Origin": "https://evil.example"})
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert "access-control-allow-origin" not in headers
    preflight = httpx.options(f"{graph.url}/graphql", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers
    api = post(graph, "{ me { name } }", auth_headers())
    assert api.headers["cache-control"] == "no-store"
