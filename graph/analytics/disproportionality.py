"""Who is flagged, and who tops the harm list, by group: the disproportionality measure.

For each group of people (by nationality or by borough, graph/analytics/groups.py) over a
period:

    people        people in the group in the graph now (the denominator)
    flags set     high-harm flags set in the period on people of the group
    active        of those, still active now
    rate          flags set per 1,000 people of the group
    ratio         the group's rate / the rate over everyone (1 = proportionate)

and the same for the top-harm list (the `top` people by cached RFG score, whatever their
flags): members in the list per 1,000 people, and the ratio. Flags are also counted per
calendar quarter of the period, for the trend.

A figure is marked *small* when it rests on fewer than MIN_EVENTS events (flags, or people
in the list) or on a group of fewer than MIN_PEOPLE people: one flag more or less would
move such a rate a long way (with 5 events a 95% interval spans about 0.3x to 2.3x the
rate; with 10 about 0.5x to 1.8x), so it must not be read as a difference between groups.
docs/accountability.md gives the reasoning and what the measure cannot tell.

A dual national counts in each of their nationalities' groups, so the groups' flags can
add up to more than the overall count; the overall rate counts each person and flag once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver

from graph.analytics.groups import GROUPS_OF, GroupBy

MIN_EVENTS = 10
MIN_PEOPLE = 100
DEFAULT_TOP = 100
MAX_TOP = 1000
OVERALL = "all people"

RULE = (f"Marked small: fewer than {MIN_EVENTS} events (flags set, or people in the "
        f"top-harm list) or a group of fewer than {MIN_PEOPLE} people. Rates on so few "
        "are too unstable to compare: one flag more or less moves them a long way.")


def _people_query(by: GroupBy) -> str:
    return f"""
MATCH (p:Person)
WITH count(p) AS everyone, collect(p) AS people
UNWIND people AS p
UNWIND {GROUPS_OF[by]} AS group
RETURN everyone, group, count(*) AS people
"""


def _flags_query(by: GroupBy) -> str:
    return f"""
MATCH (p:Person)-[:HAS_FLAG]->(f:Flag {{kind: 'high_harm'}})
WHERE f.set_at >= $since AND f.set_at < $until
RETURN f.id AS id, f.set_at AS set_at, f.status = 'active' AS active,
       {GROUPS_OF[by]} AS groups
"""


def _top_query(by: GroupBy) -> str:
    return f"""
MATCH (p:Person) WHERE p.analytics_harm_score > 0
WITH p ORDER BY p.analytics_harm_score DESC, p.id LIMIT $top
WITH collect(p) AS listed
UNWIND listed AS p
UNWIND {GROUPS_OF[by]} AS group
RETURN size(listed) AS listed, group, count(*) AS members
"""


@dataclass(frozen=True)
class Rate:
    """One group's figures for one measure (flags set, or top-harm membership)."""

    group: str
    people: int
    events: int
    active: int | None          # flags still active (None for the top-harm list)
    rate_per_1000: float | None  # None for a group of no people
    ratio: float | None          # None when the overall rate is 0
    small: bool

    @classmethod
    def of(cls, group: str, people: int, events: int, active: int | None,
           overall_rate: float | None) -> Rate:
        rate = 1000 * events / people if people else None
        ratio = (rate / overall_rate if rate is not None and overall_rate else None)
        return cls(group=group, people=people, events=events, active=active,
                   rate_per_1000=None if rate is None else round(rate, 2),
                   ratio=None if ratio is None else round(ratio, 3),
                   small=events < MIN_EVENTS or people < MIN_PEOPLE)


@dataclass(frozen=True)
class Measure:
    overall: Rate
    groups: list[Rate]  # largest number of events first, then by name


@dataclass(frozen=True)
class Quarter:
    label: str           # "2025-Q1"
    start: dt.date
    end: dt.date         # exclusive
    flags: Measure


@dataclass(frozen=True)
class Disproportionality:
    by: GroupBy
    since: dt.date
    until: dt.date       # inclusive day
    flags: Measure
    top: int
    top_harm: Measure
    quarters: list[Quarter] = field(default_factory=list)
    rule: str = RULE


def _measure(people: dict[str, int], everyone: int, events: Counter[str], overall_events: int,
             active: Counter[str] | None, overall_active: int | None) -> Measure:
    overall_rate = 1000 * overall_events / everyone if everyone else None
    groups = [Rate.of(group, people.get(group, 0), events.get(group, 0),
                      None if active is None else active.get(group, 0), overall_rate)
              for group in set(people) | set(events)]
    groups.sort(key=lambda r: (-r.events, -r.people, r.group))
    return Measure(Rate.of(OVERALL, everyone, overall_events, overall_active, overall_rate),
                   groups)


def quarters(since: dt.date, until: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The calendar quarters that meet [since, until] (until inclusive), clipped to it."""
    found = []
    start = dt.date(since.year, 3 * ((since.month - 1) // 3) + 1, 1)
    last = until + dt.timedelta(days=1)
    while start < last:
        month = start.month + 3
        end = dt.date(start.year + (month > 12), (month - 1) % 12 + 1, 1)
        found.append((f"{start.year}-Q{(start.month - 1) // 3 + 1}", max(start, since),
                      min(end, last)))
        start = end
    return found


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _day(value: Any) -> dt.date:
    native = value.to_native() if hasattr(value, "to_native") else value
    return native.astimezone(dt.UTC).date() if isinstance(native, dt.datetime) else native


def flag_disproportionality(driver: Driver, database: str, by: GroupBy, since: dt.date,
                            until: dt.date, top: int = DEFAULT_TOP) -> Disproportionality:
    """The measure for flags set from `since` to `until` (both days included), and for the
    `top` people of the harm list. Three reads; the arithmetic is here."""
    records, _, _ = driver.execute_query(_people_query(by), database_=database, routing_="r")
    everyone = records[0]["everyone"] if records else 0
    people = {r["group"]: r["people"] for r in records}
    flags, _, _ = driver.execute_query(
        _flags_query(by), since=_moment(since), until=_moment(until + dt.timedelta(days=1)),
        database_=database, routing_="r")
    listed, _, _ = driver.execute_query(_top_query(by), top=top, database_=database,
                                        routing_="r")

    def count(rows: list[Any]) -> tuple[Counter[str], Counter[str]]:
        events: Counter[str] = Counter()
        active: Counter[str] = Counter()
        for flag in rows:
            for group in set(flag["groups"]):
                events[group] += 1
                active[group] += bool(flag["active"])
        return events, active

    events, active = count(flags)
    flag_measure = _measure(people, everyone, events, len(flags), active,
                            sum(1 for f in flags if f["active"]))
    top_events = Counter({r["group"]: r["members"] for r in listed})
    top_measure = _measure(people, everyone, top_events, listed[0]["listed"] if listed else 0,
                           None, None)
    by_quarter: dict[str, list[Any]] = defaultdict(list)
    spans = quarters(since, until)
    for flag in flags:
        day = _day(flag["set_at"])
        for label, start, end in spans:
            if start <= day < end:
                by_quarter[label].append(flag)
    periods = []
    for label, start, end in spans:
        q_events, q_active = count(by_quarter[label])
        periods.append(Quarter(label, start, end, _measure(
            people, everyone, q_events, len(by_quarter[label]), q_active,
            sum(1 for f in by_quarter[label] if f["active"]))))
    return Disproportionality(by=by, since=since, until=until, flags=flag_measure, top=top,
                              top_harm=top_measure, quarters=periods)
