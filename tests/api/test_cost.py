"""Query cost with the arguments actually used, the per-request cap on checks abroad,
and the statement timeout on every Cypher run for a request.

Fast tests run the cost function on documents (the web UI's own included); the others
go through real HTTP to the API and a real Neo4j (and the records-abroad service).
"""

from __future__ import annotations

import asyncio
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import GraphQLList, GraphQLObjectType, get_named_type, get_nullable_type, parse
from neo4j import Driver, Query, unit_of_work

from api.context import Context
from api.cost import MAX_BATCH_COST, MAX_COST, Tally, declared, operation_cost, refusal
from api.schema import schema
from api.types.checks import MAX_CHECK_RUNS_PER_REQUEST, ChecksMutation
from graph.access import P_ONLY
from graph.db.settings import Neo4jConnection
from graph.db.timeouts import is_timeout, with_timeout
from tests.support.abroad import AbroadService
from tests.support.factories import Source
from tests.support.server import LiveServer, auth_headers, graphql

SCHEMA = schema._schema
WEB_SRC = Path(__file__).resolve().parents[2] / "web" / "src"
NODES = ("query ($limit: Int!) { network(personId: \"P-1\", limit: $limit) "
         "{ nodes { id label type depth highHarm } } }")


def cost(document: str, **variables: Any) -> Tally:
    tally = operation_cost(SCHEMA, parse(document), None, variables)
    assert tally is not None
    return tally


# --- arguments as used -----------------------------------------------------------------

def test_a_variable_limit_costs_what_the_literal_costs() -> None:
    literal = cost('{ network(personId: "P-1", limit: 5000) '
                   '{ nodes { id label type depth highHarm } } }')
    assert cost(NODES, limit=5000).cost == literal.cost
    assert literal.cost > 9 * cost(NODES, limit=500).cost
    # A variable's default counts when the variable is left out.
    assert cost("query ($l: Int! = 5000) { network(personId: \"P-1\", limit: $l) "
                "{ nodes { id label type depth highHarm } } }").cost == literal.cost
    assert refusal(literal) is not None and refusal(cost(NODES, limit=500)) is None


def test_unpaged_lists_are_costed_by_their_bound() -> None:
    cluster = cost('{ person(id: "P-1") { identityCluster { id fullName } } }').cost
    bound = declared("Person", "identityCluster").count({}, {})  # type: ignore[union-attr]
    assert bound == 10 and cluster == 1 + 1 + bound * 2
    flags = cost('{ person(id: "P-1") { flags { id events { id at } } } }').cost
    assert flags > 20 * 20 * 2
    # Network lists follow the network's limit; paths follow maxHops.
    edges = cost('{ network(personId: "P-1", limit: 1000) { edges { id kind } } }').cost
    assert edges == 1 + 2 * 1000 // 10 + 1 + 3 * 1000 * 2  # work, then 3 edges a node
    short = cost('{ shortestPaths(fromId: "a", toId: "b", maxHops: 2) '
                 '{ paths { nodes { id label } } } }').cost
    long = cost('{ shortestPaths(fromId: "a", toId: "b", maxHops: 8) '
                '{ paths { nodes { id label } } } }').cost
    assert long > 2.5 * short


def test_traversals_are_weighted_by_depth_and_hops() -> None:
    def network(depth: int) -> int:
        return cost(f'{{ network(personId: "P-1", depth: {depth}) {{ nodeCount }} }}').cost

    assert network(1) < network(2) < network(3)
    assert network(3) - network(1) == 2 * 500 // 10

    def paths(hops: int) -> int:
        return cost(f'{{ shortestPaths(fromId: "a", toId: "b", maxHops: {hops}) '
                    '{ length } }').cost

    assert paths(8) > 30 * paths(2)  # the searches grow with the hops
    ids = [f'"P-{n}"' for n in range(10)]

    def connecting(people: int, hops: int) -> int:
        return cost(f'{{ connectingNetwork(personIds: [{", ".join(ids[:people])}], '
                    f'maxHops: {hops}) {{ nodeCount }} }}').cost

    assert connecting(10, 3) > 10 * connecting(3, 3)
    assert connecting(3, 8) > 30 * connecting(3, 2)
    assert connecting(10, 8) < MAX_COST  # the largest the resolver allows, counted only


