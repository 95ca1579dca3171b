"""The write layer against the real Neo4j: round trips, validation, atomicity, idempotency,
derived co-offenders and flag history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from neo4j import Driver

from graph import models
from graph.db.settings import Neo4jConnection
from graph.db.temporal import to_native
from graph.errors import ValidationError
from graph.records import (
    KINDS,
    WRITE_ORDER,
    RowError,
    clear_flag,
    derive_co_offenders,
    review_flag,
    set_event_id,
    validate,
    validate_many,
    write_batch,
    write_records,
)
from graph.records.kinds import LinkKind, NodeKind
from tests.support.factories import make, make_arrest, make_flag, make_incident, make_person, row


def full_graph() -> dict[str, list[dict[str, Any]]]:
    """One row of every kind, every optional field filled, references resolved."""
    rows = {kind: row(kind) for kind in WRITE_ORDER}
    other = row("person", given_names="Sam", family_name="Other", aliases=[],
                dates_of_birth=["1988"], nationalities=["PL", "GB"], pnc_id="2019/0123456X",
                cro_number="123456/19K", ho_reference="B1234567", passports=["PL:AB123456"],
                warning_markers=["violence", "weapons"], place_of_birth="Gdansk",
                review_date_basis="review", review_date="2025-01-01")
    person, person_id = rows["person"], rows["person"]["id"]
    custody = row("location", kind="custody_suite", name="Stoke Newington custody")
    refs = {
        "incident": {"location_id": rows["location"]["id"], "review_date_basis": "review",
                     "review_date": "2025-02-01"},
        "warrant": {"person_id": person_id},
        "flag": {"person_id": person_id, "owner": "DI 7",
                 "evidence_conviction_ids": [rows["conviction"]["id"]],
                 "evidence_arrest_ids": [rows["arrest"]["id"]],
                 "evidence_charge_ids": [rows["charge"]["id"]],
                 "evidence_intelligence_ids": [rows["intelligence_report"]["id"]]},
        "flag_event": {"flag_id": rows["flag"]["id"]},
        "flag_challenge": {"flag_id": rows["flag"]["id"], "status": "rejected",
                           "decided_by": "DI 7", "decided_at": "2024-06-01T10:00:00Z",
                           "decision_reason": "The conviction stands"},
        "arrest": {"person_id": person_id, "offence_ids": [rows["offence"]["id"]],
                   "custody_suite_id": custody["id"], "incident_id": rows["incident"]["id"],
                   "outcome_reason": "Evidence sufficient", "review_date_basis": "review",
                       "review_date": "2025-03-01"},
        "charge": {"person_id": person_id, "arrest_id": rows["arrest"]["id"],
                   "offence_ids": [rows["offence"]["id"]]},
        "conviction": {"person_id": person_id, "charge_id": rows["charge"]["id"],
                       "offence_ids": [rows["offence"]["id"]]},
        "incident_role": {"person_id": other["id"], "incident_id": rows["incident"]["id"],
                          "role": "victim", "cooperated": False},
        "association": {"person_id": person_id, "other_person_id": other["id"],
                        "kind": "family", "until": "2023-01-01", "detail": "brother",
                        "source_evaluation": "1", "intelligence_assessment": "A",
                        "handling_code": "C", "handling_conditions": "Police only"},
        "membership": {"person_id": person_id, "organisation_id": rows["organisation"]["id"],
                       "source_evaluation": "2", "intelligence_assessment": "C",
                       "handling_code": "P", "until": "2024-01-01"},
        "lives_at": {"person_id": person_id, "location_id": rows["location"]["id"],
                     "until": "2024-02-01"},
        "uses_vehicle": {"person_id": person_id, "vehicle_id": rows["vehicle"]["id"],
                         "since": "2022-01-01"},
        "uses_phone": {"person_id": person_id, "phone_id": rows["phone"]["id"],
                       "since": "2022-01-01"},
        "intelligence_report": {
            "mentions_person_ids": [person_id, other["id"]],
            "mentions_organisation_ids": [rows["organisation"]["id"]],
            "mentions_location_ids": [rows["location"]["id"]],
            "mentions_incident_ids": [rows["incident"]["id"]],
            "mentions_vehicle_ids": [rows["vehicle"]["id"]],
            "mentions_phone_ids": [rows["phone"]["id"]], "review_date_basis": "review",
                "review_date": "2025-04-01",
            "handling_code": "C", "handling_conditions": "Not for the CPS"},
        "check": {"person_id": person_id, "warrant_id": rows["warrant"]["id"],
                  "result": "match", "detail": "EAW hit"},
    }
    for kind, extra in refs.items():
        rows[kind].update(extra)
    person.update(pnc_id="2020/0000001A", review_date_basis="review", review_date="2025-06-01")
    return {kind: ([rows[kind], other] if kind == "person" else
                   [rows[kind], custody] if kind == "location" else [rows[kind]])
            for kind in WRITE_ORDER}


# Records only: other parts of Nexus keep users and an audit log in the same graph.
_COUNT = ("MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels) "
          "RETURN count(n) AS nodes, "
          "COUNT { MATCH (a)-[]->() WHERE any(label IN labels(a) WHERE label IN $labels) } "
          "AS rels")


def counts(db: Driver, database: str) -> tuple[int, int]:
    records, _, _ = db.execute_query(_COUNT, labels=list(models.NODE_MODELS),
                                     database_=database)
    return records[0]["nodes"], records[0]["rels"]


def _assert_same(expected: dict[str, Any], record: Any, fields: dict[str, Any], where: str) -> None:
    for graph_name, prop in fields.items():
        attribute = next(name for name, p in type(record).defined_properties(
            aliases=False, rels=False).items() if p is prop)
        value, want = getattr(record, attribute), expected.get(graph_name)
        assert value == want, f"{where}.{graph_name}: {value!r} != {want!r}"
        if want is not None:
            assert type(value) is type(want), f"{where}.{graph_name}: type {type(value)}"


def test_every_kind_round_trips_through_the_models(db: Driver,
                                                   neo4j_connection: Neo4jConnection) -> None:
    graph = full_graph()
    assert set(graph) == set(KINDS)
    written = write_records(db, neo4j_connection.database, graph, derive=False)
    assert written == {kind: len(rows) for kind, rows in graph.items()}

    models.connect(db, neo4j_connection.database)
    for kind, rows in graph.items():
        spec = KINDS[kind]
        for raw in rows:
            clean = validate(kind, raw)
            if kind == "flag":
                clean["review_date"] = date(2024, 12, 1)  # moved by the review event
            if isinstance(spec, NodeKind):
                node = spec.model.nodes.get(uid=raw["id"])
                if "mopi_group" in clean:  # computed by the write layer (docs/reviews.md)
                    assert node.mopi_group in (1, 2, 3), (kind, node.mopi_group)
                    clean["mopi_group"] = node.mopi_group
                _assert_same(clean, node, models.graph_properties(spec.model), kind)
                for ref in spec.refs:
                    manager = _manager_for(node, ref.rel_type, ref.label)
                    linked = sorted(n.uid for n in manager.all())
                    want = clean[ref.field] if ref.many else [clean[ref.field]]
                    assert linked == sorted(w for w in want if w), f"{kind}.{ref.field}"
                    for target in manager.all():
                        rel = manager.relationship(target)
                        assert (rel.source_system, rel.recorded_by) == (
                            raw["source"], raw["recorded_by"])
            else:
                rel_type = spec.types[raw[spec.type_field] if spec.type_field else ""]
                start = models.Person.nodes.get(uid=raw[spec.start.field])
                manager = _manager_for(start, rel_type, spec.end.label)
                end = models.NODE_MODELS[spec.end.label].nodes.get(uid=raw[spec.end.field])
                rel = manager.relationship(end)
                assert rel is not None, kind
                model = spec.model_for(rel_type)
                assert isinstance(rel, model)
                _assert_same(clean, rel, models.graph_properties(model), kind)
    person = models.Person.nodes.get(uid=graph["person"][0]["id"])
    assert person.full_name == f"Alex {graph['person'][0]['family_name']}"
    assert person.birth_year == 1990 and isinstance(person.recorded_at, datetime)
    other = models.Person.nodes.get(uid=graph["person"][1]["id"])
    assert other.nationalities == ["GB", "PL"]  # GB first, the house convention
    assert isinstance(other.review_date, date)
    flag = models.Flag.nodes.get(uid=graph["flag"][0]["id"])
    assert {e.action for e in flag.events.all()} == {"set", "reviewed"}
    assert flag.review_date == date(2024, 12, 1)  # moved by the review event


def _manager_for(node: Any, rel_type: str, label: str) -> Any:
    for name, definition in type(node).defined_properties(aliases=False,
                                                          properties=False).items():
        target = definition.definition
        if target["relation_type"] == rel_type and definition._raw_class.split(".")[-1] == label:
            return getattr(node, name)
    raise AssertionError(f"{type(node).__name__} has no {rel_type} to {label}")


def test_writing_twice_leaves_the_same_graph(db: Driver,
                                             neo4j_connection: Neo4jConnection) -> None:
    graph = full_graph()
    write_records(db, neo4j_connection.database, graph)
    first = counts(db, neo4j_connection.database)
    write_records(db, neo4j_connection.database, graph)
    assert counts(db, neo4j_connection.database) == first
    assert first[0] == sum(len(rows) for kind, rows in graph.items()
                           if isinstance(KINDS[kind], NodeKind)) + 1  # + the flag's set event


def test_a_rewrite_replaces_references_and_moves_links(db: Driver,
                                                       neo4j_connection: Neo4jConnection
                                                       ) -> None:
    database = neo4j_connection.database
    first, second = make(db, "offence"), make(db, "offence")
    arrest = make_arrest(db, offence_ids=[first["id"]])
    association = make(db, "association", kind="family")
    write_records(db, database, {"arrest": [{**arrest, "offence_ids": [second["id"]]}],
                                 "association": [{**association, "kind": "friend",
                                                  "detail": "school friend"}]})
    records, _, _ = db.execute_query(
        "MATCH (a:Arrest {id: $id})-[:FOR_OFFENCE]->(o) RETURN collect(o.id) AS offences",
        id=arrest["id"], database_=database)
    assert records[0]["offences"] == [second["id"]]
    records, _, _ = db.execute_query(
        "MATCH ()-[r {id: $id}]->() RETURN collect(type(r)) AS types, collect(r.detail) AS d",
        id=association["id"], database_=database)
    assert records[0]["types"] == ["FRIEND"] and records[0]["d"] == ["school friend"]


def test_a_missing_reference_fails_the_whole_write(db: Driver,
                                                   neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    make_person(db)
    before = counts(db, database)
    person, offence = row("person"), row("offence")
    good = row("arrest", person_id=person["id"], offence_ids=[offence["id"]])
    bad = row("arrest", person_id="P-9", offence_ids=[offence["id"]])
    with pytest.raises(RowError) as caught:
        write_records(db, database, {"person": [person], "offence": [offence],
                                     "arrest": [good, bad]})
    error = caught.value
    assert (error.kind, error.record_id, error.field, error.index) == (
        "arrest", bad["id"], "person_id", 1)
    assert error.reason == "unknown Person 'P-9'"
    assert f"arrest '{bad['id']}'" in str(error) and "person_id" in str(error)
    assert counts(db, database) == before


def test_write_batch_checks_references_before_writing(db: Driver,
                                                      neo4j_connection: Neo4jConnection
                                                      ) -> None:
    database = neo4j_connection.database
    person = make_person(db)
    rows = [row("association", person_id=person["id"], other_person_id=person["id"] + "x")]
    with db.session(database=database) as session, session.begin_transaction() as tx:
        before = counts_in(tx)
        with pytest.raises(ValidationError, match="unknown Person"):
            write_batch(tx, "association", rows)
        assert counts_in(tx) == before  # nothing written, even inside the open transaction
        tx.rollback()


def counts_in(tx: Any) -> tuple[int, int]:
    record = tx.run(_COUNT, labels=list(models.NODE_MODELS)).single()
    return record["nodes"], record["rels"]


def incident_at(db: Driver, incident_id: str, database: str) -> Any:
    records, _, _ = db.execute_query("MATCH (i:Incident {id: $id}) RETURN i.occurred_at AS t",
                                     id=incident_id, database_=database)
    return records[0]["t"]


def test_derived_co_offenders(db: Driver, neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    incident, elsewhere = make_incident(db), make_incident(db)
    suspects = [make_person(db)["id"] for _ in range(3)]
    arrested = make_person(db)["id"]
    victim = make_person(db)["id"]
    rows = [row("incident_role", person_id=p, incident_id=incident["id"], role="suspect")
            for p in suspects]
    rows.append(row("incident_role", person_id=victim, incident_id=incident["id"],
                    role="victim", cooperated=False))
    rows.append(row("incident_role", person_id=suspects[0], incident_id=elsewhere["id"],
                    role="suspect"))
    rows.append(row("incident_role", person_id=victim, incident_id=elsewhere["id"],
                    role="suspect"))
    with db.session(database=database) as session:
        session.execute_write(write_batch, "incident_role", rows)
    make_arrest(db, person_id=arrested, incident_id=incident["id"])

    with db.session(database=database) as session:
        only = session.execute_write(derive_co_offenders, [incident["id"]])
        assert only == 6  # 4 people in the incident: 6 pairs; the victim is not one
        assert session.execute_write(derive_co_offenders) == 7  # + the other incident's pair
        assert session.execute_write(derive_co_offenders) == 7
    records, _, _ = db.execute_query(
        "MATCH (a)-[r:CO_OFFENDER]->(b) RETURN a.id AS a, b.id AS b, r.id AS id, "
        "r.derived AS derived, r.source AS source, r.detail AS detail, r.since AS since",
        database_=database)
    assert len(records) == 7
    pair = sorted([suspects[0], suspects[1]])
    (edge,) = [r for r in records if [r["a"], r["b"]] == pair]
    assert edge["id"] == f"AS-CO-{pair[0]}-{pair[1]}"
    assert edge["derived"] is True and edge["source"] == "derived:shared-incident"
    assert edge["detail"] == f"shared incident: {incident['id']}"
    # In force from the day of the first shared incident (the time slider reads it).
    assert edge["since"].to_native() == to_native(incident_at(db, incident["id"], database)).date()
    assert all(victim not in (r["a"], r["b"]) or suspects[0] in (r["a"], r["b"])
               for r in records)


def test_write_records_derives_co_offenders_for_the_incidents_it_touches(
        db: Driver, neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    first, second = make_person(db), make_person(db)
    incident = row("incident")
    roles = [row("incident_role", person_id=p["id"], incident_id=incident["id"])
             for p in (first, second)]
    write_records(db, database, {"incident": [incident], "incident_role": roles})
    records, _, _ = db.execute_query("MATCH ()-[r:CO_OFFENDER {derived: true}]->() "
                                     "RETURN count(r) AS n", database_=database)
    assert records[0]["n"] == 1


def test_flag_history_set_review_clear(db: Driver, neo4j_connection: Neo4jConnection) -> None:
    database = neo4j_connection.database
    flag = make_flag(db)
    models.connect(db, database)
    stored = models.Flag.nodes.get(uid=flag["id"])
    assert stored.status == "active" and stored.review_date == date(2024, 9, 1)
    assert [e.uid for e in stored.events.all()] == [set_event_id(flag["id"])]

    with db.session(database=database) as session:
        session.execute_write(lambda tx: review_flag(
            tx, flag["id"], by="DI 7", reason="Still a risk", next_review_date="2025-03-01",
            source="test", at=datetime.fromisoformat("2024-09-01T09:00:00+00:00")))
        stored = models.Flag.nodes.get(uid=flag["id"])
        assert stored.status == "active" and stored.review_date == date(2025, 3, 1)

        session.execute_write(lambda tx: clear_flag(
            tx, flag["id"], by="DCI 3", reason="Moved abroad", source="test",
            at=datetime.fromisoformat("2024-10-01T09:00:00+00:00")))
        stored = models.Flag.nodes.get(uid=flag["id"])
        assert (stored.status, stored.cleared_by, stored.cleared_reason) == (
            "cleared", "DCI 3", "Moved abroad")
        assert sorted(e.action for e in stored.events.all()) == ["cleared", "reviewed", "set"]

        with pytest.raises(RowError, match="already cleared"):
            session.execute_write(lambda tx: clear_flag(
                tx, flag["id"], by="DCI 3", reason="Again", source="test"))
        with pytest.raises(RowError, match="already cleared"):
            session.execute_write(lambda tx: review_flag(
                tx, flag["id"], by="DI 7", reason=None, next_review_date="2026-01-01",
                source="test"))
    assert len(models.Flag.nodes.get(uid=flag["id"]).events.all()) == 3
    # Rewriting the flag row keeps the state its events give it.
    write_records(db, database, {"flag": [flag]})
    assert models.Flag.nodes.get(uid=flag["id"]).status == "cleared"


def test_validate_many_reports_each_bad_row_with_its_index() -> None:
    rows = [row("person"), row("person", gender="bloke"), row("person", id="P-x", pnc_id="1")]
    rows.append({**rows[0]})
    clean, errors = validate_many("person", rows)
    assert [r["id"] for r in clean] == [rows[0]["id"]]
    assert [(e.index, e.field) for e in errors] == [(1, "gender"), (2, "pnc_id"), (3, "id")]
    assert "duplicate id: row 0" in errors[2].reason
    assert str(errors[0]).startswith(f"row 1: person '{rows[1]['id']}', field 'gender'")


_FUTURE = "2999-01-01T00:00:00Z"
_BAD_ROWS = [
    # (kind, overrides, field, reason fragment)
    ("person", {"gender": "bloke"}, "gender",
     "'bloke' is not allowed; allowed values: male, female, other, unknown"),
    ("person", {"dates_of_birth": ["1990-13"]}, "dates_of_birth", "not a real date"),
    ("person", {"dates_of_birth": ["2023-02-30"]}, "dates_of_birth", "not a real date"),
    ("person", {"dates_of_birth": ["2999"]}, "dates_of_birth", "in the future"),
    ("person", {"dates_of_birth": "1990-04-12;1850"}, "dates_of_birth", "before 1900"),
    ("person", {"pnc_id": "19/123X"}, "pnc_id", "must look like 2019/0123456X"),
    ("person", {"cro_number": "1234567/19K"}, "cro_number", "must look like 123456/19K"),
    ("person", {"ho_reference": "b1234567"}, "ho_reference", "must look like B1234567"),
    ("person", {"passports": ["GB123456789"]}, "passports", "must look like GB:123456789"),
    ("person", {"nationalities": ["UK"]}, "nationalities", "ISO 3166-1 alpha-2"),
    ("person", {"nationalities": ["gb"]}, "nationalities", "upper case"),
    ("person", {"warning_markers": ["grumpy"]}, "warning_markers", "'grumpy' is not allowed"),
    ("person", {"aliases": 42}, "aliases", "must be a list"),
    ("person", {"famly_name": "Smith"}, "famly_name", "unknown field"),
    ("person", {"full_name": "Alex Smith"}, "full_name", "computed by the write layer"),
    ("person", {"family_name": " "}, "family_name", "is required"),
    ("person", {"recorded_at": None}, "recorded_at", "is required"),
    ("person", {"recorded_at": _FUTURE}, "recorded_at", "in the future"),
    ("person", {"id": "P 1"}, "id", "must be 1-100 letters"),
    ("phone", {"number": "07700 900123"}, "number", "must look like +447700900123"),
    ("offence", {"id": "8/1"}, "id", "Home Office code, like 008/01"),
    ("offence", {"chi_days": "lots"}, "chi_days", "must be a number"),
    ("offence", {"chi_days": -1}, "chi_days", "at least 0.0"),
    ("location", {"latitude": 123}, "latitude", "at most 90.0"),
    ("location", {"postcode": "E16"}, "postcode", "must look like SW1A 1AA"),
    ("arrest", {"arrested_at": "2023-02-30T10:00:00Z"}, "arrested_at", "ISO 8601"),
    ("arrest", {"arrested_at": "2024-01-01T10:00:00"}, "arrested_at", "time zone"),
    ("arrest", {"arrested_at": _FUTURE}, "arrested_at", "in the future"),
    ("arrest", {"outcome": "NFA"}, "outcome", "allowed values: charged, nfa"),
    ("arrest", {"person_id": None}, "person_id", "is required"),
    ("arrest", {"offence_ids": []}, "offence_ids", "needs at least one Offence id"),
    ("conviction", {"convicted_on": "2023-02-30"}, "convicted_on", "not a real date"),
    ("conviction", {"jurisdiction": "XX"}, "jurisdiction", "ISO 3166-1 alpha-2"),
    ("conviction", {"disposal_months": 2.5}, "disposal_months", "whole number"),
    ("intelligence_report", {"source_evaluation": "4"}, "source_evaluation",
     "allowed values: 1, 2, 3"),
    ("intelligence_report", {"intelligence_assessment": "F"}, "intelligence_assessment",
     "allowed values: A, B, C, D, E"),
    ("intelligence_report", {"handling_code": "C"}, "handling_conditions",
     "handling code C requires handling_conditions"),
    ("intelligence_report", {"summary": None}, "summary", "is required"),
    ("intelligence_report", {"mentions_person_ids": "P-1;P 2"}, "mentions_person_ids",
     "list of Person ids"),
    ("association", {"source_evaluation": "1"}, "intelligence_assessment",
     "all three of source_evaluation"),
    ("association", {"kind": "enemy"}, "kind", "allowed values: family, partner"),
    ("association", {"other_person_id": "P-1"}, "other_person_id", "themselves"),
    ("association", {"derived": "maybe"}, "derived", "true or false"),
    ("lives_at", {"since": "2020-01-01", "until": "2019-01-01"}, "until", "is before since"),
    ("incident_role", {"role": "suspect", "cooperated": True}, "cooperated",
     "victims and witnesses only"),
    ("incident_role", {"role": "bystander"}, "role", "allowed values: suspect, victim"),
    ("membership", {"role": "boss"}, "role", "allowed values: leader, member"),
    ("check", {"against": "FBI"}, "against", "allowed values: SIS_II"),
    ("warrant", {"issued_on": "2999-01-01"}, "issued_on", "in the future"),
    ("flag", {"status": "cleared"}, "status", "flag_event row"),
    ("flag", {"cleared_by": "DI 7"}, "cleared_by", "flag_event row"),
    ("flag_event", {"action": "set"}, "action", "writes its own 'set' event"),
    ("flag_event", {"action": "cleared", "reason": None}, "reason", "needs a reason"),
]
_REFS = {"person_id": "P-1", "other_person_id": "P-2", "offence_ids": ["008/01"],
         "incident_id": "IN-1", "organisation_id": "OR-1", "location_id": "L-1",
         "flag_id": "FL-1"}


@pytest.mark.parametrize(("kind", "overrides", "field", "reason"), _BAD_ROWS,
                         ids=[f"{k}.{f}:{r[:24]}" for k, _, f, r in _BAD_ROWS])
def test_validation_names_record_field_and_reason(kind: str, overrides: dict[str, Any],
                                                  field: str, reason: str) -> None:
    spec_fields = {ref.field for ref in getattr(KINDS[kind], "refs", ())}
    if isinstance(KINDS[kind], LinkKind):
        spec_fields = {KINDS[kind].start.field, KINDS[kind].end.field}
    base = row(kind, **{f: v for f, v in _REFS.items() if f in spec_fields})
    validate(kind, base)  # the row is valid before the one bad field
    bad = {**base, **overrides}
    with pytest.raises(ValidationError) as caught:
        validate(kind, bad)
    error = caught.value
    assert isinstance(error, RowError)
    assert (error.kind, error.field) == (kind, field)
    assert reason in error.reason
    assert error.record == f"{kind} {bad['id']!r}" or field == "id"
    assert kind in str(error) and repr(field) in str(error) and reason in str(error)


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValidationError, match="unknown record kind; one of: offence"):
        validate("suspect", {"id": "X-1"})


def test_csv_style_values_are_converted() -> None:
    clean = validate("person", row("person", aliases="Al Smith; Alan Smith", gender="",
                                   dates_of_birth="1990;1991-02",
                                   recorded_at="2024-05-01T10:30:00+01:00"))
    assert clean["aliases"] == ["Al Smith", "Alan Smith"] and clean["gender"] is None
    assert clean["dates_of_birth"] == ["1990", "1991-02"] and clean["birth_year"] == 1990
    assert clean["recorded_at"].isoformat() == "2024-05-01T09:30:00+00:00"
    assert clean["alias_text"] == "Al Smith | Alan Smith"
    association = validate("association", row("association", person_id="P-1",
                                               other_person_id="P-2", derived="true"))
    assert association["derived"] is True and association["since"] == date(2020, 1, 1)
