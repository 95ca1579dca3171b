"""Deconfliction over real HTTP against the real Neo4j: who else consulted or watches a
person (purpose category only, free text only on a shared case reference, own excluded,
a bounded window), and sensitive operations (the list replaced by whom to contact, the
owner alerted in the graph, marking and clearing audited), role by role."""

from __future__ import annotations

import datetime as dt
import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from neo4j import Driver

from api.auth import issue_token
from graph.accounts import users
from graph.audit import chain as audit
from graph.db.settings import Neo4jConnection
from tests.support.cli import cli_env
from tests.support.factories import database, make_person
from tests.support.ports import free_port
from tests.support.server import LiveServer
from tests.support.serving import wait_until_healthy
from tests.support.users import ROLES, TEST_PASSWORD, user_name

NEXUS = str(Path(sys.executable).with_name("nexus"))
SECOND_OFFICER, OTHER_SUPERVISOR = "dc-second-officer", "dc-other-supervisor"

CARD = """query ($id: ID!, $days: Int! = 30) { consultations(personId: $id, days: $days) {
  personId days withheld totalCount
  sensitiveOperation { owner notice ownedByYou markedAt reason }
  edges { node { user role purposeCategory lastAt firstAt times sharedCase caseReference
                 purpose } }
  watcherCount watchers { user role since purposeCategory sharedCase caseReference reason }
} }"""
OPEN = 'query ($id: ID!) { person(id: $id) { id fullName } }'
WATCH = """mutation ($id: ID!, $reason: String!) { watch(personId: $id, reason: $reason) {
  ok } }"""
MARK = """mutation ($id: ID!, $reason: String!) { markSensitiveOperation(personId: $id,
  reason: $reason) { ok errors { code field message } operation { owner ownedByYou reason } } }"""
CLEAR = """mutation ($id: ID!) { clearSensitiveOperation(personId: $id) {
  ok errors { code message } operation { owner } } }"""
ALERTS = """{ alerts(first: 20) { totalCount edges { node { kind summary recordedBy
  purposeCategory read person { id } } } } }"""
AUDIT = """query ($id: ID, $action: String) { auditLog(first: 50, personId: $id,
  action: $action) { totalCount edges { node { user action purposeCategory subjectIds
  detail } } } }"""


# --- who is asking: a token per (user, purpose, case reference, category) ---------------

class Caller:
    def __init__(self, name: str, purpose: str, case: str | None = None,
                 category: str | None = None) -> None:
        self.name = name
        self.token = issue_token(name, purpose, case, category=category)

    def post(self, url: str, query: str, **variables: Any) -> dict[str, Any]:
        response = httpx.post(f"{url}/graphql", timeout=30,
                              json={"query": query, "variables": variables},
                              headers={"Authorization": f"Bearer {self.token}"})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def ask(self, url: str, query: str, **variables: Any) -> dict[str, Any]:
        body = self.post(url, query, **variables)
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data


OFFICER = Caller(user_name("officer"), "custody 1234, detained overnight", "CU-1234",
                 "custody")
ANALYST = Caller(user_name("analyst"), "Op Larch: mapping the supply line", "OP-LARCH",
                 "intelligence")
SUPERVISOR = Caller(user_name("supervisor"), "Op Nightjar oversight", "OP-NIGHTJAR",
                    "review")
AUDITOR = Caller(user_name("auditor"), "quarterly dip sample", None, "review")


def _card(url: str, caller: Caller, person: str = "P-1", **variables: Any) -> dict[str, Any]:
    card: dict[str, Any] = caller.ask(url, CARD, id=person, **variables)["consultations"]
    return card


