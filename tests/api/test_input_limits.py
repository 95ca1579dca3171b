"""Input limits: text caps, control characters and bad dates, refused with a clear message
naming the field and writing nothing. The rules live once in graph/records/validation.py,
so the API mutations (tested here over real HTTP) and the importer
(tests/graph/test_import_hostile.py) share them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from neo4j import Driver

from graph.db.settings import Neo4jConnection
from graph.records import RowError, validate
from graph.records.validation import LIST_MAX, NAME_MAX, TEXT_MAX
from tests.support import api_graph as api_fixture
from tests.support.factories import Source
from tests.support.neo4j import wipe_graph
from tests.support.server import LiveServer, graphql

LIMITS = Source("limits-test", "PC 1", "2024-01-01T10:00:00Z")
RECORD_PERSON = """mutation ($input: PersonInput!) {
  recordPerson(input: $input) { ok id errors { field code message } } }"""
SEARCH = """query ($q: String!, $dob: String) {
  searchPeople(query: $q, dateOfBirth: $dob) { totalCount edges { node { id } } } }"""


@pytest.fixture(scope="module")
def api(live_server: LiveServer, driver: Driver,
        neo4j_connection: Neo4jConnection) -> Iterator[LiveServer]:
    wipe_graph(driver, neo4j_connection.database)
    api_fixture.build(driver, neo4j_connection.database)
    yield live_server


def _persons(driver: Driver) -> int:
    records, _, _ = driver.execute_query("MATCH (p:Person) RETURN count(p) AS n")
    return records[0]["n"]


def _record_person(server: LiveServer, **fields: Any) -> dict[str, Any]:
    body = graphql(server, RECORD_PERSON, input={"source": "limits-test", **fields})
    assert "errors" not in body, body
    return body["data"]["recordPerson"]


@pytest.mark.parametrize(("fields", "field", "words"), [
    ({"familyName": "Kowal\x00ski"}, "familyName", "control character U+0000"),
    ({"familyName": "K" * 200_000}, "familyName", f"longer than {NAME_MAX} characters"),
    ({"familyName": "Nowak", "givenNames": "Jan\nPiotr"}, "givenNames",
     "control character U+000A"),
    ({"familyName": "Nowak", "aliases": ["Jan", "J" * (NAME_MAX + 1)]}, "aliases",
     f"longer than {NAME_MAX} characters"),
    ({"familyName": "Nowak", "placeOfBirth": "Gda\u202ensk"}, "placeOfBirth",
     "control character U+202E"),
])
def test_hostile_text_in_record_person_is_refused_naming_the_field(
        api: LiveServer, driver: Driver, fields: dict[str, Any], field: str,
        words: str) -> None:
    before = _persons(driver)
    result = _record_person(api, **fields)
    assert result["ok"] is False and result["id"] is None, result
    error = result["errors"][0]
    assert (error["field"], error["code"]) == (field, "INVALID")
    assert words in error["message"]
    assert len(error["message"]) < 500          # the value is not echoed back
    assert _persons(driver) == before


def test_text_at_the_caps_is_recorded(api: LiveServer, driver: Driver) -> None:
    result = _record_person(api, familyName="N" * NAME_MAX, givenNames="Zoë Ａnna",
                            aliases=["A" * NAME_MAX] * 3)
    assert result["ok"] is True, result
    records, _, _ = driver.execute_query("MATCH (p:Person {id: $id}) RETURN p.family_name "
                                         "AS family", id=result["id"])
    assert records[0]["family"] == "N" * NAME_MAX


@pytest.mark.parametrize("dob", ["2024-13-45", "12-31-1990", "yesterday", "1990-02-3x"])
def test_a_bad_date_of_birth_in_search_people_is_refused(api: LiveServer, dob: str) -> None:
    body = graphql(api, SEARCH, q="Kowalski", dob=dob)
    assert body["data"] is None, body
    error = body["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "dateOfBirth"}
    assert dob in error["message"] and "YYYY-MM-DD" in error["message"]


def test_good_dates_of_birth_in_search_people_still_filter(api: LiveServer) -> None:
    def ids(dob: str | None) -> set[str]:
        body = graphql(api, SEARCH, q="Al-Hassan", dob=dob)
        assert "errors" not in body, body
        return {edge["node"]["id"] for edge in body["data"]["searchPeople"]["edges"]}

    assert "P-1" in ids(None)
    assert "P-1" in ids("1990") and "P-1" in ids("1990-04-12") and "P-1" in ids("12/04/1990")
    assert "P-1" not in ids("1991")


# --- the rules themselves (no database) -------------------------------------------------

def _incident(**fields: Any) -> dict[str, Any]:
    return LIMITS.row(id="IN-X", occurred_at="2023-05-01T22:00:00Z", type="assault", **fields)


def _refused(kind: str, row: dict[str, Any]) -> RowError:
    with pytest.raises(RowError) as refused:
        validate(kind, row)
    return refused.value


def test_free_text_keeps_line_breaks_and_tabs_and_normalises_crlf() -> None:
    clean = validate("incident", _incident(description="Line one\r\nLine\ttwo\rthree"))
    assert clean["description"] == "Line one\nLine\ttwo\nthree"
    assert validate("incident", _incident(description="d" * TEXT_MAX))["description"]


@pytest.mark.parametrize(("kind", "row", "field", "words"), [
    ("incident", _incident(description="d" * (TEXT_MAX + 1)), "description",
     f"longer than {TEXT_MAX:,} characters"),
    ("incident", _incident(description="bell\x07"), "description", "U+0007"),
    ("incident", _incident(description="esc\x1b[2J"), "description", "U+001B"),
    ("incident", _incident(description="lone \ud800 surrogate"), "description", "U+D800"),
    ("incident", _incident(description="del\x7f"), "description", "U+007F"),
    ("person", LIMITS.row(id="P-X", family_name="X", aliases=["a"] * (LIST_MAX + 1)),
     "aliases", f"more than {LIST_MAX} items"),
    ("person", LIMITS.row(id="P-X", family_name="X", recorded_by="PC\t1", source="s"),
     "recorded_by", "U+0009"),
])
def test_the_rules_refuse_with_the_field_and_the_code_point(kind: str, row: dict[str, Any],
                                                            field: str, words: str) -> None:
    error = _refused(kind, row)
    assert error.field == field and words in error.reason, error
    assert len(str(error)) < 500


def test_an_unknown_field_with_a_hostile_name_is_not_echoed_raw() -> None:
    error = _refused("person", LIMITS.row(id="P-X", family_name="X",
                                          **{"\x1b[2J" + "x" * 5000: "v"}))
    assert "\x1b" not in str(error) and len(str(error)) < 1000
    bad_id = _refused("person", LIMITS.row(id="P\x00" + "1" * 5000, family_name="X"))
    assert bad_id.field == "id" and "\x00" not in str(bad_id) and len(str(bad_id)) < 1000
