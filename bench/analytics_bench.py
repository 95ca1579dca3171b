"""Analytics on the demo data: the time of each stage of a run, and of the cached reads.

    .venv/bin/python bench/analytics_bench.py [--seed 42] [--betweenness-cutoff N] [--reads 5]

Uses the configured Neo4j (NEO4J_URI or the local server; NEXUS_HOME / NEXUS_BOLT_PORT
pick a private one) holding demo data (`nexus demo --persons N`). Runs `nexus analytics
run` in-process (which writes the cache, as the command does) and prints seconds per
stage: harm (one Cypher read + RFG in Python), projection (reading people and links),
build, betweenness, pagerank, triangles, leiden, co_offending, at_risk, write. Then it
times the reads the API makes from the cache (median of --reads runs, milliseconds).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.analytics import harm, store  # noqa: E402
from graph.analytics.run import run_all  # noqa: E402
from graph.db.driver import open_driver, resolve_connection  # noqa: E402


def _median_ms(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--betweenness-cutoff", type=int, default=None)
    parser.add_argument("--reads", type=int, default=5)
    args = parser.parse_args()
    connection = resolve_connection()
    with open_driver(connection) as driver:
        db = connection.database
        report = run_all(driver, db, seed=args.seed,
                         betweenness_cutoff=args.betweenness_cutoff,
                         recorded_by="bench/analytics_bench.py")
        print(f"{report.persons} people, {report.links} association links (C excluded), "
              f"{report.communities} communities, {report.at_risk} at risk")
        print(f"run {report.run_id}: {report.seconds:.2f} s in all")
        for stage, seconds in report.stages.items():
            print(f"  {stage:<13} {seconds:8.2f} s")
        reads: dict[str, Callable[[], object]] = {
            "highHarm(first: 20)": lambda: harm.high_harm(driver, db, 20),
            "highHarm(minScore: 365)": lambda: harm.high_harm(driver, db, 20, min_score=365),
            **{f"keyPlayers(by: {m})": (lambda m=m: store.key_players(driver, db, 20, m))
               for m in store.MEASURES},
            "peopleAtRisk(first: 20)": lambda: store.people_at_risk(driver, db, 20),
            "communities(first: 20)": lambda: store.communities(driver, db, 20),
        }
        print(f"cached reads (median of {args.reads}):")
        for name, action in reads.items():
            print(f"  {name:<26} {_median_ms(action, args.reads):8.1f} ms")


if __name__ == "__main__":
    main()
