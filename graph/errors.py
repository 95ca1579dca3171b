"""The graph layer's errors. The API maps these to typed GraphQL results at one boundary.

Driver exceptions on a write are converted here, in one place (`write_failure`), so every
caller tells the same truth about what happened to its write.
"""

from __future__ import annotations

from neo4j.exceptions import IncompleteCommit, ServiceUnavailable, SessionExpired


class NexusError(Exception):
    """Base of every error the graph layer raises on purpose."""


class LocalServerError(NexusError):
    """The local Neo4j could not be fetched, started or reached."""


class DatabaseUnavailable(NexusError):
    """Neo4j could not be reached, so the transaction was not committed."""


class OutcomeUnknown(NexusError):
    """The commit was sent but its answer was lost (neo4j `IncompleteCommit`): the write
    may or may not have been committed. Writes here MERGE on their id, so a retry with the
    same id (or idempotency key) is safe and settles it."""

    def __init__(self, record_id: str | None = None) -> None:
        target = f" of {record_id!r}" if record_id else ""
        super().__init__(f"the outcome of the write{target} is unknown (the database's "
                         "answer to the commit was lost); retrying with the same id is safe")
        self.record_id = record_id


class MigrationError(NexusError):
    """A migration could not be applied, or an applied one has changed."""


class NotFound(NexusError):
    def __init__(self, record: str, record_id: str, field: str | None = None) -> None:
        super().__init__(f"{record} {record_id!r} not found")
        self.record = record
        self.record_id = record_id
        self.field = field  # the input field naming the missing record, when there is one


class ValidationError(NexusError):
    """Bad input: names the record, the field and the reason."""

    def __init__(self, record: str, field: str, reason: str) -> None:
        super().__init__(f"{record}.{field}: {reason}")
        self.record = record
        self.field = field
        self.reason = reason


class Conflict(NexusError):
    """The write would break a uniqueness rule or refer to a missing record."""


def write_failure(exc: Exception, record_id: str | None = None) -> NexusError | None:
    """The graph error a driver exception raised by a write stands for, or None when it is
    not one of the connection faults (the caller re-raises it as it is).

    `IncompleteCommit` is a `ServiceUnavailable`, so it is tested first: the commit may
    have happened, and saying "nothing was written" would be a lie.
    """
    if isinstance(exc, IncompleteCommit):
        return OutcomeUnknown(record_id)
    if isinstance(exc, ServiceUnavailable | SessionExpired):
        return DatabaseUnavailable("Neo4j is unavailable; nothing was written")
    return None
