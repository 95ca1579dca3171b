"""Zoned DateTimes read as epoch microseconds (graph/db/temporal.py) are the same instant
as the driver's own DateTime, against the real Neo4j."""

from __future__ import annotations

import pytest
from neo4j import Driver

from graph.db.settings import Neo4jConnection
from graph.db.temporal import epoch_micros, from_epoch_micros, to_native


@pytest.mark.parametrize("written", [
    "2024-03-05T10:11:12.345678+01:00",
    "2024-03-05T10:11:12.123456789Z[Europe/London]",
    "1969-07-20T20:17:40Z",  # before the epoch
    "2026-12-04T06:25:57Z[UTC]",
])
def test_epoch_micros_is_the_same_instant(db: Driver, neo4j_connection: Neo4jConnection,
                                          written: str) -> None:
    records, _, _ = db.execute_query(
        f"WITH datetime($written) AS t RETURN t, {epoch_micros('t')} AS micros",
        written=written, database_=neo4j_connection.database)
    native, micros = to_native(records[0]["t"]), records[0]["micros"]
    assert isinstance(micros, int)
    assert from_epoch_micros(micros) == native
    assert from_epoch_micros(micros).utcoffset().total_seconds() == 0


def test_other_values_pass_through() -> None:
    assert from_epoch_micros(None) is None and from_epoch_micros("x") == "x"
    assert from_epoch_micros(True) is True
