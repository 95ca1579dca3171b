"""The role matrix, generated from its declaration: every root field, as every role, over HTTP.

`FIELD_PERMISSIONS` in api/permissions.py says what each root Query and Mutation field
needs. This module checks that it names exactly the schema's root fields; calls each
field over real HTTP as each of the five roles with a valid document (CALLS below) and
expects FORBIDDEN exactly when the role lacks a permission; checks the handling-code C
column; and checks that the table in docs/security-model.md is the one the declaration
prints. A new root field fails here until it has a row in the declaration and a call here.

One seeded graph serves the whole module; a call that changes state makes its own records
first (a fresh person, flag or user per role), so the calls do not depend on each other.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import FieldNode, OperationDefinitionNode, parse
from neo4j import Driver

from api.permissions import (
    FIELD_PERMISSIONS,
    ROLE_PERMISSIONS,
    Permission,
    allowed,
    clearance_of,
    field_name,
    markdown_table,
    roles_allowed,
)
from api.schema import schema
from api.types.investigations import SHAREABLE_ROLES
from graph.accounts import users
from graph.db.settings import Neo4jConnection
from graph.deconfliction import sensitive
from graph.identity import links
from graph.investigations import canvas
from graph.investigations import store as investigation_store
from graph.reviews import events as review_events
from tests.support import api_graph as api_fixture
from tests.support import factories
from tests.support.abroad import AbroadService
from tests.support.neo4j import wipe_graph
from tests.support.server import LiveServer, auth_headers
from tests.support.users import ROLES, TEST_PASSWORD, user_name

DOC = Path(__file__).resolve().parents[2] / "docs" / "security-model.md"
USER_PREFIX = "matrix-"
FUTURE = "2099-01-01"
PAYLOAD = "ok errors { code message }"


@dataclass(frozen=True)
class Seed:
    """What a call may need: the driver to make fresh records, and ids seeded once."""
    driver: Driver
    database: str
    check_run_id: str


@dataclass(frozen=True)
class Call:
    """A minimal valid call of one root field; `prepare` makes fresh records per call."""
    document: str
    variables: dict[str, Any] = field(default_factory=dict)
    prepare: Callable[[Seed], dict[str, Any]] | None = None
    settle: Callable[[LiveServer, str, dict[str, Any]], None] | None = None
    """Waits, after an allowed call, for what it goes on writing once it has answered."""
    prepare_as: Callable[[Seed, str], dict[str, Any]] | None = None
    """Like `prepare`, for records the calling role must own (an investigation)."""

    def variables_for(self, seed: Seed, role: str) -> dict[str, Any]:
        return {**self.variables, **(self.prepare(seed) if self.prepare else {}),
                **(self.prepare_as(seed, role) if self.prepare_as else {})}


def _person(seed: Seed) -> str:
    return factories.make_person(seed.driver)["id"]


def _flag(seed: Seed) -> dict[str, Any]:
    return {"flagId": factories.make_flag(seed.driver, status="active")["id"]}


def _flag_evidence(seed: Seed) -> dict[str, Any]:
    person = _person(seed)
    return {"personId": person,
            "arrestId": factories.make_arrest(seed.driver, person_id=person)["id"]}


def _challenge(seed: Seed) -> dict[str, Any]:
    flag = factories.make_flag(seed.driver)
    return {"challengeId": factories.make(seed.driver, "flag_challenge",
                                          flag_id=flag["id"])["id"]}


def _pair(seed: Seed) -> dict[str, Any]:
    return {"personId": _person(seed), "otherId": _person(seed)}


def _same_as_link(seed: Seed) -> dict[str, Any]:
    pair = _pair(seed)
    raw, _ = links.write_decision(seed.driver, seed.database, pair["personId"],
                                  pair["otherId"], links.CONFIRMED, "matrix set-up", "tester")
    return {"linkId": raw["id"]}


def _proposed_for_disposal(seed: Seed) -> dict[str, Any]:
    person = _person(seed)
    review_events.record_review(seed.driver, seed.database, "person", person,
                                "flag_for_disposal", "matrix set-up", None, "tester")
    return {"id": person}


def _sensitive_operation(seed: Seed) -> dict[str, Any]:
    person = _person(seed)
    sensitive.mark(seed.driver, seed.database, "test-supervisor", person, "matrix set-up")
    return {"personId": person}


def _wait_for_run(server: LiveServer, role: str, run_id: str) -> None:
    """runChecks answers at once and writes the checks' outcomes later: wait for them,
    so they are not taken for a write by the next role's (refused) call."""
    query = "query ($id: ID!) { checkRun(id: $id) { complete } }"
    for _ in range(100):
        if post(server, role, query, {"id": run_id})["data"]["checkRun"]["complete"]:
            return
        time.sleep(0.05)
    raise AssertionError(f"check run {run_id} did not complete")


