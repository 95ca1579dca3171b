"""The records-abroad service for tests: the real Starlette app under uvicorn on
127.0.0.1, on a free port, with the API's connectors pointed at it.

`abroad_service` (session) serves `synthetic.abroad.data.build(seed=1, persons=DEMO_PERSONS)`.
`abroad` (per test) clears every fault through the admin endpoint, points
NEXUS_ABROAD_URL at the service and sets short timeouts: a read timeout of
CHECK_TIMEOUT seconds, while a `slow` source answers after SLOW_SECONDS.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import uvicorn

from synthetic.abroad.data import SOURCES, Dataset, build
from synthetic.abroad.service import Faults, create_service

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
    from tests.support.fixtures import free_port

    dataset = build(seed=1, persons=DEMO_PERSONS)
    port = free_port()
    app = create_service(dataset, Faults(slow_seconds=SLOW_SECONDS))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the records-abroad service did not start")
        time.sleep(0.05)
    try:
        yield AbroadService(f"http://127.0.0.1:{port}", dataset)
    finally:
        server.should_exit = True
        thread.join(timeout=SLOW_SECONDS + 5)


@pytest.fixture
def abroad(abroad_service: AbroadService,
           monkeypatch: pytest.MonkeyPatch) -> AbroadService:
    for source in SOURCES:
        abroad_service.fault(source, "none")
    monkeypatch.setenv("NEXUS_ABROAD_URL", abroad_service.url)
    monkeypatch.setenv("NEXUS_CHECK_TIMEOUT", str(CHECK_TIMEOUT))
    monkeypatch.setenv("NEXUS_CHECK_ATTEMPTS", "3")
    return abroad_service