def test_fragments_are_costed_with_their_bounds_and_aliases_all_count() -> None:
    spread = cost('query ($l: Int!) { network(personId: "P-1", limit: $l) { ...N } } '
                  'fragment N on Network { nodes { id label type depth highHarm } }', l=5000)
    assert spread.cost == cost(NODES, limit=5000).cost
    aliased = ("mutation { " + " ".join(f"a{i}: runChecks(personId: \"P-1\") {{ ok }}"
                                        for i in range(30)) + " }")
    assert cost(aliased).calls == {"Mutation.runChecks": 30}
    through_fragments = ("mutation { ...A ...A } fragment A on Mutation { ...B ...B } "
                         "fragment B on Mutation { runChecks(personId: \"P-1\") { ok } }")
    assert cost(through_fragments).calls == {"Mutation.runChecks": 4}
    error = refusal(cost(through_fragments))
    assert error is not None and error.extensions["code"] == "TOO_MANY_CHECKS"


def test_every_list_field_has_a_declared_bound_or_a_page_argument() -> None:
    missing = []
    for type_name, graphql_type in SCHEMA.type_map.items():
        if type_name.startswith("__") or not isinstance(graphql_type, GraphQLObjectType):
            continue
        for name, definition in graphql_type.fields.items():
            paged = "first" in definition.args or "limit" in definition.args
            is_list = isinstance(get_nullable_type(definition.type), GraphQLList)
            if get_named_type(definition.type).name.endswith("Connection") and not paged:
                missing.append(f"{type_name}.{name} (a Connection without `first`)")
            elif is_list and not paged and declared(type_name, name) is None:
                missing.append(f"{type_name}.{name}")
    assert not missing, f"declare a cost in api/cost.py COSTS for: {missing}"


# --- the web UI's own documents --------------------------------------------------------

