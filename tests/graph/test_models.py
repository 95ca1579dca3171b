"""The model declaration against the database schema and the prose contract."""

from __future__ import annotations

import re
import subprocess
import sys

from neo4j import Driver

from graph import models
from graph.db.settings import PROJECT_ROOT, Neo4jConnection
from graph.models.base import graph_properties
from graph.models.relationships import AssociationRel


def _id_types() -> set[str]:
    """Relationship types whose model gives them an `id`."""
    return {rel_type for rel_type, model in models.relationship_models().items()
            if "id" in graph_properties(model)}


def test_constraints_in_the_database_match_the_models(db: Driver,
                                                      neo4j_connection: Neo4jConnection
                                                      ) -> None:
    records, _, _ = db.execute_query(
        "SHOW CONSTRAINTS YIELD type, entityType, labelsOrTypes, properties "
        "WHERE type IN ['UNIQUENESS', 'RELATIONSHIP_UNIQUENESS'] AND properties = ['id'] "
        "RETURN entityType, labelsOrTypes[0] AS name", database_=neo4j_connection.database)
    labels = {r["name"] for r in records if r["entityType"] == "NODE"}
    types = {r["name"] for r in records if r["entityType"] == "RELATIONSHIP"}

    # Other parts of Nexus (users, audit, history versions) have constraints of their own.
    assert set(models.NODE_MODELS) <= labels
    assert types & set(models.relationship_models()) == _id_types()
    assert {"FAMILY", "MEMBER_OF", "LIVES_AT", "SUSPECT_IN", "WITNESS_IN"} <= types
    assert "WAS_ARRESTED" not in types  # plain links have no id


def test_every_index_is_on_a_model_property(db: Driver,
                                            neo4j_connection: Neo4jConnection) -> None:
    records, _, _ = db.execute_query(
        "SHOW INDEXES YIELD type, entityType, labelsOrTypes, properties, owningConstraint "
        "WHERE type IN ['RANGE', 'FULLTEXT'] AND owningConstraint IS NULL "
        "AND entityType = 'NODE' AND NOT '__Neo4jMigration' IN labelsOrTypes "
        "RETURN labelsOrTypes, properties", database_=neo4j_connection.database)
    on_records = [r for r in records if set(r["labelsOrTypes"]) & set(models.NODE_MODELS)]
    assert len(on_records) >= 10  # V0002's full-text index and V0004's lookups
    for record in on_records:
        for label in set(record["labelsOrTypes"]) & set(models.NODE_MODELS):
            known = graph_properties(models.NODE_MODELS[label])
            assert set(record["properties"]) <= set(known), (label, record["properties"])


def test_association_kinds_are_the_person_to_person_types() -> None:
    person_links = {
        definition.definition["relation_type"]
        for definition in models.Person.defined_properties(aliases=False,
                                                           properties=False).values()
        if definition.definition["model"] is AssociationRel}
    assert set(models.ASSOCIATION_KINDS.values()) == person_links
    assert models.ASSOCIATION_KINDS["co_offender"] == "CO_OFFENDER"


def test_the_prose_contract_names_the_same_labels_and_types() -> None:
    text = (PROJECT_ROOT / "docs" / "model.md").read_text()
    nodes = text.split("## Nodes")[1].split("## Relationships")[0]
    rels = text.split("## Relationships")[1].split("## The network view")[0]
    doc_labels = {m.group(1) for m in re.finditer(r"^\| (\w+) \|", nodes, re.M)} - {"label"}
    doc_types = {t for m in re.finditer(r"^\| ([A-Z_, ]+) \|", rels, re.M)
                 for t in m.group(1).split(", ")}
    assert doc_labels == set(models.NODE_MODELS)
    assert doc_types == set(models.relationship_models())


def test_every_node_carries_an_id_and_provenance() -> None:
    for label, model in models.NODE_MODELS.items():
        props = graph_properties(model)
        for name in ("id", "source", "recorded_by", "recorded_at"):
            assert props[name].required, (label, name)
    for rel_type, model in models.relationship_models().items():
        props = graph_properties(model)
        assert {"source", "recorded_by", "recorded_at"} <= set(props), rel_type


def test_importing_the_model_opens_no_connection() -> None:
    code = ("import graph.models, graph.records; from neomodel import db; "
            "assert db.driver is None, 'a driver was opened on import'; print('ok')")
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env={
        "PATH": "/usr/bin:/bin", "NEOMODEL_DATABASE_URL": "bolt://neo4j:x@127.0.0.1:1"},
        capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_connect_points_neomodel_at_the_given_driver(db: Driver,
                                                     neo4j_connection: Neo4jConnection
                                                     ) -> None:
    from neomodel import db as neomodel_db

    models.connect(db, neo4j_connection.database)
    assert neomodel_db.driver is db
    rows, _ = neomodel_db.cypher_query("RETURN $x AS x", {"x": 41})
    assert rows == [[41]]
