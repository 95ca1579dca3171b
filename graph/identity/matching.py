"""Matching claimed identities against the graph: block in Neo4j, score in Python, rank.

Ranking is by the summed match weight (log2 odds), not the rounded probability, so two
candidates that both round to 1.0 keep their order; ties go by person id (deterministic).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import Driver

from graph.identity.candidates import find_candidates
from graph.identity.compare import Comparison, Identity, compare, identity_of

# Candidates below this are not worth an officer's look at all. A family name alone that
# agrees scores about 0.004 (one person in 100,000 a priori): still shown, as "weak", so
# an officer who only has a surname sees who carries it.
MIN_SCORE = 0.001
MAX_FIRST = 50


@dataclass(frozen=True)
class Match:
    person: dict[str, Any]          # identity properties of the recorded person (with id)
    comparison: Comparison

    @property
    def person_id(self) -> str:
        person_id: str = self.person["id"]
        return person_id


def rank(claim: Identity, records: list[dict[str, Any]], first: int,
         min_score: float = MIN_SCORE) -> list[Match]:
    matches = [Match(record, compare(claim, identity_of(record))) for record in records]
    matches = [m for m in matches if m.comparison.score >= min_score]
    matches.sort(key=lambda m: (-m.comparison.log2_odds, m.person_id))
    return matches[:first]


def match_many(driver: Driver, database: str, claims: dict[str, Identity], first: int,
               min_score: float = MIN_SCORE) -> dict[str, list[Match]]:
    """Ranked matches for each claim key; one round trip for the whole batch."""
    found = find_candidates(driver, database, claims)
    return {key: rank(claims[key], found[key], first, min_score) for key in claims}


def match_person(driver: Driver, database: str, claim: Identity, first: int = 10,
                 min_score: float = MIN_SCORE) -> list[Match]:
    return match_many(driver, database, {"claim": claim}, first, min_score)["claim"]
