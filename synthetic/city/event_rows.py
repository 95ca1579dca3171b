"""Rows for offences, incidents, incident roles, arrests, charges and convictions."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from graph.offences import BY_CODE, OFFENCES
from synthetic.city.events import Events
from synthetic.city.places import Places, location_id
from synthetic.city.population import person_id
from synthetic.city.provenance import BASELINE, Provenance, iso

_DESCRIPTIONS = {
    "assault": "Victim punched and kicked outside {place}",
    "wounding": "Victim left with facial injuries after a fight near {place}",
    "robbery": "Phone and cash taken from the victim by a group near {place}",
    "stabbing": "Victim stabbed near {place}; knife not recovered",
    "shooting": "Shots fired near {place}; one person injured",
    "domestic_abuse": "Report of domestic abuse at the home address",
    "burglary": "Entry forced at the rear of the address; jewellery and cash taken",
    "drugs_supply": "Street dealing of Class A drugs observed near {place}",
    "public_order": "Group fighting and threatening passers-by near {place}",
    "sexual_offence": "Victim sexually assaulted near {place}",
    "criminal_damage": "Vehicle and shop front damaged near {place}",
    "other": "Suspicious activity reported near {place}",
}
_NFA_REASONS = ("Insufficient evidence", "Victim does not support a prosecution",
                "Not in the public interest", "Suspect not identified by witnesses")
_FOREIGN_COURTS = {
    "PL": "Sąd Rejonowy", "RO": "Judecătoria", "LT": "Apylinkės teismas",
    "AL": "Gjykata e Rrethit Gjyqësor", "ES": "Juzgado de lo Penal", "FR": "Tribunal correctionnel",
    "IT": "Tribunale", "DE": "Amtsgericht", "PT": "Tribunal Judicial", "BG": "Районен съд",
}


def offence_rows(provenance: Provenance, seed: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(f"{seed}:offence-rows")
    for offence in OFFENCES:
        yield {"id": offence.code, "description": offence.description,
               "category": offence.category, "chi_days": offence.chi_days,
               **provenance.make(rng, "Home Office offence code list", None)}


def incident_id(index: int) -> str:
    return f"IN-{index + 1:07d}"


def incident_rows(events: Events, places: Places, provenance: Provenance, seed: int
                  ) -> Iterator[dict[str, Any]]:
    rng = random.Random(f"{seed}:incident-rows")
    for index, incident in enumerate(events.incidents):
        where = (places.place_name(incident.location)
                 if incident.location >= places.place_base else "the address")
        row = {"id": incident_id(index), "occurred_at": iso(incident.at),
               "type": incident.type,
               "description": _DESCRIPTIONS[incident.type].format(place=where),
               "location_id": location_id(incident.location),
               **provenance.make(rng, "CAD / CRIS", incident.at)}
        if rng.random() < 0.6:
            row["review_date"] = (incident.at + timedelta(days=365 * 6)).date().isoformat()
        yield row


def incident_role_rows(events: Events, provenance: Provenance, seed: int
                       ) -> Iterator[dict[str, Any]]:
    rng = random.Random(f"{seed}:incident-role-rows")
    for index, role in enumerate(events.roles):
        row = {"id": f"IR-{index + 1:07d}", "person_id": person_id(role.person),
               "incident_id": incident_id(role.incident), "role": role.role,
               **provenance.make(rng, "CRIS", events.incidents[role.incident].at)}
        if role.cooperated is not None:
            row["cooperated"] = role.cooperated
        yield row


def arrest_rows(events: Events, places: Places, provenance: Provenance, seed: int
                ) -> Iterator[dict[str, Any]]:
    rng = random.Random(f"{seed}:arrest-rows")
    for index, arrest in enumerate(events.arrests):
        row: dict[str, Any] = {
            "id": f"AR-{index + 1:07d}", "person_id": person_id(arrest.person),
            "offence_ids": list(arrest.offences), "arrested_at": iso(arrest.at),
            "arresting_officer": provenance.officer(rng), "outcome": arrest.outcome,
            "custody_suite_id": location_id(places.custody_suite(arrest.custody_suite)),
            "review_date": (arrest.at + timedelta(days=365 * 6)).date().isoformat(),
            **provenance.make(rng, "Custody record", arrest.at)}
        if arrest.incident >= 0:
            row["incident_id"] = incident_id(arrest.incident)
        if arrest.outcome == "nfa":
            row["outcome_reason"] = rng.choice(_NFA_REASONS)
        yield row


def charge_rows(events: Events, provenance: Provenance, seed: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(f"{seed}:charge-rows")
    for index, charge in enumerate(events.charges):
        arrest = events.arrests[charge.arrest]
        yield {"id": f"CH-{index + 1:07d}", "person_id": person_id(arrest.person),
               "arrest_id": f"AR-{charge.arrest + 1:07d}", "offence_ids": list(arrest.offences),
               "charged_at": iso(charge.at), "status": charge.status,
               **provenance.make(rng, "CPS charging decision", charge.at)}


def conviction_rows(events: Events, places: Places, provenance: Provenance, seed: int
                    ) -> Iterator[dict[str, Any]]:
    rng = random.Random(f"{seed}:conviction-rows")
    for index, conviction in enumerate(events.convictions):
        gravity = max(BY_CODE[code].chi_days for code in conviction.offences)
        row: dict[str, Any] = {
            "id": f"CV-{index + 1:07d}", "person_id": person_id(conviction.person),
            "offence_ids": list(conviction.offences),
            "convicted_on": conviction.on.date().isoformat(),
            "plea": rng.choices(("guilty", "not_guilty", "no_plea"), (70, 25, 5))[0],
            "jurisdiction": conviction.jurisdiction, "known_via": conviction.known_via,
            **_disposal(rng, gravity)}
        if conviction.charge >= 0:
            row["charge_id"] = f"CH-{conviction.charge + 1:07d}"
            row["court"] = places.court(rng, gravity >= 365)[1]
            row.update(provenance.make(rng, "PNC", conviction.on))
        else:
            city = events.population.origin_of(conviction.person).cities[0] \
                if conviction.jurisdiction == events.population.origin_of(
                    conviction.person).nationality else "the capital"
            court = _FOREIGN_COURTS.get(conviction.jurisdiction, "Criminal court")
            row["court"] = f"{court} ({city}, {conviction.jurisdiction})"
            source = {"ecris": "ECRIS request", "interpol": "Interpol I-24/7 response",
                      "bilateral": "Bilateral exchange"}[conviction.known_via]
            row.update(provenance.make(rng, source, min(BASELINE, conviction.on
                                                        + timedelta(days=400))))
        yield row


def _disposal(rng: random.Random, gravity: float) -> dict[str, Any]:
    if gravity >= 365:
        disposal = rng.choices(("immediate_custody", "suspended_sentence"), (75, 25))[0]
        months = max(1, round(gravity / 30 * rng.uniform(0.6, 1.6)))
        return {"disposal": disposal, "disposal_months": min(months, 24)
                if disposal == "suspended_sentence" else months}
    if gravity >= 56:
        disposal = rng.choices(("immediate_custody", "suspended_sentence", "community_order"),
                               (20, 35, 45))[0]
        return {"disposal": disposal, "disposal_months": rng.randint(2, 18)}
    disposal = rng.choices(("fine", "conditional_discharge", "community_order",
                            "absolute_discharge"), (50, 30, 15, 5))[0]
    months_by_disposal = {"conditional_discharge": rng.randint(6, 24),
                          "community_order": rng.randint(6, 12)}
    return {"disposal": disposal, **({"disposal_months": months_by_disposal[disposal]}
                                     if disposal in months_by_disposal else {})}
