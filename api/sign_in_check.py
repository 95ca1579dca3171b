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

On a single Neo4j server the check need not be a query of its own: it rides in the
operation's first read of a person, a search or a network (`Rider`, graph/db/riders.py),
one round trip for both. An operation with no such read asks on its own, beside it
(`SignInGate`); so does one whose read gave no row or failed. In a cluster the check
reads the leader, so it is always asked on its own there.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult

from graph.accounts.grants import carried_holder
from graph.accounts.users import User
from graph.db.riders import Rider

# Root fields that only read: a query made of these alone may run beside the check.
READ_ONLY_ROOT_FIELDS = frozenset({"__typename", "me", "person", "searchPeople", "network",
                                   "shortestPaths", "connectingNetwork", "organisation",
                                   "incident"})
# Root fields whose first read carries the check (graph/explorer: `accepts_rider`).
CARRYING_ROOT_FIELDS = frozenset({"person", "searchPeople", "network"})


class PendingCheck:
    """The graph's answer on a grant, awaited where it matters: carried by the
    operation's first read when `rider` is given, else asked on its own."""

    def __init__(self, role: str, ask: Callable[[], Awaitable[User | None]],
                 rider: Rider | None = None) -> None:
        self.role = role  # the role the operation began on
        self.rider = rider
        self._ask = ask
        self._task: asyncio.Future[User | None] | None = None
        if rider is None:
            self.start()

    def start(self) -> None:
        """Ask now, beside the operation, unless a read has already taken the rider."""
        if self._task is None:
            self._task = asyncio.ensure_future(self._answer())

    async def _answer(self) -> User | None:
        if self.rider is not None:
            self.rider.withdraw()  # from now on no read takes it; one riding still ends
            record = await asyncio.wrap_future(self.rider.outcome)
            if record is not None:
                return carried_holder(record)
        return await self._ask()

    async def user(self) -> User | None:
        """The grant's holder; raises what the check raised (DatabaseUnavailable)."""
        self.start()
        assert self._task is not None
        return await asyncio.shield(self._task)

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


def _read_only_root_fields(document: object, operation_name: str | None) -> set[str] | None:
    """The root fields of the operation if it is a query of read-only ones only."""
    operations = [d for d in getattr(document, "definitions", ())
                  if isinstance(d, OperationDefinitionNode)
                  and (operation_name is None or (d.name and d.name.value == operation_name))]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
        return None
    names = set(_root_fields(operations[0]))
    return names if names <= READ_ONLY_ROOT_FIELDS else None


def runs_beside_check(document: object, operation_name: str | None) -> bool:
    """Whether the operation is a query of read-only root fields only."""
    return _read_only_root_fields(document, operation_name) is not None


class SignInGate(SchemaExtension):
    """Holds back any operation that may write until the sign-in check has answered, and
    asks the check at once for an operation with no read to carry it."""

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        pending: PendingCheck | None = getattr(context, "pending_check", None)
        if pending is not None:
            fields = _read_only_root_fields(self.execution_context.graphql_document,
                                            self.execution_context.operation_name)
            if fields is None:  # it may write: wait
                if not await pending.confirmed():
                    self.execution_context.result = ExecutionResult(
                        data=None, errors=[GraphQLError(
                            "this sign-in is no longer valid",
                            extensions={"code": "UNAUTHENTICATED"})])
            elif not fields & CARRYING_ROOT_FIELDS:  # no read will carry it: ask now
                pending.start()
        yield
