"""A known-truth set for matching, built from whatever persons the graph holds.

Positives: a sampled person as a custody officer would hear them, with one distortion
each, in turn: exact, a spelling variant, a transliteration (the original-script or
other-transliteration alias when the record has one, else transliteration-style
substitutions), swapped given/family names, day and month transposed, a year one out,
the year only, and a spelling variant together with a year one out. Negatives: people
who are not in the graph: a namesake (same family name, another given name, another
birth date), a recombined name with a random birth date, and a person's full name with a
birth date at least five years away (two people of the same name).

A positive counts as found when the true person is ranked first and scores at or above
the threshold; anything else at or above the threshold is a false match.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Any

from neo4j import Driver

from graph.identity.candidates import IDENTITY_PROPERTIES
from graph.identity.compare import POSSIBLE, Identity, identity_of
from graph.identity.matching import match_many

SAMPLE_PERSONS = f"""
MATCH (p:Person) WHERE p.family_name IS NOT NULL AND size(coalesce(p.dates_of_birth, [])) > 0
WITH p ORDER BY p.id
RETURN p {{ {IDENTITY_PROPERTIES} }} AS person
"""

POSITIVE_KINDS = ("exact", "spelling", "transliteration", "swapped", "transposed",
                  "close_year", "year_only", "spelling_and_year")
NEGATIVE_KINDS = ("namesake", "recombined", "same_name_other_birth")

_TRANSLIT = (("kh", "h"), ("ou", "u"), ("y", "i"), ("ks", "x"), ("j", "dj"), ("sh", "ch"),
             ("ts", "tz"), ("ph", "f"), ("ee", "i"), ("w", "v"), ("c", "k"), ("q", "k"))


@dataclass(frozen=True)
class Case:
    claim: Identity
    truth: str | None           # the person id, or None for someone not in the graph
    kind: str


@dataclass(frozen=True)
class Figures:
    positives: int
    negatives: int
    true_matches: int
    false_matches: int
    missed: list[Case]
    wrong: list[tuple[Case, str, float]]

    @property
    def precision(self) -> float:
        found = self.true_matches + self.false_matches
        return self.true_matches / found if found else 1.0

    @property
    def recall(self) -> float:
        return self.true_matches / self.positives if self.positives else 1.0


def _misspell(name: str, rng: random.Random) -> str:
    """One realistic slip: a doubled or dropped letter, a vowel swap, or a sound-alike."""
    if len(name) < 4:
        return name + name[-1]
    i = rng.randrange(1, len(name) - 1)
    vowels = "aeiou"
    choice = rng.randrange(4)
    if choice == 0:
        return name[:i] + name[i] + name[i:]                     # doubled letter
    if choice == 1 and len(name) > 4:
        return name[:i] + name[i + 1:]                           # dropped letter
    if choice == 2 and name[i].lower() in vowels:
        return name[:i] + rng.choice(vowels.replace(name[i].lower(), "")) + name[i + 1:]
    for a, b in _TRANSLIT:
        if a in name[1:].lower():
            return name[0] + name[1:].lower().replace(a, b, 1)
    return name[:i] + name[i + 1] + name[i] + name[i + 2:]       # adjacent transposition


def _transliterate(person: dict[str, Any], claim: Identity, rng: random.Random) -> Identity:
    others = [a for a in person.get("aliases") or [] if len(a.split()) >= 2
              and a != f"{claim.given_names} {claim.family_name}"]
    scripted = [a for a in others if not a.isascii()]
    if scripted or others:
        words = rng.choice(scripted or others).split()
        return replace(claim, given_names=" ".join(words[:-1]), family_name=words[-1])
    family = claim.family_name
    for a, b in _TRANSLIT:
        if a in family.lower():
            return replace(claim, family_name=family.lower().replace(a, b, 1).title())
    return replace(claim, family_name=_misspell(family, rng))


def _full_dob(claim: Identity) -> str | None:
    return next((d for d in claim.dates_of_birth if len(d) == 10), None)


def _distort(person: dict[str, Any], kind: str, rng: random.Random) -> Identity:
    recorded = identity_of(person)
    claim = Identity(recorded.given_names, recorded.family_name,
                     dates_of_birth=recorded.dates_of_birth[:1],
                     nationalities=recorded.nationalities[:1] if rng.random() < 0.6 else ())
    dob = _full_dob(claim)
    if kind == "spelling" or kind == "spelling_and_year":
        if claim.given_names and rng.random() < 0.5:
            claim = replace(claim, given_names=_misspell(claim.given_names, rng))
        else:
            claim = replace(claim, family_name=_misspell(claim.family_name, rng))
    if kind == "transliteration":
        claim = _transliterate(person, claim, rng)
    elif kind == "swapped":
        claim = replace(claim, given_names=claim.family_name, family_name=claim.given_names)
    elif kind == "transposed" and dob and dob[5:7] != dob[8:10] and int(dob[8:10]) <= 12:
        claim = replace(claim, dates_of_birth=(f"{dob[:4]}-{dob[8:10]}-{dob[5:7]}",))
    elif kind in ("close_year", "transposed", "spelling_and_year") and dob:
        year = int(dob[:4]) + rng.choice((-1, 1))
        claim = replace(claim, dates_of_birth=(f"{year}{dob[4:]}",))
    elif kind == "year_only" and claim.dates_of_birth:
        claim = replace(claim, dates_of_birth=(claim.dates_of_birth[0][:4],))
    return claim


def _random_dob(rng: random.Random) -> str:
    return f"{rng.randint(1950, 2006)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def build_cases(persons: list[dict[str, Any]], positives: int, negatives: int,
                seed: int = 7) -> list[Case]:
    rng = random.Random(f"{seed}:matching-eval")
    sample = rng.sample(persons, min(positives, len(persons)))
    cases = [Case(_distort(p, POSITIVE_KINDS[i % len(POSITIVE_KINDS)], rng), p["id"],
                  POSITIVE_KINDS[i % len(POSITIVE_KINDS)]) for i, p in enumerate(sample)]
    for i in range(negatives):
        kind = NEGATIVE_KINDS[i % len(NEGATIVE_KINDS)]
        a, b = rng.choice(persons), rng.choice(persons)
        given = b.get("given_names") or ""
        family = str((a if kind == "namesake" else rng.choice(persons)).get("family_name")
                     or "")
        dob = _random_dob(rng)
        if kind == "same_name_other_birth":
            given = a.get("given_names") or ""
            year = int(a["dates_of_birth"][0][:4]) + rng.choice((-1, 1)) * rng.randint(5, 20)
            dob = f"{year}{dob[4:]}"
        cases.append(Case(Identity(given, family, dates_of_birth=(dob,)), None, kind))
    return cases


def load_persons(driver: Driver, database: str) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(SAMPLE_PERSONS, database_=database, routing_="r")
    return [r["person"] for r in records]


def _really_absent(case: Case, persons_by_key: set[tuple[str, str, str]]) -> bool:
    key = (case.claim.given_names.lower(), case.claim.family_name.lower(),
           case.claim.dates_of_birth[0])
    return key not in persons_by_key


def evaluate(driver: Driver, database: str, cases: list[Case], threshold: float = POSSIBLE,
             persons: list[dict[str, Any]] | None = None, chunk: int = 200) -> Figures:
    keys = {((p.get("given_names") or "").lower(), (p.get("family_name") or "").lower(), d)
            for p in persons or [] for d in p.get("dates_of_birth") or []}
    cases = [c for c in cases if c.truth is not None or _really_absent(c, keys)]
    true_matches = false_matches = 0
    missed: list[Case] = []
    wrong: list[tuple[Case, str, float]] = []
    for start in range(0, len(cases), chunk):
        part = cases[start:start + chunk]
        ranked = match_many(driver, database, {str(i): c.claim for i, c in enumerate(part)},
                            first=1)
        for i, case in enumerate(part):
            top = ranked[str(i)][0] if ranked[str(i)] else None
            if top is not None and top.comparison.score >= threshold:
                if top.person_id == case.truth:
                    true_matches += 1
                    continue
                false_matches += 1
                wrong.append((case, top.person_id, top.comparison.score))
            if case.truth is not None:
                missed.append(case)
    positives = sum(1 for c in cases if c.truth is not None)
    return Figures(positives, len(cases) - positives, true_matches, false_matches, missed,
                   wrong)
