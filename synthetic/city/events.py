"""What happened: incidents with their people, arrests, charges and convictions.

The decisions (who was a suspect, who refused to cooperate, which arrests ended in NFA,
which charges in a conviction, who has convictions abroad) are made here, once, from
`random.Random(f"{seed}:events")`, and kept in compact lists; `synthetic.city.rows` turns
them into rows. Several suspects of one incident are arrested for it, so the write
layer's `derive_co_offenders` links them.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from graph.offences import BY_CODE
from synthetic.city.origins import EU_STATES
from synthetic.city.places import Places
from synthetic.city.population import Population

START = datetime(2015, 1, 1, tzinfo=UTC)
END = datetime(2025, 10, 31, tzinfo=UTC)
_SPAN_MINUTES = int((END - START).total_seconds() // 60)

INCIDENT_TYPES: dict[str, float] = {
    "assault": 20, "wounding": 8, "robbery": 10, "stabbing": 6, "shooting": 1.5,
    "domestic_abuse": 12, "burglary": 10, "drugs_supply": 12, "public_order": 7,
    "sexual_offence": 3, "criminal_damage": 6, "other": 5,
}
_VIOLENT = frozenset({"assault", "wounding", "robbery", "stabbing", "shooting"})
TYPE_OFFENCES: dict[str, dict[str, float]] = {
    "assault": {"105/01": 5, "008/06": 4, "008/01": 1},
    "wounding": {"008/01": 4, "005/01": 3, "008/06": 2},
    "robbery": {"034/02": 8, "034/01": 2},
    "stabbing": {"005/01": 5, "008/01": 3, "010/04": 3, "002/01": 1, "001/01": 0.3},
    "shooting": {"010/01": 4, "005/01": 3, "002/01": 1, "001/01": 0.5},
    "domestic_abuse": {"105/01": 4, "008/06": 3, "008/65": 2, "008/72": 1, "009/01": 1},
    "burglary": {"028/01": 6, "030/01": 3, "029/01": 0.5},
    "drugs_supply": {"092/01": 6, "092/02": 3, "092/11": 1},
    "public_order": {"125/01": 4, "066/01": 3, "062/01": 1},
    "sexual_offence": {"020/01": 3, "019/07": 2},
    "criminal_damage": {"058/01": 3, "058/03": 3, "056/02": 1, "056/01": 0.3},
    "other": {"049/01": 3, "039/01": 2, "048/01": 2, "045/01": 2, "053/01": 2, "054/01": 1,
              "061/01": 1, "060/01": 0.5, "037/02": 1, "046/01": 1},
}
STOP_SEARCH_OFFENCES = {"010/04": 4, "010/05": 2, "092/21": 3, "092/23": 4, "092/02": 1}
OCG_OFFENCES: dict[str, dict[str, float]] = {
                "drugs_supply": {"092/01": 5, "053/40": 2}, "fraud": {"053/01": 4, "053/40": 3},
                "cannabis": {"092/11": 5, "106/01": 1}, "vehicle_crime": {"048/01": 4,
                "054/01": 2}, "firearms": {"010/01": 4, "092/01": 2},
                "modern_slavery": {"106/01": 3, "076/01": 2, "053/40": 1}}
FOREIGN_OFFENCES = {"049/01": 4, "028/01": 3, "092/01": 2, "008/06": 2, "053/01": 2,
                    "034/02": 1, "048/01": 2, "005/01": 0.5, "106/01": 0.3}
OUTCOMES = {"charged": 27, "nfa": 32, "released_under_investigation": 16, "bail": 12,
            "caution": 8, "community_resolution": 5}
CHARGE_STATUSES = {"convicted": 60, "acquitted": 9, "discontinued": 12, "withdrawn": 5,
                   "pending": 14}


@dataclass(slots=True)
class Incident:
    type: str
    at: datetime
    location: int           # index into the location list (see synthetic.city.places)
    borough: int
    gang: int               # organisation index of the first suspect, -1 none


@dataclass(slots=True)
class Role:
    incident: int
    person: int
    role: str               # suspect, victim, witness, other
    cooperated: bool | None


@dataclass(slots=True)
class Arrest:
    person: int
    incident: int           # -1: a stop-and-search arrest
    offences: tuple[str, ...]
    at: datetime
    outcome: str
    custody_suite: int      # borough index
    charge: int = -1        # index into Events.charges


@dataclass(slots=True)
class Charge:
    arrest: int
    at: datetime
    status: str
    conviction: int = -1


@dataclass(slots=True)
class Conviction:
    person: int
    charge: int             # -1: foreign
    offences: tuple[str, ...]
    on: datetime
    jurisdiction: str
    known_via: str


class Events:
    def __init__(self, population: Population, places: Places, seed: int) -> None:
        self.population = population
        rng = random.Random(f"{seed}:events")
        self.incidents: list[Incident] = []
        self.roles: list[Role] = []
        self.arrests: list[Arrest] = []
        self.charges: list[Charge] = []
        self.convictions: list[Conviction] = []
        self._places = places
        for _ in range(round(population.size * 0.45)):
            self._incident(rng)
        for _ in range(round(population.size * 0.12)):
            self._stop_search(rng)
        self.arrests.sort(key=lambda arrest: arrest.at)
        for index, arrest in enumerate(self.arrests):
            if arrest.outcome == "charged":
                self._charge(rng, index, arrest)
        for person in range(population.size):
            self._foreign_record(rng, person)

    def _incident(self, rng: random.Random) -> None:
        pop = self.population
        kind = _weighted(rng, INCIDENT_TYPES)
        first = pop.pick_offender(rng)
        organisation = pop.organisation_of(first)
        size = rng.choices((1, 2, 3, 4, 5), (55, 25, 12, 5, 3))[0]
        if kind in ("domestic_abuse", "sexual_offence"):
            size = 1
        suspects = [first]
        for _ in range(size - 1):
            if organisation is not None and rng.random() < 0.75:
                mate = rng.choice(organisation.members)
            else:
                mate = pop.pick_offender(rng)
            if mate not in suspects:
                suspects.append(mate)
        at = START + timedelta(minutes=rng.randrange(_SPAN_MINUTES - 60 * 24 * 45))
        borough = pop.borough_of(first)
        victims: list[int] = []
        if kind == "domestic_abuse":
            house = pop.households[pop.household[first]].members
            victims = [rng.choice([m for m in house if m != first] or [rng.randrange(pop.size)])]
        elif kind not in ("drugs_supply",) and rng.random() < 0.9:
            victims = [self._victim(rng, organisation)]
            if rng.random() < 0.1:
                victims.append(self._victim(rng, organisation))
        if kind in ("domestic_abuse", "burglary") and victims:
            location = self._places.address(pop.household[victims[0]])
        else:
            location = self._places.public_place(rng, borough)
        index = len(self.incidents)
        self.incidents.append(Incident(kind, at, location, borough,
                                       organisation.index if organisation else -1))
        gang_related = organisation is not None
        for suspect in suspects:
            self.roles.append(Role(index, suspect, "suspect", None))
        for victim in victims:
            if victim in suspects:
                continue
            refuses = 0.45 if (kind in _VIOLENT and gang_related) else \
                0.40 if kind == "domestic_abuse" else 0.25 if kind in _VIOLENT else 0.1
            self.roles.append(Role(index, victim, "victim", rng.random() >= refuses))
        for _ in range(rng.choices((0, 1, 2, 3), (40, 35, 17, 8))[0]):
            witness = rng.randrange(pop.size)
            if witness not in suspects and witness not in victims:
                refuses = 0.4 if gang_related else 0.2
                self.roles.append(Role(index, witness, "witness", rng.random() >= refuses))
        if rng.random() < 0.03:
            self.roles.append(Role(index, rng.randrange(pop.size), "other", None))
        offences_by_type = TYPE_OFFENCES[kind]
        if kind == "other" and pop.ocg[first] >= 0:
            offences_by_type = OCG_OFFENCES[pop.organisations[pop.ocg[first]].business]
        for suspect in suspects:
            if rng.random() < 0.75:
                self._arrest(rng, suspect, index, _offences(rng, offences_by_type), at)

    def _victim(self, rng: random.Random, organisation: object) -> int:
        pop = self.population
        if organisation is not None and rng.random() < 0.3:
            # Victim-offender overlap: gang violence often hits a rival gang's members.
            rival = rng.choice(pop.organisations)
            return rng.choice(rival.members)
        return rng.randrange(pop.size)

    def _stop_search(self, rng: random.Random) -> None:
        person = self.population.pick_offender(rng)
        at = START + timedelta(minutes=rng.randrange(_SPAN_MINUTES - 60 * 24 * 45))
        self._arrest(rng, person, -1, _offences(rng, STOP_SEARCH_OFFENCES), at)

    def _arrest(self, rng: random.Random, person: int, incident: int,
                offences: tuple[str, ...], when: datetime) -> None:
        at = when + timedelta(minutes=rng.randrange(30, 60 * 24 * 30))
        outcome = _weighted(rng, OUTCOMES)
        serious = max(BY_CODE[code].chi_days for code in offences) >= 365
        if serious and outcome in ("caution", "community_resolution"):
            outcome = rng.choice(("bail", "nfa", "charged"))
        self.arrests.append(Arrest(person, incident, offences, at, outcome,
                                   self.population.borough_of(person)))

    def _charge(self, rng: random.Random, index: int, arrest: Arrest) -> None:
        at = arrest.at + timedelta(hours=rng.randint(4, 36))
        status = _weighted(rng, CHARGE_STATUSES)
        on = at + timedelta(days=rng.randint(30, 420))
        if status == "convicted" and on > END:
            status = "pending"
        charge = Charge(index, at, status)
        arrest.charge = len(self.charges)
        if status == "convicted":
            charge.conviction = len(self.convictions)
            self.convictions.append(Conviction(arrest.person, arrest.charge, arrest.offences,
                                               on, "GB", "pnc"))
        self.charges.append(charge)

    def _foreign_record(self, rng: random.Random, person: int) -> None:
        pop = self.population
        nationality = pop.origin_of(person).nationality
        if pop.propensity[person] <= 0:
            return
        chance = 0.01 if nationality == "GB" else 0.18 + (0.2 if pop.ocg[person] >= 0 else 0)
        if rng.random() >= chance:
            return
        for _ in range(rng.choice((1, 1, 2, 3))):
            jurisdiction = nationality
            if nationality == "GB" or rng.random() < 0.12:
                jurisdiction = rng.choice(("ES", "FR", "DE", "NL", "IE", "BE"))
            known_via = ("ecris" if rng.random() < 0.85 else "bilateral") \
                if jurisdiction in EU_STATES or jurisdiction in ("NL", "BE") \
                else ("interpol" if rng.random() < 0.8 else "bilateral")
            on = datetime(2006, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(365 * 17))
            self.convictions.append(Conviction(person, -1, _offences(rng, FOREIGN_OFFENCES),
                                               on, jurisdiction, known_via))


def _weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(tuple(weights), tuple(weights.values()))[0]


def _offences(rng: random.Random, weights: Mapping[str, float]) -> tuple[str, ...]:
    first = _weighted(rng, weights)
    if rng.random() < 0.2:
        second = _weighted(rng, weights)
        if second != first:
            return (first, second)
    return (first,)
