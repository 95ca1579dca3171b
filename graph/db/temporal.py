"""Neo4j's temporal values as Python's: the one conversion every reader uses.

The driver returns `neo4j.time.Date`, `DateTime`, `Time` and `Duration`; each has
`to_native()`. Code that compares, formats or serialises a value read from the graph
calls `to_native` first; anything else (None, a string, a number, a Python date already)
passes through unchanged.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


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


def date_text(expression: str) -> str:
    """Cypher for a Date as ISO text (null stays null).

    The driver builds a `neo4j.time.Date` in Python for every Date it reads; lists read
    by the hundred (a hub's associates, their since and until) return dates as text
    instead, which `from_date_text` reads back with the C `date.fromisoformat`."""
    return f"toString({expression})"


def from_date_text(value: Any) -> Any:
    """A `date_text` value as a Python date; any other value by `to_native`."""
    return date.fromisoformat(value) if isinstance(value, str) else to_native(value)


# --- writing: temporal parameters the driver packs cheaply ------------------------------
# The driver turns every Python datetime it sends into a `neo4j.time.DateTime` first
# (pure Python, about 40 us each): a demo load spent 42 % of its Python time there. The
# write layer sends instants as [seconds, microseconds] since the epoch and dates as ISO
# text, and its Cypher turns them back (`datetime_from_wire`, `date_from_wire`).

def datetime_to_wire(value: datetime | None) -> list[int] | None:
    """An aware datetime as [epoch seconds, microseconds] (floor division: micros >= 0)."""
    if value is None:
        return None
    seconds, micros = divmod((value - _EPOCH) // _MICROSECOND, 1_000_000)
    return [seconds, micros]


def date_to_wire(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def datetime_from_wire(expression: str) -> str:
    """Cypher for the UTC DateTime of a `datetime_to_wire` value (null stays null)."""
    return (f"CASE WHEN {expression} IS NULL THEN null "
            f"ELSE datetime.fromepoch({expression}[0], {expression}[1] * 1000) END")


def date_from_wire(expression: str) -> str:
    return f"date({expression})"
