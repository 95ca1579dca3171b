"""One analytics run: score harm, project and analyse the network, store the results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any

from neo4j import Driver

from graph.analytics import harm, network, store


@dataclass
class RunReport:
    run_id: str
    computed_at: dt.datetime
    persons: int
    links: int
    seconds: float
    stages: dict[str, float] = field(default_factory=dict)
    at_risk: int = 0
    communities: int = 0


def run_all(driver: Driver, database: str, *, as_of: dt.date | None = None,
        seed: int = network.LEIDEN_SEED, betweenness_cutoff: int | None = None,
        betweenness_sources: int | None = None,
        recorded_by: str = "nexus analytics") -> RunReport:
    """Compute every score for every person and cache it in the graph (idempotent: a
    second run overwrites the first's properties and adds its own AnalyticsRun)."""
    computed_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    as_of = as_of or computed_at.date()
    stages: dict[str, float] = {}
    started = clock = perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        stages[stage] = round(perf_counter() - clock, 3)
        clock = perf_counter()

    scores = harm.score_all(driver, database, as_of)
    lap("harm")
    projection = network.project(driver, database)
    lap("projection")
    analysed = network.analyse(projection, seed=seed, betweenness_cutoff=betweenness_cutoff,
                               betweenness_sources=betweenness_sources, timings=stages)
    clock = perf_counter()
    results: dict[str, dict[str, Any]] = {}
    for pid in scores.keys() | analysed.keys():
        props: dict[str, Any] = {}
        if pid in scores:
            props.update(scores[pid].properties())
        if pid in analysed:
            props.update(analysed[pid].properties())
        results[pid] = props
    run_id = f"RUN-{computed_at.strftime('%Y%m%dT%H%M%SZ')}"
    store.write_person_results(driver, database, results, computed_at, run_id)
    lap("write")
    seconds = round(perf_counter() - started, 3)
    report = RunReport(
        run_id=run_id, computed_at=computed_at, persons=len(results),
        links=len(projection.links), seconds=seconds, stages=stages,
        at_risk=sum(s.at_risk for s in analysed.values()),
        communities=len({s.community for s in analysed.values()} - {None}))
    store.write_run(driver, database, run_id, computed_at, persons=report.persons,
                    links=report.links, seconds=seconds, stages=stages,
                    versions=(harm.VERSION, network.VERSION), recorded_by=recorded_by)
    return report