_CONST = re.compile(r"const (\w+) = (?:\(name\) => )?([`'])(.*?)\2;", re.S)
# The heaviest variables each UI operation is sent with (web/src defaults and choices).
CSV_2000 = "family_name,given_names\n" + "Smith,John\n" * 2000
UI_VARIABLES: dict[str, dict[str, Any]] = {
    "Search": {"query": "smith", "first": 10},
    "Person": {"id": "P-1", "first": 50},
    "PersonRecords": {"id": "P-1", "first": 10},
    **{f"{kind}Page": {"id": "P-1", "first": 10, "after": None} for kind in (
        "Intelligence", "Associates", "Memberships", "Arrests", "Charges", "Convictions",
        "Incidents")},
    "SearchPeople": {"query": "smith", "first": 10, "after": None, "dateOfBirth": "1990",
                     "nationality": "Albania", "flaggedOnly": True},
    "Me": {},
    "AuditIntegrity": {},
    "AuditLog": {"first": 50, "after": None, "user": "jsmith", "personId": "P-1",
                 "action": "person", "purpose": "larch", "outcome": "refused",
                 "since": "2026-01-01", "until": "2026-12-31"},
    "AuditExport": {"user": "jsmith", "outcome": "refused"},
    "ConsultedBy": {"personId": "P-1", "first": 10, "after": None},
    "Disproportionality": {"by": "NATIONALITY", "from": "2024-12-05", "to": "2026-12-04",
                           "top": 1000},
    "AtRiskPage": {"first": 20, "after": None},
    "ReferralQueue": {"first": 20, "after": None},
    "Refer": {"personId": "P-1", "reason": "at risk", "key": "k"},
    "Alerts": {"first": 30, "after": None, "unreadOnly": False},
    "UnreadAlerts": {},
    "MarkAlertsRead": {"ids": None},
    "Watches": {"first": 100},
    "Watch": {"personId": "P-1", "reason": "op Harbour"},
    "Unwatch": {"personId": "P-1"},
    "Consultations": {"personId": "P-1", "days": 30, "first": 20, "after": None},
    "MarkSensitiveOperation": {"personId": "P-1", "reason": "Op Nightjar"},
    "ClearSensitiveOperation": {"personId": "P-1"},
    # A saved canvas of the server's 1,000 nodes at most (graph/investigations/canvas.py).
    "SaveInvestigation": {"input": {"name": "Op Larch", "centreIds": ["P-1"],
                                    "nodes": [{"id": f"P-{n}", "x": n, "y": 0}
                                              for n in range(1000)]}},
    "Investigation": {"id": "INV-1"},
    "Investigations": {"first": 30, "after": None},
    "ShareInvestigation": {"id": "INV-1", "users": ["jsmith"], "roles": ["officer"]},
    "DeleteInvestigation": {"id": "INV-1"},
    "TopHarm": {"first": 10, "after": None, "borough": "Camden", "community": 1,
                "flagState": "ACTIVE"},
    "Network": {"personId": "P-1", "depth": 2, "limit": 500},
    "Paths": {"fromId": "P-1", "toId": "P-2", "maxHops": 6},
    "Link": {"id": "AS-1"},
    # The web asks for 2-5 people (explorer/group.js GROUP_MAX), within 4 hops at most.
    "Connecting": {"personIds": ["P-1", "P-2", "P-3", "P-4", "P-5"], "maxHops": 4},
    "AnalyticsLists": {"first": 10},
    "MatchPerson": {"claim": {"familyName": "Smith"}, "first": 10},
    "NewNominal": {"input": {"familyName": "Smith", "source": "custody"}},
    "RunChecks": {"personId": "P-1"},
    "CheckRun": {"id": "CR-1"},
    "CheckRuns": {"personId": "P-1", "first": 5},
    "Screen": {"csv": CSV_2000, "first": 5},
    "DuplicatePairs": {"first": 20, "minScore": 0.5, "undecided": False},
    "Decide": {"personId": "P-1", "otherId": "P-2", "reason": "same passport"},
    "Undo": {"linkId": "SA-1", "reason": "mistake"},
    "Identity": {"id": "P-1"},
    "PossibleDuplicates": {"id": "P-1"},
    "Capabilities": {},
    "HistoryPreview": {"personId": "P-1", "purpose": "case"},
    "HistoryVersions": {"personId": "P-1", "first": 10, "after": None},
    "HistoryVersion": {"personId": "P-1", "version": 1},
    "CompareHistory": {"personId": "P-1", "from": 1, "to": None, "asOf": "2026-12-07"},
    "DiscloseHistory": {"personId": "P-1", "purpose": "case", "caseReference": "OP-1",
                        "sharedWith": ["Home Office", "CPS London"]},
    "ReviewsDue": {"first": 50},
    "DisposalProposals": {"first": 50},
    "RecordReview": {"kind": "person", "id": "P-1", "outcome": "retain", "reason": "r"},
    "WithdrawProposal": {"kind": "person", "id": "P-1", "reason": "r",
                         "next": "2030-01-01"},
    "FlagCase": {"flagId": "FL-1"},
    "SetFlag": {"input": {"personId": "P-1", "kind": "high_harm", "reason": "r",
                          "evidenceArrestIds": ["AR-1"], "reviewDate": "2030-01-01",
                          "source": "nexus"}},
    "ReviewFlag": {"flagId": "FL-1", "next": "2030-01-01", "reason": "r"},
    "ClearFlag": {"flagId": "FL-1", "reason": "r"},
    "ChallengeFlag": {"flagId": "FL-1", "raisedBy": "subject", "grounds": "g", "detail": None},
    "DecideChallenge": {"challengeId": "FC-1", "upheld": True, "reason": "r"},
}


def web_operations() -> list[tuple[str, str]]:
    """(name, document) for every operation in web/src, fragments filled in."""
    found = []
    for path in sorted(WEB_SRC.rglob("*.js")):
        consts = {name: text for name, _, text in _CONST.findall(path.read_text())}
        for text in consts.values():
            if not text.lstrip().startswith(("query", "mutation")):
                continue
            for name in ("confirmSameAs", "rejectSameAs") if "${name}" in text else (None,):
                document = text.replace("${name}", name or "")
                document = re.sub(r"\$\{(\w+)\}", lambda m, c=consts: c[m.group(1)], document)
                operation = re.match(r"\s*(?:query|mutation)\s+(\w+)", document)
                assert operation, document[:60]
                found.append((operation.group(1), document))
    return found


