"""Checks abroad over real HTTP both ways: GraphQL to the API (live_server), the API's
connectors to the records-abroad service (abroad fixture), results in the real Neo4j."""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

import pytest
from neo4j import Driver

from graph.accounts import grants, users
from graph.audit import chain as audit
from graph.db.settings import Neo4jConnection
from graph.records import write_records
from synthetic.abroad.data import AbroadRecord, build, dob_agrees
from synthetic.abroad.service import parse_fault
from tests.support.abroad import CHECK_TIMEOUT, SLOW_SECONDS, AbroadService
from tests.support.counting import CountingDriver
from tests.support.factories import Source, check_connector
from tests.support.server import LiveServer, graphql

RUN = """mutation ($id: ID!, $kinds: [String!]) { runChecks(personId: $id, kinds: $kinds) {
  ok errors { code field message }
  run { id personId startedBy complete purpose caseReference person { id fullName }
        checks { id kind against result detail attempts runId checkedBy completedAt
                 matched warrantId warrantIds } } } }"""
POLL = """query ($id: ID!) { checkRun(id: $id) { id complete startedBy
  checks { id kind against result detail attempts completedAt checkedAt matched
           warrantId warrantIds } } }"""


CUSTODY = Source("custody record", "test", "2025-01-01T09:00:00Z")


def gql(server: LiveServer, query: str, role: str = "supervisor", **variables: Any
        ) -> dict[str, Any]:
    return graphql(server, query, role, **variables)


def run_checks(server: LiveServer, person_id: str, kinds: list[str] | None = None,
               role: str = "supervisor") -> dict[str, Any]:
    body = gql(server, RUN, role, id=person_id, kinds=kinds)
    assert "errors" not in body, body
    return body["data"]["runChecks"]


def wait_for(server: LiveServer, run_id: str, limit: float = 30.0) -> tuple[dict, list]:
    """Poll checkRun until complete; also every distinct state seen on the way."""
    seen: list[dict[str, str]] = []
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        body = gql(server, POLL, id=run_id)
        assert "errors" not in body, body
        run = body["data"]["checkRun"]
        states = {c["against"]: c["result"] for c in run["checks"]}
        if not seen or seen[-1] != states:
            seen.append(states)
        if run["complete"]:
            return run, seen
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} not complete after {limit}s: {seen[-1:]}")


