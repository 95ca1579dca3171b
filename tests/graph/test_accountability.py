"""Accountability over a real Neo4j (tests/support/accountability_graph.py): the top-harm
list (graph/analytics/top_harm.py) with each score's working adding up to the cached score
and its borough, community and flag-state filters, and `nexus analytics top`, audited;
disproportionality (graph/analytics/disproportionality.py) by nationality and borough,
with small counts marked and the quarters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from neo4j import Driver
from typer.testing import CliRunner

from graph.analytics import disproportionality as dp
from graph.analytics import top_harm as th
from graph.analytics.groups import GroupBy
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


H1 = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))


def test_flag_rates_by_nationality_with_small_counts_marked(driver: Driver, graph: str) -> None:
    found = dp.flag_disproportionality(driver, graph, GroupBy.NATIONALITY, *H1)
    overall = found.flags.overall
    assert (overall.people, overall.events, overall.active) == (169, 20, 18)
    assert overall.rate_per_1000 == pytest.approx(1000 * 20 / 169, abs=0.01)
    groups = {g.group: g for g in found.flags.groups}
    gb, al, unknown = groups["GB"], groups["AL"], groups["unknown"]
    assert (gb.people, gb.events, gb.active, gb.small) == (122, 12, 10, False)
    assert gb.rate_per_1000 == pytest.approx(98.36, abs=0.01)
    assert gb.ratio == pytest.approx((12 / 122) / (20 / 169), abs=0.001)
    assert (al.people, al.events, al.active, al.small) == (42, 8, 8, True)
    assert al.ratio == pytest.approx((8 / 42) / (20 / 169), abs=0.001)
    assert (unknown.people, unknown.events, unknown.small) == (5, 0, True)
    assert [g.group for g in found.flags.groups][:2] == ["GB", "AL"]  # most flags first
    # The top-harm list: the 12 people scoring above 0.
    top = {g.group: g for g in found.top_harm.groups}
    assert found.top_harm.overall.events == 12
    assert (top["GB"].events, top["AL"].events) == (7, 5)
    assert top["AL"].ratio == pytest.approx((5 / 42) / (12 / 169), abs=0.001)
    # By quarter: Q1 has the first six GB flags, Q2 the other six and all eight AL ones.
    assert [q.label for q in found.quarters] == ["2025-Q1", "2025-Q2"]
    q1, q2 = ({g.group: g.events for g in q.flags.groups} for q in found.quarters)
    assert (q1.get("GB"), q1.get("AL", 0), q2["GB"], q2["AL"]) == (6, 0, 6, 8)
    assert all(g.small for q in found.quarters for g in q.flags.groups if g.events < 10)


def test_flag_rates_by_borough_and_the_period_bounds(driver: Driver, graph: str) -> None:
    found = dp.flag_disproportionality(driver, graph, GroupBy.BOROUGH, *H1, top=5)
    groups = {g.group: (g.people, g.events) for g in found.flags.groups}
    assert groups == {"Camden": (101, 12), "Hackney": (47, 8), "unknown": (21, 0)}
    assert found.top == 5 and found.top_harm.overall.events == 5
    # FL-T1 was set on 2024-02-01: a period of that one day finds it, and nothing else.
    day = dt.date(2024, 2, 1)
    one = dp.flag_disproportionality(driver, graph, GroupBy.BOROUGH, day, day)
    assert one.flags.overall.events == 1 and [q.label for q in one.quarters] == ["2024-Q1"]
    assert {g.group: g.events for g in one.flags.groups}["Camden"] == 1


def test_quarters_cover_the_period_clipped() -> None:
    spans = dp.quarters(dt.date(2024, 11, 15), dt.date(2025, 4, 2))
    assert spans == [("2024-Q4", dt.date(2024, 11, 15), dt.date(2025, 1, 1)),
                     ("2025-Q1", dt.date(2025, 1, 1), dt.date(2025, 4, 1)),
                     ("2025-Q2", dt.date(2025, 4, 1), dt.date(2025, 4, 3))]
