"""GraphQL queries over real HTTP against the real Neo4j, on a graph with known content."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from neo4j import Driver

from graph import models
from graph.accounts import grants, users
from graph.audit import chain as audit
from graph.db.settings import Neo4jConnection
from graph.deconfliction import sensitive
from tests.api.test_security import audit_entries
from tests.support import api_graph as api_fixture
from tests.support.counting import CountingDriver
from tests.support.neo4j import wipe_graph
from tests.support.server import LiveServer, auth_headers


@pytest.fixture(scope="module")
def api(live_server: LiveServer, driver: Driver,
        neo4j_connection: Neo4jConnection) -> Iterator[LiveServer]:
    wipe_graph(driver, neo4j_connection.database)
    api_fixture.build(driver, neo4j_connection.database)
    yield live_server


def gql(server: LiveServer, query: str, **variables: Any) -> dict[str, Any]:
    response = httpx.post(f"{server.url}/graphql", json={"query": query, "variables": variables},
                          headers=auth_headers(), timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def data(server: LiveServer, query: str, **variables: Any) -> dict[str, Any]:
    body = gql(server, query, **variables)
    assert "errors" not in body, body
    return body["data"]


PERSON = """
query ($id: ID!) { person(id: $id) {
  id fullName aliases datesOfBirth nationalities pncId warningMarkers highHarm
  provenance { source recordedBy recordedAt }
  flags { status reason setBy events { action by } }
  arrests { totalCount edges { node { id outcome custodySuite incidentId
    offences { id chiDays } } } }
  convictions { totalCount edges { node { id jurisdiction foreign plea offences { id } } } }
  associates { totalCount edges { node { personId kind detail grading { code } } } }
  memberships { edges { node { organisationId organisationName role } } }
  incidents { edges { node { incidentId role cooperated } } }
  counts { arrests convictions associates incidents }
} }
"""


def test_person_with_its_lists(api: LiveServer) -> None:
    person = data(api, PERSON, id="P-1")["person"]
    assert person["fullName"] == "Mohammed Al-Hassan"
    assert person["aliases"] == ["Muhammad Alhasan"]
    assert person["pncId"] == "2019/0123456X"
    assert person["highHarm"] is True
    assert person["provenance"] == {"source": "test-fixture", "recordedBy": "tester",
                                    "recordedAt": "2024-01-01T10:00:00+00:00"}
    assert person["flags"][0]["events"][0]["action"] == "set"
    arrest = person["arrests"]["edges"][0]["node"]
    assert (arrest["id"], arrest["outcome"], arrest["incidentId"]) == ("AR-1", "nfa", "IN-1")
    assert arrest["custodySuite"] == "Brixton custody suite"
    assert arrest["offences"] == [{"id": "008/01", "chiDays": 365.0}]
    conviction = person["convictions"]["edges"][0]["node"]
    assert conviction == {"id": "CV-1", "jurisdiction": "GB", "foreign": False,
                          "plea": "guilty", "offences": [{"id": "105/01"}]}
    assert [e["node"] for e in person["associates"]["edges"]] == [
        {"personId": "P-2", "kind": "FAMILY", "detail": "cousin", "grading": {"code": "1A P"}}]
    assert person["memberships"]["edges"][0]["node"] == {
        "organisationId": "OR-1", "organisationName": "Southside Boys", "role": "member"}
    assert person["incidents"]["edges"][0]["node"] == {
        "incidentId": "IN-1", "role": "suspect", "cooperated": None}
    assert person["counts"] == {"arrests": 1, "convictions": 1, "associates": 1,
                                "incidents": 1}


def test_a_victim_who_did_not_cooperate(api: LiveServer) -> None:
    person = data(api, PERSON, id="P-2")["person"]
    assert person["incidents"]["edges"][0]["node"] == {
        "incidentId": "IN-1", "role": "victim", "cooperated": False}
    assert person["highHarm"] is False
    assert person["arrests"]["totalCount"] == 0


def test_a_missing_person_is_null(api: LiveServer) -> None:
    assert data(api, PERSON, id="P-404")["person"] is None


@pytest.fixture
def counting(api: LiveServer) -> Iterator[CountingDriver]:
    # Not counted: the sign-in check's user lookup, the audit entry, nor a person read's
    # sensitive-operation check (asked beside the read), which are not part of answering.
    state = api.app.state
    counter = CountingDriver(state.driver, ignored=(
        users.USER_BY_NAME, grants.GRANT_HOLDER, audit.APPEND_IF_HEAD,
        sensitive.ACTIVE_OPERATION))
    state.driver = counter
    yield counter
    state.driver = counter.driver


def _round_trips(counting: CountingDriver, request: Any) -> int:
    counting.calls = 0
    request()
    return counting.calls


def test_a_person_with_every_list_costs_one_round_trip(api: LiveServer,
                                                       counting: CountingDriver) -> None:
    # The person resolver looks ahead at the lists selected and fetches them with it.
    assert _round_trips(counting, lambda: data(api, PERSON, id="P-1")) == 1
    fragment = """query ($id: ID!) { person(id: $id) { ...Lists } }
        fragment Lists on Person { id arrests { totalCount } ... on Person { flags { status } } }"""
    assert _round_trips(counting, lambda: data(api, fragment, id="P-1")) == 1
    looked_ahead = data(api, fragment, id="P-1")["person"]
    plain = data(api, PERSON, id="P-1")["person"]
    assert looked_ahead["arrests"]["totalCount"] == plain["arrests"]["totalCount"] > 0
    assert looked_ahead["flags"] == [{"status": f["status"]} for f in plain["flags"]]


def test_search_results_with_lists_cost_two_round_trips(api: LiveServer,
                                                        counting: CountingDriver) -> None:
    query = """{ searchPeople(query: "Mohamed Hassan") { edges { node {
        id highHarm counts { arrests } associates(first: 2) { totalCount } } } } }"""
    assert _round_trips(counting, lambda: data(api, query)) == 2
    assert len(data(api, query)["searchPeople"]["edges"]) >= 2


def test_a_network_costs_one_round_trip(api: LiveServer, counting: CountingDriver) -> None:
    query = '{ network(personId: "P-1", depth: 3) { nodeCount elements } }'
    assert _round_trips(counting, lambda: data(api, query)) == 1


@pytest.mark.parametrize(("query", "round_trips"), [
    ('{ person(id: "P-1") { id fullName associates { totalCount } } }', 1),
    ('{ person(id: "P-1") { id fullName } }', 1),  # the loader's read carries it
    ('{ searchPeople(query: "Mohamed Hassan") { totalCount edges { node { id } } } }', 1),
    ('{ network(personId: "P-1", depth: 2) { nodeCount } }', 1),
    ('{ person(id: "P-404") { id } }', 2),  # no row to carry it: asked on its own
    ('{ searchPeople(query: "Zzyzx Qwerty") { totalCount } }', 1),  # one row: total 0
    ('{ organisation(id: "OR-1") { name } }', 2),  # its read does not carry it
    ('{ me { name } }', 1),  # reads nothing else
    ('{ __typename }', 1),
])
def test_the_sign_in_check_rides_in_the_read(api: LiveServer, counting: CountingDriver,
                                             query: str, round_trips: int) -> None:
    """On one server, a user seen before is checked inside the operation's first read of
    a person, a search or a network (api/sign_in_check.py)."""
    counting.ignored -= {grants.GRANT_HOLDER}
    data(api, query)  # the role is now known to this worker
    assert _round_trips(counting, lambda: data(api, query)) == round_trips


ASSOCIATE_NAMES = """{ person(id: "P-1") { associates(first: 100) { totalCount
    edges { cursor node { id personId fullName kind nationalities detail derived } } } } }"""
ASSOCIATE_LINKS = """{ person(id: "P-1") { associates(first: 100) { totalCount
    edges { cursor node { id personId fullName kind nationalities detail derived
      since until grading { code } provenance { source recordedBy } } } } } }"""


@pytest.mark.parametrize("person", ["P-1", "P-HUB"])
def test_a_list_of_associates_names_reads_the_lean_list(
        api: LiveServer, driver: Driver, counting: CountingDriver, person: str) -> None:
    """Names only: the links are read without dates, grading or provenance; the same
    associates, in the same order and pages, one round trip, each one audited."""
    lean_query, full_query = (q.replace('"P-1"', f'"{person}"')
                              for q in (ASSOCIATE_NAMES, ASSOCIATE_LINKS))
    counting.texts.clear()
    assert _round_trips(counting, lambda: data(api, lean_query)) == 1
    lean = data(api, lean_query)["person"]["associates"]
    assert any("AS associate_names" in text for text in counting.texts)
    counting.texts.clear()
    full = data(api, full_query)["person"]["associates"]
    assert not any("AS associate_names" in text for text in counting.texts)
    assert lean["totalCount"] == full["totalCount"] > 0
    names = ("id", "personId", "fullName", "kind", "nationalities", "detail", "derived")
    assert [(e["cursor"], *(e["node"][k] for k in names)) for e in lean["edges"]] == \
        [(e["cursor"], *(e["node"][k] for k in names)) for e in full["edges"]]
    assert any(e["node"]["provenance"] for e in full["edges"])  # the full list has them
    entry = audit_entries(driver)[-2]  # the lean answer's entry (the full one is last)
    assert {e["node"]["personId"] for e in lean["edges"]} <= set(entry["subject_ids"])


ASSOCIATES_PAGE = """
query ($id: ID!, $first: Int!, $after: String) { person(id: $id) {
  associates(first: $first, after: $after) { totalCount
    edges { cursor node { personId } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }
"""


def test_pagination_walks_a_list_to_its_end(api: LiveServer) -> None:
    seen, after = [], None
    while True:
        page = data(api, ASSOCIATES_PAGE, id="P-HUB", first=50, after=after)
        associates = page["person"]["associates"]
        assert associates["totalCount"] == api_fixture.HUB_SIZE + 1
        seen += [edge["node"]["personId"] for edge in associates["edges"]]
        if not associates["pageInfo"]["hasNextPage"]:
            break
        after = associates["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == api_fixture.HUB_SIZE + 1
    assert associates["pageInfo"]["hasPreviousPage"] is True

    past_end = data(api, ASSOCIATES_PAGE, id="P-HUB", first=50,
                    after=associates["pageInfo"]["endCursor"])["person"]["associates"]
    assert past_end["edges"] == []
    assert past_end["pageInfo"] == {"hasNextPage": False, "hasPreviousPage": True,
                                    "startCursor": None, "endCursor": None}


def test_an_empty_page_and_an_empty_list(api: LiveServer) -> None:
    empty = data(api, ASSOCIATES_PAGE, id="P-1", first=0)["person"]["associates"]
    assert empty["edges"] == [] and empty["totalCount"] == 1
    assert empty["pageInfo"]["hasNextPage"] is True
    none = data(api, ASSOCIATES_PAGE, id="P-5", first=10)["person"]["associates"]
    assert none == {"totalCount": 0, "edges": [], "pageInfo": {
        "hasNextPage": False, "hasPreviousPage": False, "startCursor": None,
        "endCursor": None}}


@pytest.mark.parametrize(("first", "after", "field"), [
    (101, None, "first"), (-1, None, "first"), (10, "not-a-cursor", "after"),
    (10, "b2Zmc2V0Oi01", "after"),  # "offset:-5"
])
def test_bad_page_arguments_get_a_clear_error(api: LiveServer, first: int, after: str | None,
                                              field: str) -> None:
    body = gql(api, ASSOCIATES_PAGE, id="P-1", first=first, after=after)
    error = body["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    assert f"`{field}`" in error["message"]


SEARCH = """
query ($q: String!, $nat: String, $dob: String, $flagged: Boolean) {
  searchPeople(query: $q, nationality: $nat, dateOfBirth: $dob, flaggedOnly: $flagged) {
    totalCount edges { score node { id fullName } } } }
"""


def _search_ids(server: LiveServer, query: str, **filters: Any) -> list[str]:
    result = data(server, SEARCH, q=query, **filters)["searchPeople"]
    scores = [edge["score"] for edge in result["edges"]]
    assert scores == sorted(scores, reverse=True), "results are ranked"
    return [edge["node"]["id"] for edge in result["edges"]]


@pytest.mark.parametrize("query", [
    "Mohammed Al-Hassan", "Muhammad Alhasan", "Mohamed Al Hassan", "Al-Hassan Mohammed",
    "muhamad alhassan", "Hassan",
])
def test_search_finds_spelling_variants_and_swapped_names(api: LiveServer, query: str) -> None:
    ids = _search_ids(api, query)
    assert "P-1" in ids[:2], ids


def test_search_finds_a_transliteration_in_the_aliases(api: LiveServer) -> None:
    assert _search_ids(api, "Oleksandr Petrov")[0] == "P-3"
    assert _search_ids(api, "Александр Петров")[0] == "P-3"


def test_search_filters(api: LiveServer) -> None:
    assert set(_search_ids(api, "Mohammed Hassan")) >= {"P-1", "P-2"}
    assert _search_ids(api, "Mohammed Hassan", nat="sy") == ["P-1"]
    assert _search_ids(api, "Mohammed Hassan", dob="1992") == ["P-2"]
    assert _search_ids(api, "Mohammed Hassan", dob="1990-04") == ["P-1"]
    assert _search_ids(api, "Mohammed Hassan", flagged=True) == ["P-1"]
    assert _search_ids(api, "Zebedee Quux") == []
    assert _search_ids(api, "!!! ***") == []


NETWORK = """
query ($id: ID!, $depth: Int!, $kinds: [AssociationKind!], $since: Date, $until: Date,
       $limit: Int) {
  network(personId: $id, depth: $depth, kinds: $kinds, since: $since, until: $until,
          limit: $limit) {
    centreIds nodeCount edgeCount truncated truncatedNodes { id hiddenCount } elements
    nodes { id type label highHarm gangMember depth hiddenCount capped }
    edges { id source target kind since until grading derived } } }
"""


def _network(server: LiveServer, person_id: str, depth: int, **args: Any) -> dict[str, Any]:
    return data(server, NETWORK, id=person_id, depth=depth, **args)["network"]


def test_network_by_depth(api: LiveServer) -> None:
    one = _network(api, "P-1", 1)
    assert {n["id"] for n in one["nodes"]} == {"P-1", "P-2", "OR-1"}
    assert {(e["source"], e["target"], e["kind"]) for e in one["edges"]} == {
        ("P-1", "P-2", "FAMILY"), ("P-1", "OR-1", "MEMBER_OF")}
    centre = next(n for n in one["nodes"] if n["id"] == "P-1")
    assert centre == {"id": "P-1", "type": "Person", "label": "Mohammed Al-Hassan",
                      "highHarm": True, "gangMember": True, "depth": 0, "hiddenCount": 0,
                      "capped": False}
    assert next(n for n in one["nodes"] if n["id"] == "OR-1")["type"] == "Organisation"
    two = _network(api, "P-1", 2)
    assert {n["id"] for n in two["nodes"]} == {"P-1", "P-2", "OR-1", "P-3", "P-5"}
    assert two["truncated"] is False
    family = next(e for e in two["edges"] if e["kind"] == "FAMILY")
    assert (family["grading"], family["since"], family["derived"]) == ("1A P", "2010-01-01",
                                                                        False)


def test_elements_and_typed_fields_agree(api: LiveServer) -> None:
    network = _network(api, "P-1", 3)
    elements = network["elements"]
    assert network["nodeCount"] == len(elements["nodes"]) == len(network["nodes"])
    assert network["edgeCount"] == len(elements["edges"]) == len(network["edges"])
    assert {n["id"]: n["depth"] for n in elements["nodes"]} == {
        n["id"]: n["depth"] for n in network["nodes"]}
    assert {e["id"] for e in elements["edges"]} == {e["id"] for e in network["edges"]}


COLUMNS = """
query ($id: ID!, $nodeFields: [NetworkNodeField!], $edgeFields: [NetworkEdgeField!]) {
  network(personId: $id, depth: 3) {
    nodeCount edgeCount columns(nodeFields: $nodeFields, edgeFields: $edgeFields)
  }
}
"""


def test_columns_hold_the_elements_field_by_field(api: LiveServer) -> None:
    elements = _network(api, "P-1", 3)["elements"]
    network = data(api, COLUMNS, id="P-1")["network"]
    nodes, edges = network["columns"]["nodes"], network["columns"]["edges"]
    assert len(nodes["id"]) == network["nodeCount"] == len(elements["nodes"])
    assert len(edges["source"]) == network["edgeCount"] == len(elements["edges"])
    rebuilt = [dict(zip(nodes, values, strict=True))
               for values in zip(*nodes.values(), strict=True)]
    assert sorted(rebuilt, key=lambda n: n["id"]) == sorted(
        ({k: v for k, v in n.items() if k in nodes} for n in elements["nodes"]),
        key=lambda n: n["id"])
    family = edges["kind"].index("FAMILY")
    assert (edges["grading"][family], edges["since"][family]) == ("1A P", "2010-01-01")


def test_columns_compute_only_the_fields_named(api: LiveServer) -> None:
    lean = data(api, COLUMNS, id="P-1", nodeFields=["id"], edgeFields=["source", "target"])
    columns = lean["network"]["columns"]
    assert set(columns["nodes"]) == {"id"} and set(columns["edges"]) == {"source", "target"}
    # Asked for the flags and no more: they are computed, the degrees are not.
    flagged = data(api, COLUMNS, id="P-1", nodeFields=["id", "highHarm", "hiddenCount"])
    nodes = flagged["network"]["columns"]["nodes"]
    assert dict(zip(nodes["id"], nodes["highHarm"], strict=True))["P-1"] is True
    assert set(nodes) == {"id", "highHarm", "hiddenCount"}


def test_columns_without_link_ids_name_the_same_links(api: LiveServer) -> None:
    # Without `id` the ego query names each link's ends by element id; they must come
    # back as the same people's ids, link for link.
    full = _network(api, "P-6", 2)["elements"]["edges"]
    lean = data(api, COLUMNS.replace("depth: 3", "depth: 2"), id="P-6",
                edgeFields=["source", "target", "kind"])["network"]["columns"]["edges"]
    assert set(lean) == {"source", "target", "kind"}
    assert sorted(zip(lean["source"], lean["target"], lean["kind"], strict=True)) == sorted(
        (e["source"], e["target"], e["kind"]) for e in full)


def test_a_lean_selection_still_answers_what_it_asks(api: LiveServer) -> None:
    lean = data(api, """{ network(personId: "P-6", depth: 2) {
        nodes { id } edges { source target } } }""")["network"]
    full = _network(api, "P-6", 2)
    assert {n["id"] for n in lean["nodes"]} == {n["id"] for n in full["nodes"]}
    assert len(lean["edges"]) == len(full["edges"])
    # truncated needs the degrees: selecting it computes them, whatever else is asked.
    truncated = data(api, '{ network(personId: "P-6", depth: 2) { truncated } }')
    assert truncated["network"]["truncated"] is True


def test_network_filters_by_kind_and_dates(api: LiveServer) -> None:
    family = _network(api, "P-1", 3, kinds=["FAMILY"])
    assert {n["id"] for n in family["nodes"]} == {"P-1", "P-2"}
    # AS-2 (P-2 FRIEND P-3) ran 2018-2020: outside a window that starts in 2021.
    recent = _network(api, "P-2", 1, since="2021-01-01")
    assert {n["id"] for n in recent["nodes"]} == {"P-2", "P-1"}
    back_then = _network(api, "P-2", 1, since="2019-01-01", until="2019-12-31")
    assert {n["id"] for n in back_then["nodes"]} == {"P-2", "P-1", "P-3"}


def test_a_supernode_is_capped_and_says_so(api: LiveServer) -> None:
    network = _network(api, "P-6", 2)
    assert network["truncated"] is True
    assert network["truncatedNodes"] == [{"id": "P-HUB", "hiddenCount": 20}]
    assert network["nodeCount"] == 2 + 100
    hub = next(n for n in network["nodes"] if n["id"] == "P-HUB")
    assert (hub["capped"], hub["hiddenCount"]) == (True, 20)


def test_the_node_limit_truncates(api: LiveServer) -> None:
    network = _network(api, "P-HUB", 1, limit=10)
    assert network["nodeCount"] == 10
    assert network["truncated"] is True
    # The cut keeps the centre and then the nearest nodes in id order: the same ten
    # every time, whatever order Neo4j found them in.
    everyone = _network(api, "P-HUB", 1, limit=500)["nodes"]
    nearest = sorted((n["depth"], n["id"]) for n in everyone)[:10]
    assert [(n["depth"], n["id"]) for n in network["nodes"]] == nearest


def test_network_of_a_missing_person_is_empty(api: LiveServer) -> None:
    network = _network(api, "P-404", 2)
    assert (network["nodeCount"], network["edgeCount"], network["truncated"]) == (0, 0, False)


PATHS = """
query ($from: ID!, $to: ID!, $hops: Int, $kinds: [AssociationKind!]) {
  shortestPaths(fromId: $from, toId: $to, maxHops: $hops, kinds: $kinds) {
    length paths { nodes { id } edges { kind } } } }
"""


def test_shortest_paths(api: LiveServer) -> None:
    found = data(api, PATHS, **{"from": "P-1", "to": "P-4"})["shortestPaths"]
    assert found["length"] == 3
    assert [[n["id"] for n in p["nodes"]] for p in found["paths"]] == [
        ["P-1", "P-2", "P-3", "P-4"]]
    assert [e["kind"] for e in found["paths"][0]["edges"]] == [
        "FAMILY", "FRIEND", "PHONE_CONTACT"]
    # Through the gang: two paths of length 2 would need two gangs; here exactly one.
    gang = data(api, PATHS, **{"from": "P-1", "to": "P-5"})["shortestPaths"]
    assert gang["length"] == 2 and len(gang["paths"]) == 1
    assert data(api, PATHS, **{"from": "P-1", "to": "P-4", "hops": 2})["shortestPaths"] == {
        "length": None, "paths": []}
    assert data(api, PATHS, **{"from": "P-1", "to": "P-4", "kinds": ["FAMILY"]})[
        "shortestPaths"]["paths"] == []


def test_connecting_network(api: LiveServer) -> None:
    network = data(api, """{ connectingNetwork(personIds: ["P-1", "P-4", "P-5"]) {
        centreIds nodes { id depth } edges { kind } truncated } }""")["connectingNetwork"]
    assert {n["id"] for n in network["nodes"]} == {"P-1", "P-2", "P-3", "P-4", "P-5", "OR-1"}
    assert {n["id"] for n in network["nodes"] if n["depth"] == 0} == {"P-1", "P-4", "P-5"}
    assert network["truncated"] is False
    assert len(network["edges"]) == 5


def test_organisation_and_incident(api: LiveServer) -> None:
    result = data(api, """{
      organisation(id: "OR-1") { name kind area members { totalCount edges { node {
        personId role since } } } }
      incident(id: "IN-1") { type location arrestIds participants {
        personId role cooperated } }
      missing: organisation(id: "OR-404") { id } }""")
    organisation = result["organisation"]
    assert (organisation["name"], organisation["kind"]) == ("Southside Boys", "street_gang")
    assert [e["node"] for e in organisation["members"]["edges"]] == [
        {"personId": "P-5", "role": "leader", "since": "2017-01-01"},
        {"personId": "P-1", "role": "member", "since": "2019-01-01"}]
    assert result["incident"] == {"type": "wounding", "location": "Brixton custody suite",
                                  "arrestIds": ["AR-1"], "participants": [
        {"personId": "P-1", "role": "suspect", "cooperated": None},
        {"personId": "P-2", "role": "victim", "cooperated": False}]}
    assert result["missing"] is None


@pytest.mark.parametrize(("query", "field"), [
    ('{ network(personId: "P-1", depth: 4) { nodeCount } }', "depth"),
    ('{ network(personId: "P-1", limit: 0) { nodeCount } }', "limit"),
    ('{ shortestPaths(fromId: "P-1", toId: "P-2", maxHops: 9) { length } }', "maxHops"),
    ('{ connectingNetwork(personIds: ["P-1"]) { nodeCount } }', "personIds"),
])
def test_out_of_range_arguments_are_refused_clearly(api: LiveServer, query: str,
                                                    field: str) -> None:
    body = gql(api, query)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert field in body["errors"][0]["message"]


def test_errors_never_leak_internals_or_suggest_fields(api: LiveServer) -> None:
    for query in ['{ persn(id: "P-1") { id } }', '{ person(id: "P-1") { fullNam } }',
                  '{ network(personId: "P-1", kinds: [FAMILLY]) { nodeCount } }',
                  '{ searchPeople(query: "' + "x" * 300 + '") { totalCount } }']:
        response = httpx.post(f"{api.url}/graphql", json={"query": query},
                              headers=auth_headers())
        text = response.text
        assert "errors" in response.json()
        for leak in ("Did you mean", "Traceback", "MATCH", "neo4j", ".py"):
            assert leak not in text, (query, text)


def test_queries_over_get(api: LiveServer) -> None:
    response = httpx.get(f"{api.url}/graphql", headers=auth_headers(),
                         params={"query": '{ person(id: "P-2") { fullName } }'})
    assert response.json() == {"data": {"person": {"fullName": "Mohamed Hasan"}}}


def test_a_null_for_a_required_variable_is_a_clear_user_error(api: LiveServer) -> None:
    body = gql(api, "query ($q: String!) { searchPeople(query: $q) { totalCount } }", q=None)
    assert "non-null type 'String!'" in body["errors"][0]["message"]
    assert body["errors"][0].get("extensions", {}).get("code") != "INTERNAL"


ENUM_VALUES = "query ($name: String!) { __type(name: $name) { kind enumValues { name } } }"


@pytest.mark.parametrize("name, model_values", [
    ("ArrestOutcome", (*models.base.ARREST_OUTCOMES, "unknown")),
    ("CheckResult", models.base.CHECK_RESULTS),
    ("CheckSource", models.base.CHECK_SOURCES),
    ("WarningMarker", models.base.WARNING_MARKERS),
    ("IncidentRoleKind", tuple(models.INCIDENT_ROLES)),
])
def test_closed_sets_are_enums_of_the_model_values(api: LiveServer, name: str,
                                                   model_values: tuple[str, ...]) -> None:
    found = data(api, ENUM_VALUES, name=name)["__type"]
    assert found["kind"] == "ENUM"
    assert [v["name"] for v in found["enumValues"]] == list(model_values)


def test_enum_fields_answer_the_stored_strings(api: LiveServer) -> None:
    person = data(api, PERSON, id="P-1")["person"]
    outcomes = {e["node"]["outcome"] for e in person["arrests"]["edges"]}
    assert outcomes and outcomes <= set(models.base.ARREST_OUTCOMES)
    roles = {e["node"]["role"] for e in person["incidents"]["edges"]}
    assert roles and roles <= set(models.INCIDENT_ROLES)


MATCH_BY_NATIONALITY = """
query ($nationality: String) {
  matchPerson(claim: {givenNames: "Mohammed", familyName: "Al-Hassan",
                      dateOfBirth: "1990-04-12", nationality: $nationality}) {
    person { id } fields { field outcome claimed recorded }
  }
}
"""


def test_match_person_takes_a_country_name_as_nationality(api: LiveServer) -> None:
    """Issue 18: "Albania" was refused, only "AL" worked; names map to ISO alpha-2."""
    for typed in ("Syria", "syrian arab republic", "SYR", "SY"):
        first = data(api, MATCH_BY_NATIONALITY, nationality=typed)["matchPerson"][0]
        assert first["person"]["id"] == "P-1"
        nationality = next(f for f in first["fields"] if f["field"] == "nationality")
        assert (nationality["outcome"], nationality["claimed"]) == ("exact", "SY"), typed
    body = gql(api, MATCH_BY_NATIONALITY, nationality="Narnia")
    assert body["errors"] and "not a country name or ISO 3166 code" in \
        body["errors"][0]["message"], body
