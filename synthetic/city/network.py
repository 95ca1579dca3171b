"""Who is associated with whom: households, dense gangs and a heavy-tailed friendship web.

Three layers, built from `random.Random(f"{seed}:network")`:

* households: partners, family (brother, mother...) and, in shared houses, "lives with";
* gangs and OCGs: each pair of members is linked with a high probability, so an
  organisation is a dense community (much denser inside than outside);
* everyone else: preferential attachment (Barabasi-Albert, each newcomer links to people
  chosen in proportion to the links they already have), which gives the heavy-tailed
  degree distribution real association networks show: most people have a handful of
  associates, a few "supernodes" have hundreds. Organisation leaders join first, so the
  hubs are mostly leaders.

Edges are stored as three compact arrays; rows are made from them lazily.
"""

from __future__ import annotations

import random
from array import array

from synthetic.city.population import Population

KINDS = ("family", "partner", "lives_with", "friend", "phone_contact", "social_media")
_FAMILY, _PARTNER, _LIVES_WITH, _FRIEND, _PHONE, _SOCIAL = range(6)
_CONTACT_KINDS = (_FRIEND, _FRIEND, _PHONE, _PHONE, _SOCIAL)
_GANG_DENSITY = {"street_gang": 0.3, "organised_crime_group": 0.45}


class Network:
    def __init__(self, population: Population, seed: int) -> None:
        self.population = population
        rng = random.Random(f"{seed}:network")
        self.start = array("i")
        self.end = array("i")
        self.kind = array("B")
        self.detail = array("B")   # index into FAMILY_DETAILS for family links
        self._seen: set[int] = set()
        self._households(rng)
        self._organisations(rng)
        self._preferential_attachment(rng)
        del self._seen

    def __len__(self) -> int:
        return len(self.kind)

    def _add(self, a: int, b: int, kind: int, detail: int = 0) -> bool:
        if a == b:
            return False
        key = min(a, b) * self.population.size + max(a, b)
        if key in self._seen:
            return False
        self._seen.add(key)
        self.start.append(a)
        self.end.append(b)
        self.kind.append(kind)
        self.detail.append(detail)
        return True

    def _households(self, rng: random.Random) -> None:
        pop = self.population
        for house in pop.households:
            members = house.members
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    if not house.family:
                        self._add(a, b, _LIVES_WITH)
                        continue
                    gap = pop.birth_year[b] - pop.birth_year[a]
                    if (i == 0 and b == members[1] and abs(gap) <= 6
                            and pop.gender[a] != pop.gender[b]):
                        self._add(a, b, _PARTNER)
                    else:
                        self._add(a, b, _FAMILY, _family_detail(rng, gap, pop.gender[b]))

    def _organisations(self, rng: random.Random) -> None:
        for organisation in self.population.organisations:
            density = _GANG_DENSITY[organisation.kind]
            members = organisation.members
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    # Leaders are linked to more of their members.
                    chance = min(0.9, density * (2.0 if i == 0 else 1.0))
                    if rng.random() < chance:
                        self._add(a, b, rng.choice(_CONTACT_KINDS))

    def _preferential_attachment(self, rng: random.Random) -> None:
        pop = self.population
        leaders = [org.members[0] for org in pop.organisations]
        leader_set = set(leaders)
        others = [p for p in range(pop.size) if p not in leader_set]
        rng.shuffle(others)
        order = leaders + others
        endpoints = array("i", order[:3])
        for newcomer in order[3:]:
            if rng.random() < 0.15:
                continue                      # known to police, but no recorded associates
            links = rng.choice((1, 1, 2, 2, 3))
            for _ in range(links):
                target = endpoints[rng.randrange(len(endpoints))]
                if self._add(newcomer, target, rng.choice(_CONTACT_KINDS)):
                    endpoints.append(newcomer)
                    endpoints.append(target)


FAMILY_DETAILS = ("relative", "brother", "sister", "cousin", "mother", "father", "son",
                  "daughter", "uncle", "aunt")


def _family_detail(rng: random.Random, gap: int, gender_b: int) -> int:
    """How b is related to a, from their age gap (b's birth year minus a's)."""
    male = gender_b != 1
    if gap >= 15:
        return FAMILY_DETAILS.index("son" if male else "daughter")
    if gap <= -15:
        return FAMILY_DETAILS.index("father" if male else "mother")
    if rng.random() < 0.8:
        return FAMILY_DETAILS.index("brother" if male else "sister")
    return FAMILY_DETAILS.index("cousin")
