"""Laying a mapping over an import folder: which file becomes which kinds, in what order.

The plan is what `nexus import --mapping` reads: one `Unit` per (file, kind), in the
write layer's order, each converting the file's records into Nexus rows on the way in.
Files the mapping names must be there and be regular files (a symbolic link is refused
unread, as in any import); CSV headers must hold every column the mapping names, which
is checked before anything is read or written. Files the mapping does not name are left
alone and listed as ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from graph.ingest.files import (
    _LINK_REASON,
    FileRefused,
    FolderError,
    Line,
    Unit,
    read_csv_header,
    shown,
)
from graph.ingest.mapping.compile import check_columns
from graph.ingest.mapping.rows import CompiledOutput, Mapping, Tally
from graph.ingest.mapping.schema import MappingError


@dataclass
class Plan:
    units: list[Unit]
    refused: list[tuple[str, str]] = field(default_factory=list)    # (name, reason)
    ignored: list[str] = field(default_factory=list)


def plan_folder(mapping: Mapping, folder: Path) -> Plan:
    if folder.is_symlink():
        raise FolderError(f"{shown(str(folder))} is a symbolic link: not followed; give "
                          "the folder itself")
    if not folder.is_dir():
        raise FolderError(f"{shown(str(folder))} is not a folder")
    plan = Plan([])
    problems: list[str] = []
    missing = [file for file in mapping.files if not (folder / file).exists()
               and not (folder / file).is_symlink()]
    if missing:
        raise FolderError(f"{', '.join(map(shown, missing))}: named in {mapping.name} but "
                          f"not in {shown(str(folder))}")
    usable: set[str] = set()
    for file in mapping.files:
        path = folder / file
        if path.is_symlink():
            plan.refused.append((file, _LINK_REASON))
        elif not path.is_file():
            plan.refused.append((file, "is not a regular file: not read"))
        elif path.suffix.lower() not in (".csv", ".jsonl"):
            problems.append(f"{mapping.name}: {file}: files are .csv or .jsonl")
        else:
            usable.add(file)
            if path.suffix.lower() == ".csv":
                problems += _header_problems(mapping, file, path)
    if problems:
        raise MappingError(problems)
    plan.ignored = sorted(path.name for path in folder.iterdir()
                          if not path.name.startswith(".") and path.name not in mapping.files)
    plan.units = [Unit(output.kind, folder / output.file, output.key,
                       partial(_convert, output, mapping.tally))
                  for output in mapping.outputs() if output.file in usable]
    return plan


def _header_problems(mapping: Mapping, file: str, path: Path) -> list[str]:
    try:
        header, _, _ = read_csv_header(path)
    except FileRefused:
        return []                   # the import reports it as a problem of line 1
    return check_columns(mapping, file, header)


def _convert(output: CompiledOutput, tally: Tally, line: Line) -> Line | None:
    return output.convert(line, tally)
