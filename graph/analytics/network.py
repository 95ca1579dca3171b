"""Network analytics on the association graph, projected into python-igraph.

Version "net-2" (igraph's own Leiden). Why igraph rather than Neo4j's Graph Data Science library:
GDS is a server plugin that is not published on Maven Central (where this project gets
Neo4j 5.26 Community) and whose Community edition caps concurrency at 4 cores; igraph
is a mature C library with Python wheels on PyPI, so the analytics install with `pip`
and run in-process. The price is a projection: one read of every person and every
association link into memory (a few seconds and tens of MB for 20,000 people), and
results written back in batches.

The projection: every Person is a vertex; every association link (FAMILY, PARTNER,
LIVES_WITH, FRIEND, CO_OFFENDER, PHONE_CONTACT, SOCIAL_MEDIA, ASSOCIATE) is an undirected edge,
parallel links collapsed into one. Links graded with handling code C are left out, so
the results may be shown to every role that reads persons without revealing a C link.
Ended links (`until` in the past) stay in: an association history is still a link.

* degree: distinct associates. betweenness: shortest paths between other pairs through
  the person (undirected pair counts; exact up to EXACT_BETWEENNESS_LIMIT people, then
  estimated from sampled sources; a length cutoff, if given, counts only short paths). PageRank:
  damping 0.85, undirected. triangles: pairs of associates who are linked themselves.
* communities: Leiden, maximising modularity, seeded (same graph + seed = same groups),
  renumbered by size (0 = largest); people with no links get none.
* co-offending: the subgraph of CO_OFFENDER links (the writers derive them from shared
  arrests and incidents): each person's co-offenders and co-offending group (connected
  component of two or more people, numbered by size).
* people at risk, for safeguarding: a person with no offending of their own (no
  conviction, no arrest, no charge, never a suspect in an incident) who has at least
  `AT_RISK_MIN_ASSOCIATES` associates who do have offending recorded.
"""

from __future__ import annotations

import random
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from time import perf_counter
from typing import Any

import igraph as ig
from neo4j import Driver, Query

from graph.explorer.network import ASSOCIATION_TYPES

VERSION = "net-2"
PERSON_TYPES = "|".join(t for t in ASSOCIATION_TYPES.values() if t != "MEMBER_OF")
AT_RISK_MIN_ASSOCIATES = 3
DAMPING = 0.85
LEIDEN_SEED = 42
# Exact betweenness is O(people x links): 36 s at 20,000 people, over 22 minutes at
# 100,000. Above EXACT_BETWEENNESS_LIMIT people it is estimated from the shortest paths
# of a seeded sample of source people, scaled by people / sources (Brandes and Pich's
# source sampling): unbiased, and the most central people rank as they do exactly.
EXACT_BETWEENNESS_LIMIT = 20_000
BETWEENNESS_SOURCES = 1_000
# The sampled run's work is sources x links. At a million people (3.6M links) 1,000
# sources took 582 s of a 868 s run; above BETWEENNESS_WORK the sources shrink to keep the
# work there (330 at 3.6M links, never under MIN_BETWEENNESS_SOURCES): the estimate's
# error grows as 1/sqrt(sources), so the most central still rank near the top.
BETWEENNESS_WORK = 1_200_000_000
MIN_BETWEENNESS_SOURCES = 250

# Offending of one's own: convicted, arrested, charged, or a suspect in an incident.
PERSONS = """
MATCH (p:Person)
RETURN p.id AS id,
  EXISTS { (p)-[:WAS_CONVICTED|WAS_ARRESTED|WAS_CHARGED|SUSPECT_IN]->() } AS offending
"""

LINKS = f"""
MATCH (a:Person)-[r:{PERSON_TYPES}]->(b:Person)
WHERE a <> b AND (r.handling_code IS NULL OR r.handling_code <> 'C')
RETURN a.id AS a, b.id AS b, type(r) = 'CO_OFFENDER' AS co
"""


