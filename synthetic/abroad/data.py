"""The records-abroad data set: deterministic, derived from a seed, no database needed.

Two kinds of record, both computed from the seed alone:

* people of the demo graph (`nexus demo --persons N --seed S` builds the same people
  from the same numbers): everyone wanted abroad on an active warrant is on SIS II (EAWs)
  or Interpol (notices, diffusions); every conviction abroad in an EU state is on ECRIS;
  every foreign national has a Home Office record; everyone with a PNC ID has prints on
  IDENT1. Records abroad often spell the name another way: some carry a transliteration,
  a transposed name or an alias as their main name.
* a few hundred foreigners the demo graph has never seen (new arrivals): some wanted,
  some convicted abroad, all with an immigration record.

`Dataset.search(source, query)` matches loosely, as the real systems do: phonetic name
keys (graph.names) with token order ignored, and a date of birth that agrees, is only a
year, has day and month transposed or is a year out; an identifier (PNC ID, CRO number,
Home Office reference, passport) matches on its own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from graph.names import phonetic_key, tokens
from graph.offences import BY_CODE
from synthetic.city import event_rows, people_rows
from synthetic.city.generator import DemoData
from synthetic.city.names import NameMaker
from synthetic.city.origins import FOREIGN

SOURCES = ("sis", "interpol", "ecris", "hocid", "ident1")
EXTRA_PEOPLE = 300
_EU = frozenset({"PL", "RO", "LT", "BG", "ES", "PT", "IE", "IT", "FR", "DE", "HU", "GR", "SK",
                 "CZ", "LV"})
_COURTS = {"PL": "Sąd Rejonowy", "RO": "Judecătoria", "LT": "Apylinkės teismas",
           "BG": "Районен съд", "ES": "Juzgado de lo Penal", "IT": "Tribunale",
           "FR": "Tribunal correctionnel", "DE": "Amtsgericht", "PT": "Tribunal Judicial"}
_OFFENCE_CODES = ("028/01", "092/01", "005/01", "034/02", "053/01", "106/01")
_STATUSES = ("settled", "limited_leave", "asylum_seeker", "refugee", "overstayer",
             "illegal_entrant")


@dataclass
class AbroadRecord:
    """One person as the systems abroad hold them."""

    ref: str
    given_names: str
    family_name: str
    aliases: list[str]
    dates_of_birth: list[str]
    nationality: str
    demo_person_id: str | None = None
    notices: list[dict[str, Any]] = field(default_factory=list)      # sis / interpol
    convictions: list[dict[str, Any]] = field(default_factory=list)  # ecris
    immigration: dict[str, Any] | None = None                        # hocid
    fingerprint: dict[str, Any] | None = None                        # ident1
    passports: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [f"{self.given_names} {self.family_name}", *self.aliases]

    def identity(self) -> dict[str, Any]:
        return {"record": self.ref, "given_names": self.given_names,
                "family_name": self.family_name, "aliases": self.aliases,
                "dates_of_birth": self.dates_of_birth, "nationality": self.nationality}

    def held_by(self, source: str) -> bool:
        if source in ("sis", "interpol"):
            return any(n["system"] == source for n in self.notices)
        return bool({"ecris": self.convictions, "hocid": self.immigration,
                     "ident1": self.fingerprint}[source])


def dob_agrees(claimed: str, recorded: str) -> str | None:
    """How two partial dates of birth agree, or None when they do not."""
    if claimed == recorded:
        return "exact"
    if claimed[:4] == recorded[:4] and (len(claimed) == 4 or len(recorded) == 4):
        return "year only"
    if len(claimed) == len(recorded) == 10:
        cy, cm, cd = claimed.split("-")
        ry, rm, rd = recorded.split("-")
        if cy == ry and cm == rd and cd == rm:
            return "day and month transposed"
        if cm == rm and cd == rd and abs(int(cy) - int(ry)) == 1:
            return "year differs by 1"
    if claimed[:7] == recorded[:7] and (len(claimed) == 7 or len(recorded) == 7):
        return "month only"
    return None


def _keys(name: str) -> set[str]:
    return {phonetic_key(token) for token in tokens(name)} - {""}


class Dataset:
    def __init__(self, records: list[AbroadRecord]) -> None:
        self.records = records
        self._by_key: dict[str, set[int]] = {}
        self._by_identifier: dict[str, set[int]] = {}
        for index, record in enumerate(records):
            for name in record.names:
                for key in _keys(name):
                    self._by_key.setdefault(key, set()).add(index)
            ids = [*record.passports]
            if record.immigration:
                ids.append(record.immigration.get("ho_reference") or "")
            if record.fingerprint:
                ids += [record.fingerprint.get("pnc_id") or "",
                        record.fingerprint.get("cro_number") or ""]
            for identifier in filter(None, ids):
                self._by_identifier.setdefault(identifier.upper(), set()).add(index)

    def __len__(self) -> int:
        return len(self.records)

    def search(self, source: str, query: dict[str, Any]) -> list[dict[str, Any]]:
        """Records of `source` that match the query, best first, with why they match."""
        names = [f"{query.get('given_names') or ''} {query.get('family_name') or ''}",
                 *(query.get("aliases") or [])]
        query_keys = set().union(*(_keys(name) for name in names))
        dobs = [d for d in query.get("dates_of_birth") or [] if isinstance(d, str)]
        identifiers = {str(v).upper() for v in (query.get("pnc_id"), query.get("cro_number"),
                                                query.get("ho_reference"),
                                                *(query.get("passports") or [])) if v}
        candidates: set[int] = set()
        for key in query_keys:
            candidates |= self._by_key.get(key, set())
        by_id: set[int] = set()
        for identifier in identifiers:
            by_id |= self._by_identifier.get(identifier, set())
        hits = []
        for index in sorted(candidates | by_id):
            record = self.records[index]
            if not record.held_by(source):
                continue
            why = []
            if index in by_id:
                why.append("identifier agrees")
            name_why = _name_agreement(query_keys, record)
            dob_why = next((how for d in dobs for r in record.dates_of_birth
                            if (how := dob_agrees(d, r))), None)
            dob_differs = bool(dobs and record.dates_of_birth and dob_why is None)
            if index not in by_id and (name_why is None or dob_differs):
                continue
            if name_why:
                why.append(name_why)
            if dob_why:
                why.append(f"date of birth: {dob_why}")
            score = (1.0 if index in by_id else 0.0) + (0.6 if name_why else 0) + \
                (0.4 if dob_why == "exact" else 0.25 if dob_why else 0)
            hits.append({**record.identity(), "score": round(min(score, 1.0), 2), "why": why,
                         **_payload(source, record)})
        hits.sort(key=lambda hit: (-hit["score"], hit["record"]))
        return hits[:10]


def _name_agreement(query_keys: set[str], record: AbroadRecord) -> str | None:
    """Every token of one of the record's names has its phonetic key in the query."""
    for number, name in enumerate(record.names):
        keys = _keys(name)
        if len(keys) >= 2 and keys <= query_keys:
            return "name agrees (phonetic keys)" if number == 0 else \
                f"name agrees with a recorded alias ({name})"
    return None


