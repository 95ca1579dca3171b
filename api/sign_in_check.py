"""The sign-in check beside the first read, not before it.

Every request reads, from the graph, whether its grant still holds and the user's role
(`api.auth.grant_user`): a revocation counts on the next request. That read is one round
trip to Neo4j, about 1.5 ms of every answer. For a user this worker has already seen, the
check now runs at the same time as the operation, which begins on the role last seen:

* nothing leaves the server until the check has answered: a refused grant gets the same
  401 (or 503) as before, and an answer computed for a role that has since changed is
  thrown away and the operation run again on the new role;
* nothing is written before it answers: the audit entry waits for it
  (`api.audit_trail`), and any operation other than a query of the read-only root fields
  below waits for it before it executes (`SignInGate`). `history`, which saves a version,
  is not among them.

So a revoked grant still sees nothing and changes nothing; only the reads a refused
request would have made are made, and discarded.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult

from graph.accounts.users import User

# Root fields that only read: a query made of these alone may run beside the check.
READ_ONLY_ROOT_FIELDS = frozenset({"__typename", "me", "person", "searchPeople", "network",
                                   "shortestPaths", "connectingNetwork", "organisation",
                                   "incident"})


@dataclass
class PendingCheck:
    """The graph's answer on a grant, awaited where it matters."""

    task: asyncio.Future[User | None]
    role: str  # the role the operation began on
    _user: User | None = field(default=None, init=False)

    async def user(self) -> User | None:
        """The grant's holder; raises what the check raised (DatabaseUnavailable)."""
        return await asyncio.shield(self.task)

    async def confirmed(self) -> bool:
        """Whether the operation may stand: the grant holds and the role is unchanged."""
        try:
            user = await self.user()
        except Exception:  # the check failed: nothing stands (run() answers 503)
            return False
        return user is not None and user.role == self.role


def _root_fields(operation: OperationDefinitionNode) -> Iterator[str]:
    for selection in operation.selection_set.selections:
        # A fragment at the root is not looked into: it waits for the check.
        yield selection.name.value if isinstance(selection, FieldNode) else ""


def runs_beside_check(document: object, operation_name: str | None) -> bool:
    """Whether the operation is a query of read-only root fields only."""
    operations = [d for d in getattr(document, "definitions", ())
                  if isinstance(d, OperationDefinitionNode)
                  and (operation_name is None or (d.name and d.name.value == operation_name))]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
        return False
    return all(name in READ_ONLY_ROOT_FIELDS for name in _root_fields(operations[0]))


class SignInGate(SchemaExtension):
    """Holds back any operation that may write until the sign-in check has answered."""

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        pending: PendingCheck | None = getattr(context, "pending_check", None)
        may_write = pending is not None and not runs_beside_check(
            self.execution_context.graphql_document, self.execution_context.operation_name)
        if may_write and pending is not None and not await pending.confirmed():
            self.execution_context.result = ExecutionResult(
                data=None, errors=[GraphQLError("this sign-in is no longer valid",
                                                extensions={"code": "UNAUTHENTICATED"})])
        yield
