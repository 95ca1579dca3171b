"""Nexus at growing graph sizes: load, analytics, duplicates, screening and the reads.

    .venv/bin/python bench/scale.py [--sizes 100000,300000,1000000] [--home /tmp/nexus-scale]

For each size, a Neo4j of its own (`nexus neo4j start` with NEXUS_HOME=<home>/<size>) is
built, or reused when it already holds the demo at that size: `nexus demo` loads it (the
first-load time and rows/s), then `nexus analytics run`, `nexus duplicates scan` and
`bench/screening_bench.py` are timed, and `nexus serve --workers 2 --no-analytics`
answers, over HTTP with a signed-in analyst, a seeded sample of:

  search       searchPeople, a family name, first 20
  person       person with its lists (the profile's query: 50 arrests, convictions,
               incidents, flags, warrants, counts)
  network      the 2-hop ego network capped at 500 nodes
  path         shortestPaths between two people 4-6 hops apart (found by BFS here)
  history      history JSON (GraphQL, not saved) and the PDF (/history/<id>.pdf)

It prints p50/p95 per size, then the growth from one size to the next beside the growth
of the graph, so what grows linearly and what does not can be read off. `--keep` leaves
the Neo4j servers running. Targets (issue 17, at 1M persons): load <= 10 min; search
p95 <= 50 ms; network p95 <= 150 ms; path p95 <= 300 ms; history JSON p95 <= 300 ms, PDF
<= 2 s; analytics and duplicates scan <= 10 min each; screening >= 1,000 rows/s.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from neo4j import Query

ROOT = Path(__file__).resolve().parent.parent
NEXUS = str(ROOT / ".venv" / "bin" / "nexus")
PYTHON = str(ROOT / ".venv" / "bin" / "python")
SEED = 1
TYPES = "FAMILY|PARTNER|LIVES_WITH|FRIEND|CO_OFFENDER|PHONE_CONTACT|SOCIAL_MEDIA"

QUERIES = {
    "search": """query ($q: String!) { searchPeople(query: $q, first: 20) { totalCount
        edges { score node { id fullName datesOfBirth nationalities highHarm } } } }""",
    "person": """query ($id: ID!) { person(id: $id) {
        id fullName aliases datesOfBirth nationalities warningMarkers highHarm
        flags { id kind status reviewDate } counts { arrests convictions associates }
        warrants { id kind status }
        arrests(first: 50) { totalCount edges { node { id arrestedAt outcome } } }
        convictions(first: 50) { totalCount edges { node { id convictedOn court } } }
        incidents(first: 50) { totalCount edges { node { id role occurredAt } } } } }""",
    "network": """query ($id: ID!) { network(personId: $id, depth: 2, limit: 500) {
        nodeCount edgeCount truncated
        columns(nodeFields: [id, label, depth], edgeFields: [source, target, kind]) } }""",
    "path": """query ($from: ID!, $to: ID!) { shortestPaths(fromId: $from, toId: $to,
        maxHops: 6) { length paths { nodeCount } } }""",
    "history": """query ($id: ID!) { history(personId: $id, purpose: "scale bench",
        save: false) { contentHash sections { key itemCount } } }""",
}
READS = ["search", "person", "network", "path", "history", "pdf"]
TARGETS_P95 = {"search": 50, "network": 150, "path": 300, "history": 300, "pdf": 2000}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(args: list[str], env: dict[str, str], check: bool = True) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if check and done.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return time.perf_counter() - started, done.stdout + done.stderr


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _two_hop_pairs(driver: Any, database: str, count: int, rng: random.Random
                   ) -> list[tuple[str, str]]:
    """Pairs of people 4-6 hops apart, by BFS over the person-to-person links."""
    # Every link at once (3.7M at 1M persons): longer than the API's query timeout allows.
    records, _, _ = driver.execute_query(
        Query(f"MATCH (a:Person)-[:{TYPES}]->(b:Person) RETURN a.id AS a, b.id AS b",
              timeout=1800), database_=database, routing_="r")
    adjacency: dict[str, list[str]] = {}
    for record in records:
        adjacency.setdefault(record["a"], []).append(record["b"])
        adjacency.setdefault(record["b"], []).append(record["a"])
    people = sorted(adjacency)
    pairs: list[tuple[str, str]] = []
    while len(pairs) < count and people:
        source = rng.choice(people)
        depth = {source: 0}
        queue = deque([source])
        while queue:
            node = queue.popleft()
            if depth[node] == 6:
                continue
            for other in adjacency[node]:
                if other not in depth:
                    depth[other] = depth[node] + 1
                    queue.append(other)
        far = sorted(p for p, d in depth.items() if 4 <= d <= 6)
        if far:
            pairs.append((source, rng.choice(far)))
    return pairs


def _bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def _say(text: str) -> None:
    print(text, flush=True)


def measure_size(size: int, home: Path, samples: int, keep: bool,
                 cutoff: int | None, reads_only: bool = False) -> dict[str, Any]:
    folder = home / str(size)
    env = os.environ | {"NEXUS_HOME": str(folder), "NEXUS_BOLT_PORT": str(_free_port())}
    env.pop("NEO4J_URI", None)
    figures: dict[str, Any] = {"size": size}
    _run([NEXUS, "neo4j", "start"], env)
    try:
        _run([NEXUS, "migrate"], env)
        seconds, output = _run([NEXUS, "demo", "--if-empty", "--persons", str(size),
                                "--seed", str(SEED)], env)
        rows = re.search(r"([\d,]+) rows", output)
        figures["load_s"] = None if "already" in output or rows is None else seconds
        figures["load_rows"] = int(rows.group(1).replace(",", "")) if rows else None
        _say(f"  load: {'reused' if figures['load_s'] is None else f'{seconds:.0f} s'}; "
             f"{output.strip().splitlines()[-1]}")
        data = folder / "neo4j" / "data"
        figures["store_bytes"] = _bytes(data / "databases" / "neo4j")
        _say(f"  store: {figures['store_bytes'] / 1e9:.2f} GB "
             f"({figures['store_bytes'] / size / 1000:.1f} kB a person, indexes included); "
             f"transaction logs {_bytes(data / 'transactions' / 'neo4j') / 1e9:.2f} GB")
        if reads_only:
            return figures | _measure_reads(env, samples)
        analytics = [NEXUS, "analytics", "run"]
        if cutoff:
            analytics += ["--betweenness-cutoff", str(cutoff)]
        figures["analytics_s"], _ = _run(analytics, env)
        _say(f"  analytics run{f' (betweenness cutoff {cutoff})' if cutoff else ''}: "
             f"{figures['analytics_s']:.0f} s")
        figures["duplicates_s"], _ = _run([NEXUS, "duplicates", "scan"], env)
        _say(f"  duplicates scan: {figures['duplicates_s']:.0f} s")
        _, screened = _run([PYTHON, str(ROOT / "bench" / "screening_bench.py"),
                            "--rows", "2000"], env)
        rate = re.search(r"= (\d+) rows/s", screened)
        figures["screening_rows_s"] = int(rate.group(1)) if rate else None
        _say(f"  screening: {figures['screening_rows_s']} rows/s")
        figures.update(_measure_reads(env, samples))
    finally:
        if not keep:
            _run([NEXUS, "neo4j", "stop"], env, check=False)
    return figures


def _measure_reads(env: dict[str, str], samples: int) -> dict[str, Any]:
    """p50/p95 of each read over HTTP, `nexus serve` against the size's Neo4j."""
    sys.path.insert(0, str(ROOT))
    from api.auth import issue_token
    from graph.accounts import users
    from graph.db.driver import open_driver, resolve_connection

    os.environ.update({"NEXUS_HOME": env["NEXUS_HOME"],
                       "NEXUS_BOLT_PORT": env["NEXUS_BOLT_PORT"]})
    connection = resolve_connection()
    driver = open_driver(connection)
    database = connection.database
    if users.get_user(driver, database, "bench-analyst") is None:
        users.add_user(driver, database, "bench-analyst", "analyst",
                       "bench-password-" + "x" * 8)
    token = issue_token("bench-analyst", "scale bench")
    rng = random.Random(SEED)
    records, _, _ = driver.execute_query(
        "MATCH (p:Person) RETURN p.id AS id, p.family_name AS name", database_=database)
    people = [(r["id"], r["name"]) for r in records]
    sample = rng.sample(people, min(samples, len(people)))
    pairs = _two_hop_pairs(driver, database, samples, rng)
    driver.close()

    port = _free_port()
    serve_env = env | {"NEXUS_RATE_PER_SECOND": "100000", "NEXUS_RATE_BURST": "100000"}
    server = subprocess.Popen([NEXUS, "serve", "--workers", "2", "--no-analytics",
                               "--port", str(port)], env=serve_env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return _reads(f"http://127.0.0.1:{port}", token, sample, pairs, server)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _reads(url: str, token: str, sample: list[tuple[str, str]],
           pairs: list[tuple[str, str]], server: subprocess.Popen[bytes]
           ) -> dict[str, tuple[float, float]]:
    client = httpx.Client(timeout=120, headers={"Authorization": f"Bearer {token}"})
    deadline = time.monotonic() + 90
    while True:
        try:
            if client.get(f"{url}/healthz").status_code == 200:
                break
        except httpx.TransportError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            sys.exit("nexus serve did not start")
        time.sleep(0.5)

    def graphql(query: str, variables: dict[str, Any]) -> Callable[[], None]:
        def call() -> None:
            body = client.post(f"{url}/graphql", json={"query": QUERIES[query],
                                                       "variables": variables}).json()
            if body.get("errors"):
                raise RuntimeError(f"{query}: {body['errors'][0]}")
        return call

    def pdf(person_id: str) -> Callable[[], None]:
        def call() -> None:
            response = client.get(f"{url}/history/{person_id}.pdf",
                                  params={"purpose": "scale bench"})
            response.raise_for_status()
        return call

    calls: dict[str, list[Callable[[], None]]] = {
        "search": [graphql("search", {"q": name}) for _, name in sample],
        "person": [graphql("person", {"id": pid}) for pid, _ in sample],
        "network": [graphql("network", {"id": pid}) for pid, _ in sample],
        "path": [graphql("path", {"from": a, "to": b}) for a, b in pairs],
        "history": [graphql("history", {"id": pid}) for pid, _ in sample],
        "pdf": [pdf(pid) for pid, _ in sample[:max(5, len(sample) // 3)]],
    }
    for warm in calls.values():  # one of each first: compiled plans, warm caches
        warm[0]()
    times: dict[str, list[float]] = {name: [] for name in calls}
    for round_calls in zip(*(calls[name] for name in READS[:-1]), strict=False):
        for name, call in zip(READS[:-1], round_calls, strict=False):
            started = time.perf_counter()
            call()
            times[name].append((time.perf_counter() - started) * 1000)
    for call in calls["pdf"]:
        started = time.perf_counter()
        call()
        times["pdf"].append((time.perf_counter() - started) * 1000)
    return {name: (statistics.median(values), _p(values, 0.95))
            for name, values in times.items() if values}


def _print(results: list[dict[str, Any]]) -> None:
    def cell(value: Any, unit: str = "") -> str:
        return "-" if value is None else f"{value:,.0f}{unit}"

    print("\npersons      load (rows/s)        analytics  duplicates  screening"
          "     store (kB a person)")
    for r in results:
        load = ("reused" if r["load_s"] is None else
                f"{r['load_s']:.0f} s ({r['load_rows'] / r['load_s']:,.0f}/s)")
        print(f"{r['size']:>9,}  {load:>20}  {cell(r.get('analytics_s'), ' s'):>10}  "
              f"{cell(r.get('duplicates_s'), ' s'):>10}  "
              f"{cell(r.get('screening_rows_s'), ' rows/s'):>12}"
              f"  {r['store_bytes'] / 1e9:>6.2f} GB ({r['store_bytes'] / r['size'] / 1000:.1f})")
    print("\nms p50 / p95  " + "".join(f"{name:>16}" for name in READS))
    for r in results:
        print(f"{r['size']:>12,}  " + "".join(
            f"{r[name][0]:>8.0f} /{r[name][1]:>6.0f}" if name in r else f"{'-':>16}"
            for name in READS))
    for before, after in zip(results, results[1:], strict=False):
        grow = after["size"] / before["size"]
        print(f"\n{before['size']:,} -> {after['size']:,} persons (x{grow:.1f}): p95 growth "
              + ", ".join(f"{name} x{after[name][1] / before[name][1]:.1f}"
                          for name in READS if name in before and name in after)
              + "".join(f"; {name} x{after[key] / before[key]:.1f}"
                        for name, key in (("analytics", "analytics_s"),
                                          ("duplicates", "duplicates_s"))
                        if before.get(key) and after.get(key)))
    print("\ntargets at 1M (p95 ms): " + ", ".join(
        f"{name} <= {limit:,}" for name, limit in TARGETS_P95.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,300000,1000000")
    parser.add_argument("--home", type=Path, default=Path("/tmp/nexus-scale"))
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="leave the servers running")
    parser.add_argument("--reads-only", action="store_true",
                        help="only the reads (a graph built before): no analytics, duplicates "
                             "scan or screening")
    parser.add_argument("--betweenness-cutoff", type=int, default=None,
                        help="pass to `nexus analytics run` (default: exact, as users get)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    results = []
    for size in sizes:
        print(f"--- {size:,} persons", flush=True)
        results.append(measure_size(size, args.home, args.samples, args.keep,
                                    args.betweenness_cutoff, args.reads_only))
        _print(results)


if __name__ == "__main__":
    main()
