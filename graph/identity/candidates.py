"""Blocking in Neo4j: the few recorded persons worth scoring against a claim.

Five blocks, unioned per claim in one query (many claims per round trip via UNWIND):
- the `person_names` full-text index, with a loose OR query (each name token exact, fuzzy
  and by phonetic key), so a false or misspelt given name still finds the family name;
- the family name alone in the same index (its first 300 hits), kept when the birth
  year is within one of the claim's: a misspelt family name with a year out, where the
  given name alone fills the first block;
- the identifier indexes: PNC ID, CRO number, Home Office reference (a fingerprint
  reference is looked up as both a PNC ID and a CRO number);
- birth year (the exact year: close years are left to the full-text block) with the
  phonetic key of the family name, in the `person_year_keys` full-text index ("1985_NK"),
  for common family names whose right person the name block's limit may cut off;
- passports, which have no index (a list property): one scan per batch, only when some
  claim in the batch carries a passport.
Only identity properties travel back; scoring happens in Python (`compare`).

The identifier and passport blocks (`IDENTIFIER_BLOCKS`, `passport_scan`) are the ones the
live duplicate check (`graph.identity.duplicates_live`) asks Neo4j with too.
"""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from graph.identity.compare import Identity, passport_number
from graph.names import escape_lucene, phonetic_key, tokens

FULLTEXT_LIMIT = 25
FAMILY_LIMIT = 300
YEAR_BLOCK_LIMIT = 25
MAX_TOKENS = 8

IDENTITY_PROPERTIES = (".id, .given_names, .family_name, .full_name, .aliases, "
                       ".dates_of_birth, .nationalities, .passports, .pnc_id, .cro_number, "
                       ".ho_reference")

# Persons holding any of $passports (by number, whatever the country): a scan, as a list
# property has no index. Shared with the live duplicate check (`passport_scan`).
PASSPORT_SCAN = """
CALL () {
  MATCH (p:Person) WHERE p.passports IS NOT NULL
    AND any(x IN p.passports WHERE split(x, ':')[-1] IN $passports)
  RETURN collect(p) AS by_passport
}
"""
NO_PASSPORTS = "WITH [] AS by_passport\n"

# The identifier blocks of one row `t` (lists pnc, cro, ho, passports), the same for a
# claim (matching, screening) and a person (the live duplicate check): one UNION branch
# per identifier, then the passport holders `PASSPORT_SCAN` found.
IDENTIFIER_BLOCKS = """
  WITH t WHERE size(t.pnc) > 0
  MATCH (p:Person) WHERE p.pnc_id IN t.pnc
  RETURN p
  UNION
  WITH t WHERE size(t.cro) > 0
  MATCH (p:Person) WHERE p.cro_number IN t.cro
  RETURN p
  UNION
  WITH t WHERE size(t.ho) > 0
  MATCH (p:Person) WHERE p.ho_reference IN t.ho
  RETURN p
  UNION
  WITH t, by_passport WHERE size(t.passports) > 0
  UNWIND by_passport AS p
  WITH t, p WHERE any(x IN p.passports WHERE split(x, ':')[-1] IN t.passports)
  RETURN p
"""


def passport_scan(passports: list[str]) -> str:
    """The query's opening: the passport scan when some row carries a passport."""
    return PASSPORT_SCAN if passports else NO_PASSPORTS

_BLOCKS = """
UNWIND $claims AS t
CALL (t, by_passport) {
  WITH t WHERE t.lucene IS NOT NULL
  CALL db.index.fulltext.queryNodes('person_names', t.lucene, {limit: $fulltext_limit})
  YIELD node
  RETURN node AS p
  UNION
  WITH t WHERE t.family_lucene IS NOT NULL AND t.year IS NOT NULL
  CALL db.index.fulltext.queryNodes('person_names', t.family_lucene,
                                    {limit: $family_limit})
  YIELD node
  WITH node WHERE node.birth_year IN [t.year - 1, t.year, t.year + 1]
  RETURN node AS p
  UNION
  WITH t WHERE t.year_key IS NOT NULL
  CALL db.index.fulltext.queryNodes('person_year_keys', t.year_key, {limit: $year_limit})
  YIELD node
  RETURN node AS p
  UNION
  IDENTIFIERS
}
WITH t, collect(DISTINCT p { IDENTITY }) AS persons
RETURN t.key AS key, persons
""".replace("{ IDENTITY }", "{ " + IDENTITY_PROPERTIES + " }").replace(
    "  IDENTIFIERS\n", IDENTIFIER_BLOCKS.lstrip("\n"))


def blocking_query(identity: Identity, family_only: bool = False) -> str | None:
    """A loose Lucene OR query over every name token of the claim (None if no token)."""
    words: dict[str, None] = {}
    names = (identity.family_name,) if family_only else (
        identity.given_names, identity.family_name, *identity.aliases)
    for name in names:
        for word in tokens(name):
            words.setdefault(word, None)
    clauses = []
    for word in list(words)[:MAX_TOKENS]:
        escaped = escape_lucene(word)
        key = escape_lucene(phonetic_key(word).lower())
        clause = f"full_name:{escaped}^3 OR alias_text:{escaped}^2"
        if len(word) > 3:
            clause += f" OR full_name:{escaped}~1 OR alias_text:{escaped}~1"
        if key:
            clause += f" OR name_keys:{key}"
        clauses.append(f"({clause})")
    return " OR ".join(clauses) or None


def _year(identity: Identity) -> int | None:
    for value in identity.dates_of_birth:
        head = value.strip()[:4]
        if head.isdigit():
            return int(head)
    return None


def _year_key(year: int | None, family: list[str]) -> str | None:
    key = phonetic_key(family[-1]) if family else ""
    return escape_lucene(f"{year}_{key}") if year is not None and key else None


def claim_params(key: str, identity: Identity) -> dict[str, Any]:
    family = tokens(identity.family_name)
    finger = (identity.fingerprint_ref or "").strip().upper()
    pnc = [v for v in ((identity.pnc_id or "").strip().upper(), finger) if v]
    cro = [v for v in ((identity.cro_number or "").strip().upper(), finger) if v]
    return {
        "key": key, "lucene": blocking_query(identity), "pnc": pnc, "cro": cro,
        "family_lucene": blocking_query(identity, family_only=True),
        "ho": [v for v in ((identity.ho_reference or "").strip().upper(),) if v],
        "year": _year(identity),
        "year_key": _year_key(_year(identity), family),
        "passports": sorted({passport_number(p) for p in identity.passports} - {""}),
    }


def find_candidates(driver: Driver, database: str, claims: dict[str, Identity]
                    ) -> dict[str, list[dict[str, Any]]]:
    """Identity properties of the blocked persons for each claim key (one round trip)."""
    params = [claim_params(key, identity) for key, identity in claims.items()]
    passports = sorted({number for claim in params for number in claim["passports"]})
    records, _, _ = driver.execute_query(
        passport_scan(passports) + _BLOCKS, claims=params, passports=passports,
        fulltext_limit=FULLTEXT_LIMIT,
        year_limit=YEAR_BLOCK_LIMIT, family_limit=FAMILY_LIMIT, database_=database,
        routing_="r")
    found = {record["key"]: record["persons"] for record in records}
    return {key: found.get(key, []) for key in claims}
