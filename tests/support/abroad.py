"""The records-abroad service for tests: the real Starlette app under uvicorn on
127.0.0.1 (tests/support/server.py's LiveServer), on a free port, with the API's
connectors pointed at it.

`abroad_service` (session) serves `synthetic.abroad.data.build(seed=1, persons=DEMO_PERSONS)`.
`abroad` (per test) clears every fault through the admin endpoint, points
NEXUS_ABROAD_URL at the service and sets short timeouts: a read timeout of
CHECK_TIMEOUT seconds, while a `slow` source answers after SLOW_SECONDS.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from synthetic.abroad.data import SOURCES, Dataset, build
from synthetic.abroad.service import Faults, create_service
from tests.support.ports import free_port
from tests.support.server import LiveServer

DEMO_PERSONS = 300
CHECK_TIMEOUT = 1.0
SLOW_SECONDS = 4.0


@dataclass
class AbroadService:
    url: str
    dataset: Dataset

    def fault(self, source: str, mode: str) -> None:
        response = httpx.post(f"{self.url}/admin/faults",
                              json={"source": source, "mode": mode}, timeout=5)
        assert response.status_code == 200, response.text

    def requests(self) -> dict[str, int]:
        return httpx.get(f"{self.url}/admin/faults", timeout=5).json()["requests"]


@pytest.fixture(scope="session")
def abroad_service() -> Iterator[AbroadService]:
    dataset = build(seed=1, persons=DEMO_PERSONS)
    app = create_service(dataset, Faults(slow_seconds=SLOW_SECONDS))
    with LiveServer(app, free_port(), lifespan="off", name="the records-abroad service",
                    stop_seconds=SLOW_SECONDS + 5) as server:
        yield AbroadService(server.url, dataset)


@pytest.fixture
def abroad(abroad_service: AbroadService,
           monkeypatch: pytest.MonkeyPatch) -> AbroadService:
    for source in SOURCES:
        abroad_service.fault(source, "none")
    monkeypatch.setenv("NEXUS_ABROAD_URL", abroad_service.url)
    monkeypatch.setenv("NEXUS_CHECK_TIMEOUT", str(CHECK_TIMEOUT))
    monkeypatch.setenv("NEXUS_CHECK_ATTEMPTS", "3")
    return abroad_service
