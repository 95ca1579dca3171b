"""matchPerson and screenPeople over real HTTP, CSV parsing, and `nexus screen`."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from api.types.identity import MAX_SCREEN_ROWS
from graph.audit import journal as audit_journal
from graph.db.settings import Neo4jConnection
from graph.identity.screening import RowError, ScreenRow, parse_csv
from tests.support.cli import cli_env
from tests.support.factories import make, make_person
from tests.support.server import LiveServer, graphql

MATCH = """
query ($claim: IdentityClaimInput!) { matchPerson(claim: $claim, first: 5) {
  person { id fullName } score band
  fields { field outcome claimed recorded similarity weight explanation }
  summary { activeFlags convictions foreignConvictions immigrationStatus warningMarkers
            lastArrestedAt activeWarrants { id kind issuingCountry } }
} }
"""
SCREEN = """
mutation ($csv: String!, $first: Int) { screenPeople(csv: $csv, first: $first) {
  rows { line claim risk riskReasons candidates { person { id } score band } }
  errors { message code field } screenedAt
} }
"""


def gql(server: LiveServer, query: str, role: str = "officer", **variables: Any
        ) -> dict[str, Any]:
    return graphql(server, query, role, timeout=60, **variables)


def _graph(db: Driver) -> None:
    make_person(db, id="P-1", given_names="Oleksandr", family_name="Shevchenko",
                aliases=["Aleksandr Shevchenko", "Олександр Шевченко"],
                dates_of_birth=["1988-04-12"], nationalities=["UA"],
                immigration_status="overstayer", warning_markers=["violence"])
    make(db, "warrant", person_id="P-1", status="active", issuing_country="PL")
    make(db, "conviction", person_id="P-1", jurisdiction="PL", known_via="ecris")
    make_person(db, id="P-2", given_names="Mary", family_name="Jones", aliases=[],
                dates_of_birth=["1975-09-01"], nationalities=["GB"])


def _audit(db: Driver, action: str) -> list[dict[str, Any]]:
    audit_journal.flush_all()
    records, _, _ = db.execute_query(
        "MATCH (e:AuditEntry) WHERE e.action CONTAINS $action RETURN e { .* } AS e "
        "ORDER BY e.seq", action=action)
    return [r["e"] for r in records]


def test_match_person_over_http(db: Driver, live_server: LiveServer):
    _graph(db)
    claim = {"givenNames": "Alexandr", "familyName": "Schewtschenko",
             "dateOfBirth": "1988-12-04", "nationality": "UKR"}
    body = gql(live_server, MATCH, claim=claim)
    assert "errors" not in body, body
    top = body["data"]["matchPerson"][0]
    assert top["person"]["id"] == "P-1" and top["band"] == "possible"   # two variants
    fields = {f["field"]: f for f in top["fields"]}
    assert fields["date_of_birth"]["explanation"] == "day and month transposed"
    assert fields["nationality"]["outcome"] == "exact"
    assert fields["family_name"]["outcome"] in ("variant", "close")
    summary = top["summary"]
    assert summary["foreignConvictions"] == 1 and summary["immigrationStatus"] == "overstayer"
    assert [w["issuingCountry"] for w in summary["activeWarrants"]] == ["PL"]
    assert summary["warningMarkers"] == ["violence"]
    entry = _audit(db, "match")[-1]
    assert "P-1" in entry["subject_ids"] and entry["purpose"]


def test_match_person_takes_a_uk_date_and_a_surname_alone(db: Driver, live_server: LiveServer):
    _graph(db)
    uk = gql(live_server, MATCH, claim={"givenNames": "Oleksandr", "familyName": "Shevchenko",
                                        "dateOfBirth": "12/04/1988"})["data"]["matchPerson"]
    assert uk[0]["person"]["id"] == "P-1" and uk[0]["band"] == "strong"
    fields = {f["field"]: f for f in uk[0]["fields"]}
    assert fields["date_of_birth"]["claimed"] == "1988-04-12"
    assert fields["date_of_birth"]["outcome"] == "exact"
    surname = gql(live_server, MATCH, claim={"familyName": "Jones"})["data"]["matchPerson"]
    assert [(c["person"]["id"], c["band"]) for c in surname] == [("P-2", "weak")]


def test_match_person_bad_input_and_permission(db: Driver, live_server: LiveServer):
    _graph(db)
    body = gql(live_server, MATCH, claim={"familyName": "Jones", "dateOfBirth": "1st May"})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "dateOfBirth" in json.dumps(body["errors"][0])
    body = gql(live_server, MATCH, role="auditor", claim={"familyName": "Jones"})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body.get("data") is None


def test_screen_people_over_http(db: Driver, live_server: LiveServer):
    _graph(db)
    text = ("Family Name,GIVEN NAMES, date of birth ,Nationality,Passport\n"
            "Shevchenko,Oleksandr,1988-04-12,UA,\n"
            "Jones,Mary,01/09/1975,GBR,\n"
            "Nobody,Unknown,1999-01-01,,\n"
            ",Nameless,1990-01-01,,\n"
            "Jones,Mary,1975-13-01,,\n")
    body = gql(live_server, SCREEN, csv=text, first=2)
    assert "errors" not in body, body
    payload = body["data"]["screenPeople"]
    rows = {row["line"]: row for row in payload["rows"]}
    assert sorted(rows) == [2, 3, 4]
    assert rows[2]["risk"] == "high" and rows[2]["candidates"][0]["person"]["id"] == "P-1"
    assert any("active warrant" in reason for reason in rows[2]["riskReasons"])
    assert rows[3]["candidates"][0]["person"]["id"] == "P-2" and rows[3]["risk"] == "low"
    assert (rows[4]["candidates"], rows[4]["risk"]) == ([], "none")
    errors = {e["field"]: e for e in payload["errors"]}
    assert set(errors) == {"line 5", "line 6"}
    assert "family_name is empty" in errors["line 5"]["message"]
    assert "date_of_birth" in errors["line 6"]["message"]
    entry = _audit(db, "screen")[-1]
    assert {"P-1", "P-2"} <= set(entry["subject_ids"]) and entry["purpose"]


@pytest.mark.parametrize("text,code,words", [
    ("", "INVALID", "empty"),
    ("name,age\nBob,3\n", "INVALID", "family_name"),
    ("family_name\n" + "Smith\n" * (MAX_SCREEN_ROWS + 1), "TOO_MANY_ROWS", "at most"),
])
def test_screen_people_refuses_bad_files(db: Driver, live_server: LiveServer, text: str,
                                         code: str, words: str):
    payload = gql(live_server, SCREEN, csv=text)["data"]["screenPeople"]
    assert payload["rows"] == []
    assert payload["errors"][0]["code"] == code and words in payload["errors"][0]["message"]


def test_screen_people_needs_read_persons(db: Driver, live_server: LiveServer):
    body = gql(live_server, SCREEN, role="admin", csv="family_name\nSmith\n")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_parse_csv_tolerates_header_variants_and_reports_lines():
    items = list(parse_csv("Surname, First Name ,DOB,Country,Passport No\n"
                           "Khan,Ali,1990,PAK,PK:AB123456\n\n"
                           "Khan,Ali,1990,P4K,\n"
                           "Khan,Ali,1990,,bad passport!\n"
                           "Khan,Ali,1990,,,extra\n"))
    assert isinstance(items[0], ScreenRow)
    claim = items[0].claim
    assert (claim.given_names, claim.family_name, claim.nationalities, claim.passports) == (
        "Ali", "Khan", ("PK",), ("PK:AB123456",))
    assert [type(i) for i in items[1:]] == [RowError] * 3
    assert [i.line for i in items[1:]] == [4, 5, 6]


def test_nexus_screen_cli_writes_csv_and_jsonl_and_audits(
        db: Driver, neo4j_connection: Neo4jConnection, tmp_path: Path):
    _graph(db)
    source = tmp_path / "applicants.csv"
    source.write_text("given_names,family_name,date_of_birth\n"
                      "Oleksandr,Shevchenko,1988-04-12\nMary,Jones,1975-09-01\n"
                      "X,,1990\n", encoding="utf-8")
    env = cli_env(neo4j_connection)
    nexus = [sys.executable, "-m", "cli"]
    for name in ("out.csv", "out.jsonl"):
        result = subprocess.run(
            [*nexus, "screen", str(source), "-o", str(tmp_path / name), "--first", "2",
             "--purpose", "visa pre-travel screening", "--user", "test-officer"],
            env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert "2 rows screened" in result.stderr and "1 bad lines" in result.stderr
    with (tmp_path / "out.csv").open() as handle:
        lines = list(csv.DictReader(handle))
    assert lines[0]["person_id"] == "P-1" and lines[0]["risk"] == "high"
    assert any(line["error"] and line["line"] == "4" for line in lines)
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert records[1]["candidates"][0]["person_id"] == "P-2"
    assert records[2] == {"line": 4, "error": "line 4: family_name is empty"}
    entries = [e for e in _audit(db, "screen") if e["user"] == "test-officer"]
    assert len(entries) == 2 and entries[-1]["purpose"] == "visa pre-travel screening"
    refused = subprocess.run([*nexus, "screen", str(source), "-o", str(tmp_path / "x.txt"),
                              "--purpose", "p"], env=env, capture_output=True, text=True,
                             timeout=60)
    assert refused.returncode != 0 and ".csv or .jsonl" in refused.stderr


def test_chunks_in_flight_keep_the_file_order_and_the_answers(
        db: Driver, neo4j_connection: Neo4jConnection) -> None:
    from graph.identity.screening import ScreenResult, screen

    _graph(db)
    lines = ["Shevchenko,Oleksandr,1988-04-12", "Jones,Mary,1975-09-01", ",Nameless,1990",
             "Nobody,Unknown,1999-01-01", "Jones,Mary,1975-13-01", "Shevchenko,Aleksandr,1988"]
    text = "family_name,given_names,date_of_birth\n" + "\n".join(lines * 3) + "\n"

    def run(parallel: int, chunk: int) -> list[tuple[int, str]]:
        out = []
        for item in screen(db, neo4j_connection.database, parse_csv(text), 2, chunk=chunk,
                           parallel=parallel):
            if isinstance(item, ScreenResult):
                out.append((item.row.line, ",".join(m.person_id for m in item.matches)))
            else:
                out.append((item.line, "error"))
        return out

    one_at_a_time = run(parallel=1, chunk=200)
    assert [line for line, _ in one_at_a_time] == list(range(2, 2 + 3 * len(lines)))
    assert one_at_a_time[0] == (2, "P-1") and one_at_a_time[2] == (4, "error")
    assert run(parallel=3, chunk=2) == run(parallel=2, chunk=4) == one_at_a_time
