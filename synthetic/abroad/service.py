"""The synthetic "records abroad" service: SIS II, Interpol, ECRIS, HO CID, IDENT1.

External agencies cannot be reached from here, so this small Starlette app stands in for
them, over real HTTP, with the deterministic data of `synthetic.abroad.data`:

    POST /{source}/search   {given_names, family_name, aliases, dates_of_birth,
                             nationalities, pnc_id, cro_number, ho_reference, passports}
                            -> {"source": ..., "hits": [...]}
    GET  /health
    GET|POST /admin/faults  {"source": "sis", "mode": "slow|down|error|none"}

Faults make a source misbehave, for the tests and for demonstrating what an officer sees:
`slow` answers only after `slow_seconds` (beyond the connectors' timeout), `down` answers
503, `error` answers 500 to the next `error_count` requests and then recovers (proving the
connectors retry). The service binds 127.0.0.1 only, and the admin endpoint refuses any
client that is not on the loopback.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from synthetic.abroad.data import SOURCES, Dataset

FAULT_MODES = ("none", "slow", "down", "error")
_AGAINST = {"sis": "SIS_II", "interpol": "INTERPOL_I24_7", "ecris": "ECRIS", "hocid": "HO_CID",
            "ident1": "IDENT1"}
_LOOPBACK = ("127.0.0.1", "::1", "localhost")


@dataclass
class Faults:
    modes: dict[str, str] = field(default_factory=dict)
    slow_seconds: float = 10.0
    error_count: int = 2
    _errors_left: dict[str, int] = field(default_factory=dict)
    requests: dict[str, int] = field(default_factory=dict)

    def set(self, source: str, mode: str) -> None:
        if source not in SOURCES:
            raise ValueError(f"unknown source {source!r}; one of {', '.join(SOURCES)}")
        if mode not in FAULT_MODES:
            raise ValueError(f"unknown fault {mode!r}; one of {', '.join(FAULT_MODES)}")
        if mode == "none":
            self.modes.pop(source, None)
        else:
            self.modes[source] = mode
        self._errors_left[source] = self.error_count if mode == "error" else 0

    def take_error(self, source: str) -> bool:
        """True while an `error` fault still has failures to give."""
        left = self._errors_left.get(source, 0)
        if left > 0:
            self._errors_left[source] = left - 1
            return True
        return False

    def state(self) -> dict[str, Any]:
        return {"faults": dict(self.modes), "slow_seconds": self.slow_seconds,
                "error_count": self.error_count, "requests": dict(self.requests)}


def parse_fault(text: str) -> tuple[str, str]:
    """"sis:slow" -> ("sis", "slow"), refusing unknown sources and modes."""
    source, _, mode = text.partition(":")
    source, mode = source.strip().lower(), mode.strip().lower()
    Faults().set(source, mode)       # validates
    return source, mode


def _bad(message: str, status: int = 422) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _query(body: Any) -> dict[str, Any] | str:
    """The search body, or why it is not one."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    if not isinstance(body.get("family_name"), str) or not body["family_name"].strip():
        return "family_name is required"
    for name in ("aliases", "dates_of_birth", "nationalities", "passports"):
        value = body.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"{name} must be a list of strings"
    return body


def create_service(dataset: Dataset, faults: Faults | None = None) -> Starlette:
    faults = faults or Faults()

    async def search(request: Request) -> JSONResponse:
        source = request.path_params["source"]
        if source not in SOURCES:
            return _bad(f"no such source {source!r}", 404)
        faults.requests[source] = faults.requests.get(source, 0) + 1
        mode = faults.modes.get(source)
        if mode == "down":
            return _bad(f"{_AGAINST[source]} is unavailable", 503)
        if mode == "error" and faults.take_error(source):
            return _bad(f"{_AGAINST[source]} had an internal error", 500)
        try:
            body = await request.json()
        except ValueError:
            return _bad("the body is not JSON")
        except ClientDisconnect:
            return _bad("the client went away", 499)
        if mode == "slow":
            await asyncio.sleep(faults.slow_seconds)
        query = _query(body)
        if isinstance(query, str):
            return _bad(query)
        hits = dataset.search(source, query)
        return JSONResponse({"source": _AGAINST[source], "hits": hits})

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "records": len(dataset),
                             "faults": dict(faults.modes)})

    async def admin_faults(request: Request) -> JSONResponse:
        if request.client is None or request.client.host not in _LOOPBACK:
            return _bad("the admin endpoint answers the loopback only", 403)
        if request.method == "POST":
            try:
                body = await request.json()
                faults.set(str(body.get("source", "")).lower(), str(body.get("mode", "")))
                if "slow_seconds" in body:
                    faults.slow_seconds = float(body["slow_seconds"])
            except (ValueError, AttributeError, TypeError) as exc:
                return _bad(str(exc))
        return JSONResponse(faults.state())

    return Starlette(routes=[
        Route("/health", health, methods=["GET"]),
        Route("/admin/faults", admin_faults, methods=["GET", "POST"]),
        Route("/{source}/search", search, methods=["POST"]),
    ])
