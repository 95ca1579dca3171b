"""Load N demo persons into a Neo4j and print persons/s, rows/s and the total time.

    NEXUS_HOME=/tmp/benchhome NEXUS_BOLT_PORT=7701 .venv/bin/nexus neo4j start
    NEXUS_HOME=/tmp/benchhome NEXUS_BOLT_PORT=7701 .venv/bin/nexus migrate
    NEXUS_HOME=/tmp/benchhome NEXUS_BOLT_PORT=7701 .venv/bin/python bench/load_demo.py 100000

Uses the same connection rules as the CLI (NEO4J_URI, or the local server of NEXUS_HOME).
`--route bulk` loads through neo4j-admin import instead (graph/ingest/bulk_run.py: the
local server only, its database empty but for the migration history) and prints the
seconds and rows/s of each phase: generate+validate+CSV, neo4j-admin (with the server's
restart), migrations (constraints, indexes), post-load Cypher.
Generation (the plans) and loading (rows, validation, writes) are timed separately, and
the load per kind of record; the peak memory of this process is printed too. Run it on an
empty graph for a first-load figure, or again for a re-load (MERGE over existing records)
figure.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections import defaultdict

from graph.db.driver import local_server, open_driver, resolve_connection
from graph.db.settings import load_settings
from graph.ingest.bulk_run import bulk_load, demo_fill
from graph.records.stats import GraphStats, graph_stats
from synthetic.city import DemoData, load_demo
from synthetic.city.loader import validated_batches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("persons", type=int, nargs="?", default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--route", choices=("transactional", "bulk"), default="transactional")
    args = parser.parse_args()
    if args.route == "bulk":
        bulk(args.persons, args.seed, args.batch_size)
        return

    started = time.perf_counter()
    data = DemoData(args.persons, args.seed)
    planned = time.perf_counter() - started
    connection = resolve_connection()
    per_kind: dict[str, float] = defaultdict(float)
    last = [time.perf_counter()]

    def progress(kind: str, rows: int) -> None:  # called after each batch commits
        now = time.perf_counter()
        per_kind[kind] += now - last[0]
        last[0] = now

    with open_driver(connection) as driver:
        before = graph_stats(driver, connection.database).total_nodes
        last[0] = time.perf_counter()
        result = load_demo(driver, connection.database, data, batch_size=args.batch_size,
                           progress=progress)
        stats = graph_stats(driver, connection.database)
    total = time.perf_counter() - started
    print(f"persons            {args.persons:,} (seed {args.seed}, batch {args.batch_size})")
    print(f"graph before       {before:,} nodes")
    print(f"plans              {planned:.1f} s")
    print(f"load               {result.seconds:.1f} s for {result.total_rows:,} rows "
          f"+ {result.co_offender_pairs:,} derived co-offender links")
    print(f"rows/s             {result.total_rows / result.seconds:,.0f}")
    print(f"persons/s          {args.persons / total:,.0f}")
    _summary(total, stats, result.rows, per_kind,
             "per kind (write order; seconds from the previous batch's commit to this one's)")


def _summary(total: float, stats: GraphStats, rows: dict[str, int],
             per_kind: dict[str, float], title: str) -> None:
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"total              {total:.1f} s ({total / 60:.1f} min)")
    print(f"graph after        {stats.total_nodes:,} nodes, "
          f"{stats.total_relationships:,} relationships")
    print(f"peak memory        {peak_mb:,.0f} MB (this process)")
    print(f"\n{title}")
    for kind, seconds in per_kind.items():
        count = rows.get(kind, 0)
        rate = f"{count / seconds:>9,.0f} rows/s" if count and seconds else ""
        print(f"  {kind:<20} {count:>9,} rows {seconds:7.1f} s {rate}")


def bulk(persons: int, seed: int, batch_size: int) -> None:
    started = time.perf_counter()
    data = DemoData(persons, seed)
    planned = time.perf_counter() - started
    connection = resolve_connection()
    per_kind: dict[str, float] = defaultdict(float)
    last = [time.perf_counter()]

    def progress(kind: str, rows: int) -> None:  # called after each batch is in the CSV
        now = time.perf_counter()
        per_kind[kind] += now - last[0]
        last[0] = now

    last[0] = time.perf_counter()
    result = bulk_load(local_server(), connection,
                       demo_fill(validated_batches(data, batch_size)),
                       work_dir=load_settings().home, by="bench", progress=progress)
    with open_driver(connection) as driver:
        stats = graph_stats(driver, connection.database)
    total = time.perf_counter() - started
    rows = result.total_rows
    print(f"persons            {persons:,} (seed {seed}), bulk route")
    print(f"plans              {planned:.1f} s")
    for phase, seconds in result.phases.items():
        print(f"  {phase:<38} {seconds:7.1f} s {rows / seconds:>10,.0f} rows/s")
    print(f"load               {result.seconds:.1f} s for {rows:,} rows "
          f"+ {result.co_offender_pairs:,} derived co-offender links")
    print(f"rows/s             {rows / result.seconds:,.0f} (load), {rows / total:,.0f} "
          "(with the plans)")
    _summary(total, stats, result.rows, per_kind, "per kind (generate, validate, CSV)")


if __name__ == "__main__":
    main()
