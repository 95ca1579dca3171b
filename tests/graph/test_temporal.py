"""Zoned DateTimes read as epoch microseconds, and temporal values written in wire form
(graph/db/temporal.py), are the same values as the driver's own, against the real Neo4j."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from neo4j import Driver

from graph.db.settings import Neo4jConnection
from graph.db.temporal import (
    date_from_wire,
    date_text,
    date_to_wire,
    datetime_from_wire,
    datetime_to_wire,
    epoch_micros,
    from_date_text,
    from_epoch_micros,
    to_native,
)


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


@pytest.mark.parametrize("instant", [
    datetime(2024, 3, 5, 9, 11, 12, 345678, tzinfo=UTC),
    datetime(1969, 7, 20, 20, 17, 40, 1, tzinfo=UTC),  # before the epoch: micros stay >= 0
    datetime(2026, 12, 4, 6, 25, 57, tzinfo=timezone(timedelta(hours=1))),
    None,
])
def test_datetimes_sent_in_wire_form_are_the_same_instant(
        db: Driver, neo4j_connection: Neo4jConnection, instant: datetime | None) -> None:
    records, _, _ = db.execute_query(
        f"RETURN {datetime_from_wire('$wire')} AS t, $native AS native",
        wire=datetime_to_wire(instant), native=instant, database_=neo4j_connection.database)
    stored = records[0]["t"]
    assert stored == records[0]["native"]  # the driver's own packing of the same value
    if instant is not None:
        assert to_native(stored) == instant and stored.utcoffset() == timedelta(0)


@pytest.mark.parametrize("day", [date(2024, 2, 29), date(1901, 1, 1), None])
def test_dates_sent_in_wire_form_are_the_same_date(
        db: Driver, neo4j_connection: Neo4jConnection, day: date | None) -> None:
    records, _, _ = db.execute_query(
        f"RETURN {date_from_wire('$wire')} = $native AS same, {date_from_wire('$wire')} AS d",
        wire=date_to_wire(day), native=day, database_=neo4j_connection.database)
    assert to_native(records[0]["d"]) == day
    assert records[0]["same"] is (None if day is None else True)


@pytest.mark.parametrize("day", [date(2024, 2, 29), date(1901, 1, 1), date(1, 1, 1), None])
def test_dates_read_as_text_are_the_same_date(
        db: Driver, neo4j_connection: Neo4jConnection, day: date | None) -> None:
    records, _, _ = db.execute_query(
        f"WITH $day AS d RETURN {date_text('d')} AS text", day=day,
        database_=neo4j_connection.database)
    assert from_date_text(records[0]["text"]) == day
