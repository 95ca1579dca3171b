"""Search by what an officer types: exact identifiers and dates of birth first, then
names; nationality by name or code; paging through every hit (graph/explorer/people.py)."""

from __future__ import annotations

import pytest
from neo4j import Driver

from graph.db.settings import Neo4jConnection
from graph.explorer.people import search_people
from graph.identity.countries import country_code
from graph.records import write_records
from tests.support.factories import Source

SOURCE = Source("test:search", "PC 1")
PEOPLE = [
    SOURCE.row(id="P-000123", given_names="Arben", family_name="Hoxha", nationalities=["AL"],
               dates_of_birth=["1991-04-12"], pnc_id="2015/0123456K", cro_number="12345/15V",
               ho_reference="H1234567", passports=["AL:BA1234567"]),
    # Namesakes and a man born the same day, so an exact hit has company to be ranked above.
    *[SOURCE.row(id=f"P-0005{n:02d}", given_names="Arben", family_name=f"Hoxha{n}",
                 nationalities=["AL" if n % 2 else "GB"], dates_of_birth=["1980-01-01"])
      for n in range(25)],
    SOURCE.row(id="P-000124", given_names="Tom", family_name="Reed", nationalities=["GB"],
               dates_of_birth=["1991-04-12"]),
    SOURCE.row(id="P-000125", given_names="Ann", family_name="Reed", nationalities=["GB"],
               dates_of_birth=["1991"]),
]


@pytest.fixture
def people(db: Driver, neo4j_connection: Neo4jConnection) -> tuple[Driver, str]:
    write_records(db, neo4j_connection.database, {"person": PEOPLE})
    return db, neo4j_connection.database


@pytest.mark.parametrize("typed, matched", [
    ("P-000123", "id"), ("p-000123", "id"), ("2015/0123456K", "pnc_id"),
    ("2015/0123456k", "pnc_id"), ("12345/15V", "cro_number"), ("H1234567", "ho_reference"),
    ("BA1234567", "passport"), ("AL:BA1234567", "passport"),
])
def test_an_exact_identifier_finds_the_one_person(people: tuple[Driver, str], typed: str,
                                                  matched: str) -> None:
    total, hits = search_people(*people, typed)
    assert total == 1
    assert [(person["id"], how) for person, _, how in hits] == [("P-000123", matched)]


def test_a_date_of_birth_typed_as_the_query_lists_who_was_born_then(
        people: tuple[Driver, str]) -> None:
    for typed in ("1991-04-12", "12/04/1991"):
        total, hits = search_people(*people, typed)
        # Ann Reed's "1991" is a year only: it may be that day, so she is listed too.
        assert {p["id"] for p, _, _ in hits} == {"P-000123", "P-000124", "P-000125"}
        assert total == 3 and {how for _, _, how in hits} == {"date_of_birth"}


def test_an_empty_query_with_a_date_of_birth_filter_lists_who_was_born_then(
        people: tuple[Driver, str]) -> None:
    total, hits = search_people(*people, "", dob="1991-04", nationality="GB")
    assert total == 2 and {p["id"] for p, _, _ in hits} == {"P-000124", "P-000125"}
    assert search_people(*people, "") == (0, [])


def test_names_page_through_every_hit_without_repeats(people: tuple[Driver, str]) -> None:
    seen: list[str] = []
    skip, total = 0, None
    while True:
        total, hits = search_people(*people, "Arben Hoxha", first=10, skip=skip)
        if not hits:
            break
        scores = [score for _, score, _ in hits]
        assert scores == sorted(scores, reverse=True)
        seen += [person["id"] for person, _, _ in hits]
        skip += 10
    assert total == 26 and len(seen) == 26 and len(set(seen)) == 26


def test_nationality_filter(people: tuple[Driver, str]) -> None:
    total, hits = search_people(*people, "Arben Hoxha", nationality="AL", first=100)
    assert total == 13 and all("AL" in p["nationalities"] for p, _, _ in hits)


@pytest.mark.parametrize("typed, code", [
    ("Albania", "AL"), ("albania", "AL"), ("AL", "AL"), ("al", "AL"), ("ALB", "AL"),
    ("United Kingdom", "GB"), ("UK", "GB"), ("Türkiye", "TR"), ("Turkey", "TR"),
    ("cote d'ivoire", "CI"), ("Narnia", None), ("", None),
])
def test_country_code_takes_names_and_codes(typed: str, code: str | None) -> None:
    assert country_code(typed) == code