def _payload(source: str, record: AbroadRecord) -> dict[str, Any]:
    if source in ("sis", "interpol"):
        return {"notices": [n for n in record.notices if n["system"] == source]}
    if source == "ecris":
        return {"convictions": record.convictions}
    if source == "hocid":
        return {"immigration": record.immigration}
    return {"fingerprint": record.fingerprint}


# --- building the data set -----------------------------------------------------------

def build(seed: int = 1, persons: int = 0, extra: int = EXTRA_PEOPLE) -> Dataset:
    """The records abroad for the demo graph of `persons` people built from `seed`
    (none when 0), plus `extra` people the graph does not know."""
    records = _demo_records(persons, seed) if persons else []
    records += _extra_records(seed, extra)
    return Dataset(records)


def _spelled_abroad(rng: random.Random, given: str, family: str,
                    aliases: list[str]) -> tuple[str, str, list[str]]:
    """The name as a system abroad may hold it: often as recorded here, sometimes an
    alias or the names swapped, always keeping the other spellings as aliases."""
    full = f"{given} {family}"
    roll = rng.random()
    latin = [a for a in aliases if len(a.split()) >= 2]
    if roll < 0.25 and latin:
        main = rng.choice(latin)
        parts = main.split()
        return " ".join(parts[:-1]), parts[-1], [full, *[a for a in aliases if a != main]]
    if roll < 0.35:
        return family, given, [full, *aliases]
    return given, family, list(aliases)


