"""Intelligence histories on the demo data: JSON and PDF generation times.

    .venv/bin/python bench/history_bench.py [--sample 60] [--seed 7] [--hops 2] [--save]

Uses the configured Neo4j (NEO4J_URI or the local server; NEXUS_HOME / NEXUS_BOLT_PORT
pick a private one) holding demo data (`nexus demo --persons N`). For a fixed sample of
people, half drawn from everyone and half from people with a high-harm flag (the people
histories are written about), it times:

  json  build_history (three round trips) + the canonical JSON rendering
  pdf   build_history + HTML + WeasyPrint PDF (what `GET /history/{id}.pdf` does)

and prints p50 / p95 / max in milliseconds against the targets (JSON p95 <= 300 ms,
PDF p95 <= 2 s), plus the page counts. With --save, each JSON run also stores a version
(the timing then includes the write).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.access import FULL  # noqa: E402
from graph.db.driver import open_driver, resolve_connection  # noqa: E402
from graph.history import build_history, save_version  # noqa: E402
from graph.history.render import pdf_with_pages, render_json  # noqa: E402

TARGETS_MS = {"json": 300.0, "pdf": 2000.0}
_ALL = "MATCH (p:Person) RETURN p.id AS id ORDER BY id"
_FLAGGED = ("MATCH (p:Person)-[:HAS_FLAG]->(:Flag {kind: 'high_harm'}) "
            "RETURN DISTINCT p.id AS id ORDER BY id")


def _percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))], ordered[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=60, help="People to time.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--hops", type=int, default=2)
    parser.add_argument("--save", action="store_true", help="Also save each JSON history.")
    args = parser.parse_args()

    connection = resolve_connection()
    as_of = datetime.now(UTC).date()
    with open_driver(connection) as driver:
        everyone = [r["id"] for r in driver.execute_query(_ALL, database_=connection.database)[0]]
        flagged = [r["id"] for r in driver.execute_query(_FLAGGED,
                                                         database_=connection.database)[0]]
        if not everyone:
            sys.exit("no people in the graph: load demo data first (nexus demo --persons N)")
        rng = random.Random(args.seed)
        half = args.sample // 2
        sample = rng.sample(everyone, min(half, len(everyone)))
        sample += rng.sample(flagged, min(args.sample - len(sample), len(flagged)))
        print(f"{len(everyone)} people ({len(flagged)} flagged high harm); sampling "
              f"{len(sample)}, hops={args.hops}, as at {as_of}")

        def build(person_id: str):  # type: ignore[no-untyped-def]
            return build_history(driver, connection.database, person_id, as_of=as_of,
                                 purpose="benchmark", generated_by="bench", hops=args.hops,
                                 clearance=FULL)

        for person_id in sample[:5]:  # warm plans, caches and connections
            render_json(build(person_id))

        timings: dict[str, list[float]] = {"json": [], "pdf": []}
        pages: list[int] = []
        for person_id in sample:
            start = time.perf_counter()
            document = build(person_id)
            render_json(document)
            if args.save:
                save_version(driver, connection.database, document)
            timings["json"].append((time.perf_counter() - start) * 1000)
        for person_id in sample:
            start = time.perf_counter()
            _, count = pdf_with_pages(build(person_id))
            timings["pdf"].append((time.perf_counter() - start) * 1000)
            pages.append(count)

    for name, samples in timings.items():
        p50, p95, worst = _percentiles(samples)
        verdict = "ok" if p95 <= TARGETS_MS[name] else "OVER TARGET"
        print(f"{name:>4}: p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  max {worst:7.1f} ms  "
              f"(target p95 <= {TARGETS_MS[name]:.0f} ms: {verdict})")
    p50, p95, worst = _percentiles([float(p) for p in pages])
    print(f"pages: p50 {p50:.0f}  p95 {p95:.0f}  max {worst:.0f}")


if __name__ == "__main__":
    main()
