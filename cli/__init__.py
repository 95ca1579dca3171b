"""The `nexus` command line: one module per command group, each with a `register(app)`.

The CLI sits above the layers: it calls `graph` for data, `api` to serve, and `synthetic`
for the demo city and the records-abroad service.
"""

from __future__ import annotations

import typer

from cli import (
    abroad,
    analytics,
    data,
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
              reviews):
    group.register(app)
