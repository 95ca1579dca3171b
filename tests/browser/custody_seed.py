"""Additions to the browser seed (tests/browser/seed.py) for the custody and screening pages.

Zofia Nowak (P-B020) gets an active European arrest warrant, so a candidate can carry a
warrant; Marcus Adeyemi (P-B001) already has a high-harm flag, warning markers and a
conviction; checks were run for him three days ago (`EARLIER_RUN`: Interpol MATCH, HO CID
FAILED), as the "Earlier checks" panel lists them. Written through the real write layer,
after `seed.seed`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j import Driver

from graph.records import write_records
from tests.browser import seed
from tests.support.factories import check_connector

WARRANT = seed.SOURCE.row(
    id="WA-C1", person_id=seed.LONER, kind="european_arrest_warrant", issuing_country="PL",
    reference="EAW/PL/2023/0142", offence_description="Aggravated burglary",
    issued_on="2023-02-10", status="active")


EARLIER_RUN = "RUN-B001EARLIER"
EARLIER_BY = "pc-archer"
# (kind, source, result, detail) of the run three days ago, as runChecks stores them.
EARLIER_CHECKS = [
    ("wanted_abroad", "SIS_II", "no_match", "No trace on SIS II"),
    ("wanted_abroad", "INTERPOL_I24_7", "match",
     "WANTED: 1 Interpol diffusion on Interpol I-24/7: ID/NG/2022/0077 (NG: fraud)"),
    ("foreign_convictions", "ECRIS", "no_match", "No trace on ECRIS"),
    ("immigration_status", "HO_CID", "failed", "failed: no answer within 5s (timed out)"),
    ("fingerprints", "IDENT1", "match", "Prints on IDENT1: PNC ID 2012/0456789K"),
]


def earlier_run_at(now: dt.datetime) -> dt.datetime:
    """Three days and an hour before `now`, to the second."""
    return (now - dt.timedelta(days=3, hours=1)).replace(microsecond=0)


def earlier_checks(at: dt.datetime) -> list[dict[str, Any]]:
    done = (at + dt.timedelta(seconds=5)).isoformat()
    return [check_connector(against, EARLIER_BY, done).row(
                id=f"CK-B001E-{against}", person_id=seed.CENTRE, kind=kind, against=against,
                checked_by=EARLIER_BY, checked_at=at.isoformat(), result=result,
                detail=detail, run_id=EARLIER_RUN, attempts=1, completed_at=done)
            for kind, against, result, detail in EARLIER_CHECKS]


def add(driver: Driver, database: str) -> dt.datetime:
    """Write the additions; returns when the earlier run started."""
    at = earlier_run_at(dt.datetime.now(dt.UTC))
    write_records(driver, database, {"warrant": [WARRANT], "check": earlier_checks(at)})
    return at
