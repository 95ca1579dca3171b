"""The sign-in check beside the first read (api/sign_in_check.py), over real HTTP against
the real Neo4j: a grant revoked, or a role changed, between two requests of a user the
worker has already seen must count on the very next request, exactly as when the check
ran first. Each test makes one request first so that the second runs beside its check.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from graphql import parse
from neo4j import Driver

from api.auth import issue_token, issue_token_with_id
from api.sign_in_check import runs_beside_check
from graph.accounts import grants, users
from tests.api.test_security import audit_entries, post
from tests.support.server import LiveServer
from tests.support.users import TEST_PASSWORD

PERSON = '{ person(id: "P-4") { fullName intelligence { totalCount } } }'


@pytest.fixture
def temp_user(graph: LiveServer, db: Driver) -> Iterator[tuple[str, dict[str, str]]]:
    name = "beside-check-analyst"
    users.add_user(db, "neo4j", name, "analyst", TEST_PASSWORD)
    yield name, {"Authorization": f"Bearer {issue_token(name, 'beside the check')}"}
    db.execute_query("MATCH (u:User {name: $name}) DELETE u", name=name)


def _entries_of(db: Driver, name: str) -> list[dict]:
    return [e for e in audit_entries(db) if e["user"] == name]


def test_a_role_lowered_between_requests_gets_the_new_roles_view(
        graph: LiveServer, db: Driver, temp_user: tuple[str, dict[str, str]]) -> None:
    name, headers = temp_user
    db.execute_query("""
        MATCH (p:Person {id: 'P-4'})
        CREATE (:IntelligenceReport {id: 'IT-C2', summary: 'secret source', handling_code: 'C',
                source_evaluation: '1', intelligence_assessment: 'A', source: 't',
                recorded_by: 't', recorded_at: datetime(), reported_at: datetime(),
                handling_conditions: 'police only'})-[:MENTIONS]->(p)""")
    first = post(graph, PERSON, headers).json()["data"]
    assert first["person"]["intelligence"]["totalCount"] == 1  # the analyst sees C
    db.execute_query("MATCH (u:User {name: $name}) SET u.role = 'officer'", name=name)
    second = post(graph, PERSON, headers)
    assert second.status_code == 200
    assert second.json()["data"]["person"]["intelligence"]["totalCount"] == 0, second.json()
    assert "secret" not in second.text
    entries = _entries_of(db, name)
    assert [e["role"] for e in entries] == ["analyst", "officer"], \
        "one entry for the answer given, in the role it was given in"


# Carried by the read (person with lists, through the loader, search, network), carried
# by none (no row, no carrying read, nothing read) and in a query of several root fields.
READS = [
    PERSON,
    '{ person(id: "P-4") { fullName } }',
    '{ searchPeople(query: "Popescu") { totalCount edges { node { id } } } }',
    '{ network(personId: "P-4") { nodeCount nodes { id } } }',
    '{ person(id: "P-404") { id } }',
    '{ organisation(id: "OR-1") { name } }',
    '{ me { name } }',
    '{ a: person(id: "P-4") { fullName } b: network(personId: "P-3") { nodeCount } }',
]


@pytest.mark.parametrize("document", READS)
@pytest.mark.parametrize("revoke", ["disabled", "grant revoked"])
def test_a_revoked_user_sees_nothing_and_consults_nothing(
        graph: LiveServer, db: Driver, temp_user: tuple[str, dict[str, str]],
        document: str, revoke: str) -> None:
    name, _ = temp_user
    token, grant_id = issue_token_with_id(name, "beside the check")
    headers = {"Authorization": f"Bearer {token}"}
    assert post(graph, document, headers).status_code == 200
    before = len(_entries_of(db, name))
    if revoke == "disabled":
        users.set_active(db, "neo4j", name, False)
    else:
        grants.revoke(db, "neo4j", grant_id, user=name,
                      expires_ms=grants.now_ms() + 3_600_000)
    refused = post(graph, document, headers)
    assert refused.status_code == 401, refused.text
    assert "P-4" not in refused.text and "data" not in refused.json()
    assert len(_entries_of(db, name)) == before, "a refused request consulted nothing"


@pytest.mark.parametrize("document", [
    'mutation { recordPerson(input: {familyName: "Besidecheck", source: "t"}) { ok } }',
    '{ history(personId: "P-1", purpose: "saved after revocation") { version } }',
])
def test_a_revoked_user_changes_nothing(graph: LiveServer, db: Driver,
                                        temp_user: tuple[str, dict[str, str]],
                                        document: str) -> None:
    name, headers = temp_user
    assert post(graph, PERSON, headers).status_code == 200
    users.set_active(db, "neo4j", name, False)
    assert post(graph, document, headers).status_code == 401
    records, _, _ = db.execute_query("""
        RETURN COUNT { (:Person {family_name: 'Besidecheck'}) } AS people,
               COUNT { (v:HistoryVersion) WHERE v.generated_by = $name } AS versions""",
                                     name=name)
    assert (records[0]["people"], records[0]["versions"]) == (0, 0)


@pytest.mark.parametrize(("document", "operation", "beside"), [
    ('{ person(id: "P-1") { id } network(personId: "P-1") { nodeCount } }', None, True),
    ('{ __typename searchPeople(query: "x") { totalCount } }', None, True),
    ('{ history(personId: "P-1", purpose: "p") { version } }', None, False),
    ('{ person(id: "P-1") { id } users { name } }', None, False),
    ('mutation { recordPerson(input: {familyName: "X", source: "s"}) { ok } }', None, False),
    ('{ ...F } fragment F on Query { person(id: "P-1") { id } }', None, False),
    ('query A { me { name } } mutation B { setFlag { ok } }', "A", True),
    ('query A { me { name } } mutation B { setFlag { ok } }', "B", False),
    ('query A { me { name } } mutation B { setFlag { ok } }', None, False),
])
def test_only_queries_of_read_only_root_fields_run_beside_the_check(
        document: str, operation: str | None, beside: bool) -> None:
    assert runs_beside_check(parse(document), operation) is beside


def test_a_token_verified_once_still_expires(graph: LiveServer,
                                             temp_user: tuple[str, dict[str, str]],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A verified signature is remembered (api/auth.py), its expiry is not."""
    _, headers = temp_user
    assert post(graph, PERSON, headers).status_code == 200
    real_now = grants.now_ms
    monkeypatch.setattr(grants, "now_ms", lambda: real_now() + 9 * 3600 * 1000)
    assert post(graph, PERSON, headers).status_code == 401
