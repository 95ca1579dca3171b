"""Reading an import folder: one file per kind, `<kind>.jsonl` or `<kind>.csv`.

Rows are read in batches with the byte offset where each batch ends, so an interrupted
import can seek straight back to the first batch it had not committed. CSV values stay
strings (the write layer's validation reads "" as absent, `a;b` as a list, "true" as a
boolean); JSON Lines values keep their JSON types.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.records import WRITE_ORDER

FORMATS = ("jsonl", "csv")


@dataclass
class Line:
    """One record read from a file: its first line number and the row, or why it failed."""

    number: int
    row: dict[str, Any] | None
    problem: str | None = None


@dataclass
class Batch:
    start: int                      # byte offset of the batch's first record
    end: int                        # byte offset just after its last record
    lines: list[Line] = field(default_factory=list)
    sha256: str = ""                # hash of the bytes [start, end)


class FolderError(ValueError):
    """The folder cannot be imported (missing, empty, a kind in two formats...)."""


def find_files(folder: Path) -> dict[str, Path]:
    """The import files of a folder by kind, in write order. Unknown files are an error."""
    if not folder.is_dir():
        raise FolderError(f"{folder} is not a folder")
    found: dict[str, Path] = {}
    unknown: list[str] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        kind, _, ext = path.name.partition(".")
        if ext not in FORMATS or kind not in WRITE_ORDER:
            unknown.append(path.name)
            continue
        if kind in found:
            raise FolderError(f"{kind} is given twice ({found[kind].name} and {path.name}); "
                              "keep one file per kind")
        found[kind] = path
    if unknown:
        raise FolderError(f"not an import file: {', '.join(unknown)}; files are named "
                          f"<kind>.jsonl or <kind>.csv, kinds: {', '.join(WRITE_ORDER)}")
    if not found:
        raise FolderError(f"{folder} holds no import files (<kind>.jsonl or <kind>.csv)")
    return {kind: found[kind] for kind in WRITE_ORDER if kind in found}


def hash_range(path: Path, start: int, end: int) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        handle.seek(start)
        remaining = end - start
        while remaining > 0:
            chunk = handle.read(min(remaining, 1 << 20))
            if not chunk:
                break
            digest.update(chunk)
            remaining -= len(chunk)
    return digest.hexdigest()


def read_batches(path: Path, size: int, offset: int = 0, line: int = 0) -> Iterator[Batch]:
    """Batches of `size` records from byte `offset` (`line` lines were before it)."""
    reader = _jsonl if path.suffix == ".jsonl" else _csv
    batch: Batch | None = None
    for start, end, record in reader(path, offset, line):
        if batch is None:
            batch = Batch(start, end)
        batch.lines.append(record)
        batch.end = end
        if len(batch.lines) >= size:
            batch.sha256 = hash_range(path, batch.start, batch.end)
            yield batch
            batch = None
    if batch is not None:
        batch.sha256 = hash_range(path, batch.start, batch.end)
        yield batch


class _Lines:
    """Decoded lines of a binary file, tracking the byte offset and line number."""

    def __init__(self, handle: io.BufferedReader, offset: int, line: int) -> None:
        self.handle = handle
        self.offset = offset
        self.line = line
        self.last_start = offset

    def __iter__(self) -> Iterator[str]:
        for raw in self.handle:
            self.last_start = self.offset
            self.offset += len(raw)
            self.line += 1
            yield raw.decode("utf-8-sig" if self.line == 1 else "utf-8")


def _jsonl(path: Path, offset: int, line: int) -> Iterator[tuple[int, int, Line]]:
    with path.open("rb") as handle:
        handle.seek(offset)
        lines = _Lines(handle, offset, line)
        for text in lines:
            start = lines.last_start
            if not text.strip():
                continue
            try:
                row = json.loads(text)
            except json.JSONDecodeError as exc:
                yield start, lines.offset, Line(lines.line, None, f"invalid JSON: {exc.msg} "
                                                                 f"(column {exc.colno})")
                continue
            if not isinstance(row, dict):
                yield start, lines.offset, Line(lines.line, None,
                                                "each line must be a JSON object")
                continue
            yield start, lines.offset, Line(lines.line, row)


def read_csv_header(path: Path) -> tuple[list[str], int, int]:
    """The header's field names, and the byte offset and line number after it."""
    with path.open("rb") as handle:
        lines = _Lines(handle, 0, 0)
        header = next(csv.reader(lines), None)
        if header is None:
            raise FolderError(f"{path.name} is empty: a CSV file starts with a header row")
        return [name.strip() for name in header], lines.offset, lines.line


def _csv(path: Path, offset: int, line: int) -> Iterator[tuple[int, int, Line]]:
    header, body, body_line = read_csv_header(path)
    if offset < body:
        offset, line = body, body_line
    with path.open("rb") as handle:
        handle.seek(offset)
        lines = _Lines(handle, offset, line)
        reader = csv.reader(lines)
        start, first = offset, line + 1
        for values in reader:
            if not any(value.strip() for value in values):
                start, first = lines.offset, lines.line + 1
                continue
            if len(values) != len(header):
                record = Line(first, None, f"has {len(values)} values but the header has "
                                           f"{len(header)} columns")
            else:
                record = Line(first, dict(zip(header, values, strict=True)))
            yield start, lines.offset, record
            start, first = lines.offset, lines.line + 1
