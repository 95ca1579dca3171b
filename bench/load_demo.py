"""Load N demo persons into a Neo4j and print persons/s, rows/s and the total time.

    NEXUS_HOME=/tmp/benchhome NEXUS_BOLT_PORT=7701 .venv/bin/nexus neo4j start
    NEXUS_HOME=/tmp/benchhome NEXUS_BOLT_PORT=7701 .venv/bin/nexus migrate
    NEXUS_HOME=/tmp/benchhome NEXUS_BOLT_PORT=7701 .venv/bin/python bench/load_demo.py 100000

Uses the same connection rules as the CLI (NEO4J_URI, or the local server of NEXUS_HOME).
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

from graph.db.driver import open_driver, resolve_connection
from graph.records.stats import graph_stats
from synthetic.city import DemoData, load_demo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("persons", type=int, nargs="?", default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=5000)
    args = parser.parse_args()

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
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"persons            {args.persons:,} (seed {args.seed}, batch {args.batch_size})")
    print(f"graph before       {before:,} nodes")
    print(f"plans              {planned:.1f} s")
    print(f"load               {result.seconds:.1f} s for {result.total_rows:,} rows "
          f"+ {result.co_offender_pairs:,} derived co-offender links")
    print(f"rows/s             {result.total_rows / result.seconds:,.0f}")
    print(f"persons/s          {args.persons / total:,.0f}")
    print(f"total              {total:.1f} s ({total / 60:.1f} min)")
    print(f"graph after        {stats.total_nodes:,} nodes, "
          f"{stats.total_relationships:,} relationships")
    print(f"peak memory        {peak_mb:,.0f} MB (this process)")
    print("\nper kind (write order; seconds from the previous batch's commit to this one's)")
    for kind, seconds in per_kind.items():
        rows = result.rows.get(kind, 0)
        rate = f"{rows / seconds:>9,.0f} rows/s" if rows and seconds else ""
        print(f"  {kind:<20} {rows:>9,} rows {seconds:7.1f} s {rate}")


if __name__ == "__main__":
    main()
