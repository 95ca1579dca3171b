"""Handling code C never reaches an officer, by any path: a walk of the whole schema.

The graph holds, for every kind that carries a grading, an item with handling code C
whose text carries `MARKER` (an intelligence report, an association, a gang membership),
a person and a gang reachable only through C links, and stored history versions an
analyst generated while seeing C. The walk asks every root query field, with every
field reachable beneath it, as an officer, filling arguments from the seeded ids, and
also fetches the history exports. No answer may contain the marker or the id of any C
record. New fields are covered without a change here: the walk reads the schema by
introspection.

The same walk as an analyst must find the marker (in memberships, members and history
comparisons among others): that is what proves the walk reaches the places where C
material lives, so it would have caught the leaks it guards against.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from neo4j import Driver

from graph.access import FULL
from graph.analytics.run import run_all
from graph.db.settings import Neo4jConnection
from graph.investigations import canvas
from graph.investigations import store as investigation_store
from graph.records import write_records
from tests.support import api_graph as api_fixture
from tests.support.neo4j import wipe_graph
from tests.support.server import LiveServer, auth_headers, graphql
from tests.support.users import user_name

MARKER = "ZQX-C-MARKER"
P_MARKER = "ZQX-P-VISIBLE"  # the same places, handling code P: must reach the officer
C_IDS = ("IT-CMARK", "AS-CMARK", "AS-CMARK-2", "ME-CMARK", "ME-CMARK-2",
         "P-CONLY", "OR-CONLY")
FORBIDDEN = (MARKER, *C_IDS)

C_GRADE = {"source_evaluation": "1", "intelligence_assessment": "A", "handling_code": "C",
           "handling_conditions": f"Only via the DI {MARKER}"}
P_GRADE = {"source_evaluation": "2", "intelligence_assessment": "B", "handling_code": "P"}


def _seed_c_material(driver: Driver, database: str) -> None:
    row = api_fixture.SOURCE.row
    write_records(driver, database, {
        "person": [api_fixture.person("P-CONLY", "Hidden", "Contact", "GB")],
        "organisation": [row(id="OR-CONLY", name="Hidden Crew", kind="street_gang",
                             area="Lambeth")],
        "association": [
            # P-CONLY is linked to P-1 only by a C link.
            row(id="AS-CMARK", kind="friend", person_id="P-1", other_person_id="P-CONLY",
                detail=f"met at {MARKER}", **C_GRADE),
            row(id="AS-CMARK-2", kind="co_offender", person_id="P-2",
                other_person_id="P-4", detail=MARKER, **C_GRADE),
            row(id="AS-PVIS", kind="friend", person_id="P-1", other_person_id="P-6",
                detail=P_MARKER, **P_GRADE),
        ],
        "membership": [
            # P-4's only gang membership is C: to an officer P-4 is no gang member.
            row(id="ME-CMARK", person_id="P-4", organisation_id="OR-1", role="associate",
                since="2020-01-01", **C_GRADE),
            row(id="ME-CMARK-2", person_id="P-1", organisation_id="OR-CONLY", role="leader",
                since="2021-01-01", **C_GRADE),
        ],
        "intelligence_report": [
            row(id="IT-CMARK", reported_at="2024-02-01T10:00:00Z",
                summary=f"Source says {MARKER} holds firearms", mentions_person_ids=["P-1"],
                review_date_basis="review", review_date="2020-01-01", **C_GRADE),
            row(id="IT-PVIS", reported_at="2024-02-02T10:00:00Z",
                summary=f"Seen with {P_MARKER}", mentions_person_ids=["P-1"],
                review_date_basis="review", review_date="2020-01-01", **P_GRADE),
        ],
        # A flag resting on both: to an officer it rests on the P report alone.
        "flag": [row(id="FL-CWALK", person_id="P-1", kind="high_harm", reason="Firearms",
                     set_by="DS 1", set_at="2024-03-01T10:00:00Z", review_date="2030-01-01",
                     evidence_intelligence_ids=["IT-CMARK", "IT-PVIS"])],
    })


# An analyst's saved canvas holding the C-only person and gang, shared with officers, and
# saved before the C material was recorded (so it is also what "changed since").
WALK_INVESTIGATION = investigation_store.keyed_id(user_name("analyst"), "walk")


def _seed_investigation(driver: Driver, database: str) -> None:
    held = ["P-1", "P-2", "P-4", "P-6", "P-CONLY", "OR-1", "OR-CONLY"]
    drawn = canvas.check_canvas(
        name="Walk", case_reference="WALK-1", notes="the walk's canvas",
        nodes=[{"id": node, "x": 10.0 * n, "y": 0.0} for n, node in enumerate(held)],
        centre_ids=["P-1"])
    investigation_store.save(
        driver, database, drawn, user=user_name("analyst"), role="analyst",
        clearance=FULL, idempotency_key="walk",
        sharing=canvas.Sharing(roles=("analyst", "officer")),
        shareable_roles=("analyst", "officer"), at=dt.datetime(2023, 1, 1, tzinfo=dt.UTC))


@pytest.fixture(scope="module")
def seeded(driver: Driver, neo4j_connection: Neo4jConnection, live_server: LiveServer
           ) -> Iterator[LiveServer]:
    database = neo4j_connection.database
    wipe_graph(driver, database)
    api_fixture.build(driver, database)
    _seed_c_material(driver, database)
    _seed_investigation(driver, database)
    run_all(driver, database)
    # Stored versions: v1 by an analyst (who sees C), v2 by an officer, v3 a disclosure.
    for role, extra in (("analyst", ""), ("officer", ""),
                        ("analyst", ', disclosure: true, sharedWith: ["Home Office"]')):
        answer = graphql(live_server, f"""
            {{ history(personId: "P-1", purpose: "walk seed"{extra}) {{ version }} }}""", role)
        assert "errors" not in answer, answer
    yield live_server
    wipe_graph(driver, database)


# --- the schema, read by introspection --------------------------------------------------

_TYPE_REF = "kind name ofType { kind name ofType { kind name ofType { kind name } } }"
INTROSPECTION = f"""{{ __schema {{ queryType {{ name }} types {{ kind name
  fields {{ name args {{ name defaultValue type {{ {_TYPE_REF} }} }} type {{ {_TYPE_REF} }} }}
  enumValues {{ name }} }} }} }}"""


def _named(ref: dict[str, Any]) -> dict[str, Any]:
    while ref.get("ofType"):
        ref = ref["ofType"]
    return ref


def _required(ref: dict[str, Any]) -> bool:
    return ref["kind"] == "NON_NULL"


class Schema:
    def __init__(self, introspected: dict[str, Any]) -> None:
        self.types = {t["name"]: t for t in introspected["types"]}
        self.query = introspected["queryType"]["name"]

    def fields(self, type_name: str) -> list[dict[str, Any]]:
        return [f for f in self.types[type_name].get("fields") or []
                if not f["name"].startswith("__")]

    def is_leaf(self, ref: dict[str, Any]) -> bool:
        return _named(ref)["kind"] in ("SCALAR", "ENUM")


# Argument values by (field, name), then by name; `id` by the type the field returns.
IDS_BY_TYPE = {"Person": "P-1", "Organisation": "OR-1", "Incident": "IN-1",
               "CheckRun": "CR-none", "Link": "AS-CMARK",
               "Investigation": WALK_INVESTIGATION}
ARGUMENTS: dict[tuple[str, str], str] = {
    # The analyst's normal version against their disclosure version: both hold C (as
    # text, as withheld markers), so the comparison names it to the analyst.
    ("compareHistoryVersions", "from"): "1", ("compareHistoryVersions", "to"): "3",
    ("historyVersion", "version"): "1",
    ("history", "save"): "false",  # the walk saves no versions of its own
    # Pages kept small enough that the deepest nesting fits the cost limit.
    ("communities", "first"): "5", ("communities", "topMembers"): "5",
    ("flagDisproportionality", "by"): "NATIONALITY",
}
ARGUMENTS_BY_NAME: dict[str, str] = {
    "personId": '"P-1"', "fromId": '"P-1"', "toId": '"P-4"', "flagId": '"FL-CWALK"',
    "personIds": '["P-1", "P-4", "P-2"]', "query": '"Mohammed"', "purpose": '"walk"',
    "claim": '{givenNames: "Mohammed", familyName: "Al-Hassan", dateOfBirth: "1990-04-12"}',
}


def _argument(field: dict[str, Any], arg: dict[str, Any]) -> str | None:
    """A literal for an argument the walk sets (None: leave it to its default)."""
    name = arg["name"]
    if (field["name"], name) in ARGUMENTS:
        return ARGUMENTS[(field["name"], name)]
    if name in ARGUMENTS_BY_NAME:
        return ARGUMENTS_BY_NAME[name]
    if not _required(arg["type"]) or arg["defaultValue"] is not None:
        return None
    if name == "id":
        return json.dumps(IDS_BY_TYPE.get(_named(field["type"])["name"], "P-1"))
    raise AssertionError(f"the walk cannot fill the required argument {name!r} of "
                         f"{field['name']!r}: add it to ARGUMENTS")


def _call(field: dict[str, Any]) -> str:
    literals = [(arg["name"], _argument(field, arg)) for arg in field["args"]]
    given = [f"{name}: {value}" for name, value in literals if value is not None]
    return f"{field['name']}({', '.join(given)})" if given else field["name"]


Tree = dict[str, Any]  # field call -> subtree (None for a leaf)


def selection(schema: Schema, type_name: str, path: tuple[str, ...], depth: int) -> Tree:
    """Every field beneath a type, each object type at most once on a path."""
    tree: Tree = {}
    for field in schema.fields(type_name):
        if schema.is_leaf(field["type"]):
            tree[_call(field)] = None
            continue
        child = _named(field["type"])["name"]
        if child in path or depth == 0:
            continue
        sub = selection(schema, child, (*path, child), depth - 1)
        if sub:
            tree[_call(field)] = sub
    return tree


def _print(tree: Tree) -> str:
    return " ".join(call if sub is None else f"{call} {{ {_print(sub)} }}"
                    for call, sub in tree.items())


_LIMIT_CODES = ("too costly", "token", "depth", "aliases")


def _limited(answer: dict[str, Any]) -> bool:
    return any(any(code in e["message"] for code in _LIMIT_CODES)
               for e in answer.get("errors") or [])


def _split(tree: Tree) -> list[Tree]:
    """The tree as several smaller trees: the leaves once, each branch alone; a tree of
    leaves only, in two halves."""
    leaves = {call: None for call, sub in tree.items() if sub is None}
    branches = [{call: sub} for call, sub in tree.items() if sub is not None]
    if not branches and len(leaves) > 1:  # only leaves, still too costly: halve them
        calls = list(leaves)
        half = len(calls) // 2
        return [dict.fromkeys(calls[:half]), dict.fromkeys(calls[half:])]
    return ([leaves] if leaves else []) + branches


def walk(server: LiveServer, role: str, schema: Schema) -> list[tuple[str, str]]:
    """(document, answer text) for every root query field, split until each document
    is within the API's limits."""
    answers: list[tuple[str, str]] = []

    def ask(root_call: str, tree: Tree | None) -> None:
        document = "{ " + (root_call if tree is None else f"{root_call} {{ {_print(tree)} }}") \
            + " }"
        answer = graphql(server, document, role, timeout=60)
        if tree is not None and _limited(answer):
            parts = [part for sub in _split(tree) for part in _split_deep(sub)]
            assert len(parts) > 1, f"cannot split {document[:200]}"
            for part in parts:
                ask(root_call, part)
            return
        answers.append((document, json.dumps(answer)))

    def _split_deep(tree: Tree) -> list[Tree]:
        """A lone branch is split where it first forks (a -> b -> {leaves, c})."""
        if len(tree) == 1:
            (call, sub), = tree.items()
            if sub is not None:
                parts = _split(sub)
                if len(parts) == 1:
                    parts = _split_deep(parts[0])
                return [{call: part} for part in parts]
        return [tree]

    for field in schema.fields(schema.query):
        if schema.is_leaf(field["type"]):
            ask(_call(field), None)
            continue
        child = _named(field["type"])["name"]
        ask(_call(field), selection(schema, child, (child,), 6))
    return answers