def _rows(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {edge["node"]["user"]: edge["node"] for edge in card["edges"]}


@pytest.fixture
def people(db: Driver) -> Iterator[Driver]:
    make_person(db, id="P-1", given_names="Jan", family_name="Kowalski")
    make_person(db, id="P-2", given_names="Ewa", family_name="Nowak")
    for name, role in ((SECOND_OFFICER, "officer"), (OTHER_SUPERVISOR, "supervisor")):
        if users.get_user(db, database(), name) is None:
            users.add_user(db, database(), name, role, TEST_PASSWORD)
    yield db
    db.execute_query("MATCH (u:User) WHERE u.name IN $names DETACH DELETE u",
                     names=[SECOND_OFFICER, OTHER_SUPERVISOR], database_=database())


# --- the list ---------------------------------------------------------------------------

def test_others_are_listed_by_purpose_category_and_the_readers_own_are_not(
        people: Driver, live_server: LiveServer) -> None:
    url = live_server.url
    for caller in (ANALYST, ANALYST, SUPERVISOR, OFFICER):
        assert caller.ask(url, OPEN, id="P-1")["person"]["fullName"] == "Jan Kowalski"
    ANALYST.ask(url, "{ searchPeople(query: \"Nowak\") { totalCount } }")  # P-2 in a list
    card = _card(url, OFFICER)
    rows = _rows(card)
    assert set(rows) == {ANALYST.name, SUPERVISOR.name}, rows     # not the officer's own
    analyst = rows[ANALYST.name]
    assert (analyst["role"], analyst["purposeCategory"], analyst["times"]) == (
        "analyst", "intelligence", 2)
    assert (analyst["sharedCase"], analyst["purpose"], analyst["caseReference"]) == (
        False, None, None)
    assert rows[SUPERVISOR.name]["purposeCategory"] == "review"
    assert card["totalCount"] == 2 and not card["withheld"]
    assert card["sensitiveOperation"] is None
    text = json.dumps(card)
    assert "supply line" not in text and "OP-LARCH" not in text and "Nightjar" not in text
    # Being named in a search answer is not a consultation of the person.
    assert _card(url, OFFICER, "P-2")["totalCount"] == 0


def test_the_free_text_is_shown_only_to_the_same_case_reference(
        people: Driver, live_server: LiveServer) -> None:
    url = live_server.url
    ANALYST.ask(url, OPEN, id="P-1")
    SUPERVISOR.ask(url, OPEN, id="P-1")
    assert ANALYST.ask(url, WATCH, id="P-1", reason="Larch target: the courier")["watch"]["ok"]
    same_case = Caller(SECOND_OFFICER, "arrest enquiry for Larch", " op-larch ", "investigation")
    rows = _rows(_card(url, same_case))
    analyst = rows[ANALYST.name]
    assert (analyst["sharedCase"], analyst["purpose"], analyst["caseReference"]) == (
        True, ANALYST_PURPOSE, "OP-LARCH")
    assert rows[SUPERVISOR.name]["purpose"] is None            # another case: category only
    watcher, = _card(url, same_case)["watchers"]
    assert (watcher["user"], watcher["reason"], watcher["purposeCategory"]) == (
        ANALYST.name, "Larch target: the courier", "intelligence")
    # The officer on another case sees that the analyst watches, not why.
    card = _card(url, OFFICER)
    watcher, = card["watchers"]
    assert (watcher["user"], watcher["role"], watcher["sharedCase"], watcher["reason"],
            watcher["caseReference"]) == (ANALYST.name, "analyst", False, None, None)
    assert card["watcherCount"] == 1 and "courier" not in json.dumps(card)
    # The analyst's own watch is not listed to the analyst.
    assert _card(url, ANALYST)["watchers"] == []


ANALYST_PURPOSE = "Op Larch: mapping the supply line"


def test_the_window_is_thirty_days_by_default_and_bounded(
        people: Driver, live_server: LiveServer) -> None:
    url = live_server.url
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=40)).isoformat(timespec="microseconds")
    audit.append(people, database(), audit.AuditEntry(
        user=SUPERVISOR.name, role="supervisor", action="person", purpose="old enquiry",
        subject_ids=["P-1"], at=old, purpose_category="investigation"))
    ANALYST.ask(url, OPEN, id="P-1")
    card = _card(url, OFFICER)
    assert (card["days"], set(_rows(card))) == (30, {ANALYST.name})
    wide = _rows(_card(url, OFFICER, days=90))
    assert set(wide) == {ANALYST.name, SUPERVISOR.name}
    assert wide[SUPERVISOR.name]["purposeCategory"] == "investigation"
    assert wide[SUPERVISOR.name]["lastAt"].startswith(old[:10])
    for days in (0, 91):
        body = OFFICER.post(url, CARD, id="P-1", days=days)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body
        assert "between 1 and 90" in body["errors"][0]["message"]
    missing = OFFICER.post(url, CARD, id="P-404")
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_reading_the_card_is_audited_but_is_no_consultation(
        people: Driver, live_server: LiveServer) -> None:
    url = live_server.url
    _card(url, ANALYST, "P-2")                  # the analyst only reads P-2's card
    assert _card(url, OFFICER, "P-2")["edges"] == []
    entries = AUDITOR.ask(url, AUDIT, id="P-2", action="deconfliction")["auditLog"]
    by_user = {e["node"]["user"]: e["node"] for e in entries["edges"]}
    assert set(by_user) == {ANALYST.name, OFFICER.name}
    assert by_user[ANALYST.name]["purposeCategory"] == "intelligence"
    assert "deconfliction 30 days: 0 consultation rows" in by_user[ANALYST.name]["detail"]


