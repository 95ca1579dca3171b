"""Matching quality: precision and recall on a known-truth set built from the graph.

    .venv/bin/python bench/matching_eval.py [--positives 2000] [--negatives 1000]
        [--threshold 0.5] [--seed 7] [--show 10]

Uses the configured Neo4j (NEO4J_URI or the local server; NEXUS_HOME / NEXUS_BOLT_PORT
pick a private one) holding demo data. Positives are sampled persons as they would be
told at the custody desk, one distortion each (spelling variant, transliteration,
swapped names, day/month transposed, year one out, year only, spelling + year); negatives
are people not in the graph (namesakes, recombined names, same name with another birth
date). A positive is found when its true person is ranked first at or above the
threshold; anything else at or above the threshold is a false match. Target: recall
>= 0.95 at precision >= 0.95.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.db.driver import open_driver, resolve_connection  # noqa: E402
from graph.identity.compare import POSSIBLE  # noqa: E402
from graph.identity.evaluation import build_cases, evaluate, load_persons  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--positives", type=int, default=2000)
    parser.add_argument("--negatives", type=int, default=1000)
    parser.add_argument("--threshold", type=float, default=POSSIBLE)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", type=int, default=10, help="misses and false matches shown")
    args = parser.parse_args()
    connection = resolve_connection()
    with open_driver(connection) as driver:
        persons = load_persons(driver, connection.database)
        if not persons:
            sys.exit("no persons in the graph: load demo data first (nexus demo)")
        cases = build_cases(persons, args.positives, args.negatives, seed=args.seed)
        started = time.perf_counter()
        figures = evaluate(driver, connection.database, cases, args.threshold, persons)
        elapsed = time.perf_counter() - started
    print(f"graph: {len(persons)} persons; {figures.positives} positives, "
          f"{figures.negatives} negatives; threshold {args.threshold}")
    print(f"precision {figures.precision:.3f}  recall {figures.recall:.3f}  "
          f"(true {figures.true_matches}, false {figures.false_matches}, "
          f"missed {len(figures.missed)}) in {elapsed:.1f} s")
    by_kind = collections.Counter(case.kind for case in cases if case.truth)
    missed = collections.Counter(case.kind for case in figures.missed)
    print("recall by distortion: " + ", ".join(
        f"{kind} {1 - missed[kind] / n:.3f}" for kind, n in sorted(by_kind.items())))
    for case in figures.missed[:args.show]:
        print(f"  missed {case.kind}: {case.truth} claimed {case.claim.given_names!r} "
              f"{case.claim.family_name!r} {list(case.claim.dates_of_birth)}")
    for case, found, score in figures.wrong[:args.show]:
        print(f"  false  {case.kind}: {case.truth} -> {found} ({score}) claimed "
              f"{case.claim.given_names!r} {case.claim.family_name!r}")


if __name__ == "__main__":
    main()
