"""Turning one source record into one Nexus row: the compiled form of a mapping output.

Row by row, a compiled output renders the id template, fills each field from its column,
constant or template, splits lists, applies the value map (counting what it does not
name), turns references into the referenced file's ids and respells dates; the row it
makes is exactly a row of a `<kind>.jsonl` import file, validated afterwards by the one
validation of every import.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graph.ingest.files import Line
from graph.ingest.mapping.schema import FieldSpec, Lines, Loc
from graph.ingest.mapping.values import Template, ValueProblem
from graph.records import WRITE_ORDER

SAMPLE_ROWS = 3          # Nexus rows kept per output, for a dry run to show
UNMAPPED_MAX = 1000      # distinct unmapped values kept per field (all are counted)


@dataclass
class Tally:
    """Source values a value map did not name, per output and field, with their counts."""

    values: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    more: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, output: str, name: str, value: str) -> None:
        counts = self.values.setdefault((output, name), Counter())
        if value in counts or len(counts) < UNMAPPED_MAX:
            counts[value] += 1
        else:
            self.more[(output, name)] += 1


@dataclass
class Rule:
    """How one Nexus field of an output is filled from a source row."""

    name: str
    spec: FieldSpec
    source: Template | None                 # column or template (None: value, or own ref)
    reference: Template | None = None       # the referenced output's id template
    date: Callable[[str], str] | None = None
    many: bool = False
    lookup: dict[str, str] = field(default_factory=dict)   # casefolded map keys

    def value(self, row: dict[str, Any], own_ids: dict[str, Template], output: str,
              tally: Tally) -> Any:
        spec = self.spec
        if spec.value is not None:
            return spec.value
        if self.source is None:                 # `ref` to another output of this row
            assert spec.ref is not None
            return own_ids[spec.ref].render(row)
        raw = _cell(row, self.source, spec)
        if raw is None:
            return spec.empty
        items = ([part.strip() for part in raw.split(spec.split or ";") if part.strip()]
                 if self.many or spec.split else [raw])
        done = [item for item in (self._item(item, output, tally) for item in items) if item]
        if self.many:
            return done
        return done[0] if done else None

    def _item(self, item: str, output: str, tally: Tally) -> str | None:
        spec = self.spec
        if spec.map is not None:
            mapped = spec.map.get(item, self.lookup.get(item.casefold()))
            if mapped is None:
                tally.add(output, self.name, item)
                if spec.default is None:
                    raise ValueProblem(f"{item[:80]!r} is not in the mapping's value map "
                                       "(and it gives no default)")
                mapped = spec.default
            item = mapped
        if not item:
            return None
        if self.reference is not None:
            item = self.reference.fill(item)
        if self.date is not None:
            item = self.date(item)
        return item


def _cell(row: dict[str, Any], source: Template, spec: FieldSpec) -> str | None:
    if spec.column is not None:
        value = row.get(spec.column)
        if isinstance(value, list):
            value = ";".join(str(item) for item in value)
        text = "" if value is None else str(value).strip()
        return text or None
    return source.render(row)


@dataclass
class CompiledOutput:
    file: str
    kind: str
    key: str                            # report and checkpoint name
    id: Template
    optional: bool
    constants: dict[str, str]
    rules: list[Rule]
    columns: dict[str, Loc]             # source columns used -> where the mapping says so
    own_ids: dict[str, Template] = field(default_factory=dict)   # ref -> id of this row
    samples: list[dict[str, Any]] = field(default_factory=list)
    _seen: dict[str, str] = field(default_factory=dict)

    def convert(self, line: Line, tally: Tally) -> Line | None:
        """The Nexus row of one source record; None when it yields none (an optional
        output with an empty id, or the same record as an earlier row of this output)."""
        if line.row is None:
            return line
        row = line.row
        record_id = self.id.render(row)
        if record_id is None:
            if self.optional:
                return None
            needs = ", ".join(self.id.columns)
            return Line(line.number, None, f"the id template {self.id.text!r} needs {needs}, "
                        "empty in this row", "id")
        out: dict[str, Any] = {"id": record_id, **self.constants}
        for rule in self.rules:
            try:
                value = rule.value(row, self.own_ids, self.key, tally)
            except ValueProblem as problem:
                return Line(line.number, None, str(problem), rule.name, record_id)
            if value is not None:
                out[rule.name] = value
        digest = hashlib.sha256(repr(sorted(out.items())).encode()).hexdigest()
        if self._seen.get(record_id) == digest:   # a location named by several crimes
            return None
        self._seen[record_id] = digest
        if len(self.samples) < SAMPLE_ROWS:
            self.samples.append(out)
        return Line(line.number, out)


@dataclass
class Mapping:
    """A compiled mapping: its outputs by source file, in the file's order."""

    name: str
    digest: str                         # SHA-256 of the mapping text (the checkpoint's)
    files: dict[str, list[CompiledOutput]]
    lines: Lines
    tally: Tally = field(default_factory=Tally)

    def outputs(self) -> list[CompiledOutput]:
        """Every output, in the write layer's order (references first)."""
        every = [output for outputs in self.files.values() for output in outputs]
        return sorted(every, key=lambda output: WRITE_ORDER.index(output.kind))
