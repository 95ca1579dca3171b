"""Name normalisation for search: transliteration and phonetic keys.

Foreign names reach custody records spelled many ways ("Mohammed", "Muhammad",
"Mohamed"; "Aleksandr", "Oleksandr"; Cyrillic or Arabic script). Every name token is
transliterated to ASCII (anyascii), then reduced to a Metaphone key (jellyfish) with a
leading vowel folded to "A", so spelling variants share a key. Keys go into the
`name_keys` property of the `person_names` full-text index; a search computes the same
keys for its query. Token order is ignored, so a transposed given/family name matches.
"""

from __future__ import annotations

import re

import jellyfish
from anyascii import anyascii

_TOKEN = re.compile(r"[A-Za-z]+")
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')


def tokens(name: str) -> list[str]:
    """ASCII word tokens of a name, lower case ("Abdul-Rahman" -> abdul, rahman)."""
    return [token.lower() for token in _TOKEN.findall(anyascii(name))]


def phonetic_key(token: str) -> str:
    key = jellyfish.metaphone(token)
    if key and key[0] in "AEIOU":
        key = "A" + key[1:]
    return key.upper()


def name_keys(*names: str) -> str:
    """Space-separated phonetic keys of every token of every name, de-duplicated."""
    keys: dict[str, None] = {}
    for name in names:
        parts = tokens(name)
        for token in parts:
            keys.setdefault(phonetic_key(token), None)
        # Compounds written apart or together: "Abdul Rahman" / "Abdulrahman", "Al-Hassan".
        for first, second in zip(parts, parts[1:], strict=False):
            keys.setdefault(phonetic_key(first + second), None)
    return " ".join(key for key in keys if key)


def year_keys(birth_year: int | None, keys: str | None) -> str | None:
    """Each name key joined to the birth year ("1985_MR 1985_NK"): the `person_year_keys`
    full-text index finds "born in 1985, a name sounding like Nowak" without reading every
    person born that year (at a million people, about 17,000 a year)."""
    if birth_year is None or not keys:
        return None
    return " ".join(f"{birth_year}_{key}" for key in keys.split())


def escape_lucene(text: str) -> str:
    return _LUCENE_SPECIAL.sub(r"\\\1", text)


def fulltext_query(query: str) -> str | None:
    """A Lucene query for the person_names index: exact, fuzzy and phonetic per token.

    Returns None when the query holds no searchable token.
    """
    words = tokens(query)
    if not words:
        return None
    clauses = []
    for word in words[:8]:
        escaped = escape_lucene(word)
        fuzzy = f"{escaped}~1" if len(word) > 3 else escaped
        key = escape_lucene(phonetic_key(word).lower())
        clauses.append(
            f"(full_name:{escaped}^3 OR alias_text:{escaped}^2 OR full_name:{fuzzy} "
            f"OR alias_text:{fuzzy} OR name_keys:{key})"
        )
    return " AND ".join(clauses)