def test_the_web_ui_operations_all_stay_under_the_cap() -> None:
    operations = web_operations()
    assert {name for name, _ in operations} == set(UI_VARIABLES), "add the new operation"
    costs = {}
    for name, document in operations:
        tally = cost(document, **UI_VARIABLES[name])
        assert refusal(tally) is None, (name, tally)
        costs[name] = tally
    heaviest = max(costs, key=lambda name: costs[name].cost)
    assert costs[heaviest].cost < MAX_COST / 4  # room for the UI to grow
    assert 1_000 < costs["Network"].cost < costs[heaviest].cost
    assert MAX_BATCH_COST / 4 < costs["Screen"].batch < MAX_BATCH_COST
    print(f"\nUI network depth 2, limit 500: cost {costs['Network'].cost} of {MAX_COST}; "
          f"heaviest UI query {heaviest}: {costs[heaviest].cost}; screening 2,000 rows x 5: "
          f"batch cost {costs['Screen'].batch} of {MAX_BATCH_COST}")


def test_a_hostile_document_is_costed_in_milliseconds() -> None:
    # Fragments that double at each level: 2^12 paths through them, one memoised walk.
    levels = " ".join(f"fragment F{i} on Person {{ a: identityCluster {{ ...F{i + 1} }} "
                      f"b: identityCluster {{ ...F{i + 1} }} }}" for i in range(11))
    document = parse('{ person(id: "P-1") { ...F0 } } ' + levels
                     + " fragment F11 on Person { id }")
    started = time.perf_counter()
    tally = operation_cost(SCHEMA, document)
    elapsed_ms = (time.perf_counter() - started) * 1000
    assert tally is not None and refusal(tally) is not None
    assert elapsed_ms < 1000, elapsed_ms  # a functional bound: no exponential walk
    print(f"\nhostile document (2^12 fragment paths): costed and refused in {elapsed_ms:.2f} ms")


# --- over HTTP -------------------------------------------------------------------------

@pytest.fixture
def api(live_server: LiveServer, db: Driver) -> LiveServer:
    return live_server


def test_a_costly_variable_is_refused_over_http(api: LiveServer) -> None:
    body = graphql(api, NODES, limit=5000)
    assert body.get("data") is None
    error = body["errors"][0]
    assert error["extensions"]["code"] == "TOO_COSTLY" and "too costly" in error["message"]
    assert error["extensions"]["cost"] > MAX_COST
    allowed = graphql(api, NODES, limit=500)
    assert "errors" not in allowed and allowed["data"]["network"]["nodes"] == []
    # graphql-over-HTTP: a refused document is a request error.
    response = httpx.post(f"{api.url}/graphql", json={"query": NODES,
                                                      "variables": {"limit": 5000}},
                          headers={**auth_headers(),
                                   "Accept": "application/graphql-response+json"})
    assert response.status_code == 400


def test_a_cost_beyond_64_bits_is_refused_not_a_server_error(api: LiveServer) -> None:
    big = 2**31 - 1  # the largest GraphQL Int, nested: the product passes 2**64
    document = ("query ($n: Int!) { communities(first: $n, topMembers: $n) { edges { node {"
                " topMembers { flags { events { id } } } } } } }")
    response = httpx.post(f"{api.url}/graphql", json={"query": document,
                                                      "variables": {"n": big}},
                          headers=auth_headers())
    assert response.status_code == 200, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "TOO_COSTLY"
    assert error["extensions"]["cost"] == 2**53 - 1  # JSON's largest safe integer
    assert f"estimated cost over {2**53 - 1} exceeds" in error["message"]
    # A search of two billion hops is costed (saturated) at once, not as 6**1e9.
    started = time.perf_counter()
    body = graphql(api, "query ($n: Int!) { shortestPaths(fromId: \"P-1\", toId: "
                   "\"P-2\", maxHops: $n) { length } }", n=big)
    assert body["errors"][0]["extensions"]["code"] in ("TOO_COSTLY", "BAD_USER_INPUT")
    assert time.perf_counter() - started < 5


