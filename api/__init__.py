"""Nexus API: the GraphQL schema and the Starlette application that serves it and the web UI."""
