"""The identity cluster in a history: every record of the same person, folded into one.

`SUBJECT` returns one row per Person record of the subject's identity cluster (the
subject's own first; the others joined by links confirmed as at the date, transitively).
`fold` turns the rows into the one set of records the sections read, as if one Person
held them all: each list concatenated, each record once (a report that mentions two
records of the person, a conviction attached to both), a link between two records of
the person left out (a person is not their own associate). `mark` then says on every
line that came from another record which record that was.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from graph.history.cite import text
from graph.history.model import Section

# The record lists of a SUBJECT row that belong to the person (all but `same_as`).
RECORD_KEYS = ("addresses", "flags", "convictions", "arrests", "charges", "incidents",
               "memberships", "direct", "intelligence", "checks", "warrants")
UNDER = "Recorded under"


@dataclass(frozen=True)
class Cluster:
    subject_id: str
    # The other records of the person: id -> "P-2 (Jan Kowalsky)".
    others: dict[str, str] = field(default_factory=dict)
    # Item id (the record a line is about) -> the other record it was recorded under.
    under: dict[str, str] = field(default_factory=dict)

    @property
    def ids(self) -> list[str]:
        """Every record's person id, the subject's first (the `$ids` of later queries)."""
        return [self.subject_id, *sorted(self.others)]


def record_key(entry: dict[str, Any]) -> str:
    """The id of the record an entry is (a relationship's for incidents, addresses,
    memberships and direct links), which is also the id of the item the sections make
    of it."""
    record = entry.get("rel", entry)
    return str(record.get("id") or entry.get("incident", {}).get("id"))


def fold(rows: list[Any], subject_id: str) -> tuple[dict[str, Any], Cluster]:
    """(the subject row with every member's records, the cluster)."""
    rows = sorted(rows, key=lambda r: (r["person"]["id"] != subject_id, r["person"]["id"]))
    subject = rows[0]
    others = {r["person"]["id"]: f"{r['person']['id']} ({text(r['person'].get('full_name'))})"
              for r in rows[1:]}
    members = {subject_id, *others}
    under: dict[str, str] = {}
    folded: dict[str, Any] = {"person": subject["person"]}
    for key in RECORD_KEYS:
        seen: set[str] = set()
        folded[key] = []
        for row in rows:
            for entry in row[key]:
                rid = record_key(entry)
                if rid in seen or (key == "direct" and entry["other"]["id"] in members):
                    continue
                seen.add(rid)
                folded[key].append(entry)
                if row is not subject:
                    under[rid] = others[row["person"]["id"]]
    # Decisions as seen from each record; `via` names the record a decision hangs off
    # when it is not the subject's own (A=B, B=C: C is the same person through B).
    folded["same_as"] = [{**entry, "via": None if row is subject else row["person"]["id"]}
                         for row in rows for entry in row["same_as"]]
    return folded, Cluster(subject_id, others, under)


def mark(sections: list[Section], cluster: Cluster) -> None:
    """Say on each line from another record of the person which record it came from."""
    if not cluster.under:
        return
    for section in sections:
        for index, item in enumerate(section.items):
            record = cluster.under.get(item.id)
            if record is not None:
                section.items[index] = replace(
                    item, title=f"{item.title} — recorded under {record}",
                    fields=[*item.fields, [UNDER, record]])