def _investigation(seed: Seed, role: str) -> dict[str, Any]:
    """An investigation of P-1 owned by the calling role's user, shared with every role
    that reads people (so `investigation(id)` answers for each of them)."""
    drawn = canvas.check_canvas(name="matrix", case_reference=None, notes=None,
                                nodes=[{"id": "P-1", "x": 0, "y": 0}], centre_ids=["P-1"])
    saved = investigation_store.save(
        seed.driver, seed.database, drawn, user=user_name(role), role=role,
        clearance=clearance_of(role), sharing=canvas.Sharing(roles=SHAREABLE_ROLES),
        shareable_roles=SHAREABLE_ROLES)
    return {"id": saved["id"]}


def _user(seed: Seed) -> dict[str, Any]:
    name = f"{USER_PREFIX}{uuid.uuid4().hex[:8]}"
    users.add_user(seed.driver, seed.database, name, "officer", TEST_PASSWORD)
    return {"name": name}


def _new_user_name(seed: Seed) -> dict[str, Any]:
    return {"name": f"{USER_PREFIX}{uuid.uuid4().hex[:8]}"}


# One minimal valid call per FIELD_PERMISSIONS key. A key without a call fails the test.
CALLS: dict[str, Call] = {
    "me": Call("{ me { name role } }"),
    "health": Call("{ health { status } }"),
    "person": Call('{ person(id: "P-1") { id } }'),
    "searchPeople": Call('{ searchPeople(query: "Hassan", first: 1) { totalCount } }'),
    "network": Call('{ network(personId: "P-1", depth: 1) { nodeCount } }'),
    "shortestPaths": Call('{ shortestPaths(fromId: "P-1", toId: "P-4") { length } }'),
    "connectingNetwork": Call('{ connectingNetwork(personIds: ["P-1", "P-4"]) '
                              '{ nodeCount } }'),
    "organisation": Call('{ organisation(id: "OR-1") { name } }'),
    "incident": Call('{ incident(id: "IN-1") { type } }'),
    "link": Call('{ link(id: "AS-1") { kind } }'),
    "highHarm": Call("{ highHarm(first: 1) { totalCount } }"),
    "keyPlayers": Call("{ keyPlayers(first: 1) { rank } }"),
    "peopleAtRisk": Call("{ peopleAtRisk(first: 1) { totalCount } }"),
    "communities": Call("{ communities(first: 1) { totalCount } }"),
    "matchPerson": Call('{ matchPerson(claim: {familyName: "Hassan"}, first: 1) { score } }'),
    "screenPeople": Call(
        "mutation ($csv: String!) { screenPeople(csv: $csv, first: 1) "
        "{ rows { line } errors { message } } }",
        {"csv": "given_names,family_name,date_of_birth,nationality,passport\n"
                "Mohammed,Al-Hassan,1990-04-12,SY,\n"}),
    "duplicateCandidates": Call("{ duplicateCandidates(first: 1) { totalCount } }"),
    "checkRun": Call("query ($id: ID!) { checkRun(id: $id) { id } }",
                     prepare=lambda seed: {"id": seed.check_run_id}),
    "checkRuns": Call('{ checkRuns(personId: "P-2", first: 1) { totalCount } }'),
    "reviewsDue": Call("{ reviewsDue(first: 1) { totalCount } }"),
    "disposalProposals": Call("{ disposalProposals(first: 1) { totalCount } }"),
    "history": Call('{ history(personId: "P-1", purpose: "matrix test", save: false) '
                    "{ contentHash } }"),
    "historyVersions": Call('{ historyVersions(personId: "P-1") { totalCount } }'),
    "historyVersion": Call('{ historyVersion(personId: "P-1", version: 1) { contentHash } }'),
    "compareHistoryVersions": Call('{ compareHistoryVersions(personId: "P-1", from: 1, '
                                   "to: 2) { identical } }"),
    "recordPerson": Call('mutation { recordPerson(input: {familyName: "Matrix", '
                         f'source: "t"}}) {{ {PAYLOAD} }} }}'),
    "recordArrest": Call('mutation { recordArrest(input: {personId: "P-2", '
                         'arrestedAt: "2024-05-01T10:00:00Z", offenceIds: ["105/01"], '
                         f'source: "t"}}) {{ {PAYLOAD} }} }}'),
    "recordCharge": Call('mutation { recordCharge(input: {personId: "P-2", '
                         'chargedAt: "2024-05-02T10:00:00Z", status: "pending", '
                         f'offenceIds: ["105/01"], source: "t"}}) {{ {PAYLOAD} }} }}'),
    "recordConviction": Call('mutation { recordConviction(input: {personId: "P-2", '
                             'convictedOn: "2024-06-01", disposal: "fine", '
                             'jurisdiction: "GB", offenceIds: ["105/01"], source: "t"}) '
                             f"{{ {PAYLOAD} }} }}"),
    "recordIncident": Call('mutation { recordIncident(input: {occurredAt: '
                           '"2024-05-01T22:00:00Z", type: "wounding", source: "t"}, '
                           'roles: [{personId: "P-2", role: "suspect", source: "t"}]) '
                           f"{{ {PAYLOAD} }} }}"),
    "recordAssociation": Call("mutation ($personId: ID!, $otherId: ID!) { "
                              "recordAssociation(input: {personId: $personId, "
                              'otherPersonId: $otherId, kind: "friend", source: "t"}) '
                              f"{{ {PAYLOAD} }} }}", prepare=_pair),
    "recordMembership": Call("mutation ($personId: ID!) { recordMembership(input: "
                             '{personId: $personId, organisationId: "OR-1", role: "member", '
                             f'source: "t"}}) {{ {PAYLOAD} }} }}',
                             prepare=lambda seed: {"personId": _person(seed)}),
    "recordIntelligenceReport": Call(
        'mutation { recordIntelligenceReport(input: {summary: "Seen at the club", '
        'reportedAt: "2024-05-01T10:00:00Z", sourceEvaluation: "2", '
        'intelligenceAssessment: "B", handlingCode: "P", mentionsPersonIds: ["P-2"], '
        f'source: "t"}}) {{ {PAYLOAD} }} }}'),
    "recordCheck": Call('mutation { recordCheck(input: {personId: "P-2", '
                        'kind: "wanted_abroad", against: "SIS_II", checkedBy: "DC 9", '
                        'checkedAt: "2024-05-01T10:00:00Z", result: "no_match", '
                        f'source: "t"}}) {{ {PAYLOAD} }} }}'),
    "runChecks": Call('mutation ($personId: ID!) { runChecks(personId: $personId, '
                      f'kinds: ["fingerprints"]) {{ {PAYLOAD} run {{ id }} }} }}',
                      prepare=lambda seed: {"personId": _person(seed)},
                      settle=lambda server, role, body: _wait_for_run(
                          server, role, body["data"]["runChecks"]["run"]["id"])),
    "confirmSameAs": Call("mutation ($personId: ID!, $otherId: ID!) { confirmSameAs("
                          'personId: $personId, otherId: $otherId, reason: "matrix") '
                          f"{{ {PAYLOAD} }} }}", prepare=_pair),
    "rejectSameAs": Call("mutation ($personId: ID!, $otherId: ID!) { rejectSameAs("
                         'personId: $personId, otherId: $otherId, reason: "matrix") '
                         f"{{ {PAYLOAD} }} }}", prepare=_pair),
    "undoSameAs": Call('mutation ($linkId: ID!) { undoSameAs(linkId: $linkId, '
                       f'reason: "matrix") {{ {PAYLOAD} }} }}', prepare=_same_as_link),
    "setFlag": Call('mutation ($personId: ID!, $arrestId: ID!) { setFlag(input: {'
                    'personId: $personId, kind: "high_harm", reason: "matrix test", '
                    f'evidenceArrestIds: [$arrestId], reviewDate: "{FUTURE}", source: "t"}}) '
                    f"{{ {PAYLOAD} }} }}", prepare=_flag_evidence),
    "challengeFlag": Call('mutation ($flagId: ID!) { challengeFlag(flagId: $flagId, '
                          'raisedBy: subject, grounds: "matrix") '
                          f"{{ {PAYLOAD} }} }}", prepare=_flag),
    "decideChallenge": Call('mutation ($challengeId: ID!) { decideChallenge('
                            'challengeId: $challengeId, upheld: false, reason: "matrix") '
                            f"{{ {PAYLOAD} }} }}", prepare=_challenge),
    "flagHistory": Call('{ flagHistory(flagId: "FL-1") { personId '
                        'flag { id trail { action } } } }'),
    "reviewFlag": Call(f'mutation ($flagId: ID!) {{ reviewFlag(flagId: $flagId, '
                       f'nextReviewDate: "{FUTURE}", source: "t", reason: "matrix") '
                       f"{{ {PAYLOAD} }} }}", prepare=_flag),
    "clearFlag": Call('mutation ($flagId: ID!) { clearFlag(flagId: $flagId, '
                      f'reason: "matrix", source: "t") {{ {PAYLOAD} }} }}', prepare=_flag),
    "recordReview": Call('mutation ($id: ID!) { recordReview(kind: "person", id: $id, '
                         f'outcome: "retain", reason: "matrix", nextReviewDate: "{FUTURE}") '
                         f"{{ {PAYLOAD} }} }}",
                         prepare=lambda seed: {"id": _person(seed)}),
    'recordReview(kind: "flag")': Call(
        'mutation ($flagId: ID!) { recordReview(kind: "flag", id: $flagId, '
        f'outcome: "retain", reason: "matrix", nextReviewDate: "{FUTURE}") '
        f"{{ {PAYLOAD} }} }}", prepare=_flag),
    "withdrawDisposalProposal": Call(
        'mutation ($id: ID!) { withdrawDisposalProposal(kind: "person", id: $id, '
        f'reason: "matrix", nextReviewDate: "{FUTURE}") {{ {PAYLOAD} }} }}',
        prepare=_proposed_for_disposal),
    "auditLog(personId:)": Call('{ auditLog(first: 1, personId: "P-1") { totalCount } }'),
    "auditLog": Call("{ auditLog(first: 1) { totalCount } }"),
    "auditIntegrity": Call("{ auditIntegrity { ok } }"),
    "auditExport": Call('{ auditExport(outcome: "refused") { rows } }'),
    "flagDisproportionality": Call("{ flagDisproportionality(by: NATIONALITY) "
                                   "{ flags { overall { events } } } }"),
    "safeguardingReferrals": Call("{ safeguardingReferrals(first: 1) { totalCount } }"),
    "referForSafeguarding": Call('mutation ($personId: ID!) { referForSafeguarding('
                                 'personId: $personId, reason: "matrix test") '
                                 f"{{ {PAYLOAD} }} }}",
                                 prepare=lambda seed: {"personId": _person(seed)}),
    "watches": Call("{ watches(first: 1) { totalCount } }"),
    "alerts": Call("{ alerts(first: 1, unreadOnly: true) { totalCount } }"),
    "unreadAlertCount": Call("{ unreadAlertCount }"),
    "watch": Call('mutation ($personId: ID!) { watch(personId: $personId, '
                  f'reason: "matrix test") {{ {PAYLOAD} }} }}',
                  prepare=lambda seed: {"personId": _person(seed)}),
    "unwatch": Call("mutation ($personId: ID!) { unwatch(personId: $personId) { ok } }",
                    prepare=lambda seed: {"personId": _person(seed)}),
    "markAlertsRead": Call(f"mutation {{ markAlertsRead {{ {PAYLOAD} }} }}"),
    "consultations": Call('{ consultations(personId: "P-1") { totalCount withheld } }'),
    "markSensitiveOperation": Call(
        "mutation ($personId: ID!) { markSensitiveOperation(personId: $personId, "
        f'reason: "matrix test") {{ {PAYLOAD} }} }}',
        prepare=lambda seed: {"personId": _person(seed)}),
    "clearSensitiveOperation": Call(
        "mutation ($personId: ID!) { clearSensitiveOperation(personId: $personId) "
        f"{{ {PAYLOAD} }} }}", prepare=_sensitive_operation),
    "investigations": Call("{ investigations(first: 1) { totalCount } }"),
    "investigation": Call("query ($id: ID!) { investigation(id: $id) { id } }",
                          prepare_as=_investigation),
    "saveInvestigation": Call(
        "mutation { saveInvestigation(input: {name: \"matrix\", centreIds: [\"P-1\"], "
        f"nodes: [{{id: \"P-1\", x: 0, y: 0}}]}}) {{ {PAYLOAD} }} }}"),
    "shareInvestigation": Call("mutation ($id: ID!) { shareInvestigation(id: $id, "
                               f'users: [], roles: ["officer"]) {{ {PAYLOAD} }} }}',
                               prepare_as=_investigation),
    "deleteInvestigation": Call(f"mutation ($id: ID!) {{ deleteInvestigation(id: $id) "
                                f"{{ {PAYLOAD} }} }}", prepare_as=_investigation),
    "users": Call("{ users { name } }"),
    "addUser": Call('mutation ($name: String!) { addUser(name: $name, role: "officer", '
                    'password: "a long enough password") { ok errors { message } } }',
                    prepare=_new_user_name),
    "setUserActive": Call("mutation ($name: String!) { setUserActive(name: $name, "
                          "active: false) { ok errors { message } } }", prepare=_user),
}


