"""Analytics on small graphs whose answers are known by hand: centralities, Leiden,
triangles, RFG harm scores, people at risk; then the cache in a real Neo4j, the CLI and
the GraphQL fields over real HTTP with authentication."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import httpx
import igraph as ig
import pytest
from neo4j import Driver
from typer.testing import CliRunner

from graph.analytics import harm, network, run, store
from graph.analytics.network import Projection
from graph.audit import journal as audit_journal
from graph.db.settings import Neo4jConnection
from graph.history import harm as history_harm
from graph.records import write_records
from tests.support.cli import point_cli_at
from tests.support.factories import Source, grading
from tests.support.neo4j import wipe_graph
from tests.support.server import LiveServer, auth_headers

AS_OF = dt.date(2024, 1, 1)


def _analyse(persons: list[str], links: list[tuple[str, str]],
             offending: frozenset[str] = frozenset()) -> dict[str, network.NetworkScores]:
    projection = Projection.of([(p, p in offending) for p in persons],
                               [(a, b, False) for a, b in links])
    return network.analyse(projection)


# --- centralities, communities, triangles (no database) --------------------------------

def test_star_centre_lies_on_every_path_between_leaves() -> None:
    n = 6
    leaves = [f"L{i}" for i in range(1, n)]
    scores = _analyse(["C", *leaves], [("C", leaf) for leaf in leaves])
    assert scores["C"].betweenness == (n - 1) * (n - 2) / 2  # 10 pairs of leaves
    assert all(scores[leaf].betweenness == 0 for leaf in leaves)
    assert scores["C"].degree == n - 1 and all(scores[x].degree == 1 for x in leaves)
    assert all(scores["C"].pagerank > scores[leaf].pagerank for leaf in leaves)
    assert len({scores[leaf].pagerank for leaf in leaves}) == 1
    assert sum(s.pagerank for s in scores.values()) == pytest.approx(1.0, abs=1e-6)


def test_path_betweenness_and_pagerank_order() -> None:
    # A-B-C-D-E: vertex i separates i x (4 - i) pairs: 0, 3, 4, 3, 0.
    scores = _analyse(list("ABCDE"), [("A", "B"), ("B", "C"), ("C", "D"), ("D", "E")])
    assert [scores[v].betweenness for v in "ABCDE"] == [0, 3, 4, 3, 0]
    ranks = {v: scores[v].pagerank for v in "ABCDE"}
    assert ranks["A"] == pytest.approx(ranks["E"]) and ranks["B"] == pytest.approx(ranks["D"])
    assert max(ranks["A"], ranks["E"]) < min(ranks["B"], ranks["C"], ranks["D"])


def test_leiden_recovers_two_cliques_joined_by_one_edge() -> None:
    left, right = [f"a{i}" for i in range(5)], [f"b{i}" for i in range(5)]
    clique = [(x, y) for group in (left, right) for i, x in enumerate(group)
              for y in group[i + 1:]]
    scores = _analyse(left + right + ["alone"], [*clique, ("a0", "b0")])
    assert {scores[p].community for p in left} == {0}  # equal sizes: a0's group is first
    assert {scores[p].community for p in right} == {1}
    assert scores["alone"].community is None
    again = _analyse(left + right + ["alone"], [*clique, ("a0", "b0")])
    assert again == scores  # seeded: the same graph gives the same answer


def test_triangles_of_k4() -> None:
    nodes = list("ABCD")
    scores = _analyse(nodes, [(x, y) for i, x in enumerate(nodes) for y in nodes[i + 1:]])
    assert [scores[v].triangles for v in nodes] == [3, 3, 3, 3]
    assert sum(s.triangles for s in scores.values()) // 3 == 4  # K4 has 4 triangles


def test_parallel_links_count_once_and_unknown_ids_are_dropped() -> None:
    scores = _analyse(["A", "B"], [("A", "B"), ("B", "A"), ("A", "Z")])
    assert scores["A"].degree == 1 and "Z" not in scores


def test_at_risk_needs_no_own_offending_and_enough_offending_associates() -> None:
    offenders = frozenset({"O1", "O2", "O3"})
    links = [("R", "O1"), ("R", "O2"), ("R", "O3"), ("N", "O1"), ("N", "O2"),
             ("O1", "O2"), ("O1", "O3")]
    scores = _analyse(["R", "N", "O1", "O2", "O3"], links, offenders)
    assert [p for p, s in scores.items() if s.at_risk] == ["R"]
    assert scores["R"].offending_associates == 3 and scores["N"].offending_associates == 2
    assert scores["O1"].offending_associates == 2 and not scores["O1"].at_risk  # own record


# --- RFG harm (no database) ------------------------------------------------------------

HAND_CASE = [
    # 20 years before AS_OF exactly (7,305 days = 20 x 365.25): recency weight 0.5^4.
    {"id": "CV-A", "convicted_on": dt.date(2004, 1, 1), "offences": [{"id": "008/01"}]},
    # on AS_OF: weight 1, and inside the 3-year frequency window.
    {"id": "CV-B", "convicted_on": AS_OF, "offences": [{"id": "105/01"}, {"id": "046/01"}]},
]


def test_rfg_by_hand() -> None:
    score = harm.rfg(HAND_CASE, AS_OF, unproven_arrests=2)
    # gravity: s.20 GBH 365 + common assault 9 + shoplifting 2 = 376 CCHI days
    assert score.gravity == 376.0
    # recency-weighted: 365 x 0.0625 + 11 x 1 = 22.8125 + 11 = 33.8125; R = 33.8125 / 376
    assert score.recency == round(33.8125 / 376, 4) == 0.0899
    # frequency: one conviction in the last 3 years x 28 days
    assert score.frequency == 28.0 and score.recent_convictions == 1
    # score = G x R + F = 33.8125 + 28 = 61.8125; the two arrests weigh 0
    assert score.score == 61.81
    assert score.convictions == 2 and score.unproven_arrests == 2
    assert score.version == "rfg-1"
    assert harm.rfg([], AS_OF, 5).score == 0.0


def test_the_history_shows_the_rfg_working_by_hand() -> None:
    # The history lays out the one formula (graph.analytics.harm) term by term.
    history = history_harm.assessment(HAND_CASE, AS_OF, {})
    assert [(t["conviction_id"], t["gravity"], t["age_years"], t["recency_weight"],
             t["term"], t["in_frequency_window"]) for t in history["terms"]] == [
        ("CV-A", 365.0, 20.0, 0.0625, 22.81, False), ("CV-B", 11.0, 0.0, 1.0, 11.0, True)]
    assert history["frequency_term"] == 28.0 and history["gravity_total"] == 376.0
    assert history["score"] == harm.rfg(HAND_CASE, AS_OF).score == 61.81


def test_table_weight_wins_and_graph_weight_fills_gaps() -> None:
    assert harm.offence_weight("008/01", 1.0) == 365.0
    assert harm.offence_weight("999/99", 40.0) == 40.0
    assert harm.offence_weight("999/99", None) == 0.0


# --- the cache in Neo4j ----------------------------------------------------------------

SOURCE = Source("test:analytics", "tester", "2023-12-01T10:00:00Z")
PEOPLE = ("P-O1", "P-O2", "P-O3", "P-R", "P-N", "P-S", "P-X")
C_GRADING = grading("2B", "C", handling_conditions="Not to be shared outside the unit")


def build_known_graph(driver: Driver, database: str) -> None:
    """O1, O2, O3 offend; R knows all three (at risk); N knows two; S knows all three but
    is a suspect himself; X knows all three but his link to O3 is graded C."""
    friend = [("P-R", "P-O1"), ("P-R", "P-O2"), ("P-R", "P-O3"), ("P-N", "P-O1"),
              ("P-N", "P-O2"), ("P-S", "P-O1"), ("P-S", "P-O2"), ("P-S", "P-O3"),
              ("P-X", "P-O1"), ("P-X", "P-O2")]
    write_records(driver, database, {
        "offence": [SOURCE.row(id=code, description=code, category="theft", chi_days=1.0)
                    for code in ("008/01", "105/01", "046/01")],
        "person": [SOURCE.row(id=pid, given_names="Test", family_name=pid[2:], gender="male",
                              nationalities=["GB"], immigration_status="unknown")
                   for pid in PEOPLE],
        "incident": [SOURCE.row(id="IN-1", occurred_at="2023-06-01T22:00:00Z", type="assault",
                                description="Fight")],
        "arrest": [SOURCE.row(id=f"AR-{n}", person_id=pid, offence_ids=["105/01"],
                              arrested_at="2023-06-02T01:00:00Z", arresting_officer="PC 1",
                              outcome="nfa")
                   for n, pid in ((1, "P-O2"), (2, "P-O1"), (3, "P-O1"))],
        "conviction": [SOURCE.row(id=c["id"], person_id="P-O1", convicted_on=c["convicted_on"]
                                  .isoformat(), offence_ids=[o["id"] for o in c["offences"]],
                                  court="Test Court", plea="guilty", disposal="fine",
                                  jurisdiction="GB", known_via="pnc") for c in HAND_CASE]
        + [SOURCE.row(id="CV-C", person_id="P-O3", convicted_on="2023-01-01",
                      offence_ids=["105/01"], court="Test Court", plea="guilty", disposal="fine",
                      jurisdiction="GB", known_via="pnc")],
        "incident_role": [SOURCE.row(id="IR-1", person_id="P-S", incident_id="IN-1",
                                     role="suspect")],
        "association": [SOURCE.row(id=f"AS-{n}", kind="friend", person_id=a, other_person_id=b)
                        for n, (a, b) in enumerate(friend)]
        + [SOURCE.row(id="AS-C", kind="friend", person_id="P-X", other_person_id="P-O3",
                      **C_GRADING),
           SOURCE.row(id="AS-CO", kind="co_offender", person_id="P-O1", other_person_id="P-O2")],
    })


def _cached(driver: Driver, database: str) -> dict[str, dict[str, Any]]:
    records, _, _ = driver.execute_query(
        "MATCH (p:Person) RETURN p.id AS id, p { .* } AS props", database_=database)
    return {r["id"]: {k: v for k, v in r["props"].items() if k.startswith("analytics_")}
            for r in records}


@pytest.fixture(scope="module")
def analysed(driver: Driver, neo4j_connection: Neo4jConnection
             ) -> Iterator[tuple[Driver, str, run.RunReport]]:
    database = neo4j_connection.database
    wipe_graph(driver, database)
    build_known_graph(driver, database)
    yield driver, database, run.run_all(driver, database, as_of=AS_OF)
    wipe_graph(driver, database)


def test_run_caches_scores_on_every_person(analysed: tuple[Driver, str, run.RunReport]
                                           ) -> None:
    driver, database, report = analysed
    cached = _cached(driver, database)
    assert report.persons == len(PEOPLE) == len(cached) and report.at_risk == 1
    o1 = cached["P-O1"]
    assert o1["analytics_harm_score"] == 61.81 and o1["analytics_harm_gravity"] == 376.0
    assert o1["analytics_harm_unproven_arrests"] == 2
    assert o1["analytics_harm_as_of"].to_native() == AS_OF
    assert cached["P-O2"]["analytics_harm_score"] == 0.0  # arrested, never convicted
    # X's link to O3 is graded C: left out, so X has 2 associates, not 3, and is not at risk
    assert cached["P-X"]["analytics_degree"] == 2
    assert [p for p, c in cached.items() if c["analytics_at_risk"]] == ["P-R"]
    assert cached["P-S"]["analytics_offending"] and not cached["P-S"]["analytics_at_risk"]
    assert cached["P-O1"]["analytics_co_offenders"] == 1
    assert cached["P-O1"]["analytics_co_offending_group_size"] == 2
    assert "analytics_co_offending_group" not in cached["P-R"]  # null: not stored
    assert {c["analytics_run_id"] for c in cached.values()} == {report.run_id}
    last = store.last_run(driver, database)
    assert last is not None and last["id"] == report.run_id and last["persons"] == 7
    assert last["version"] == "rfg-1+net-2"


def test_a_second_run_gives_the_same_answers(analysed: tuple[Driver, str, run.RunReport]
                                             ) -> None:
    driver, database, _ = analysed
    stamp = ("analytics_computed_at", "analytics_run_id")
    before = {p: {k: v for k, v in c.items() if k not in stamp}
              for p, c in _cached(driver, database).items()}
    run.run_all(driver, database, as_of=AS_OF)
    after = {p: {k: v for k, v in c.items() if k not in stamp}
             for p, c in _cached(driver, database).items()}
    assert after == before


def test_rankings_from_the_cache(analysed: tuple[Driver, str, run.RunReport]) -> None:
    driver, database, _ = analysed
    total, page = harm.high_harm(driver, database, 10)
    assert total == 2 and [p["id"] for p in page] == ["P-O1", "P-O3"]
    total, page = harm.high_harm(driver, database, 10, min_score=50)
    assert total == 1 and page[0]["id"] == "P-O1"
    by_degree = store.key_players(driver, database, 2, "DEGREE")
    assert [(p["id"], p["analytics_degree"]) for p in by_degree] == [("P-O1", 5), ("P-O2", 5)]
    with pytest.raises(ValueError, match="unknown measure"):
        store.key_players(driver, database, 2, "p.id")
    total, groups = store.communities(driver, database, 10)
    assert sum(g["size"] for g in groups) == len(PEOPLE) and total == len(groups)
    for group in groups:
        ranks = [m["analytics_pagerank"] for m in group["top"]]
        assert ranks == sorted(ranks, reverse=True)


def test_cli_run_and_status(analysed: tuple[Driver, str, run.RunReport],
                            neo4j_connection: Neo4jConnection,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    from cli import app

    driver, database, _ = analysed
    point_cli_at(monkeypatch, neo4j_connection)
    runner = CliRunner()
    result = runner.invoke(app, ["analytics", "run", "--as-of", "2024-01-01"])
    assert result.exit_code == 0, result.output
    assert "7 people" in result.output and "1 at risk" in result.output
    assert "betweenness" in result.output  # the time per stage
    status = runner.invoke(app, ["analytics", "status"])
    assert status.exit_code == 0 and "rfg-1+net-2" in status.output
    bad = runner.invoke(app, ["analytics", "run", "--as-of", "01/01/2024"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
    assert _cached(driver, database)["P-O1"]["analytics_harm_score"] == 61.81


# --- GraphQL over real HTTP ------------------------------------------------------------

def post(server: LiveServer, query: str, role: str = "analyst",
         **variables: Any) -> dict[str, Any]:
    response = httpx.post(f"{server.url}/graphql", json={"query": query,
                                                         "variables": variables},
                          headers=auth_headers(role), timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def last_audit(driver: Driver, database: str) -> dict[str, Any]:
    audit_journal.flush_all()
    records, _, _ = driver.execute_query(
        "MATCH (e:AuditEntry) RETURN e { .* } AS e ORDER BY e.seq DESC LIMIT 1",
        database_=database)
    return records[0]["e"]


HIGH_HARM = """query ($min: Float!) { highHarm(first: 10, minScore: $min) {
  totalCount edges { node { rank person { id } harm { score gravity recency frequency
  convictions recentConvictions unprovenArrests asOf version formula } } } } }"""


def test_high_harm_over_http(analysed: tuple[Driver, str, run.RunReport],
                             live_server: LiveServer) -> None:
    driver, database, _ = analysed
    body = post(live_server, HIGH_HARM, min=0.0)
    assert "errors" not in body, body
    ranking = body["data"]["highHarm"]
    assert ranking["totalCount"] == 2
    first = ranking["edges"][0]["node"]
    assert first["rank"] == 1 and first["person"]["id"] == "P-O1"
    assert first["harm"] | {"formula": None} == {
        "score": 61.81, "gravity": 376.0, "recency": 0.0899, "frequency": 28.0,
        "convictions": 2, "recentConvictions": 1, "unprovenArrests": 2,
        "asOf": "2024-01-01", "version": "rfg-1", "formula": None}
    entry = last_audit(driver, database)
    assert entry["action"] == "high-harm" and {"P-O1", "P-O3"} <= set(entry["subject_ids"])
    refused = post(live_server, HIGH_HARM, min=-1.0)
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_key_players_people_at_risk_and_communities_over_http(
        analysed: tuple[Driver, str, run.RunReport], live_server: LiveServer) -> None:
    driver, database, _ = analysed
    body = post(live_server, """{
      keyPlayers(first: 2, by: DEGREE) { rank value person { id } network { degree } }
      peopleAtRisk(first: 5) { totalCount edges { node { person { id }
        offendingAssociates associates } } }
      communities(first: 10, topMembers: 2) { totalCount edges { node { id size
        offendingMembers harmTotal topMembers { id } } } } }""")
    assert "errors" not in body, body
    data = body["data"]
    assert [(k["person"]["id"], k["value"]) for k in data["keyPlayers"]] == [
        ("P-O1", 5.0), ("P-O2", 5.0)]
    at_risk = data["peopleAtRisk"]
    assert at_risk["totalCount"] == 1
    assert at_risk["edges"][0]["node"] == {"person": {"id": "P-R"}, "offendingAssociates": 3,
                                           "associates": 3}
    assert "P-R" in last_audit(driver, database)["subject_ids"]
    groups = [e["node"] for e in data["communities"]["edges"]]
    assert sum(g["size"] for g in groups) == 7
    assert sum(g["offendingMembers"] for g in groups) == 4  # O1, O2, O3 and suspect S
    assert sum(g["harmTotal"] for g in groups) == pytest.approx(61.81 + 35.84, abs=0.01)
    assert all(1 <= len(g["topMembers"]) <= 2 for g in groups)


def test_person_analytics_over_http(analysed: tuple[Driver, str, run.RunReport],
                                    live_server: LiveServer) -> None:
    body = post(live_server, """{ person(id: "P-R") { analytics { computedAt runId
      harm { score } network { degree atRisk offendingAssociates community version } } } }""")
    assert "errors" not in body, body
    analytics = body["data"]["person"]["analytics"]
    assert analytics["harm"]["score"] == 0.0
    assert analytics["network"] | {"community": 0} == {
        "degree": 3, "atRisk": True, "offendingAssociates": 3, "community": 0,
        "version": "net-2"}
    assert analytics["network"]["community"] is not None
    assert analytics["runId"].startswith("RUN-") and analytics["computedAt"]


@pytest.mark.parametrize("field", [
    "highHarm(first: 1) { totalCount }", "keyPlayers(first: 1) { rank }",
    "peopleAtRisk(first: 1) { totalCount }", "communities(first: 1) { totalCount }"])
def test_analytics_need_read_persons(analysed: tuple[Driver, str, run.RunReport],
                                     live_server: LiveServer, field: str) -> None:
    refused = post(live_server, f"{{ {field} }}", role="auditor")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    allowed = post(live_server, f"{{ {field} }}", role="officer")
    assert "errors" not in allowed, allowed


def test_betweenness_from_every_source_is_exact_and_a_sample_ranks_the_central_alike(
        ) -> None:
    graph = ig.Graph.Barabasi(3000, 3, directed=False)
    graph.simplify()
    exact = graph.betweenness(directed=False)
    assert network.betweenness(graph, sources=0) == (exact, 3000)
    every, used = network.betweenness(graph, sources=3000)
    assert used == 3000 and every == pytest.approx(exact)
    sampled, used = network.betweenness(graph, sources=300, seed=7)
    assert used == 300
    top = set(sorted(range(3000), key=lambda v: -exact[v])[:20])
    assert len(top & set(sorted(range(3000), key=lambda v: -sampled[v])[:20])) >= 16
    assert sum(sampled) == pytest.approx(sum(exact), rel=0.15)  # scaled, not a fraction
    assert network.betweenness(graph, sources=300, seed=7)[0] == sampled  # seeded


def test_betweenness_is_sampled_above_the_exact_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = ig.Graph.Ring(60)
    monkeypatch.setattr(network, "EXACT_BETWEENNESS_LIMIT", 50)
    monkeypatch.setattr(network, "BETWEENNESS_SOURCES", 10)
    assert network.betweenness(graph)[1] == 10
    monkeypatch.setattr(network, "EXACT_BETWEENNESS_LIMIT", 60)
    assert network.betweenness(graph)[1] == 60


def test_betweenness_in_a_second_process_gives_the_same_scores() -> None:
    graph = ig.Graph.Barabasi(400, 2, directed=False)
    persons = [f"P-{v}" for v in range(400)]
    links = [(persons[a], persons[b]) for a, b in graph.get_edgelist()]
    projection = Projection.of([(p, v % 3 == 0) for v, p in enumerate(persons)],
                               [(a, b, False) for a, b in links])
    timings: dict[str, float] = {}
    beside = network.analyse(projection, betweenness_sources=50, parallel=True,
                             timings=timings)
    assert beside == network.analyse(projection, betweenness_sources=50, parallel=False)
    assert timings["betweenness_sources"] == 50 and "betweenness_wait" in timings
    assert max(s.betweenness for s in beside.values()) > 0


def test_sampled_sources_shrink_to_keep_the_work_bounded(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    monkeypatch.setattr(network, "EXACT_BETWEENNESS_LIMIT", 50)
    monkeypatch.setattr(network, "BETWEENNESS_SOURCES", 40)
    monkeypatch.setattr(network, "MIN_BETWEENNESS_SOURCES", 12)
    ring = ig.Graph.Ring(200)                          # 200 links
    monkeypatch.setattr(network, "BETWEENNESS_WORK", 40 * 200)
    assert network.betweenness(ring)[1] == 40         # within the budget: all 40
    monkeypatch.setattr(network, "BETWEENNESS_WORK", 20 * 200)
    assert network.betweenness(ring)[1] == 20         # half the budget: half the sources
    monkeypatch.setattr(network, "BETWEENNESS_WORK", 1)
    assert network.betweenness(ring)[1] == 12         # never under the floor
    assert network.betweenness(ring, sources=30)[1] == 30   # asked for: as asked
