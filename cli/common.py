"""What every `nexus` command shares: how it fails, with which exit code, and who runs it.

Exit codes (the README's command table says the same):

- 0: done.
- 1 (`REFUSED`): the command ran and refused or failed: the graph said no (a value it
  will not store, an unknown record, a conflict), rows were refused, the audit chain is
  broken, a write failed.
- 2 (`USAGE`): the command line cannot be used: an option value that does not parse (a
  date, a kind, a format), a folder that cannot be imported, a person id that names
  nobody, credentials Neo4j refuses. Click's own usage errors exit 2 as well.
- 3 (`NEO4J_DOWN`): Neo4j could not be reached.
"""

from __future__ import annotations

import getpass
import os
from typing import NoReturn

import typer
from neo4j.exceptions import ServiceUnavailable

from graph.errors import DatabaseUnavailable

REFUSED = 1
USAGE = 2
NEO4J_DOWN = 3


def fail(message: str, code: int = REFUSED) -> NoReturn:
    """Say why on standard error (in red) and exit with `code`."""
    typer.secho(message, err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


def exit_code(exc: Exception) -> int:
    """The exit code an error stands for: Neo4j down 3, a value the command line gave
    that cannot be used (a `ValueError`) 2, any other graph error 1."""
    if isinstance(exc, DatabaseUnavailable | ServiceUnavailable):
        return NEO4J_DOWN
    if isinstance(exc, ValueError):
        return USAGE
    return REFUSED


def fail_on(exc: Exception, message: str | None = None) -> NoReturn:
    """Fail with the error's message (or `message`) and the exit code it stands for."""
    fail(message or str(exc), exit_code(exc))


def current_user(given: str | None = None) -> str:
    """Who runs the command: `given` (an option such as --by), else NEXUS_USER, else the
    login name. The graph layer takes the name as a parameter; the CLI resolves it here."""
    return given or os.environ.get("NEXUS_USER") or getpass.getuser()