def post(server: LiveServer, role: str, query: str,
         variables: dict[str, Any] | None = None) -> dict[str, Any]:
    response = httpx.post(f"{server.url}/graphql", headers=auth_headers(role), timeout=30,
                          json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, (role, response.text)
    return response.json()


def _drop_matrix_users(driver: Driver, database: str) -> None:
    driver.execute_query("MATCH (u:User) WHERE u.name STARTS WITH $prefix DETACH DELETE u",
                         prefix=USER_PREFIX, database_=database)


@pytest.fixture(scope="module")
def seeded(live_server: LiveServer, driver: Driver, neo4j_connection: Neo4jConnection,
           abroad_service: AbroadService) -> Iterator[tuple[LiveServer, Seed]]:
    """The api_fixture graph, a run of checks, two saved histories of P-1 and C-graded
    intelligence and a C-graded link on P-4; checks abroad go to the test service."""
    database = neo4j_connection.database
    with pytest.MonkeyPatch.context() as env:
        env.setenv("NEXUS_ABROAD_URL", abroad_service.url)
        env.setenv("NEXUS_CHECK_TIMEOUT", "1")
        wipe_graph(driver, database)
        _drop_matrix_users(driver, database)
        api_fixture.build(driver, database)
        _seed_c_graded(driver, database)
        run = post(live_server, "supervisor", 'mutation { runChecks(personId: "P-2", '
                   'kinds: ["fingerprints"]) { ok run { id } } }')["data"]["runChecks"]
        for _ in range(2):
            saved = post(live_server, "supervisor", '{ history(personId: "P-1", '
                         'purpose: "matrix set-up") { version } }')
            assert saved["data"]["history"]["version"], saved
        yield live_server, Seed(driver, database, run["run"]["id"])
        _drop_matrix_users(driver, database)


C_REPORT, C_LINK, C_SUMMARY = "IT-MATRIX-C", "AS-MATRIX-C", "matrix-c-marker"


def _seed_c_graded(driver: Driver, database: str) -> None:
    factories.make(driver, "intelligence_report", id=C_REPORT, summary=C_SUMMARY,
                   handling_code="C", handling_conditions="police only",
                   mentions_person_ids=["P-4"])
    factories.make(driver, "association", id=C_LINK, kind="friend", person_id="P-4",
                   other_person_id="P-5", handling_code="C", handling_conditions="police only",
                   source_evaluation="2",
                   intelligence_assessment="B")


# --- the declaration against the schema ------------------------------------------------


def _root_fields() -> set[str]:
    graphql_schema = schema._schema
    return {name for root in (graphql_schema.query_type, graphql_schema.mutation_type)
            if root is not None for name in root.fields}


def test_every_root_field_has_a_row_and_every_row_a_field() -> None:
    declared = {field_name(key) for key in FIELD_PERMISSIONS}
    fields = _root_fields()
    assert not fields - declared, (
        f"root fields without a row in api/permissions.py FIELD_PERMISSIONS: "
        f"{sorted(fields - declared)}")
    assert not declared - fields, (
        f"FIELD_PERMISSIONS rows naming no root field: {sorted(declared - fields)}")


def test_every_row_has_a_call_that_calls_that_field() -> None:
    missing = sorted(set(FIELD_PERMISSIONS) - set(CALLS))
    assert not missing, f"give these FIELD_PERMISSIONS rows a call in CALLS: {missing}"
    assert not set(CALLS) - set(FIELD_PERMISSIONS), "CALLS names rows that do not exist"
    for key, call in CALLS.items():
        operation = parse(call.document).definitions[0]
        assert isinstance(operation, OperationDefinitionNode)
        selected = operation.selection_set.selections
        assert len(selected) == 1 and isinstance(selected[0], FieldNode), key
        assert selected[0].name.value == field_name(key), key
        if "(" in key:  # a variant: the call passes the argument that makes it one
            argument = key.split("(", 1)[1].split(":", 1)[0]
            assert argument in {a.name.value for a in selected[0].arguments}, key


def test_every_permission_is_held_by_a_role_and_checked_or_a_filter() -> None:
    held = set().union(*ROLE_PERMISSIONS.values())
    needed = set().union(*FIELD_PERMISSIONS.values())
    assert held == set(Permission)
    assert set(Permission) - needed == {Permission.READ_INTELLIGENCE_P,
                                        Permission.READ_INTELLIGENCE_C}


# --- every field, every role, over HTTP ----------------------------------------------


def _outcome(body: dict[str, Any], name: str) -> str:
    """`refused` (FORBIDDEN, no data), `answered` (data, no errors, `ok` if any) or why not."""
    errors = body.get("errors") or []
    data = body.get("data") or {}
    if errors:
        codes = [(error.get("extensions") or {}).get("code") for error in errors]
        if codes == ["FORBIDDEN"] and not any(data.values()):
            return "refused"
        return f"errors {errors}"
    answer = data.get(name)
    if answer is None:
        return f"no data: {body}"
    if isinstance(answer, dict) and answer.get("ok") is False:
        return f"ok: false {answer.get('errors')}"
    return "answered"


@pytest.mark.parametrize("key", list(FIELD_PERMISSIONS))
def test_each_field_as_each_role(seeded: tuple[LiveServer, Seed], key: str) -> None:
    server, seed = seeded
    call = CALLS.get(key)
    assert call is not None, f"{key!r} has no call in CALLS"
    expected = roles_allowed(FIELD_PERMISSIONS[key])
    wrong = {}
    for role in ROLES:
        variables = call.variables_for(seed, role)
        before = _graph_state(seed)
        body = post(server, role, call.document, variables)
        outcome = _outcome(body, field_name(key))
        want = "answered" if role in expected else "refused"
        if outcome != want:
            wrong[role] = f"expected {want}, got {outcome}"
        elif want == "answered" and call.settle:
            call.settle(server, role, body)
        elif want == "refused" and _graph_state(seed) != before:
            wrong[role] = "refused, yet the graph changed"
    assert not wrong, f"{key}: {wrong}"


STATE = """MATCH (n) WHERE NOT n:AuditEntry AND NOT n:AuditHead
OPTIONAL MATCH (n)-[r]->()
RETURN elementId(n) AS id, properties(n) AS node, collect(properties(r)) AS links"""


def _graph_state(seed: Seed) -> str:
    """Every node but the audit trail's, with its properties and outgoing links' properties:
    a refused call must leave it as it was."""
    records, _, _ = seed.driver.execute_query(STATE, database_=seed.database)
    return repr(sorted((r["id"], repr(r["node"]), sorted(map(repr, r["links"])))
                       for r in records))


# --- the C column ------------------------------------------------------------------------

C_QUERY = """{ person(id: "P-4") { intelligence { edges { node { id summary } } }
    associates { edges { node { personId } } } }
  network(personId: "P-4", depth: 1) { elements }
  history(personId: "P-4", purpose: "matrix C column", save: false) { markdown } }"""


@pytest.mark.parametrize("role", ROLES)
def test_handling_code_c_is_seen_exactly_by_the_roles_that_may(
        seeded: tuple[LiveServer, Seed], role: str) -> None:
    server, _ = seeded
    body = post(server, role, C_QUERY)
    if not allowed(role, Permission.READ_PERSONS):
        assert body["data"] is None
        assert {e["extensions"]["code"] for e in body["errors"]} == {"FORBIDDEN"}
        return
    assert not body.get("errors"), body
    data = body["data"]
    reports = {e["node"]["id"] for e in data["person"]["intelligence"]["edges"]}
    associates = {e["node"]["personId"] for e in data["person"]["associates"]["edges"]}
    nodes = {n["id"] for n in data["network"]["elements"]["nodes"]}
    seen = {"report": C_REPORT in reports, "associate": "P-5" in associates,
            "network": "P-5" in nodes, "history": C_SUMMARY in data["history"]["markdown"]}
    may = allowed(role, Permission.READ_INTELLIGENCE_C)
    assert seen == dict.fromkeys(seen, may), (role, seen)
    assert "P-3" in associates, "the P-graded link is seen by every reader"
    if not may:
        assert C_SUMMARY not in str(body) and C_LINK not in str(body)


# --- the doc --------------------------------------------------------------------------

BEGIN = "<!-- role matrix: generated by `python -m api.permissions`; do not edit by hand -->\n"
END = "<!-- end of role matrix -->"


def test_the_doc_table_is_the_declared_matrix() -> None:
    text = DOC.read_text()
    assert BEGIN in text and END in text, "docs/security-model.md lost its matrix markers"
    table = text.split(BEGIN, 1)[1].split(END, 1)[0]
    assert table == markdown_table(), (
        "docs/security-model.md's role matrix differs from api/permissions.py: paste the "
        "output of `python -m api.permissions` between the markers")


def test_the_table_says_yes_exactly_where_the_matrix_does() -> None:
    """The generated table itself, read back cell by cell (so the printer cannot lie)."""
    lines = markdown_table().splitlines()
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    roles = header[2:]
    assert roles == list(ROLES)
    by_label = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        by_label[cells[0]] = {role for role, cell in zip(roles, cells[2:], strict=True)
                              if cell == "yes"}
    assert by_label.pop("anything, once signed in") == set(ROLES)
    assert by_label == {p.value: set(roles_allowed([p])) for p in Permission}

