"""A small synthetic network for the browser tests, written through the real write layer.

    centre P-B001 Marcus Adeyemi (high harm, warning: violence, weapons; member of OR-B1)
      FAMILY P-B002 (graded 1A)   PARTNER P-B003 (ungraded)   FRIEND P-B004 (graded 3D)
      PHONE_CONTACT P-B005 (2B)   SOCIAL_MEDIA P-B006         member of OR-B1 with P-B007
      P-B002 FRIEND P-B008, P-B004 FAMILY P-B009, P-B005 FRIEND P-B010
      P-B004 and P-B005 both know P-B011, who knows P-B012 (three hops from the centre by two
      shortest paths: B001-B004-B011-B012 and B001-B005-B011-B012)
      P-B006 is a hub: FRIEND of HUB_SIZE spokes P-S001.. (more than the API's fan-out cap)
    P-B020 Zofia Nowak stands alone (no associations).

`expected_ego(depth)` computes the ego network's node ids from the same rows, so the
tests compare the canvas with an answer worked out independently of the API.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from neo4j import Driver

from graph.records import write_records
from tests.support.factories import Source, grading

SOURCE = Source("test:browser", "PC 4711", "2024-05-01T09:00:00Z")
HUB_SIZE = 105
FANOUT = 100  # graph.explorer.network.ego_network's default fan-out per node
CENTRE = "P-B001"
TARGET = "P-B012"
LONER = "P-B020"


def _person(pid: str, given: str, family: str, **extra: Any) -> dict[str, Any]:
    return SOURCE.person(pid, given, family, gender="male",
                         nationalities=extra.pop("nationalities", ["GB"]),
                         immigration_status="british_citizen", **extra)


PEOPLE = [
    _person(CENTRE, "Marcus", "Adeyemi", aliases=["Marc Adeyemi", "Marcus Adeyemy"],
            dates_of_birth=["1992-03-14"], warning_markers=["violence", "weapons"],
            pnc_id="2012/0456789K", nationalities=["GB", "NG"]),
    _person("P-B002", "Tunde", "Adeyemi", dates_of_birth=["1989"]),
    _person("P-B003", "Chloe", "Barnes"),
    _person("P-B004", "Kyle", "Morrison", warning_markers=["drugs"]),
    _person("P-B005", "Dimitri", "Volkov", nationalities=["LT"]),
    _person("P-B006", "Jordan", "Price"),
    _person("P-B007", "Reece", "Campbell"),
    _person("P-B008", "Aisha", "Khan"),
    _person("P-B009", "Liam", "Morrison"),
    _person("P-B010", "Andrius", "Kazlauskas", nationalities=["LT"]),
    _person("P-B011", "Tyrone", "Walker"),
    _person(TARGET, "Nathan", "Okafor"),
    _person(LONER, "Zofia", "Nowak", nationalities=["PL"], dates_of_birth=["1985-07"]),
    *[_person(f"P-S{n:03d}", "Spoke", f"Follower{n:03d}") for n in range(1, HUB_SIZE + 1)],
]

ASSOCIATIONS = [
    SOURCE.row(id="AS-B01", kind="family", person_id=CENTRE, other_person_id="P-B002",
               since="1992-03-14", detail="brother", **grading("1A")),
    SOURCE.row(id="AS-B02", kind="partner", person_id=CENTRE, other_person_id="P-B003",
               since="2019-06-01"),
    SOURCE.row(id="AS-B03", kind="friend", person_id=CENTRE, other_person_id="P-B004",
               since="2015-01-01", **grading("3D")),
    SOURCE.row(id="AS-B04", kind="phone_contact", person_id=CENTRE, other_person_id="P-B005",
               since="2022-02-01", until="2023-08-31", **grading("2B")),
    SOURCE.row(id="AS-B05", kind="social_media", person_id=CENTRE, other_person_id="P-B006",
               since="2021-01-01"),
    SOURCE.row(id="AS-B06", kind="friend", person_id="P-B002", other_person_id="P-B008",
               **grading("2C")),
    SOURCE.row(id="AS-B07", kind="family", person_id="P-B004", other_person_id="P-B009",
               detail="cousin", **grading("1B")),
    SOURCE.row(id="AS-B08", kind="friend", person_id="P-B005", other_person_id="P-B010"),
    SOURCE.row(id="AS-B09", kind="friend", person_id="P-B004", other_person_id="P-B011",
               **grading("2B")),
    SOURCE.row(id="AS-B10", kind="phone_contact", person_id="P-B005", other_person_id="P-B011",
               **grading("2B")),
    SOURCE.row(id="AS-B11", kind="friend", person_id="P-B011", other_person_id=TARGET,
               **grading("2B")),
    *[SOURCE.row(id=f"AS-S{n:03d}", kind="friend", person_id="P-B006",
                 other_person_id=f"P-S{n:03d}") for n in range(1, HUB_SIZE + 1)],
]

MEMBERSHIPS = [
    SOURCE.row(id="ME-B1", person_id=CENTRE, organisation_id="OR-B1", role="member",
               since="2018-01-01", **grading("2B")),
    SOURCE.row(id="ME-B2", person_id="P-B007", organisation_id="OR-B1", role="leader",
               since="2016-01-01"),
]


def seed(driver: Driver, database: str) -> None:
    write_records(driver, database, {
        "offence": [SOURCE.row(id="008/01", description="Inflicting GBH without intent",
                               category="violence_against_the_person", chi_days=365.0),
                    SOURCE.row(id="092/01", description="Possession of a bladed article",
                               category="possession_of_weapons", chi_days=30.0)],
        "location": [SOURCE.row(id="L-B1", kind="custody_suite", name="Brixton custody suite")],
        "organisation": [SOURCE.row(id="OR-B1", name="Coldharbour Crew", kind="street_gang",
                                    area="Lambeth")],
        "person": PEOPLE,
        "incident": [SOURCE.row(id="IN-B1", occurred_at="2023-05-01T22:00:00Z", type="stabbing",
                                description="Stabbing outside a club", location_id="L-B1")],
        "flag": [SOURCE.row(id="FL-B1", person_id=CENTRE, kind="high_harm",
                            reason="Serious violence", set_by="DS Clarke",
                            set_at="2024-01-02T09:00:00Z",
                            review_date="2025-01-02")],
        "arrest": [SOURCE.row(id="AR-B1", person_id=CENTRE, offence_ids=["008/01"],
                              arrested_at="2023-05-02T01:00:00Z", arresting_officer="PC 123",
                              outcome="charged", custody_suite_id="L-B1", incident_id="IN-B1")],
        "conviction": [SOURCE.row(id="CV-B1", person_id=CENTRE, offence_ids=["092/01"],
                                  convicted_on="2016-09-12", court="Inner London Crown Court",
                                  plea="guilty", disposal="immediate_custody", disposal_months=18,
                                  jurisdiction="GB", known_via="pnc")],
        "incident_role": [SOURCE.row(id="IR-B1", person_id=CENTRE, incident_id="IN-B1",
                                     role="suspect")],
        "association": ASSOCIATIONS,
        "membership": MEMBERSHIPS,
    })


def expected_ego(depth: int = 2) -> set[str]:
    """Node ids of the centre's ego network within `depth` hops, fan-out cap applied as the
    API applies it (each node contributes its first FANOUT neighbours by id)."""
    adjacency: dict[str, set[str]] = {}
    links = [(a["person_id"], a["other_person_id"]) for a in ASSOCIATIONS]
    links += [(m["person_id"], m["organisation_id"]) for m in MEMBERSHIPS]
    for a, b in links:
        adjacency.setdefault(a, set()).add(b)
        adjacency.setdefault(b, set()).add(a)
    seen = {CENTRE}
    frontier = deque([CENTRE])
    for _ in range(depth):
        found: list[str] = []
        for node in frontier:
            found += sorted(adjacency.get(node, ()))[:FANOUT]
        frontier = deque(n for n in dict.fromkeys(found) if n not in seen)
        seen.update(frontier)
    return seen
