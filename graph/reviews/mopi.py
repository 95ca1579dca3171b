"""MOPI groups and review dates, computed from what a record is (docs/reviews.md).

The APP on information management sorts police records into three groups, each with
its own review rule:

- group 1, certain public protection matters (here: a person with an active high-harm
  flag, a flag itself, and records resting on a conviction for a sexual offence or for
  serious violence): retained until the subject is deemed to have reached 100 years of
  age, reviewed every 10 years;
- group 2, other offending with a conviction: reviewed 10 years after the last
  conviction (the "clear period");
- group 3, everything else (an NFA arrest, intelligence without a conviction, an
  incident nobody was convicted for): reviewed 6 years after the record.

`group_of` and `review_date_of` are the rules, pure functions of a record's `Facts`.
`recompute` runs in the writer's transaction after every write that changes what a
record is (the record itself, its person, a conviction that now rests on an arrest...):
it reads the facts of every record touched in one query per kind, applies the rules and
writes `mopi_group`, `review_date` and `review_date_basis = "computed"`. A date set by a
recorded review (a ReviewEvent) or that the source says a review set
(`review_date_basis = "review"` on the row) is kept; the group is still recomputed.
A flag's review date follows its events (graph/records/flags.py): only its group is set.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from neo4j import ManagedTransaction, Transaction

from graph.db.temporal import date_text, from_date_text

Tx = Transaction | ManagedTransaction

PUBLIC_PROTECTION, OFFENDING, OTHER = 1, 2, 3
GROUP1_REVIEW_YEARS = 10
RETAIN_TO_AGE = 100
GROUP2_CLEAR_YEARS = 10
GROUP3_REVIEW_YEARS = 6
# A conviction is a public protection matter when one of its offences is sexual, or is
# violent (or robbery, or a weapons offence) with a Crime Harm Index weight of a year of
# custody or more: the serious violence the APP names, read from the offence's gravity.
SEXUAL = frozenset({"sexual_offences"})
VIOLENT = frozenset({"violence_against_the_person", "robbery", "possession_of_weapons"})
SERIOUS_CHI_DAYS = 365.0


@dataclass(frozen=True)
class Conviction:
    on: date | None
    public_protection: bool


@dataclass(frozen=True)
class Facts:
    """What the rules read of one record."""

    kind: str
    dates: tuple[date, ...]          # the record's own dates (for a person: all of theirs)
    convictions: tuple[Conviction, ...] = ()
    high_harm: bool = False          # a person with an active high-harm flag
    born: date | None = None


def _day(value: Any) -> date | None:
    value = from_date_text(value)
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _plus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def public_protection(offences: Iterable[Mapping[str, Any]]) -> bool:
    for offence in offences:
        category = offence.get("category")
        if category in SEXUAL:
            return True
        if category in VIOLENT and (offence.get("chi_days") or 0) >= SERIOUS_CHI_DAYS:
            return True
    return False


def group_of(facts: Facts) -> int:
    if facts.kind == "flag" or facts.high_harm:
        return PUBLIC_PROTECTION
    if facts.kind == "intelligence_report":
        return OTHER
    if any(c.public_protection for c in facts.convictions):
        return PUBLIC_PROTECTION
    return OFFENDING if facts.convictions else OTHER


def review_date_of(facts: Facts, group: int) -> date | None:
    """The next review date by the group's rule; None when the record has no date."""
    base = max(facts.dates, default=None)
    if base is None:
        return None
    if group == PUBLIC_PROTECTION:
        due = _plus_years(base, GROUP1_REVIEW_YEARS)
        if facts.born is not None:
            due = min(due, _plus_years(facts.born, RETAIN_TO_AGE))
        return due
    if group == OFFENDING:
        last = max((c.on for c in facts.convictions if c.on), default=base)
        return _plus_years(max(base, last), GROUP2_CLEAR_YEARS)
    return _plus_years(base, GROUP3_REVIEW_YEARS)