@dataclass
class Projection:
    """The association graph in memory: vertex i is the person `ids[i]`."""

    ids: list[str]
    offending: list[bool]
    links: list[tuple[int, int]] = field(default_factory=list)
    co_links: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def of(cls, persons: list[tuple[str, bool]],
           links: list[tuple[str, str, bool]]) -> Projection:
        """From (id, offending) and (id, id, is co-offending) tuples; links to unknown
        ids are dropped."""
        ids = [pid for pid, _ in persons]
        index = {pid: i for i, pid in enumerate(ids)}
        projection = cls(ids=ids, offending=[bool(o) for _, o in persons])
        for a, b, co in links:
            if a in index and b in index and a != b:
                edge = (index[a], index[b])
                projection.links.append(edge)
                if co:
                    projection.co_links.append(edge)
        return projection

    def graph(self, co_only: bool = False) -> ig.Graph:
        graph = ig.Graph(n=len(self.ids), edges=self.co_links if co_only else self.links)
        graph.simplify(multiple=True, loops=True)
        return graph


# The projection is a batch read, not a request: at a million people its link read took
# 123 s on a quiet machine and outlived the interactive query timeout on a busy one.
PROJECTION_TIMEOUT_S = 3600


def project(driver: Driver, database: str) -> Projection:
    """Read every person and every visible association link (two streamed queries)."""
    with driver.session(database=database, default_access_mode="READ") as session:
        persons = [(r["id"], r["offending"])
                   for r in session.run(Query(PERSONS, timeout=PROJECTION_TIMEOUT_S))]
        links = [(r["a"], r["b"], r["co"])
                 for r in session.run(Query(LINKS, timeout=PROJECTION_TIMEOUT_S))]
    return Projection.of(persons, links)


@dataclass(frozen=True)
class NetworkScores:
    degree: int
    betweenness: float
    pagerank: float
    triangles: int
    community: int | None
    co_offenders: int
    co_offending_group: int | None
    co_offending_group_size: int
    offending: bool
    offending_associates: int
    at_risk: bool
    version: str = VERSION

    def properties(self) -> dict[str, Any]:
        """The `analytics_*` properties stored on the Person node."""
        return {"analytics_degree": self.degree, "analytics_betweenness": self.betweenness,
                "analytics_pagerank": self.pagerank, "analytics_triangles": self.triangles,
                "analytics_community": self.community,
                "analytics_co_offenders": self.co_offenders,
                "analytics_co_offending_group": self.co_offending_group,
                "analytics_co_offending_group_size": self.co_offending_group_size,
                "analytics_offending": self.offending,
                "analytics_offending_associates": self.offending_associates,
                "analytics_at_risk": self.at_risk, "analytics_network_version": self.version}


def triangles(graph: ig.Graph) -> list[int]:
    """Triangles each vertex is in."""
    counts: Counter[int] = Counter()
    for triangle in graph.list_triangles():
        counts.update(triangle)
    return [counts[v] for v in range(graph.vcount())]


def _numbered_by_size(groups: list[list[int]], n: int) -> list[int | None]:
    """Group number per vertex: groups of 2+ numbered by size (largest 0), ties by their
    first vertex; vertices alone get None."""
    kept = sorted((sorted(g) for g in groups if len(g) > 1), key=lambda g: (-len(g), g[0]))
    number: list[int | None] = [None] * n
    for index, group in enumerate(kept):
        for vertex in group:
            number[vertex] = index
    return number


def communities(graph: ig.Graph, seed: int = LEIDEN_SEED) -> list[int | None]:
    """Leiden communities (modularity, two iterations), seeded; see `_numbered_by_size`.

    igraph's own Leiden, not leidenalg's: at 200,000 people it took 1.2 s where leidenalg
    took 26 s, for a modularity of 0.541 against 0.542 (docs/analytics.md). igraph draws
    from the generator it is given, so a seeded one is set for the call and the module's
    default put back (one analytics run at a time holds the lease)."""
    if graph.ecount() == 0:
        return [None] * graph.vcount()
    ig.set_random_number_generator(random.Random(seed))
    try:
        clustering = graph.community_leiden(objective_function="modularity",
                                            n_iterations=2)
    finally:
        ig.set_random_number_generator(random)
    return _numbered_by_size([list(c) for c in clustering], graph.vcount())


def offending_associates(graph: ig.Graph, offending: list[bool]) -> list[int]:
    return [sum(offending[u] for u in graph.neighbors(v)) for v in range(graph.vcount())]


def at_risk(offending: list[bool], associates: list[int],
            minimum: int = AT_RISK_MIN_ASSOCIATES) -> list[bool]:
    return [not own and count >= minimum for own, count in zip(offending, associates,
                                                               strict=True)]


