"""GraphQL over HTTP against the same Cypher through the raw driver, in one run.

    .venv/bin/python bench/api_bench.py [--requests 300] [--seed 7]

Uses the configured Neo4j (NEO4J_URI or the local server) holding demo data (load it
with `nexus demo --persons N`). Starts `nexus serve` on a free port as a separate
process, then for a fixed sample of people measures:

  (a) person + 2-hop network through GraphQL over HTTP (the web UI's query)
  (b) the same Cypher through the raw driver (person, network nodes, network edges)
  and search: `searchPeople` over HTTP against the raw full-text query, once with the
  web UI's selection and once asking only `totalCount` (the floor with no field cost).

The GraphQL side pays for what the raw side does not: HTTP, authentication, GraphQL
execution and the audit entry every consultation makes durable before it answers.
Each GraphQL call is timed back to back with its raw twin, so load from elsewhere hits
both sides alike. `{ me }` (HTTP and sign-in, no database) shows the fixed floor.

Prints p50 / p95 in milliseconds and the GraphQL / raw ratio of the p50s.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.auth import issue_token  # noqa: E402
from graph.access import FULL  # noqa: E402
from graph.accounts import users  # noqa: E402
from graph.db.driver import open_driver, resolve_connection  # noqa: E402
from graph.explorer import network, people  # noqa: E402

BENCH_USER = "bench-analyst"

PERSON_AND_NETWORK = """
query ($id: ID!) {
  person(id: $id) { id fullName aliases datesOfBirth nationalities warningMarkers }
  network(personId: $id, depth: 2) { nodeCount edgeCount truncated elements }
}
"""
SEARCH = "query ($q: String!) { searchPeople(query: $q, first: 20) { totalCount " \
         "edges { score node { id fullName datesOfBirth nationalities } } } }"
# The same search and audit entry with no per-field cost: what is left is HTTP, sign-in,
# the durable audit entry and GraphQL's fixed cost per request.
SEARCH_COUNT = "query ($q: String!) { searchPeople(query: $q, first: 20) { totalCount } }"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def _time_pairs(graphql: list[Callable[[], object]],
                raw: list[Callable[[], object]]) -> tuple[list[float], list[float]]:
    """Time each GraphQL call and its raw twin back to back, so both sides see the same
    machine (load from other processes drifts over a run)."""
    for call in [*graphql[:20], *raw[:20]]:  # warm caches, plans and connections
        call()
    sides: tuple[list[float], list[float]] = ([], [])
    for pair in zip(graphql, raw, strict=True):
        for samples, call in zip(sides, pair, strict=True):
            started = time.perf_counter()
            call()
            samples.append((time.perf_counter() - started) * 1000)
    return sides


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    connection = resolve_connection()
    driver = open_driver(connection, interactive=True)
    database = connection.database
    records, _, _ = driver.execute_query(
        "MATCH (p:Person) WHERE EXISTS { (p)-[:FAMILY|FRIEND|PARTNER|CO_OFFENDER]-() } "
        "RETURN p.id AS id, coalesce(p.family_name, p.full_name) AS name", database_=database)
    if not records:
        sys.exit("no people with associates: load demo data first (nexus demo)")
    rng = random.Random(args.seed)
    sample = [rng.choice(records) for _ in range(args.requests)]
    ids = [record["id"] for record in sample]
    names = [record["name"] for record in sample]
    total, _, _ = driver.execute_query("MATCH (p:Person) RETURN count(p) AS n",
                                       database_=database)

    if users.get_user(driver, database, BENCH_USER) is None:
        users.add_user(driver, database, BENCH_USER, "analyst", "bench-password-" + "x" * 8)
    token = issue_token(BENCH_USER, "API benchmark")

    port = _free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "nexus"), "serve", "--port", str(port)],
        env=os.environ | {"NEXUS_RATE_PER_SECOND": "100000", "NEXUS_RATE_BURST": "100000"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/graphql"
    client = httpx.Client(timeout=30, headers={"Authorization": f"Bearer {token}"})
    try:
        for _ in range(100):
            try:
                client.post(url, json={"query": "{ health { status } }"})
                break
            except httpx.TransportError:
                time.sleep(0.2)

        def gql(query: str, **variables: object) -> Callable[[], object]:
            def call() -> object:
                response = client.post(url, json={"query": query, "variables": variables})
                body = response.json()
                assert "errors" not in body, body
                return body
            return call

        def raw_network(person_id: str) -> Callable[[], object]:
            def call() -> object:
                people.persons_by_ids(driver, database, [person_id])
                return network.ego_network(driver, database, person_id, depth=2,
                                           clearance=FULL)
            return call

        def raw_search(name: str) -> Callable[[], object]:
            return lambda: people.search_people(driver, database, name, first=20)

        network_gql, network_raw = _time_pairs(
            [gql(PERSON_AND_NETWORK, id=i) for i in ids], [raw_network(i) for i in ids])
        search_gql, search_raw = _time_pairs([gql(SEARCH, q=n) for n in names],
                                             [raw_search(n) for n in names])
        count_gql, count_raw = _time_pairs([gql(SEARCH_COUNT, q=n) for n in names],
                                           [raw_search(n) for n in names])
        floor, _ = _time_pairs([gql("{ me { name } }")] * 100, [lambda: None] * 100)
        results = {
            "person + 2-hop network, GraphQL/HTTP": network_gql,
            "person + 2-hop network, raw driver": network_raw,
            "search, GraphQL/HTTP": search_gql,
            "search, raw driver": search_raw,
            "search (totalCount only), GraphQL/HTTP": count_gql,
            "search (totalCount only), raw driver": count_raw,
            "{ me } (HTTP + sign-in, no database)": floor,
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
        driver.close()

    print(f"persons in graph: {total[0]['n']:,}; requests per row: {args.requests}")
    print(f"{'measure':<44} {'p50 ms':>8} {'p95 ms':>8}")
    for name, samples in results.items():
        p50, p95 = _percentiles(samples)
        print(f"{name:<44} {p50:>8.2f} {p95:>8.2f}")
    for what in ("person + 2-hop network", "search", "search (totalCount only)"):
        gql_p50 = _percentiles(results[f"{what}, GraphQL/HTTP"])[0]
        raw_p50 = _percentiles(results[f"{what}, raw driver"])[0]
        print(f"ratio GraphQL/raw p50, {what}: {gql_p50 / raw_p50:.2f}x")


if __name__ == "__main__":
    main()
