"""The mapping file: its schema (pydantic) and reading it with the line of every value.

A mapping is YAML. It is read with PyYAML's BaseLoader, which keeps every scalar as text
(so `No`, `1e3` or `2017-08-07` stay what the user typed, never a boolean, a float or a
date), and composed node by node so that every key path knows its line: a schema error
names the line it is about (`mapping.yaml:14: files.people.csv.fields.gender.map: ...`).
The shape is checked by pydantic; what needs the Nexus model (kinds, fields, closed sets,
references between files) is checked in graph/ingest/mapping/compile.py, with lines too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

MAX_MAPPING_BYTES = 1 << 20
Loc = tuple[str | int, ...]


class MappingError(ValueError):
    """A mapping file that cannot be used; each problem names its line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("the mapping cannot be used:\n  " + "\n  ".join(problems))
        self.problems = problems


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldSpec(_Strict):
    """Where one Nexus field's value comes from, and how it is turned into Nexus's form."""

    column: str | None = None               # the source column
    value: str | None = None                # a constant
    template: str | None = None             # "POL-{ID}": text with {column} placeholders
    ref: str | None = None                  # the mapped file whose ids this value names
    map: dict[str, str] | None = None       # source code -> Nexus value (closed sets)
    default: str | None = None              # for a value the map does not name
    empty: str | None = None                # for an empty cell
    split: str | None = None                # a list in one cell: its separator
    formats: list[str] = Field(default_factory=list)   # strptime formats, tried first

    @model_validator(mode="after")
    def _one_source(self) -> FieldSpec:
        given = [name for name in ("column", "value", "template")
                 if getattr(self, name) is not None]
        if len(given) > 1:
            raise ValueError(f"give one of column, value or template, not {' and '.join(given)}")
        if not given and self.ref is None:
            raise ValueError("give a column, a value or a template")
        if self.default is not None and self.map is None:
            raise ValueError("default is the value for codes the map does not name: give a map")
        return self


class Output(_Strict):
    """One Nexus kind a source file yields: a row of the file becomes one row of it."""

    kind: str
    id: str                                 # a template: "POL-{ID}"
    name: str | None = None                 # to tell two outputs of one kind apart
    optional: bool = False                  # rows whose id comes out empty yield nothing
    constants: dict[str, str] = Field(default_factory=dict)
    fields: dict[str, FieldSpec] = Field(default_factory=dict)

    @field_validator("fields", mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        """`family_name: Surname` is `family_name: {column: Surname}`."""
        if isinstance(value, dict):
            return {key: {"column": spec} if isinstance(spec, str) else spec
                    for key, spec in value.items()}
        return value


class Dates(_Strict):
    order: Literal["day-first", "month-first"]
    formats: list[str] = Field(default_factory=list)
    timezone: str = "UTC"


class MappingFile(_Strict):
    version: Literal["1"]
    dates: Dates | None = None
    constants: dict[str, str] = Field(default_factory=dict)
    files: dict[str, list[Output]] = Field(min_length=1)

    @field_validator("files", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        """A file yielding one kind may give its output without a list."""
        if isinstance(value, dict):
            return {name: [spec] if isinstance(spec, dict) else spec
                    for name, spec in value.items()}
        return value


class Lines:
    """The line of every key path of a YAML document (1-based)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.at: dict[Loc, int] = {}
        self.nodes: set[int] = set()

    def line(self, loc: Loc) -> int:
        """The line of the longest prefix of `loc` that the document has; a single output
        written without a list is found under index 0 too."""
        for end in range(len(loc), -1, -1):
            for key in (loc[:end], _without_output_index(loc[:end])):
                if key in self.at:
                    return self.at[key]
        return 1

    def problem(self, loc: Loc, message: str) -> str:
        path = ".".join(str(part) for part in loc)
        return f"{self.name}:{self.line(loc)}: {path + ': ' if path else ''}{message}"


def _without_output_index(loc: Loc) -> Loc:
    if len(loc) >= 3 and loc[0] == "files" and loc[2] == 0:
        return loc[:2] + loc[3:]
    return loc


def read_mapping(path: Path) -> tuple[MappingFile, Lines, str]:
    """Parse and check the shape of a mapping file; MappingError names every problem."""
    lines = Lines(path.name)
    try:
        if path.stat().st_size > MAX_MAPPING_BYTES:
            raise MappingError([f"{path.name}: longer than {MAX_MAPPING_BYTES:,} bytes"])
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError([f"{path.name}: cannot be read: {exc}"]) from None
    return parse_mapping(text, lines), lines, text


def parse_mapping(text: str, lines: Lines) -> MappingFile:
    try:
        node = yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{lines.name}:{mark.line + 1}" if mark else lines.name
        raise MappingError([f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}"]) from None
    if node is None:
        raise MappingError([f"{lines.name}:1: the mapping is empty"])
    data = _value(node, (), lines)
    try:
        return MappingFile.model_validate(data)
    except ValidationError as exc:
        raise MappingError([lines.problem(tuple(error["loc"]), _message(error))
                            for error in exc.errors()]) from None


def _message(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown key"
    if error["type"] == "literal_error" and error["loc"] == ("version",):
        return "version must be 1"
    return str(error["msg"]).removeprefix("Value error, ")


def _value(node: yaml.Node, loc: Loc, lines: Lines) -> Any:
    lines.at.setdefault(loc, node.start_mark.line + 1)
    if id(node) in lines.nodes:     # an alias: refused, so a small file cannot expand
        raise MappingError([f"{lines.name}:{node.start_mark.line + 1}: anchors and aliases "
                            "(&name, *name) are not supported; write the value out"])
    lines.nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _value(key_node, (*loc, "<key>"), lines)
            if not isinstance(key, str):
                raise MappingError([lines.problem(loc, "keys are plain text")])
            if key in out:
                raise MappingError([f"{lines.name}:{key_node.start_mark.line + 1}: "
                                    f"{'.'.join(map(str, (*loc, key)))}: given twice"])
            lines.at[(*loc, key)] = key_node.start_mark.line + 1
            out[key] = _value(value_node, (*loc, key), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_value(item, (*loc, index), lines) for index, item in enumerate(node.value)]
    return None if node.value in ("", "~", "null") and node.style is None else node.value
