"""`nexus mapping infer`, and how `nexus import --mapping` shows what a mapping made."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.common import fail, fail_on
from graph.ingest.mapping import MappingError, infer_mapping, mapping_from_text

if TYPE_CHECKING:
    from graph.ingest.importer import MappedSummary

app = typer.Typer(help="Mappings: how the files of another system become Nexus records.",
                  no_args_is_help=True)
UNMAPPED_SHOWN = 50      # distinct unmapped values printed per field (the report has all)


@app.command("infer")
def infer(
    path: Annotated[Path, typer.Argument(exists=True, file_okay=False,
                                         help="A folder of CSV or JSON Lines files.")],
    output: Annotated[Path, typer.Option("-o", "--output", dir_okay=False,
                                         help="Where to write the draft mapping (YAML).")],
    force: bool = typer.Option(False, "--force", help="Overwrite the output file."),
) -> None:
    """Write a draft mapping for a folder's files, to read and edit before importing.

    Guessed from each file's header and a sample of its rows (docs/import.md)."""
    if output.exists() and not force:
        fail(f"{output} exists: give --force to overwrite it", 2)
    try:
        text = infer_mapping(path)
    except (OSError, ValueError) as exc:
        fail_on(exc)
    if "files:\n" not in text or text.rstrip().endswith("files:"):
        fail(f"{path} holds no .csv or .jsonl files", 2)
    output.write_text(text, "utf-8")
    try:
        mapping_from_text(text, output.name)
        typer.echo(f"wrote {output}: a draft; read every guess before importing")
    except MappingError as exc:
        typer.echo(f"wrote {output}: a draft that still needs editing:")
        for problem in exc.problems:
            typer.secho(f"  {problem}", err=True, fg=typer.colors.YELLOW)


def print_mapped(summary: MappedSummary, *, samples: bool) -> None:
    """What each file became and every unmapped value; with `samples`, the first rows."""
    for file, kinds in summary.outputs.items():
        typer.echo(f"{file} -> {', '.join(kinds)}")
    for name in summary.ignored:
        typer.echo(f"{name}: not in the mapping, not read")
    if samples:
        for key, rows in summary.samples.items():
            typer.echo(f"first rows of {key}:")
            for row in rows:
                typer.echo("  " + json.dumps(row, ensure_ascii=False, default=str))
    for key, by_field in summary.unmapped.items():
        for name, counts in by_field.items():
            total = sum(counts.values()) + summary.more_unmapped.get(key, {}).get(name, 0)
            typer.secho(f"{key} {name}: {len(counts)} unmapped value(s) in {total} row(s):",
                        err=True, fg=typer.colors.YELLOW)
            for value, count in list(counts.items())[:UNMAPPED_SHOWN]:
                typer.secho(f"  {value!r} x{count}", err=True, fg=typer.colors.YELLOW)
            if len(counts) > UNMAPPED_SHOWN:
                typer.secho(f"  ... {len(counts) - UNMAPPED_SHOWN} more in the report",
                            err=True, fg=typer.colors.YELLOW)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="mapping")
