"""A checked mapping, compiled: per source file, the Nexus rows each of its rows becomes.

Checking needs the Nexus model: a kind must exist, a field must be one its rows may carry
(`graph.records.row_fields`), a value map must map onto the field's closed set, a
reference must name a mapped file that yields records of the label the field refers to.
Every problem names the mapping line it is about; all of them are reported at once.

The compiled outputs (graph/ingest/mapping/rows.py) convert row by row into exactly the
rows `nexus import` reads from `<kind>.jsonl` files, which then go through the one
validation and writer of every import: the mapping changes names and spellings, never
the rules.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from graph.ingest.mapping.rows import CompiledOutput, Mapping, Rule
from graph.ingest.mapping.schema import Lines, Loc, MappingError, MappingFile, Output
from graph.ingest.mapping.values import (
    DateStyle,
    Template,
    to_date,
    to_datetime,
    to_partial_date,
)
from graph.records import KINDS, WRITE_ORDER, row_fields
from graph.records.kinds import LinkKind, NodeKind, Ref
from graph.records.property_types import (
    Bounded,
    ChoiceType,
    DateTimeType,
    DateType,
    ListType,
    PartialDateType,
    PropertyType,
)
from graph.records.validation import field_types, model_properties


def compile_mapping(model: MappingFile, lines: Lines, text: str) -> Mapping:
    problems: list[str] = []

    def problem(loc: Loc, message: str) -> None:
        problems.append(lines.problem(loc, message))

    style = _date_style(model, problem)
    files: dict[str, list[CompiledOutput]] = {}
    for file, outputs in model.files.items():
        if "/" in file or "\\" in file or file.startswith(".") or not file.strip():
            problem(("files", file), "a file name in the import folder (no folders, not hidden)")
        files[file] = [_output(file, index, spec, model, style, problem)
                       for index, spec in enumerate(outputs)]
        _name_outputs(file, files[file], outputs, problem)
    for file, outputs in model.files.items():
        for index, spec in enumerate(outputs):
            _resolve_refs(file, index, spec, files, problem)
    if problems:
        raise MappingError(problems)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Mapping(lines.name, digest, files, lines)


def _date_style(model: MappingFile, problem: Callable[[Loc, str], None]) -> DateStyle | None:
    if model.dates is None:
        return None
    try:
        ZoneInfo(model.dates.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problem(("dates", "timezone"), f"unknown time zone {model.dates.timezone!r} "
                                       "(e.g. UTC, Europe/London)")
        return None
    return DateStyle(model.dates.order, tuple(model.dates.formats), model.dates.timezone)


def item_type(ptype: PropertyType | None) -> tuple[PropertyType | None, bool]:
    """The item type of a field and whether the field is a list."""
    if isinstance(ptype, Bounded):
        ptype = ptype.inner
    if isinstance(ptype, ListType):
        item = ptype.item.inner if isinstance(ptype.item, Bounded) else ptype.item
        return item, True
    return ptype, False


def references(kind: str) -> dict[str, Ref]:
    spec = KINDS[kind]
    refs = spec.refs if isinstance(spec, NodeKind) else (spec.start, spec.end)
    return {ref.field: ref for ref in refs}


def field_choices(kind: str, name: str) -> tuple[str, ...] | None:
    spec = KINDS[kind]
    if isinstance(spec, LinkKind) and name == spec.type_field:
        return tuple(spec.types)
    item, _ = item_type(field_types(kind).get(name))
    return item.choices if isinstance(item, ChoiceType) else None


def _output(file: str, index: int, spec: Output, model: MappingFile, style: DateStyle | None,
            problem: Callable[[Loc, str], None]) -> CompiledOutput:
    loc: Loc = ("files", file, index)
    kind = spec.kind
    template = Template(spec.id)
    columns: dict[str, Loc] = {column: (*loc, "id") for column in template.columns}
    if kind not in KINDS:
        problem((*loc, "kind"), f"unknown kind {kind!r}; kinds: {', '.join(WRITE_ORDER)}")
        return CompiledOutput(file, kind, file, template, spec.optional, {}, [], columns)
    allowed = row_fields(KINDS[kind])
    if not template.columns:
        problem((*loc, "id"), "the id is a template naming at least one column, "
                              "e.g. \"POL-{ID}\"")
    constants = {key: value for key, value in model.constants.items() if key in allowed}
    for key in model.constants:
        if not any(key in row_fields(KINDS[o.kind]) for outs in model.files.values()
                   for o in outs if o.kind in KINDS):
            problem(("constants", key), "no mapped kind has this field")
    for key, value in spec.constants.items():
        if key not in allowed or key == "id":
            problem((*loc, "constants", key), _unknown_field(kind, allowed))
        constants[key] = value
    rules: list[Rule] = []
    refs = references(kind)
    types = field_types(kind)
    for name, field_spec in spec.fields.items():
        where = (*loc, "fields", name)
        if name == "id" or name not in allowed:
            problem(where, "the id is the output's `id` template, not a field" if name == "id"
                    else _unknown_field(kind, allowed))
            continue
        item, many = item_type(types.get(name))
        ref = refs.get(name)
        many = many or bool(ref and ref.many)
        choices = field_choices(kind, name)
        targets = [("map", value) for value in (field_spec.map or {}).values()]
        targets += [("default", field_spec.default)] if field_spec.default else []
        for key, value in targets:
            if value and choices is not None and value not in choices:
                problem((*where, key),
                        f"{value!r} is not a {name} value; allowed: {', '.join(choices)}")
        if field_spec.ref is not None and ref is None:
            problem((*where, "ref"), f"{name} is not a reference to another record")
        source = (Template(field_spec.template) if field_spec.template is not None
                  else Template("{" + field_spec.column + "}") if field_spec.column is not None
                  else None)
        if field_spec.column is not None:
            columns[field_spec.column] = (*where, "column")
        elif source is not None:
            columns.update({column: (*where, "template") for column in source.columns})
        rule = Rule(name, field_spec, source, many=many,
                     lookup={key.casefold(): value for key, value in
                             (field_spec.map or {}).items()})
        if isinstance(item, DateType | DateTimeType | PartialDateType) and source is not None:
            if style is None:
                problem(where, "a date field: say how the export writes dates "
                               "(dates: {order: day-first} or month-first)")
            else:
                rule.date = _date_parser(item, style, tuple(field_spec.formats))
        rules.append(rule)
    missing = [name for name in required_fields(kind) if name not in spec.fields
               and name not in constants]
    if missing:
        problem((*loc, "fields"), f"a {kind} row needs {', '.join(missing)}: map a column "
                                  "or give a constant")
    return CompiledOutput(file, kind, file, template, spec.optional, constants, rules, columns)


def _date_parser(item: PropertyType, style: DateStyle, own: tuple[str, ...]
                 ) -> Callable[[str], str]:
    convert = (to_datetime if isinstance(item, DateTimeType)
               else to_partial_date if isinstance(item, PartialDateType) else to_date)
    return lambda value: convert(value, style, own)


def required_fields(kind: str) -> list[str]:
    """Fields every row of the kind must carry (the id aside)."""
    spec = KINDS[kind]
    allowed = row_fields(spec)
    names = [name for name, prop in model_properties(spec).items()
             if prop.required and name in allowed and name != "id"
             and not (kind == "flag" and name == "status")]
    names += [ref.field for ref in references(kind).values() if ref.required]
    if isinstance(spec, LinkKind) and spec.type_field:
        names.append(spec.type_field)
    return names


def _unknown_field(kind: str, allowed: frozenset[str]) -> str:
    return f"unknown field; {kind} rows have: {', '.join(sorted(allowed - {'id'}))}"


def _name_outputs(file: str, compiled: list[CompiledOutput], specs: list[Output],
                  problem: Callable[[Loc, str], None]) -> None:
    if len(compiled) == 1:
        return
    names = [spec.name or spec.kind for spec in specs]
    for index, (output, name) in enumerate(zip(compiled, names, strict=True)):
        if names.count(name) > 1:
            problem(("files", file, index, "name"), f"two outputs of {file} are called "
                                                    f"{name!r}: give each its own name")
        output.key = f"{file}[{name}]"


def _resolve_refs(file: str, index: int, spec: Output, files: dict[str, list[CompiledOutput]],
                  problem: Callable[[Loc, str], None]) -> None:
    """Point each `ref` at the id template of the output it names."""
    output = files[file][index]
    if output.kind not in KINDS:
        return
    refs = references(output.kind)
    for rule in output.rules:
        target_ref = refs.get(rule.name)
        if rule.spec.ref is None or target_ref is None:
            continue
        where: Loc = ("files", file, index, "fields", rule.name, "ref")
        target_file, _, wanted = rule.spec.ref.partition("[")
        wanted = wanted.removesuffix("]")
        if target_file not in files:
            problem(where, f"{target_file!r} is not a file of this mapping")
            continue
        if any(o.kind not in KINDS for o in files[target_file]):
            continue                        # its unknown kind is reported already
        found = [o for o in files[target_file] if _label(o.kind) == target_ref.label
                 and (not wanted or o.key == f"{target_file}[{wanted}]")]
        if len(found) != 1:
            problem(where, f"{rule.spec.ref!r} yields {'no' if not found else 'several'} "
                           f"{target_ref.label} records"
                           + ("; name one: file[name]" if found else ""))
            continue
        target = found[0]
        if rule.source is None:                 # the id of this very row's other output
            if target_file != file:
                problem(where, "a ref to another file names the column holding its ids "
                               "(add column:)")
                continue
            output.own_ids[rule.spec.ref] = target.id
        elif len(target.id.columns) != 1:
            problem(where, f"{target.key}'s id is built from several columns "
                           f"({target.id.text!r}): give this field a template instead")
        else:
            rule.reference = target.id


def _label(kind: str) -> str | None:
    spec = KINDS.get(kind)
    return spec.label if isinstance(spec, NodeKind) else None


def check_columns(mapping: Mapping, file: str, header: list[str]) -> list[str]:
    """Problems with columns the mapping names that a CSV file's header lacks."""
    have = set(header)
    problems = []
    for output in mapping.files[file]:
        for column, loc in output.columns.items():
            if column not in have:
                problems.append(mapping.lines.problem(
                    loc, f"{file} has no column {column!r}; its columns: {', '.join(header)}"))
    return problems
