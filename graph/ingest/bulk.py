"""Validated rows as `neo4j-admin database import` CSV: the graph `write_batch` would build.

The bulk route of a first load (graph/ingest/bulk_run.py) feeds the rows that
`validate_many` cleaned to a `BulkCsv`, which writes one node file per label and one
relationship file per (type, start label, end label, columns), each with its own typed
header (`id:ID(Person)`, `recorded_at:datetime`, `aliases:string[]`...), so that the
imported graph is the one the transactional writer (graph/records/writing.py and cypher.py)
makes of the same rows:

* nodes: the kind's label only (the model's class name; `Record` is abstract and adds
  none), every written model property (review state excepted), with the derived ones
  validation computes (full_name, alias_text, name_keys, birth_year, GB-first
  nationalities, association `derived`); null values absent;
* reference relationships (HAS_FLAG, FOR_OFFENCE, MENTIONS...) in the direction of their
  `Ref`, carrying the row's provenance (source, recorded_by, recorded_at), no id;
* a flag's "set" FlagEvent (`set_event_id`) and its HAS_EVENT link;
* link records (associations, roles, memberships, periods) with their id and properties.

What only the graph can derive runs after the load, in Cypher (graph/ingest/bulk_run.py):
flag state, harm scores, co-offender links; and the empty lists rows gave, which a CSV
cell cannot hold. A reference to a record the load does not hold, a
repeated id, or a flag event after the flag's clearing is refused here, as the writer
refuses it, so neo4j-admin only ever sees fault-free input.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Any

from neomodel.properties import Property

from graph.models.base import graph_properties
from graph.records import set_event_id
from graph.records.kinds import KINDS, LinkKind, NodeKind, Ref
from graph.records.property_types import (
    BooleanType,
    Bounded,
    DateTimeType,
    DateType,
    FloatType,
    IntegerType,
    ListType,
    PropertyType,
    property_type,
)
from graph.records.validation import CleanRow, RowError, is_review_state

# Validation refuses control characters in one-line text (every list item is one), so the
# unit separator can never occur inside an array element.
ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_OPTION = "U+001F"
_LINK_COLUMNS = (("source", ""), ("recorded_by", ""), ("recorded_at", "datetime"))


class BulkRefused(Exception):
    """The rows cannot go through the bulk route as they are (the transactional one can:
    e.g. a repeated id, which it writes as a rewrite)."""


def _column_type(ptype: PropertyType) -> str:
    inner = ptype.inner if isinstance(ptype, Bounded) else ptype
    if isinstance(inner, ListType):
        return "string[]"
    for kind, name in ((DateTimeType, "datetime"), (DateType, "date"), (BooleanType, "boolean"),
                       (IntegerType, "long"), (FloatType, "double")):
        if isinstance(inner, kind):
            return name
    return ""


def _columns(props: Mapping[str, Property[Any]]) -> tuple[tuple[str, str], ...]:
    """(name, neo4j-admin type) of every property a row writes (review state never)."""
    return tuple((name, _column_type(property_type(prop, name))) for name, prop in props.items()
                 if not is_review_state(prop))


@cache
def node_columns(kind: str) -> tuple[tuple[str, str], ...]:
    return _columns(graph_properties(KINDS[kind].model))


@cache
def link_columns(kind: str, rel_type: str) -> tuple[tuple[str, str], ...]:
    spec = KINDS[kind]
    assert isinstance(spec, LinkKind)
    return _columns(graph_properties(spec.model_for(rel_type)))


def cell(value: Any) -> str:
    """One value as neo4j-admin reads it for its column type (empty: no property)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ARRAY_DELIMITER.join(value)
    return str(value)


@dataclass
class _File:
    path: Path
    handle: IO[str]
    writer: Any
    rows: int = 0
    multiline: bool = False


