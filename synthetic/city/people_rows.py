"""Rows for people and their links: person, organisation, membership, association, lives_at."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from graph.offences import BY_CODE
from synthetic.city.city import BOROUGHS
from synthetic.city.events import Events
from synthetic.city.network import FAMILY_DETAILS, KINDS, Network
from synthetic.city.origins import EU_STATES
from synthetic.city.places import Places, location_id
from synthetic.city.pools import MONIKERS
from synthetic.city.population import GENDERS, REFERENCE_YEAR, Population, person_id
from synthetic.city.provenance import Provenance

_PNC_CHECK = "ZABCDEFGHJKLMNPQRTUVWXY"   # the PNC's mod-23 check letters
_MARKERS = {"violence_against_the_person": "violence", "robbery": "violence",
            "possession_of_weapons": "weapons", "drug_offences": "drugs"}
_STATUS_EU = {"settled": 55, "limited_leave": 25, "overstayer": 5, "unknown": 15}
_STATUS_OTHER = {"limited_leave": 25, "asylum_seeker": 20, "refugee": 15, "settled": 15,
                 "overstayer": 10, "illegal_entrant": 8, "unknown": 7}


def organisation_id(index: int) -> str:
    return f"OR-{index + 1:05d}"


def _check_letter(year: int, serial: int) -> str:
    return _PNC_CHECK[int(f"{year % 100:02d}{serial:07d}") % 23]


def person_rows(pop: Population, events: Events, provenance: Provenance, seed: int
                ) -> Iterator[dict[str, Any]]:
    rng = random.Random(f"{seed}:person-rows")
    first_arrest: dict[int, int] = {}
    markers: dict[int, set[str]] = {}
    for arrest in events.arrests:
        first_arrest.setdefault(arrest.person, arrest.at.year)
        for code in arrest.offences:
            marker = _MARKERS.get(BY_CODE[code].category)
            if marker:
                markers.setdefault(arrest.person, set()).add(
                    "firearms" if code == "010/01" else marker)
    convicted = {c.person for c in events.convictions if c.charge >= 0}
    for person in range(pop.size):
        origin = pop.origin_of(person)
        name = pop.names[person]
        year = pop.birth_year[person]
        foreign = origin.nationality != "GB"
        dob = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        dobs = [dob[:4] if foreign and rng.random() < 0.08 else dob]
        if rng.random() < (0.12 if foreign else 0.03):
            dobs.append(f"{year + rng.choice((-1, 1))}{dob[4:]}")     # a second claimed DOB
        aliases = list(name.aliases)
        if pop.gang[person] >= 0 and rng.random() < 0.35:
            aliases.append(rng.choice(MONIKERS))
        row: dict[str, Any] = {
            "id": person_id(person), "given_names": name.given, "family_name": name.family,
            "aliases": list(dict.fromkeys(aliases)), "dates_of_birth": dobs,
            "gender": GENDERS[pop.gender[person]], "place_of_birth": rng.choice(origin.cities),
            "nationalities": [origin.nationality],
            **provenance.make(rng, "PNC" if person in first_arrest else "CONNECT", None),
        }
        if foreign:
            weights = _STATUS_EU if origin.nationality in EU_STATES else _STATUS_OTHER
            row["immigration_status"] = rng.choices(tuple(weights), tuple(weights.values()))[0]
            row["ho_reference"] = f"{'ABCDEFGHJKLMNPRSTUVW'[person % 20]}" \
                                  f"{(person * 7907 + 1_000_003) % 10_000_000:07d}"
            if rng.random() < 0.7:
                row["passports"] = [f"{origin.nationality}:{chr(65 + person % 26)}"
                                    f"{(person * 104_729) % 100_000_000:08d}"]
        else:
            row["immigration_status"] = "british_citizen"
            if origin.names != "en_GB" and rng.random() < 0.1:
                row["nationalities"] = ["GB", rng.choice(("PK", "NG", "IE", "IN", "SO", "TR"))]
        serial = (person * 7919 + 1) % 10_000_000
        if person in first_arrest:
            pnc_year = first_arrest[person]
            row["pnc_id"] = f"{pnc_year}/{serial:07d}{_check_letter(pnc_year, serial)}"
        if person in convicted:
            cro_year = first_arrest.get(person, 2015)
            cro = serial % 1_000_000
            row["cro_number"] = f"{cro}/{cro_year % 100:02d}{_check_letter(cro_year, cro)}"
        marks = sorted(markers.get(person, ()))
        if rng.random() < 0.03:
            marks.append(rng.choice(("mental_health", "self_harm", "escape_risk")))
        if marks:
            row["warning_markers"] = marks
        if person in first_arrest:
            row["review_date"] = date(first_arrest[person] + 6, 6, 30).isoformat()
        yield row


def organisation_rows(pop: Population, provenance: Provenance, seed: int
                      ) -> Iterator[dict[str, Any]]:
    rng = random.Random(f"{seed}:organisation-rows")
    for org in pop.organisations:
        yield {"id": organisation_id(org.index), "name": org.name, "kind": org.kind,
               "area": BOROUGHS[org.borough].name,
               **provenance.make(rng, "Gangs Violence Matrix", None)}


def membership_rows(pop: Population, provenance: Provenance, seed: int
                    ) -> Iterator[dict[str, Any]]:
    rng = random.Random(f"{seed}:membership-rows")
    number = 0
    for org in pop.organisations:
        for rank, member in enumerate(org.members):
            number += 1
            role = "leader" if rank == 0 else rng.choices(
                ("member", "associate", "prospect"), (60, 30, 10))[0]
            since = date(2016, 1, 1) + timedelta(days=rng.randrange(365 * 8))
            row = {"id": f"ME-{number:07d}", "person_id": person_id(member),
                   "organisation_id": organisation_id(org.index), "role": role,
                   "since": since.isoformat(), **_grading(rng, 1.0),
                   **provenance.make(rng, "Gangs Violence Matrix", None)}
            yield row


def association_rows(net: Network, provenance: Provenance, seed: int
                     ) -> Iterator[dict[str, Any]]:
    rng = random.Random(f"{seed}:association-rows")
    for index in range(len(net)):
        kind = KINDS[net.kind[index]]
        row: dict[str, Any] = {
            "id": f"AS-{index + 1:07d}", "kind": kind,
            "person_id": person_id(net.start[index]),
            "other_person_id": person_id(net.end[index]), "derived": False,
            **provenance.make(rng, _ASSOCIATION_SOURCES[kind], None)}
        if kind == "family":
            row["detail"] = FAMILY_DETAILS[net.detail[index]]
        else:
            since = date(2014, 1, 1) + timedelta(days=rng.randrange(365 * 11))
            row["since"] = since.isoformat()
            if rng.random() < 0.1:
                row["until"] = min(date(2025, 10, 30),
                                   since + timedelta(days=rng.randint(60, 1500))).isoformat()
            if kind in ("friend", "phone_contact", "social_media"):
                row.update(_grading(rng, 0.5))
        yield row


def lives_at_rows(pop: Population, places: Places, provenance: Provenance, seed: int
                  ) -> Iterator[dict[str, Any]]:
    rng = random.Random(f"{seed}:lives-at-rows")
    number = 0
    for person in range(pop.size):
        since = date(max(REFERENCE_YEAR - 8, pop.birth_year[person] + 16), 1, 1) + timedelta(
            days=rng.randrange(365 * 3))
        number += 1
        yield {"id": f"LA-{number:07d}", "person_id": person_id(person),
               "location_id": location_id(places.address(pop.household[person])),
               "since": min(since, date(2025, 6, 1)).isoformat(),
               **provenance.make(rng, "CONNECT", None)}
        if pop.moved[person]:
            # An earlier address: someone else's household.
            number += 1
            earlier = rng.randrange(len(pop.households))
            start = since - timedelta(days=rng.randint(400, 2000))
            yield {"id": f"LA-{number:07d}", "person_id": person_id(person),
                   "location_id": location_id(places.address(earlier)),
                   "since": start.isoformat(), "until": since.isoformat(),
                   **provenance.make(rng, "CONNECT", None)}


_ASSOCIATION_SOURCES = {"family": "CONNECT", "partner": "CONNECT", "lives_with": "CONNECT",
                        "friend": "CRIMINT", "phone_contact": "Phone download",
                        "social_media": "Social media review"}


def _grading(rng: random.Random, chance: float) -> dict[str, str]:
    if rng.random() >= chance:
        return {}
    grading = {"source_evaluation": rng.choices(("1", "2", "3"), (30, 55, 15))[0],
               "intelligence_assessment": rng.choices("ABCDE", (15, 35, 30, 15, 5))[0],
               "handling_code": "C" if rng.random() < 0.08 else "P"}
    if grading["handling_code"] == "C":
        grading["handling_conditions"] = "Source protection: sanitise before sharing"
    return grading
