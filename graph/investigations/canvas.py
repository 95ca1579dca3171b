"""A saved canvas as the graph layer accepts it, checked before anything is written.

The explorer sends the people and organisations on its canvas with their positions, the
centres it was drawn from, the depth, the filters and a time range. Everything is
bounded here (node count, text lengths, id shape, coordinates, closed sets), so bad input
is refused with a `ValidationError` naming the field, not cut or stored as it came.

`shown_ids` is the rule that decides what a reader of a saved canvas is shown: the pure
half of opening one (graph/investigations/opening.py holds the reads).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.errors import ValidationError
from graph.explorer.network import ASSOCIATION_TYPES, MAX_DEPTH

MAX_NODES = 1000
MAX_CENTRES = 10
MAX_NAME = 200
MAX_CASE_REFERENCE = 100
MAX_NOTES = 5000
MAX_SHARED_USERS = 25
MAX_COORDINATE = 1e7
# Record ids as the explorer's URLs carry them (web/src/router.js ID).
RECORD_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
SOURCE_EVALUATIONS = ("1", "2", "3")
ASSESSMENTS = ("A", "B", "C", "D", "E")

_RECORD = "investigation"


def _invalid(field: str, reason: str) -> ValidationError:
    return ValidationError(_RECORD, field, reason)


@dataclass(frozen=True)
class Placed:
    """One person or organisation on the canvas, where it was drawn."""

    id: str
    x: float
    y: float


@dataclass(frozen=True)
class Filters:
    """The explorer's filters: association kinds kept (None: all) and minimum grading."""

    kinds: tuple[str, ...] | None = None
    min_source: str | None = None
    min_assessment: str | None = None

    def to_json(self) -> str:
        return json.dumps({"kinds": list(self.kinds) if self.kinds is not None else None,
                           "minSource": self.min_source,
                           "minAssessment": self.min_assessment}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> Filters:
        """Stored filters back; anything unreadable reads as no filter."""
        try:
            data = json.loads(text) if text else {}
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        kinds = data.get("kinds")
        return cls(kinds=tuple(k for k in kinds if k in ASSOCIATION_TYPES)
                   if isinstance(kinds, list) else None,
                   min_source=data.get("minSource") if data.get("minSource")
                   in SOURCE_EVALUATIONS else None,
                   min_assessment=data.get("minAssessment") if data.get("minAssessment")
                   in ASSESSMENTS else None)


@dataclass(frozen=True)
class Canvas:
    """What is saved of the explorer: checked, ready to write."""

    name: str
    case_reference: str | None
    notes: str
    nodes: tuple[Placed, ...]
    centre_ids: tuple[str, ...]
    depth: int
    filters: Filters
    since: dt.date | None
    until: dt.date | None

    @property
    def node_ids(self) -> list[str]:
        return [node.id for node in self.nodes]


@dataclass(frozen=True)
class Sharing:
    """Who besides the owner may open an investigation: named users and whole roles."""

    users: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


def _text(field: str, value: str | None, most: int, *, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise _invalid(field, "must not be empty")
    if len(text) > most:
        raise _invalid(field, f"at most {most} characters")
    return text


def _record_id(field: str, value: Any) -> str:
    text = str(value) if value is not None else ""
    if not RECORD_ID.fullmatch(text):
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise _invalid(field, f"{shown!r} is not a record id")
    return text


def _coordinate(field: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _invalid(field, "positions must be numbers")
    number = float(value)
    if not math.isfinite(number) or abs(number) > MAX_COORDINATE:
        raise _invalid(field, f"positions must be finite and within ±{MAX_COORDINATE:g}")
    return number


def check_nodes(nodes: Sequence[Mapping[str, Any]]) -> tuple[Placed, ...]:
    if not nodes:
        raise _invalid("nodes", "an investigation holds at least one person")
    if len(nodes) > MAX_NODES:
        raise _invalid("nodes", f"at most {MAX_NODES} people and organisations "
                                f"(this canvas has {len(nodes)})")
    placed: dict[str, Placed] = {}
    for node in nodes:
        node_id = _record_id("nodes", node.get("id"))
        if node_id in placed:
            raise _invalid("nodes", f"{node_id!r} is given twice")
        placed[node_id] = Placed(node_id, _coordinate("nodes", node.get("x")),
                                 _coordinate("nodes", node.get("y")))
    return tuple(placed.values())


def check_filters(kinds: Iterable[str] | None, min_source: str | None,
                  min_assessment: str | None) -> Filters:
    chosen = None
    if kinds is not None:
        chosen = tuple(dict.fromkeys(kinds))
        unknown = [kind for kind in chosen if kind not in ASSOCIATION_TYPES]
        if unknown:
            raise _invalid("kinds", f"unknown association kinds: {', '.join(unknown)}")
    if min_source not in (None, "", *SOURCE_EVALUATIONS):
        raise _invalid("min_source", "one of 1, 2, 3")
    if min_assessment not in (None, "", *ASSESSMENTS):
        raise _invalid("min_assessment", "one of A, B, C, D, E")
    return Filters(kinds=chosen, min_source=min_source or None,
                   min_assessment=min_assessment or None)


def check_canvas(*, name: str, case_reference: str | None, notes: str | None,
                 nodes: Sequence[Mapping[str, Any]], centre_ids: Sequence[str],
                 depth: int = 2, filters: Filters | None = None,
                 since: dt.date | None = None, until: dt.date | None = None) -> Canvas:
    """The canvas as given, checked; raises ValidationError naming the first bad field."""
    placed = check_nodes(nodes)
    held = {node.id for node in placed}
    centres = tuple(dict.fromkeys(_record_id("centre_ids", c) for c in centre_ids))
    if not centres:
        raise _invalid("centre_ids", "name at least one centre (the person the canvas "
                                     "was drawn from)")
    if len(centres) > MAX_CENTRES:
        raise _invalid("centre_ids", f"at most {MAX_CENTRES} centres")
    outside = [c for c in centres if c not in held]
    if outside:
        raise _invalid("centre_ids", f"{outside[0]!r} is not one of the nodes")
    if not 1 <= depth <= MAX_DEPTH:
        raise _invalid("depth", f"between 1 and {MAX_DEPTH}")
    if since and until and since > until:
        raise _invalid("since", "the time range starts after it ends")
    return Canvas(name=_text("name", name, MAX_NAME, required=True),
                  case_reference=_text("case_reference", case_reference,
                                       MAX_CASE_REFERENCE) or None,
                  notes=_text("notes", notes, MAX_NOTES), nodes=placed,
                  centre_ids=centres, depth=depth, filters=filters or Filters(),
                  since=since, until=until)


def check_sharing(users: Iterable[str] | None, roles: Iterable[str] | None,
                  shareable_roles: Iterable[str]) -> Sharing:
    """Names and roles cleaned and bounded; a role must be one that reads people."""
    names = tuple(dict.fromkeys(u.strip() for u in users or () if u and u.strip()))
    if len(names) > MAX_SHARED_USERS:
        raise _invalid("shared_with_users", f"at most {MAX_SHARED_USERS} people")
    allowed = tuple(shareable_roles)
    chosen = tuple(dict.fromkeys(r.strip() for r in roles or () if r and r.strip()))
    wrong = [r for r in chosen if r not in allowed]
    if wrong:
        raise _invalid("shared_with_roles", f"{wrong[0]!r} is not a role that reads "
                                            f"people; one of {', '.join(allowed)}")
    return Sharing(users=names, roles=chosen)


# --- what a reader is shown ----------------------------------------------------------

def roots_for(centre_ids: Sequence[str], saver_codes: Iterable[str],
              reader_codes: Iterable[str]) -> list[str]:
    """The centres a reader's view grows from. A reader cleared for everything the saver
    could see gets every centre; anyone else the first centre only: a further centre may
    have been reached through material that reader may not see."""
    if set(saver_codes) <= set(reader_codes):
        return list(centre_ids)
    return list(centre_ids[:1])


def shown_ids(held: Iterable[str], roots: Iterable[str],
              links: Iterable[Sequence[Any]]) -> dict[str, int]:
    """{id: hops from the nearest root} for the held nodes joined to a root by `links`
    (packed rows: id, source, target, ...) the reader may see, among held nodes only."""
    kept = set(held)
    neighbours: dict[str, set[str]] = {node: set() for node in kept}
    for row in links:
        a, b = row[1], row[2]
        if a in kept and b in kept:
            neighbours[a].add(b)
            neighbours[b].add(a)
    depth = {root: 0 for root in roots if root in kept}
    queue = deque(depth)
    while queue:
        node = queue.popleft()
        for other in sorted(neighbours[node]):
            if other not in depth:
                depth[other] = depth[node] + 1
                queue.append(other)
    return depth
