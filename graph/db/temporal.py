"""Neo4j's temporal values as Python's: the one conversion every reader uses.

The driver returns `neo4j.time.Date`, `DateTime`, `Time` and `Duration`; each has
`to_native()`. Code that compares, formats or serialises a value read from the graph
calls `to_native` first; anything else (None, a string, a number, a Python date already)
passes through unchanged.
"""

from __future__ import annotations

from typing import Any


def to_native(value: Any) -> Any:
    """A Neo4j temporal value as its Python equivalent; any other value as it is."""
    return value.to_native() if hasattr(value, "to_native") else value