def born(dates_of_birth: Iterable[str] | None) -> date | None:
    """The earliest full date of birth recorded (a year alone counts as 1 January)."""
    days = []
    for text in dates_of_birth or []:
        parts = (str(text).split("-") + ["01", "01"])[:3]
        try:
            days.append(date(int(parts[0]), int(parts[1]), int(parts[2])))
        except ValueError:
            continue
    return min(days, default=None)


# --- in the writer's transaction -------------------------------------------------------

def _day_text(expression: str) -> str:
    """Cypher for the calendar day of a date or datetime as ISO text: the rules read only
    days, and the driver's Python hydration of a zoned DateTime (about 40 us each) was
    half a demo load's Python time when every touched record's dates came back as such."""
    return date_text(f"date({expression})")


_CONVICTION = (f"{{on: {_day_text('c.convicted_on')}, "
               "offences: [(c)-[:FOR_OFFENCE]->(o:Offence) | o {.category, .chi_days}]}")
_KEPT = ("(n.review_date_basis = 'review' AND n.review_date IS NOT NULL) "
         "OR EXISTS { (n)-[:HAS_REVIEW]->(:ReviewEvent) }")
_FACTS: dict[str, str] = {
    "person": f"""
UNWIND $ids AS id MATCH (n:Person {{id: id}})
RETURN n.id AS id, n.dates_of_birth AS dobs, {_KEPT} AS kept,
  EXISTS {{ (n)-[:HAS_FLAG]->(:Flag {{status: 'active', kind: 'high_harm'}}) }} AS high_harm,
  [(n)-[:WAS_CONVICTED]->(c:Conviction) | {_CONVICTION}] AS convictions,
  [{_day_text('n.recorded_at')}]
    + [(n)-[:WAS_ARRESTED]->(a:Arrest) | {_day_text('a.arrested_at')}]
    + [(n)-[:WAS_CONVICTED]->(c:Conviction) | {_day_text('c.convicted_on')}]
    + [(x:IntelligenceReport)-[:MENTIONS]->(n) | {_day_text('x.reported_at')}]
    + [(n)-[:SUSPECT_IN|VICTIM_IN|WITNESS_IN|OTHER_PARTY_IN]->(i:Incident)
       | {_day_text('i.occurred_at')}]
    AS dates""",
    "arrest": f"""
UNWIND $ids AS id MATCH (n:Arrest {{id: id}})
RETURN n.id AS id, head([(p:Person)-[:WAS_ARRESTED]->(n) | p.dates_of_birth]) AS dobs,
  {_KEPT} AS kept, false AS high_harm,
  [(n)-[:LED_TO]->(:Charge)-[:RESULTED_IN]->(c:Conviction) | {_CONVICTION}] AS convictions,
  [{_day_text('coalesce(n.arrested_at, n.recorded_at)')}] AS dates""",
    "incident": f"""
UNWIND $ids AS id MATCH (n:Incident {{id: id}})
RETURN n.id AS id, null AS dobs, {_KEPT} AS kept, false AS high_harm,
  [(n)<-[:CONCERNS]-(:Arrest)-[:LED_TO]->(:Charge)-[:RESULTED_IN]->(c:Conviction)
   | {_CONVICTION}] AS convictions,
  [{_day_text('coalesce(n.occurred_at, n.recorded_at)')}] AS dates""",
    "intelligence_report": f"""
UNWIND $ids AS id MATCH (n:IntelligenceReport {{id: id}})
RETURN n.id AS id, null AS dobs, {_KEPT} AS kept, false AS high_harm, [] AS convictions,
  [{_day_text('coalesce(n.reported_at, n.recorded_at)')}] AS dates""",
}
# Kinds whose writes can change some record's group or review date.
INPUT_KINDS = frozenset({"person", "arrest", "charge", "conviction", "incident",
                         "incident_role", "intelligence_report", "flag", "flag_event"})
_LABELS = {"person": "Person", "arrest": "Arrest", "incident": "Incident",
           "intelligence_report": "IntelligenceReport", "flag": "Flag"}