def test_the_purpose_category_is_stated_at_sign_in(
        people: Driver, live_server: LiveServer) -> None:
    url = live_server.url
    login = {"name": user_name("officer"), "password": TEST_PASSWORD,
             "purpose": "custody 77 interview"}
    wrong = httpx.post(f"{url}/auth/login", json={**login, "purposeCategory": "curiosity"})
    assert wrong.status_code == 400 and "unknown purpose category" in wrong.json()["error"]
    with httpx.Client(base_url=url) as browser:
        signed = browser.post("/auth/login", json={**login, "purposeCategory": "custody"})
        assert signed.status_code == 200 and signed.json()["purposeCategory"] == "custody"
        me = browser.post("/graphql", json={"query": "{ me { purposeCategory } }"},
                          headers={"X-CSRF-Token": signed.json()["csrfToken"]})
        assert me.json()["data"]["me"]["purposeCategory"] == "custody"
    # A token issued without one (older clients) reads as not stated.
    plain = Caller(user_name("analyst"), "no category given")
    plain.ask(url, OPEN, id="P-1")
    assert _rows(_card(url, OFFICER))[plain.name]["purposeCategory"] == "not_stated"


# --- sensitive operations ---------------------------------------------------------------

def _sensitive_alerts(driver: Driver, owner: str) -> list[dict[str, Any]]:
    """Read straight from the graph: what is there survives any API process."""
    records, _, _ = driver.execute_query(
        "MATCH (:User {name: $owner})-[:HAS_ALERT]->(a:Alert)-[:ABOUT]->(p:Person) "
        "WHERE a.kind STARTS WITH 'sensitive' RETURN a { .*, person: p.id } AS a "
        "ORDER BY a.at", owner=owner, database_=database())
    return [dict(record["a"]) for record in records]


def test_a_sensitive_operation_replaces_the_list_and_alerts_its_owner(
        people: Driver, live_server: LiveServer) -> None:
    url = live_server.url
    ANALYST.ask(url, OPEN, id="P-1")
    assert ANALYST.ask(url, WATCH, id="P-1", reason="Larch target")["watch"]["ok"]
    marked = SUPERVISOR.ask(url, MARK, id="P-1", reason="Op Nightjar: covert deployment")
    assert marked["markSensitiveOperation"] == {"ok": True, "errors": [], "operation": {
        "owner": SUPERVISOR.name, "ownedByYou": True,
        "reason": "Op Nightjar: covert deployment"}}
    # Others still open the records, as the access rules allow.
    assert OFFICER.ask(url, OPEN, id="P-1")["person"]["fullName"] == "Jan Kowalski"
    card = _card(url, OFFICER)
    assert card["withheld"] is True
    assert (card["edges"], card["watchers"], card["totalCount"], card["watcherCount"]) == (
        [], [], 0, 0)
    assert card["sensitiveOperation"] == {
        "owner": SUPERVISOR.name, "ownedByYou": False, "markedAt": None, "reason": None,
        "notice": "Subject of a sensitive operation: contact the owning supervisor "
                  f"{SUPERVISOR.name}"}
    assert "Nightjar" not in json.dumps(card)
    # The owner was alerted, in the graph, before the officer had the answer: one alert
    # for the officer's looks today (the person and the card).
    alerts = _sensitive_alerts(people, SUPERVISOR.name)
    assert [(a["kind"], a["recorded_by"], a["viewer_role"], a["purpose_category"],
             a["person"]) for a in alerts] == [
        ("sensitive_consultation", OFFICER.name, "officer", "custody", "P-1")]
    listed = SUPERVISOR.ask(url, ALERTS)["alerts"]["edges"]
    alert = listed[0]["node"]
    assert (alert["kind"], alert["recordedBy"], alert["purposeCategory"], alert["read"]) == (
        "sensitive_consultation", OFFICER.name, "custody", False)
    assert "test-officer (officer), Custody: a detained person" in alert["summary"]
    # The owner sees the whole list (and the reason); the analyst and the officer in it.
    own = _card(url, SUPERVISOR)
    assert own["withheld"] is False and own["sensitiveOperation"]["ownedByYou"] is True
    assert own["sensitiveOperation"]["reason"] == "Op Nightjar: covert deployment"
    assert set(_rows(own)) == {ANALYST.name, OFFICER.name}
    assert [w["user"] for w in own["watchers"]] == [ANALYST.name]
    # The marking shows on no card afterwards: it is not work on the records.
    assert SUPERVISOR.name not in _rows(_card(url, ANALYST))


