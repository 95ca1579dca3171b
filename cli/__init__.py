"""The `nexus` command line: one module per command group, each with a `register(app)`.

The CLI sits above the layers: it calls `graph` for data, `api` to serve, and `synthetic`
for the demo city and the records-abroad service. What the commands share is in
`cli.common`: `fail()`, the user a command runs as (NEXUS_USER, else the login name) and
the exit codes: 0 done, 1 refused or failed (the graph said no, rows refused, the audit
chain broken), 2 a command line that cannot be used (a bad option value, folder or
person id; click's usage errors too), 3 Neo4j unreachable.
"""

from __future__ import annotations

import typer

from cli import (
    abroad,
    analytics,
    backup,
    data,
    doctor,
    duplicates,
    history,
    identity,
    reviews,
    security,
    server,
)

app = typer.Typer(help="Nexus: graph intelligence for custody and intelligence teams.",
                  no_args_is_help=True, pretty_exceptions_enable=False)

for group in (server, data, history, security, analytics, identity, abroad, duplicates,
              reviews, backup, doctor):
    group.register(app)