def _introspect(server: LiveServer, role: str) -> Schema:
    answer = graphql(server, INTROSPECTION, role)
    assert "errors" not in answer, answer
    return Schema(answer["data"]["__schema"])


def _exports(server: LiveServer, role: str) -> dict[str, bytes]:
    found = {}
    for fmt in ("html", "pdf"):
        response = httpx.get(f"{server.url}/history/P-1.{fmt}",
                             params={"purpose": "walk export"},
                             headers=auth_headers(role), timeout=60)
        assert response.status_code == 200, response.text
        found[fmt] = response.content
    for version in (1, 2, 3):  # the seeded versions' own PDFs
        response = httpx.get(f"{server.url}/history/P-1/versions/{version}.pdf",
                             headers=auth_headers(role), timeout=60)
        assert response.status_code == 200, response.text
        found[f"pdf-v{version}"] = response.content
    return found


def _pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()


def _leaks(answers: list[tuple[str, str]]) -> list[str]:
    return [f"{needle} in answer to {document[:160]}"
            for document, text in answers for needle in FORBIDDEN if needle in text]


def test_an_officer_walking_the_whole_schema_meets_no_c_material(seeded: LiveServer) -> None:
    schema = _introspect(seeded, "officer")
    answers = walk(seeded, "officer", schema)
    assert len(answers) >= len(schema.fields(schema.query))
    assert _leaks(answers) == []
    # The walk did reach graded lists, networks and stored versions: P material shows.
    everything = " ".join(text for _, text in answers)
    assert P_MARKER in everything and "IT-PVIS" in everything and "AS-PVIS" in everything
    exports = _exports(seeded, "officer")
    exported = {fmt: _pdf_text(body) if fmt.startswith("pdf") else body.decode()
                for fmt, body in exports.items()}
    for fmt, text in exported.items():
        assert [n for n in FORBIDDEN if n in text] == [], fmt
        assert P_MARKER in text, fmt


