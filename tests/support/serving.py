"""Waiting on a real `nexus serve` subprocess: until it answers /healthz, and until each of
its uvicorn workers is running (the first may answer before the second has started)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx


def wait_until_healthy(url: str, process: subprocess.Popen[Any], seconds: float,
                       output: Callable[[], str]) -> None:
    """Poll /healthz until 200; fail with the server's output if it exits or takes too long."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert process.poll() is None and time.monotonic() < deadline, output()
        time.sleep(0.3)


def worker_pids(pid: int) -> list[int]:
    """uvicorn's worker processes under its parent (not multiprocessing's resource tracker)."""
    children = [int(child) for child in
                Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return [child for child in children
            if b"multiprocessing" in (cmdline := Path(f"/proc/{child}/cmdline").read_bytes())
            and b"resource_tracker" not in cmdline]


def wait_for_workers(pid: int, count: int, seconds: float = 30) -> list[int]:
    deadline = time.monotonic() + seconds
    while len(workers := worker_pids(pid)) < count and time.monotonic() < deadline:
        time.sleep(0.5)
    assert len(workers) == count, workers
    return workers