def test_other_supervisors_are_told_whom_to_contact_and_cannot_take_it_over(
        people: Driver, live_server: LiveServer) -> None:
    url = live_server.url
    assert SUPERVISOR.ask(url, MARK, id="P-1", reason="Op Nightjar")[
        "markSensitiveOperation"]["ok"]
    other = Caller(OTHER_SUPERVISOR, "borough tasking review", None, "review")
    taken = other.ask(url, MARK, id="P-1", reason="Op Heron")["markSensitiveOperation"]
    assert taken["ok"] is False and taken["errors"][0]["code"] == "CONFLICT"
    assert f"owned by {SUPERVISOR.name}" in taken["errors"][0]["message"]
    # "Who consulted this person" is withheld from them too; auditors still see it all.
    body = other.post(url, AUDIT, id="P-1")
    assert body["errors"][0]["extensions"]["code"] == "SENSITIVE_OPERATION"
    assert SUPERVISOR.name in body["errors"][0]["message"] and body["data"] is None
    assert AUDITOR.ask(url, AUDIT, id="P-1")["auditLog"]["totalCount"] > 0
    assert SUPERVISOR.ask(url, AUDIT, id="P-1")["auditLog"]["totalCount"] > 0
    # Any supervisor may end it (the owner may be away); the owner is told.
    cleared = other.ask(url, CLEAR, id="P-1")["clearSensitiveOperation"]
    assert cleared == {"ok": True, "errors": [], "operation": {"owner": SUPERVISOR.name}}
    kinds = [(a["kind"], a["recorded_by"]) for a in _sensitive_alerts(people, SUPERVISOR.name)]
    assert kinds == [("sensitive_consultation", OTHER_SUPERVISOR),
                     ("sensitive_operation_cleared", OTHER_SUPERVISOR)]
    # The list is back for everyone; a second clear finds nothing to end.
    assert _card(url, OFFICER)["withheld"] is False
    again = other.ask(url, CLEAR, id="P-1")["clearSensitiveOperation"]
    assert again["ok"] is False and again["errors"][0]["code"] == "NOT_FOUND"


