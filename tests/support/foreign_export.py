"""A small synthetic export in a foreign shape, and the same records in Nexus's own format.

The shape is that of a records-management system's CSV export (the worked example of
docs/import.md): its own column names and codes, day-first dates without zero padding
(`7/8/1990`), local times, ids unique only within a file, and relationship files by
start and end id (`:START_ID,:END_ID,:TYPE`, as graph tools export them). The mapping
that reads it is tests/support/foreign_export.yaml.

`write_foreign(folder)` writes the export; `nexus_rows()` gives the same records as Nexus
rows, built here by hand rather than through the mapping, so an import of each can be
compared. Deterministic (a fixed seed); every name is invented.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

MAPPING = Path(__file__).with_name("foreign_export.yaml")
SOURCE, RECORDED_BY = "Northshire RMS export", "Data team"
LONDON = ZoneInfo("Europe/London")
LINKS_RECORDED = "2020-01-01T00:00:00+00:00"   # the link files carry no recording time

_GIVEN = ["Aisha", "Tomasz", "Kwame", "Elena", "Dylan", "Priya", "Marek", "Chloe", "Ionut",
          "Yusuf", "Grace", "Luca", "Amara", "Oskar", "Leah", "Samir"]
_FAMILY = ["Okafor", "Nowicki", "Mensah", "Popescu", "Hughes", "Raman", "Kowal", "Bennett",
           "Dumitru", "Aksoy", "Whitfield", "Moretti", "Adebayo", "Lind", "Carver", "Haddad"]
# Source code -> Nexus value, as the mapping says it (and "Anti-social behaviour", which
# it does not map, so the default applies).
CRIME_TYPES = {"Violence and sexual offences": "assault", "Robbery": "robbery",
               "Burglary": "burglary", "Drugs": "drugs_supply",
               "Criminal damage and arson": "criminal_damage", "Anti-social behaviour": "other"}
OUTCOMES = ["Investigation complete; no suspect identified", "Under investigation",
            "Offender given a caution", "Awaiting court outcome"]
NATIONALITIES = {"British": "GB", "Polish": "PL", "Romanian": "RO", "Nigerian": "NG",
                 "Turkish": "TR"}
SEXES = {"M": "male", "F": "female", "U": "unknown"}
ROLES = {"SUSPECT": "suspect", "VICTIM": "victim", "WITNESS": "witness"}
LINK_TYPES = {"KNOWS": "associate", "FAMILY_OF": "family", "FRIEND_OF": "friend"}
_STREETS = ["High Street", "Station Road", "Mill Lane", "Church Street", "Park Avenue"]


@dataclass(frozen=True)
class _Person:
    n: int
    surname: str
    forenames: str
    dob: dt.date
    sex: str
    nationalities: tuple[str, ...]
    alias: str | None
    created: dt.datetime            # local time (Europe/London)


def _dmy(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"           # day-first, no zero padding


def _stamp(moment: dt.datetime) -> str:
    return f"{moment.day}/{moment.month:02d}/{moment.year} {moment.hour}:{moment.minute:02d}"


def _utc(moment: dt.datetime) -> str:
    return moment.replace(tzinfo=LONDON).astimezone(dt.UTC).isoformat()


class ForeignExport:
    def __init__(self, persons: int = 24, crimes: int = 16, seed: int = 7) -> None:
        rng = random.Random(seed)
        self.people = [self._person(rng, n) for n in range(1, persons + 1)]
        self.crimes: list[dict[str, Any]] = []
        for n in range(1, crimes + 1):
            when = dt.datetime(2017, 1, 1) + dt.timedelta(days=rng.randrange(900),
                                                          minutes=rng.randrange(1440))
            self.crimes.append({
                "n": n, "type": rng.choice(list(CRIME_TYPES)), "outcome": rng.choice(OUTCOMES),
                "when": when, "street": f"{rng.randrange(1, 90)} {rng.choice(_STREETS)}",
                "postcode": rng.choice(["", f"NS{rng.randrange(1, 9)} {rng.randrange(1, 9)}AB"]),
                "lat": round(52.4 + rng.random() / 10, 5),
                "lng": round(-1.9 + rng.random() / 10, 5)})
        self.roles: list[tuple[int, int, str, str]] = []          # crime, person, role, coop
        for crime in self.crimes:
            for person in rng.sample(range(1, persons + 1), 2):
                role = rng.choice(list(ROLES))
                coop = rng.choice(["Y", "N", ""]) if role != "SUSPECT" else ""
                self.roles.append((crime["n"], person, role, coop))
        self.links: list[tuple[int, int, str, dt.date | None]] = []
        pairs = set()
        while len(self.links) < persons:
            a, b = rng.sample(range(1, persons + 1), 2)
            if (min(a, b), max(a, b)) in pairs:
                continue
            pairs.add((min(a, b), max(a, b)))
            since = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(1500))
            self.links.append((a, b, rng.choice(list(LINK_TYPES)),
                               since if rng.random() < 0.7 else None))

    @staticmethod
    def _person(rng: random.Random, n: int) -> _Person:
        dob = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(15000))
        nats = tuple(rng.sample(list(NATIONALITIES), rng.choice([1, 1, 2])))
        created = dt.datetime(2017, 8, 7, 9, 0) + dt.timedelta(hours=rng.randrange(9000))
        alias = f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}" if rng.random() < 0.3 else None
        return _Person(n, rng.choice(_FAMILY), rng.choice(_GIVEN), dob, rng.choice(list(SEXES)),
                       nats, alias, created)

    # --- the export ----------------------------------------------------------------------

    def write_foreign(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        _csv(folder / "people.csv", ["ID", "Surname", "Forenames", "DOB", "Sex", "Nationality",
                                     "AKA", "Created"],
             [[p.n, p.surname.upper(), p.forenames, _dmy(p.dob), p.sex, "/".join(p.nationalities),
               p.alias or "", _stamp(p.created)] for p in self.people])
        _csv(folder / "crimes.csv", ["Crime ID", "Month", "Reported", "Crime type",
                                     "Last outcome category", "Street", "Postcode", "Latitude",
                                     "Longitude"],
             [[c["n"], f"{c['when']:%Y-%m}", _stamp(c["when"]), c["type"], c["outcome"],
               c["street"], c["postcode"], c["lat"], c["lng"]] for c in self.crimes])
        _csv(folder / "involved.csv", ["CRIME_REF", "PERSON_REF", "INVOLVEMENT", "CO_OP"],
             [list(role) for role in self.roles])
        _csv(folder / "links.csv", [":START_ID", ":END_ID", ":TYPE", "since"],
             [[a, b, kind, _dmy(since) if since else ""] for a, b, kind, since in self.links])
        return folder

    # --- the same records in Nexus's own format ---------------------------------------------

    def nexus_rows(self) -> dict[str, list[dict[str, Any]]]:
        recorded = {"source": SOURCE, "recorded_by": RECORDED_BY}
        people = [{"id": f"NS-P-{p.n}", "family_name": p.surname.upper(),
                   "given_names": p.forenames, "dates_of_birth": [p.dob.isoformat()],
                   "gender": SEXES[p.sex],
                   "nationalities": [NATIONALITIES[name] for name in p.nationalities],
                   "aliases": [p.alias] if p.alias else None,
                   **recorded, "recorded_at": _utc(p.created)} for p in self.people]
        locations = [{"id": f"NS-L-{c['n']}", "kind": "place", "address_line": c["street"],
                      "postcode": c["postcode"] or None, "latitude": c["lat"],
                      "longitude": c["lng"], **recorded, "recorded_at": _utc(c["when"])}
                     for c in self.crimes]
        incidents = [{"id": f"NS-C-{c['n']}", "type": CRIME_TYPES[c["type"]],
                      "occurred_at": _utc(c["when"]), "description": c["outcome"],
                      "location_id": f"NS-L-{c['n']}", **recorded,
                      "recorded_at": _utc(c["when"])} for c in self.crimes]
        roles = [{"id": f"NS-R-{crime}-{person}", "role": ROLES[role],
                  "person_id": f"NS-P-{person}", "incident_id": f"NS-C-{crime}",
                  "cooperated": {"Y": True, "N": False}.get(coop),
                  **recorded, "recorded_at": LINKS_RECORDED}
                 for crime, person, role, coop in self.roles]
        links = [{"id": f"NS-A-{a}-{b}", "kind": LINK_TYPES[kind], "person_id": f"NS-P-{a}",
                  "other_person_id": f"NS-P-{b}",
                  "since": since.isoformat() if since else None,
                  **recorded, "recorded_at": LINKS_RECORDED}
                 for a, b, kind, since in self.links]
        return {"location": locations, "person": people, "incident": incidents,
                "incident_role": roles, "association": links}


def _csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)


if __name__ == "__main__":      # python -m tests.support.foreign_export FOLDER
    import sys

    print(ForeignExport().write_foreign(Path(sys.argv[1])))