def test_the_time_to_refuse_a_hostile_document_over_http(api: LiveServer) -> None:
    document = ("query ($l: Int!) { a: network(personId: \"P-1\", depth: 3, limit: $l) "
                "{ nodes { id label type depth } edges { id source target kind } } }")
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        body = graphql(api, document, l=5000)
        timings.append((time.perf_counter() - started) * 1000)
        assert body["errors"][0]["extensions"]["code"] == "TOO_COSTLY"
    print(f"\nhostile document refused over HTTP in {min(timings):.1f} ms (best of 5)")
    assert min(timings) < 2000  # refused before running (running takes seconds)


def _person(db: Driver, database: str, person_id: str) -> None:
    from graph.records import write_records
    custody = Source("custody record", "test", "2025-01-01T09:00:00Z")
    write_records(db, database, {"person": [custody.person(
        person_id, "Ali", "Kaya", dates_of_birth=["1990-01-01"], nationalities=["TR"])]})


def test_thirty_aliased_run_checks_are_refused_with_no_outbound_call(
        api: LiveServer, db: Driver, neo4j_connection: Neo4jConnection,
        abroad: AbroadService) -> None:
    _person(db, neo4j_connection.database, "P-CHK")
    before = abroad.requests()
    document = ("mutation { " + " ".join(
        f"r{i}: runChecks(personId: \"P-CHK\") {{ ok errors {{ code }} }}"
        for i in range(30)) + " }")
    body = graphql(api, document)
    assert body.get("data") is None
    error = body["errors"][0]
    assert error["extensions"]["code"] == "TOO_MANY_CHECKS"
    assert "at most 1 per request" in error["message"]
    time.sleep(0.5)  # a launched run would have asked its sources by now
    assert abroad.requests() == before
    records, _, _ = db.execute_query("MATCH (c:Check) RETURN count(c) AS n")
    assert records[0]["n"] == 0
    # One run in a request is still fine.
    one = graphql(api, 'mutation { runChecks(personId: "P-CHK") { ok } }')
    assert one["data"]["runChecks"]["ok"] is True


def test_the_resolver_counts_runs_in_the_request_context(driver: Driver) -> None:
    """The counter holds even for a document the cost check let through."""
    from api.auth import Principal
    from api.loaders import Loaders

    context = Context(request=None, response=None, driver=driver,  # type: ignore[arg-type]
                      database="neo4j", loaders=Loaders(driver, "neo4j", P_ONLY),
                      principal=Principal("test-supervisor", "supervisor", "test", None,
                                          "token", None))
    context.check_runs = MAX_CHECK_RUNS_PER_REQUEST

    class Info:
        pass

    info = Info()
    info.context = context  # type: ignore[attr-defined]
    # In a thread of its own: the browser tests leave this thread's event loop running.
    with ThreadPoolExecutor(max_workers=1) as pool:
        payload = pool.submit(asyncio.run, ChecksMutation.run_checks(
            None, info, "P-NONE")).result()  # type: ignore[arg-type]
    assert not payload.ok and payload.errors[0].code == "TOO_MANY_CHECKS"


# --- the statement timeout -------------------------------------------------------------

SLOW = "UNWIND range(1, 300000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS n"


