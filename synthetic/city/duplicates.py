"""Planted duplicates: a known set of people recorded twice, for measuring duplicate detection.

A share of the person slots (`rate`, 1 % by default) hold a second record of another
person instead of a person of their own: the same human as recorded by another system,
with the slips such records have (a misspelt name, day and month transposed, given and
family names swapped, a year one out, the name in another transliteration, a shared
passport or Home Office reference with little else). The slot keeps its own arrests-free
life in the demo (incidents, intelligence, links), as a real duplicate record does.

Twin slots are persons with no arrest (so they carry no PNC ID or CRO number of their
own, as a CONNECT-only record would not); each original is used once, and the original
comes earlier in the stream than its twin, so twins are made from the original's row
as it streams past. Everything is drawn from `random.Random(f"{seed}:duplicates")`:
`planted(...)` is the known truth, the same for every run with the seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from synthetic.city.events import Events
from synthetic.city.population import Population, person_id

DEFAULT_RATE = 0.01
KINDS = ("spelling", "transposed", "swapped", "close_year", "transliteration",
         "spelling_and_transposed", "document", "swapped_and_close_year")
_SOUNDS = (("ph", "f"), ("ck", "k"), ("ou", "u"), ("ee", "i"), ("y", "i"), ("kh", "h"),
           ("sh", "ch"), ("w", "v"), ("c", "k"), ("z", "s"))


@dataclass(frozen=True)
class Planted:
    original: str       # person id of the first record
    twin: str           # person id of the second record of the same person
    kind: str


class Duplicates:
    """Which person slots are second records of whom, and how they were distorted."""

    def __init__(self, pop: Population, events: Events, seed: int,
                 rate: float = DEFAULT_RATE) -> None:
        rng = random.Random(f"{seed}:duplicates")
        arrested = {arrest.person for arrest in events.arrests}
        count = round(pop.size * rate) if pop.size >= 4 else 0
        slots = [p for p in range(1, pop.size) if p not in arrested]
        rng.shuffle(slots)
        twins = set(slots[:count])
        used: set[int] = set()
        self.twin_of: dict[int, tuple[int, str]] = {}       # twin slot -> (original, kind)
        for number, twin in enumerate(sorted(twins)):
            for _ in range(20):
                original = rng.randrange(twin)
                if original not in twins and original not in used:
                    used.add(original)
                    self.twin_of[twin] = (original, KINDS[number % len(KINDS)])
                    break
        self.originals = {original for original, _ in self.twin_of.values()}
        self.seed = seed

    def planted(self) -> list[Planted]:
        return [Planted(person_id(original), person_id(twin), kind)
                for twin, (original, kind) in sorted(self.twin_of.items())]

    def apply(self, rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """The person rows with each twin slot's row replaced by its original's twin."""
        kept: dict[int, dict[str, Any]] = {}
        for index, row in enumerate(rows):
            if index in self.originals:
                kept[index] = row
            if index in self.twin_of:
                original, kind = self.twin_of[index]
                rng = random.Random(f"{self.seed}:duplicate:{index}")
                row = twin_row(kept.pop(original), row, kind, rng)
            yield row


def _misspell(name: str, rng: random.Random) -> str:
    """One slip a clerk makes: a sound-alike spelling, a doubled or dropped letter."""
    lower = name.lower()
    sounds = [(a, b) for a, b in _SOUNDS if a in lower[1:]]
    if sounds and rng.random() < 0.5:
        a, b = rng.choice(sounds)
        at = lower.index(a, 1)
        return name[:at] + b + name[at + len(a):]
    if len(name) < 4:
        return name + name[-1]
    at = rng.randrange(1, len(name) - 1)
    if rng.random() < 0.5:
        return name[:at] + name[at] + name[at:]
    return name[:at] + name[at + 1:]


def _transposed(dob: str, rng: random.Random) -> str:
    if len(dob) == 10 and int(dob[8:10]) <= 12 and dob[5:7] != dob[8:10]:
        return f"{dob[:4]}-{dob[8:10]}-{dob[5:7]}"
    return _close_year(dob, rng)


def _close_year(dob: str, rng: random.Random) -> str:
    return f"{int(dob[:4]) + rng.choice((-1, 1))}{dob[4:]}"


def _spell_one(given: str, family: str, rng: random.Random) -> tuple[str, str]:
    if given and rng.random() < 0.5:
        words = given.split()
        words[0] = _misspell(words[0], rng)
        return " ".join(words), family
    return given, _misspell(family, rng)


def twin_row(original: dict[str, Any], slot: dict[str, Any], kind: str,
             rng: random.Random) -> dict[str, Any]:
    """A second record of `original` in `slot`'s place (slot keeps its id and provenance)."""
    given, family = original.get("given_names") or "", original["family_name"]
    dobs = list(original.get("dates_of_birth") or [])[:1]
    dob = dobs[0] if dobs else ""
    if kind in ("spelling", "spelling_and_transposed"):
        given, family = _spell_one(given, family, rng)
    if kind in ("swapped", "swapped_and_close_year") and given:
        given, family = family, given
    if kind == "transliteration":
        others = [a for a in original.get("aliases") or []
                  if len(a.split()) >= 2 and a.split()[-1] != family]
        if others and rng.random() < 0.8:
            words = rng.choice(others).split()
            given, family = " ".join(words[:-1]), words[-1]
        else:
            given, family = _spell_one(given, family, rng)
    if len(dob) == 10 and kind in ("transposed", "spelling_and_transposed"):
        dobs = [_transposed(dob, rng)]
    elif len(dob) >= 4 and kind in ("close_year", "swapped_and_close_year"):
        dobs = [_close_year(dob, rng)]
    row = {key: value for key, value in slot.items()
           if key in ("id", "source", "recorded_by", "recorded_at")}
    row |= {"given_names": given or None, "family_name": family, "dates_of_birth": dobs,
            "gender": original.get("gender"), "place_of_birth": original.get("place_of_birth"),
            "nationalities": list(original.get("nationalities") or [])[:1],
            "immigration_status": original.get("immigration_status")}
    if kind == "document":
        # Recorded from a document: a misspelt name, no date of birth, the same passport
        # or Home Office reference.
        row["given_names"], row["family_name"] = _spell_one(given, family, rng)
        row["dates_of_birth"] = []
        if original.get("passports"):
            row["passports"] = list(original["passports"])
        elif original.get("ho_reference"):
            row["ho_reference"] = original["ho_reference"]
        else:
            row["dates_of_birth"] = dobs
    return row
