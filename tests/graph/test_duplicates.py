"""Duplicates and "same as" decisions over real HTTP, against a real Neo4j.

Decisions are records with events, never merges: confirm, reject and undo each add an
event and leave both people as they were; the cluster is transitive over confirmed links;
bad input writes nothing; every change is audited. A person recorded through
`recordPerson` (or named to `nexus duplicates scan --person`) is checked at once, with
the scan's rules, scores and stored ids. Detection quality (not speed) is asserted on a
small seeded demo graph with planted duplicates.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

import pytest
from neo4j import Driver
from typer.testing import CliRunner

from graph.audit import journal as audit_journal
from graph.db.settings import Neo4jConnection
from graph.identity import duplicates, duplicates_live
from graph.records import write_records
from synthetic.city import DemoData, load_demo
from tests.support.cli import point_cli_at
from tests.support.factories import Source
from tests.support.neo4j import wipe_graph
from tests.support.server import LiveServer, graphql

PEOPLE = [
    ("P-1", "Jan", "Kowalski", "1990-04-12"),
    ("P-2", "Jan", "Kowalsky", "1990-12-04"),
    ("P-3", "Kowalski", "Jan", "1990-04-12"),
    ("P-4", "Janek", "Kowalski", "1991-04-12"),
    ("P-5", "Maria", "Nowak", "1985-01-30"),
]
LINK = """{ id status reason decidedBy score personIds other { id fullName }
            events { id action by reason } }"""
DECIDE = """mutation ($p: ID!, $o: ID!, $r: String!) {
  %s(personId: $p, otherId: $o, reason: $r) { ok errors { code field message } link %s } }"""
UNDO = ("""mutation ($l: ID!, $r: String!) {
  undoSameAs(linkId: $l, reason: $r) { ok errors { code field message } link """
        + LINK + " } }")
PERSON = """query ($id: ID!) { person(id: $id) { id
  sameAs { id status other { id } events { action } }
  identityCluster { id } } }"""


def _people() -> dict[str, list[dict[str, Any]]]:
    source = Source("test", "test", "2024-01-01T00:00:00Z")
    rows = [source.person(pid, given, family, dates_of_birth=[dob], nationalities=["PL"],
                          gender="male")
            for pid, given, family, dob in PEOPLE]
    return {"person": rows}


@pytest.fixture
def api(live_server: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> LiveServer:
    wipe_graph(db, neo4j_connection.database)
    write_records(db, neo4j_connection.database, _people())
    return live_server


def post(server: LiveServer, query: str, role: str = "supervisor",
         **variables: Any) -> dict[str, Any]:
    return graphql(server, query, role, **variables)


def gql(server: LiveServer, query: str, **variables: Any) -> dict[str, Any]:
    body = post(server, query, **variables)
    assert "errors" not in body, body
    return body["data"]


def decide(server: LiveServer, action: str, person: str, other: str,
           reason: str = "same passport photo and fingerprints") -> dict[str, Any]:
    return gql(server, DECIDE % (action, LINK), p=person, o=other, r=reason)[action]


def cluster(server: LiveServer, person: str) -> list[str]:
    return [p["id"] for p in gql(server, PERSON, id=person)["person"]["identityCluster"]]


def count(db: Driver, label: str) -> int:
    records, _, _ = db.execute_query(f"MATCH (n:{label}) RETURN count(n) AS n")
    return records[0]["n"]


def persons_snapshot(db: Driver) -> list[dict[str, Any]]:
    records, _, _ = db.execute_query("MATCH (p:Person) RETURN p { .* } AS p ORDER BY p.id")
    return [r["p"] for r in records]


def test_confirm_reject_and_undo_keep_every_event_and_both_records(
        api: LiveServer, db: Driver) -> None:
    before = persons_snapshot(db)
    confirmed = decide(api, "confirmSameAs", "P-2", "P-1")
    assert confirmed["ok"] is True and confirmed["errors"] == []
    link = confirmed["link"]
    assert link["id"] == "SA-P-1-P-2" and link["status"] == "confirmed"
    assert link["other"]["id"] == "P-1" and link["decidedBy"] == "test-supervisor"
    assert link["personIds"] == ["P-1", "P-2"] and 0 < link["score"] <= 1
    assert cluster(api, "P-1") == ["P-2"] and cluster(api, "P-2") == ["P-1"]

    undone = gql(api, UNDO, l=link["id"], r="prints came back for someone else")["undoSameAs"]
    assert undone["ok"] is True and undone["link"]["status"] == "undone"
    assert [e["action"] for e in undone["link"]["events"]] == ["confirmed", "undone"]
    assert cluster(api, "P-1") == []

    rejected = decide(api, "rejectSameAs", "P-1", "P-2", "different fathers' names")
    assert rejected["link"]["status"] == "rejected"
    person = gql(api, PERSON, id="P-1")["person"]
    assert person["sameAs"] == [{"id": "SA-P-1-P-2", "status": "rejected",
                                 "other": {"id": "P-2"},
                                 "events": [{"action": "confirmed"}, {"action": "undone"},
                                            {"action": "rejected"}]}]
    assert persons_snapshot(db) == before                 # nothing merged or changed
    assert (count(db, "SameAsLink"), count(db, "SameAsEvent")) == (1, 3)


def test_repeating_a_decision_adds_no_event(api: LiveServer, db: Driver) -> None:
    for _ in range(2):
        assert decide(api, "confirmSameAs", "P-1", "P-2")["ok"] is True
    assert (count(db, "SameAsLink"), count(db, "SameAsEvent")) == (1, 1)


def test_the_cluster_is_transitive_over_confirmed_links_only(api: LiveServer) -> None:
    decide(api, "confirmSameAs", "P-1", "P-2")
    second = decide(api, "confirmSameAs", "P-3", "P-2")["link"]
    decide(api, "rejectSameAs", "P-3", "P-4")
    assert cluster(api, "P-1") == ["P-2", "P-3"]
    assert cluster(api, "P-3") == ["P-1", "P-2"]
    assert cluster(api, "P-4") == []
    gql(api, UNDO, l=second["id"], r="entered in error")
    assert cluster(api, "P-1") == ["P-2"] and cluster(api, "P-3") == []


@pytest.mark.parametrize(("person", "other", "reason", "code", "field"), [
    ("P-1", "P-404", "same prints", "NOT_FOUND", None),
    ("P-1", "P-1", "same prints", "INVALID", "otherId"),
    ("P-1", "P-2", "   ", "INVALID", "reason"),
])
def test_bad_decisions_are_refused_and_write_nothing(api: LiveServer, db: Driver, person: str,
                                                     other: str, reason: str, code: str,
                                                     field: str | None) -> None:
    result = decide(api, "confirmSameAs", person, other, reason)
    assert result["ok"] is False and result["link"] is None
    assert (result["errors"][0]["code"], result["errors"][0]["field"]) == (code, field)
    assert (count(db, "SameAsLink"), count(db, "SameAsEvent")) == (0, 0)


def test_undo_of_an_unknown_or_undone_link_writes_nothing(api: LiveServer, db: Driver) -> None:
    missing = gql(api, UNDO, l="SA-P-1-P-9", r="oops")["undoSameAs"]
    assert missing["ok"] is False and missing["errors"][0]["code"] == "NOT_FOUND"
    link = decide(api, "confirmSameAs", "P-1", "P-2")["link"]
    gql(api, UNDO, l=link["id"], r="wrong")
    again = gql(api, UNDO, l=link["id"], r="wrong again")["undoSameAs"]
    assert again["ok"] is False and again["errors"][0]["code"] == "CONFLICT"
    empty = gql(api, UNDO, l=link["id"], r="")["undoSameAs"]
    assert empty["errors"][0]["field"] == "reason"
    assert count(db, "SameAsEvent") == 2


def test_every_decision_is_audited(api: LiveServer, db: Driver) -> None:
    decide(api, "confirmSameAs", "P-1", "P-2", "one person: shared tenprint")
    audit_journal.flush_all()
    records, _, _ = db.execute_query(
        "MATCH (e:AuditEntry) RETURN e { .* } AS e ORDER BY e.seq DESC LIMIT 1")
    entry = records[0]["e"]
    assert entry["action"] == "change:same-as-confirmed"
    assert {"SA-P-1-P-2", "P-1", "P-2"} <= set(entry["subject_ids"])
    assert entry["user"] == "test-supervisor" and entry["outcome"] == "ok"
    assert "P-1 = P-2" in entry["detail"]


def test_a_role_without_record_may_not_decide(api: LiveServer, db: Driver) -> None:
    body = post(api, DECIDE % ("confirmSameAs", LINK), role="auditor", p="P-1", o="P-2",
                r="same")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert count(db, "SameAsLink") == 0


def test_the_history_shows_the_confirmed_cluster(api: LiveServer) -> None:
    decide(api, "confirmSameAs", "P-1", "P-2", "fingerprints identify both records")
    decide(api, "rejectSameAs", "P-1", "P-5", "different person")
    history = gql(api, """query { history(personId: "P-1", purpose: "custody check",
                  save: false) { markdown } }""")["history"]["markdown"]
    assert "Also recorded as Jan Kowalsky (P-2)" in history
    assert ("confirmed same person by test-supervisor on" in history
            and "fingerprints identify both records" in history)
    assert "P-5" not in history


# --- possible duplicates found when a person is recorded ----------------------------------

RECORD = """mutation ($input: PersonInput!) { recordPerson(input: $input) {
  ok id errors { code field message }
  possibleDuplicates { otherId otherName score band candidateId other { id fullName }
                       fields { field outcome } } } }"""
NEAR_P5 = {"givenNames": "Maria", "familyName": "Nowack", "datesOfBirth": ["1985-01-30"],
           "nationalities": ["PL"], "gender": "male", "source": "custody desk"}


def record(server: LiveServer, **fields: Any) -> dict[str, Any]:
    return gql(server, RECORD, input=fields)["recordPerson"]


def stored(db: Driver, person_id: str) -> list[dict[str, Any]]:
    records, _, _ = db.execute_query(
        "MATCH (c:DuplicateCandidate) WHERE $id IN c.person_ids "
        "RETURN c { .id, .score, .scan_id, .source, .person_ids } AS c ORDER BY c.id",
        id=person_id)
    return [r["c"] for r in records]


def pair_id(first: str, second: str) -> str:
    return "DC-{}-{}".format(*sorted((first, second)))


def test_recording_a_near_copy_returns_and_stores_the_possible_duplicate(
        api: LiveServer, db: Driver) -> None:
    done = record(api, **NEAR_P5)
    assert done["ok"] is True and done["errors"] == []
    [found] = done["possibleDuplicates"]
    assert (found["otherId"], found["otherName"], found["band"]) == (
        "P-5", "Maria Nowak", "strong")
    assert found["other"] == {"id": "P-5", "fullName": "Maria Nowak"}
    assert found["candidateId"] == pair_id(done["id"], "P-5")
    outcomes = {f["field"]: f["outcome"] for f in found["fields"]}
    assert outcomes["family_name"] == "variant" and outcomes["date_of_birth"] == "exact"
    [node] = stored(db, done["id"])
    assert node["id"] == found["candidateId"] and node["score"] == found["score"]
    assert node["source"] == duplicates_live.SOURCE
    audit_journal.flush_all()       # the other record shown is in the request's audit entry
    records, _, _ = db.execute_query(
        "MATCH (e:AuditEntry) RETURN e { .* } AS e ORDER BY e.seq DESC LIMIT 1")
    entry = records[0]["e"]
    assert "possible-duplicates" in entry["action"] and "change:person" in entry["action"]
    assert {done["id"], "P-5"} <= set(entry["subject_ids"])


def test_a_distinct_person_gets_no_possible_duplicate(api: LiveServer, db: Driver) -> None:
    done = record(api, givenNames="Olga", familyName="Petrenko", datesOfBirth=["1961-06-06"],
                  nationalities=["UA"], gender="female", source="custody desk")
    assert done["ok"] is True and done["possibleDuplicates"] == []
    assert stored(db, done["id"]) == []


def test_a_later_scan_keeps_one_node_per_pair_with_the_same_score(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> None:
    done = record(api, **NEAR_P5)
    [live] = stored(db, done["id"])
    result = duplicates.scan(db, neo4j_connection.database, by="test")
    [after] = stored(db, done["id"])
    assert after["id"] == live["id"] and after["score"] == live["score"]
    assert after["source"] == duplicates.SOURCE             # the scan rewrote that one node
    assert live["id"] in {p.id for p in result.pairs}
    records, _, _ = db.execute_query(
        "MATCH (c:DuplicateCandidate) RETURN c.id AS id, count(*) AS n")
    assert all(r["n"] == 1 for r in records) and len(records) == len(result.pairs)


def test_a_pair_stored_after_the_scan_read_the_graph_survives_its_cleanup(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> None:
    read_at = dt.datetime.now(dt.UTC)      # a scan reads the graph, then a person is recorded
    done = record(api, **NEAR_P5)
    duplicates.store_pairs(db, neo4j_connection.database, [], by="test", started=read_at)
    assert len(stored(db, done["id"])) == 1
    duplicates.store_pairs(db, neo4j_connection.database, [], by="test")
    assert stored(db, done["id"]) == []     # a scan that read it later and did not find it


def test_a_rejected_pair_is_not_proposed_again_until_undone(
        api: LiveServer, db: Driver) -> None:
    person = record(api, **NEAR_P5)["id"]
    before = stored(db, person)
    link = decide(api, "rejectSameAs", person, "P-5", "different mothers' names")["link"]
    again = record(api, id=person, aliases=["Marie Nowak"], **NEAR_P5)
    assert again["ok"] is True and again["possibleDuplicates"] == []
    assert stored(db, person) == before     # left as it was: not re-proposed, not dropped
    gql(api, UNDO, l=link["id"], r="rejected in error")
    third = record(api, id=person, **NEAR_P5)
    assert [p["otherId"] for p in third["possibleDuplicates"]] == ["P-5"]


POSSIBLE = """query ($id: ID!, $min: Float!) { person(id: $id) {
  possibleDuplicates(minScore: $min) { otherId otherName score band candidateId
                                       other { id } fields { field } } } }"""


def possible(server: LiveServer, person: str, min_score: float = 0.5,
             role: str = "supervisor") -> list[dict[str, Any]]:
    body = post(server, POSSIBLE, role=role, id=person, min=min_score)
    assert "errors" not in body, body
    return body["data"]["person"]["possibleDuplicates"]


def test_the_profile_lists_stored_undecided_pairs_until_decided(
        api: LiveServer, db: Driver) -> None:
    person = record(api, **NEAR_P5)["id"]
    [mine] = possible(api, person)
    [theirs] = possible(api, "P-5")
    assert (mine["otherId"], mine["otherName"], mine["other"]) == (
        "P-5", "Maria Nowak", {"id": "P-5"})
    assert (theirs["otherId"], theirs["otherName"]) == (person, "Maria Nowack")
    assert mine["candidateId"] == theirs["candidateId"] == pair_id(person, "P-5")
    assert mine["score"] == theirs["score"] == stored(db, person)[0]["score"]
    assert mine["band"] == "strong" and mine["fields"]
    for action in ("confirmSameAs", "rejectSameAs"):
        link = decide(api, action, person, "P-5")["link"]
        assert possible(api, person) == [] and possible(api, "P-5") == []
        gql(api, UNDO, l=link["id"], r="decided in error")
        assert [p["otherId"] for p in possible(api, "P-5")] == [person]
    assert len(stored(db, person)) == 1                         # read only: nothing written


def test_possible_duplicates_are_ordered_filtered_refused_and_audited(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> None:
    scores = {p.b if p.a == "P-1" else p.a: p.comparison.score
              for p in duplicates.scan(db, neo4j_connection.database, by="test").pairs
              if "P-1" in (p.a, p.b)}
    shown = possible(api, "P-1", min_score=0.2)
    assert len(shown) >= 2 and {p["otherId"]: p["score"] for p in shown} == scores
    assert [p["score"] for p in shown] == sorted(scores.values(), reverse=True)
    cut = max(scores.values())
    above = [p["otherId"] for p in possible(api, "P-1", min_score=cut)]
    assert above == [other for other, score in scores.items() if score >= cut]
    assert 0 < len(above) < len(shown)
    bad = post(api, POSSIBLE, id="P-1", min=1.5)
    assert "minScore" in bad["errors"][0]["message"]
    refused = post(api, POSSIBLE, role="auditor", id="P-1", min=0.5)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert refused["data"] == {"person": None}
    possible(api, "P-1", min_score=0.2, role="officer")
    audit_journal.flush_all()
    records, _, _ = db.execute_query(
        "MATCH (e:AuditEntry) RETURN e { .* } AS e ORDER BY e.seq DESC LIMIT 1")
    entry = records[0]["e"]
    assert "possible-duplicates" in entry["action"] and entry["user"] == "test-officer"
    assert {"P-1", *scores} <= set(entry["subject_ids"])


def test_a_failing_check_leaves_the_person_recorded(
        api: LiveServer, db: Driver, caplog: pytest.LogCaptureFixture) -> None:
    # A record written around the write layer (no validation) with a date the blocking
    # cannot read: the check fails for real once the new person is written.
    db.execute_query("CREATE (:Person {id: 'P-LEGACY', given_names: 'Maria', "
                     "family_name: 'Nowak', full_name: 'Maria Nowak', name_keys: 'MR NK', "
                     "year_keys: '1985_MR 1985_NK', dates_of_birth: ['1985-xx-30'], "
                     "birth_year: 1985})")
    with caplog.at_level(logging.ERROR, logger="api.types.same_as"):
        done = record(api, **NEAR_P5)
    assert done["ok"] is True and done["errors"] == [] and done["possibleDuplicates"] == []
    records, _, _ = db.execute_query("MATCH (p:Person {id: $id}) RETURN p.full_name AS n",
                                     id=done["id"])
    assert records[0]["n"] == "Maria Nowack"
    assert any("duplicate check failed" in r.getMessage() and done["id"] in r.getMessage()
               for r in caplog.records)


def test_cli_checks_the_persons_named(api: LiveServer, db: Driver,
                                      neo4j_connection: Neo4jConnection,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from cli import app

    point_cli_at(monkeypatch, neo4j_connection)
    rows = _people()["person"][:1]        # written as an import would: no check ran
    row = {**rows[0], "id": "P-IMPORTED", "given_names": "Jann", "family_name": "Kowalski"}
    write_records(db, neo4j_connection.database, {"person": [row]})
    assert stored(db, "P-IMPORTED") == []

    refused = CliRunner().invoke(app, ["duplicates", "scan", "--person", "P-IMPORTED",
                                       "--person", "P-404"])
    assert refused.exit_code == 2 and "P-404" in refused.output
    assert stored(db, "P-IMPORTED") == []             # nothing checked, nothing written

    result = CliRunner().invoke(app, ["duplicates", "scan", "--person", "P-IMPORTED",
                                      "--person", "P-5"])
    assert result.exit_code == 0, result.output
    found = {c["id"] for c in stored(db, "P-IMPORTED")}
    assert pair_id("P-IMPORTED", "P-1") in found and pair_id("P-IMPORTED", "P-2") in found
    assert "P-IMPORTED: " in result.output and "P-5: no possible duplicate" in result.output
    assert "Jan Kowalski" in result.output
    records, _, _ = db.execute_query(
        "MATCH (e:AuditEntry {action: 'change:duplicates-check'}) RETURN e.role AS role, "
        "e.subject_ids AS ids")
    assert records[0]["role"] == "cli" and {"P-IMPORTED", "P-5", "P-1"} <= set(
        records[0]["ids"])

    # A full scan is a change too: audited with what it stored.
    full = CliRunner().invoke(app, ["duplicates", "scan"])
    assert full.exit_code == 0, full.output
    records, _, _ = db.execute_query(
        "MATCH (e:AuditEntry {action: 'change:duplicates-scan'}) RETURN e.role AS role, "
        "e.detail AS detail")
    assert len(records) == 1 and records[0]["role"] == "cli"
    assert re.search(r"\d+ people read, \d+ pairs stored", records[0]["detail"])


# --- detection quality on a seeded demo with planted duplicates -------------------------

@pytest.fixture(scope="module")
def demo(driver: Driver, neo4j_connection: Neo4jConnection) -> tuple[DemoData, Any]:
    database = neo4j_connection.database
    wipe_graph(driver, database)
    data = DemoData(1500, 5, duplicates=0.04)
    load_demo(driver, database, data, batch_size=2000)
    return data, duplicates.scan(driver, database, by="test")


def test_planted_duplicates_are_found_with_the_target_precision_and_recall(
        demo: tuple[DemoData, Any]) -> None:
    data, result = demo
    truth = [(p.original, p.twin) for p in data.duplicates.planted()]
    assert len(truth) == 60 and len({p.kind for p in data.duplicates.planted()}) == 8
    figures = duplicates.evaluate(result.pairs, truth, threshold=0.9)
    assert figures.recall >= 0.95, figures.missed
    assert figures.precision >= 0.95, figures.false


def test_the_check_of_given_persons_finds_what_the_scan_finds(
        demo: tuple[DemoData, Any], driver: Driver,
        neo4j_connection: Neo4jConnection) -> None:
    """The live path's blocking in Neo4j plus the scan's rules and scorer, for every person
    in batches: the same pairs with the same scores and rules as the scan."""
    _, result = demo
    persons = duplicates.load_persons(driver, neo4j_connection.database)
    live = duplicates_live.pairs_for(driver, neo4j_connection.database,
                                     [p["id"] for p in persons])
    assert len(result.pairs) > 60
    assert {(p.id, p.comparison.log2_odds, p.rules) for p in live} == {
        (p.id, p.comparison.log2_odds, p.rules) for p in result.pairs}


def test_candidates_are_paged_by_score_and_show_decisions(
        demo: tuple[DemoData, Any], live_server: LiveServer) -> None:
    query = """query ($after: String, $undecided: Boolean!) {
      duplicateCandidates(first: 5, after: $after, minScore: 0.9, undecided: $undecided) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { a { id } b { id } score band
                       fields { field outcome explanation } decision { status } } } } }"""
    first = gql(live_server, query, after=None, undecided=False)["duplicateCandidates"]
    nodes = [e["node"] for e in first["edges"]]
    assert len(nodes) == 5 and first["pageInfo"]["hasNextPage"]
    scores = [n["score"] for n in nodes]
    assert scores == sorted(scores, reverse=True) and min(scores) >= 0.9
    assert {"family_name", "date_of_birth", "place_of_birth"} <= {
        f["field"] for f in nodes[0]["fields"]}
    second = gql(live_server, query, after=first["pageInfo"]["endCursor"],
                 undecided=False)["duplicateCandidates"]
    assert second["edges"][0]["node"]["score"] <= scores[-1]

    top = nodes[0]
    decide(live_server, "confirmSameAs", top["a"]["id"], top["b"]["id"], "reviewed: one person")
    again = gql(live_server, query, after=None, undecided=False)["duplicateCandidates"]
    assert again["edges"][0]["node"]["decision"] == {"status": "confirmed"}
    open_only = gql(live_server, query, after=None, undecided=True)["duplicateCandidates"]
    assert open_only["totalCount"] == first["totalCount"] - 1
    assert all(e["node"]["decision"] is None for e in open_only["edges"])
