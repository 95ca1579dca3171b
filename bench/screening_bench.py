"""Batch screening speed: N generated rows against the configured graph.

    .venv/bin/python bench/screening_bench.py [--rows 10000] [--first 3] [--chunk 200]
        [--seed 7] [--keep FILE.csv]

Uses the configured Neo4j (NEO4J_URI or the local server; NEXUS_HOME / NEXUS_BOLT_PORT
pick a private one) holding demo data (`nexus demo --persons N`). Rows are claims as
visa applicants would give them: about half are people in the graph with a spelling
variant, transliteration, swapped names, a transposed date or a year out (the
known-truth generator of `graph.identity.evaluation`), half are people who are not in
the graph; a few lines are bad on purpose. The CSV is parsed, blocked in Neo4j (one
UNWIND query per chunk), scored and summarised exactly as `nexus screen` does, and the
bench prints rows/s, the total time and how many rows had candidates.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.db.driver import open_driver, resolve_connection  # noqa: E402
from graph.identity.evaluation import build_cases, load_persons  # noqa: E402
from graph.identity.screening import RowError, parse_csv, screen  # noqa: E402


def make_csv(persons: list[dict], rows: int, seed: int) -> str:
    cases = build_cases(persons, rows // 2, rows - rows // 2, seed=seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Given Names", "Family Name", "Date of Birth", "Nationality", "Passport"])
    for i, case in enumerate(cases):
        claim = case.claim
        dob = claim.dates_of_birth[0] if claim.dates_of_birth else ""
        if i % 997 == 0:
            dob = "31/31/1990"                      # a bad line now and then
        writer.writerow([claim.given_names, claim.family_name, dob,
                         claim.nationalities[0] if claim.nationalities else "", ""])
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--first", type=int, default=3)
    parser.add_argument("--chunk", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="also write the generated CSV here")
    args = parser.parse_args()
    connection = resolve_connection()
    with open_driver(connection) as driver:
        persons = load_persons(driver, connection.database)
        if not persons:
            sys.exit("no persons in the graph: load demo data first (nexus demo)")
        text = make_csv(persons, args.rows, args.seed)
        if args.keep:
            args.keep.write_text(text, encoding="utf-8")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "rows.csv"
            path.write_text(text, encoding="utf-8")
            started = time.perf_counter()
            rows = errors = matched = high = 0
            with path.open(newline="") as handle:
                for item in screen(driver, connection.database, parse_csv(handle),
                                   args.first, args.chunk):
                    if isinstance(item, RowError):
                        errors += 1
                        continue
                    rows += 1
                    matched += bool(item.matches)
                    high += item.risk == "high"
            elapsed = time.perf_counter() - started
    print(f"graph: {len(persons)} persons; screened {rows} rows (+{errors} bad lines) "
          f"in {elapsed:.1f} s = {rows / elapsed:.0f} rows/s; chunk {args.chunk}, "
          f"first {args.first}")
    print(f"rows with candidates >= possible: {matched}; high risk: {high}")


if __name__ == "__main__":
    main()
