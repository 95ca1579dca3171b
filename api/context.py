"""The per-request context: one typed object assembled in one place.

Its driver puts a statement timeout (NEXUS_QUERY_TIMEOUT) on every Cypher run for the
request (graph.db.timeouts), so a runaway query ends instead of holding a worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from neo4j import Driver
from starlette.requests import Request
from starlette.responses import Response

from api.audit_trail import AuditCollector
from api.auth import Principal
from api.loaders import Loaders
from api.permissions import Permission, allowed, clearance_of, require
from api.sign_in_check import PendingCheck
from graph.access import Clearance
from graph.db.settings import query_timeout
from graph.db.timeouts import with_timeout


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
    # The sign-in check still running beside this operation (api/sign_in_check.py).
    pending_check: PendingCheck | None = None

    @property
    def user_name(self) -> str:
        return self.principal.name

    def require(self, permission: Permission) -> None:
        require(self.principal.role, permission)

    def may(self, permission: Permission) -> bool:
        return allowed(self.principal.role, permission)

    @property
    def clearance(self) -> Clearance:
        """The handling codes whose graded material this user may see: every graph read
        that can return graded material takes it (graph/access.py)."""
        return clearance_of(self.principal.role)


def build_context(request: Request, response: Response | None) -> Context:
    state = request.app.state
    principal = request.state.principal
    pending: PendingCheck | None = getattr(request.state, "pending_check", None)
    # The sign-in check may ride in this request's first read (api/sign_in_check.py).
    driver = with_timeout(state.driver, query_timeout(), pending.rider if pending else None)
    return Context(request=request, response=response, driver=driver,
                   database=state.database,
                   loaders=Loaders(driver, state.database, clearance_of(principal.role)),
                   principal=principal, pending_check=pending)
