"""Per-request DataLoaders: every list any resolver asks for in one tick is one query.

Built fresh for each request (a loader cache shared between two analysts would leak
data between them). The graph layer is synchronous, so calls run in Starlette's thread
pool instead of blocking the event loop.
"""

from __future__ import annotations

from typing import Any

from neo4j import Driver
from starlette.concurrency import run_in_threadpool
from strawberry.dataloader import DataLoader

from graph.access import Clearance
from graph.checks import history as check_history
from graph.explorer import people

ListKey = tuple[str, str]  # (person id, list kind)


class Loaders:
    def __init__(self, driver: Driver, database: str, clearance: Clearance) -> None:
        self._driver = driver
        self._database = database
        self._clearance = clearance
        self.person_lists: DataLoader[ListKey, list[dict[str, Any]]] = DataLoader(
            load_fn=self._load_lists)
        self.persons: DataLoader[str, dict[str, Any] | None] = DataLoader(
            load_fn=self._load_persons)
        self.check_runs: DataLoader[check_history.PageKey, check_history.RunPage] = \
            DataLoader(load_fn=self._load_check_runs)

    async def _load_lists(self, keys: list[ListKey]) -> list[list[dict[str, Any]]]:
        ids = list(dict.fromkeys(person_id for person_id, _ in keys))
        kinds = list(dict.fromkeys(kind for _, kind in keys))
        found = await run_in_threadpool(lambda: people.person_lists(
            self._driver, self._database, ids, kinds, clearance=self._clearance))
        return [found.get(person_id, {}).get(kind, []) for person_id, kind in keys]

    async def _load_persons(self, ids: list[str]) -> list[dict[str, Any] | None]:
        found = await run_in_threadpool(people.persons_by_ids, self._driver, self._database,
                                        list(dict.fromkeys(ids)))
        return [found.get(person_id) for person_id in ids]

    async def _load_check_runs(self, keys: list[check_history.PageKey]
                               ) -> list[check_history.RunPage]:
        found = await run_in_threadpool(check_history.run_pages, self._driver,
                                        self._database, list(keys))
        return [found[key] for key in keys]