def test_the_same_walk_as_an_analyst_finds_the_c_material(seeded: LiveServer) -> None:
    """The control: the walk reaches every place C material lives, so it would see a
    leak there. (These are the paths of the two leaks found by probing.)"""
    answers = walk(seeded, "analyst", _introspect(seeded, "analyst"))
    leaked_at = {document.split("(")[0].strip("{ ") for document, text in answers
                 if MARKER in text}
    assert {"person", "organisation", "history", "historyVersion",
            "compareHistoryVersions"} <= leaked_at
    # A saved canvas names no graded text, but the analyst's holds the C-only person and
    # gang, the C links among them and, since it was saved, the C report.
    opened = " ".join(text for d, text in answers if d.startswith("{ investigation("))
    assert all(c_id in opened for c_id in ("P-CONLY", "OR-CONLY", "AS-CMARK", "IT-CMARK"))
    member_documents = [d for d, text in answers if "members" in d and MARKER in text]
    assert member_documents, "the walk did not read organisation members"
    assert any("ME-CMARK" in text for d, text in answers if d.startswith("{ person"))


# --- the places the walk cannot judge by text alone --------------------------------------

def test_derived_marks_and_counts_leave_out_c_links(seeded: LiveServer) -> None:
    query = """{ network(personId: "P-1", depth: 3) { nodes { id gangMember } }
                 person(id: "P-4") { memberships { totalCount } counts { associates } }
                 organisation(id: "OR-1") { members { totalCount } } }"""
    officer, analyst = (graphql(seeded, query, role)["data"] for role in ("officer", "analyst"))
    gang = {n["id"]: n["gangMember"] for n in officer["network"]["nodes"]}
    assert gang["P-4"] is False and gang["P-1"] is True  # P-1's OR-1 membership is P
    assert {n["id"]: n["gangMember"] for n in analyst["network"]["nodes"]}["P-4"] is True
    assert officer["person"]["memberships"]["totalCount"] == 0
    assert analyst["person"]["memberships"]["totalCount"] == 1
    assert officer["person"]["counts"]["associates"] == \
        analyst["person"]["counts"]["associates"] - 1
    assert officer["organisation"]["members"]["totalCount"] == \
        analyst["organisation"]["members"]["totalCount"] - 1


