"""searchPeople over real HTTP: identifiers first with what they matched, nationality by
name or code, a date of birth alone, cursor paging to the last hit, and the audit entry."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import Driver

from graph.db.settings import Neo4jConnection
from graph.records import write_records
from tests.support.factories import Source
from tests.support.server import LiveServer, graphql

SOURCE = Source("test:search-api", "PC 2")
SEARCH = """
query ($q: String!, $first: Int!, $after: String, $nat: String, $dob: String) {
  searchPeople(query: $q, first: $first, after: $after, nationality: $nat, dateOfBirth: $dob) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { score matched node { id } } } }
"""


@pytest.fixture
def server(live_server: LiveServer, db: Driver, neo4j_connection: Neo4jConnection) -> LiveServer:
    write_records(db, neo4j_connection.database, {"person": [
        SOURCE.row(id="P-000777", given_names="Erion", family_name="Shehu", nationalities=["AL"],
                   dates_of_birth=["1988-02-29"], pnc_id="2010/0777777A",
                   passports=["AL:BB7654321"]),
        *[SOURCE.row(id=f"P-0008{n:02d}", given_names="Erion", family_name=f"Shehu{n}",
                     nationalities=["AL"] if n < 5 else ["XK"], dates_of_birth=["1990"])
          for n in range(23)],
    ]})
    return live_server


def _search(server: LiveServer, q: str, role: str = "officer", **variables: Any
            ) -> dict[str, Any]:
    body = graphql(server, SEARCH, role, q=q, first=variables.pop("first", 10), **variables)
    assert "errors" not in body, body
    return body["data"]["searchPeople"]


def test_an_identifier_is_an_exact_hit_that_says_what_it_matched(server: LiveServer) -> None:
    for typed, matched in [("P-000777", "id"), ("2010/0777777a", "pnc_id"),
                           ("BB7654321", "passport")]:
        result = _search(server, typed)
        assert result["totalCount"] == 1
        assert result["edges"][0]["node"]["id"] == "P-000777"
        assert result["edges"][0]["matched"] == matched


def test_nationality_takes_a_country_name_or_an_iso_code(server: LiveServer) -> None:
    totals = {nat: _search(server, "Erion Shehu", nat=nat)["totalCount"]
              for nat in ("Albania", "AL", "alb", "Kosovo", "XK")}
    assert totals == {"Albania": 6, "AL": 6, "alb": 6, "Kosovo": 18, "XK": 18}
    assert _search(server, "Erion Shehu", nat="Narnia")["totalCount"] == 0


def test_a_date_of_birth_alone_lists_who_was_born_then(server: LiveServer) -> None:
    result = _search(server, "", dob="29/02/1988")
    assert [(e["node"]["id"], e["matched"]) for e in result["edges"]] == [
        ("P-000777", "date_of_birth")]
    assert _search(server, "")["totalCount"] == 0  # nothing asked, nothing found


def test_cursors_page_through_every_hit(server: LiveServer) -> None:
    seen: list[str] = []
    after = None
    while True:
        page = _search(server, "Erion Shehu", first=10, after=after)
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == 24 and len(set(seen)) == 24 and page["totalCount"] == 24


def test_a_search_is_audited_with_the_people_it_showed(server: LiveServer) -> None:
    _search(server, "2010/0777777A")
    body = graphql(server, """{ auditLog(first: 5, action: "search") {
        edges { node { subjectIds detail } } } }""", "auditor")
    entries = [e["node"] for e in body["data"]["auditLog"]["edges"]]
    assert any(e["subjectIds"] == ["P-000777"] and "2010/0777777A" in e["detail"]
               for e in entries), entries
