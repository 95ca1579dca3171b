"""The population plan: who lives where, with whom, and in which gang.

A compact skeleton (arrays of small integers, one name per person) that every row
generator reads. It is built once from `random.Random(f"{seed}:population")`, so the same
seed gives the same people; the rows themselves are generated lazily from it.
"""

from __future__ import annotations

import bisect
import itertools
import random
from array import array
from dataclasses import dataclass, field

from synthetic.city.city import BOROUGHS, STREET_STEMS
from synthetic.city.names import NameMaker, PersonName
from synthetic.city.origins import BRITISH, FOREIGN, FOREIGN_SHARE, Origin

ORIGINS: tuple[Origin, ...] = BRITISH + FOREIGN
REFERENCE_YEAR = 2025
GENDERS = ("male", "female", "other", "unknown")
_GANG_SUFFIXES = ("Boys", "Crew", "Gang", "Mandem", "Squad", "Block", "Youngers", "Firm")
_OCG_CODENAMES = ("Kestrel", "Harrier", "Osprey", "Merlin", "Falcon", "Buzzard", "Kite",
                  "Hobby", "Goshawk", "Peregrine", "Raven", "Heron", "Curlew", "Lapwing")
# OCG profiles: the nationality most of its members share, and its main business.
_OCG_PROFILES = (("AL", "drugs_supply"), ("RO", "fraud"), ("VN", "cannabis"),
                 ("TR", "drugs_supply"), ("LT", "vehicle_crime"), ("GB", "firearms"),
                 ("PL", "modern_slavery"), ("GB", "drugs_supply"))


@dataclass
class Organisation:
    index: int
    name: str
    kind: str                 # street_gang | organised_crime_group
    borough: int
    business: str
    members: list[int] = field(default_factory=list)   # leaders first


@dataclass
class Household:
    borough: int
    street: str
    number: int
    family: bool              # True: a family sharing a name; False: a shared house
    members: list[int] = field(default_factory=list)


