"""Neo4j's temporal values as Python's: the one conversion every reader uses.

The driver returns `neo4j.time.Date`, `DateTime`, `Time` and `Duration`; each has
`to_native()`. Code that compares, formats or serialises a value read from the graph
calls `to_native` first; anything else (None, a string, a number, a Python date already)
passes through unchanged.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_native(value: Any) -> Any:
    """A Neo4j temporal value as its Python equivalent; any other value as it is."""
    return value.to_native() if hasattr(value, "to_native") else value


def epoch_micros(expression: str) -> str:
    """Cypher for a zoned DateTime as microseconds since the epoch (an integer).

    The Python driver builds a `neo4j.time.DateTime` for every zoned DateTime it reads,
    about 25 us each: for the hub's 124 associates that was 60 % of the list's time. Lists
    read by the hundred return their `recorded_at` this way; `from_epoch_micros` turns it
    back into the same instant, in UTC."""
    return f"{expression}.epochSeconds * 1000000 + {expression}.microsecond"


def from_epoch_micros(value: Any) -> Any:
    """An integer from `epoch_micros` as a UTC datetime; any other value by `to_native`."""
    if isinstance(value, int) and not isinstance(value, bool):
        return _EPOCH + timedelta(microseconds=value)
    return to_native(value)
