"""`nexus screen FILE -o OUT`: batch screening of a CSV of claimed identities.

Output by extension: `.csv` (one line per candidate, or one line for a row with none or
a bad row) or `.jsonl` (one object per input row). Audited with the purpose given.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from cli.common import USAGE, current_user, fail, fail_on
from graph.audit import chain as audit
from graph.db.driver import open_driver, resolve_connection
from graph.errors import NexusError, ValidationError
from graph.identity.screening import RowError, parse_csv
from graph.identity.screening import screen as run_screen

CSV_COLUMNS = ("line", "claim", "risk", "rank", "person_id", "full_name", "dates_of_birth",
               "nationalities", "score", "band", "agreeing", "differing", "risk_reasons",
               "error")


def result_record(item: Any) -> dict[str, Any]:
    """One input row as a JSON-ready dict (a ScreenResult or a RowError)."""
    if isinstance(item, RowError):
        return {"line": item.line, "error": item.message}
    candidates = []
    for m in item.matches:
        summary = item.summaries.get(m.person_id)
        candidates.append({
            "person_id": m.person_id, "full_name": m.person.get("full_name"),
            "dates_of_birth": m.person.get("dates_of_birth") or [],
            "nationalities": m.person.get("nationalities") or [],
            "score": m.comparison.score, "band": m.comparison.band,
            "fields": [{"field": f.field, "outcome": f.outcome, "claimed": f.claimed,
                        "recorded": f.recorded, "weight": f.weight,
                        "explanation": f.explanation} for f in m.comparison.fields],
            "risk": summary.level() if summary else None,
            "risk_reasons": summary.reasons() if summary else [],
        })
    return {"line": item.row.line, "claim": item.row.label, "risk": item.risk,
            "candidates": candidates}


def csv_lines(record: dict[str, Any]) -> list[dict[str, Any]]:
    base = {"line": record["line"], "claim": record.get("claim", ""),
            "risk": record.get("risk", ""), "error": record.get("error", "")}
    if not record.get("candidates"):
        return [base]
    lines = []
    for rank, c in enumerate(record["candidates"], start=1):
        agreeing = [f"{f['field']}: {f['explanation']}" for f in c["fields"]
                    if f["outcome"] in ("exact", "variant", "close")]
        differing = [f"{f['field']}: {f['explanation']}" for f in c["fields"]
                     if f["outcome"] == "differs"]
        lines.append({**base, "rank": rank, "person_id": c["person_id"],
                      "full_name": c["full_name"],
                      "dates_of_birth": "; ".join(c["dates_of_birth"]),
                      "nationalities": "; ".join(c["nationalities"]), "score": c["score"],
                      "band": c["band"], "agreeing": "; ".join(agreeing),
                      "differing": "; ".join(differing),
                      "risk_reasons": "; ".join(c["risk_reasons"])})
    return lines


def screen(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True,
                                         help="CSV with a header: given_names, family_name, "
                                              "date_of_birth, nationality, passport.")],
    output: Annotated[Path, typer.Option("-o", "--output", dir_okay=False,
                                         help="Where to write: .csv or .jsonl.")],
    purpose: Annotated[str, typer.Option(
        "--purpose", help="Why the screening is run (required; audited).")],
    first: Annotated[int, typer.Option("--first", min=1, max=10,
                                       help="Candidates per row.")] = 3,
    user: Annotated[str | None, typer.Option(
        "--user", help="Who screens (default NEXUS_USER or the login name).")] = None,
) -> None:
    """Screen every row of a CSV against the graph: ranked matches and a risk per row."""
    suffix = output.suffix.lower()
    if suffix not in (".csv", ".jsonl"):
        fail("-o must end in .csv or .jsonl", USAGE)
    if not purpose.strip():
        fail("--purpose is required: say why the screening is run", USAGE)
    who = current_user(user)
    with file.open(newline="", encoding="utf-8-sig") as handle:
        total = max(sum(1 for _ in handle) - 1, 0)
    connection = resolve_connection()
    counts = {"rows": 0, "errors": 0, "matched": 0, "high": 0}
    subjects: set[str] = set()
    # Written aside and renamed once the audit entry is in: no audit, no output (fail closed).
    partial = output.with_name(output.name + ".partial")
    try:
        with (open_driver(connection) as driver, file.open(newline="", encoding="utf-8-sig")
              as handle, partial.open("w", newline="", encoding="utf-8") as out,
              Progress("[progress.description]{task.description}", BarColumn(),
                       MofNCompleteColumn(), TimeRemainingColumn(),
                       transient=False) as progress):
            task = progress.add_task("screening", total=total)
            writer = csv.DictWriter(out, CSV_COLUMNS) if suffix == ".csv" else None
            if writer:
                writer.writeheader()
            items = run_screen(driver, connection.database, parse_csv(handle), first,
                               progress=lambda n: progress.advance(task, n))
            for item in items:
                record = result_record(item)
                if isinstance(item, RowError):
                    counts["errors"] += 1
                else:
                    counts["rows"] += 1
                    counts["matched"] += bool(item.matches)
                    counts["high"] += item.risk == "high"
                    subjects.update(m.person_id for m in item.matches)
                if writer:
                    writer.writerows(csv_lines(record))
                else:
                    out.write(json.dumps(record, default=str) + "\n")
            audit.append(driver, connection.database, audit.AuditEntry(
                user=who, role="cli", action="screen", purpose=purpose,
                subject_ids=sorted(subjects),
                detail=f"{file.name}: {counts['rows']} rows, {counts['errors']} bad lines"))
    except ValidationError as exc:
        partial.unlink(missing_ok=True)
        fail_on(exc, exc.reason)
    except NexusError as exc:
        partial.unlink(missing_ok=True)
        fail_on(exc)
    partial.replace(output)
    typer.echo(f"{counts['rows']} rows screened, {counts['matched']} with candidates "
               f"({counts['high']} high risk), {counts['errors']} bad lines; "
               f"written to {output}", err=True)


def register(app: typer.Typer) -> None:
    app.command("screen")(screen)