def by_source(run: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {check["against"]: check for check in run["checks"]}


def add_person(db: Driver, database: str, person_id: str, given: str, family: str,
               dobs: list[str], nationality: str, **extra: Any) -> str:
    write_records(db, database, {"person": [CUSTODY.person(
        person_id, given, family, dates_of_birth=dobs, nationalities=[nationality], **extra)]})
    return person_id


def count(db: Driver, query: str, **params: Any) -> int:
    records, _, _ = db.execute_query(query, **params)
    return records[0][0]


def pick(dataset_records: list[AbroadRecord], test: Any) -> AbroadRecord:
    return next(r for r in dataset_records if r.ref.startswith("AB-X") and
                f"{r.given_names}{r.family_name}".isascii() and test(r))


@pytest.fixture
def api(live_server: LiveServer, db: Driver, abroad: AbroadService) -> LiveServer:
    return live_server


# --- the run: pending, then results one by one ---------------------------------------

def test_a_run_is_pending_at_once_then_each_check_gets_its_answer(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection,
        abroad: AbroadService, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEXUS_CHECK_TIMEOUT", "3")     # the slow source still too slow
    person = add_person(db, neo4j_connection.database, "P-NOBODY", "Quentin", "Zzyzxwv",
                        ["1990-01-01"], "GB")
    abroad.fault("hocid", "slow")        # one source late: the others arrive before it
    payload = run_checks(api, person)
    assert payload["ok"] is True and payload["errors"] == []
    run = payload["run"]
    assert run["personId"] == person and run["person"]["fullName"] == "Quentin Zzyzxwv"
    assert run["startedBy"] == "test-supervisor" and run["complete"] is False
    assert sorted(c["against"] for c in run["checks"]) == [
        "ECRIS", "HO_CID", "IDENT1", "INTERPOL_I24_7", "SIS_II"]
    assert {c["result"] for c in run["checks"]} == {"pending"}
    assert {c["runId"] for c in run["checks"]} == {run["id"]}
    assert {c["checkedBy"] for c in run["checks"]} == {"test-supervisor"}

    final, seen = wait_for(api, run["id"])
    results = {k: c["result"] for k, c in by_source(final).items()}
    assert results == {"SIS_II": "no_match", "INTERPOL_I24_7": "no_match",
                       "ECRIS": "no_match", "IDENT1": "no_match", "HO_CID": "failed"}
    # A poll saw answers arrive while HO CID was still pending (it waits 3 s here).
    assert any(s["HO_CID"] == "pending" and set(s.values()) != {"pending"} for s in seen), \
        seen
    assert by_source(final)["SIS_II"]["detail"] == "No trace on SIS II"
    # The checks are Check records of the person, in the graph.
    assert count(db, "MATCH (:Person {id: $p})-[:HAS_CHECK]->(c:Check {run_id: $r}) "
                     "RETURN count(c)", p=person, r=run["id"]) == 5


def test_a_wanted_person_gets_a_match_and_a_warrant(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection,
        abroad: AbroadService) -> None:
    record = pick(abroad.dataset.records,
                  lambda r: any(n["system"] == "sis" for n in r.notices))
    notice = next(n for n in record.notices if n["system"] == "sis")
    # Recorded here with given and family names swapped: the check still finds them.
    person = add_person(db, neo4j_connection.database, "P-WANTED", record.family_name,
                        record.given_names, record.dates_of_birth, record.nationality)
    run = run_checks(api, person, ["wanted_abroad"])["run"]
    assert sorted(c["against"] for c in run["checks"]) == ["INTERPOL_I24_7", "SIS_II"]
    final, _ = wait_for(api, run["id"])
    sis = by_source(final)["SIS_II"]
    assert sis["result"] == "match", sis
    assert notice["reference"] in sis["detail"] and sis["detail"].startswith("WANTED")
    assert json.loads(sis["matched"])[0]["record"] == record.ref
    assert by_source(final)["INTERPOL_I24_7"]["result"] == "no_match"
    warrant = db.execute_query(
        "MATCH (p:Person {id: $p})-[:WANTED_ON]->(w:Warrant)<-[:FOUND]-(c:Check {id: $c}) "
        "RETURN w {.*} AS w", p=person, c=sis["id"]).records
    assert len(warrant) == 1 and sis["warrantId"] == warrant[0]["w"]["id"]
    assert warrant[0]["w"]["reference"] == notice["reference"]
    assert warrant[0]["w"]["kind"] == "european_arrest_warrant"
    assert warrant[0]["w"]["status"] == "active"
    # Running again finds the same warrant: one Warrant, two checks that found it.
    again, _ = wait_for(api, run_checks(api, person, ["wanted_abroad"])["run"]["id"])
    assert by_source(again)["SIS_II"]["warrantId"] == sis["warrantId"]
    assert count(db, "MATCH (:Person {id: $p})-[:WANTED_ON]->(w) RETURN count(w)",
                 p=person) == 1


def test_convictions_abroad_and_immigration_status_are_recorded(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection,
        abroad: AbroadService) -> None:
    record = pick(abroad.dataset.records, lambda r: r.convictions and r.immigration)
    person = add_person(db, neo4j_connection.database, "P-ECRIS", record.given_names,
                        record.family_name, record.dates_of_birth, record.nationality)
    run = run_checks(api, person, ["foreign_convictions", "immigration_status"])["run"]
    final, _ = wait_for(api, run["id"])
    ecris, hocid = by_source(final)["ECRIS"], by_source(final)["HO_CID"]
    assert ecris["result"] == "match" and "abroad on ECRIS" in ecris["detail"]
    rows = db.execute_query(
        "MATCH (:Person {id: $p})-[:WAS_CONVICTED]->(c:Conviction) "
        "RETURN c.jurisdiction AS j, c.known_via AS via, toString(c.convicted_on) AS on",
        p=person).records
    assert sorted((r["j"], r["via"], r["on"]) for r in rows) == sorted(
        (c["country"], "ecris", c["convicted_on"]) for c in record.convictions)
    assert hocid["result"] == "match"
    assert record.immigration["status"].replace("_", " ") in hocid["detail"]
    assert record.immigration["ho_reference"] in hocid["detail"]


def test_a_demo_person_matches_the_warrant_already_in_the_graph(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection,
        abroad: AbroadService) -> None:
    from synthetic.city import people_rows
    from synthetic.city.generator import DemoData
    from tests.support.abroad import DEMO_PERSONS

    demo = DemoData(DEMO_PERSONS, 1)
    warrant = next(w for w in demo.intel.warrant_rows(demo.provenance)
                   if w["status"] == "active")
    person = next(p for p in people_rows.person_rows(demo.population, demo.events,
                                                     demo.provenance, 1)
                  if p["id"] == warrant["person_id"])
    write_records(db, neo4j_connection.database, {"person": [person], "warrant": [warrant]})
    final, _ = wait_for(api, run_checks(api, person["id"], ["wanted_abroad"])["run"]["id"])
    match = next(c for c in final["checks"] if c["result"] == "match")
    assert match["warrantId"] == warrant["id"]        # linked, not duplicated
    assert count(db, "MATCH (w:Warrant) RETURN count(w)") == 1


# --- sources that fail: never "no match" ------------------------------------------------

def test_a_slow_source_yields_a_failed_check_within_the_timeout(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection,
        abroad: AbroadService) -> None:
    person = add_person(db, neo4j_connection.database, "P-SLOW", "Anna", "Nowak",
                        ["1991-02-03"], "PL")
    abroad.fault("sis", "slow")
    final, _ = wait_for(api, run_checks(api, person, ["wanted_abroad"])["run"]["id"])
    sis = by_source(final)["SIS_II"]
    assert sis["result"] == "failed"
    assert sis["detail"] == f"failed: no answer within {CHECK_TIMEOUT:g}s (timed out)"
    assert sis["attempts"] == 1                         # a read timeout is not retried
    took = dt.datetime.fromisoformat(sis["completedAt"]) - \
        dt.datetime.fromisoformat(sis["checkedAt"])
    assert took < dt.timedelta(seconds=SLOW_SECONDS)    # it did not wait for the answer
    assert by_source(final)["INTERPOL_I24_7"]["result"] == "no_match"


def test_a_down_source_yields_a_failed_check_after_bounded_retries(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection,
        abroad: AbroadService) -> None:
    person = add_person(db, neo4j_connection.database, "P-DOWN", "Anna", "Nowak",
                        ["1991-02-03"], "PL")
    abroad.fault("ecris", "down")
    before = abroad.requests().get("ecris", 0)
    final, _ = wait_for(api, run_checks(api, person, ["foreign_convictions"])["run"]["id"])
    ecris = by_source(final)["ECRIS"]
    assert ecris["result"] == "failed" and ecris["attempts"] == 3
    assert ecris["detail"] == ("failed: the source answered HTTP 503; "
                               "gave up after 3 attempts")
    assert abroad.requests()["ecris"] - before == 3
    # The history says FAILED, not "no match".
    body = gql(api, """query ($id: ID!) { history(personId: $id, purpose: "custody check",
        save: false) { markdown } }""", id=person)
    markdown = body["data"]["history"]["markdown"]
    assert "check against ECRIS: FAILED" in markdown
    assert "NO MATCH" not in markdown


def test_an_unreachable_service_yields_failed_checks(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support.ports import free_port

    monkeypatch.setenv("NEXUS_ABROAD_URL", f"http://127.0.0.1:{free_port()}")
    person = add_person(db, neo4j_connection.database, "P-OFFLINE", "Anna", "Nowak",
                        ["1991-02-03"], "PL")
    final, _ = wait_for(api, run_checks(api, person, ["fingerprints"])["run"]["id"])
    check = by_source(final)["IDENT1"]
    assert check["result"] == "failed" and check["attempts"] == 3
    assert check["detail"].startswith("failed: could not connect")


def test_a_source_that_errors_then_recovers_succeeds_after_retries(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection,
        abroad: AbroadService) -> None:
    record = pick(abroad.dataset.records, lambda r: r.immigration is not None)
    person = add_person(db, neo4j_connection.database, "P-RETRY", record.given_names,
                        record.family_name, record.dates_of_birth, record.nationality)
    abroad.fault("hocid", "error")                   # 500 twice, then answers
    final, _ = wait_for(api, run_checks(api, person, ["immigration_status"])["run"]["id"])
    hocid = by_source(final)["HO_CID"]
    assert hocid["result"] == "match" and hocid["attempts"] == 3, hocid


# --- the API's rules ----------------------------------------------------------------------

def test_roles_without_record_may_not_run_checks_and_nothing_is_written(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> None:
    person = add_person(db, neo4j_connection.database, "P-ROLE", "Anna", "Nowak",
                        ["1991-02-03"], "PL")
    for role in ("auditor", "admin"):
        body = gql(api, RUN, role, id=person, kinds=None)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        body = gql(api, POLL, role, id="RUN-X")
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert count(db, "MATCH (c:Check) RETURN count(c)") == 0
    officer = run_checks(api, person, ["fingerprints"], role="officer")
    assert officer["ok"] is True
    wait_for(api, officer["run"]["id"])


@pytest.mark.parametrize(("person", "kinds", "code", "field"), [
    ("P-NOPE", None, "NOT_FOUND", "personId"),
    ("P-BAD", ["wanted_abroad", "astrology"], "INVALID", "kinds"),
    ("P-BAD", [], "INVALID", "kinds"),
    ("P-BAD", ["pnc"], "INVALID", "kinds"),
])
def test_bad_input_gets_a_typed_error_and_writes_nothing(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection, person: str,
        kinds: list[str] | None, code: str, field: str) -> None:
    add_person(db, neo4j_connection.database, "P-BAD", "Anna", "Nowak", ["1991-02-03"], "PL")
    payload = run_checks(api, person, kinds)
    assert payload["ok"] is False and payload["run"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)]
    assert count(db, "MATCH (c:Check) RETURN count(c)") == 0
    assert gql(api, POLL, id="RUN-NONE")["data"]["checkRun"] is None


def test_the_run_and_every_answer_are_audited(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> None:
    from graph.audit import chain as audit

    person = add_person(db, neo4j_connection.database, "P-AUDIT", "Anna", "Nowak",
                        ["1991-02-03"], "PL")
    run = run_checks(api, person, ["wanted_abroad"])["run"]
    wait_for(api, run["id"])
    check_ids = sorted(c["id"] for c in run["checks"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:     # API entries reach the chain via a journal
        _, entries = audit.entries(db, neo4j_connection.database, first=50)
        results = [e for e in entries if e.action == "change:check-result"]
        started = [e for e in entries if "change:check-run" in e.action.split(",")]
        if len(results) == 2 and started:
            break
        time.sleep(0.1)
    assert len(started) == 1 and started[0].user == "test-supervisor"
    assert set(started[0].subject_ids) == {person, *check_ids}
    assert started[0].purpose == "automated test run"
    assert sorted(i for e in results for i in e.subject_ids if i.startswith("CK-")) == check_ids
    assert all(e.user == "test-supervisor" and person in e.subject_ids and
               run["id"] in (e.detail or "") for e in results)
    polls = [e for e in entries if e.action == "check-run"]
    assert polls and all(person in e.subject_ids for e in polls)


# --- why a run was made: the session's purpose and case reference -------------------------

WHY = """query ($id: ID!, $person: ID!) {
  checkRun(id: $id) { id complete purpose caseReference }
  checkRuns(personId: $person, first: 10) { edges { node { id purpose caseReference } } } }"""


def _as_session(server: LiveServer, query: str, role: str, purpose: str,
                case_reference: str | None, **variables: Any) -> dict[str, Any]:
    """POST as a test user whose token carries this purpose and case reference."""
    import httpx

    from api.auth import issue_token
    from tests.support.users import user_name

    token = issue_token(user_name(role), purpose, case_reference)
    response = httpx.post(f"{server.url}/graphql", json={"query": query, "variables": variables},
                          headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def test_a_run_records_the_purpose_and_case_reference_of_the_session(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection,
        abroad: AbroadService) -> None:
    person = add_person(db, neo4j_connection.database, "P-WHY", "Anna", "Nowak",
                        ["1991-02-03"], "PL")
    purpose, case = "arrest for burglary, custody check", "OP-KESTREL/0042"
    abroad.fault("ecris", "down")      # one check stored as failed, the others answered
    started = _as_session(api, RUN, "officer", purpose, case, id=person,
                          kinds=["wanted_abroad", "foreign_convictions"])["runChecks"]
    run_id = started["run"]["id"]
    wait_for(api, run_id)
    abroad.fault("ecris", "none")
    # A second run, by a session that gave no case reference.
    other = wait_for(api, run_checks(api, person, ["fingerprints"])["run"]["id"])[0]["id"]

    data = gql(api, WHY, id=run_id, person=person)["data"]
    assert data["checkRun"] == {"id": run_id, "complete": True, "purpose": purpose,
                                "caseReference": case}
    runs = {e["node"]["id"]: e["node"] for e in data["checkRuns"]["edges"]}
    assert runs == {
        run_id: {"id": run_id, "purpose": purpose, "caseReference": case},
        other: {"id": other, "purpose": "automated test run", "caseReference": None}}
    # Stored on every Check of each run, and kept when the answer (or failure) replaced
    # the pending record.
    stored = db.execute_query(
        "MATCH (:Person {id: $p})-[:HAS_CHECK]->(c:Check) RETURN c.run_id AS run, "
        "c.against AS against, c.result AS result, c.purpose AS purpose, "
        "c.case_reference AS case_reference ORDER BY run, against", p=person).records
    assert sorted((r["run"], r["against"], r["purpose"], r["case_reference"])
                  for r in stored) == sorted([
        (run_id, "ECRIS", purpose, case), (run_id, "INTERPOL_I24_7", purpose, case),
        (run_id, "SIS_II", purpose, case),
        (other, "IDENT1", "automated test run", None)])
    assert {r["result"] for r in stored if r["against"] == "ECRIS"} == {"failed"}
    # The run as runChecks answered it (all pending) already said why.
    assert (started["run"]["purpose"], started["run"]["caseReference"]) == (purpose, case)


# --- a person's earlier runs ---------------------------------------------------------------

CHECK_FIELDS = "id kind against result detail attempts completedAt checkedAt matched " \
    "warrantId warrantIds"
HISTORY = f"""query ($id: ID!, $first: Int!, $after: String) {{
  checkRuns(personId: $id, first: $first, after: $after) {{
    totalCount pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
    edges {{ cursor node {{ id personId startedBy startedAt complete purpose caseReference
                           checks {{ {CHECK_FIELDS} }} }} }} }} }}"""
PERSON_RUNS = """query ($id: ID!) { person(id: $id) { checks { totalCount }
  checkRuns(first: 10) { totalCount edges { node { id complete } } } } }"""


def history(server: LiveServer, person_id: str, first: int = 10, after: str | None = None,
            role: str = "supervisor") -> dict[str, Any]:
    body = gql(server, HISTORY, role, id=person_id, first=first, after=after)
    assert "errors" not in body, body
    return body["data"]["checkRuns"]


def _runs(page: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in page["edges"]]


def _checks(run: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {check["id"]: check for check in run["checks"]}


def test_earlier_runs_are_listed_newest_first_with_their_outcomes(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection,
        abroad: AbroadService, monkeypatch: pytest.MonkeyPatch) -> None:
    record = pick(abroad.dataset.records,
                  lambda r: any(n["system"] == "sis" for n in r.notices))
    person = add_person(db, neo4j_connection.database, "P-EARLIER", record.given_names,
                        record.family_name, record.dates_of_birth, record.nationality)
    assert history(api, person)["totalCount"] == 0
    abroad.fault("ecris", "down")
    older, _ = wait_for(api, run_checks(api, person, ["wanted_abroad", "foreign_convictions"]
                                        )["run"]["id"])
    abroad.fault("ecris", "none")
    newer, _ = wait_for(api, run_checks(api, person, ["fingerprints"], role="officer"
                                        )["run"]["id"])

    page = history(api, person)
    runs = _runs(page)
    assert page["totalCount"] == 2 and page["pageInfo"]["hasNextPage"] is False
    assert [r["id"] for r in runs] == [newer["id"], older["id"]]
    assert [r["startedBy"] for r in runs] == ["test-officer", "test-supervisor"]
    assert dt.datetime.fromisoformat(runs[0]["startedAt"]) > \
        dt.datetime.fromisoformat(runs[1]["startedAt"])
    assert {r["personId"] for r in runs} == {person} and all(r["complete"] for r in runs)
    # Each run's checks are what checkRun says of it: outcomes, reasons, warrants.
    assert _checks(runs[0]) == _checks(newer) and _checks(runs[1]) == _checks(older)
    outcome = {c["against"]: c for c in runs[1]["checks"]}
    assert outcome["SIS_II"]["result"] == "match" and outcome["SIS_II"]["warrantIds"]
    assert outcome["ECRIS"]["result"] == "failed"
    assert outcome["ECRIS"]["detail"] == ("failed: the source answered HTTP 503; "
                                          "gave up after 3 attempts")
    assert [c["against"] for c in runs[0]["checks"]] == ["IDENT1"]
    # Person.checkRuns is the same list.
    same = gql(api, PERSON_RUNS, id=person)["data"]["person"]["checkRuns"]
    assert [e["node"]["id"] for e in same["edges"]] == [newer["id"], older["id"]]

    # A run still going is listed first, incomplete, with its pending check.
    monkeypatch.setenv("NEXUS_CHECK_TIMEOUT", "3")
    abroad.fault("hocid", "slow")
    running = run_checks(api, person, ["immigration_status"])["run"]
    top = _runs(history(api, person, first=1))[0]
    assert top["id"] == running["id"] and top["complete"] is False
    assert [(c["against"], c["result"]) for c in top["checks"]] == [("HO_CID", "pending")]
    final, _ = wait_for(api, running["id"])
    top = _runs(history(api, person, first=1))[0]
    assert top["complete"] is True and top["checks"][0]["result"] == "failed"


def _imported_check(check_id: str, person_id: str) -> dict[str, Any]:
    """A check imported from the PNC: no run of checks made it."""
    return Source("PNC import", "x", "2025-04-01T09:00:00Z").row(
        id=check_id, person_id=person_id, kind="pnc", against="PNC", checked_by="x",
        checked_at="2025-04-01T09:00:00Z", result="no_match")


def _write_run(db: Driver, database: str, person_id: str, run_id: str, at: str,
               results: dict[str, str]) -> list[str]:
    """A run's checks written through the write layer, as runChecks leaves them."""
    rows = [check_connector(against, "pc-history", at).row(
                id=f"CK-{run_id}-{against}", person_id=person_id,
                kind="wanted_abroad" if against in ("SIS_II", "INTERPOL_I24_7")
                else "foreign_convictions", against=against, checked_by="pc-history",
                checked_at=at, result=result, run_id=run_id, attempts=1,
                detail="failed: HTTP 503" if result == "failed" else None)
            for against, result in results.items()]
    write_records(db, database, {"check": rows})
    return [row["id"] for row in rows]


def test_earlier_runs_page_by_start_time_and_an_interrupted_run_reads_failed(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    person = add_person(db, database, "P-PAGES", "Anna", "Nowak", ["1991-02-03"], "PL")
    # Ids in the reverse order of the times: the order must come from the times.
    _write_run(db, database, person, "RUN-A", "2025-03-01T09:00:00Z", {"SIS_II": "no_match"})
    _write_run(db, database, person, "RUN-B", "2025-02-01T09:00:00Z",
               {"SIS_II": "match", "ECRIS": "failed"})
    _write_run(db, database, person, "RUN-C", "2025-01-01T09:00:00Z", {"SIS_II": "pending"})
    write_records(db, database, {"check": [_imported_check("CK-IMPORTED", person)]})

    one = history(api, person, first=2)
    assert [r["id"] for r in _runs(one)] == ["RUN-A", "RUN-B"]
    assert one["totalCount"] == 3
    assert (one["pageInfo"]["hasNextPage"], one["pageInfo"]["hasPreviousPage"]) == (True, False)
    b = _runs(one)[1]
    assert {c["against"]: c["result"] for c in b["checks"]} == {"SIS_II": "match",
                                                                 "ECRIS": "failed"}
    assert b["startedBy"] == "pc-history" and b["startedAt"].startswith("2025-02-01T09:00")
    # Stored without a purpose (as runs were before it was kept): null, not a guess.
    assert (b["purpose"], b["caseReference"]) == (None, None)

    two = history(api, person, first=2, after=one["pageInfo"]["endCursor"])
    assert [r["id"] for r in _runs(two)] == ["RUN-C"]
    assert (two["pageInfo"]["hasNextPage"], two["pageInfo"]["hasPreviousPage"]) == (False, True)
    # Pending since January: the server stopped mid-run. It reads as failed, and the
    # list only reads (the record is marked failed when the run itself is opened).
    c = _runs(two)[0]
    assert c["complete"] is True and c["checks"][0]["result"] == "failed"
    assert c["checks"][0]["detail"].startswith("failed: interrupted")
    assert count(db, "MATCH (c:Check {run_id: 'RUN-C'}) WHERE c.result = 'pending' "
                     "RETURN count(c)") == 1

    end = history(api, person, first=2, after=two["pageInfo"]["endCursor"])
    assert end["edges"] == [] and end["totalCount"] == 3
    assert end["pageInfo"]["hasNextPage"] is False and end["pageInfo"]["endCursor"] is None
    assert history(api, person, first=0)["edges"] == []
    for first, after in ((101, None), (2, "bm90LWEtY3Vyc29y")):
        body = gql(api, HISTORY, id=person, first=first, after=after)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body
        assert body["data"] is None


def test_a_person_with_no_runs_has_an_empty_list(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    person = add_person(db, database, "P-NORUNS", "Anna", "Nowak", ["1991-02-03"], "PL")
    _write_run(db, database, add_person(db, database, "P-OTHER", "Ola", "Nowak",
                                        ["1990-02-03"], "PL"),
               "RUN-OTHER", "2025-03-01T09:00:00Z", {"SIS_II": "no_match"})
    write_records(db, database, {"check": [_imported_check("CK-OLD", person)]})
    page = history(api, person)
    assert page == {"totalCount": 0, "edges": [], "pageInfo": {
        "hasNextPage": False, "hasPreviousPage": False, "startCursor": None,
        "endCursor": None}}
    assert gql(api, PERSON_RUNS, id=person)["data"]["person"] == {
        "checks": {"totalCount": 1}, "checkRuns": {"totalCount": 0, "edges": []}}
    assert history(api, "P-GHOST")["totalCount"] == 0
    assert history(api, "P-OTHER")["totalCount"] == 1


def test_earlier_runs_need_read_persons_and_every_read_is_audited(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> None:
    from graph.audit import journal as audit_journal

    database = neo4j_connection.database
    person = add_person(db, database, "P-AUDITED", "Anna", "Nowak", ["1991-02-03"], "PL")
    checks = _write_run(db, database, person, "RUN-AUD", "2025-03-01T09:00:00Z",
                        {"SIS_II": "match", "ECRIS": "no_match"})
    for role in ("auditor", "admin"):
        body = gql(api, HISTORY, role, id=person, first=5)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert body["data"] is None
    for role in ("officer", "analyst"):
        assert history(api, person, role=role)["totalCount"] == 1
    history(api, person, first=1)

    audit_journal.flush_all()
    rows = db.execute_query(
        "MATCH (e:AuditEntry) RETURN e { .* } AS e ORDER BY e.seq").records
    entries = [r["e"] for r in rows]
    reads = [e for e in entries if "check-runs" in e["action"].split(",")]
    assert [e["user"] for e in reads] == ["test-officer", "test-analyst", "test-supervisor"]
    for entry in reads:
        assert set(entry["subject_ids"]) == {person, *checks}
        assert entry["purpose"] == "automated test run" and entry["outcome"] == "ok"
        assert f"check runs of {person}" in entry["detail"]
    refused = [e for e in entries if e["outcome"] == "refused"]
    assert {e["user"] for e in refused} == {"test-auditor", "test-admin"}


def test_the_runs_of_a_list_of_people_cost_one_query(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    ids = [add_person(db, database, f"P-LIST{n}", given, "Kowalczyk", ["1991-02-03"], "PL")
           for n, given in enumerate(("Anna", "Ola", "Ewa"))]
    _write_run(db, database, ids[0], "RUN-L1", "2025-01-01T09:00:00Z", {"SIS_II": "match"})
    _write_run(db, database, ids[0], "RUN-L2", "2025-02-01T09:00:00Z", {"ECRIS": "failed"})
    _write_run(db, database, ids[1], "RUN-L3", "2025-03-01T09:00:00Z", {"SIS_II": "no_match"})
    query = """{ searchPeople(query: "Kowalczyk") { edges { node { id
        checkRuns(first: 1) { totalCount edges { node { id checks { against result } } } }
    } } } }"""
    state = api.app.state
    # Not counted: the sign-in check and the audit chain, which are not part of answering.
    counting = CountingDriver(state.driver, ignored=(
        users.USER_BY_NAME, grants.GRANT_HOLDER, audit.APPEND_IF_HEAD))
    state.driver = counting
    try:
        body = gql(api, query)
    finally:
        state.driver = counting.driver
    assert "errors" not in body, body
    found = {e["node"]["id"]: e["node"]["checkRuns"] for e in body["data"]["searchPeople"]["edges"]}
    assert set(found) == set(ids)
    assert [(found[i]["totalCount"], [e["node"]["id"] for e in found[i]["edges"]])
            for i in ids] == [(2, ["RUN-L2"]), (1, ["RUN-L3"]), (0, [])]
    assert counting.calls == 2     # the search, then every person's runs at once


# --- the records-abroad data and its matching ---------------------------------------------

def test_the_records_abroad_are_deterministic_and_match_loosely() -> None:
    one, two = build(seed=7, persons=0, extra=50), build(seed=7, persons=0, extra=50)
    assert [r.identity() for r in one.records] == [r.identity() for r in two.records]
    assert [r.identity() for r in build(seed=8, persons=0, extra=50).records] != \
        [r.identity() for r in one.records]
    record = pick(one.records, lambda r: len(r.dates_of_birth[0]) == 10)
    year, month, day = record.dates_of_birth[0].split("-")
    query = {"given_names": record.family_name.upper(), "family_name": record.given_names,
             "dates_of_birth": [f"{year}-{day}-{month}" if int(day) <= 12
                                else f"{int(year) + 1}-{month}-{day}"]}
    hits = one.search("hocid", query)
    assert hits and hits[0]["record"] == record.ref
    assert one.search("hocid", {**query, "dates_of_birth": ["1900-01-01"]}) == []
    assert dob_agrees("1990-04-12", "1990-12-04") == "day and month transposed"
    assert dob_agrees("1990", "1990-04-12") == "year only"
    assert dob_agrees("1990-04-12", "1991-04-12") == "year differs by 1"
    assert dob_agrees("1990-04-12", "1993-04-12") is None


def test_faults_are_validated() -> None:
    assert parse_fault("SIS:slow") == ("sis", "slow")
    for bad in ("sis", "nowhere:down", "sis:broken"):
        with pytest.raises(ValueError):
            parse_fault(bad)


def test_a_check_left_pending_by_a_stopped_server_reads_as_failed(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> None:
    person = add_person(db, neo4j_connection.database, "P-STALE", "Anna", "Nowak",
                        ["1991-02-03"], "PL")
    write_records(db, neo4j_connection.database, {"check": [
        check_connector("SIS_II", "test", "2025-01-01T09:00:00Z").row(
            id="CK-STALE", person_id=person, kind="wanted_abroad", against="SIS_II",
            checked_by="test", checked_at="2025-01-01T09:00:00Z", result="pending",
            run_id="RUN-STALE", attempts=0)]})
    run = gql(api, POLL, id="RUN-STALE")["data"]["checkRun"]
    assert run["complete"] is True
    assert run["checks"][0]["result"] == "failed"
    assert run["checks"][0]["detail"].startswith("failed: interrupted")