def test_marking_and_clearing_are_audited_and_checked(
        people: Driver, live_server: LiveServer) -> None:
    url = live_server.url
    short = SUPERVISOR.ask(url, MARK, id="P-1", reason=" no")["markSensitiveOperation"]
    assert short["ok"] is False and short["errors"][0]["field"] == "reason"
    missing = SUPERVISOR.ask(url, MARK, id="P-404", reason="Op Nightjar")
    assert missing["markSensitiveOperation"]["errors"][0]["code"] == "NOT_FOUND"
    assert SUPERVISOR.ask(url, MARK, id="P-1", reason="Op Nightjar")[
        "markSensitiveOperation"]["ok"]
    again = SUPERVISOR.ask(url, MARK, id="P-1", reason="Op Nightjar phase 2")
    assert again["markSensitiveOperation"]["operation"]["reason"] == "Op Nightjar phase 2"
    assert SUPERVISOR.ask(url, CLEAR, id="P-1")["clearSensitiveOperation"]["ok"]
    assert _sensitive_alerts(people, SUPERVISOR.name) == []     # the owner's own acts
    log = AUDITOR.ask(url, AUDIT, id="P-1")["auditLog"]["edges"]
    actions = [e["node"]["action"] for e in log if e["node"]["user"] == SUPERVISOR.name]
    assert actions.count("change:sensitive-operation") == 2
    assert "change:clear-sensitive-operation" in actions
    assert "refused:sensitive-operation" in actions
    marked = next(e["node"] for e in log if e["node"]["action"] == "change:sensitive-operation")
    assert "P-1" in marked["subjectIds"] and "Op Nightjar" in marked["detail"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_read_the_card_and_mark_exactly_as_the_matrix_says(
        people: Driver, live_server: LiveServer, role: str) -> None:
    url = live_server.url
    caller = Caller(user_name(role), "role check for deconfliction", None, "other")
    card = caller.post(url, CARD, id="P-1")
    reads = role in ("officer", "analyst", "supervisor")
    assert ("errors" not in card) is reads, card
    if not reads:
        assert card["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    marked = caller.post(url, MARK, id="P-2", reason="Op Nightjar")
    cleared = caller.post(url, CLEAR, id="P-2")
    if role == "supervisor":
        assert marked["data"]["markSensitiveOperation"]["ok"] is True, marked
        assert cleared["data"]["clearSensitiveOperation"]["ok"] is True, cleared
    else:
        for body in (marked, cleared):
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body
        records, _, _ = people.execute_query("MATCH (s:SensitiveOperation) RETURN count(s) AS n",
                                             database_=database())
        assert records[0]["n"] == 0


# --- the alert outlives the API process -------------------------------------------------

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


def test_the_owners_alert_survives_the_api_process_being_killed(
        people: Driver, serve: Any) -> None:
    url, process = serve()
    assert SUPERVISOR.ask(url, MARK, id="P-1", reason="Op Nightjar")[
        "markSensitiveOperation"]["ok"]
    assert OFFICER.ask(url, OPEN, id="P-1")["person"]["id"] == "P-1"
    process.send_signal(signal.SIGKILL)     # no shutdown hook runs: nothing is flushed
    process.wait(timeout=30)
    url, _ = serve()
    listed = SUPERVISOR.ask(url, ALERTS)["alerts"]["edges"]
    assert [(e["node"]["kind"], e["node"]["recordedBy"], e["node"]["person"]["id"])
            for e in listed] == [("sensitive_consultation", OFFICER.name, "P-1")]


def test_downloading_a_history_document_alerts_the_owner_as_a_read_does(
        people: Driver, live_server: LiveServer) -> None:
    """The PDF routes are not GraphQL, but a history downloaded there is a look too."""
    url = live_server.url
    SUPERVISOR.ask(url, MARK, id="P-1", reason="Op Nightjar: covert deployment")
    headers = {"Authorization": f"Bearer {ANALYST.token}"}
    pdf = httpx.get(f"{url}/history/P-1.pdf", params={"purpose": "Op Larch briefing"},
                    headers=headers, timeout=60)
    assert pdf.status_code == 200, pdf.text
    assert pdf.content.startswith(b"%PDF")
    assert [(a["recorded_by"], a["purpose_category"], a["person"])
            for a in _sensitive_alerts(people, SUPERVISOR.name)] == [
        (ANALYST.name, "intelligence", "P-1")]
    version = pdf.headers["X-History-Version"]
    saved = httpx.get(f"{url}/history/P-1/versions/{version}.pdf", headers=headers,
                      timeout=60)
    assert saved.status_code == 200, saved.text
    # The same viewer, category and day: still the one alert, brought up to date.
    assert len(_sensitive_alerts(people, SUPERVISOR.name)) == 1
    looks = SUPERVISOR.ask(url, AUDIT, id="P-1", action="sensitive-look")["auditLog"]
    assert [(e["node"]["user"], e["node"]["purposeCategory"]) for e in looks["edges"]] == [
        (ANALYST.name, "intelligence"), (ANALYST.name, "intelligence")]
    downloads = SUPERVISOR.ask(url, AUDIT, id="P-1", action="history-download")["auditLog"]
    assert {e["node"]["detail"] for e in downloads["edges"]} == {
        f"pdf v{version} purpose='Op Larch briefing'", f"pdf of saved v{version}"}
    # The owner's own download alerts no one.
    own = httpx.get(f"{url}/history/P-1.pdf", params={"purpose": "Nightjar review"},
                    headers={"Authorization": f"Bearer {SUPERVISOR.token}"}, timeout=60)
    assert own.status_code == 200, own.text
    assert len(_sensitive_alerts(people, SUPERVISOR.name)) == 1


def test_opening_a_profile_with_its_lists_alerts_the_owner_too(
        people: Driver, live_server: LiveServer) -> None:
    """A profile asks for the person and their lists in one query, which reads the
    sensitive operation itself: that path must alert as the person alone does."""
    url = live_server.url
    SUPERVISOR.ask(url, MARK, id="P-1", reason="Op Nightjar: covert deployment")
    profile = ANALYST.ask(url, """query ($id: ID!) { person(id: $id) { id fullName
        associates(first: 5) { totalCount } arrests { totalCount } } }""", id="P-1")["person"]
    assert profile["fullName"] == "Jan Kowalski"
    assert [(a["recorded_by"], a["purpose_category"], a["person"])
            for a in _sensitive_alerts(people, SUPERVISOR.name)] == [
        (ANALYST.name, "intelligence", "P-1")]
    # The owner's own profile view alerts no one.
    SUPERVISOR.ask(url, """query ($id: ID!) { person(id: $id) { id arrests { totalCount } } }""",
                   id="P-1")
    assert len(_sensitive_alerts(people, SUPERVISOR.name)) == 1