_WRITE: dict[str, str] = {kind: f"""
UNWIND $rows AS row
MATCH (n:{label} {{id: row.id}})
SET n.mopi_group = row.group,
    n.review_date = CASE WHEN row.kept THEN n.review_date ELSE date(row.review_date) END,
    n.review_date_basis = CASE WHEN row.kept THEN n.review_date_basis ELSE 'computed' END
""" for kind, label in _LABELS.items() if kind != "flag"}
_FLAG_GROUP = f"UNWIND $ids AS id MATCH (n:Flag {{id: id}}) SET n.mopi_group = {PUBLIC_PROTECTION}"
# What a write touches beyond its own rows: the people of flags, and the arrests (and the
# incidents they concern) of people whose convictions or charges changed.
_PEOPLE_OF_FLAGS = """
UNWIND $ids AS id MATCH (p:Person)-[:HAS_FLAG]->(:Flag {id: id}) RETURN collect(p.id) AS ids"""
_ARRESTS_OF_PEOPLE = """
UNWIND $ids AS id
MATCH (:Person {id: id})-[:WAS_ARRESTED]->(a:Arrest)
OPTIONAL MATCH (a)-[:CONCERNS]->(i:Incident)
RETURN collect(DISTINCT a.id) AS arrests, collect(DISTINCT i.id) AS incidents"""


def _facts(kind: str, record: Mapping[str, Any]) -> Facts:
    convictions = tuple(
        Conviction(on=_day(c.get("on")), public_protection=public_protection(c["offences"]))
        for c in record["convictions"] or [])
    dates = tuple(d for d in (_day(v) for v in record["dates"] or []) if d is not None)
    return Facts(kind=kind, dates=dates, convictions=convictions,
                 high_harm=bool(record["high_harm"]), born=born(record["dobs"]))


def touched(tx: Tx, kind: str, rows: Iterable[Mapping[str, Any]]) -> dict[str, set[str]]:
    """The records whose group or review date a write of `rows` of `kind` may change."""
    rows = list(rows)
    found: dict[str, set[str]] = {name: set() for name in _LABELS}
    if kind in found:
        found[kind] |= {str(r["id"]) for r in rows}
    found["person"] |= {str(r["person_id"]) for r in rows if r.get("person_id")}
    found["person"] |= {str(p) for r in rows for p in r.get("mentions_person_ids") or []}
    flags = ({str(r["flag_id"]) for r in rows} if kind == "flag_event"
             else found["flag"] if kind == "flag" else set())
    if flags:
        found["flag"] |= flags
        record = tx.run(_PEOPLE_OF_FLAGS, ids=sorted(flags)).single()
        found["person"] |= set(record["ids"] if record else [])
    if kind in ("charge", "conviction"):
        people = sorted({str(r["person_id"]) for r in rows if r.get("person_id")})
        record = tx.run(_ARRESTS_OF_PEOPLE, ids=people).single()
        if record:
            found["arrest"] |= set(record["arrests"])
            found["incident"] |= set(record["incidents"])
    if kind == "arrest":
        found["incident"] |= {str(r["incident_id"]) for r in rows if r.get("incident_id")}
    return found


# The kinds that hold a MOPI group, and their labels (a bulk load recomputes them all).
GROUPED = dict(_LABELS)


def recompute(tx: Tx, kind: str, rows: Iterable[Mapping[str, Any]]) -> int:
    """Recompute the MOPI group and review date of every record a write touched.
    Returns how many records were recomputed."""
    done = 0
    for target, ids in touched(tx, kind, rows).items():
        if not ids:
            continue
        if target == "flag":
            tx.run(_FLAG_GROUP, ids=sorted(ids)).consume()
            continue
        out = []
        for record in tx.run(_FACTS[target], ids=sorted(ids)):
            facts = _facts(target, record)
            group = group_of(facts)
            due = review_date_of(facts, group)
            out.append({"id": record["id"], "group": group, "kept": bool(record["kept"])
                        or due is None, "review_date": due.isoformat() if due else None})
        if out:
            tx.run(_WRITE[target], rows=out).consume()
            done += len(out)
    return done
