"""Objects: phones (own numbers, home-country numbers, shared drug-line phones) and vehicles.

Numbers and registration marks are unique by construction: a phone number is an
affine bijection of its index, so no two phones share one.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from synthetic.city.population import REFERENCE_YEAR, Population, person_id
from synthetic.city.provenance import Provenance

_MAKES = (("Ford", ("Fiesta", "Focus", "Transit")), ("Vauxhall", ("Corsa", "Astra")),
          ("Volkswagen", ("Golf", "Polo", "Passat")), ("BMW", ("1 Series", "3 Series", "X5")),
          ("Mercedes-Benz", ("A-Class", "C-Class", "Sprinter")), ("Toyota", ("Prius", "Yaris")),
          ("Audi", ("A3", "A4", "Q5")), ("Peugeot", ("208", "308")), ("Nissan", ("Qashqai",
          "Micra")), ("Land Rover", ("Range Rover Sport", "Discovery")))
_COLOURS = ("black", "white", "silver", "grey", "blue", "red", "green")
_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXYZ"          # letters UK registrations use
_AGE_IDS = tuple(f"{y:02d}" for y in range(10, 25)) + tuple(f"{y:02d}" for y in range(60, 75))


class Assets:
    def __init__(self, population: Population, seed: int) -> None:
        self.pop = population
        self.seed = seed
        rng = random.Random(f"{seed}:assets")
        self.phone_dial: list[str] = []             # country code per phone
        self.phone_uses: list[tuple[int, int]] = []   # (person, phone)
        self.vehicle_uses: list[tuple[int, int]] = []  # (person, vehicle)
        self.vehicles = 0
        self._phones_of: dict[int, list[int]] = {}
        self._vehicles_of: dict[int, list[int]] = {}
        for person in range(population.size):
            origin = population.origin_of(person)
            for _ in range(rng.choices((0, 1, 2), (30, 55, 15))[0]):
                home = origin.nationality != "GB" and rng.random() < 0.4
                self._use_phone(person, self._new_phone(origin.dial if home else "44"))
            if REFERENCE_YEAR - population.birth_year[person] >= 18 and rng.random() < 0.12:
                vehicle = self._new_vehicle()
                self._use_vehicle(person, vehicle)
                house = population.households[population.household[person]].members
                if len(house) > 1 and rng.random() < 0.3:
                    self._use_vehicle(rng.choice([m for m in house if m != person]), vehicle)
        for organisation in population.organisations:
            # Drug lines: a handful of members share each line phone, and a car or two.
            for _ in range(rng.randint(1, 3)):
                line = self._new_phone("44")
                for member in rng.sample(organisation.members,
                                         min(len(organisation.members), rng.randint(3, 6))):
                    self._use_phone(member, line)
            vehicle = self._new_vehicle()
            for member in rng.sample(organisation.members, min(3, len(organisation.members))):
                self._use_vehicle(member, vehicle)

    def _new_phone(self, dial: str) -> int:
        self.phone_dial.append(dial)
        return len(self.phone_dial) - 1

    def _new_vehicle(self) -> int:
        self.vehicles += 1
        return self.vehicles - 1

    def _use_phone(self, person: int, phone: int) -> None:
        self.phone_uses.append((person, phone))
        self._phones_of.setdefault(person, []).append(phone)

    def _use_vehicle(self, person: int, vehicle: int) -> None:
        self.vehicle_uses.append((person, vehicle))
        self._vehicles_of.setdefault(person, []).append(vehicle)

    def phones_of(self, person: int) -> list[int]:
        return self._phones_of.get(person, [])

    def vehicles_of(self, person: int) -> list[int]:
        return self._vehicles_of.get(person, [])

    # --- rows ----------------------------------------------------------------------------

    def phone_rows(self, provenance: Provenance) -> Iterator[dict[str, Any]]:
        rng = random.Random(f"{self.seed}:phone-rows")
        for index, dial in enumerate(self.phone_dial):
            subscriber = (index * 7919 + 1_234_567) % 1_000_000_000
            number = f"+447{subscriber:09d}" if dial == "44" else f"+{dial}{subscriber:09d}"
            yield {"id": f"PH-{index + 1:07d}", "number": number,
                   **provenance.make(rng, "Phone download", None)}

    def vehicle_rows(self, provenance: Provenance) -> Iterator[dict[str, Any]]:
        rng = random.Random(f"{self.seed}:vehicle-rows")
        for index in range(self.vehicles):
            serial = index * 7919 % (len(_LETTERS) ** 3)
            tail = "".join(_LETTERS[serial // len(_LETTERS) ** k % len(_LETTERS)]
                           for k in (2, 1, 0))
            area = "L" + _LETTERS[index // len(_LETTERS) ** 3 % len(_LETTERS)]
            make, models = rng.choice(_MAKES)
            yield {"id": f"V-{index + 1:07d}",
                   "vrm": f"{area}{_AGE_IDS[index % len(_AGE_IDS)]} {tail}",
                   "make": make, "model": rng.choice(models), "colour": rng.choice(_COLOURS),
                   **provenance.make(rng, "PNC", None)}

    def uses_phone_rows(self, provenance: Provenance) -> Iterator[dict[str, Any]]:
        rng = random.Random(f"{self.seed}:uses-phone-rows")
        for index, (person, phone) in enumerate(self.phone_uses):
            yield {"id": f"UP-{index + 1:07d}", "person_id": person_id(person),
                   "phone_id": f"PH-{phone + 1:07d}", **_period(rng),
                   **provenance.make(rng, "Custody record", None)}

    def uses_vehicle_rows(self, provenance: Provenance) -> Iterator[dict[str, Any]]:
        rng = random.Random(f"{self.seed}:uses-vehicle-rows")
        for index, (person, vehicle) in enumerate(self.vehicle_uses):
            yield {"id": f"UV-{index + 1:07d}", "person_id": person_id(person),
                   "vehicle_id": f"V-{vehicle + 1:07d}", **_period(rng),
                   **provenance.make(rng, "ANPR / stop record", None)}


def _period(rng: random.Random, ended: float = 0.15) -> dict[str, str]:
    since = date(2015, 1, 1) + timedelta(days=rng.randrange(365 * 10))
    period = {"since": since.isoformat()}
    if rng.random() < ended:
        period["until"] = min(date(2025, 10, 30),
                              since + timedelta(days=rng.randint(30, 900))).isoformat()
    return period
