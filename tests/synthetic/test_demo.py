"""The demo data set: deterministic, and shaped like a city's policing data.

Generation is checked without a database (same seed, same rows; another seed, other
rows); the shape is checked on a 600-person graph loaded into the real Neo4j through the
write layer, with Cypher.
"""

from __future__ import annotations

import hashlib
import json
import statistics

import pytest
from neo4j import Driver

from graph.db.settings import Neo4jConnection
from graph.records.stats import graph_stats
from synthetic.city import DemoData, graph_has_persons, load_demo
from tests.support.neo4j import wipe_graph

PERSONS = 600


def _fingerprint(data: DemoData) -> tuple[dict[str, int], dict[str, list[str]], str]:
    """Counts, ids per kind, and a hash of every row."""
    ids: dict[str, list[str]] = {}
    digest = hashlib.sha256()
    for kind, _, rows in data.streams():
        for row in rows:
            ids.setdefault(kind, []).append(row["id"])
            digest.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode())
    return data.counts(), ids, digest.hexdigest()


def test_same_seed_same_rows_other_seed_other_rows() -> None:
    first = _fingerprint(DemoData(300, 11))
    again = _fingerprint(DemoData(300, 11))
    other = _fingerprint(DemoData(300, 12))
    assert first == again
    assert first[0]["person"] == 300
    prefixes = {"person": "P-", "location": "L-", "arrest": "AR-", "association": "AS-",
                "incident_role": "IR-", "intelligence_report": "IT-", "check": "CK-"}
    for kind, prefix in prefixes.items():
        ids = first[1][kind]
        assert len(set(ids)) == len(ids) and all(i.startswith(prefix) for i in ids), kind
    assert first[2] != other[2]
    assert first[0] != other[0]


def test_counts_announced_are_the_rows_streamed() -> None:
    data = DemoData(200, 4)
    streamed = {kind: sum(1 for _ in rows) for kind, _, rows in data.streams()}
    assert streamed == data.counts()


@pytest.fixture(scope="module")
def demo_graph(driver: Driver, neo4j_connection: Neo4jConnection) -> tuple[Driver, str]:
    database = neo4j_connection.database
    wipe_graph(driver, database)
    assert not graph_has_persons(driver, database)
    result = load_demo(driver, database, DemoData(PERSONS, 1), batch_size=2000)
    assert result.rows["person"] == PERSONS
    assert graph_has_persons(driver, database)
    return driver, database


def _value(driver: Driver, database: str, query: str) -> object:
    records, _, _ = driver.execute_query(query, database_=database)
    return records[0][0]


def test_loaded_graph_matches_the_generator(
        demo_graph: tuple[Driver, str]) -> None:
    driver, database = demo_graph
    data = DemoData(PERSONS, 1)
    counts = data.counts()
    before = graph_stats(driver, database)
    for kind, label in (("person", "Person"), ("arrest", "Arrest"), ("incident", "Incident"),
                        ("intelligence_report", "IntelligenceReport"), ("warrant", "Warrant"),
                        ("conviction", "Conviction"), ("location", "Location")):
        assert before.nodes[label] == counts[kind], kind
    person_ids = _value(driver, database, "MATCH (p:Person) RETURN collect(p.id)")
    expected = [row["id"] for kind, _, rows in data.streams() if kind == "person" for row in rows]
    assert sorted(person_ids) == expected


def test_about_a_third_are_foreign_nationals_of_many_nationalities(
        demo_graph: tuple[Driver, str]) -> None:
    driver, database = demo_graph
    records, _, _ = driver.execute_query(
        "MATCH (p:Person) RETURN count(CASE WHEN NOT 'GB' IN p.nationalities THEN 1 END) AS "
        "foreign, count(p) AS total, count(DISTINCT p.nationalities[0]) AS nationalities",
        database_=database)
    share = records[0]["foreign"] / records[0]["total"]
    assert 0.25 < share < 0.42, share
    assert records[0]["nationalities"] >= 15


def test_names_vary_across_records(demo_graph: tuple[Driver, str]) -> None:
    driver, database = demo_graph
    records, _, _ = driver.execute_query(
        "MATCH (p:Person) RETURN p.full_name AS name, p.aliases AS aliases", database_=database)
    with_aliases = [r for r in records if r["aliases"]]
    assert len(with_aliases) > 0.15 * len(records)
    swapped = [r for r in with_aliases
               if " ".join(reversed(r["name"].split(" ", 1))) in r["aliases"]]
    non_latin = [r for r in with_aliases if any(not alias.isascii() for alias in r["aliases"])]
    assert swapped and non_latin


def test_arrest_outcomes_are_mixed_with_many_nfa(demo_graph: tuple[Driver, str]) -> None:
    driver, database = demo_graph
    records, _, _ = driver.execute_query(
        "MATCH (a:Arrest) RETURN a.outcome AS outcome, count(*) AS n", database_=database)
    outcomes = {r["outcome"]: r["n"] for r in records}
    assert set(outcomes) == {"charged", "nfa", "released_under_investigation", "bail",
                             "caution", "community_resolution"}
    assert 0.2 < outcomes["nfa"] / sum(outcomes.values()) < 0.45
    assert outcomes["nfa"] == max(outcomes.values())


