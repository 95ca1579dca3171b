"""The one row builder of the tests: record rows and records in the real test graph.

`row(kind, **overrides)` builds a valid row of any kind (synthetic, deterministic ids);
`make(db, kind, **overrides)` writes one through the real write layer and returns the
row. Referenced records that are not given are made too, so `make_arrest(db)` works
alone. Colleagues: reuse these rather than writing Cypher in tests.

Hand-built graphs whose every field the tests spell out (tests/support/api_graph.py, the
browser seed, ...) use a `Source` instead: `Source("test:x", "PC 1").row(id=..., ...)` is
exactly the fields given plus that provenance, with no defaults filled in.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from neo4j import Driver

from graph.db.settings import load_settings
from graph.records import write_records

RECORDED_AT = "2024-05-01T09:30:00Z"
_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


def provenance(**overrides: Any) -> dict[str, Any]:
    return {"source": "test:factory", "recorded_by": "PC 1234", "recorded_at": RECORDED_AT,
            **overrides}


def recorded_on(day: str, time: str = "10:00:00") -> str:
    """An ISO timestamp (UTC) on `day` at `time`."""
    return f"{day}T{time}Z"


def grading(code: str, handling_code: str = "P", **conditions: str) -> dict[str, str]:
    """The 3x5x2 grading of a graded row from a code like "2B": evaluation, assessment."""
    return {"source_evaluation": code[0], "intelligence_assessment": code[1],
            "handling_code": handling_code, **conditions}


@dataclass(frozen=True)
class Source:
    """One provenance shared by the rows of a hand-built graph."""

    source: str = "test:factory"
    recorded_by: str = "PC 1234"
    recorded_at: str = RECORDED_AT

    @property
    def provenance(self) -> dict[str, str]:
        return provenance(source=self.source, recorded_by=self.recorded_by,
                          recorded_at=self.recorded_at)

    def row(self, **fields: Any) -> dict[str, Any]:
        """Exactly `fields` plus this provenance (a field given wins)."""
        return {**self.provenance, **fields}

    def on(self, day: str, **fields: Any) -> dict[str, Any]:
        """`row`, recorded at 10:00 on `day` (a history's records are dated)."""
        return self.row(recorded_at=recorded_on(day), **fields)

    def person(self, person_id: str, given_names: str, family_name: str, *,
               on: str | None = None, **fields: Any) -> dict[str, Any]:
        """A person row, recorded `on` a day if given."""
        named = {"id": person_id, "given_names": given_names, "family_name": family_name}
        return self.on(on, **named, **fields) if on else self.row(**named, **fields)


def check_connector(against: str, by: str, at: str) -> Source:
    """The provenance a run of checks gives its check rows (graph/checks/store.py): the
    connector of the source checked against, and the officer who ran it."""
    return Source(f"Check connector ({against})", by, at)


_DEFAULTS: dict[str, Any] = {
    "offence": lambda n: {"id": f"{n % 1000:03d}/{n // 1000 % 100:02d}",
                          "description": "Wounding with intent", "category":
                          "violence_against_the_person", "chi_days": 1095.0},
    "location": lambda n: {"id": f"L-{n}", "kind": "address", "name": f"{n} Test Street",
                           "address_line": f"{n} Test Street, London", "postcode": "E1 6AN",
                           "borough": "Tower Hamlets", "latitude": 51.52, "longitude": -0.07},
    "vehicle": lambda n: {"id": f"V-{n}", "vrm": f"AB{n:02d} CDE", "make": "Ford",
                          "model": "Focus", "colour": "blue"},
    "phone": lambda n: {"id": f"PH-{n}", "number": f"+447700{n:06d}"},
    "organisation": lambda n: {"id": f"OR-{n}", "name": f"Test Crew {n}",
                               "kind": "street_gang", "area": "Hackney"},
    "person": lambda n: {"id": f"P-{n}", "given_names": "Alex", "family_name": f"Tester{n}",
                         "aliases": [f"Alec Tester{n}"], "dates_of_birth": ["1990-04-12"],
                         "gender": "male", "nationalities": ["GB"],
                         "immigration_status": "british_citizen"},
    "incident": lambda n: {"id": f"IN-{n}", "occurred_at": "2024-02-01T22:15:00Z",
                           "type": "stabbing", "description": "Stabbing outside a bar"},
    "warrant": lambda n: {"id": f"WA-{n}", "kind": "european_arrest_warrant",
                          "issuing_country": "PL", "reference": f"EAW/{n}",
                          "offence_description": "Robbery", "issued_on": "2023-06-01",
                          "status": "active"},
    "flag": lambda n: {"id": f"FL-{n}", "kind": "high_harm", "reason": "Serious violence",
                       "set_by": "DS 42", "set_at": "2024-03-01T10:00:00Z",
                       "review_date": "2024-09-01"},
    "flag_event": lambda n: {"id": f"FE-{n}", "action": "reviewed",
                             "at": "2024-04-01T10:00:00Z", "by": "DI 7",
                             "reason": "Still relevant", "next_review_date": "2024-12-01"},
    "flag_challenge": lambda n: {"id": f"FC-{n}", "raised_by": "representative",
                                 "raised_by_detail": "Okafor & Co solicitors",
                                 "grounds": "The arrest ended in no further action",
                                 "raised_at": "2024-05-01T10:00:00Z", "status": "open"},
    "arrest": lambda n: {"id": f"AR-{n}", "arrested_at": "2024-02-02T01:00:00Z",
                         "arresting_officer": "PC 1234", "outcome": "charged"},
    "charge": lambda n: {"id": f"CH-{n}", "charged_at": "2024-02-03T12:00:00Z",
                         "status": "pending"},
    "conviction": lambda n: {"id": f"CV-{n}", "convicted_on": "2024-04-10",
                             "court": "Snaresbrook Crown Court", "plea": "guilty",
                             "disposal": "immediate_custody", "disposal_months": 36,
                             "jurisdiction": "GB", "known_via": "pnc"},
    "incident_role": lambda n: {"id": f"IR-{n}", "role": "suspect"},
    "association": lambda n: {"id": f"AS-{n}", "kind": "friend", "since": "2020-01-01"},
    "membership": lambda n: {"id": f"ME-{n}", "role": "member", "since": "2021-01-01"},
    "lives_at": lambda n: {"id": f"LA-{n}", "since": "2019-01-01"},
    "uses_vehicle": lambda n: {"id": f"UV-{n}"},
    "uses_phone": lambda n: {"id": f"UP-{n}"},
    "intelligence_report": lambda n: {"id": f"IT-{n}", "reported_at": "2024-03-05T08:00:00Z",
                                      "summary": "Seen carrying a knife",
                                      "source_evaluation": "2",
                                      "intelligence_assessment": "B", "handling_code": "P"},
    "check": lambda n: {"id": f"CK-{n}", "kind": "wanted_abroad", "against": "SIS_II",
                        "checked_by": "DC 9", "checked_at": "2024-02-02T02:00:00Z",
                        "result": "no_match"},
}

# Reference fields a factory fills by making the referenced record: field -> kind.
_NEEDS: dict[str, dict[str, str]] = {
    "warrant": {"person_id": "person"}, "flag": {"person_id": "person"},
    "flag_event": {"flag_id": "flag"}, "flag_challenge": {"flag_id": "flag"},
    "arrest": {"person_id": "person", "offence_ids": "offence"},
    "charge": {"person_id": "person", "offence_ids": "offence"},
    "conviction": {"person_id": "person", "offence_ids": "offence"},
    "incident_role": {"person_id": "person", "incident_id": "incident"},
    "association": {"person_id": "person", "other_person_id": "person"},
    "membership": {"person_id": "person", "organisation_id": "organisation"},
    "lives_at": {"person_id": "person", "location_id": "location"},
    "uses_vehicle": {"person_id": "person", "vehicle_id": "vehicle"},
    "uses_phone": {"person_id": "person", "phone_id": "phone"},
    "check": {"person_id": "person"},
}


def row(record_kind: str, /, **overrides: Any) -> dict[str, Any]:
    """A valid row of `record_kind` (references left to the caller or to `make`)."""
    return {**provenance(), **_DEFAULTS[record_kind](_n()), **overrides}


def database() -> str:
    """The database the test fixtures use (conftest resolves it the same way)."""
    return load_settings().neo4j_database


def make(db: Driver, record_kind: str, /, **overrides: Any) -> dict[str, Any]:
    """Write one record (making any referenced record not given); return its row."""
    data = row(record_kind, **overrides)
    for field, ref_kind in _NEEDS.get(record_kind, {}).items():
        if field not in data:
            made = make(db, ref_kind)["id"]
            data[field] = [made] if field.endswith("_ids") else made
    write_records(db, database(), {record_kind: [data]})
    return data


def make_person(db: Driver, **overrides: Any) -> dict[str, Any]:
    return make(db, "person", **overrides)


def make_offence(db: Driver, **overrides: Any) -> dict[str, Any]:
    return make(db, "offence", **overrides)


def make_incident(db: Driver, **overrides: Any) -> dict[str, Any]:
    return make(db, "incident", **overrides)


def make_arrest(db: Driver, **overrides: Any) -> dict[str, Any]:
    return make(db, "arrest", **overrides)


def make_flag(db: Driver, **overrides: Any) -> dict[str, Any]:
    return make(db, "flag", **overrides)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)
