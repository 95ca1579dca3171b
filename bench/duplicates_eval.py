"""Precision and recall of duplicate detection against the demo's planted duplicates,
and how long a scan takes.

    # offline: generate the demo rows (no Neo4j), block and score them
    .venv/bin/python bench/duplicates_eval.py 100000 --offline
    # against a loaded demo (same persons and seed); --store also writes the pairs
    NEXUS_HOME=/tmp/bench100k NEXUS_BOLT_PORT=7710 .venv/bin/python \
        bench/duplicates_eval.py 100000 [--store] [--apply]

`--apply` rewrites the planted second records into a demo graph loaded before planting
existed (the same rows a fresh `nexus demo` writes now). The truth is
`DemoData(persons, seed).duplicates.planted()`; a pair counts as found when it scores at
or above the threshold (0.9, the "strong" band, by default).
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from graph.identity import duplicates
from graph.records import validate_many, write_batch
from synthetic.city import DemoData


def _person_rows(data: DemoData) -> list[dict[str, Any]]:
    return next(list(rows) for kind, _, rows in data.streams() if kind == "person")


def _apply(driver: Any, database: str, rows: list[dict[str, Any]], twins: set[str]) -> None:
    clean, errors = validate_many("person", [r for r in rows if r["id"] in twins])
    if errors:
        raise errors[0]
    with driver.session(database=database) as session:
        session.execute_write(lambda tx: write_batch(tx, "person", clean))


def _report(result: duplicates.ScanResult, truth: list[tuple[str, str]]) -> None:
    print(f"persons {result.persons}, blocked pairs {result.blocked_pairs}, "
          f"scored pairs kept (>= {duplicates.STORE_MIN}) {len(result.pairs)}")
    for stage, seconds in result.seconds.items():
        print(f"  {stage:<6} {seconds:8.2f} s")
    print(f"planted duplicates: {len(truth)}")
    print("threshold  found  true  precision  recall")
    for threshold in (0.5, 0.7, 0.9):
        f = duplicates.evaluate(result.pairs, truth, threshold)
        print(f"{threshold:9.1f}  {f.found:5d}  {f.true_found:4d}  {f.precision:9.3f}  "
              f"{f.recall:6.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("persons", type=int, nargs="?", default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--offline", action="store_true", help="no Neo4j: generated rows")
    parser.add_argument("--apply", action="store_true",
                        help="write the planted second records into the graph first")
    parser.add_argument("--store", action="store_true", help="store the pairs (a full scan)")
    args = parser.parse_args()

    started = time.perf_counter()
    data = DemoData(args.persons, args.seed)
    planted = data.duplicates.planted()
    truth = [(p.original, p.twin) for p in planted]
    print(f"plan {time.perf_counter() - started:.1f} s")
    if args.offline:
        _report(duplicates.find_pairs(_person_rows(data)), truth)
        return

    from graph.db.driver import open_driver, resolve_connection

    connection = resolve_connection()
    with open_driver(connection) as driver:
        if args.apply:
            _apply(driver, connection.database, _person_rows(data), {p.twin for p in planted})
        if args.store:
            result = duplicates.scan(driver, connection.database, by="bench")
        else:
            started = time.perf_counter()
            persons = duplicates.load_persons(driver, connection.database)
            read = time.perf_counter() - started
            result = duplicates.find_pairs(persons)
            result.seconds["read"] = read
        _report(result, truth)
        if args.store:
            for skip in (0, 1000):
                started = time.perf_counter()
                total, page = duplicates.candidate_page(
                    driver, connection.database, skip=skip, first=20, min_score=0.5)
                print(f"page of 20 at offset {skip} (of {total}): "
                      f"{(time.perf_counter() - started) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
