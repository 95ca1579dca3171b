"""The demo data set: plans built once from the seed, rows streamed kind by kind.

`DemoData(persons, seed).streams()` yields `(kind, count, rows)` in the write layer's
order (references first); `rows` is a lazy iterator, so only the compact plans (a few
hundred bytes per person) live in memory, never the rows of a whole kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from graph.offences import OFFENCES
from graph.records import WRITE_ORDER
from synthetic.city import event_rows, people_rows
from synthetic.city.assets import Assets
from synthetic.city.duplicates import DEFAULT_RATE, Duplicates
from synthetic.city.events import Events
from synthetic.city.intel import Intel
from synthetic.city.names import NameMaker
from synthetic.city.network import Network
from synthetic.city.places import Places
from synthetic.city.population import Population
from synthetic.city.provenance import Provenance

Rows = Iterator[dict[str, Any]]


class DemoData:
    def __init__(self, persons: int, seed: int, duplicates: float = DEFAULT_RATE) -> None:
        if persons < 1:
            raise ValueError("persons must be at least 1")
        self.persons = persons
        self.seed = seed
        self.population = Population(persons, seed, NameMaker(seed))
        self.places = Places(self.population, seed)
        self.network = Network(self.population, seed)
        self.events = Events(self.population, self.places, seed)
        self.assets = Assets(self.population, seed)
        self.intel = Intel(self.population, self.places, self.assets, self.events, seed)
        self.provenance = Provenance(seed)
        # Planted second records of some people (the known truth for duplicate detection).
        self.duplicates = Duplicates(self.population, self.events, seed, duplicates)

    def _kinds(self) -> dict[str, tuple[Callable[[], int], Callable[[], Rows]]]:
        pop, places, events, assets, intel = (self.population, self.places, self.events,
                                              self.assets, self.intel)
        prov, seed = self.provenance, self.seed
        return {
            "offence": (lambda: len(OFFENCES), lambda: event_rows.offence_rows(prov, seed)),
            "location": (lambda: len(places), lambda: places.rows(prov)),
            "vehicle": (lambda: assets.vehicles, lambda: assets.vehicle_rows(prov)),
            "phone": (lambda: len(assets.phone_dial), lambda: assets.phone_rows(prov)),
            "organisation": (lambda: len(pop.organisations),
                             lambda: people_rows.organisation_rows(pop, prov, seed)),
            "person": (lambda: pop.size,
                       lambda: self.duplicates.apply(
                           people_rows.person_rows(pop, events, prov, seed))),
            "incident": (lambda: len(events.incidents),
                         lambda: event_rows.incident_rows(events, places, prov, seed)),
            "warrant": (lambda: len(intel.warrants), lambda: intel.warrant_rows(prov)),
            "flag": (lambda: len(intel.flags), lambda: intel.flag_rows(prov)),
            "flag_event": (lambda: sum(len(flag[3]) for flag in intel.flags),
                           lambda: intel.flag_event_rows(prov)),
            "flag_challenge": (lambda: len(intel.challenged()),
                               lambda: intel.challenge_rows(prov)),
            "arrest": (lambda: len(events.arrests),
                       lambda: event_rows.arrest_rows(events, places, prov, seed)),
            "charge": (lambda: len(events.charges),
                       lambda: event_rows.charge_rows(events, prov, seed)),
            "conviction": (lambda: len(events.convictions),
                           lambda: event_rows.conviction_rows(events, places, prov, seed)),
            "incident_role": (lambda: len(events.roles),
                              lambda: event_rows.incident_role_rows(events, prov, seed)),
            "association": (lambda: len(self.network),
                            lambda: people_rows.association_rows(self.network, prov, seed)),
            "membership": (lambda: sum(len(org.members) for org in pop.organisations),
                           lambda: people_rows.membership_rows(pop, prov, seed)),
            "lives_at": (lambda: pop.size + sum(pop.moved),
                         lambda: people_rows.lives_at_rows(pop, places, prov, seed)),
            "uses_vehicle": (lambda: len(assets.vehicle_uses),
                             lambda: assets.uses_vehicle_rows(prov)),
            "uses_phone": (lambda: len(assets.phone_uses), lambda: assets.uses_phone_rows(prov)),
            "intelligence_report": (lambda: intel.reports, lambda: intel.report_rows(prov)),
            "check": (lambda: len(intel.checks), lambda: intel.check_rows(prov)),
        }

    def counts(self) -> dict[str, int]:
        """Rows per kind, in write order (known before any row is generated)."""
        kinds = self._kinds()
        return {kind: kinds[kind][0]() for kind in WRITE_ORDER}

    def streams(self) -> Iterator[tuple[str, int, Rows]]:
        kinds = self._kinds()
        for kind in WRITE_ORDER:
            count, rows = kinds[kind]
            yield kind, count(), rows()

    def incident_ids(self) -> list[str]:
        return [event_rows.incident_id(i) for i in range(len(self.events.incidents))]
