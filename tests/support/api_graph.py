"""A small hand-built graph with known content, written through the real write layer.

    P-1 Mohammed Al-Hassan (SY, high harm, member of OR-1)
      FAMILY  P-2 Mohamed Hasan (GB)          FRIEND  P-3 Aleksandr Petrov (UA)
      P-3 PHONE_CONTACT P-4 Ion Popescu (RO)  P-5 Jan Kowalski (PL) member of OR-1
    P-HUB has 120 FRIEND associates H-001..H-120, and P-6 is a friend of P-HUB.
"""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from graph.records import write_records
from tests.support.factories import Source

SOURCE = Source("test-fixture", "tester", "2024-01-01T10:00:00Z")
HUB_SIZE = 120


def person(pid: str, given: str, family: str, nationality: str, **extra: Any) -> dict:
    """A nominal of the graph: male, immigration status unknown, one nationality."""
    return SOURCE.person(pid, given, family, nationalities=[nationality], gender="male",
                         immigration_status="unknown", **extra)


def _assoc(aid: str, kind: str, a: str, b: str, **extra: Any) -> dict:
    return SOURCE.row(id=aid, kind=kind, person_id=a, other_person_id=b, **extra)


def build(driver: Driver, database: str) -> None:
    persons = [
        person("P-1", "Mohammed", "Al-Hassan", "SY", aliases=["Muhammad Alhasan"],
               dates_of_birth=["1990-04-12"], warning_markers=["violence"],
               pnc_id="2019/0123456X"),
        person("P-2", "Mohamed", "Hasan", "GB", dates_of_birth=["1992"]),
        person("P-3", "Aleksandr", "Petrov", "UA", aliases=["Oleksandr Petrov"]),
        person("P-4", "Ion", "Popescu", "RO"),
        person("P-5", "Jan", "Kowalski", "PL"),
        person("P-6", "Sam", "Smith", "GB"),
        person("P-HUB", "Hub", "Central", "GB"),
        *[person(f"H-{n:03d}", "Spoke", f"Number{n:03d}", "GB") for n in range(1, HUB_SIZE + 1)],
    ]
    associations = [
        _assoc("AS-1", "family", "P-1", "P-2", since="2010-01-01", detail="cousin",
               source_evaluation="1", intelligence_assessment="A", handling_code="P"),
        _assoc("AS-2", "friend", "P-2", "P-3", since="2018-01-01", until="2020-12-31"),
        _assoc("AS-3", "phone_contact", "P-3", "P-4", since="2022-06-01",
               source_evaluation="3", intelligence_assessment="D", handling_code="P"),
        _assoc("AS-6", "friend", "P-6", "P-HUB"),
        *[_assoc(f"AS-H{n:03d}", "friend", "P-HUB", f"H-{n:03d}")
          for n in range(1, HUB_SIZE + 1)],
    ]
    write_records(driver, database, {
        "offence": [SOURCE.row(id="105/01", description="Common assault",
                               category="violence_against_the_person", chi_days=9.0),
                    SOURCE.row(id="008/01", description="Inflicting GBH without intent",
                               category="violence_against_the_person", chi_days=365.0)],
        "location": [SOURCE.row(id="L-1", kind="custody_suite", name="Brixton custody suite")],
        "organisation": [SOURCE.row(id="OR-1", name="Southside Boys", kind="street_gang",
                                    area="Lambeth")],
        "person": persons,
        "incident": [SOURCE.row(id="IN-1", occurred_at="2023-05-01T22:00:00Z", type="wounding",
                                description="Stabbing outside a club", location_id="L-1")],
        "flag": [SOURCE.row(id="FL-1", person_id="P-1", kind="high_harm", status="active",
                            reason="Serious violence", set_by="DS Clarke",
                            set_at="2024-01-02T09:00:00Z", review_date="2025-01-02")],
        "arrest": [SOURCE.row(id="AR-1", person_id="P-1", offence_ids=["008/01"],
                              arrested_at="2023-05-02T01:00:00Z", arresting_officer="PC 123",
                              outcome="nfa", custody_suite_id="L-1", incident_id="IN-1")],
        "conviction": [SOURCE.row(id="CV-1", person_id="P-1", offence_ids=["105/01"],
                                  convicted_on="2015-03-03", court="Camberwell Green MC",
                                  plea="guilty", disposal="fine", jurisdiction="GB",
                                  known_via="pnc")],
        "incident_role": [
            SOURCE.row(id="IR-1", person_id="P-1", incident_id="IN-1", role="suspect"),
            SOURCE.row(id="IR-2", person_id="P-2", incident_id="IN-1", role="victim",
                       cooperated=False),
        ],
        "association": associations,
        "membership": [
            SOURCE.row(id="ME-1", person_id="P-1", organisation_id="OR-1", role="member",
                       since="2019-01-01"),
            SOURCE.row(id="ME-2", person_id="P-5", organisation_id="OR-1", role="leader",
                       since="2017-01-01"),
        ],
    })
