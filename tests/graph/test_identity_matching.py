"""Matching a claimed identity: the scorer, blocking in Neo4j, ranking and the API."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from graph.identity.compare import MONIKER_M_U, Identity, compare, identity_of, is_moniker

RECORDED = Identity(
    given_names="Mohammed Ali", family_name="Khan", aliases=["Muhammad Khan"],
    dates_of_birth=["1990-05-03"], nationalities=["PK"], passports=["PK:AB1234567"],
    pnc_id="2019/0123456X",
)


def _field(comparison, name):
    return next(f for f in comparison.fields if f.field == name)


# --- the scorer (no database) -------------------------------------------------------------

def test_identical_identity_is_strong_and_every_field_exact():
    result = compare(RECORDED, RECORDED)
    assert result.band == "strong" and result.score > 0.999
    for name in ("family_name", "given_names", "date_of_birth", "nationality", "passport",
                 "pnc_id"):
        assert _field(result, name).outcome == "exact", name


def test_spelling_variant_and_transposed_date_are_explained():
    claim = Identity("Muhamad", "Khan", dates_of_birth=["1990-03-05"], nationalities=["PAK"])
    result = compare(claim, RECORDED)
    assert result.band == "strong"
    given = _field(result, "given_names")
    assert given.outcome == "variant" and given.weight > 0
    assert "phonetic" in given.explanation or "spelling" in given.explanation
    dob = _field(result, "date_of_birth")
    assert (dob.outcome, dob.explanation) == ("variant", "day and month transposed")
    assert _field(result, "nationality").outcome == "exact"      # alpha-3 PAK == PK


def test_swapped_names_and_close_year():
    claim = Identity("Khan", "Mohammed Ali", dates_of_birth=["1991-05-03"])
    result = compare(claim, RECORDED)
    family = _field(result, "family_name")
    assert family.outcome == "variant" and "swapped" in family.explanation
    assert _field(result, "date_of_birth").explanation == "year differs by 1"
    assert result.band == "strong"


def test_transliteration_from_cyrillic():
    claim = Identity("Олександр", "Шевченко", dates_of_birth=["1990-01-02"])
    result = compare(claim, Identity("Oleksandr", "Shevchenko", dates_of_birth=["1990-01-02"]))
    assert _field(result, "family_name").explanation == "same after transliteration"
    assert result.band == "strong"


def test_same_name_different_birth_date_is_weak():
    result = compare(Identity("Mohammed Ali", "Khan", dates_of_birth=["1975-11-20"]),
                     RECORDED)
    assert _field(result, "date_of_birth").outcome == "differs"
    assert result.band == "weak"


def test_different_person_is_weak_and_weights_are_negative():
    result = compare(Identity("John", "Smith", dates_of_birth=["1961-02-14"],
                              nationalities=["GB"]), RECORDED)
    assert result.band == "weak" and result.score < 0.01
    assert all(f.weight < 0 for f in result.fields if f.outcome == "differs")


def test_year_only_is_a_close_date():
    result = compare(Identity("Mohammed Ali", "Khan", dates_of_birth=["1990"]), RECORDED)
    dob = _field(result, "date_of_birth")
    assert (dob.outcome, dob.explanation) == ("close", "year only")
    assert result.score > compare(Identity("Mohammed Ali", "Khan"), RECORDED).score


def test_fingerprint_identification_outweighs_false_names():
    claim = Identity("Peter", "Jones", dates_of_birth=["1970-01-01"],
                     fingerprint_ref="2019/0123456x")
    result = compare(claim, RECORDED)
    assert _field(result, "fingerprint").outcome == "exact"
    assert result.band == "strong"
    other = compare(Identity("Mohammed Ali", "Khan", dates_of_birth=["1990-05-03"],
                             fingerprint_ref="2001/0000001A"), RECORDED)
    assert _field(other, "fingerprint").outcome == "differs"
    assert other.band == "weak"


def test_shared_passport_number_alone_is_near_conclusive():
    result = compare(Identity("", "Kahn", passports=["AB1234567"]), RECORDED)
    assert _field(result, "passport").outcome == "exact"
    assert result.band == "strong"


def test_alias_is_used_and_named():
    claim = Identity("Muhammad", "Khan", dates_of_birth=["1990-05-03"])
    given = _field(compare(claim, RECORDED), "given_names")
    assert given.outcome == "exact" and "alias 'Muhammad Khan'" in given.explanation


def test_missing_fields_carry_no_weight():
    result = compare(Identity("", "Khan"), RECORDED)
    assert _field(result, "given_names").outcome == "missing"
    assert all(f.weight == 0 for f in result.fields if f.outcome == "missing")


def test_identity_of_reads_person_properties():
    record = {"id": "P-1", "given_names": "Ana", "family_name": "Pop", "aliases": None,
              "dates_of_birth": ["1988-02-03"], "nationalities": ["RO"],
              "passports": ["RO:A1234567"], "pnc_id": None, "cro_number": "1234/19K",
              "ho_reference": "B1234567", "full_name": "Ana Pop"}
    identity = identity_of(record)
    assert identity.aliases == () and identity.passports == ("RO:A1234567",)
    assert identity.cro_number == "1234/19K" and identity.ho_reference == "B1234567"
    assert compare(identity, identity).band == "strong"


@pytest.mark.parametrize("alias,moniker", [
    ("Lil T", True), ("Big Man", True), ("J Smith", True), ("Zhang Wei", False),
    ("Li Na", False), ("Ghost", False), ("Abdul Rahman Khan", False),
])
def test_street_names_are_told_from_names(alias, moniker):
    assert is_moniker(alias) is moniker


def test_a_shared_street_name_is_weak_evidence_but_still_finds_its_person():
    joyce = Identity("William", "Joyce", aliases=["Big Man"], dates_of_birth=["1991-10-10"],
                     nationalities=["GB"])
    other = Identity("Howard", "Nicholson", aliases=["Big Man"],
                     dates_of_birth=["1991-10-17"], nationalities=["GB"])
    shared = compare(joyce, other)
    names = [_field(shared, "family_name"), _field(shared, "given_names")]
    assert all("street name" in f.explanation for f in names)
    assert 0 < sum(f.weight for f in names) <= math.log2(MONIKER_M_U[0] / MONIKER_M_U[1]) + 0.01
    assert shared.band == "weak"
    # A real two-word alias keeps its full weight: the same pair sharing "Cumar Jaamac".
    real = compare(replace(joyce, aliases=("Cumar Jaamac",)),
                   replace(other, aliases=("Cumar Jaamac",)))
    assert real.band == "strong"
    # Told the street name and the date of birth, the custody desk still finds the person.
    told = compare(Identity("Big", "Man", dates_of_birth=["1991-10-10"]), joyce)
    assert told.band != "weak" and told.score > compare(
        Identity("Big", "Man", dates_of_birth=["1991-10-10"]), other).score


@pytest.mark.parametrize("claimed,recorded,outcome", [
    ("Abdulrahman", "Abdul Rahman", "variant"),
    ("Aleksandr", "Alexandr", "variant"),
    ("Jon", "Jonathan", "close"),
    ("Zhang", "Wei", "differs"),
])
def test_name_levels(claimed, recorded, outcome):
    result = compare(Identity(claimed, "Test"), Identity(recorded, "Test"))
    assert _field(result, "given_names").outcome == outcome


# --- blocking and ranking in the real graph -----------------------------------------------

from neo4j import Driver  # noqa: E402

from graph.identity.evaluation import build_cases, evaluate, load_persons  # noqa: E402
from graph.identity.matching import MIN_SCORE, match_many, match_person  # noqa: E402
from graph.identity.summary import risk_summaries  # noqa: E402
from synthetic.city import DemoData, load_demo  # noqa: E402
from tests.support.factories import database, make, make_person  # noqa: E402


def _people(db: Driver) -> None:
    make_person(db, id="P-1", given_names="Mohammed Ali", family_name="Khan",
                aliases=["Muhammad Khan"], dates_of_birth=["1990-05-03"],
                nationalities=["PK"], passports=["PK:AB1234567"], pnc_id="2019/0123456X")
    make_person(db, id="P-2", given_names="Mohammed", family_name="Khan", aliases=[],
                dates_of_birth=["1972-11-30"], nationalities=["GB"])
    make_person(db, id="P-3", given_names="Wei", family_name="Zhang", aliases=["Zhang Wei"],
                dates_of_birth=["1985-02-07"], nationalities=["CN"], ho_reference="B1234567")
    for n in range(4, 40):      # a crowd of Khans born the same year, all other given names
        make_person(db, id=f"P-{n}", given_names=f"Tariq{chr(64 + n % 26)}",
                    family_name="Khan", aliases=[], dates_of_birth=[f"1990-01-{n % 28 + 1:02d}"],
                    nationalities=["PK"])


def test_match_ranks_the_true_person_first_with_explanations(db: Driver):
    _people(db)
    matches = match_person(db, database(), Identity("Muhamad", "Khan",
                                                    dates_of_birth=["1990-03-05"]))
    assert matches[0].person_id == "P-1" and matches[0].comparison.band == "strong"
    assert all(m.comparison.score >= MIN_SCORE for m in matches)
    # Blocking found the namesake and the crowd of Khans; they are ranked, lower.
    everyone = match_person(db, database(), Identity("Muhamad", "Khan",
                                                     dates_of_birth=["1990-03-05"]),
                            first=50, min_score=0.0)
    assert {"P-1", "P-2", "P-4"} <= {m.person_id for m in everyone}
    scores = [m.comparison.log2_odds for m in everyone]
    assert scores == sorted(scores, reverse=True) and everyone[0].person_id == "P-1"


def test_identifier_blocks_find_people_whatever_the_name(db: Driver):
    _people(db)
    by_finger = match_person(db, database(), Identity("", "Nobody",
                                                      fingerprint_ref="2019/0123456X"))
    assert by_finger[0].person_id == "P-1" and by_finger[0].comparison.band == "strong"
    by_passport = match_person(db, database(), Identity("", "Nobody",
                                                        passports=["AB1234567"]))
    assert by_passport[0].person_id == "P-1"
    by_ho = match_person(db, database(), Identity("", "Zzyzx", ho_reference="b1234567"))
    assert by_ho[0].person_id == "P-3"


def test_swapped_names_are_found(db: Driver):
    _people(db)
    matches = match_person(db, database(), Identity("Zhang", "Wei",
                                                    dates_of_birth=["1985-02-07"]))
    assert matches[0].person_id == "P-3" and matches[0].comparison.band == "strong"


def test_nobody_in_the_graph_gives_no_candidate_above_weak(db: Driver):
    _people(db)
    claims = {"a": Identity("Olga", "Petrenko", dates_of_birth=["1961-06-06"]),
              "b": Identity("Mohammed", "Khan", dates_of_birth=["2004-08-19"])}
    found = match_many(db, database(), claims, first=5)
    assert found["a"] == []
    assert all(m.comparison.band == "weak" for m in found["b"])


def test_risk_summary_counts_flags_convictions_abroad_and_warrants(db: Driver):
    _people(db)
    make(db, "flag", person_id="P-1")
    make(db, "warrant", person_id="P-1", status="active", kind="european_arrest_warrant")
    make(db, "warrant", person_id="P-1", status="executed")
    make(db, "conviction", person_id="P-1", jurisdiction="PL", known_via="ecris")
    make(db, "conviction", person_id="P-1", jurisdiction="GB", known_via="pnc")
    make(db, "arrest", person_id="P-1", arrested_at="2024-02-02T01:00:00Z")
    summary = risk_summaries(db, database(), ["P-1", "P-2"])
    one, two = summary["P-1"], summary["P-2"]
    assert (one.active_flags, one.convictions, one.foreign_convictions) == (1, 2, 1)
    assert [w["status"] for w in one.active_warrants] == ["active"]
    assert one.last_arrested_at is not None and one.level() == "high"
    assert "1 conviction(s) abroad" in one.reasons()
    assert (two.active_flags, two.convictions, two.active_warrants, two.level()) == (
        0, 0, [], "low")


def test_matching_precision_and_recall_on_a_seeded_demo(db: Driver):
    """The quality figure (not a timing): recall >= 0.95 at precision >= 0.95."""
    load_demo(db, database(), DemoData(1000, 5), batch_size=2000)
    persons = load_persons(db, database())
    cases = build_cases(persons, positives=400, negatives=200, seed=5)
    figures = evaluate(db, database(), cases, persons=persons)
    assert figures.positives == 400 and figures.negatives >= 190
    assert figures.recall >= 0.95, (figures.recall, figures.missed[:5])
    assert figures.precision >= 0.95, (figures.precision, figures.wrong[:5])
