"""Load N demo persons into a Neo4j and print persons/s, rows/s and the total time.

    NEXUS_HOME=/tmp/benchhome NEXUS_BOLT_PORT=7701 .venv/bin/nexus neo4j start
    NEXUS_HOME=/tmp/benchhome NEXUS_BOLT_PORT=7701 .venv/bin/nexus migrate
    NEXUS_HOME=/tmp/benchhome NEXUS_BOLT_PORT=7701 .venv/bin/python bench/load_demo.py 100000

Uses the same connection rules as the CLI (NEO4J_URI, or the local server of NEXUS_HOME).
Generation (the plans) and loading (rows, validation, writes) are timed separately; the
peak memory of this process is printed too. Run it on an empty graph for a first-load
figure, or again for a re-load (MERGE over existing records) figure.
"""

from __future__ import annotations

import argparse
import resource
import time

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
    with open_driver(connection) as driver:
        before = graph_stats(driver, connection.database).total_nodes
        result = load_demo(driver, connection.database, data, batch_size=args.batch_size)
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


if __name__ == "__main__":
    main()
