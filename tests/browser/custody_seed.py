"""Additions to the browser seed (tests/browser/seed.py) for the custody and screening pages.

Zofia Nowak (P-B020) gets an active European arrest warrant, so a candidate can carry a
warrant; Marcus Adeyemi (P-B001) already has a high-harm flag, warning markers and a
conviction. Written through the real write layer, after `seed.seed`.
"""

from __future__ import annotations

from neo4j import Driver

from graph.records import write_records
from tests.browser import seed

WARRANT = {
    "id": "WA-C1", "person_id": seed.LONER, "kind": "european_arrest_warrant",
    "issuing_country": "PL", "reference": "EAW/PL/2023/0142",
    "offence_description": "Aggravated burglary", "issued_on": "2023-02-10",
    "status": "active", **seed.PROV,
}


def add(driver: Driver, database: str) -> None:
    write_records(driver, database, {"warrant": [WARRANT]})
