"""The graph model, declared once with neomodel (docs/model.md is its prose contract).

Importing this package opens no connection; `connect(driver, database)` points neomodel
at a driver the caller owns (the API opens it in its lifespan, tests in a fixture).
"""

from __future__ import annotations

from neo4j import Driver
from neomodel import StructuredRel, db, get_config

from graph.models.base import graph_properties
from graph.models.incidents import Incident
from graph.models.intelligence import (
    Check,
    Flag,
    FlagChallenge,
    FlagEvent,
    IntelligenceReport,
    Warrant,
)
from graph.models.justice import Arrest, Charge, Conviction, Offence
from graph.models.organisations import Organisation
from graph.models.people import Location, Person, Phone, Vehicle
from graph.models.record import Record
from graph.models.relationships import ASSOCIATION_KINDS, COOPERATING_ROLES, INCIDENT_ROLES

NODE_MODELS: dict[str, type[Record]] = {
    model.__name__: model
    for model in (Person, Location, Vehicle, Phone, Offence, Arrest, Charge, Conviction,
                  Incident, Organisation, IntelligenceReport, Check, Warrant, Flag, FlagEvent,
                  FlagChallenge)
}


def relationship_models() -> dict[str, type[StructuredRel]]:
    """Relationship type -> its model, read from the node classes' relationship definitions."""
    found: dict[str, type[StructuredRel]] = {}
    for node in NODE_MODELS.values():
        for definition in node.defined_properties(aliases=False, properties=False).values():
            rel_type = definition.definition["relation_type"]
            model = definition.definition["model"]
            if found.setdefault(rel_type, model) is not model:
                raise TypeError(f"{rel_type} is declared with two models: "
                                f"{found[rel_type].__name__} and {model.__name__}")
    return found


def connect(driver: Driver, database: str | None = None) -> None:
    """Point neomodel at a driver the caller owns (neomodel never closes it)."""
    if database:
        get_config().database_name = database
    db.set_connection(driver=driver)


__all__ = [
    "ASSOCIATION_KINDS", "COOPERATING_ROLES", "INCIDENT_ROLES", "NODE_MODELS", "Arrest",
    "Charge", "Check", "Conviction", "Flag", "FlagChallenge", "FlagEvent", "Incident",
    "IntelligenceReport",
    "Location", "Offence", "Organisation", "Person", "Phone", "Record", "Vehicle", "Warrant",
    "connect", "graph_properties", "relationship_models",
]
