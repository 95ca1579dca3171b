"""The graph of the MOPI review tests (tests/graph/test_reviews.py, test_review_events.py,
test_review_proposals.py, test_review_concurrency.py), written through the real write layer.

It holds records of every reviewed kind with review dates (set by a review, so kept as
given) in the past, in the far future and none given (computed by its MOPI group, not yet
due: docs/reviews.md), a cleared flag whose review date has passed, and two intelligence
reports on the same kind of date: one handling code P, one C. "Due" is asked as at
BEFORE (2024-06-30) unless a test says otherwise. `graph_state` reads the whole graph
back, to show that a refused review changed nothing.
"""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from graph.records import write_records
from tests.support.factories import Source

SOURCE = Source("test:reviews", "tester", "2024-01-01T10:00:00Z")
BEFORE = "2024-06-30"
FUTURE = "2099-01-01"
LONG_SUMMARY = ("Subject seen handing packages to youths outside the Stockwell estate on "
                "three evenings; vehicle registration partly recorded")


def person(pid: str, given: str, family: str, review: str | None) -> dict[str, Any]:
    """A person row with that review date (none if None)."""
    extra = {"review_date": review, "review_date_basis": "review"} if review else {}
    return SOURCE.person(pid, given, family, **extra)


def _report(rid: str, code: str, review: str, summary: str, people: list[str]) -> dict:
    conditions = {"handling_conditions": "police only"} if code == "C" else {}
    return SOURCE.row(id=rid, reported_at="2022-01-01T10:00:00Z", summary=summary,
                      source_evaluation="2", intelligence_assessment="B", handling_code=code,
                      review_date=review, review_date_basis="review",
                      mentions_person_ids=people, **conditions)


def build(driver: Driver, database: str) -> None:
    """Write the graph of the module docstring."""
    write_records(driver, database, {
        "offence": [SOURCE.row(id="105/01", description="Common assault",
                               category="violence_against_the_person", chi_days=9.0)],
        "person": [
            person("P-R1", "Amira", "Khan", "2020-01-10"),
            person("P-R2", "Bogdan", "Ionescu", FUTURE),
            person("P-R3", "Chen", "Wei", None),
            person("P-R4", "Dara", "Okafor", BEFORE),  # due on the very day: included
        ],
        "incident": [
            SOURCE.row(id="IN-R1", occurred_at="2019-05-01T22:00:00Z", type="domestic_abuse",
                       review_date_basis="review", review_date="2020-01-10"),
            SOURCE.row(id="IN-R2", occurred_at="2019-07-01T22:00:00Z", type="assault",
                       review_date_basis="review", review_date="2020-06-01"),
            SOURCE.row(id="IN-R3", occurred_at="2024-08-01T22:00:00Z", type="assault"),
        ],
        "flag": [
            SOURCE.row(id="FL-R1", person_id="P-R2", kind="high_harm", status="active",
                       reason="Serious violence", set_by="DS 42", set_at="2022-03-01T10:00:00Z",
                       review_date_basis="review", review_date="2023-01-01"),
            SOURCE.row(id="FL-R2", person_id="P-R3", kind="high_harm", status="active",
                       reason="Weapons", set_by="DS 42", set_at="2022-03-01T10:00:00Z",
                       review_date_basis="review", review_date="2022-09-01"),
        ],
        "flag_event": [SOURCE.row(id="FE-R2-clear", flag_id="FL-R2", action="cleared",
                                  at="2022-08-01T10:00:00Z", by="DI 7",
                                  reason="No longer relevant")],
        "arrest": [
            SOURCE.row(id="AR-R1", person_id="P-R1", offence_ids=["105/01"], outcome="nfa",
                       arrested_at="2019-05-02T01:00:00Z", arresting_officer="PC 1",
                       review_date_basis="review", review_date="2021-03-01"),
            SOURCE.row(id="AR-R2", person_id="P-R2", offence_ids=["105/01"], outcome="charged",
                       arrested_at="2023-05-02T01:00:00Z", arresting_officer="PC 1",
                       review_date_basis="review", review_date=FUTURE),
        ],
        "incident_role": [
            SOURCE.row(id="IR-R1", person_id="P-R1", incident_id="IN-R1", role="suspect"),
            SOURCE.row(id="IR-R2", person_id="P-R1", incident_id="IN-R2", role="suspect"),
            SOURCE.row(id="IR-R3", person_id="P-R2", incident_id="IN-R2", role="victim",
                       cooperated=False),
        ],
        "intelligence_report": [
            _report("IT-RP", "P", "2022-05-05", LONG_SUMMARY, ["P-R2"]),
            _report("IT-RC", "C", "2022-05-06", "Covert source: meeting planned",
                    ["P-R1"]),
        ],
    })


def graph_state(db: Driver) -> list[Any]:
    """Every record node and relationship with its properties (audit and users aside)."""
    nodes, _, _ = db.execute_query(
        "MATCH (n) WHERE NOT n:AuditEntry AND NOT n:AuditHead AND NOT n:User "
        "RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.id")
    rels, _, _ = db.execute_query(
        "MATCH (a)-[r]->(b) WHERE NOT a:AuditEntry AND NOT a:AuditHead AND NOT a:User "
        "RETURN a.id AS a, type(r) AS t, b.id AS b ORDER BY a, t, b")
    return [str(r.data()) for r in nodes] + [str(r.data()) for r in rels]