class Population:
    """The skeleton of `persons` people. Person i has id `person_id(i)`."""

    def __init__(self, persons: int, seed: int, names: NameMaker | None = None) -> None:
        self.size = persons
        self.seed = seed
        rng = random.Random(f"{seed}:population")
        names = names or NameMaker(seed)
        self.origin = array("B", bytes(persons))
        self.gender = array("B", bytes(persons))
        self.birth_year = array("H", [0] * persons)
        self.household = array("i", [0] * persons)
        self.gang = array("i", [-1] * persons)       # street gang index, -1 none
        self.ocg = array("i", [-1] * persons)        # OCG index, -1 none
        self.propensity = array("f", [0.0] * persons)
        self.names: list[PersonName] = []
        self.households: list[Household] = []
        self.organisations: list[Organisation] = []
        self._people(rng, names)
        self._organisations(rng, names)
        self._propensities(rng)
        # Who also has an earlier address on record (decided here so counts are known).
        self.moved = bytes(rng.random() < 0.2 for _ in range(persons))

    # --- people and households -------------------------------------------------------

    def _people(self, rng: random.Random, names: NameMaker) -> None:
        british_cum = list(itertools.accumulate(o.weight for o in BRITISH))
        foreign_cum = list(itertools.accumulate(o.weight for o in FOREIGN))
        borough_cum = list(itertools.accumulate(b.weight for b in BOROUGHS))
        person = 0
        while person < self.size:
            foreign = rng.random() < FOREIGN_SHARE
            origin = (len(BRITISH) + _pick(rng, foreign_cum)) if foreign \
                else _pick(rng, british_cum)
            size = min(self.size - person, rng.choices((1, 2, 3, 4, 5),
                                                       (50, 22, 15, 9, 4))[0])
            family = size > 1 and rng.random() < 0.75
            house = Household(_pick(rng, borough_cum), rng.choice(STREET_STEMS),
                              rng.randint(1, 240), family)
            surname = names.family_name(rng, ORIGINS[origin]) if family else None
            head_age = _age(rng)
            for member in range(size):
                if not family and member and rng.random() < 0.5:
                    # Shared houses mix nationalities.
                    origin = (len(BRITISH) + _pick(rng, foreign_cum) if rng.random() < 0.6
                              else _pick(rng, british_cum))
                gender = _gender(rng)
                if family and member == 1 and size >= 2 and rng.random() < 0.6:
                    gender = 1 if self.gender[person - 1] == 0 else 0   # a couple
                    age = max(16, head_age + rng.randint(-6, 6))
                elif family and member:
                    age = max(14, head_age - rng.randint(18, 32)) if head_age > 36 \
                        else max(14, head_age + rng.randint(-8, 8))
                else:
                    age = head_age if member == 0 else _age(rng)
                self.origin[person] = origin
                self.gender[person] = gender
                self.birth_year[person] = REFERENCE_YEAR - age
                self.household[person] = len(self.households)
                self.names.append(names.make(rng, ORIGINS[origin], GENDERS[gender],
                                             family=surname))
                house.members.append(person)
                person += 1
            self.households.append(house)

    # --- gangs and OCGs --------------------------------------------------------------

    def _organisations(self, rng: random.Random, names: NameMaker) -> None:
        by_borough: dict[int, list[int]] = {}
        for person in range(self.size):
            age = REFERENCE_YEAR - self.birth_year[person]
            if 14 <= age <= 34 and (self.gender[person] == 0 or rng.random() < 0.08):
                borough = self.households[self.household[person]].borough
                by_borough.setdefault(borough, []).append(person)
        for people in by_borough.values():
            rng.shuffle(people)
        gangs = max(2, round(self.size * 0.14 / 34))
        borough_cum = list(itertools.accumulate(b.weight for b in BOROUGHS))
        for _ in range(gangs):
            borough = _pick(rng, borough_cum)
            pool = by_borough.get(borough, [])
            size = min(len(pool), rng.randint(10, 60))
            if size < 10:
                continue
            members = [pool.pop() for _ in range(size)]
            district = rng.choice(BOROUGHS[borough].districts)
            stem = rng.choice((district, rng.choice(STREET_STEMS), BOROUGHS[borough].name))
            gang = Organisation(len(self.organisations), f"{stem} {rng.choice(_GANG_SUFFIXES)}",
                                "street_gang", borough, "drugs_supply", members)
            for member in members:
                self.gang[member] = gang.index
            self.organisations.append(gang)
        by_nationality: dict[str, list[int]] = {}
        for person in range(self.size):
            age = REFERENCE_YEAR - self.birth_year[person]
            if 20 <= age <= 60 and self.gang[person] < 0:
                by_nationality.setdefault(ORIGINS[self.origin[person]].nationality,
                                          []).append(person)
        for people in by_nationality.values():
            rng.shuffle(people)
        for number in range(max(2, self.size // 4000)):
            nationality, business = _OCG_PROFILES[number % len(_OCG_PROFILES)]
            pool = by_nationality.get(nationality, [])
            british = by_nationality.get("GB", [])
            size = min(len(pool), rng.randint(6, 22))
            members = [pool.pop() for _ in range(size)]
            members += [british.pop() for _ in range(min(len(british), rng.randint(1, 4)))]
            if len(members) < 5:
                continue
            codename = _OCG_CODENAMES[number % len(_OCG_CODENAMES)]
            suffix = "" if number < len(_OCG_CODENAMES) else f" {number // len(_OCG_CODENAMES) + 1}"
            ocg = Organisation(len(self.organisations), f"OCG {codename}{suffix}",
                               "organised_crime_group",
                               self.households[self.household[members[0]]].borough,
                               business, members)
            for member in members:
                self.ocg[member] = ocg.index
            self.organisations.append(ocg)

    def _propensities(self, rng: random.Random) -> None:
        """How often a person offends: zero for about a third (victims, witnesses,
        family), heavy-tailed for the rest, higher in gangs and OCGs."""
        for person in range(self.size):
            if rng.random() < 0.35 and self.gang[person] < 0 and self.ocg[person] < 0:
                continue
            weight = rng.paretovariate(1.6)
            if self.gang[person] >= 0:
                weight *= 3.0
            if self.ocg[person] >= 0:
                weight *= 2.0
            if self.gender[person] == 1:
                weight *= 0.3
            self.propensity[person] = min(weight, 200.0)
        self.offender_cum = list(itertools.accumulate(self.propensity))

    # --- helpers for the row generators ------------------------------------------------

    def origin_of(self, person: int) -> Origin:
        return ORIGINS[self.origin[person]]

    def foreign(self, person: int) -> bool:
        return self.origin_of(person).nationality != "GB"

    def borough_of(self, person: int) -> int:
        return self.households[self.household[person]].borough

    def pick_offender(self, rng: random.Random) -> int:
        return _pick(rng, self.offender_cum)

    def organisation_of(self, person: int) -> Organisation | None:
        index = self.gang[person] if self.gang[person] >= 0 else self.ocg[person]
        return self.organisations[index] if index >= 0 else None


def person_id(index: int) -> str:
    return f"P-{index + 1:06d}"


def _pick(rng: random.Random, cumulative: list[float]) -> int:
    return min(bisect.bisect_right(cumulative, rng.random() * cumulative[-1]),
               len(cumulative) - 1)


def _age(rng: random.Random) -> int:
    """Ages of people known to police: mostly 16-40, a tail to 75."""
    return min(75, 15 + int(rng.gammavariate(2.2, 7.5)))


def _gender(rng: random.Random) -> int:
    roll = rng.random()
    return 0 if roll < 0.70 else 1 if roll < 0.993 else 2 if roll < 0.996 else 3
