"""One boundary where errors become GraphQL errors: user errors shown, internals masked.

`user_error` is the other half of that boundary: the one mapping of the graph layer's
errors (ValidationError, NotFound, Conflict, OutcomeUnknown) to the `UserError` a
mutation's payload answers with, so every payload names the same codes.

Faults of the database are told as they are: `UNAVAILABLE` when nothing was done, and
`OUTCOME_UNKNOWN` when a commit was sent and its answer lost (it may have committed), so
a client knows to retry with the same id rather than assume nothing was written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphql import GraphQLError
from neo4j.exceptions import IncompleteCommit, ServiceUnavailable, SessionExpired, TransientError
from strawberry.extensions import SchemaExtension

from api.types.common import UserError, UserInputError
from graph.db.settings import query_timeout
from graph.db.timeouts import is_timeout
from graph.errors import DatabaseUnavailable, NotFound, OutcomeUnknown, ValidationError

_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
_UNAVAILABLE = (ServiceUnavailable, SessionExpired, TransientError, DatabaseUnavailable)
_UNKNOWN = (IncompleteCommit, OutcomeUnknown)  # IncompleteCommit is a ServiceUnavailable
OUTCOME_UNKNOWN = ("The outcome of the write is unknown (the database's answer to the "
                   "commit was lost); retrying with the same id is safe.")


def camel(name: str) -> str:
    """A graph field name as the client named it: `person_id` -> `personId`."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def user_error(exc: Exception, *, not_found_field: str | None = None,
               reason_only: bool = False) -> UserError:
    """The payload error a refused write answers with: INVALID (naming the input field),
    NOT_FOUND, OUTCOME_UNKNOWN or CONFLICT. `not_found_field` names the input field of a
    missing record when the graph error does not; `reason_only` leaves the record and
    field out of an INVALID message."""
    if isinstance(exc, ValidationError):
        message = exc.reason if reason_only else str(exc)
        return UserError(message=message, code="INVALID", field=camel(exc.field))
    if isinstance(exc, NotFound):
        field = exc.field or not_found_field
        return UserError(message=str(exc), code="NOT_FOUND",
                         field=camel(field) if field else None)
    if isinstance(exc, OutcomeUnknown):
        return UserError(message=str(exc), code="OUTCOME_UNKNOWN", field=None)
    return UserError(message=str(exc), code="CONFLICT", field=None)


def is_outcome_unknown(error: GraphQLError) -> bool:
    """Whether the error is a write whose commit may or may not have happened."""
    return isinstance(error.original_error, _UNKNOWN)


def is_user_error(error: GraphQLError) -> bool:
    """Errors the caller caused: bad documents, bad arguments, invalid records."""
    return error.original_error is None or is_timeout(error.original_error) or isinstance(
        error.original_error, GraphQLError | ValidationError | NotFound)


def _public(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if original is None or (isinstance(original, GraphQLError)
                            and not isinstance(original, UserInputError)):
        # Syntax, validation and variable-coercion errors: keep, minus schema hints.
        if "Did you mean" in error.message:
            return GraphQLError(_SUGGESTION.sub("", error.message), nodes=error.nodes,
                                path=error.path, extensions=error.extensions)
        return error
    if isinstance(original, UserInputError):
        return error
    if isinstance(original, ValidationError):
        return GraphQLError(str(original), nodes=error.nodes, path=error.path,
                            extensions={"code": "BAD_USER_INPUT", "field": original.field})
    if isinstance(original, NotFound):
        return GraphQLError(str(original), nodes=error.nodes, path=error.path,
                            extensions={"code": "NOT_FOUND"})
    if isinstance(original, _UNKNOWN):
        return GraphQLError(OUTCOME_UNKNOWN, nodes=error.nodes, path=error.path,
                            extensions={"code": "OUTCOME_UNKNOWN"})
    if is_timeout(original):
        seconds = f"{query_timeout():g}"
        return GraphQLError(
            f"The query took longer than {seconds} s and was stopped; narrow it "
            "(a smaller depth, limit, maxHops or page).", nodes=error.nodes,
            path=error.path, extensions={"code": "TIMEOUT"})
    if isinstance(original, _UNAVAILABLE):
        return GraphQLError("The database is unavailable; try again shortly.",
                            nodes=error.nodes, path=error.path,
                            extensions={"code": "UNAVAILABLE"})
    return GraphQLError("Unexpected error.", nodes=error.nodes, path=error.path,
                        extensions={"code": "INTERNAL"})


class MaskInternalErrors(SchemaExtension):
    """Replace every error the caller did not cause by a generic one (no tracebacks,
    no Cypher); typed user errors pass through unchanged."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [_public(error) for error in result.errors]
