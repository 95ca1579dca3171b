"""Writing the demo data set through the write layer, in batches, one transaction each.

Rows are generated and validated on a producer thread while the previous batch is being
written, so Python's work overlaps Neo4j's (the machine has two cores; a socket wait
releases the GIL). Each batch is one `write_batch` (UNWIND + MERGE) in one managed
transaction; derived co-offender links are refreshed at the end, a few thousand
incidents per transaction. Loading twice leaves the same graph.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from neo4j import Driver, ManagedTransaction

from graph.records import CleanRow, derive_co_offenders, validate_many, write_batch
from synthetic.city.generator import DemoData

BATCH_SIZE = 5000
DERIVE_BATCH = 2000

HAS_PERSON = "MATCH (p:Person) RETURN count(p) > 0 AS any LIMIT 1"

Progress = Callable[[str, int], None]


@dataclass
class LoadResult:
    rows: dict[str, int] = field(default_factory=dict)
    co_offender_pairs: int = 0
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def graph_has_persons(driver: Driver, database: str) -> bool:
    records, _, _ = driver.execute_query(HAS_PERSON, database_=database)
    return bool(records and records[0]["any"])


def chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def validated_batches(data: DemoData, batch_size: int = BATCH_SIZE
                      ) -> Iterator[tuple[str, list[CleanRow]]]:
    """The demo's rows, kind by kind in write order, validated in batches (the input of
    both routes: `load_demo` and the bulk route, graph/ingest/bulk_run.py)."""
    for kind, _, rows in data.streams():
        for chunk in chunks(rows, batch_size):
            clean, errors = validate_many(kind, chunk)
            if errors:  # a generator bug: fail loudly rather than skip rows
                raise errors[0]
            yield kind, clean


def load_demo(driver: Driver, database: str, data: DemoData, *, batch_size: int = BATCH_SIZE,
              progress: Progress | None = None) -> LoadResult:
    """Write every row of `data`; `progress(kind, rows)` is called after each batch."""
    started = time.perf_counter()
    result = LoadResult()
    batches: queue.Queue[tuple[str, list[CleanRow]] | BaseException | None] = queue.Queue(2)
    stop = threading.Event()

    def produce() -> None:
        try:
            for kind, clean in validated_batches(data, batch_size):
                while not stop.is_set():
                    try:
                        batches.put((kind, clean), timeout=0.5)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            batches.put(None)
        except BaseException as exc:  # handed to the writer, which re-raises it
            batches.put(exc)

    producer = threading.Thread(target=produce, name="demo-rows", daemon=True)
    producer.start()
    try:
        with driver.session(database=database) as session:
            while (item := batches.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                kind, clean = item
                session.execute_write(_write, kind, clean)
                result.rows[kind] = result.rows.get(kind, 0) + len(clean)
                if progress:
                    progress(kind, len(clean))
            incident_ids = data.incident_ids()
            for start in range(0, len(incident_ids), DERIVE_BATCH):
                part = incident_ids[start:start + DERIVE_BATCH]
                result.co_offender_pairs += session.execute_write(derive_co_offenders, part)
                if progress:
                    progress("co_offender", len(part))
    finally:
        stop.set()
        producer.join(timeout=5)
    result.seconds = time.perf_counter() - started
    return result


def _write(tx: ManagedTransaction, kind: str, rows: list[CleanRow]) -> int:
    return write_batch(tx, kind, rows)
