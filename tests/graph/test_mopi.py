"""MOPI groups and review dates computed, not supplied (graph/reviews/mopi.py): the rules
as pure functions, and the write layer applying them in the writer's transaction,
recomputing when a record changes, keeping a date only a review set."""

from __future__ import annotations

from datetime import date
from typing import Any

from neo4j import Driver

from graph.db.settings import Neo4jConnection
from graph.records import write_records
from graph.reviews import events as review_events
from graph.reviews import mopi
from tests.support.factories import make, make_arrest, make_person, row


def _stored(db: Driver, label: str, record_id: str) -> dict[str, Any]:
    records, _, _ = db.execute_query(
        f"MATCH (n:{label} {{id: $id}}) RETURN n.mopi_group AS group, "
        "n.review_date AS date, n.review_date_basis AS basis", id=record_id)
    found = dict(records[0])
    found["date"] = found["date"].to_native() if found["date"] else None
    return found


def test_the_rules_give_each_group_its_review_date() -> None:
    nfa = mopi.Facts("arrest", (date(2020, 3, 1),))
    assert mopi.group_of(nfa) == mopi.OTHER
    assert mopi.review_date_of(nfa, mopi.OTHER) == date(2026, 3, 1)
    fined = mopi.Facts("person", (date(2018, 1, 1), date(2021, 5, 5)),
                       (mopi.Conviction(date(2019, 2, 2), False),))
    assert mopi.group_of(fined) == mopi.OFFENDING
    assert mopi.review_date_of(fined, mopi.OFFENDING) == date(2031, 5, 5)  # 10 years clear
    serious = mopi.Facts("person", (date(2015, 6, 1),),
                         (mopi.Conviction(date(2015, 6, 1), True),), born=date(1950, 1, 1))
    assert mopi.group_of(serious) == mopi.PUBLIC_PROTECTION
    assert mopi.review_date_of(serious, mopi.PUBLIC_PROTECTION) == date(2025, 6, 1)
    old = mopi.Facts("person", (date(2045, 6, 1),), high_harm=True, born=date(1950, 1, 1))
    assert mopi.review_date_of(old, mopi.group_of(old)) == date(2050, 1, 1)  # aged 100
    intel = mopi.Facts("intelligence_report", (date(2022, 2, 28),),
                       (mopi.Conviction(date(2020, 1, 1), True),))
    assert mopi.group_of(intel) == mopi.OTHER
    assert mopi.review_date_of(mopi.Facts("arrest", ()), mopi.OTHER) is None
    assert mopi.public_protection([{"category": "sexual_offences", "chi_days": 10}])
    assert mopi.public_protection([{"category": "robbery", "chi_days": 365}])
    assert not mopi.public_protection([{"category": "violence_against_the_person",
                                        "chi_days": 9}])
    assert mopi.born(["1990", "1988-07", "bad"]) == date(1988, 7, 1)


def test_writes_compute_groups_and_dates_and_recompute_on_change(
        db: Driver) -> None:
    person = make_person(db, dates_of_birth=["1990-04-12"])
    # A supplied date the source does not say a review set is replaced.
    arrest = make_arrest(db, person_id=person["id"], outcome="charged",
                         arrested_at="2020-03-01T01:00:00Z", review_date="2099-01-01")
    assert _stored(db, "Arrest", arrest["id"]) == {
        "group": 3, "date": date(2026, 3, 1), "basis": "computed"}
    assert _stored(db, "Person", person["id"])["group"] == 3
    gbh = make(db, "offence", id="008/01", category="violence_against_the_person",
               chi_days=365.0)
    charge = make(db, "charge", person_id=person["id"], arrest_id=arrest["id"],
                  offence_ids=[gbh["id"]])
    make(db, "conviction", person_id=person["id"], charge_id=charge["id"],
         offence_ids=[gbh["id"]], convicted_on="2021-01-15")
    # The conviction changed what the arrest and the person are: public protection.
    assert _stored(db, "Arrest", arrest["id"]) == {
        "group": 1, "date": date(2030, 3, 1), "basis": "computed"}
    assert _stored(db, "Person", person["id"])["group"] == 1
    report = make(db, "intelligence_report", mentions_person_ids=[person["id"]],
                  reported_at="2022-01-01T10:00:00Z")
    assert _stored(db, "IntelligenceReport", report["id"])["group"] == 3
    flag = make(db, "flag", person_id=person["id"])
    assert _stored(db, "Flag", flag["id"])["group"] == 1
    assert _stored(db, "Flag", flag["id"])["date"] == date(2024, 9, 1)  # its events own it


def test_a_date_set_by_a_review_is_kept(db: Driver,
                                       neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    said = make_person(db, review_date="2031-02-03", review_date_basis="review")
    assert _stored(db, "Person", said["id"]) == {
        "group": 3, "date": date(2031, 2, 3), "basis": "review"}
    # Re-imported without saying so: computed again.
    write_records(db, database, {"person": [{**said, "review_date_basis": None}]})
    assert _stored(db, "Person", said["id"])["basis"] == "computed"
    # A recorded MOPI review owns the date from then on, whatever a later row says.
    reviewed = make_person(db)
    listed = _stored(db, "Person", reviewed["id"])["date"]
    review_events.record_review(db, database, "person", reviewed["id"], "retain",
                                "still needed", date(2033, 3, 3), "DI 7",
                                expected_review_date=listed)
    write_records(db, database, {"person": [row("person", id=reviewed["id"],
                                                family_name="Renamed")]})
    assert _stored(db, "Person", reviewed["id"])["date"] == date(2033, 3, 3)