def _sources(n: int, sources: int | None, links: int = 0) -> int:
    if sources is not None:
        return sources
    if n <= EXACT_BETWEENNESS_LIMIT:
        return 0
    budget = BETWEENNESS_WORK // links if links else BETWEENNESS_SOURCES
    return min(BETWEENNESS_SOURCES, max(MIN_BETWEENNESS_SOURCES, budget))


def betweenness(graph: ig.Graph, *, cutoff: int | None = None, sources: int | None = None,
                seed: int = LEIDEN_SEED) -> tuple[list[float], int]:
    """Each vertex's betweenness and how many source vertices it was computed from (all
    of them: exact). `sources` None chooses: exact up to EXACT_BETWEENNESS_LIMIT vertices,
    else BETWEENNESS_SOURCES sampled, fewer above BETWEENNESS_WORK (sources x links); 0
    asks for exact whatever the size."""
    n = graph.vcount()
    sources = _sources(n, sources, graph.ecount())
    if not sources or sources >= n:
        return graph.betweenness(directed=False, cutoff=cutoff), n
    chosen = random.Random(seed).sample(range(n), sources)
    partial = graph.betweenness(directed=False, cutoff=cutoff, sources=chosen)
    return [value * n / sources for value in partial], sources


def _timed_betweenness(graph: ig.Graph, cutoff: int | None, sources: int | None,
                       seed: int) -> tuple[list[float], int, float]:
    started = perf_counter()
    values, used = betweenness(graph, cutoff=cutoff, sources=sources, seed=seed)
    return values, used, round(perf_counter() - started, 3)


def analyse(projection: Projection, *, seed: int = LEIDEN_SEED,
            betweenness_cutoff: int | None = None, betweenness_sources: int | None = None,
            timings: dict[str, float] | None = None, parallel: bool | None = None
            ) -> dict[str, NetworkScores]:
    """Every measure for every person; `timings` (if given) receives seconds per stage,
    and `betweenness_sources` the number of source people betweenness was computed from
    (every person when it is exact). `parallel` computes betweenness in a second process
    beside the other measures (default: above EXACT_BETWEENNESS_LIMIT people)."""
    clock = perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        if timings is not None:
            timings[stage] = round(perf_counter() - clock, 3)
        clock = perf_counter()

    graph = projection.graph()
    degree = graph.degree()
    lap("build")
    pool = None
    if parallel if parallel is not None else graph.vcount() > EXACT_BETWEENNESS_LIMIT:
        # Betweenness is most of a large run and uses one core: it runs in a process of its
        # own (spawned: the caller may hold threads) while this one does the other measures.
        pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
        pending = pool.submit(_timed_betweenness, graph, betweenness_cutoff,
                              _sources(graph.vcount(), betweenness_sources, graph.ecount()),
                              seed)
    else:
        between, sources, _ = _timed_betweenness(graph, betweenness_cutoff,
                                                 betweenness_sources, seed)
        lap("betweenness")
    pagerank = graph.pagerank(directed=False, damping=DAMPING)
    lap("pagerank")
    triangle_counts = triangles(graph)
    lap("triangles")
    community = communities(graph, seed)
    lap("leiden")
    co_graph = projection.graph(co_only=True)
    co_degree = co_graph.degree()
    co_components = [list(c) for c in co_graph.connected_components()]
    co_group = _numbered_by_size(co_components, co_graph.vcount())
    co_size = {v: len(c) for c in co_components for v in c}
    lap("co_offending")
    associates = offending_associates(graph, projection.offending)
    risk = at_risk(projection.offending, associates)
    lap("at_risk")
    if pool is not None:
        with pool:
            between, sources, seconds = pending.result()
        lap("betweenness_wait")
        if timings is not None:
            timings["betweenness"] = seconds
    if timings is not None:
        timings["betweenness_sources"] = sources
    return {
        pid: NetworkScores(
            degree=degree[v], betweenness=round(between[v], 4),
            pagerank=round(pagerank[v], 8), triangles=triangle_counts[v],
            community=community[v], co_offenders=co_degree[v],
            co_offending_group=co_group[v],
            co_offending_group_size=co_size[v] if co_group[v] is not None else 0,
            offending=projection.offending[v], offending_associates=associates[v],
            at_risk=risk[v])
        for v, pid in enumerate(projection.ids)}
