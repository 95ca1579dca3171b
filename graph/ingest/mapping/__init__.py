"""Declarative mappings: importing the files users actually have (docs/import.md).

    load_mapping(path) -> Mapping          # read, check and compile; MappingError names lines
    plan_folder(mapping, folder) -> Plan   # the units (file, kind) an import reads
    infer_mapping(folder) -> str           # a draft mapping (YAML) for the user to edit

A mapping turns source rows into Nexus rows; the import validates and writes those with
the one validation and writer of every import, unchanged.
"""

from __future__ import annotations

from pathlib import Path

from graph.ingest.mapping.compile import compile_mapping as _compile
from graph.ingest.mapping.infer import infer_mapping
from graph.ingest.mapping.plan import Plan, plan_folder
from graph.ingest.mapping.rows import SAMPLE_ROWS, CompiledOutput, Mapping, Tally
from graph.ingest.mapping.schema import Lines, MappingError, parse_mapping, read_mapping


def load_mapping(path: Path) -> Mapping:
    model, lines, text = read_mapping(path)
    return _compile(model, lines, text)


def mapping_from_text(text: str, name: str = "mapping.yaml") -> Mapping:
    lines = Lines(name)
    return _compile(parse_mapping(text, lines), lines, text)


__all__ = ["SAMPLE_ROWS", "CompiledOutput", "Mapping", "MappingError", "Plan", "Tally",
           "infer_mapping", "load_mapping", "mapping_from_text", "plan_folder"]