def test_every_way_of_running_cypher_gets_the_timeout(driver: Driver,
                                                      neo4j_connection: Neo4jConnection
                                                      ) -> None:
    timed = with_timeout(driver, 0.3)
    database = neo4j_connection.database

    def read(tx: Any) -> Any:
        return tx.run(SLOW).single()

    def explicit() -> Any:
        with timed.session(database=database) as session:
            tx = session.begin_transaction()
            try:
                return tx.run(SLOW).single()
            finally:
                tx.close()

    def session_run() -> Any:
        with timed.session(database=database) as session:
            return session.run(SLOW).single()

    def managed() -> Any:
        with timed.session(database=database) as session:
            return session.execute_read(read)

    for run in (lambda: timed.execute_query(SLOW, database_=database),
                lambda: timed.execute_query(Query(SLOW), database_=database),
                # a read runs as one auto-commit query: the timeout holds there too
                lambda: timed.execute_query(SLOW, database_=database, routing_="r"),
                session_run, managed, explicit):
        started = time.monotonic()
        with pytest.raises(Exception) as caught:
            run()
        assert is_timeout(caught.value), caught.value
        assert time.monotonic() - started < 3
    # A timeout the caller chose is kept.
    assert timed.execute_query(Query("RETURN 1 AS n", timeout=10), database_=database
                               ).records[0]["n"] == 1

    @unit_of_work(timeout=10)
    def quick(tx: Any) -> int:
        return tx.run("RETURN 2 AS n").single()["n"]

    with timed.session(database=database) as session:
        assert session.execute_read(quick) == 2


def test_a_read_sees_the_write_before_it(driver: Driver,
                                         neo4j_connection: Neo4jConnection) -> None:
    # The auto-commit read shares execute_query's bookmarks: read-your-writes holds, on
    # one server as in a cluster, with parameters given either way.
    timed = with_timeout(driver, 5)
    database = neo4j_connection.database
    timed.execute_query("MERGE (n:ReadAfterWrite {id: $id}) SET n.seen = $seen",
                        id="RAW-1", seen=7, database_=database)
    by_keyword = timed.execute_query("MATCH (n:ReadAfterWrite {id: $id}) RETURN n.seen AS seen",
                                     id="RAW-1", database_=database, routing_="r")
    by_dict = timed.execute_query("MATCH (n:ReadAfterWrite {id: $id}) RETURN n.seen AS seen",
                                  parameters_={"id": "RAW-1"}, database_=database,
                                  routing_="r")
    for result in (by_keyword, by_dict):
        assert (result.keys, [r["seen"] for r in result.records]) == (["seen"], [7])
        assert result.summary.query_type == "r"
    timed.execute_query("MATCH (n:ReadAfterWrite) DELETE n", database_=database)


def _dense_graph(db: Driver, database: str, people: int = 3000, links: int = 40) -> None:
    db.execute_query("""
        UNWIND range(0, $people - 1) AS i
        CREATE (:Person {id: 'D-' + i, full_name: 'Dense ' + i})""",
                     people=people, database_=database)
    with db.session(database=database) as session:
        session.run("""
        MATCH (a:Person) WHERE a.id STARTS WITH 'D-'
        CALL (a) {
          UNWIND range(1, $links) AS k
          WITH a, 'D-' + ((toInteger(substring(a.id, 2)) * 7919 + k * 104729) % $people) AS other
          MATCH (b:Person {id: other}) WHERE b <> a
          CREATE (a)-[:FRIEND]->(b)
        } IN TRANSACTIONS OF 500 ROWS""", people=people, links=links).consume()


def test_a_runaway_query_ends_with_a_timeout_error(api: LiveServer, db: Driver,
                                                   neo4j_connection: Neo4jConnection,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _dense_graph(db, neo4j_connection.database)
    # Every column of every node and of the 110,000 edges among them: counting alone got
    # fast enough (under 0.2 s on a quiet machine) that it no longer ran away.
    document = ('{ network(personId: "D-0", depth: 3, limit: 5000) '
                '{ nodeCount edgeCount columns } }')
    assert refusal(cost(document)) is None  # allowed by cost: it is the time that ends it
    monkeypatch.setenv("NEXUS_QUERY_TIMEOUT", "0.2")
    started = time.monotonic()
    body = graphql(api, document)
    elapsed = time.monotonic() - started
    assert body.get("data") is None, body
    error = body["errors"][0]
    assert error["extensions"]["code"] == "TIMEOUT", error
    assert "longer than 0.2 s" in error["message"] and "narrow it" in error["message"]
    # It ran until the bound (unbounded, the same query took 11 s here), then stopped.
    assert 0.2 <= elapsed < 3, elapsed
    print(f"\nrunaway network query ended after {elapsed:.2f} s (timeout 0.2 s)")
