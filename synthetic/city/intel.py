"""Intelligence, checks, warrants abroad and high-harm flags, with their rows.

Warrants: a few foreign nationals (more among those with foreign convictions or in an
OCG) are wanted abroad on a European Arrest Warrant or an Interpol notice, and each
warrant is found by a "wanted abroad" check. Arrested foreign nationals get the checks
a custody suite runs (wanted abroad, foreign convictions, immigration status,
fingerprints). Flags go to organisation leaders and the most prolific offenders, with a
history of reviews and sometimes a clearing. Intelligence reports are graded 3x5x2 and
mention people, their organisation, places, vehicles and phones.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from graph.offences import BY_CODE
from synthetic.city.assets import Assets
from synthetic.city.events import END, Events
from synthetic.city.origins import EU_STATES
from synthetic.city.places import Places, location_id
from synthetic.city.population import Population, person_id
from synthetic.city.provenance import Provenance, iso

_HANDLING_CONDITIONS = (
    "Not to be disseminated outside the MPS without reference to the originator",
    "Source protection: sanitise before any onward sharing",
    "May be shared with Home Office Immigration Enforcement only",
    "Not for use in evidence; do not disclose to the subject",
)
_SUMMARIES = (
    "{name} is believed to be supplying Class A drugs in {area} on behalf of {org}.",
    "{name} has been seen with {other} at {place}; both are thought to carry knives.",
    "{name} is reported to be holding a firearm for {org}.",
    "{name} is using a phone line to run drugs from {area} to county towns.",
    "{name} is said to be planning retaliation for an attack on {other}.",
    "{name} is reported to be collecting cash for {org} from addresses in {area}.",
    "{name} and {other} are believed to be moving stolen vehicles through {area}.",
    "{name} is reported to be exploiting young people to sell drugs in {area}.",
    "{name} is believed to be working illegally and living at an address in {area}.",
    "{name} was seen meeting {other} near {place}; the purpose is not known.",
)


class Intel:
    def __init__(self, population: Population, places: Places, assets: Assets, events: Events,
                 seed: int) -> None:
        self.pop = population
        self.places = places
        self.assets = assets
        self.events = events
        self.seed = seed
        rng = random.Random(f"{seed}:intel")
        first_arrest: dict[int, datetime] = {}
        for arrest in events.arrests:             # sorted by time
            first_arrest.setdefault(arrest.person, arrest.at)
        foreign_convicted = {c.person for c in events.convictions if c.charge < 0}
        self.warrants: list[tuple[int, str, str, date, str, str]] = []
        self.checks: list[tuple[int, str, str, datetime, str, int, str]] = []
        for person in range(population.size):
            self._person_checks(rng, person, first_arrest.get(person),
                                person in foreign_convicted)
        self.flags = self._flags(rng)
        self.reports = round(population.size * 0.3)

    # --- warrants and checks ---------------------------------------------------------

    def _person_checks(self, rng: random.Random, person: int, arrested: datetime | None,
                       convicted_abroad: bool) -> None:
        pop = self.pop
        nationality = pop.origin_of(person).nationality
        if nationality == "GB":
            if arrested is not None and rng.random() < 0.25:
                self.checks.append((person, "pnc", "PNC", arrested, "match", -1,
                                    "PNC record confirmed"))
            return
        chance = 0.012 + (0.12 if convicted_abroad else 0) + (0.15 if pop.ocg[person] >= 0 else 0)
        warrant = -1
        if pop.propensity[person] > 0 and rng.random() < chance:
            warrant = len(self.warrants)
            eu = nationality in EU_STATES
            kind = ("european_arrest_warrant" if rng.random() < 0.85 else "interpol_diffusion") \
                if eu else ("interpol_red_notice" if rng.random() < 0.7 else "interpol_diffusion")
            issued = date(2016, 1, 1) + timedelta(days=rng.randrange(365 * 9))
            offence = BY_CODE[rng.choice(("028/01", "092/01", "005/01", "034/02", "053/01",
                                          "106/01", "001/01"))].description
            status = rng.choices(("active", "executed", "withdrawn"), (80, 15, 5))[0]
            self.warrants.append((person, kind, nationality, issued, status, offence))
        if arrested is None and warrant < 0:
            return
        at = arrested or datetime(2016, 1, 1, tzinfo=UTC)
        if warrant >= 0:
            issued = self.warrants[warrant][3]
            at = max(at, datetime(issued.year, issued.month, issued.day, 10, tzinfo=UTC)
                     + timedelta(days=rng.randint(5, 300)))
            at = min(at, END)
        sis = nationality in EU_STATES and at < datetime(2021, 1, 1, tzinfo=UTC)
        self.checks.append((person, "wanted_abroad", "SIS_II" if sis else "INTERPOL_I24_7", at,
                            "match" if warrant >= 0 else "no_match", warrant,
                            "Subject of a warrant abroad" if warrant >= 0 else "No trace"))
        if arrested is None:
            return
        self.checks.append((person, "foreign_convictions",
                            "ECRIS" if nationality in EU_STATES else "INTERPOL_I24_7", arrested,
                            "match" if convicted_abroad else "no_match", -1,
                            "Convictions abroad returned" if convicted_abroad else "No trace"))
        self.checks.append((person, "immigration_status", "HO_CID", arrested,
                            "match" if rng.random() < 0.8 else "inconclusive", -1,
                            "Status confirmed by Home Office"))
        self.checks.append((person, "fingerprints", "IDENT1", arrested,
                            "match" if rng.random() < 0.55 else "no_match", -1,
                            "Fingerprints taken in custody"))

    # --- flags -------------------------------------------------------------------------

    def _flags(self, rng: random.Random) -> list[tuple[int, datetime, str, list[tuple[Any, ...]]]]:
        pop = self.pop
        leaders = [org.members[0] for org in pop.organisations]
        prolific = sorted(range(pop.size), key=lambda p: (-pop.propensity[p], p))
        chosen = list(dict.fromkeys(leaders[: max(2, len(leaders) // 3)] + prolific))
        flags = []
        for person in chosen[: max(3, pop.size // 150)]:
            set_at = datetime(2019, 1, 1, 9, tzinfo=UTC) + timedelta(
                hours=rng.randrange(24 * 365 * 5))
            organisation = pop.organisation_of(person)
            reason = (f"Leading member of {organisation.name}; linked to serious violence"
                      if organisation and organisation.members[0] == person
                      else "Repeat violent offending and weapons possession")
            events: list[tuple[Any, ...]] = []
            at = set_at
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                at += timedelta(days=rng.randint(150, 200))
                if at > END:
                    break
                events.append(("reviewed", at, "Review: risk remains high",
                               (at + timedelta(days=182)).date()))
            if rng.random() < 0.3 and at + timedelta(days=120) < END:
                at += timedelta(days=rng.randint(30, 120))
                events.append(("cleared", at, "No offending or intelligence for two years",
                               None))
            flags.append((person, set_at, reason, events))
        return flags

    # --- rows ----------------------------------------------------------------------------

    def warrant_rows(self, provenance: Provenance) -> Iterator[dict[str, Any]]:
        rng = random.Random(f"{self.seed}:warrant-rows")
        for index, (person, kind, country, issued, status, offence) in enumerate(self.warrants):
            prefix = "EAW" if kind == "european_arrest_warrant" else "IP"
            yield {"id": f"WA-{index + 1:07d}", "person_id": person_id(person), "kind": kind,
                   "issuing_country": country,
                   "reference": f"{prefix}/{country}/{issued.year}/{rng.randint(1, 99999):05d}",
                   "offence_description": offence, "issued_on": issued.isoformat(),
                   "status": status,
                   **provenance.make(rng, "NCA International Crime Bureau",
                                     datetime(issued.year, issued.month, issued.day,
                                              tzinfo=UTC))}

    def check_rows(self, provenance: Provenance) -> Iterator[dict[str, Any]]:
        rng = random.Random(f"{self.seed}:check-rows")
        for index, (person, kind, against, at, result, warrant, detail) in enumerate(
                self.checks):
            row = {"id": f"CK-{index + 1:07d}", "person_id": person_id(person), "kind": kind,
                   "against": against, "checked_by": provenance.officer(rng),
                   "checked_at": iso(at), "result": result, "detail": detail,
                   **provenance.make(rng, "Custody record", at)}
            if warrant >= 0:
                row["warrant_id"] = f"WA-{warrant + 1:07d}"
            yield row

    def flag_rows(self, provenance: Provenance) -> Iterator[dict[str, Any]]:
        rng = random.Random(f"{self.seed}:flag-rows")
        for index, (person, set_at, reason, _) in enumerate(self.flags):
            yield {"id": f"FL-{index + 1:05d}", "person_id": person_id(person),
                   "kind": "high_harm", "reason": reason, "set_by": provenance.officer(rng),
                   "set_at": iso(set_at),
                   "review_date": (set_at + timedelta(days=182)).date().isoformat(),
                   **provenance.make(rng, "High Harm Offender Panel", set_at)}

    def flag_event_rows(self, provenance: Provenance) -> Iterator[dict[str, Any]]:
        rng = random.Random(f"{self.seed}:flag-event-rows")
        for index, (_, _, _, events) in enumerate(self.flags):
            for number, (action, at, reason, next_review) in enumerate(events):
                row = {"id": f"FE-{index + 1:05d}-{number + 1}", "flag_id": f"FL-{index + 1:05d}",
                       "action": action, "at": iso(at), "by": provenance.officer(rng),
                       "reason": reason,
                       **provenance.make(rng, "High Harm Offender Panel", at)}
                if next_review:
                    row["next_review_date"] = next_review.isoformat()
                yield row

    def challenged(self) -> list[int]:
        """The flags the demo records a challenge to: the first and every sixth after it."""
        return list(range(0, len(self.flags), 6))

    def challenge_rows(self, provenance: Provenance) -> Iterator[dict[str, Any]]:
        """An open challenge by the person's solicitors, lodged the day after the flag."""
        rng = random.Random(f"{self.seed}:challenge-rows")
        for index in self.challenged():
            raised = self.flags[index][1] + timedelta(hours=20)
            yield {"id": f"FC-{index + 1:05d}", "flag_id": f"FL-{index + 1:05d}",
                   "raised_by": "representative", "raised_by_detail": "the subject's solicitors",
                   "grounds": "The flag rests on arrests that led to no charge; the subject "
                              "asks for it to be reviewed and cleared.",
                   "raised_at": iso(raised), "status": "open",
                   **provenance.make(rng, "Flag challenges", raised)}

    def report_rows(self, provenance: Provenance) -> Iterator[dict[str, Any]]:
        rng = random.Random(f"{self.seed}:intelligence-rows")
        pop, events = self.pop, self.events
        for index in range(self.reports):
            subject = pop.pick_offender(rng)
            organisation = pop.organisation_of(subject)
            people = [subject]
            if organisation and rng.random() < 0.7:
                people.append(rng.choice(organisation.members))
            borough = pop.borough_of(subject)
            place = self.places.public_place(rng, borough)
            at = datetime(2016, 1, 1, tzinfo=UTC) + timedelta(
                minutes=rng.randrange(int((END - datetime(2016, 1, 1, tzinfo=UTC))
                                          .total_seconds() // 60)))
            name = pop.names[subject]
            other = pop.names[people[-1]]
            text = rng.choice(_SUMMARIES).format(
                name=f"{name.given} {name.family}".upper(),
                other=f"{other.given} {other.family}".upper(),
                org=organisation.name if organisation else "an unknown group",
                area=self.places.borough_name(borough), place=self.places.place_name(place))
            grading = rng.choices(("1", "2", "3"), (25, 60, 15))[0], \
                rng.choices("ABCDE", (10, 30, 35, 20, 5))[0], \
                "C" if rng.random() < 0.12 else "P"
            row: dict[str, Any] = {
                "id": f"IT-{index + 1:07d}", "reported_at": iso(at), "summary": text,
                "source_evaluation": grading[0], "intelligence_assessment": grading[1],
                "handling_code": grading[2],
                "mentions_person_ids": list(dict.fromkeys(person_id(p) for p in people)),
                **provenance.make(rng, "CRIMINT", at)}
            if grading[2] == "C":
                row["handling_conditions"] = rng.choice(_HANDLING_CONDITIONS)
            if organisation and rng.random() < 0.6:
                row["mentions_organisation_ids"] = [f"OR-{organisation.index + 1:05d}"]
            if rng.random() < 0.4:
                row["mentions_location_ids"] = [location_id(place)]
            if events.incidents and rng.random() < 0.15:
                incident = rng.randrange(len(events.incidents))
                row["mentions_incident_ids"] = [f"IN-{incident + 1:07d}"]
            vehicles = self.assets.vehicles_of(subject)
            if vehicles and rng.random() < 0.5:
                row["mentions_vehicle_ids"] = [f"V-{vehicles[0] + 1:07d}"]
            phones = self.assets.phones_of(subject)
            if phones and rng.random() < 0.4:
                row["mentions_phone_ids"] = [f"PH-{phones[0] + 1:07d}"]
            if rng.random() < 0.5:
                row["review_date"] = (at + timedelta(days=365 * 6)).date().isoformat()
            yield row
