"""Locations: custody suites, courts, one address per household, and public places.

Index layout (location i has id `location_id(i)`): custody suites (one per borough), then
courts, then an address per household, then public places. Coordinates are the
borough centre jittered by a few hundred metres; street names and numbers are made up.
"""

from __future__ import annotations

import random
import string
from collections.abc import Iterator
from typing import Any

from synthetic.city.city import BOROUGHS, COURTS, CUSTODY_SUITES, PLACE_KINDS, STREET_STEMS
from synthetic.city.population import Population
from synthetic.city.provenance import Provenance

_BOROUGH_INDEX = {borough.name: index for index, borough in enumerate(BOROUGHS)}
_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters used in inward postcodes


def location_id(index: int) -> str:
    return f"L-{index + 1:07d}"


class Places:
    def __init__(self, population: Population, seed: int) -> None:
        self.population = population
        self.seed = seed
        self.courts_base = len(CUSTODY_SUITES)
        self.address_base = self.courts_base + len(COURTS)
        self.place_base = self.address_base + len(population.households)
        rng = random.Random(f"{seed}:places")
        count = max(len(BOROUGHS), population.size // 40)
        self.place_borough = [index % len(BOROUGHS) if index < len(BOROUGHS)
                              else rng.randrange(len(BOROUGHS)) for index in range(count)]
        self.place_names = [f"{rng.choice(STREET_STEMS)} {rng.choice(PLACE_KINDS)}"
                            for _ in range(count)]
        self.by_borough: list[list[int]] = [[] for _ in BOROUGHS]
        for index, borough in enumerate(self.place_borough):
            self.by_borough[borough].append(self.place_base + index)

    def __len__(self) -> int:
        return self.place_base + len(self.place_borough)

    def custody_suite(self, borough: int) -> int:
        return borough

    def court(self, rng: random.Random, serious: bool) -> tuple[int, str]:
        choices = [i for i, (name, _) in enumerate(COURTS)
                   if ("Crown" in name or "Central" in name) == serious]
        index = rng.choice(choices)
        return self.courts_base + index, COURTS[index][0]

    def address(self, household: int) -> int:
        return self.address_base + household

    def public_place(self, rng: random.Random, borough: int) -> int:
        local = self.by_borough[borough]
        return rng.choice(local) if local else self.place_base

    def borough_name(self, borough: int) -> str:
        return BOROUGHS[borough].name

    def place_name(self, location: int) -> str:
        return self.place_names[location - self.place_base]

    def rows(self, provenance: Provenance) -> Iterator[dict[str, Any]]:
        rng = random.Random(f"{self.seed}:location-rows")
        for index, (name, borough) in enumerate(zip(CUSTODY_SUITES, BOROUGHS, strict=True)):
            yield self._row(rng, provenance, index, "custody_suite", name, borough)
        for offset, (name, borough_name) in enumerate(COURTS):
            yield self._row(rng, provenance, self.courts_base + offset, "court", name,
                            BOROUGHS[_BOROUGH_INDEX[borough_name]])
        for offset, house in enumerate(self.population.households):
            line = f"{house.number} {house.street} {_suffix(house.number)}"
            yield self._row(rng, provenance, self.address_base + offset, "address", None,
                            BOROUGHS[house.borough], line)
        for offset, borough_index in enumerate(self.place_borough):
            yield self._row(rng, provenance, self.place_base + offset, "place",
                            self.place_names[offset],
                            BOROUGHS[borough_index])

    @staticmethod
    def _row(rng: random.Random, provenance: Provenance, index: int, kind: str,
             name: str | None, borough: Any, line: str | None = None) -> dict[str, Any]:
        postcode = (f"{rng.choice(borough.districts)} {rng.randint(1, 9)}"
                    f"{rng.choice(_UNIT_LETTERS)}{rng.choice(_UNIT_LETTERS)}")
        return {
            "id": location_id(index), "kind": kind, "name": name,
            "address_line": line or name, "postcode": postcode, "borough": borough.name,
            "latitude": round(borough.latitude + rng.uniform(-0.012, 0.012), 6),
            "longitude": round(borough.longitude + rng.uniform(-0.018, 0.018), 6),
            **provenance.make(rng, "CONNECT", None),
        }


def _suffix(number: int) -> str:
    return ("Road", "Street", "Lane", "Grove", "Avenue", "Close")[number % 6] \
        if number % 7 else f"House, Flat {string.ascii_uppercase[number % 26]}"