def test_an_officer_comparing_with_an_analysts_version_is_told_only_that_material_is_withheld(
        seeded: LiveServer) -> None:
    query = """{ compareHistoryVersions(personId: "P-1", from: 2, to: 1) {
                   identical withheld handlingCodes sections { key added removed changed } }
                 historyVersions(personId: "P-1", first: 100) {
                   edges { node { version withheld contentHash } } } }"""
    officer = graphql(seeded, query, "officer")["data"]
    analyst = graphql(seeded, query, "analyst")["data"]
    assert officer["compareHistoryVersions"]["withheld"] is True
    # Seen as an officer sees it, the analyst's version is the officer's own.
    assert officer["compareHistoryVersions"]["identical"] is True
    assert officer["compareHistoryVersions"]["handlingCodes"] == ["P"]
    # The analyst compares like with like: the officer's version had no C to show, so
    # both are read without it, and the C items are not reported as added.
    assert analyst["compareHistoryVersions"]["withheld"] is False
    assert analyst["compareHistoryVersions"]["identical"] is True
    assert analyst["compareHistoryVersions"]["handlingCodes"] == ["P"]
    assert MARKER not in json.dumps(analyst["compareHistoryVersions"])
    listed = {role: [e["node"] for e in answer["historyVersions"]["edges"]]
              for role, answer in (("officer", officer), ("analyst", analyst))}
    withheld = {v["version"]: v["withheld"] for v in listed["officer"]
                if v["version"] <= 3}  # the seeded ones
    assert withheld == {1: True, 2: False, 3: True}
    assert not any(v["withheld"] for v in listed["analyst"])
