"""The per-request context: one typed object assembled in one place.

Its driver puts a statement timeout (NEXUS_QUERY_TIMEOUT) on every Cypher run for the
request (graph.timeouts), so a runaway query ends instead of holding a worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from neo4j import Driver
from starlette.requests import Request
from starlette.responses import Response

from api.audit_trail import AuditCollector
from api.auth import Principal
from api.loaders import Loaders
from api.permissions import Permission, allowed, require, visible_handling_codes
from graph.settings import load_settings
from graph.timeouts import with_timeout


@dataclass
class Context:
    request: Request
    response: Response | None
    driver: Driver
    database: str
    loaders: Loaders
    principal: Principal
    audit: AuditCollector = field(default_factory=AuditCollector)
    check_runs: int = 0  # runChecks started by this request (api.types.checks caps it)

    @property
    def user_name(self) -> str:
        return self.principal.name

    def require(self, permission: Permission) -> None:
        require(self.principal.role, permission)

    def may(self, permission: Permission) -> bool:
        return allowed(self.principal.role, permission)

    @property
    def handling_codes(self) -> frozenset[str]:
        """Handling codes whose intelligence and links this user may see."""
        return visible_handling_codes(self.principal.role)


def build_context(request: Request, response: Response | None) -> Context:
    state = request.app.state
    driver = with_timeout(state.driver, load_settings().query_timeout)
    return Context(request=request, response=response, driver=driver,
                   database=state.database, loaders=Loaders(driver, state.database),
                   principal=request.state.principal)