def test_some_victims_and_witnesses_refused_to_cooperate(demo_graph: tuple[Driver, str]) -> None:
    driver, database = demo_graph
    records, _, _ = driver.execute_query(
        "MATCH ()-[r:VICTIM_IN]->() RETURN count(CASE WHEN r.cooperated = false THEN 1 END) "
        "AS refused, count(r) AS total", database_=database)
    share = records[0]["refused"] / records[0]["total"]
    assert 0.1 < share < 0.5, share
    assert _value(driver, database,
                  "MATCH ()-[r:WITNESS_IN {cooperated: false}]->() RETURN count(r)") > 0


def test_association_degree_is_heavy_tailed(demo_graph: tuple[Driver, str]) -> None:
    driver, database = demo_graph
    records, _, _ = driver.execute_query(
        "MATCH (p:Person) RETURN COUNT { (p)-[:FAMILY|PARTNER|LIVES_WITH|FRIEND|CO_OFFENDER|"
        "PHONE_CONTACT|SOCIAL_MEDIA]-() } AS degree", database_=database)
    degrees = [r["degree"] for r in records]
    assert max(degrees) >= 40
    assert max(degrees) >= 8 * statistics.median(degrees)


def test_gangs_are_denser_inside_than_outside(demo_graph: tuple[Driver, str]) -> None:
    driver, database = demo_graph
    records, _, _ = driver.execute_query("""
        MATCH (o:Organisation {kind: 'street_gang'})<-[:MEMBER_OF]-(m:Person)
        WITH o, collect(m) AS members
        UNWIND members AS m
        MATCH (m)-[r:FRIEND|PHONE_CONTACT|SOCIAL_MEDIA|CO_OFFENDER]-(other:Person)
        WITH o, size(members) AS n, m, other, other IN members AS inside
        RETURN o.id AS gang, n, count(CASE WHEN inside THEN 1 END) / 2 AS internal,
               count(CASE WHEN NOT inside THEN 1 END) AS external""", database_=database)
    persons = PERSONS
    assert records
    for r in records:
        inside = r["internal"] / (r["n"] * (r["n"] - 1) / 2)
        outside = r["external"] / (r["n"] * (persons - r["n"]))
        assert inside > 0.2, r
        assert inside > 20 * outside, r


def test_shared_arrests_make_derived_co_offenders(demo_graph: tuple[Driver, str]) -> None:
    driver, database = demo_graph
    records, _, _ = driver.execute_query("""
        MATCH (a:Person)-[r:CO_OFFENDER {derived: true}]->(b:Person)
        RETURN count(r) AS pairs,
               count(CASE WHEN EXISTS {
                 MATCH (a)-[:SUSPECT_IN|WAS_ARRESTED]->()-[:CONCERNS*0..1]->(i:Incident)
                 MATCH (b)-[:SUSPECT_IN|WAS_ARRESTED]->()-[:CONCERNS*0..1]->(i)
               } THEN 1 END) AS shared""", database_=database)
    assert records[0]["pairs"] > 20
    assert records[0]["shared"] == records[0]["pairs"]


def test_convictions_abroad_warrants_checks_intelligence_and_flags(
        demo_graph: tuple[Driver, str]) -> None:
    driver, database = demo_graph
    foreign = _value(driver, database,
                     "MATCH (c:Conviction) WHERE c.jurisdiction <> 'GB' "
                     "AND c.known_via IN ['ecris', 'interpol', 'bilateral'] RETURN count(c)")
    assert foreign > 5
    assert _value(driver, database, "MATCH (w:Warrant) RETURN count(w)") > 0
    assert _value(driver, database, """
        MATCH (w:Warrant) WHERE NOT EXISTS {
          MATCH (p:Person)-[:WANTED_ON]->(w), (p)-[:HAS_CHECK]->(c:Check {result: 'match'})
                -[:FOUND]->(w) }
        RETURN count(w)""") == 0
    assert _value(driver, database, "MATCH (w:Warrant) WHERE w.kind IN "
                  "['european_arrest_warrant', 'interpol_red_notice'] RETURN count(w)") > 0
    records, _, _ = driver.execute_query(
        "MATCH (r:IntelligenceReport) RETURN count(r) AS total, "
        "count(CASE WHEN r.handling_code = 'C' THEN 1 END) AS restricted, "
        "count(CASE WHEN r.handling_code = 'C' AND r.handling_conditions IS NULL THEN 1 END) "
        "AS unconditioned, count(DISTINCT r.intelligence_assessment) AS grades, "
        "count(CASE WHEN NOT EXISTS { (r)-[:MENTIONS]->(:Person) } THEN 1 END) AS orphan",
        database_=database)
    report = records[0]
    assert report["restricted"] > 0 and report["unconditioned"] == 0
    assert report["grades"] == 5 and report["orphan"] == 0
    assert _value(driver, database,
                  "MATCH (:Person)-[:HAS_FLAG]->(f:Flag {kind: 'high_harm'})-[:HAS_EVENT]->"
                  "(:FlagEvent {action: 'set'}) RETURN count(f)") > 0


def test_offences_carry_harm_weights(demo_graph: tuple[Driver, str]) -> None:
    driver, database = demo_graph
    records, _, _ = driver.execute_query(
        "MATCH (o:Offence) RETURN o.id AS code, o.chi_days AS days", database_=database)
    days = {r["code"]: r["days"] for r in records}
    assert days["001/01"] > days["005/01"] > days["008/06"] > days["105/01"] > 0