@dataclass
class BulkCsv:
    """CSV files for one neo4j-admin import, filled kind by kind in write order."""

    folder: Path
    nodes: dict[str, _File] = field(default_factory=dict)          # label -> file
    rels: dict[tuple[str, str, str, tuple[tuple[str, str], ...]], _File] = field(
        default_factory=dict)
    rows: dict[str, int] = field(default_factory=lambda: defaultdict(int))   # kind -> rows
    ids: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # label/kind
    flag_ids: list[str] = field(default_factory=list)
    incident_ids: list[str] = field(default_factory=list)
    harm_person_ids: set[str] = field(default_factory=set)
    # A CSV cell cannot hold an empty list (an empty cell is no property): (label or
    # relationship type, property) -> ids of the records whose row gave [].
    empty_lists: dict[tuple[str, str, str], list[str]] = field(
        default_factory=lambda: defaultdict(list))
    _cleared: dict[str, tuple[str, dt.datetime]] = field(default_factory=dict)
    _flag_event_times: dict[str, list[tuple[str, dt.datetime]]] = field(
        default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)

    # --- files ---------------------------------------------------------------------------

    def _open(self, name: str, header: list[str]) -> _File:
        path = self.folder / name
        handle = path.open("w", encoding="utf-8", newline="")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        return _File(path, handle, writer)

    def _node_file(self, label: str, kind: str) -> _File:
        file = self.nodes.get(label)
        if file is None:
            header = [f"id:ID({label})" if name == "id" else _typed(name, kind_)
                      for name, kind_ in node_columns(kind)]
            file = self.nodes[label] = self._open(f"nodes-{label}.csv", header)
        return file

    def _rel_file(self, rel_type: str, start: str, end: str,
                  columns: tuple[tuple[str, str], ...]) -> _File:
        key = (rel_type, start, end, columns)
        file = self.rels.get(key)
        if file is None:
            header = [f":START_ID({start})", f":END_ID({end})",
                      *(_typed(name, kind) for name, kind in columns)]
            file = self.rels[key] = self._open(
                f"rels-{rel_type}-{start}-{end}-{len(self.rels)}.csv", header)
        return file

    def _write(self, file: _File, values: Iterable[str]) -> None:
        cells = list(values)
        if not file.multiline and any("\n" in text or "\r" in text for text in cells):
            file.multiline = True
        file.writer.writerow(cells)
        file.rows += 1

    def close(self) -> None:
        for file in (*self.nodes.values(), *self.rels.values()):
            file.handle.close()

    # --- rows ----------------------------------------------------------------------------

    def add(self, kind: str, rows: Iterable[CleanRow],
            refused: list[RowError] | None = None) -> int:
        """Write validated rows of one kind (kinds in WRITE_ORDER); returns rows written.
        A row the writer would refuse (an unknown reference, a flag event after the
        clearing) raises RowError with its index, or, given `refused`, is added to it and
        skipped. BulkRefused for a repeated id."""
        spec = KINDS[kind]
        count = 0
        for index, row in enumerate(rows):
            try:
                self._check(spec, row)
            except RowError as error:
                if refused is None:
                    raise error.at(index) from None
                refused.append(error.at(index))
                continue
            if isinstance(spec, NodeKind):
                self._node(spec, row)
            else:
                self._link(spec, row)
            count += 1
        self.rows[kind] += count
        return count

    def _check(self, spec: NodeKind | LinkKind, row: CleanRow) -> None:
        refs = spec.refs if isinstance(spec, NodeKind) else (spec.start, spec.end)
        for ref in refs:
            known = self.ids[ref.label]
            for ref_id in _ids(row, ref):
                if ref_id not in known:
                    raise RowError(spec.name, row["id"], ref.field,
                                   f"unknown {ref.label} {ref_id!r}")
        key = spec.label if isinstance(spec, NodeKind) else spec.name
        if row["id"] in self.ids[key]:
            raise BulkRefused(f"{spec.name} {row['id']!r} appears twice: the bulk route writes "
                              "each record once (the transactional route rewrites it)")
        if spec.name == "flag_event":
            self._check_flag_event(row)

    def _check_flag_event(self, row: CleanRow) -> None:
        """A cleared flag stays cleared: no second clearing and no event at or after it."""
        flag_id, at = row["flag_id"], row["at"]
        cleared = self._cleared.get(flag_id)
        if cleared is not None and cleared[1] <= at:
            raise RowError("flag_event", row["id"], "flag_id",
                           f"flag {flag_id!r} was already cleared (event {cleared[0]!r})")
        if row["action"] == "cleared":
            if cleared is not None:
                raise RowError("flag_event", row["id"], "flag_id",
                               f"flag {flag_id!r} is cleared twice")
            later = [event for event, when in self._flag_event_times[flag_id] if when >= at]
            if later:
                raise RowError("flag_event", row["id"], "flag_id",
                               f"flag {flag_id!r} has event {later[0]!r} after this clearing")
            self._cleared[flag_id] = (row["id"], at)
        self._flag_event_times[flag_id].append((row["id"], at))

    def _node(self, spec: NodeKind, row: CleanRow) -> None:
        label = spec.label
        self._write(self._node_file(label, spec.name),
                    (cell(row.get(name)) for name, _ in node_columns(spec.name)))
        self._empty_lists("node", label, node_columns(spec.name), row)
        self.ids[label].add(row["id"])
        link = [cell(row["source"]), cell(row["recorded_by"]), cell(row["recorded_at"])]
        for ref in spec.refs:
            for ref_id in _ids(row, ref):
                start, end = ((label, ref.label) if ref.outgoing else (ref.label, label))
                ends = [row["id"], ref_id] if ref.outgoing else [ref_id, row["id"]]
                self._write(self._rel_file(ref.rel_type, start, end, _LINK_COLUMNS),
                            [*ends, *link])
        if spec.name == "flag":
            self._set_event(row, link)
            self.flag_ids.append(row["id"])
        elif spec.name == "incident":
            self.incident_ids.append(row["id"])
        elif spec.name in ("arrest", "conviction") and row.get("person_id"):
            self.harm_person_ids.add(row["person_id"])

    def _set_event(self, row: CleanRow, link: list[str]) -> None:
        """The flag's "set" event, as the flag row's statement MERGEs it."""
        event_id = set_event_id(row["id"])
        values = {"id": event_id, "source": row["source"], "recorded_by": row["recorded_by"],
                  "recorded_at": row["recorded_at"], "action": "set", "at": row["set_at"],
                  "by": row["set_by"], "reason": row["reason"],
                  "next_review_date": row["review_date"]}
        self._write(self._node_file("FlagEvent", "flag_event"),
                    (cell(values.get(name)) for name, _ in node_columns("flag_event")))
        self.ids["FlagEvent"].add(event_id)
        self._flag_event_times[row["id"]].append((event_id, row["set_at"]))
        self._write(self._rel_file("HAS_EVENT", "Flag", "FlagEvent", _LINK_COLUMNS),
                    [row["id"], event_id, *link])

    def _link(self, spec: LinkKind, row: CleanRow) -> None:
        rel_type = spec.types[row[spec.type_field] if spec.type_field else ""]
        columns = link_columns(spec.name, rel_type)
        self._write(self._rel_file(rel_type, spec.start.label, spec.end.label, columns),
                    [row[spec.start.field], row[spec.end.field],
                     *(cell(row.get(name)) for name, _ in columns)])
        self._empty_lists("relationship", rel_type, columns, row)
        self.ids[spec.name].add(row["id"])

    def _empty_lists(self, what: str, name: str, columns: tuple[tuple[str, str], ...],
                     row: CleanRow) -> None:
        for prop, kind in columns:
            if kind == "string[]" and row.get(prop) == []:
                self.empty_lists[(what, name, prop)].append(row["id"])

    # --- the neo4j-admin arguments -------------------------------------------------------

    def arguments(self) -> list[str]:
        """--nodes / --relationships (and --multiline-fields) for these files."""
        args = [f"--nodes={label}={file.path}" for label, file in self.nodes.items()]
        args += [f"--relationships={key[0]}={file.path}" for key, file in self.rels.items()]
        multiline = [str(file.path) for file in (*self.nodes.values(), *self.rels.values())
                     if file.multiline]
        if multiline:
            args += ["--multiline-fields-format=v2", f"--multiline-fields={','.join(multiline)}"]
        return args

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _typed(name: str, kind: str) -> str:
    return f"{name}:{kind}" if kind else name


def _ids(row: Mapping[str, Any], ref: Ref) -> list[str]:
    value = row.get(ref.field)
    if ref.many:
        return list(value or [])
    return [value] if value else []

