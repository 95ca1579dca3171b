"""The top-harm list (graph/analytics/top_harm.py) over a real Neo4j: the ranking, each
score's working adding up to the cached score, and the borough, community and flag-state
filters; and `nexus analytics top`, audited."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from neo4j import Driver
from typer.testing import CliRunner

from graph.analytics import top_harm as th
from graph.analytics.top_harm import FlagState
from graph.audit import journal as audit_journal
from graph.db.settings import Neo4jConnection
from tests.support import accountability_graph
from tests.support.cli import point_cli_at
from tests.support.neo4j import wipe_graph


@pytest.fixture(scope="module")
def graph(driver: Driver, neo4j_connection: Neo4jConnection) -> Iterator[str]:
    wipe_graph(driver, neo4j_connection.database)
    accountability_graph.build(driver, neo4j_connection.database)
    yield neo4j_connection.database


def test_the_list_ranks_by_score_and_shows_its_working(driver: Driver, graph: str) -> None:
    total, rows = th.top_harm(driver, graph, 20)
    assert total == 12  # every person with a conviction; nobody scoring 0
    top = rows[0]
    assert top.person["id"] == "P-T1"
    assert (top.borough, top.flag_state) == ("Camden", FlagState.ACTIVE)
    [conviction] = top.working
    assert [(o.code, o.chi_days) for o in conviction.offences] == [("008/01", 365.0),
                                                                    ("105/01", 9.0)]
    assert conviction.gravity == 374.0 and conviction.in_frequency_window
    assert conviction.age_years == pytest.approx(547 / 365.25, abs=0.01)
    scores = [row.person["analytics_harm_score"] for row in rows]
    assert scores == sorted(scores, reverse=True)
    for row in rows:  # the working adds up to the cached score, for every row
        rebuilt = sum(w.weighted for w in row.working) + 28 * sum(
            w.in_frequency_window for w in row.working)
        assert rebuilt == pytest.approx(row.person["analytics_harm_score"], abs=0.02)
    old = next(row for row in rows if row.person["id"] == "P-T2")
    assert old.working[0].recency_weight < 0.06 and not old.working[0].in_frequency_window
    assert old.flag_state == FlagState.CLEARED
    assert "P-R1" not in {row.person["id"] for row in rows}  # no conviction, not listed


def test_filters_by_borough_flag_state_and_community(driver: Driver, graph: str) -> None:
    def ids(**filters: object) -> tuple[int, set[str]]:
        total, rows = th.top_harm(driver, graph, 50, **filters)  # type: ignore[arg-type]
        return total, {row.person["id"] for row in rows}

    total, hackney = ids(borough="hackney")  # any case
    assert total == 5 and hackney == {"P-T2", "P-T3", "P-AL021", "P-AL022", "P-AL023"}
    assert ids(flag_state=FlagState.ACTIVE) == (1, {"P-T1"})
    assert ids(flag_state=FlagState.CLEARED) == (1, {"P-T2"})
    assert ids(flag_state=FlagState.NONE)[0] == 10
    assert ids(borough="Camden", flag_state=FlagState.CLEARED) == (0, set())
    assert ids(borough="Nowhere") == (0, set())
    _, [t1] = th.top_harm(driver, graph, 1)
    community = t1.person.get("analytics_community")
    assert community is not None  # P-T1 is linked to P-R1
    assert "P-T1" in ids(community=community)[1]
    assert ids(min_score=100)[1] == {"P-T1"}


def test_the_cli_lists_the_top_with_working_and_audits_it(
        driver: Driver, graph: str, neo4j_connection: Neo4jConnection,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from cli import app

    point_cli_at(monkeypatch, neo4j_connection)
    result = CliRunner().invoke(app, ["analytics", "top", "--purpose", "Op Ash review",
                                      "--first", "3", "--borough", "Hackney", "--working"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("5 people with a harm score above 0; scores computed ")
    assert "P-T2" in lines[2] and "cleared" in lines[2] and "Hackney" in lines[2]
    assert "CV-T2: gravity 1460 x 0.05" in lines[3]
    audit_journal.flush_all()
    records, _, _ = driver.execute_query(
        "MATCH (e:AuditEntry {purpose: 'Op Ash review'}) RETURN e.action AS action, "
        "e.subject_ids AS ids, e.role AS role", database_=graph)
    assert [(r["action"], r["role"], len(r["ids"])) for r in records] == [("high-harm", "cli", 3)]
    refused = CliRunner().invoke(app, ["analytics", "top", "--purpose", " "])
    assert refused.exit_code != 0
