"""Writing rows in the import format: `<kind>.jsonl` or `<kind>.csv`, one file per kind.

Used by `nexus demo --export` (a sample folder to import elsewhere) and by the tests.
Rows stream straight to disk. CSV columns are every field the kind accepts, lists are
`;`-joined, booleans `true`/`false`, absent values empty.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from graph.records import KINDS, row_fields


def export_rows(folder: Path, kinds: Iterable[tuple[str, Iterable[Mapping[str, Any]]]],
                fmt: str = "jsonl") -> dict[str, int]:
    """Write each (kind, rows) to folder/<kind>.<fmt>; returns rows written per kind."""
    if fmt not in ("jsonl", "csv"):
        raise ValueError("format is jsonl or csv")
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for kind, rows in kinds:
        path = folder / f"{kind}.{fmt}"
        count = 0
        with path.open("w", encoding="utf-8", newline="") as out:
            if fmt == "jsonl":
                for row in rows:
                    out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
                    count += 1
            else:
                columns = sorted(row_fields(KINDS[kind]), key=_column_order)
                writer = csv.writer(out)
                writer.writerow(columns)
                for row in rows:
                    writer.writerow([_cell(row.get(column)) for column in columns])
                    count += 1
        written[kind] = count
    return written


def _column_order(name: str) -> tuple[int, str]:
    return (0 if name == "id" else 2 if name in ("source", "recorded_by", "recorded_at")
            else 1, name)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(str(item) for item in value)
    return str(value)
