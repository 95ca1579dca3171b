"""`nexus import`: validate and write a folder of record files, resumably.

Files are taken in the write layer's order (references first). Each batch is parsed,
validated row by row (`graph.records.validate_many`), checked for references to records
that exist neither in the graph nor (in a dry run) earlier in the import, and its good
rows written by `write_batch` in one transaction, with the derived co-offender links of
the incidents it touches. A bad row is reported (file, line, record, field, reason) and
writes nothing; the good rows around it still land. After each commit the checkpoint
(`graph.ingest.state`) records how far the import got.

A hostile folder costs a report line, not the import: a record that cannot be read
(graph.ingest.files) is a problem of its line, a symbolic link in the folder is refused
unread (a problem of that file, line 0), and a file that cannot be opened is a problem of
that file; the other records and files are imported all the same.

With a mapping (graph/ingest/mapping), the folder holds the user's own export: each
source file is read once per kind it yields, its records turned into Nexus rows on the
way in, and those rows go through the same validation, writer and checkpoint; the
report names the source file and line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j import Driver, ManagedTransaction, Session

from graph.ingest.files import (
    FileRefused,
    Line,
    Unit,
    count_lines,
    read_batches,
    scan_folder,
)
from graph.ingest.mapping import Mapping, plan_folder
from graph.ingest.state import ImportState
from graph.records import KINDS, CleanRow, RowError, derive_co_offenders, validate_many
from graph.records import write_batch as write_rows
from graph.records.cypher import MISSING
from graph.records.kinds import LinkKind, NodeKind, Ref

BATCH_SIZE = 5000
Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    field: str
    reason: str
    record: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "record": self.record,
                "field": self.field, "reason": self.reason}


@dataclass
class ImportReport:
    dry_run: bool
    resumed: bool = False
    files: dict[str, str] = field(default_factory=dict)        # kind -> file name(s)
    written: dict[str, int] = field(default_factory=dict)      # kind -> good rows
    problems: list[Problem] = field(default_factory=list)
    mapping: MappedSummary | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        out = {"dry_run": self.dry_run, "resumed": self.resumed, "files": self.files,
               "written" if not self.dry_run else "valid": self.written,
               "problems": [problem.as_dict() for problem in self.problems]}
        if self.mapping is not None:
            out["mapping"] = self.mapping.as_dict()
        return out


@dataclass
class MappedSummary:
    """What a mapping made of the folder: kinds per file, first rows, unmapped values."""

    name: str
    outputs: dict[str, list[str]]                   # source file -> kinds, in order
    samples: dict[str, list[dict[str, Any]]]        # output -> first Nexus rows
    unmapped: dict[str, dict[str, dict[str, int]]]  # output -> field -> value -> rows
    more_unmapped: dict[str, dict[str, int]]        # output -> field -> rows not listed
    ignored: list[str]

    @classmethod
    def of(cls, mapping: Mapping, ignored: list[str]) -> MappedSummary:
        outputs = {file: [output.kind for output in outs] for file, outs in
                   mapping.files.items()}
        samples = {output.key: list(output.samples) for output in mapping.outputs()}
        unmapped: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
        for (key, name), counts in mapping.tally.values.items():
            unmapped[key][name] = dict(counts.most_common())
        more: dict[str, dict[str, int]] = defaultdict(dict)
        for (key, name), count in mapping.tally.more.items():
            more[key][name] = count
        return cls(mapping.name, outputs, samples, dict(unmapped), dict(more), ignored)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "outputs": self.outputs, "samples": self.samples,
                "unmapped": self.unmapped, "more_unmapped": self.more_unmapped,
                "ignored": self.ignored}


def _units(folder: Path, mapping: Mapping | None) -> tuple[list[Unit], list[tuple[str, str]],
                                                          list[str]]:
    """What the import reads (units in write order), the entries refused, those ignored."""
    if mapping is not None:
        plan = plan_folder(mapping, folder)
        return plan.units, plan.refused, plan.ignored
    scanned = scan_folder(folder)
    return ([Unit(kind, path, path.name) for kind, path in scanned.files.items()],
            scanned.refused, [])


def count_records(folder: Path, mapping: Mapping | None = None) -> dict[str, int]:
    """Records per kind (for a progress bar); a cheap line count, not a parse."""
    totals: dict[str, int] = {}
    for unit in _units(folder, mapping)[0]:
        rows = max(count_lines(unit.path) - (1 if unit.path.suffix == ".csv" else 0), 0)
        totals[unit.kind] = totals.get(unit.kind, 0) + rows
    return totals


def import_folder(driver: Driver, database: str, folder: Path, *, dry_run: bool = False,
                  restart: bool = False, batch_size: int = BATCH_SIZE,
                  progress: Progress | None = None, mapping: Mapping | None = None
                  ) -> ImportReport:
    units, refused, ignored = _units(folder, mapping)
    state = None if dry_run else ImportState.open(
        folder, restart=restart, mapping=mapping.digest if mapping else None)
    files: dict[str, list[str]] = defaultdict(list)
    for unit in units:
        files[unit.kind].append(unit.path.name)
    report = ImportReport(dry_run, resumed=bool(state and state.resumed),
                          files={kind: ", ".join(names) for kind, names in files.items()})
    report.problems.extend(Problem(name, 0, "file", reason) for name, reason in refused)
    if state:
        report.problems.extend(Problem(**problem) for problem in state.problems)
    seen: dict[str, set[str]] = defaultdict(set)   # label -> ids this dry run would write
    with driver.session(database=database) as session:
        _import_units(session, units, state, report, seen, dry_run, batch_size, progress)
    if state:
        state.remove()
    if mapping is not None:
        report.mapping = MappedSummary.of(mapping, ignored)
    return report


def _import_units(session: Session, units: list[Unit], state: ImportState | None,
                  report: ImportReport, seen: dict[str, set[str]], dry_run: bool,
                  batch_size: int, progress: Progress | None) -> None:
    for unit in units:
        kind, path = unit.kind, unit.path
        report.written.setdefault(kind, 0)
        done = state.progress(unit.name, path.name) if state else None
        if done and done.done:
            if progress:
                progress(kind, done.line)
            continue
        if done and done.line and progress:
            progress(kind, _records_before(path, done.line))
        offset, line = (done.offset, done.line) if done else (0, 0)
        try:
            for batch in read_batches(path, batch_size, offset, line):
                lines = batch.lines if unit.convert is None else [
                    row for row in map(unit.convert, batch.lines) if row is not None]
                problems = _import_batch(session, kind, unit.name, lines, dry_run, seen,
                                         report)
                report.problems.extend(problems)
                if state:
                    state.commit_batch(unit.name, batch.start, batch.end,
                                       batch.lines[0].number, batch.lines[-1].number,
                                       batch.sha256, [problem.as_dict() for problem in problems])
                if progress:
                    progress(kind, len(batch.lines))
        except FileRefused as exc:  # e.g. swapped for a symbolic link since the listing
            problem = Problem(unit.name, 0, "file", str(exc).removeprefix(f"{path.name} "))
            report.problems.append(problem)
            if state:
                state.problems.append(problem.as_dict())
        if state:
            state.finish_file(unit.name)


def _records_before(path: Path, line: int) -> int:
    return line - (1 if path.suffix == ".csv" else 0)


def _import_batch(session: Session, kind: str, name: str, lines: list[Line], dry_run: bool,
                  seen: dict[str, set[str]], report: ImportReport) -> list[Problem]:
    problems = [Problem(name, line.number, line.field, line.problem, line.record)
                for line in lines if line.problem]
    parsed = [line for line in lines if line.row is not None]
    clean, errors = validate_many(kind, [line.row for line in parsed if line.row is not None])
    problems += [_problem(name, parsed[index].number, error) for error in errors
                 if (index := error.index) is not None]
    line_of = _lines_of_clean(parsed, errors, clean)
    spec = KINDS[kind]
    missing = session.execute_read(_missing_references, spec, clean, seen, dry_run)
    for index in sorted(missing):
        row = clean[index]
        field_name, reason = missing[index]
        problems.append(Problem(name, line_of[row["id"]], field_name, reason, row["id"]))
    good = [row for index, row in enumerate(clean) if index not in missing]
    if dry_run:
        if isinstance(spec, NodeKind):
            seen[spec.label].update(row["id"] for row in good)
    else:
        good, refused = _write(session, kind, good)
        problems += [Problem(name, line_of[error.record_id or ""], error.field,
                             error.reason, error.record_id) for error in refused]
    report.written[kind] = report.written.get(kind, 0) + len(good)
    problems.sort(key=lambda problem: problem.line)
    return problems


def _lines_of_clean(parsed: list[Any], errors: list[RowError], clean: list[CleanRow]
                    ) -> dict[str, int]:
    """The file line of each clean row (validate_many keeps order and drops bad rows)."""
    bad = {error.index for error in errors}
    good_lines = [line.number for index, line in enumerate(parsed) if index not in bad]
    return {row["id"]: number for row, number in zip(clean, good_lines, strict=True)}


def _problem(name: str, line: int, error: RowError) -> Problem:
    return Problem(name, line, error.field, error.reason, error.record_id)


def _refs(spec: NodeKind | LinkKind) -> tuple[Ref, ...]:
    return spec.refs if isinstance(spec, NodeKind) else (spec.start, spec.end)


def _missing_references(tx: ManagedTransaction, spec: NodeKind | LinkKind,
                        rows: list[CleanRow], seen: dict[str, set[str]], dry_run: bool
                        ) -> dict[int, tuple[str, str]]:
    """Rows (by index) naming a record that does not exist: index -> (field, reason)."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for ref in _refs(spec):
            wanted[ref.label].update(_ref_ids(row, ref))
    absent: dict[str, set[str]] = {}
    for label, ids in wanted.items():
        record = tx.run(MISSING[label], ids=sorted(ids)).single()
        gone = set(record["missing"]) if record else set()
        absent[label] = gone - seen[label] if dry_run else gone
    missing: dict[int, tuple[str, str]] = {}
    for index, row in enumerate(rows):
        for ref in _refs(spec):
            bad = next((ref_id for ref_id in _ref_ids(row, ref) if ref_id in absent[ref.label]),
                       None)
            if bad is not None:
                missing[index] = (ref.field, f"unknown {ref.label} {bad!r}")
                break
    return missing


def _ref_ids(row: CleanRow, ref: Ref) -> list[str]:
    value = row.get(ref.field)
    if ref.many:
        return list(value or [])
    return [value] if value else []


def _write(session: Session, kind: str, rows: list[CleanRow]) -> tuple[list[CleanRow],
                                                                  list[RowError]]:
    """Write rows in one transaction; a row the write layer refuses (e.g. a flag event
    after the flag was cleared) is dropped and the rest written again."""
    refused: list[RowError] = []
    while rows:
        try:
            session.execute_write(_write_tx, kind, rows)
            break
        except RowError as error:
            if error.index is None:
                raise
            refused.append(error)
            rows = rows[:error.index] + rows[error.index + 1:]
    return rows, refused


def _write_tx(tx: ManagedTransaction, kind: str, rows: list[CleanRow]) -> None:
    write_rows(tx, kind, rows)
    incidents = {row["incident_id"] for row in rows
                 if (kind == "arrest" and row.get("incident_id"))
                 or (kind == "incident_role" and row.get("role") == "suspect")}
    if incidents:
        derive_co_offenders(tx, incidents)