def _demo_records(persons: int, seed: int) -> list[AbroadRecord]:
    demo = DemoData(persons, seed)
    people = {row["id"]: row for row in people_rows.person_rows(
        demo.population, demo.events, demo.provenance, seed)}
    rng = random.Random(f"{seed}:abroad-demo")
    notices: dict[str, list[dict[str, Any]]] = {}
    for row in demo.intel.warrant_rows(demo.provenance):
        if row["status"] != "active":
            continue          # a live alert system holds live alerts only
        system = "sis" if row["kind"] == "european_arrest_warrant" else "interpol"
        notices.setdefault(row["person_id"], []).append(
            {"system": system, "kind": row["kind"], "reference": row["reference"],
             "issuing_country": row["issuing_country"],
             "offence_description": row["offence_description"],
             "issued_on": row["issued_on"], "status": "active"})
    convictions: dict[str, list[dict[str, Any]]] = {}
    for row in event_rows.conviction_rows(demo.events, demo.places, demo.provenance, seed):
        if row["jurisdiction"] in _EU and row.get("charge_id") is None:
            convictions.setdefault(row["person_id"], []).append(
                {"country": row["jurisdiction"], "convicted_on": row["convicted_on"],
                 "court": row.get("court"), "offence_codes": row["offence_ids"],
                 "disposal": row["disposal"], "disposal_months": row.get("disposal_months")})
    records = []
    for person_id, row in people.items():
        foreign = row["nationalities"][0] != "GB"
        fingerprint = {"pnc_id": row["pnc_id"], "cro_number": row.get("cro_number"),
                       "tenprint_ref": f"TP-{person_id[2:]}"} if row.get("pnc_id") else None
        if not (foreign or fingerprint):
            continue
        given, family, aliases = _spelled_abroad(rng, row.get("given_names") or "",
                                                 row["family_name"], row.get("aliases") or [])
        immigration = {"status": row.get("immigration_status") or "unknown",
                       "ho_reference": row.get("ho_reference"),
                       "reviewed_on": f"{2018 + rng.randrange(8)}-{rng.randint(1, 12):02d}-01"
                       } if foreign else None
        records.append(AbroadRecord(
            ref=f"AB-{person_id}", given_names=given, family_name=family, aliases=aliases,
            dates_of_birth=list(row["dates_of_birth"]), nationality=row["nationalities"][0],
            demo_person_id=person_id, notices=notices.get(person_id, []),
            convictions=convictions.get(person_id, []), immigration=immigration,
            fingerprint=fingerprint, passports=list(row.get("passports") or [])))
    return records


def _extra_records(seed: int, count: int) -> list[AbroadRecord]:
    rng = random.Random(f"{seed}:abroad-extra")
    names = NameMaker(seed)
    origins = [o for o in FOREIGN if o.nationality != "GB"]
    records = []
    for number in range(count):
        origin = rng.choice(origins)
        name = names.make(rng, origin, rng.choice(("male", "female")))
        born = date(1965, 1, 1) + timedelta(days=rng.randrange(365 * 40))
        dob = born.isoformat()
        eu = origin.nationality in _EU
        record = AbroadRecord(
            ref=f"AB-X{number + 1:05d}", given_names=name.given, family_name=name.family,
            aliases=list(name.aliases), dates_of_birth=[dob], nationality=origin.nationality,
            immigration={"status": rng.choice(_STATUSES),
                         "ho_reference": f"{'KLMNPR'[number % 6]}{9_000_000 + number:07d}",
                         "reviewed_on": f"{2019 + rng.randrange(7)}-{rng.randint(1, 12):02d}-01"})
        if rng.random() < 0.25:
            issued = date(2016, 1, 1) + timedelta(days=rng.randrange(365 * 9))
            kind = "european_arrest_warrant" if eu else rng.choice(
                ("interpol_red_notice", "interpol_diffusion"))
            offence = BY_CODE[rng.choice(_OFFENCE_CODES)].description
            prefix = "EAW" if eu else "IP"
            record.notices.append({
                "system": "sis" if eu else "interpol", "kind": kind,
                "reference": f"{prefix}/{origin.nationality}/{issued.year}/X{number + 1:04d}",
                "issuing_country": origin.nationality, "offence_description": offence,
                "issued_on": issued.isoformat(), "status": "active"})
        if eu and rng.random() < 0.35:
            for _ in range(rng.randint(1, 3)):
                on = born + timedelta(days=365 * 18 + rng.randrange(365 * 15))
                code = rng.choice(_OFFENCE_CODES)
                record.convictions.append({
                    "country": origin.nationality, "convicted_on": min(
                        on, date(2025, 6, 30)).isoformat(),
                    "court": f"{_COURTS.get(origin.nationality, 'Criminal court')} "
                             f"({origin.cities[0]}, {origin.nationality})",
                    "offence_codes": [code], "disposal": rng.choice(
                        ("immediate_custody", "suspended_sentence", "fine")),
                    "disposal_months": rng.randint(3, 36)})
        records.append(record)
    return records
