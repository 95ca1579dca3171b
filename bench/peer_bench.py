"""Nexus's read path against @neo4j/graphql on the same Neo4j, and the raw-driver floor.

    .venv/bin/python bench/peer_bench.py [--rounds 30] [--concurrent 200] [--workers N]

Uses the configured Neo4j (NEO4J_URI or the local server) holding the demo (`make run`
loads it). Starts `nexus serve` and the peer (bench/peer, `make peer-deps` installs it)
on free ports against that one database, picks five people by association degree (the
hub, top 1 %, top 10 %, median, lower quartile) and measures, in one interleaved run:

  person    a person and their direct associates
  network   the 2-hop ego network over the person-to-person association types
  search    name search, first 20

Sequentially, each request of Nexus, the peer, Nexus's graph layer (called in this
process: the read Nexus makes, without HTTP, GraphQL, the sign-in check or the audit
entry) and the raw driver is timed back to back (the order rotating), so drift on the
machine hits all of them alike. With 4 clients, each system is driven in turn for the
same number of requests, twice, in alternating order.
It checks that both return the same people and says where they differ by design: Nexus
draws every edge among the drawn nodes and caps each node's neighbours at 100 (a
supernode preview, flagged `truncated`); the peer follows paths from the centre only.

Prints p50 / p95 ms and req/s per system, the Nexus / peer ratios and the targets of
issue 16 (network p50 <= 0.7x and 4-client req/s >= 1x; person and search p50 <= 1.0x
and req/s >= 1x).
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.auth import issue_token  # noqa: E402
from api.permissions import clearance_of  # noqa: E402
from graph.accounts import users  # noqa: E402
from graph.db.driver import open_driver, resolve_connection  # noqa: E402
from graph.db.timeouts import with_timeout  # noqa: E402
from graph.explorer import network as graph_network  # noqa: E402
from graph.explorer import people as graph_people  # noqa: E402
from graph.names import fulltext_query  # noqa: E402

BENCH_USER = "bench-analyst"
PEER = ROOT / "bench" / "peer"
# The person-to-person association types: both systems traverse exactly these.
KINDS = ["FAMILY", "PARTNER", "LIVES_WITH", "FRIEND", "CO_OFFENDER", "PHONE_CONTACT",
         "SOCIAL_MEDIA"]
TYPES = "|".join(KINDS)

NEXUS = {
    "person": """query ($id: ID!) { person(id: $id) { id fullName
        associates(first: 100) { totalCount edges { node { personId fullName } } } } }""",
    "network": """query ($id: ID!, $kinds: [AssociationKind!]) {
        network(personId: $id, depth: 2, limit: 5000, kinds: $kinds) { nodeCount edgeCount
          columns(nodeFields: [id, label, depth], edgeFields: [source, target, kind]) } }""",
    "search": """query ($q: String!) { searchPeople(query: $q, first: 20) { totalCount
        edges { score node { id fullName datesOfBirth nationalities } } } }""",
}
PEER_QUERIES = {
    "person": """query ($id: ID!) { people(where: {id: {eq: $id}}) { id full_name
        associates { id full_name } } }""",
    "network": """query ($id: ID!) { people(where: {id: {eq: $id}}) { id full_name
        associates { id full_name associates { id full_name } } } }""",
    "search": """query ($lucene: String!) { searchPeople(lucene: $lucene, first: 20) {
        id full_name dates_of_birth nationalities } }""",
}
# The same peer asked through one @relationship field per association type, as
# @neo4j/graphql models a graph out of the box (and as the issue first measured it).
REL_FIELDS = ["family", "partners", "lives_with", "friends", "co_offenders", "phone_contacts",
              "social_media"]
_ONE_HOP = " ".join(f"{name} {{ id full_name }}" for name in REL_FIELDS)
_TWO_HOPS = " ".join(f"{name} {{ id full_name {_ONE_HOP} }}" for name in REL_FIELDS)
PEER_REL_QUERIES = {
    "person": f"""query ($id: ID!) {{ people(where: {{id: {{eq: $id}}}}) {{ id full_name
        {_ONE_HOP} }} }}""",
    "network": f"""query ($id: ID!) {{ people(where: {{id: {{eq: $id}}}}) {{ id full_name
        {_TWO_HOPS} }} }}""",
    "search": PEER_QUERIES["search"],
}
SYSTEMS = ("nexus", "peer", "peer_rel", "graph", "raw")
# `graph` is Nexus's own graph layer called in this process (no HTTP, GraphQL, sign-in
# check or audit entry): the floor for the answer Nexus gives, edges among neighbours and
# all. It is left out of the same-people check, which compares what clients receive.
COMPARED = ("nexus", "peer", "peer_rel", "raw")
PEERS = {"peer": "@neo4j/graphql, one @cypher field (tuned)",
         "peer_rel": "@neo4j/graphql, @relationship fields (its own modelling)"}
RAW = {
    "person": f"""MATCH (p:Person {{id: $id}})
        OPTIONAL MATCH (p)-[:{TYPES}]-(a:Person)
        RETURN p.id AS id, p.full_name AS name, collect(DISTINCT [a.id, a.full_name]) AS a""",
    "network": f"""MATCH (c:Person {{id: $id}})
        CALL (c) {{ MATCH (c)-[:{TYPES}]-(a:Person) RETURN collect(DISTINCT a) AS one }}
        CALL (one) {{ UNWIND one AS a MATCH (a)-[:{TYPES}]-(b:Person)
                      RETURN collect(DISTINCT [b.id, b.full_name]) AS two }}
        RETURN [a IN one | [a.id, a.full_name]] AS one, two""",
    "search": """CALL db.index.fulltext.queryNodes('person_names', $lucene, {limit: 1000})
        YIELD node, score WITH node, score ORDER BY score DESC, node.id LIMIT 20
        RETURN collect([node.id, node.full_name, node.dates_of_birth, node.nationalities])
               AS hits""",
}
TARGETS = {"person": 1.0, "network": 0.7, "search": 1.0}  # p50 ratio at most


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(client: httpx.Client, url: str, query: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if process.poll() is not None:
            sys.exit(f"{url} exited with {process.returncode}")
        try:
            client.post(url, json={"query": query})
            return
        except httpx.TransportError:
            time.sleep(0.2)
    sys.exit(f"{url} did not answer")


@dataclass
class Systems:
    nexus: Callable[[str, dict[str, Any]], dict[str, Any]]
    peer: Callable[[str, dict[str, Any]], dict[str, Any]]
    peer_rel: Callable[[str, dict[str, Any]], dict[str, Any]]
    graph: Callable[[str, dict[str, Any]], Any]
    raw: Callable[[str, dict[str, Any]], Any]


@dataclass
class Samples:
    ms: dict[tuple[str, str, str], list[float]] = field(default_factory=dict)

    def add(self, query: str, who: str, system: str, value: float) -> None:
        self.ms.setdefault((query, who, system), []).append(value)

    def pooled(self, query: str, system: str, who: str | None = None) -> list[float]:
        return [v for (q, w, s), values in self.ms.items()
                if q == query and s == system and who in (None, w) for v in values]


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[int(q * (len(ordered) - 1))]


def _pick_people(driver: Any, database: str) -> dict[str, str]:
    records, _, _ = driver.execute_query(
        f"MATCH (p:Person) RETURN p.id AS id, COUNT {{ (p)-[:{TYPES}]-(:Person) }} AS degree "
        "ORDER BY degree DESC, id", database_=database)
    if len(records) < 100 or records[0]["degree"] == 0:
        sys.exit("no demo data with associations: run `make run` (or `nexus demo`) first")
    n = len(records)
    picks = {"hub": 0, "top 1%": n // 100, "top 10%": n // 10, "median": n // 2,
             "lower quartile": 3 * n // 4}
    return {who: records[index]["id"] for who, index in picks.items()}


def _people_of(query: str, system: str, answer: Any) -> set[str]:
    """The person ids an answer shows (for the same-people check)."""
    if system == "nexus":
        if query == "person":
            person = answer["person"]
            return {person["id"], *(e["node"]["personId"] for e in person["associates"]["edges"])}
        if query == "network":
            return set(answer["network"]["columns"]["nodes"]["id"])
        return {e["node"]["id"] for e in answer["searchPeople"]["edges"]}
    if system in PEERS:
        if query == "search":
            return {p["id"] for p in answer["searchPeople"]}
        person = answer["people"][0]
        fields = ["associates"] if system == "peer" else REL_FIELDS
        one = [a for name in fields for a in person[name]]
        ids = {person["id"], *(a["id"] for a in one)}
        if query == "network":
            ids |= {b["id"] for a in one for name in fields for b in a[name]}
        return ids
    record = answer[0]
    if query == "person":
        return {record["id"], *(a[0] for a in record["a"] if a[0])}
    if query == "network":
        return {*(a[0] for a in record["one"]), *(b[0] for b in record["two"])}
    return {hit[0] for hit in record["hits"]}


def _variables(query: str, person_id: str, name: str) -> dict[str, Any]:
    if query == "search":
        return {"q": name, "lucene": fulltext_query(name)}
    return {"id": person_id, "kinds": KINDS} if query == "network" else {"id": person_id}


def _sequential(systems: Systems, people: dict[str, str], names: list[str],
                rounds: int) -> Samples:
    samples = Samples()
    order = list(SYSTEMS)
    for round_no in range(rounds + 3):  # three rounds of warm-up, not counted
        for query in NEXUS:
            for index, (who, person_id) in enumerate(people.items()):
                variables = _variables(query, person_id, names[(round_no * 5 + index)
                                                                % len(names)])
                turn = round_no % len(order)
                for system in order[turn:] + order[:turn]:
                    call = getattr(systems, system)
                    started = time.perf_counter()
                    call(query, variables)
                    if round_no >= 3:
                        samples.add(query, who, system, (time.perf_counter() - started) * 1000)
    return samples


def _throughput(call: Callable[[str, dict[str, Any]], Any], query: str,
                people: dict[str, str], names: list[str], requests: int,
                clients: int) -> float:
    ids = list(people.values())
    done = [0]
    lock = threading.Lock()

    def client(offset: int) -> None:
        i = offset
        while True:
            with lock:
                if done[0] >= requests:
                    return
                done[0] += 1
            call(query, _variables(query, ids[i % len(ids)], names[i % len(names)]))
            i += clients

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return requests / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30,
                        help="sequential rounds (each: every query for all five people)")
    parser.add_argument("--concurrent", type=int, default=200,
                        help="requests per system and query in each 4-client block")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=None,
                        help="nexus serve --workers (default: its own default, the cores)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    connection = resolve_connection()
    driver = open_driver(connection, interactive=True)
    database = connection.database
    people = _pick_people(driver, database)
    records, _, _ = driver.execute_query(
        "MATCH (p:Person) WHERE p.family_name IS NOT NULL RETURN DISTINCT p.family_name AS n "
        "ORDER BY n", database_=database)
    names = [r["n"] for r in records]
    random.Random(args.seed).shuffle(names)
    names = names[:50]
    if users.get_user(driver, database, BENCH_USER) is None:
        users.add_user(driver, database, BENCH_USER, "analyst", "bench-password-" + "x" * 8)
    token = issue_token(BENCH_USER, "peer benchmark")

    if not (PEER / "node_modules").exists():
        sys.exit("the peer is not installed: run `make peer-deps`")
    nexus_port, peer_port = _free_port(), _free_port()
    serve = [str(ROOT / ".venv" / "bin" / "nexus"), "serve", "--port", str(nexus_port)]
    if args.workers:
        serve += ["--workers", str(args.workers)]
    rate = {"NEXUS_RATE_PER_SECOND": "100000", "NEXUS_RATE_BURST": "100000"}
    nexus_process = subprocess.Popen(serve, env=os.environ | rate,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peer_env = os.environ | {"NEO4J_URI": connection.uri, "NEO4J_USER": connection.user,
                             "NEO4J_PASSWORD": connection.password,
                             "NEO4J_DATABASE": database, "PORT": str(peer_port)}
    peer_process = subprocess.Popen(["node", str(PEER / "server.mjs")], env=peer_env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    nexus_url = f"http://127.0.0.1:{nexus_port}/graphql"
    peer_url = f"http://127.0.0.1:{peer_port}/graphql"
    local = threading.local()

    def http(url: str, headers: dict[str, str]) -> httpx.Client:
        clients = local.__dict__.setdefault("clients", {})
        key = (url, tuple(sorted(headers.items())))
        if key not in clients:
            clients[key] = httpx.Client(timeout=60, headers=headers)
        return clients[key]

    def graphql(url: str, headers: dict[str, str], documents: dict[str, str]
                ) -> Callable[[str, dict[str, Any]], dict[str, Any]]:
        def call(query: str, variables: dict[str, Any]) -> dict[str, Any]:
            body = http(url, headers).post(
                url, json={"query": documents[query], "variables": variables}).json()
            if body.get("errors"):
                raise RuntimeError(f"{url} {query}: {body['errors'][0]}")
            return dict(body["data"])
        return call

    def raw(query: str, variables: dict[str, Any]) -> Any:
        records, _, _ = driver.execute_query(RAW[query], database_=database, **variables)
        return records

    timed = with_timeout(driver, 30)
    clearance = clearance_of("analyst")
    lean = graph_network.Detail(node_extras=False, hidden_counts=False, edge_extras=False,
                          edge_ids=False)  # what the bench's columns ask for

    def graph(query: str, variables: dict[str, Any]) -> Any:
        if query == "person":
            # The lean list the API reads for a selection of names (api/types/person.py).
            return graph_people.person_with_lists(timed, database, variables["id"],
                                                  ["associate_names"], clearance=clearance)
        if query == "network":
            return graph_network.ego_network(
                timed, database, variables["id"], depth=2, kinds=KINDS, limit=5000,
                clearance=clearance, detail=lean).columns(["id", "label", "depth"],
                                                          ["source", "target", "kind"])
        return graph_people.search_people(timed, database, variables["q"], first=20)

    systems = Systems(
        nexus=graphql(nexus_url, {"Authorization": f"Bearer {token}"}, NEXUS),
        peer=graphql(peer_url, {}, PEER_QUERIES),
        peer_rel=graphql(peer_url, {}, PEER_REL_QUERIES), graph=graph, raw=raw)
    try:
        _wait(http(nexus_url, {}), nexus_url, "{ __typename }", nexus_process)
        _wait(http(peer_url, {}), peer_url, "{ __typename }", peer_process)
        _report_same_people(systems, people, names)
        samples = _sequential(systems, people, names, args.rounds)
        rates: dict[tuple[str, str], list[float]] = {}
        for block in range(2):
            for query in NEXUS:
                order = list(SYSTEMS) if block == 0 else list(reversed(SYSTEMS))
                for system in order:
                    rates.setdefault((query, system), []).append(_throughput(
                        getattr(systems, system), query, people, names, args.concurrent,
                        args.clients))
        _report(samples, rates, people, args)
    finally:
        for process in (nexus_process, peer_process):
            process.terminate()
            process.wait(10)


def _report_same_people(systems: Systems, people: dict[str, str], names: list[str]) -> None:
    print("same people (Nexus vs each peer vs raw):")
    for query in NEXUS:
        for who, person_id in people.items():
            variables = _variables(query, person_id, names[0])
            found = {system: _people_of(query, system, getattr(systems, system)(query, variables))
                     for system in COMPARED}
            same = len({frozenset(ids) for ids in found.values()}) == 1
            note = "same" if same else (
                "differ: " + ", ".join(f"{s} {len(ids)}" for s, ids in found.items())
                + f"; only nexus {len(found['nexus'] - found['peer'])}, "
                f"only peer {len(found['peer'] - found['nexus'])}"
                + ("" if found["peer"] == found["peer_rel"] else "; the two peers differ"))
            print(f"  {query:8s} {who:15s} {note}")
            if query == "search":
                break


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _report(samples: Samples, rates: dict[tuple[str, str], list[float]],
            people: dict[str, str], args: argparse.Namespace) -> None:
    print(f"\nsequential, {args.rounds} rounds; {args.clients} clients, "
          f"{args.concurrent} requests x 2 blocks per system (ms; req/s)")
    for peer, name in PEERS.items():
        print(f"  {peer}: {name}")
    print("  graph: Nexus's graph layer in this process (no HTTP, GraphQL, check or audit)")
    print(f"{'query':8s} {'who':15s} " + " ".join(f"{s + ' p50/p95':>16s}" for s in SYSTEMS)
          + " " + " ".join(f"{'N/' + p:>14s}" for p in PEERS) + f" {'target':>7s}")
    verdicts: dict[str, list[bool]] = {peer: [] for peer in PEERS}
    for query in NEXUS:
        rows = [None, *people] if query != "search" else [None]
        for who in rows:
            med = {s: statistics.median(samples.pooled(query, s, who)) for s in SYSTEMS}
            p95 = {s: _p(samples.pooled(query, s, who), 0.95) for s in SYSTEMS}
            ratios = {peer: med["nexus"] / med[peer] for peer in PEERS}
            for peer, ratio in ratios.items():
                verdicts[peer].append(ratio <= TARGETS[query])
            print(f"{query:8s} {who or 'all five':15s} "
                  + " ".join(f"{med[s]:7.1f}/{p95[s]:8.1f}" for s in SYSTEMS) + " "
                  + " ".join(f"{ratios[p]:6.2f}x {_verdict(ratios[p] <= TARGETS[query])}"
                             for p in PEERS) + f"  <= {TARGETS[query]}x")
    print(f"\n{'query':8s} " + " ".join(f"{s + ' req/s':>14s}" for s in SYSTEMS) + " "
          + " ".join(f"{'N/' + p:>14s}" for p in PEERS) + "  target")
    for query in NEXUS:
        rate = {s: statistics.mean(rates[(query, s)]) for s in SYSTEMS}
        ratios = {peer: rate["nexus"] / rate[peer] for peer in PEERS}
        for peer, ratio in ratios.items():
            verdicts[peer].append(ratio >= 1)
        print(f"{query:8s} " + " ".join(f"{rate[s]:14.0f}" for s in SYSTEMS) + " "
              + " ".join(f"{ratios[p]:6.2f}x {_verdict(ratios[p] >= 1)}" for p in PEERS)
              + "  >= 1x")
    print()
    for peer, name in PEERS.items():
        print(f"against {peer} ({name}): {sum(verdicts[peer])} of {len(verdicts[peer])} "
              "targets met")


if __name__ == "__main__":
    main()
