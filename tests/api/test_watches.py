"""Watches and alerts over real HTTP against the real Neo4j: an alert is written with its
record, respects handling codes, is the caller's own, and survives the API process."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from neo4j import Driver

from graph.db.settings import Neo4jConnection
from graph.records import write_records
from tests.support.cli import cli_env
from tests.support.factories import grading, make, make_person, provenance
from tests.support.ports import free_port
from tests.support.server import LiveServer, auth_headers, graphql
from tests.support.serving import wait_until_healthy

NEXUS = str(Path(sys.executable).with_name("nexus"))

WATCH = """mutation ($id: ID!, $reason: String!) { watch(personId: $id, reason: $reason) {
  ok errors { code field message } watch { reason since person { id fullName } } } }"""
ALERTS = """query ($unread: Boolean! = false) { unreadAlertCount
  alerts(first: 20, unreadOnly: $unread) { totalCount
    edges { node { id kind summary recordId read recordedBy person { id } } } } }"""
ARREST = """mutation ($input: ArrestInput!) { recordArrest(input: $input) {
  ok id errors { code message } } }"""
INTEL = """mutation ($input: IntelligenceReportInput!) { recordIntelligenceReport(input: $input) {
  ok id errors { code message } } }"""
PERSON = """mutation ($input: PersonInput!) { recordPerson(input: $input) {
  ok id errors { code message } } }"""
MARK = """mutation ($ids: [ID!]) { markAlertsRead(ids: $ids) { ok marked unread } }"""


def gql(server: LiveServer, query: str, role: str, **variables: Any) -> dict[str, Any]:
    body = graphql(server, query, role, **variables)
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def _arrest(person_id: str, **extra: Any) -> dict[str, Any]:
    return {"personId": person_id, "arrestedAt": "2024-05-01T10:00:00Z",
            "offenceIds": ["105/01"], "source": "custody record", **extra}


def _alerts(server: LiveServer, role: str, unread: bool = False
            ) -> tuple[int, list[dict[str, Any]]]:
    data = gql(server, ALERTS, role, unread=unread)
    return data["unreadAlertCount"], [e["node"] for e in data["alerts"]["edges"]]


@pytest.fixture
def watched(db: Driver, live_server: LiveServer) -> str:
    make(db, "offence", id="105/01")
    person = make_person(db, id="P-1", given_names="Jan", family_name="Kowalski",
                         dates_of_birth=["1985-01-30"], nationalities=["PL"])
    done = gql(live_server, WATCH, "officer", id=person["id"], reason="op Harbour suspect")
    assert done["watch"]["ok"] is True, done
    assert done["watch"]["watch"]["person"]["id"] == "P-1"
    return str(person["id"])


def test_a_new_arrest_of_a_watched_person_alerts_the_watcher_once(
        watched: str, live_server: LiveServer) -> None:
    assert _alerts(live_server, "officer") == (0, [])
    recorded = gql(live_server, ARREST, "supervisor", input=_arrest(watched))["recordArrest"]
    assert recorded["ok"] is True, recorded
    unread, alerts = _alerts(live_server, "officer")
    assert unread == 1 and len(alerts) == 1
    alert = alerts[0]
    assert (alert["kind"], alert["recordId"], alert["person"]["id"], alert["read"]) == (
        "arrest", recorded["id"], watched, False)
    assert "new arrest" in alert["summary"] and alert["recordedBy"] == "test-supervisor"
    assert _alerts(live_server, "analyst") == (0, [])      # nobody else's alert
    # A rewrite of the same arrest announces nothing new.
    again = gql(live_server, ARREST, "supervisor",
                input=_arrest(watched, id=recorded["id"], outcome="nfa"))
    assert again["recordArrest"]["ok"] is True, again
    assert _alerts(live_server, "officer")[0] == 1
    marked = gql(live_server, MARK, "officer", ids=[alert["id"]])["markAlertsRead"]
    assert (marked["marked"], marked["unread"]) == (1, 0)
    assert _alerts(live_server, "officer", unread=True) == (0, [])
    assert [a["read"] for a in _alerts(live_server, "officer")[1]] == [True]


def test_the_watchers_own_record_raises_no_alert_and_unwatch_stops_alerts(
        watched: str, live_server: LiveServer) -> None:
    assert gql(live_server, ARREST, "officer", input=_arrest(watched))["recordArrest"]["ok"]
    assert _alerts(live_server, "officer") == (0, [])
    gone = gql(live_server, "mutation { unwatch(personId: \"P-1\") { ok wasWatching } }",
               "officer")
    assert gone["unwatch"] == {"ok": True, "wasWatching": True}
    assert gql(live_server, ARREST, "supervisor", input=_arrest(watched))["recordArrest"]["ok"]
    assert _alerts(live_server, "officer") == (0, [])
    assert gql(live_server, "{ watches { totalCount } }", "officer") == {
        "watches": {"totalCount": 0}}


def test_an_alert_about_c_intelligence_is_shown_only_to_who_may_see_c(
        watched: str, db: Driver, neo4j_connection: Neo4jConnection,
        live_server: LiveServer) -> None:
    assert gql(live_server, WATCH, "analyst", id=watched, reason="op Harbour analyst")[
        "watch"]["ok"]
    report = {"summary": "Seen handing over a parcel", "reportedAt": "2024-05-01T10:00:00Z",
              "sourceEvaluation": "2", "intelligenceAssessment": "B", "handlingCode": "C",
              "handlingConditions": "source unit only",
              "mentionsPersonIds": [watched], "source": "source unit"}
    done = gql(live_server, INTEL, "supervisor", input=report)["recordIntelligenceReport"]
    assert done["ok"] is True, done
    unread, alerts = _alerts(live_server, "analyst")
    assert unread == 1 and [a["kind"] for a in alerts] == ["intelligence_report"]
    # The officer's count, list and mark-all are as if the report did not exist.
    assert _alerts(live_server, "officer") == (0, [])
    assert gql(live_server, MARK, "officer", ids=None)["markAlertsRead"]["marked"] == 0
    # Regraded to P by its owner: the same alert now shows the officer's copy too.
    rows = {"intelligence_report": [{"id": done["id"], "summary": report["summary"],
                                     "reported_at": report["reportedAt"],
                                     "mentions_person_ids": [watched], **grading("2B", "P"),
                                     **provenance(recorded_by="test-supervisor")}]}
    write_records(db, neo4j_connection.database, rows)
    unread, alerts = _alerts(live_server, "officer")
    assert unread == 1 and alerts[0]["recordId"] == done["id"]


def test_flags_associations_and_possible_duplicates_alert_too(
        watched: str, db: Driver, live_server: LiveServer) -> None:
    make(db, "flag", person_id=watched, kind="high_harm")
    other = make_person(db, id="P-2", given_names="Ewa", family_name="Nowak")
    make(db, "association", person_id=other["id"], other_person_id=watched, kind="friend")
    stranger = make_person(db, id="P-3", given_names="Olga", family_name="Lis")
    make(db, "association", person_id=other["id"], other_person_id=stranger["id"],
         kind="friend")                                   # not about P-1: no alert
    twin = gql(live_server, PERSON, "supervisor",
               input={"givenNames": "Jan", "familyName": "Kowalsky",
                      "datesOfBirth": ["1985-01-30"], "nationalities": ["PL"],
                      "source": "custody desk"})["recordPerson"]
    assert twin["ok"] is True, twin
    kinds = sorted(a["kind"] for a in _alerts(live_server, "officer")[1])
    assert kinds == ["association", "flag", "possible_duplicate"], kinds


def test_watch_refuses_a_missing_reason_and_an_unknown_person(
        db: Driver, live_server: LiveServer) -> None:
    make_person(db, id="P-1")
    short = gql(live_server, WATCH, "officer", id="P-1", reason=" ")["watch"]
    assert short["ok"] is False and short["errors"][0]["field"] == "reason"
    missing = gql(live_server, WATCH, "officer", id="P-404", reason="op Harbour")["watch"]
    assert missing["ok"] is False and missing["errors"][0]["code"] == "NOT_FOUND"
    refused = graphql(live_server, "{ alerts(first: 1) { totalCount } }", "auditor")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.fixture
def serve(neo4j_connection: Neo4jConnection) -> Iterator[Any]:
    """Start `nexus serve` processes; each is killed at the end (SIGKILL: no clean-up)."""
    started: list[subprocess.Popen[str]] = []

    def start() -> tuple[str, subprocess.Popen[str]]:
        port = free_port()
        process = subprocess.Popen(
            [NEXUS, "serve", "--workers", "1", "--no-analytics", "--port", str(port)],
            env=cli_env(neo4j_connection), stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        started.append(process)
        url = f"http://127.0.0.1:{port}"
        wait_until_healthy(url, process, 60, lambda: process.stdout.read()
                           if process.stdout else "serve did not start")
        return url, process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


def _post(url: str, query: str, role: str, **variables: Any) -> dict[str, Any]:
    response = httpx.post(f"{url}/graphql", json={"query": query, "variables": variables},
                          headers=auth_headers(role), timeout=60)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return body["data"]


def test_alerts_survive_the_api_process_being_killed(db: Driver, serve: Any) -> None:
    make(db, "offence", id="105/01")
    make_person(db, id="P-1")
    url, process = serve()
    assert _post(url, WATCH, "officer", id="P-1", reason="op Harbour")["watch"]["ok"]
    recorded = _post(url, ARREST, "supervisor", input=_arrest("P-1"))["recordArrest"]
    assert recorded["ok"] is True, recorded
    process.send_signal(signal.SIGKILL)     # no shutdown hook runs: nothing is flushed
    process.wait(timeout=30)
    url, _ = serve()
    data = _post(url, ALERTS, "officer")
    assert data["unreadAlertCount"] == 1
    assert [e["node"]["recordId"] for e in data["alerts"]["edges"]] == [recorded["id"]]
