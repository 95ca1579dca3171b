"""The graph layer's errors. The API maps these to typed GraphQL results at one boundary."""

from __future__ import annotations


class NexusError(Exception):
    """Base of every error the graph layer raises on purpose."""


class LocalServerError(NexusError):
    """The local Neo4j could not be fetched, started or reached."""


class DatabaseUnavailable(NexusError):
    """Neo4j could not be reached or the transaction's outcome is unknown."""


class MigrationError(NexusError):
    """A migration could not be applied, or an applied one has changed."""


class NotFound(NexusError):
    def __init__(self, record: str, record_id: str) -> None:
        super().__init__(f"{record} {record_id!r} not found")
        self.record = record
        self.record_id = record_id


class ValidationError(NexusError):
    """Bad input: names the record, the field and the reason."""

    def __init__(self, record: str, field: str, reason: str) -> None:
        super().__init__(f"{record}.{field}: {reason}")
        self.record = record
        self.field = field
        self.reason = reason


class Conflict(NexusError):
    """The write would break a uniqueness rule or refer to a missing record."""
