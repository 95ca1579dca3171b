"""Writing validated rows: one UNWIND + MERGE statement per kind (per type for links).

`write_batch` runs inside the caller's transaction. It checks every reference first and
raises before writing anything, so a bad reference never half-writes a batch; any other
error leaves the caller's transaction to be rolled back (a managed transaction, as in
`write_records`, does that by itself).

A writer changes only what it may see: for a graded kind (`cypher.GRADED`) the records
already stored under the rows' ids are locked and read in the writer's transaction, and a
record the writer's Clearance does not cover is "not found", in the very
words used for a record that does not exist, so graded C material stays indistinguishable
from absent. Nothing of the batch is written then.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import Any, TypeVar

from neo4j import Driver, ManagedTransaction, Transaction
from neo4j.exceptions import ConstraintError, DriverError

from graph import watches
from graph.access import FULL, Clearance
from graph.analytics import harm
from graph.db.temporal import date_to_wire, datetime_to_wire
from graph.errors import Conflict, NotFound, write_failure
from graph.models.base import graph_properties
from graph.records import cypher
from graph.records.kinds import KINDS, WRITE_ORDER, LinkKind, NodeKind, Ref
from graph.records.validation import (
    CleanRow,
    RowError,
    is_review_state,
    kind_spec,
    model_properties,
    validate,
    validate_many,
)
from graph.reviews import mopi

Tx = Transaction | ManagedTransaction
T = TypeVar("T")
# Kinds the RFG harm score reads: writing one rescores its people in the same transaction.
HARM_INPUT_KINDS = frozenset({"conviction", "arrest"})


def write_batch(tx: Tx, kind: str, rows: Iterable[Mapping[str, Any]], *,
                clearance: Clearance = FULL) -> int:
    """Write rows of one kind (validated here unless they are `CleanRow`s of that kind).

    Idempotent: properties are SET from the row, relationships MERGEd, links of a list
    the row gives but no longer names are removed (a list the row omits keeps its links).
    Raises RowError naming the row (index) and the field, e.g. a reference to a record
    that does not exist, before anything is written; and NotFound (field "id") for a
    stored graded record the writer's `clearance` does not cover. FULL is the data
    owner's (imports, CLI, demo); the API passes each caller's clearance.
    """
    spec = kind_spec(kind)
    clean = _clean(kind, rows)
    if not clean:
        return 0
    _check_references(tx, spec, clean)
    if kind == "flag_event":
        _check_flag_history(tx, clean)
    ids = [row["id"] for row in clean]
    # Records already stored (a rewrite): only they are locked, checked for visibility and
    # pruned, so a first load of new records runs no DELETE and takes no extra locks.
    existing = _stored(tx, kind, ids)
    if existing and kind in cypher.GRADED:
        _lock_visible(tx, kind, [record_id for record_id in ids if record_id in existing],
                      clearance)
    if isinstance(spec, NodeKind):
        params = [_node_params(spec, row) for row in clean]
        rewrites = [p for p in params if p["id"] in existing]
        if rewrites and kind in cypher.NODE_PRUNE:
            tx.run(cypher.NODE_PRUNE[kind], rows=rewrites).consume()
        written = tx.run(cypher.NODE_WRITE[kind], rows=params, **clearance.params).single()
        if kind in cypher.GRADED and (written is None or written["written"] < len(params)):
            _lock_visible(tx, kind, ids, clearance)  # raises: created unseen meanwhile
    else:
        by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in clean:
            rel_type = spec.types[row[spec.type_field] if spec.type_field else ""]
            by_type[rel_type].append(_link_params(spec, rel_type, row))
        for rel_type, links in by_type.items():
            moved = [link for link in links if link["id"] in existing]
            if moved:
                tx.run(cypher.LINK_PRUNE[(kind, rel_type)], rows=moved).consume()
            done = tx.run(cypher.LINK_WRITE[(kind, rel_type)], rows=links,
                          **clearance.params).single()
            if kind in cypher.GRADED and (done is None or done["written"] < len(links)):
                _lock_visible(tx, kind, [link["id"] for link in links], clearance)
    if kind in ("flag", "flag_event"):
        flag_ids = sorted({row["id"] if kind == "flag" else row["flag_id"] for row in clean})
        tx.run(cypher.FLAG_STATE, flag_ids=flag_ids).consume()
    if kind in HARM_INPUT_KINDS:
        harm.rescore(tx, (row["person_id"] for row in clean if row.get("person_id")))
    if kind in mopi.INPUT_KINDS:
        mopi.recompute(tx, kind, clean)  # MOPI groups and review dates (docs/reviews.md)
    # Watchers are told of first writes in this same transaction (docs/watches.md).
    watches.raise_alerts(tx, kind, [row for row in clean if row["id"] not in existing],
                         [row for row in clean if row["id"] in existing],
                         graded=kind in cypher.GRADED)
    return len(clean)


def write_records(driver: Driver, database: str,
                  batches: Mapping[str, Sequence[Mapping[str, Any]]],
                  *, derive: bool = True,
                  clearance: Clearance = FULL) -> dict[str, int]:
    """Validate and write several kinds in one transaction, references first.

    With `derive`, the co-offender links of the incidents these rows touch are refreshed
    in the same transaction. Returns rows written per kind. All or nothing. The writer
    changes only graded records its `clearance` covers (NotFound for the others, as for
    an absent record). A lost answer to the commit raises OutcomeUnknown
    (it may have committed), an unreachable database DatabaseUnavailable (it did not).
    """
    unknown = [kind for kind in batches if kind not in KINDS]
    if unknown:
        kind_spec(unknown[0])  # raises, naming the allowed kinds
    validated: dict[str, list[CleanRow]] = {}
    for kind in WRITE_ORDER:
        if kind in batches:
            clean, errors = validate_many(kind, batches[kind])
            if errors:
                raise errors[0]
            validated[kind] = clean

    def work(tx: ManagedTransaction) -> dict[str, int]:
        written = {kind: write_batch(tx, kind, rows, clearance=clearance)
                   for kind, rows in validated.items()}
        incidents = _touched_incidents(validated)
        if derive and incidents:
            derive_co_offenders(tx, incidents)
        return written

    return in_write_transaction(driver, database, work)


def in_write_transaction(driver: Driver, database: str,
                         work: Callable[[ManagedTransaction], T]) -> T:
    """Run `work` in one managed write transaction, with the driver's faults told as they
    are: Conflict for a broken uniqueness rule, OutcomeUnknown when the commit's answer was
    lost, DatabaseUnavailable when nothing could have been written."""
    try:
        with driver.session(database=database) as session:
            return session.execute_write(work)
    except ConstraintError as exc:
        raise Conflict(f"the write breaks a uniqueness rule: {exc.message}") from exc
    except DriverError as exc:
        failure = write_failure(exc)
        if failure is None:
            raise
        raise failure from exc


def derive_co_offenders(tx: Tx, incident_ids: Iterable[str] | None = None) -> int:
    """MERGE derived CO_OFFENDER links between people who were suspects in, or arrested
    for, the same incident (all incidents when `incident_ids` is None). Returns the pairs."""
    ids = None if incident_ids is None else sorted(set(incident_ids))
    record = tx.run(cypher.CO_OFFENDERS, incident_ids=ids).single()
    return record["pairs"] if record else 0


# --- helpers ---------------------------------------------------------------------------

def _clean(kind: str, rows: Iterable[Mapping[str, Any]]) -> list[CleanRow]:
    clean: list[CleanRow] = []
    seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        try:
            done = row if isinstance(row, CleanRow) and row.kind == kind else validate(kind, row)
        except RowError as error:
            raise error.at(index) from None
        if done["id"] in seen:
            raise RowError(kind, done["id"], "id",
                           f"duplicate id: row {seen[done['id']]} has it too", index)
        seen[done["id"]] = index
        clean.append(done)
    return clean


def _stored(tx: Tx, kind: str, ids: list[str]) -> set[str]:
    record = tx.run(cypher.EXISTING[kind], ids=ids).single()
    return set(record["existing"]) if record else set()


def _lock_visible(tx: Tx, kind: str, ids: list[str], clearance: Clearance) -> set[str]:
    """Lock the stored records among `ids`; NotFound for the first (in row order) that the
    writer may not see. Returns the ids that are stored."""
    tx.run(cypher.LOCK[kind], ids=ids).consume()
    record = tx.run(cypher.HIDDEN[kind], ids=ids, **clearance.params).single()
    hidden = set(record["hidden"]) if record else set()
    if hidden:
        first = next(record_id for record_id in ids if record_id in hidden)
        raise NotFound(kind.replace("_", " "), first, field="id")
    return set(record["existing"]) if record else set()


def _refs_of(spec: NodeKind | LinkKind) -> tuple[Ref, ...]:
    return spec.refs if isinstance(spec, NodeKind) else (spec.start, spec.end)


def _ids(row: Mapping[str, Any], ref: Ref) -> list[str]:
    value = row.get(ref.field)
    if ref.many:
        return list(value or [])
    return [value] if value else []


def _check_references(tx: Tx, spec: NodeKind | LinkKind, rows: list[CleanRow]) -> None:
    """Raise for the first row that names a record that does not exist (nothing written)."""
    wanted: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)  # label -> id -> (row, field)
    for index, row in enumerate(rows):
        for ref in _refs_of(spec):
            for ref_id in _ids(row, ref):
                wanted[ref.label].setdefault(ref_id, (index, ref.field))
    for label, ids in sorted(wanted.items()):
        record = tx.run(cypher.MISSING[label], ids=list(ids)).single()
        missing = record["missing"] if record else []
        if missing:
            index, field = min(ids[ref_id] for ref_id in missing)
            bad = next(ref_id for ref_id in missing if ids[ref_id] == (index, field))
            raise RowError(spec.name, rows[index]["id"], field, f"unknown {label} {bad!r}", index)


def _check_flag_history(tx: Tx, rows: list[CleanRow]) -> None:
    """A cleared flag stays cleared: no second clearing and no review after it."""
    cleared_in_batch: dict[str, int] = {}
    for index, row in enumerate(rows):
        if row["action"] == "cleared":
            if row["flag_id"] in cleared_in_batch:
                raise RowError("flag_event", row["id"], "flag_id",
                               f"flag {row['flag_id']!r} is cleared twice in this batch "
                               f"(rows {cleared_in_batch[row['flag_id']]} and {index})", index)
            cleared_in_batch[row["flag_id"]] = index
    events = [{"id": row["id"], "flag_id": row["flag_id"], "at": row["at"]} for row in rows]
    conflict = tx.run(cypher.FLAG_EVENT_CONFLICTS, events=events).data()
    if conflict:
        first = conflict[0]
        index = next(i for i, row in enumerate(rows) if row["id"] == first["event_id"])
        raise RowError("flag_event", first["event_id"], "flag_id",
                       f"flag {first['flag_id']!r} was already cleared "
                       f"(event {first['cleared_by_event']!r})", index)


def _node_params(spec: NodeKind, row: CleanRow) -> dict[str, Any]:
    link = {"source": row["source"], "recorded_by": row["recorded_by"],
            "recorded_at": datetime_to_wire(row["recorded_at"])}
    params: dict[str, Any] = {
        "id": row["id"],
        "props": _wire_props(_written_names(spec.name), row),
        # None for a list the row omits: the write neither prunes nor adds links of it.
        "refs": {ref.field: None if row.get(ref.field) is None else _ids(row, ref)
                 for ref in spec.refs},
        "link": link,
    }
    if spec.name == "flag":
        params["set_event"] = {"id": set_event_id(row["id"]), "props": {
            "id": set_event_id(row["id"]), **link, "action": "set",
            "at": datetime_to_wire(row["set_at"]), "by": row["set_by"],
            "reason": row["reason"], "next_review_date": date_to_wire(row["review_date"])}}
    return params


@cache
def _written_names(kind: str, rel_type: str | None = None
                   ) -> tuple[tuple[str, ...], dict[str, str]]:
    """The properties a row of this kind (and link type) writes, and their temporal ones."""
    spec = KINDS[kind]
    props = (model_properties(spec) if rel_type is None or not isinstance(spec, LinkKind)
             else graph_properties(spec.model_for(rel_type)))
    names = tuple(name for name, prop in props.items() if not is_review_state(prop))
    return names, cypher.written_temporal(props)


_TO_WIRE: dict[str, Callable[[Any], Any]] = {"datetime": datetime_to_wire,
                                             "date": date_to_wire}


def _wire_props(written: tuple[tuple[str, ...], dict[str, str]],
                row: Mapping[str, Any]) -> dict[str, Any]:
    names, temporal = written
    props = {name: row.get(name) for name in names}
    for name, kind in temporal.items():
        props[name] = _TO_WIRE[kind](props[name])
    return props


def set_event_id(flag_id: str) -> str:
    """The id of the "set" FlagEvent a flag row writes (deterministic: rewrites MERGE it)."""
    return f"FE-{flag_id}-set"


def _link_params(spec: LinkKind, rel_type: str, row: CleanRow) -> dict[str, Any]:
    return {"id": row["id"], "start_id": row[spec.start.field], "end_id": row[spec.end.field],
            "props": _wire_props(_written_names(spec.name, rel_type), row)}


def _touched_incidents(validated: Mapping[str, list[CleanRow]]) -> set[str]:
    incidents = {row["incident_id"] for row in validated.get("incident_role", [])
                 if row["role"] == "suspect"}
    incidents |= {row["incident_id"] for row in validated.get("arrest", [])
                  if row["incident_id"]}
    return incidents
