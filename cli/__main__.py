"""`python -m cli`: the `nexus` command without the installed entry point."""

from cli import app

app()
